package keeper_test

import (
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/litegpt/litegpt/x/datamarket/keeper"
	"github.com/litegpt/litegpt/x/datamarket/types"
)

// Over market(): bids A (12 leaves at 150), B (3 at 150) and C (5 at 80)
// escrowed 2,650; eleven 1-leaf-equivalent deals at offer price 100 gave
// back 50 per leaf of price improvement (10 leaves of bid A, 1 of bid B:
// 550); the disputed deal (2 leaves) and the three expired ones returned
// 500; the settled deal paid its 100 three ways; 1,500 is held.
func (s *DataMarketSuite) TestLedgerOverTheMarket() {
	s.market()
	l, err := s.keeper.GetLedger(s.ctx)
	s.Require().NoError(err)
	params, err := s.keeper.Params.Get(s.ctx)
	s.Require().NoError(err)
	seller, router, protocol := params.Fees(math.NewInt(100))
	s.Require().Equal(types.Ledger{
		Escrowed: math.NewInt(2_650), RefundedOrders: math.NewInt(550), RefundedDeals: math.NewInt(500),
		PaidToSellers: seller, RouterFees: router, ProtocolFees: protocol,
	}.Summary(), l.Summary())
	s.Require().True(protocol.IsPositive(), "the fixture's settlement pays a protocol fee")

	resp, err := keeper.NewQuerier(s.keeper).Ledger(s.ctx, &types.QueryLedgerRequest{})
	s.Require().NoError(err)
	s.Require().Equal(l.Summary(), resp.Ledger.Summary())
	s.Require().Equal(int64(1_500), resp.Held.Int64())
	_, err = keeper.NewQuerier(s.keeper).Ledger(s.ctx, nil)
	s.Require().ErrorContains(err, "empty request")

	gs, err := s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().Equal(l.Summary(), gs.Ledger.Summary(), "the ledger is exported")
}

// ledgerErr is LedgerInvariant's conservation error.
func ledgerErr(escrowed, out, held int64, summary string) string {
	return "ledger: " + math.NewInt(escrowed).String() + "ulgpt escrowed, but " + math.NewInt(out).String() + " paid out plus " +
		math.NewInt(held).String() + " held is " + math.NewInt(out+held).String() + " (" + summary + ")" + violated
}

func (s *DataMarketSuite) TestLedgerInvariantBroken() {
	module := authtypes.NewModuleAddress(types.ModuleName)
	params := types.DefaultParams()
	seller, router, protocol := params.Fees(math.NewInt(100))
	summary := func(sellers int64) string {
		return "escrowed 2650, refunded 550 (orders) + 500 (deals), paid " + math.NewInt(sellers).String() + " (sellers) + " +
			router.String() + " (routers) + " + protocol.String() + " (protocol)"
	}
	setLedger := func(mutate func(*types.Ledger)) {
		l, err := s.keeper.GetLedger(s.ctx)
		s.Require().NoError(err)
		mutate(&l)
		s.Require().NoError(s.keeper.EscrowLedger.Set(s.ctx, l))
	}
	s.requireBroken(keeper.Keeper.LedgerInvariant, []corruption{
		{name: "coins left the escrow unrecorded",
			corrupt: func(market) {
				s.Require().NoError(s.bank.send(module, outsider, sdk.NewCoins(sdk.NewInt64Coin(denom, 7))))
			},
			want:  ledgerErr(2_650, 1_150, 1_493, summary(seller.Int64())),
			first: escrowErr(1_493, 1_000, 500)},
		{name: "a settlement paid twice",
			corrupt: func(market) {
				s.Require().NoError(s.bank.send(module, outsider, sdk.NewCoins(sdk.NewInt64Coin(denom, seller.Int64()))))
				setLedger(func(l *types.Ledger) { l.PaidToSellers = l.PaidToSellers.Add(seller) })
			},
			want: "ledger: settled deals amount to 100ulgpt, but settlements paid " + seller.MulRaw(2).Add(router).Add(protocol).String() +
				" (" + summary(2*seller.Int64()) + ")" + violated,
			first: escrowErr(1_500-seller.Int64(), 1_000, 500)},
		{name: "a deal refunded twice",
			corrupt: func(market) {
				s.Require().NoError(s.bank.send(module, outsider, sdk.NewCoins(sdk.NewInt64Coin(denom, 100))))
				setLedger(func(l *types.Ledger) { l.RefundedDeals = l.RefundedDeals.Add(math.NewInt(100)) })
			},
			want:  "ledger: disputed and expired deals amount to 500ulgpt, but deal refunds total 600" + violated,
			first: escrowErr(1_400, 1_000, 500)},
		{name: "a refund recorded that never left",
			corrupt: func(market) {
				setLedger(func(l *types.Ledger) { l.RefundedOrders = l.RefundedOrders.Add(math.NewInt(1)) })
			},
			want: "ledger: 2650ulgpt escrowed, but 1151 paid out plus 1500 held is 2651 (escrowed 2650, refunded 551 (orders) + 500 (deals), paid " +
				seller.String() + " (sellers) + " + router.String() + " (routers) + " + protocol.String() + " (protocol))" + violated},
	})
}

func (s *DataMarketSuite) TestLedgerGenesisValidation() {
	gs := types.DefaultGenesis()
	s.Require().Equal(types.ZeroLedger().Summary(), gs.Ledger.Summary())
	s.Require().NoError(gs.Validate())

	gs.Ledger = types.Ledger{} // a genesis written before the ledger: read as zero
	s.Require().NoError(gs.Validate())
	s.Require().Equal(types.ZeroLedger().Summary(), gs.Ledger.Normalized().Summary())
	s.Require().True(gs.Ledger.Normalized().Escrowed.IsZero())

	gs.Ledger = types.ZeroLedger()
	gs.Ledger.RouterFees = math.NewInt(-1)
	s.Require().ErrorContains(gs.Validate(), "ledger router_fees is -1; amounts are never negative")

	gs.Ledger = types.ZeroLedger()
	gs.Ledger.Escrowed, gs.Ledger.RefundedOrders = math.NewInt(10), math.NewInt(11)
	s.Require().ErrorContains(gs.Validate(), "ledger pays out 11 but only 10 was escrowed")
}
