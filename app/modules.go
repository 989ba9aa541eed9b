package app

import (
	"encoding/json"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/auth/vesting"
	vestingtypes "github.com/cosmos/cosmos-sdk/x/auth/vesting/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	authzmodule "github.com/cosmos/cosmos-sdk/x/authz/module"
	"github.com/cosmos/cosmos-sdk/x/bank"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/consensus"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distr "github.com/cosmos/cosmos-sdk/x/distribution"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	"github.com/cosmos/cosmos-sdk/x/evidence"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantmodule "github.com/cosmos/cosmos-sdk/x/feegrant/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	"github.com/cosmos/cosmos-sdk/x/gov"
	govclient "github.com/cosmos/cosmos-sdk/x/gov/client"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	"github.com/cosmos/cosmos-sdk/x/slashing"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	"github.com/cosmos/cosmos-sdk/x/upgrade"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/cosmos/ibc-go/v11/modules/apps/transfer"
	ibctransfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	ibc "github.com/cosmos/ibc-go/v11/modules/core"
	ibcexported "github.com/cosmos/ibc-go/v11/modules/core/exported"
	ibctm "github.com/cosmos/ibc-go/v11/modules/light-clients/07-tendermint"

	"github.com/litegpt/litegpt/x/buildermarket"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/datamarket"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	"github.com/litegpt/litegpt/x/pog"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
	"github.com/litegpt/litegpt/x/reputation"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	"github.com/litegpt/litegpt/x/stake"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// newModuleManager lists every module of the chain. There is no x/mint: the
// LGPT supply is fixed at genesis (see app/tokenomics).
func newModuleManager(app *LiteGPTApp, txConfig client.TxConfig) *module.Manager {
	cdc, k := app.appCodec, &app.AppKeepers
	return module.NewManager(
		genutilWithoutValidatorUpdates{genutil.NewAppModule(k.AccountKeeper, k.StakingKeeper, app, txConfig)},
		auth.NewAppModule(cdc, k.AccountKeeper, nil, nil),
		vesting.NewAppModule(k.AccountKeeper, k.BankKeeper),
		bank.NewAppModule(cdc, k.BankKeeper, k.AccountKeeper, nil),
		gov.NewAppModule(cdc, k.GovKeeper, k.AccountKeeper, k.BankKeeper, nil),
		slashing.NewAppModule(cdc, k.SlashingKeeper, k.AccountKeeper, k.BankKeeper, k.StakingKeeper, nil, app.interfaceRegistry),
		distr.NewAppModule(cdc, k.DistrKeeper, k.AccountKeeper, k.BankKeeper, k.StakingKeeper, nil),
		newStakingModule(app),
		upgrade.NewAppModule(k.UpgradeKeeper, k.AccountKeeper.AddressCodec()),
		evidence.NewAppModule(k.EvidenceKeeper),
		feegrantmodule.NewAppModule(cdc, k.AccountKeeper, k.BankKeeper, k.FeeGrantKeeper, app.interfaceRegistry),
		authzmodule.NewAppModule(cdc, k.AuthzKeeper, k.AccountKeeper, k.BankKeeper, app.interfaceRegistry),
		consensus.NewAppModule(cdc, k.ConsensusParamsKeeper),

		ibc.NewAppModule(k.IBCKeeper),
		transfer.NewAppModule(k.TransferKeeper),
		ibctm.NewAppModule(k.TMLightClientModule),

		reputation.NewAppModule(cdc, k.ReputationKeeper),
		stake.NewAppModule(cdc, k.StakeKeeper),
		buildermarket.NewAppModule(cdc, k.BuilderMarketKeeper),
		datamarket.NewAppModule(cdc, k.DataMarketKeeper),
		pog.NewAppModule(cdc, k.PogKeeper),
	)
}

// newStakingModule is x/staking for bonding, unbonding and jailing, with its
// validator updates dropped: x/stake sends CometBFT stake x reputation.
func newStakingModule(app *LiteGPTApp) module.AppModule {
	k := &app.AppKeepers
	return stakingWithoutValidatorUpdates{staking.NewAppModule(app.appCodec, k.StakingKeeper, k.AccountKeeper, k.BankKeeper, nil)}
}

// newBasicManager derives the basic manager (codecs, default genesis, CLI)
// from the module manager, with the non-default basics genutil and gov need
// and a bank genesis that describes ulgpt.
func newBasicManager(mm *module.Manager) module.BasicManager {
	return module.NewBasicManagerFromManager(mm, map[string]module.AppModuleBasic{
		genutiltypes.ModuleName: genutil.NewAppModuleBasic(genutiltypes.DefaultMessageValidator),
		govtypes.ModuleName:     gov.NewAppModuleBasic([]govclient.ProposalHandler{}),
		banktypes.ModuleName:    bankWithDenomMetadata{mm.Modules[banktypes.ModuleName].(bank.AppModule)},
	})
}

// bankWithDenomMetadata is x/bank whose default genesis carries the ulgpt /
// LGPT denomination metadata, so `litegptd init` writes it and wallets can
// show amounts in LGPT.
type bankWithDenomMetadata struct{ bank.AppModule }

// DefaultGenesis returns x/bank's default genesis plus the ulgpt metadata.
func (b bankWithDenomMetadata) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	var genesis banktypes.GenesisState
	cdc.MustUnmarshalJSON(b.AppModule.DefaultGenesis(cdc), &genesis)
	genesis.DenomMetadata = []banktypes.Metadata{DenomMetadata()}
	return cdc.MustMarshalJSON(&genesis)
}

// setModuleOrder fixes the order of pre-, begin- and end-blockers and of
// genesis import and export.
func setModuleOrder(mm *module.Manager) {
	// Upgrades must run before anything else in a block.
	mm.SetOrderPreBlockers(upgradetypes.ModuleName, authtypes.ModuleName)

	// Distribution pays the previous block's fees before slashing can change
	// validator power; evidence is handled after slashing's liveness check.
	mm.SetOrderBeginBlockers(
		distrtypes.ModuleName,
		slashingtypes.ModuleName,
		evidencetypes.ModuleName,
		stakingtypes.ModuleName,
		ibcexported.ModuleName,
		authz.ModuleName,
		genutiltypes.ModuleName,
	)

	// SDK v0.54 requires x/bank first among end-blockers. x/stake reads the
	// bonded set x/staking's EndBlock leaves, so it comes right after it.
	mm.SetOrderEndBlockers(
		banktypes.ModuleName,
		govtypes.ModuleName,
		stakingtypes.ModuleName,
		staketypes.ModuleName,
		buildertypes.ModuleName,
		datamarkettypes.ModuleName,
		pogtypes.ModuleName,
		feegrant.ModuleName,
		genutiltypes.ModuleName,
	)

	// genutil after staking (gentxs need the pools) and after auth/bank;
	// x/stake last: it weighs the bonded set genutil's gentxs produce.
	genesisOrder := []string{
		authtypes.ModuleName, banktypes.ModuleName, distrtypes.ModuleName,
		stakingtypes.ModuleName, slashingtypes.ModuleName, govtypes.ModuleName,
		ibcexported.ModuleName, genutiltypes.ModuleName, evidencetypes.ModuleName,
		authz.ModuleName, feegrant.ModuleName, ibctransfertypes.ModuleName,
		upgradetypes.ModuleName, vestingtypes.ModuleName, consensustypes.ModuleName,
		reputationtypes.ModuleName, staketypes.ModuleName,
		buildertypes.ModuleName, datamarkettypes.ModuleName, pogtypes.ModuleName,
	}
	mm.SetOrderInitGenesis(genesisOrder...)
	mm.SetOrderExportGenesis(genesisOrder...)
}
