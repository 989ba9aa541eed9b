package keeper_test

import (
	"bytes"
	"strconv"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
	"github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
)

// cheatingDelivery is a seller's delivery of deal d in which tamper may
// replace chunks (given the key, the chunk index and the honest
// ciphertext); the ciphertext root is over the chunks as sent, so the
// seller signs exactly what it delivered.
func (s *DataMarketSuite) cheatingDelivery(d types.Deal, tree *commit.Tree, elements [][]fr.Element, tamper func(k exchange.Key, i uint64, ct []byte) []byte) sealed {
	key, err := exchange.NewKey(bytes.NewReader(bytes.Repeat([]byte{byte(d.Id)}, 32)))
	s.Require().NoError(err)
	cts, err := exchange.SealLeaves(key, d.Id, tree, d.LeafStart, elements[d.LeafStart:d.LeafStart+d.LeafCount])
	s.Require().NoError(err)
	for i := range cts {
		cts[i] = tamper(key, uint64(i), cts[i])
	}
	root, paths := exchange.CiphertextPaths(cts)
	return sealed{key: key, cts: cts, paths: paths, root: root}
}

// sealChunk encrypts a chunk plaintext as chunk i of deal id.
func (s *DataMarketSuite) sealChunk(k exchange.Key, id, i uint64, c exchange.Chunk) []byte {
	ct, err := exchange.Seal(k, id, i, c.Marshal())
	s.Require().NoError(err)
	return ct
}

// through takes deal id through delivery of sd, acceptance and reveal.
func (s *DataMarketSuite) through(id uint64, sd sealed) {
	s.deliver(id, sd)
	s.accept(id)
	s.reveal(id, sd)
}

// A proven dispute refunds the buyer in full, slashes the seller's
// DATA_NODE stake by dispute_slash_fraction, reports the seller and closes
// the deal; each kind of bad chunk is a fault.
func (s *DataMarketSuite) TestProvenDisputes() {
	f := dataFixture()
	proof := func(leaf uint64) []commit.Digest {
		p, err := f.tree.Prove(leaf)
		s.Require().NoError(err)
		return p.Siblings
	}
	other := makeData(1, batchSize, features, classes, 99) // a batch not under the root
	for _, tc := range []struct {
		name   string
		tamper func(d types.Deal) func(k exchange.Key, i uint64, ct []byte) []byte
		fault  string
	}{
		{"bad authentication tag", func(types.Deal) func(exchange.Key, uint64, []byte) []byte {
			return func(_ exchange.Key, i uint64, ct []byte) []byte {
				if i == 1 {
					ct = append([]byte(nil), ct...)
					ct[len(ct)-1] ^= 1
				}
				return ct
			}
		}, "chunk 1 does not authenticate under the deal key"},
		{"plaintext is not the leaf at its index", func(d types.Deal) func(exchange.Key, uint64, []byte) []byte {
			return func(k exchange.Key, i uint64, ct []byte) []byte {
				if i == 1 {
					return s.sealChunk(k, d.Id, i, exchange.Chunk{LeafIndex: d.LeafStart + 1, Elements: other.elements[0], Path: proof(d.LeafStart + 1)})
				}
				return ct
			}
		}, "chunk 1 is not leaf 3 of the offer's data root"},
		{"another leaf at this index", func(d types.Deal) func(exchange.Key, uint64, []byte) []byte {
			return func(k exchange.Key, i uint64, ct []byte) []byte {
				if i == 1 {
					return s.sealChunk(k, d.Id, i, exchange.Chunk{LeafIndex: 0, Elements: f.elements[0], Path: proof(0)})
				}
				return ct
			}
		}, "chunk 1 carries leaf 0, the deal sold leaf 3 there"},
		{"malformed plaintext", func(d types.Deal) func(exchange.Key, uint64, []byte) []byte {
			return func(k exchange.Key, i uint64, ct []byte) []byte {
				if i == 1 {
					sealedJunk, err := exchange.Seal(k, d.Id, i, []byte("not a chunk"))
					s.Require().NoError(err)
					return sealedJunk
				}
				return ct
			}
		}, "chunk 1 plaintext is malformed"},
	} {
		s.Run(tc.name, func() {
			offerID := s.postOffer(sellerA)
			bidID := s.postBid(buyer)
			s.match(bidID, offerID, 2)                  // deal 1: leaves 0, 1
			dealID := s.match(bidID, offerID, 3).DealId // deal 2: leaves 2..4, 300
			d := s.deal(dealID)
			sd := s.cheatingDelivery(d, f.tree, f.elements, tc.tamper(d))
			s.through(dealID, sd)
			s.requireProven(dealID, 1, sd, tc.fault, 300, dataBond/10)
		})
	}
}

// requireProven disputes chunk i of deal id and requires the outcome of a
// proven fault: refund of amount, slash of slashed, report, event.
func (s *DataMarketSuite) requireProven(id, i uint64, sd sealed, fault string, amount, slashed int64) {
	s.T().Helper()
	buyerBefore, poolBefore, escrowBefore := s.balance(buyer), s.pool(), s.escrowed()
	s.fresh()
	res, err := s.dispute(id, i, sd.cts[i], sd.paths[i])
	s.Require().NoError(err)
	s.Require().Contains(res.Fault, fault)
	s.Require().Equal(math.NewInt(slashed), res.Slashed)

	d := s.deal(id)
	s.Require().Equal(types.DealDisputed, d.Status)
	s.Require().Equal(s.height(), d.ClosedHeight)
	has, err := s.keeper.DealDeadlines.Has(s.ctx, collections.Join(d.DeadlineHeight, id))
	s.Require().NoError(err)
	s.Require().False(has)
	s.Require().Equal(buyerBefore+amount, s.balance(buyer), "the buyer gets the whole amount back")
	s.Require().Equal(escrowBefore-amount, s.escrowed())
	s.Require().Equal(poolBefore+slashed, s.pool(), "the slash goes to the pool")
	s.Require().Equal([]*types.EventDisputeProven{{DealId: id, ChunkIndex: i, Fault: res.Fault, Refunded: math.NewInt(amount), Slashed: math.NewInt(slashed)}},
		typedEvents[*types.EventDisputeProven](s.env))
	s.Require().Equal(report{sellerA, reputationtypes.OutcomeDealDisputed, "datamarket deal " + uitoa(id)}, s.rep.reports[len(s.rep.reports)-1])
	if slashed > 0 {
		last := s.stake.slashs[len(s.stake.slashs)-1]
		s.Require().Equal(sellerA, last.addr)
		s.Require().Equal(testParams().DisputeSlashFraction, last.fraction)
		s.Require().Contains(last.reason, "datamarket deal "+uitoa(id)+": proven dispute of chunk")
	}
	s.requireConserved()

	// Nothing more happens to it: no settlement at the deadline.
	sellerBefore := s.balance(sellerA)
	s.setHeight(d.DeadlineHeight)
	s.endBlock()
	s.Require().Equal(types.DealDisputed, s.deal(id).Status)
	s.Require().Equal(sellerBefore, s.balance(sellerA))
}

// A batch of the wrong shape for the task, or with a label outside its
// classes, is a fault even when it is the leaf the seller committed to.
func (s *DataMarketSuite) TestDisputeOfTheWrongShape() {
	for _, tc := range []struct {
		name  string
		data  data
		fault string
	}{
		{"five samples per batch", makeData(4, 5, features, classes, 7), "holds 5 samples, the task's batch size is 4"},
		{"four features", makeData(4, batchSize, 4, classes, 8), "has 4 features per sample, the task has 3"},
		{"labels beyond the classes", makeData(4, batchSize, features, 50, 9), "the task has classes 0..2"},
	} {
		s.Run(tc.name, func() {
			offerID := s.postOffer(sellerA, func(m *types.MsgPostOffer) {
				m.DataRoot, m.LeafCount, m.GroupCounts = tc.data.root[:], 4, nil
			})
			dealID := s.match(s.postBid(buyer), offerID, 4).DealId
			d := s.deal(dealID)
			sd := s.cheatingDelivery(d, tc.data.tree, tc.data.elements, func(_ exchange.Key, _ uint64, ct []byte) []byte { return ct })
			s.through(dealID, sd)
			// Find a chunk that is faulty (for labels, not every batch is).
			for i := range sd.cts {
				if _, err := s.dispute(dealID, uint64(i), sd.cts[i], sd.paths[i]); err == nil {
					d = s.deal(dealID)
					s.Require().Equal(types.DealDisputed, d.Status)
					ev := typedEvents[*types.EventDisputeProven](s.env)
					s.Require().Len(ev, 1)
					s.Require().Contains(ev[0].Fault, tc.fault)
					s.requireConserved()
					return
				}
			}
			s.Fail("no chunk was judged a fault")
		})
	}
}

// Disputing a good chunk fails and changes nothing; the seller is paid
// when the window ends.
func (s *DataMarketSuite) TestUnfoundedDisputeChangesNothing() {
	dealID := s.matched(100, 4)
	sd := s.revealed(dealID)
	for i := range sd.cts {
		before := s.snapshot()
		s.fresh()
		_, err := s.dispute(dealID, uint64(i), sd.cts[i], sd.paths[i])
		s.requireRejected(err, types.ErrDisputeUnfounded, before)
		s.Require().ErrorContains(err, "chunk "+uitoa(uint64(i))+" decrypts to leaf "+uitoa(uint64(i))+" of the data root")
	}
	s.setHeight(s.deal(dealID).DeadlineHeight)
	s.endBlock()
	s.Require().Equal(types.DealSettled, s.deal(dealID).Status)
	s.Require().Equal(int64(startBalance+400-2-4), s.balance(sellerA))
}

// The buyer cannot dispute a chunk the seller never committed to, nor send
// malformed evidence; neither changes anything.
func (s *DataMarketSuite) TestDisputeEvidenceRejections() {
	for _, tc := range []struct {
		name     string
		evidence func(sd sealed) (uint64, []byte, [][]byte)
		want     error
		message  string
	}{
		{"a chunk not in the ciphertext tree", func(sd sealed) (uint64, []byte, [][]byte) {
			forged := append([]byte(nil), sd.cts[0]...)
			forged[0] ^= 0xff
			return 0, forged, sd.paths[0]
		}, types.ErrChunkNotCommitted, "chunk 0 is not under the seller's ciphertext root"},
		{"a good chunk at another index", func(sd sealed) (uint64, []byte, [][]byte) {
			return 1, sd.cts[0], sd.paths[0]
		}, types.ErrChunkNotCommitted, "not under the seller's ciphertext root"},
		{"a path too short", func(sd sealed) (uint64, []byte, [][]byte) {
			return 0, sd.cts[0], sd.paths[0][:1]
		}, types.ErrChunkNotCommitted, ""},
		{"an index beyond the deal", func(sd sealed) (uint64, []byte, [][]byte) {
			return 4, sd.cts[0], sd.paths[0]
		}, types.ErrInvalidEvidence, "chunk_index 4 is not a chunk of deal 1, which delivers 4 (0..3)"},
		{"no ciphertext", func(sd sealed) (uint64, []byte, [][]byte) {
			return 0, nil, sd.paths[0]
		}, types.ErrInvalidEvidence, "ciphertext must be 1..4194304 bytes"},
		{"a ciphertext above max_chunk_bytes", func(sd sealed) (uint64, []byte, [][]byte) {
			return 0, make([]byte, 4<<20+1), sd.paths[0]
		}, types.ErrInvalidEvidence, "max_chunk_bytes"},
		{"a path level of 31 bytes", func(sd sealed) (uint64, []byte, [][]byte) {
			return 0, sd.cts[0], [][]byte{sd.paths[0][0], sd.paths[0][1][:31]}
		}, types.ErrInvalidEvidence, "ciphertext_path[1] must be a 32-byte"},
		{"a path of 41 levels", func(sd sealed) (uint64, []byte, [][]byte) {
			return 0, sd.cts[0], make([][]byte, 41)
		}, types.ErrInvalidEvidence, "ciphertext_path has 41 levels"},
	} {
		s.Run(tc.name, func() {
			dealID := s.matched(100, 4)
			sd := s.revealed(dealID)
			i, ct, path := tc.evidence(sd)
			before := s.snapshot()
			s.fresh()
			_, err := s.dispute(dealID, i, ct, path)
			s.requireRejected(err, tc.want, before)
			s.Require().ErrorContains(err, tc.message)
		})
	}
}

// A seller with no stake left cannot be slashed; the buyer is refunded
// anyway and the event says nothing was slashed.
func (s *DataMarketSuite) TestDisputeWithoutStakeStillRefunds() {
	f := dataFixture()
	dealID := s.matched(100, 3)
	d := s.deal(dealID)
	sd := s.cheatingDelivery(d, f.tree, f.elements, func(_ exchange.Key, i uint64, ct []byte) []byte {
		if i == 2 {
			return bytes.Repeat([]byte{1}, len(ct))
		}
		return ct
	})
	s.through(dealID, sd)
	s.stake.bonds[string(sellerA)] = math.ZeroInt()
	s.requireProven(dealID, 2, sd, "chunk 2 does not authenticate", 300, 0)
	s.Require().Empty(s.stake.slashs)
}

// The dispute computation is charged before it runs: DisputeGas per 32
// bytes of ciphertext and per Merkle level.
func (s *DataMarketSuite) TestDisputeChargesGas() {
	dealID := s.matched(100, 4)
	sd := s.revealed(dealID)
	gas := func(index uint64, ct []byte, path [][]byte) uint64 {
		s.ctx = s.ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
		_, err := s.dispute(dealID, index, ct, path)
		s.Require().Error(err)
		return s.ctx.GasMeter().GasConsumed()
	}
	uncharged := gas(9, sd.cts[0], sd.paths[0]) // rejected before the charge
	forged := bytes.Repeat([]byte{3}, 1000)
	charged := gas(0, forged, sd.paths[0])
	want := types.DisputeGas(1000, len(sd.paths[0]), 16)
	s.Require().Equal(uint64(32*types.DisputeGasPerElement+(2+4+1)*types.DisputeGasPerLevel), want, "32 elements; 2 + 4 + 1 levels")
	s.Require().Equal(want, charged-uncharged)
}

func uitoa(n uint64) string { return strconv.FormatUint(n, 10) }
