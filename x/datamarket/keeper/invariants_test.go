package keeper_test

import (
	"context"
	"fmt"
	"math/rand"
	"regexp"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/litegpt/litegpt/pkg/exchange"
	"github.com/litegpt/litegpt/x/datamarket/keeper"
	"github.com/litegpt/litegpt/x/datamarket/types"
)

// The invariants hold over market() and once its open deals have expired
// or settled; each one reports, by name and with what was wrong, every way
// its part of the state can be corrupted behind the keeper's back.

// At the end of market() the module account holds 1,500: the escrow of
// bids A, B and C (300 + 300 + 400) and the amount of the five open deals
// (100 each). Every open order expires at orderEnd (600); the open deals'
// deadlines are 130, except the revealed deal's 140.

func (s *DataMarketSuite) TestInvariantsHoldOverTheMarket() {
	m := s.market()
	for _, check := range []func(context.Context) error{s.keeper.EscrowInvariant, s.keeper.FillInvariant, s.keeper.DealInvariant, s.keeper.Invariants} {
		s.Require().NoError(check(s.ctx))
	}
	s.Require().Equal(int64(1_500), s.escrowed())

	// The open deals expire at 130 and the revealed one settles at 140;
	// then only the bids' escrow is left.
	s.setHeight(m.openDeadline)
	s.endBlock()
	s.requireConserved()
	s.setHeight(s.deal(m.revealed).DeadlineHeight)
	s.endBlock()
	s.requireConserved()
	s.Require().Equal(types.DealSettled, s.deal(m.revealed).Status)
	s.Require().Equal(int64(1_000), s.escrowed())
}

// corruption changes the store or the bank behind the keeper's back.
type corruption struct {
	name    string
	corrupt func(m market)
	// want is the exact error of the invariant under test.
	want string
	// first is the exact error of Invariants when an invariant it runs
	// earlier also breaks; "" when it is want.
	first string
}

// sourceFrame is the " [file.go:line]" that formatting a cosmossdk.io/errors
// error with %v appends to its text.
var sourceFrame = regexp.MustCompile(` \[[^][ ]*\.go:[0-9]+\]`)

// requireBroken applies each corruption to a fresh market and requires
// check to fail with ErrInvariantViolated and exactly want, and Invariants
// with exactly first (or want). It compares the messages without the
// source frames invariants.go quotes today (see
// TestInvariantErrorsCiteNoSourceFrame, which requires them gone).
func (s *DataMarketSuite) requireBroken(check func(keeper.Keeper, context.Context) error, cases []corruption) {
	for _, tc := range cases {
		s.Run(tc.name, func() {
			m := s.market()
			s.Require().NoError(check(s.keeper, s.ctx))
			tc.corrupt(m)
			err := check(s.keeper, s.ctx)
			s.Require().ErrorIs(err, types.ErrInvariantViolated)
			s.Require().Equal(tc.want, sourceFrame.ReplaceAllString(err.Error(), ""))
			first := tc.first
			if first == "" {
				first = tc.want
			}
			err = s.keeper.Invariants(s.ctx)
			s.Require().ErrorIs(err, types.ErrInvariantViolated)
			s.Require().Equal(first, sourceFrame.ReplaceAllString(err.Error(), ""))
		})
	}
}

func (s *DataMarketSuite) setOffer(id uint64, mutate func(*types.Offer)) {
	o := s.offer(id)
	mutate(&o)
	s.Require().NoError(s.keeper.Offers.Set(s.ctx, id, o))
}

func (s *DataMarketSuite) setBid(id uint64, mutate func(*types.Bid)) {
	b := s.bid(id)
	mutate(&b)
	s.Require().NoError(s.keeper.Bids.Set(s.ctx, id, b))
}

func (s *DataMarketSuite) setDeal(id uint64, mutate func(*types.Deal)) {
	d := s.deal(id)
	mutate(&d)
	s.Require().NoError(s.keeper.Deals.Set(s.ctx, id, d))
}

// queueKey is an OrderExpiries or DealDeadlines entry.
func queueKey(height int64, id uint64) collections.Pair[int64, uint64] {
	return collections.Join(height, id)
}

const violated = ": invariant violated"

// escrowErr is EscrowInvariant's error for a module account holding held
// against open bids and open deals.
func escrowErr(held, bids, deals int64) string {
	return fmt.Sprintf("escrow: the datamarket module account holds %dulgpt, but open bids (%d) and open deals (%d) sum to %dulgpt",
		held, bids, deals, bids+deals) + violated
}

func (s *DataMarketSuite) TestEscrowInvariantBroken() {
	module := authtypes.NewModuleAddress(types.ModuleName)
	s.requireBroken(keeper.Keeper.EscrowInvariant, []corruption{
		{name: "coins sent to the module account",
			corrupt: func(market) { s.bank.mint(module, sdk.NewCoins(sdk.NewInt64Coin(denom, 7))) },
			want:    escrowErr(1_507, 1_000, 500)},
		{name: "coins moved out of the module account",
			corrupt: func(market) {
				s.Require().NoError(s.bank.send(module, outsider, sdk.NewCoins(sdk.NewInt64Coin(denom, 250))))
			},
			want: escrowErr(1_250, 1_000, 500)},
		{name: "a bid's escrow changed",
			corrupt: func(m market) { s.setBid(m.bidC, func(b *types.Bid) { b.Escrow = math.NewInt(399) }) },
			want:    "escrow: the datamarket module account holds 1500ulgpt, but open bids (999) and open deals (500) sum to 1499ulgpt" + violated},
		{name: "a bid closed without its refund",
			corrupt: func(m market) { s.Require().NoError(s.keeper.Bids.Remove(s.ctx, m.bidC)) },
			want:    "escrow: the datamarket module account holds 1500ulgpt, but open bids (600) and open deals (500) sum to 1100ulgpt" + violated},
		{name: "a deal settled without paying",
			corrupt: func(m market) {
				s.setDeal(m.revealed, func(d *types.Deal) { d.Status, d.ClosedHeight = types.DealSettled, d.DeadlineHeight })
			},
			want: "escrow: the datamarket module account holds 1500ulgpt, but open bids (1000) and open deals (400) sum to 1400ulgpt" + violated},
		{name: "an expired deal reopened",
			corrupt: func(m market) {
				s.setDeal(m.expiredUndelivered, func(d *types.Deal) {
					d.Status, d.ExpiredStage, d.ClosedHeight = types.DealAwaitingDelivery, types.DealUnspecified, 0
				})
			},
			want: "escrow: the datamarket module account holds 1500ulgpt, but open bids (1000) and open deals (600) sum to 1600ulgpt" + violated},
		{name: "an open deal's amount changed",
			corrupt: func(m market) { s.setDeal(m.awaiting, func(d *types.Deal) { d.Amount = math.NewInt(101) }) },
			want:    "escrow: the datamarket module account holds 1500ulgpt, but open bids (1000) and open deals (501) sum to 1501ulgpt" + violated},
	})
}

func (s *DataMarketSuite) TestFillInvariantBroken() {
	extra := "; the others name closed or unknown records" + violated
	s.requireBroken(keeper.Keeper.FillInvariant, []corruption{
		{name: "an offer filled but left open",
			corrupt: func(m market) { s.setOffer(m.offerA, func(o *types.Offer) { o.Filled = o.LeafCount }) },
			want:    "fill: offer 1: filled 16 must be below leaf_count 16: a filled order is closed: invalid order" + violated},
		{name: "an offer expiring before it was made",
			corrupt: func(m market) { s.setOffer(m.offerB, func(o *types.Offer) { o.CreatedHeight = o.ExpiryHeight }) },
			want:    "fill: offer 2: expiry_height 600 must be after created_height 600: invalid order" + violated},
		{name: "a bid's fill out of step with its escrow",
			corrupt: func(m market) { s.setBid(m.bidA, func(b *types.Bid) { b.Filled = 11 }) },
			want:    "fill: bid 4: escrow 300 must be (leaf_count 12 - filled 11) * max_price_per_leaf 150 = 150: invalid order" + violated},
		{name: "a bid's escrow changed",
			corrupt: func(m market) { s.setBid(m.bidC, func(b *types.Bid) { b.Escrow = math.NewInt(399) }) },
			want:    "fill: bid 6: escrow 399 must be (leaf_count 5 - filled 0) * max_price_per_leaf 80 = 400: invalid order" + violated,
			first:   escrowErr(1_500, 999, 500)},
		{name: "an offer's expiry entry dropped",
			corrupt: func(m market) {
				s.Require().NoError(s.keeper.OrderExpiries.Remove(s.ctx, queueKey(m.orderEnd, m.offerB)))
			},
			want: "fill: open offer 2 has no queue entry at height 600" + violated},
		{name: "a bid's expiry entry dropped",
			corrupt: func(m market) {
				s.Require().NoError(s.keeper.OrderExpiries.Remove(s.ctx, queueKey(m.orderEnd, m.bidB)))
			},
			want: "fill: open bid 5 has no queue entry at height 600" + violated},
		{name: "an expiry moved without its entry",
			corrupt: func(m market) { s.setBid(m.bidC, func(b *types.Bid) { b.ExpiryHeight = 700 }) },
			want:    "fill: open bid 6 has no queue entry at height 700" + violated},
		{name: "a stray order expiry",
			corrupt: func(market) { s.Require().NoError(s.keeper.OrderExpiries.Set(s.ctx, queueKey(700, 99))) },
			want:    "fill: 7 order expiry entries for 6 open records" + extra},
		{name: "an order queued twice",
			corrupt: func(m market) { s.Require().NoError(s.keeper.OrderExpiries.Set(s.ctx, queueKey(650, m.offerA))) },
			want:    "fill: 7 order expiry entries for 6 open records" + extra},
		{name: "a removed offer still queued",
			corrupt: func(m market) { s.Require().NoError(s.keeper.Offers.Remove(s.ctx, m.offerC)) },
			want:    "fill: 6 order expiry entries for 5 open records" + extra},
		{name: "a removed bid still queued",
			corrupt: func(m market) { s.Require().NoError(s.keeper.Bids.Remove(s.ctx, m.bidA)) },
			want:    "fill: 6 order expiry entries for 5 open records" + extra,
			first:   escrowErr(1_500, 700, 500)},
		{name: "an open deal's deadline dropped",
			corrupt: func(m market) {
				s.Require().NoError(s.keeper.DealDeadlines.Remove(s.ctx, queueKey(s.deal(m.revealed).DeadlineHeight, m.revealed)))
			},
			want: "fill: open deal 9 has no queue entry at height 140" + violated},
		{name: "a deadline moved without its entry",
			corrupt: func(m market) { s.setDeal(m.awaiting, func(d *types.Deal) { d.DeadlineHeight = 131 }) },
			want:    "fill: open deal 6 has no queue entry at height 131" + violated},
		{name: "a stray deal deadline",
			corrupt: func(market) { s.Require().NoError(s.keeper.DealDeadlines.Set(s.ctx, queueKey(150, 99))) },
			want:    "fill: 6 deal deadline entries for 5 open records" + extra},
		{name: "a settled deal still queued",
			corrupt: func(m market) {
				s.Require().NoError(s.keeper.DealDeadlines.Set(s.ctx, queueKey(m.settlesAt, m.settled)))
			},
			want: "fill: 6 deal deadline entries for 5 open records" + extra},
		{name: "a deal closed without leaving the queue",
			corrupt: func(m market) {
				s.setDeal(m.revealed, func(d *types.Deal) { d.Status, d.ClosedHeight = types.DealSettled, d.DeadlineHeight })
			},
			want:  "fill: 5 deal deadline entries for 4 open records" + extra,
			first: escrowErr(1_500, 1_000, 400)},
	})
}

func (s *DataMarketSuite) TestDealInvariantBroken() {
	s.requireBroken(keeper.Keeper.DealInvariant, []corruption{
		{name: "a settled deal's amount",
			corrupt: func(m market) { s.setDeal(m.settled, func(d *types.Deal) { d.Amount = math.NewInt(101) }) },
			want:    "deal 1: amount 101 must be leaf_count 1 * price_per_leaf 100 = 100: invalid order" + violated},
		{name: "an open deal's amount",
			corrupt: func(m market) { s.setDeal(m.awaiting, func(d *types.Deal) { d.Amount = math.NewInt(101) }) },
			want:    "deal 6: amount 101 must be leaf_count 1 * price_per_leaf 100 = 100: invalid order" + violated,
			first:   escrowErr(1_500, 1_000, 501)},
		{name: "leaves outside the offer's tree",
			corrupt: func(m market) { s.setDeal(m.settled, func(d *types.Deal) { d.LeafStart = 16 }) },
			want:    "deal 1: leaves [16, 16+1) must be a non-empty range of the tree's 16 leaves: invalid order" + violated},
		{name: "a deal bought from its own seller",
			corrupt: func(m market) { s.setDeal(m.expiredAccepted, func(d *types.Deal) { d.Buyer = d.Seller }) },
			want:    "deal 5: seller and buyer are both " + sellerA.String() + ": buyer and seller are the same account" + violated},
		{name: "an unknown status",
			corrupt: func(m market) { s.setDeal(m.disputed, func(d *types.Deal) { d.Status = 99 }) },
			want:    "deal 2: status 99 is not a deal status: deal is not at this stage" + violated},
		{name: "a settled deal without its closing height",
			corrupt: func(m market) { s.setDeal(m.settled, func(d *types.Deal) { d.ClosedHeight = 0 }) },
			want:    "deal 1: a DEAL_STATUS_SETTLED deal closed at or after its deadline 120, got closed_height 0: deal is not at this stage" + violated},
		{name: "an open deal with a closing height",
			corrupt: func(m market) { s.setDeal(m.accepted, func(d *types.Deal) { d.ClosedHeight = 125 }) },
			want:    "deal 8: an open DEAL_STATUS_ACCEPTED deal has no closed_height, got 125: deal is not at this stage" + violated},
		{name: "an expired deal without its stage",
			corrupt: func(m market) {
				s.setDeal(m.expiredDelivered, func(d *types.Deal) { d.ExpiredStage = types.DealUnspecified })
			},
			want: "deal 4: expired_stage is set exactly for EXPIRED deals; a DEAL_STATUS_EXPIRED deal has DEAL_STATUS_UNSPECIFIED: " +
				"deal is not at this stage" + violated},
		{name: "a delivered deal without its key hash",
			corrupt: func(m market) { s.setDeal(m.delivered, func(d *types.Deal) { d.KeyHash = nil }) },
			want:    "deal 7: delivery: key_hash and ciphertext_root must be 32 bytes, got 0 and 32: deal is not at this stage" + violated},
		{name: "a revealed key that does not match its hash",
			corrupt: func(m market) {
				s.Require().Equal(s.revealedKeyHash(), s.deal(m.revealed).KeyHash)
				s.setDeal(m.revealed, func(d *types.Deal) {
					d.Key = append([]byte(nil), d.Key...)
					d.Key[0] ^= 1
				})
			},
			want: fmt.Sprintf("deal 9: reveal: key does not hash to key_hash %X: deal is not at this stage", s.revealedKeyHash()) + violated},
	})
}

// revealedKeyHash is the key hash of market()'s revealed deal: seal()
// draws deal id's key from a source seeded with the id.
func (s *DataMarketSuite) revealedKeyHash() []byte {
	const revealed = 9
	k, err := exchange.NewKey(rand.New(rand.NewSource(revealed)))
	s.Require().NoError(err)
	h := exchange.KeyHash(k)
	return h[:]
}

// An invariant's error is its text alone: it does not quote the source
// file and line of the record check it wraps, which formatting that check's
// error with %v adds (invariants.go formats with %v today, so this fails).
func (s *DataMarketSuite) TestInvariantErrorsCiteNoSourceFrame() {
	m := s.market()
	s.setOffer(m.offerA, func(o *types.Offer) { o.Filled = o.LeafCount })
	s.setBid(m.bidA, func(b *types.Bid) { b.Filled = 11 })
	s.setDeal(m.settled, func(d *types.Deal) { d.Amount = math.NewInt(101) })
	s.Require().EqualError(s.keeper.DealInvariant(s.ctx),
		"deal 1: amount 101 must be leaf_count 1 * price_per_leaf 100 = 100: invalid order"+violated)
	s.Require().EqualError(s.keeper.FillInvariant(s.ctx),
		"fill: offer 1: filled 16 must be below leaf_count 16: a filled order is closed: invalid order"+violated)
	s.Require().NoError(s.keeper.Offers.Remove(s.ctx, m.offerA))
	s.Require().NoError(s.keeper.OrderExpiries.Remove(s.ctx, queueKey(m.orderEnd, m.offerA)))
	s.Require().EqualError(s.keeper.FillInvariant(s.ctx),
		"fill: bid 4: escrow 300 must be (leaf_count 12 - filled 11) * max_price_per_leaf 150 = 150: invalid order"+violated)
}
