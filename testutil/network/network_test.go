package network_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/litegpt/litegpt/app"
	"github.com/litegpt/litegpt/app/keepers"
	"github.com/litegpt/litegpt/testutil/network"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
)

// net is the package's one network, started in TestMain.
var net *network.Network

func TestMain(m *testing.M) {
	var err error
	net, err = network.New(network.StdLogger{}, network.DefaultConfig())
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the test network:", err)
		os.Exit(1)
	}
	code := m.Run()
	net.Cleanup()
	os.Exit(code)
}

func validator() *network.Validator { return net.Validators[0] }

// testCtx is a test's context, bounded well below the go test timeout.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// newAccount adds a fresh secp256k1 key to the validator's keyring.
func newAccount(t *testing.T, name string) sdk.AccAddress {
	t.Helper()
	rec, _, err := validator().ClientCtx.Keyring.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	if err != nil {
		t.Fatalf("creating key %s: %v", name, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		t.Fatal(err)
	}
	return addr
}

func balance(t *testing.T, ctx context.Context, addr sdk.AccAddress) sdkmath.Int {
	t.Helper()
	res, err := banktypes.NewQueryClient(validator().ClientCtx).Balance(ctx, &banktypes.QueryBalanceRequest{Address: addr.String(), Denom: app.BondDenom})
	if err != nil {
		t.Fatalf("balance of %s: %v", addr, err)
	}
	return res.Balance.Amount
}

// decodeTx returns the transaction of an included tx response.
func decodeTx(t *testing.T, clientCtx client.Context, res *sdk.TxResponse) *txtypes.Tx {
	t.Helper()
	var tx txtypes.Tx
	if err := clientCtx.Codec.Unmarshal(res.Tx.Value, &tx); err != nil {
		t.Fatalf("decoding tx %s: %v", res.TxHash, err)
	}
	return &tx
}

// send sends amount ulgpt from a key of the validator's keyring to `to`.
func send(t *testing.T, ctx context.Context, from string, fromAddr, to sdk.AccAddress, amount int64, opts ...network.TxOption) *sdk.TxResponse {
	t.Helper()
	msg := banktypes.NewMsgSend(fromAddr, to, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, amount)))
	res, err := network.SendTx(ctx, validator().ClientCtx, from, []sdk.Msg{msg}, opts...)
	if err != nil {
		t.Fatalf("sending %d%s from %s to %s: %v", amount, app.BondDenom, from, to, err)
	}
	return res
}

func TestBankSend(t *testing.T) {
	ctx, val := testCtx(t), validator()
	recipient := newAccount(t, "bank-recipient")
	const amount = 1_234_567

	before := balance(t, ctx, val.Address)
	res := send(t, ctx, val.Moniker, val.Address, recipient, amount)

	// The fee is gas limit × the validator's minimum gas price, rounded up.
	fee := decodeTx(t, val.ClientCtx, res).AuthInfo.Fee.Amount.AmountOf(app.BondDenom)
	prices, err := sdk.ParseDecCoins(network.MinGasPrices)
	if err != nil {
		t.Fatal(err)
	}
	wantFee := prices.AmountOf(app.BondDenom).MulInt64(res.GasWanted).Ceil().TruncateInt()
	if !fee.Equal(wantFee) {
		t.Errorf("fee = %s, want gas %d × %s = %s", fee, res.GasWanted, network.MinGasPrices, wantFee)
	}
	if fee.IsZero() {
		t.Errorf("fee is zero; minimum gas prices are %s", network.MinGasPrices)
	}
	if res.GasUsed > res.GasWanted || res.GasUsed == 0 {
		t.Errorf("gas used %d, wanted %d", res.GasUsed, res.GasWanted)
	}

	if got := balance(t, ctx, recipient); !got.Equal(sdkmath.NewInt(amount)) {
		t.Errorf("recipient balance = %s, want %d", got, amount)
	}
	if got, want := balance(t, ctx, val.Address), before.SubRaw(amount).Sub(fee); !got.Equal(want) {
		t.Errorf("sender balance = %s, want %s - %d - fee %s = %s", got, before, amount, fee, want)
	}
}

func TestSendTxReportsFailures(t *testing.T) {
	ctx, val := testCtx(t), validator()
	recipient := newAccount(t, "failure-recipient")
	tooMuch := sdk.NewCoins(sdk.NewCoin(app.BondDenom, sdkmath.NewIntFromUint64(1<<62)))
	msg := banktypes.NewMsgSend(val.Address, recipient, tooMuch)

	// Simulation refuses the send before anything is broadcast.
	if _, err := network.SendTx(ctx, val.ClientCtx, val.Moniker, []sdk.Msg{msg}); err == nil {
		t.Fatal("sending more than the balance succeeded")
	}

	// With a fixed gas limit it passes CheckTx and fails in the block.
	_, err := network.SendTx(ctx, val.ClientCtx, val.Moniker, []sdk.Msg{msg}, network.WithGas(200_000))
	var txErr *network.TxError
	if !errors.As(err, &txErr) {
		t.Fatalf("error = %v, want a *network.TxError", err)
	}
	if txErr.Stage != "DeliverTx" || txErr.Response.Code == 0 || txErr.Response.Height == 0 || txErr.Response.RawLog == "" {
		t.Errorf("TxError = %+v, want a failed, included tx with a raw log", txErr)
	}

	// Fees below the minimum gas price fail CheckTx.
	_, err = network.SendTx(ctx, val.ClientCtx, val.Moniker, []sdk.Msg{banktypes.NewMsgSend(val.Address, recipient, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 1)))},
		network.WithFees(sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 1))))
	if !errors.As(err, &txErr) || txErr.Stage != "CheckTx" {
		t.Errorf("error = %v, want a CheckTx *network.TxError", err)
	}
}

func TestGovProposalUpdatesReputationParams(t *testing.T) {
	ctx, val := testCtx(t), validator()

	params := reputationtypes.DefaultParams()
	params.HistoryLength = 77
	params.DecayHalfLifeBlocks = 1_000
	update := &reputationtypes.MsgUpdateParams{Authority: keepers.GovAuthority(), Params: params}
	submit, err := govv1.NewMsgSubmitProposal([]sdk.Msg{update}, network.MinDeposit(net.Config), val.Address.String(),
		"", "Change reputation params", "Shorter history, faster decay.", false)
	if err != nil {
		t.Fatal(err)
	}
	res, err := network.SendTx(ctx, val.ClientCtx, val.Moniker, []sdk.Msg{submit})
	if err != nil {
		t.Fatalf("submitting the proposal: %v", err)
	}
	id := proposalID(t, res)

	vote := govv1.NewMsgVote(val.Address, id, govv1.OptionYes, "")
	if _, err := network.SendTx(ctx, val.ClientCtx, val.Moniker, []sdk.Msg{vote}); err != nil {
		t.Fatalf("voting: %v", err)
	}

	gov := govv1.NewQueryClient(val.ClientCtx)
	var status govv1.ProposalStatus
	waitCtx, cancel := context.WithTimeout(ctx, network.VotingPeriod+10*time.Second)
	defer cancel()
	err = network.WaitFor(waitCtx, func(ctx context.Context) (bool, error) {
		res, err := gov.Proposal(ctx, &govv1.QueryProposalRequest{ProposalId: id})
		if err != nil {
			return false, err
		}
		status = res.Proposal.Status
		return status != govv1.StatusVotingPeriod && status != govv1.StatusDepositPeriod, nil
	})
	if err != nil {
		t.Fatalf("waiting for proposal %d to leave the voting period (status %s): %v", id, status, err)
	}
	if status != govv1.StatusPassed {
		prop, _ := gov.Proposal(ctx, &govv1.QueryProposalRequest{ProposalId: id})
		t.Fatalf("proposal %d status = %s, want PASSED (failed reason %q)", id, status, prop.GetProposal().GetFailedReason())
	}

	got, err := reputationtypes.NewQueryClient(val.ClientCtx).Params(ctx, &reputationtypes.QueryParamsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(&got.Params, &params) {
		t.Errorf("reputation params = %v, want %v", got.Params, params)
	}
}

// TestAminoJSONSigning sends transactions signed in
// SIGN_MODE_LEGACY_AMINO_JSON, as Ledger devices and Amino wallets sign:
// a bank send and a gov proposal carrying a LiteGPT message. A fresh account
// signs both, so the proposal's deposit never touches the validator's balance.
func TestAminoJSONSigning(t *testing.T) {
	ctx, val := testCtx(t), validator()
	amino := network.WithSignMode(signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON)
	signer := newAccount(t, "amino-signer")
	deposit := network.MinDeposit(net.Config)
	send(t, ctx, val.Moniker, val.Address, signer, deposit.AmountOf(app.BondDenom).Int64()+5_000_000)

	// The account's first transaction also sets its public key.
	res := send(t, ctx, "amino-signer", signer, val.Address, 1_000, amino)
	assertSignMode(t, decodeTx(t, val.ClientCtx, res), signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON)

	update := &reputationtypes.MsgUpdateParams{Authority: keepers.GovAuthority(), Params: reputationtypes.DefaultParams()}
	submit, err := govv1.NewMsgSubmitProposal([]sdk.Msg{update}, deposit, signer.String(),
		"", "Amino-signed proposal", "Signed as a Ledger would.", false)
	if err != nil {
		t.Fatal(err)
	}
	res, err = network.SendTx(ctx, val.ClientCtx, signer.String(), []sdk.Msg{submit}, amino)
	if err != nil {
		t.Fatalf("submitting an amino-signed proposal with a LiteGPT message: %v", err)
	}
	assertSignMode(t, decodeTx(t, val.ClientCtx, res), signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON)
}

func TestWaitForBlocks(t *testing.T) {
	ctx, val := testCtx(t), validator()
	start, err := network.LatestHeight(ctx, val.ClientCtx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := network.WaitForBlocks(ctx, val.ClientCtx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got < start+2 {
		t.Errorf("height after 2 blocks = %d, started at %d", got, start)
	}

	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if _, err := network.WaitForHeight(short, val.ClientCtx, got+1_000_000); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting for an unreachable height: error = %v, want deadline exceeded", err)
	}
}

func assertSignMode(t *testing.T, tx *txtypes.Tx, want signing.SignMode) {
	t.Helper()
	infos := tx.AuthInfo.SignerInfos
	if len(infos) != 1 || infos[0].ModeInfo.GetSingle() == nil {
		t.Fatalf("signer infos = %v, want one single signer", infos)
	}
	if got := infos[0].ModeInfo.GetSingle().Mode; got != want {
		t.Errorf("sign mode = %s, want %s", got, want)
	}
}

// proposalID reads the id of the proposal a MsgSubmitProposal created.
func proposalID(t *testing.T, res *sdk.TxResponse) uint64 {
	t.Helper()
	for _, ev := range res.Events {
		if ev.Type != govtypes.EventTypeSubmitProposal {
			continue
		}
		for _, attr := range ev.Attributes {
			if attr.Key == govtypes.AttributeKeyProposalID {
				id, err := strconv.ParseUint(attr.Value, 10, 64)
				if err != nil {
					t.Fatalf("proposal id %q: %v", attr.Value, err)
				}
				return id
			}
		}
	}
	t.Fatalf("no %s event with a proposal id in tx %s", govtypes.EventTypeSubmitProposal, res.TxHash)
	return 0
}
