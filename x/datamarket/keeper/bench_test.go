package keeper_test

import (
	"fmt"
	"testing"

	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/exchange"
	"github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// The benchmarks run on the suite's env (an in-memory IAVL store and
// fakes for the other modules), so they measure this module's own work:
// store reads and writes, the priority check, hashing and decryption.
// Each also reports gas/op: the gas the keeper's store accesses (at the
// SDK's default KV gas costs) and its own charges (the dispute's) consume,
// which is what a transaction pays on top of its size and signatures.
// `make bench-markets` prints them as a table with ratios.

// metered runs op on a fresh gas meter and returns the gas it consumed.
func (e *env) metered(op func()) uint64 {
	e.ctx = e.ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
	op()
	return e.ctx.GasMeter().GasConsumed()
}

// reportGas reports the mean of total gas over b.N operations.
func reportGas(b *testing.B, total uint64) {
	b.ReportMetric(float64(total)/float64(b.N), "gas/op")
}

// bookWithOffers is an env whose task-1 DATA book holds n offers from the
// three sellers, with deep leaf counts so that matches never exhaust them.
// A third of the offers are cheaper than the rest but demand a buyer
// reputation of 1,000,000, which the neutral (500,000) buyer lacks: the
// priority check must skip them through the bucketed index, not a walk.
// The offers never expire during a benchmark.
func bookWithOffers(b *testing.B, n int) *env {
	e := newEnv(b)
	e.setParams(func(p *types.Params) { p.MaxOrderBlocks = 1 << 40 })
	sellers := [][]byte{sellerA, sellerB, sellerC}
	for i := range n {
		e.postOffer(sellers[i%3], func(m *types.MsgPostOffer) {
			m.LeafCount, m.ExpiryHeight = 1<<20, e.height()+1<<40
			m.PricePerLeaf = math.NewInt(int64(100 + i%97))
			if i%3 == 0 {
				m.PricePerLeaf = math.NewInt(50)
				m.MinBuyerReputation = 1_000_000
			}
		})
	}
	e.commit()
	return e
}

// BenchmarkMatch times one MsgMatch of a one-leaf fill of a deep bid
// against the best eligible offer (found by the keeper's BestOffer, as a
// router would), priority check, escrow and deal creation included. Its
// cost must not grow with the number of offers in the book.
func BenchmarkMatch(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("offers=%d", n), func(b *testing.B) {
			e := bookWithOffers(b, n)
			bid := deepBid(e, 1_000)
			best, found, err := e.keeper.BestOffer(e.ctx, e.bid(bid))
			if err != nil || !found {
				b.Fatalf("no best offer: %v", err)
			}
			msg := &types.MsgMatch{Router: e.bech32(router), BidId: bid, OfferId: best.Id, Leaves: 1}
			var gas uint64
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				e.fresh()
				e.commit()
				b.StartTimer()
				gas += e.metered(func() {
					if _, err := e.msgs.Match(e.ctx, msg); err != nil {
						b.Fatal(err)
					}
				})
			}
			reportGas(b, gas)
		})
	}
}

// deepBid posts a bid of buyer for 2^20 leaves (max_leaves_per_order) at up to maxPrice, minting
// its escrow first.
func deepBid(e *env, maxPrice int64, mutate ...func(*types.MsgPostBid)) uint64 {
	e.bank.mint(buyer, sdk.NewCoins(sdk.NewCoin(denom, math.NewInt(maxPrice).MulRaw(1<<20))))
	e.supply = e.bank.supply()
	return e.postBid(buyer, func(m *types.MsgPostBid) {
		m.LeafCount = 1 << 20
		m.MaxPricePerLeaf = math.NewInt(maxPrice)
		for _, f := range mutate {
			f(m)
		}
	})
}

// BenchmarkBestOffer times the priority lookup alone, over the same books.
func BenchmarkBestOffer(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("offers=%d", n), func(b *testing.B) {
			e := bookWithOffers(b, n)
			bid := e.bid(e.postBid(buyer))
			b.ResetTimer()
			for range b.N {
				if _, found, err := e.keeper.BestOffer(e.ctx, bid); err != nil || !found {
					b.Fatalf("no best offer: %v", err)
				}
			}
		})
	}
}

// BenchmarkDispute times a proven MsgDispute of one garbage chunk: the
// ciphertext path check, the key check, AES-GCM decryption, the chunk's
// Poseidon2 leaf hash and its path to the data root, the refund, the
// slash and the report. "deliver" (a MsgDeliver, two store writes and an
// event) is the baseline.
func BenchmarkDispute(b *testing.B) {
	b.Run("deliver", func(b *testing.B) {
		e := newEnv(b)
		offer := e.postOffer(sellerA, func(m *types.MsgPostOffer) { m.LeafCount = 1 << 20 })
		bid := deepBid(e, 150)
		sd := sealed{key: exchange.Key{1}, root: make([]byte, 32)}
		var gas uint64
		b.ResetTimer()
		for range b.N {
			b.StopTimer()
			id := e.match(bid, offer, 1).DealId
			e.fresh()
			e.commit()
			b.StartTimer()
			gas += e.metered(func() { e.deliver(id, sd) })
		}
		reportGas(b, gas)
	})
	b.Run("dispute", func(b *testing.B) {
		e := newEnv(b)
		f := dataFixture()
		var gas uint64
		b.ResetTimer()
		for range b.N {
			b.StopTimer()
			// A fresh offer each time, the last one cancelled so that the
			// new one is the best, and the seller's bond restored after
			// the last slash.
			e.stake.grant(sellerA, staketypes.RoleDataNode, dataBond)
			offer := e.postOffer(sellerA)
			bid := e.postBid(buyer, func(m *types.MsgPostBid) { m.LeafCount = 1 })
			d := e.deal(e.match(bid, offer, 1).DealId)
			if _, err := e.msgs.CancelOrder(e.ctx, &types.MsgCancelOrder{Owner: e.bech32(sellerA), OrderId: offer}); err != nil {
				b.Fatal(err)
			}
			sd := garbageDelivery(e, d, f)
			e.deliver(d.Id, sd)
			e.accept(d.Id)
			e.reveal(d.Id, sd)
			e.fresh()
			e.commit()
			b.StartTimer()
			gas += e.metered(func() {
				res, err := e.dispute(d.Id, 0, sd.cts[0], sd.paths[0])
				if err != nil || res.Fault == "" || !res.Slashed.IsPositive() {
					b.Fatalf("dispute not proven: %v %v", res, err)
				}
			})
		}
		reportGas(b, gas)
	})
}

// garbageDelivery seals deal d's leaves honestly except the first, whose
// elements are replaced by zeros: a chunk that opens but whose leaf is not
// in the data root.
func garbageDelivery(e *env, d types.Deal, f data) sealed {
	key, err := exchange.NewKey(zeroReader{})
	if err != nil {
		e.tb.Fatal(err)
	}
	elements := f.elements[d.LeafStart : d.LeafStart+d.LeafCount]
	cts, err := exchange.SealLeaves(key, d.Id, f.tree, d.LeafStart, elements)
	if err != nil {
		e.tb.Fatal(err)
	}
	chunk, err := exchange.UnmarshalChunk(mustOpen(e, key, d.Id, cts[0]))
	if err != nil {
		e.tb.Fatal(err)
	}
	for i := range chunk.Elements {
		chunk.Elements[i].SetZero()
	}
	if cts[0], err = exchange.Seal(key, d.Id, 0, chunk.Marshal()); err != nil {
		e.tb.Fatal(err)
	}
	root, paths := exchange.CiphertextPaths(cts)
	return sealed{key: key, cts: cts, paths: paths, root: root}
}

func mustOpen(e *env, key exchange.Key, dealID uint64, ct []byte) []byte {
	pt, err := exchange.Open(key, dealID, 0, ct)
	if err != nil {
		e.tb.Fatal(err)
	}
	return pt
}

// zeroReader is an io.Reader of zeros: a fixed key for the benchmark.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// BenchmarkEndBlockExpiry times an EndBlock that closes
// max_expiries_per_block (100) due records while 100 or 10,000 other
// orders stay open: the height-keyed queue reads only what is due, so the
// cost must not grow with the open orders. "idle" (nothing due, 100 open)
// is the baseline. Due orders are bids (each closed with its refund) or
// undelivered deals (each refunded and its seller reported).
func BenchmarkEndBlockExpiry(b *testing.B) {
	for _, c := range []struct {
		name      string
		open      int
		dueOrders int
		dueDeals  int
	}{
		{"idle/open=100", 100, 0, 0},
		{"orders=100/open=100", 100, 100, 0},
		{"orders=100/open=10000", 10_000, 100, 0},
		{"deals=100/open=10000", 10_000, 0, 100},
	} {
		b.Run(c.name, func(b *testing.B) {
			e := bookWithOffers(b, c.open)
			// The deals' offer undercuts the book, so it is the best.
			offer := e.postOffer(sellerA, func(m *types.MsgPostOffer) {
				m.LeafCount, m.ExpiryHeight, m.PricePerLeaf = 1<<20, e.height()+1<<40, math.NewInt(40)
			})
			bid := deepBid(e, 150, func(m *types.MsgPostBid) { m.ExpiryHeight = e.height() + 1<<40 })
			p, err := e.keeper.Params.Get(e.ctx)
			if err != nil {
				b.Fatal(err)
			}
			e.bank.mint(buyer2, sdk.NewCoins(sdk.NewCoin(denom, math.NewInt(int64(b.N*c.dueOrders)*150))))
			e.supply = e.bank.supply()
			var gas uint64
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				for range c.dueOrders {
					e.postBid(buyer2, func(m *types.MsgPostBid) { m.LeafCount, m.ExpiryHeight = 1, e.height()+1 })
				}
				for range c.dueDeals {
					e.match(bid, offer, 1)
				}
				next := e.height() + 1
				if c.dueDeals > 0 {
					next = e.height() + int64(p.DeliveryWindowBlocks)
				}
				e.setHeight(next)
				e.commit()
				b.StartTimer()
				gas += e.metered(e.endBlock)
			}
			b.StopTimer()
			if open := e.countOpen(); open != c.open+2 {
				b.Fatalf("%d orders open after the last EndBlock, want the %d of the book plus the deep offer and bid", open, c.open)
			}
			reportGas(b, gas)
		})
	}
}

// countOpen is the number of open offers and bids.
func (e *env) countOpen() int {
	n := 0
	for _, walk := range []func() error{
		func() error {
			return e.keeper.Offers.Walk(e.ctx, nil, func(uint64, types.Offer) (bool, error) { n++; return false, nil })
		},
		func() error {
			return e.keeper.Bids.Walk(e.ctx, nil, func(uint64, types.Bid) (bool, error) { n++; return false, nil })
		},
	} {
		if err := walk(); err != nil {
			e.tb.Fatal(err)
		}
	}
	return n
}
