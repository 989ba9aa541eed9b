package app

import (
	"math/rand"
	"sort"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/exchange"
	bm "github.com/litegpt/litegpt/x/buildermarket/types"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// marketScenario drives the market chain block by block from one seed:
// a fixed builder-market schedule (tasks, models, bounties, reveals at and
// outside their windows) and, from marketStart on, random data-market
// traffic: offers and bids, cancels, router matches, the fair-exchange
// steps (with lazy sellers, ghost buyers, withholding sellers and a
// cheating seller whose buyers dispute), and deliberately invalid
// messages the chain must refuse.
type marketScenario struct {
	c      *marketChain
	r      *rand.Rand
	tally  map[string]int
	supply sdk.Coins

	task1, task2           uint64
	model1, model2, model3 uint64
	validation1            []opening
	test1                  opening
	sliceAt                []int64 // the height each validation slice of task 1 is revealed at
	testAt                 int64   // the height task 1's test set is revealed at
	// bonded is what each actor paid into role bonds.
	bonded map[string]int64
	// refunds are the bounty refunds the chain reported, with their reasons.
	refunds map[uint64]string
}

// The scenario's fixed heights.
const (
	marketRegisterAt = 2  // participants register
	marketTasksAt    = 3  // tasks are created
	marketModelsAt   = 4  // models and the first bounties
	marketStart      = 5  // data-market traffic starts
	marketEpoch      = 10 // task 1's validation epoch
)

func newMarketScenario(c *marketChain, seed int64) *marketScenario {
	return &marketScenario{
		c: c, r: rand.New(rand.NewSource(seed)), tally: map[string]int{}, supply: c.totalSupply(),
		bonded: map[string]int64{}, refunds: map[uint64]string{},
	}
}

// actor is the actor named name.
func (s *marketScenario) actor(name string) *marketActor { return s.c.byName[name] }

// block plans, runs and checks the next block.
func (s *marketScenario) block() {
	h := s.c.height
	x := &marketActions{c: s.c, r: s.r, h: h, tally: s.tally}
	s.builderStep(x)
	if h >= marketStart {
		s.marketStep(x)
	}
	res := s.c.runBlock(x.txs)
	s.readEvents(res)
	s.c.model.builder.endBlock(h)
	s.c.model.data.endBlock(h)
	s.c.check(s.supply)
}

// register registers the actor named name for role (and extra roles),
// bonding bond for each, and records what it paid.
func (s *marketScenario) register(x *marketActions, name string, role staketypes.Role, bond int64, extra ...staketypes.Role) {
	x.register(s.actor(name), role, bond, extra...)
	s.bonded[name] += bond * int64(1+len(extra))
}

// builderStep sends the builder-market messages scheduled at this height.
func (s *marketScenario) builderStep(x *marketActions) {
	b := &s.c.model.builder
	creator, builder, buyer1 := s.actor("creator"), s.actor("builder"), s.actor("buyer1")
	switch h := x.h; {
	case h == marketRegisterAt:
		s.register(x, "creator", staketypes.RoleLearner, 20_000)
		s.register(x, "builder", staketypes.RoleBuilder, 50_000)
		s.register(x, "seller1", staketypes.RoleDataNode, 200_000)
		s.register(x, "cheater", staketypes.RoleDataNode, 200_000)
		s.register(x, "seller2", staketypes.RoleDataNode, 200_000, staketypes.RoleLearner)
		s.register(x, "buyer1", staketypes.RoleLearner, 50_000)
		s.register(x, "buyer2", staketypes.RoleLearner, 50_000)
		s.register(x, "router1", staketypes.RoleRouter, 50_000)
		s.register(x, "router2", staketypes.RoleRouter, 50_000)
	case h == marketTasksAt:
		msg, validation, test := x.taskMsg(creator, "three-feature classes", 4, marketEpoch)
		s.task1, s.validation1, s.test1 = x.createTask(creator, msg, validation, test), validation, test
		msg, validation, test = x.taskMsg(creator, "never revealed", 1, 50)
		s.task2 = x.createTask(creator, msg, validation, test)
		start := b.tasks[s.task1].CreatedHeight
		s.sliceAt = []int64{marketStart + s.r.Int63n(start+marketEpoch-marketStart)}
		for i := int64(1); i < 3; i++ {
			s.sliceAt = append(s.sliceAt, start+i*marketEpoch+s.r.Int63n(marketEpoch))
		}
	case h == marketModelsAt:
		s.model1 = x.registerModel(builder, modelMsg(builder, s.task1, "logreg-a"))
		require.Equal(s.c.t, uint64(1), s.model1, "the genesis x/pog versions are of model 1 (markets_versions_test.go)")
		s.model2 = x.registerModel(builder, modelMsg(builder, s.task1, "logreg-b"))
		s.model3 = x.registerModel(builder, modelMsg(builder, s.task2, "logreg-c"))
		_, err := b.registerModel(h, modelMsg(buyer1, s.task1, "not a builder"))
		x.refuse(buyer1, "register model", staketypes.ErrRoleRequired, err, modelMsg(buyer1, s.task1, "not a builder"))
		require.Nil(s.c.t, x.postBounty(creator, s.task1, 20_000, h+20))
		require.Nil(s.c.t, x.postBounty(creator, s.task2, 15_000, h+12))
		small := &bm.MsgPostBounty{Poster: creator.bech32, TaskId: s.task1, Reward: coin(5_000), DeadlineHeight: h + 20}
		_, err = b.postBounty(h, small)
		x.refuse(creator, "post bounty", bm.ErrInvalidAmount, err, small)
		soon := &bm.MsgPostBounty{Poster: creator.bech32, TaskId: s.task1, Reward: coin(10_000), DeadlineHeight: h + 5}
		_, err = b.postBounty(h, soon)
		x.refuse(creator, "post bounty", bm.ErrInvalidBounty, err, soon)
	case h == 12:
		require.Nil(s.c.t, x.postBounty(buyer1, s.task1, 30_000, h+23))
		s.testAt = b.tasks[s.task1].LatestBountyDeadline + s.r.Int63n(5)
	case h == 20:
		require.Nil(s.c.t, x.deprecateModel(builder, s.model2))
		// A later deadline on task 2 makes its first bounty wait for the
		// new end of the reveal window instead of being refunded at 31.
		require.Nil(s.c.t, x.postBounty(creator, s.task2, 11_000, h+20))
	case h == 21:
		err := b.deprecateModel(h, builder.bech32, s.model2)
		x.refuse(builder, "deprecate model", bm.ErrModelNotActive, err, &bm.MsgDeprecateModel{Builder: builder.bech32, ModelId: s.model2})
		bid := &dm.MsgPostBid{Buyer: buyer1.bech32, Kind: dm.KindData, ModelId: s.model2, LeafCount: 2, MaxPricePerLeaf: math.NewInt(1_000), ExpiryHeight: h + 10}
		_, err = s.c.model.data.postBid(h, bid)
		x.refuse(buyer1, "post bid for a deprecated model", dm.ErrInvalidOrder, err, bid)
	case h == 33:
		o := s.test1
		msg := &bm.MsgRevealTestSet{Creator: creator.bech32, TaskId: s.task1, DataRoot: o.root, LeafCount: o.count, Salt: o.salt}
		x.refuse(creator, "reveal test set early", bm.ErrRevealOutOfWindow, b.revealTestSet(h, msg), msg)
	case h == 60:
		require.Nil(s.c.t, x.postBounty(creator, s.task2, 12_000, h+15))
	}
	if s.testAt != 0 {
		s.testSetStep(x)
	}
	if s.sliceAt != nil {
		s.sliceStep(x)
	}
}

// sliceStep reveals task 1's first three validation slices at their
// heights, with a wrong salt, a second reveal and a stranger's reveal
// refused there, an early reveal refused the block before each later
// slice's epoch, and the never revealed fourth slice refused at the first
// height after its epoch.
func (s *marketScenario) sliceStep(x *marketActions) {
	b := &s.c.model.builder
	creator, buyer1 := s.actor("creator"), s.actor("buyer1")
	reveal := func(a *marketActor, i int, o opening) *bm.MsgRevealValidationSlice {
		return &bm.MsgRevealValidationSlice{Creator: a.bech32, TaskId: s.task1, Index: uint32(i), DataRoot: o.root, LeafCount: o.count, Salt: o.salt}
	}
	start := b.tasks[s.task1].CreatedHeight
	if last := len(s.sliceAt); x.h == start+int64(last+1)*marketEpoch {
		msg := reveal(creator, last, s.validation1[last])
		x.refuse(creator, "reveal validation slice late", bm.ErrRevealOutOfWindow, b.revealSlice(x.h, msg), msg)
	}
	for i, at := range s.sliceAt {
		o := s.validation1[i]
		if i > 0 && x.h == start+int64(i)*marketEpoch-1 {
			msg := reveal(creator, i, o)
			x.refuse(creator, "reveal validation slice early", bm.ErrRevealOutOfWindow, b.revealSlice(x.h, msg), msg)
		}
		if x.h != at {
			continue
		}
		wrong := o
		wrong.salt = append([]byte{o.salt[0] ^ 1}, o.salt[1:]...)
		msg := reveal(creator, i, wrong)
		x.refuse(creator, "reveal validation slice with a wrong salt", bm.ErrInvalidReveal, b.revealSlice(x.h, msg), msg)
		msg = reveal(buyer1, i, o)
		x.refuse(buyer1, "reveal another's validation slice", bm.ErrUnauthorized, b.revealSlice(x.h, msg), msg)
		require.Nil(s.c.t, x.revealSlice(creator, s.task1, uint32(i), o))
		msg = reveal(creator, i, o)
		x.refuse(creator, "reveal a validation slice twice", bm.ErrInvalidReveal, b.revealSlice(x.h, msg), msg)
	}
}

// testSetStep reveals task 1's test set at testAt; the block after, a new
// bounty and a second reveal are refused.
func (s *marketScenario) testSetStep(x *marketActions) {
	b := &s.c.model.builder
	creator := s.actor("creator")
	switch x.h {
	case s.testAt:
		require.Nil(s.c.t, x.revealTestSet(creator, s.task1, s.test1))
	case s.testAt + 1:
		msg := &bm.MsgPostBounty{Poster: creator.bech32, TaskId: s.task1, Reward: coin(10_000), DeadlineHeight: x.h + 20}
		_, err := b.postBounty(x.h, msg)
		x.refuse(creator, "post bounty after the test set", bm.ErrTestSetRevealed, err, msg)
		o := s.test1
		again := &bm.MsgRevealTestSet{Creator: creator.bech32, TaskId: s.task1, DataRoot: o.root, LeafCount: o.count, Salt: o.salt}
		x.refuse(creator, "reveal test set twice", bm.ErrTestSetRevealed, b.revealTestSet(x.h, again), again)
	}
}

// marketStep sends one block of random data-market traffic.
func (s *marketScenario) marketStep(x *marketActions) {
	d := &s.c.model.data
	for _, deal := range d.openDeals() {
		s.dealStep(x, deal)
	}
	for _, name := range []string{"seller1", "seller2", "cheater"} {
		if s.r.Float64() < 0.35 {
			s.offer(x, s.actor(name))
		}
	}
	for _, name := range []string{"buyer1", "buyer2", "seller2"} {
		if s.r.Float64() < 0.3 {
			s.bid(x, s.actor(name))
		}
	}
	for _, b := range d.sortedBids() {
		if _, open := d.bids[b.Id]; open && s.r.Float64() < 0.6 {
			s.matchBest(x, b)
		}
	}
	if s.r.Float64() < 0.15 {
		s.cancelOne(x)
	}
	for range 2 {
		if s.r.Float64() < 0.5 {
			s.invalid(x)
		}
	}
}

// dealStep takes the next fair-exchange step of an open deal, unless its
// party walks away or dawdles this block.
func (s *marketScenario) dealStep(x *marketActions, deal *modelDeal) {
	r := deal.rec
	if x.h >= r.DeadlineHeight {
		return // past its deadline: EndBlock settles or expires it
	}
	seller, buyer := s.byAddr(r.Seller), s.byAddr(r.Buyer)
	act := s.r.Float64() < 0.6
	switch r.Status {
	case dm.DealAwaitingDelivery:
		if act && !deal.lazy {
			x.deliver(seller, deal, seller.name == "cheater")
		}
	case dm.DealDelivered:
		if act && !deal.ghost {
			x.accept(buyer, deal)
		}
	case dm.DealAccepted:
		if act && !deal.withhold {
			require.Nil(s.c.t, x.reveal(seller, deal, deal.key[:]))
		}
	case dm.DealKeyRevealed:
		if bad := x.open(deal); bad != nil && s.r.Float64() < 0.85 {
			x.dispute(buyer, deal, "dispute a bad chunk", nil, bad.Index, bad.Ciphertext, bad.Path)
		}
	}
}

// offer posts a random offer: mostly DATA of the data task, sometimes
// MODEL_UPDATE of model 1, at a few price levels (the cheater undercuts)
// and minimum reputations.
func (s *marketScenario) offer(x *marketActions, seller *marketActor) {
	ds := x.randomDataset(2 + s.r.Intn(7))
	if s.r.Float64() < 0.25 {
		ds = x.sellerWeights(seller)
	}
	prices := []int64{800, 1_000, 1_000, 1_200, 1_500}
	if seller.name == "cheater" {
		prices = []int64{700, 800, 1_000}
	}
	minReps := []uint64{0, 0, 0, 0, 0, 0, 450_000, 550_000, 600_000}
	msg := x.offerMsg(seller, ds, s.task1, s.model1, prices[s.r.Intn(len(prices))], minReps[s.r.Intn(len(minReps))], x.h+6+s.r.Int63n(35))
	x.postOffer(seller, msg, ds)
}

// bid posts a random bid for model 1.
func (s *marketScenario) bid(x *marketActions, buyer *marketActor) {
	kind := dm.KindData
	if s.r.Float64() < 0.25 {
		kind = dm.KindModelUpdate
	}
	prices := []int64{900, 1_100, 1_300, 1_600}
	x.postBid(buyer, kind, s.model1, uint64(1+s.r.Intn(6)), prices[s.r.Intn(len(prices))], x.h+6+s.r.Int63n(35))
}

// matchBest has a router match b with its best offer, if that crosses.
func (s *marketScenario) matchBest(x *marketActions, b *dm.Bid) {
	d := &s.c.model.data
	if x.h >= b.ExpiryHeight {
		return
	}
	best := d.bestOffer(x.h, b)
	if best == nil || best.PricePerLeaf.GT(b.MaxPricePerLeaf) {
		return
	}
	leaves := uint64(0)
	if s.r.Float64() < 0.5 {
		leaves = 1 + uint64(s.r.Int63n(int64(min(best.LeafCount-best.Filled, b.LeafCount-b.Filled))))
	}
	x.match(s.router(), b.Id, best.Id, leaves)
}

// router picks one of the two routers.
func (s *marketScenario) router() *marketActor {
	return s.actor([]string{"router1", "router2"}[s.r.Intn(2)])
}

// cancelOne has the owner of a random open order cancel it.
func (s *marketScenario) cancelOne(x *marketActions) {
	owners := s.openOrders()
	if len(owners) == 0 {
		return
	}
	id := pick(s.r, sortedKeys(owners))
	x.cancel(s.byAddr(owners[id]), id)
}

// openOrders maps every open order id to its owner.
func (s *marketScenario) openOrders() map[uint64]string {
	d := &s.c.model.data
	owners := map[uint64]string{}
	for id, o := range d.offers {
		owners[id] = o.Seller
	}
	for id, b := range d.bids {
		owners[id] = b.Buyer
	}
	return owners
}

func sortedKeys(m map[uint64]string) []uint64 {
	keys := make([]uint64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

// byAddr is the actor of a bech32 address.
func (s *marketScenario) byAddr(addr string) *marketActor {
	for _, a := range s.c.actors {
		if a.bech32 == addr {
			return a
		}
	}
	s.c.t.Fatalf("no actor has address %s", addr)
	return nil
}

// eligibleOffers lists the offers bid b may take at height h, best first.
func (s *marketScenario) eligibleOffers(h int64, b *dm.Bid) []*dm.Offer {
	d := &s.c.model.data
	var out []*dm.Offer
	for _, o := range d.sortedOffers() {
		if d.eligible(h, o, b) {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].PricePerLeaf.LT(out[j].PricePerLeaf) })
	return out
}

// liveBids lists the open bids not expired at h.
func (s *marketScenario) liveBids(h int64) []*dm.Bid {
	var out []*dm.Bid
	for _, b := range s.c.model.data.sortedBids() {
		if h < b.ExpiryHeight {
			out = append(out, b)
		}
	}
	return out
}

// openDealsAt lists the open deals at status whose deadline has not come.
func (s *marketScenario) openDealsAt(h int64, status dm.DealStatus) []*modelDeal {
	var out []*modelDeal
	for _, deal := range s.c.model.data.openDeals() {
		if deal.rec.Status == status && h < deal.rec.DeadlineHeight {
			out = append(out, deal)
		}
	}
	return out
}

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.Intn(len(xs))] }

// wrongKey is a key that is not the deal's.
func wrongKey(r *rand.Rand) []byte {
	k, _ := exchange.NewKey(r)
	return k[:]
}
