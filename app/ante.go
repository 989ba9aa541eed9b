package app

import (
	"github.com/cosmos/cosmos-sdk/client"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"

	ibcante "github.com/cosmos/ibc-go/v11/modules/core/ante"

	"github.com/litegpt/litegpt/app/keepers"
)

// newAnteHandler is the SDK's standard ante chain (fees with fee grants,
// signatures, sequences) followed by IBC's redundant-relay filter, which
// rejects relayer transactions that only repeat packets already relayed.
func newAnteHandler(k keepers.AppKeepers, txConfig client.TxConfig) sdk.AnteHandler {
	return sdk.ChainAnteDecorators(
		ante.NewSetUpContextDecorator(), // must be first: sets the gas meter
		ante.NewExtensionOptionsDecorator(nil),
		ante.NewValidateBasicDecorator(),
		ante.NewTxTimeoutHeightDecorator(),
		ante.NewValidateMemoDecorator(k.AccountKeeper),
		ante.NewConsumeGasForTxSizeDecorator(k.AccountKeeper),
		ante.NewDeductFeeDecorator(k.AccountKeeper, k.BankKeeper, k.FeeGrantKeeper, nil),
		ante.NewSetPubKeyDecorator(k.AccountKeeper), // before any signature check
		ante.NewValidateSigCountDecorator(k.AccountKeeper),
		ante.NewSigGasConsumeDecorator(k.AccountKeeper, ante.DefaultSigVerificationGasConsumer),
		ante.NewSigVerificationDecorator(k.AccountKeeper, txConfig.SignModeHandler()),
		ante.NewIncrementSequenceDecorator(k.AccountKeeper),
		ibcante.NewRedundantRelayDecorator(k.IBCKeeper),
	)
}
