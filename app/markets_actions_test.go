package app

import (
	"math/rand"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
	bm "github.com/litegpt/litegpt/x/buildermarket/types"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// The data task of the scenario: batches of 4 samples of 3 Q8.8 features,
// labels in 0..2.
const (
	marketBatchSize = 4
	marketFeatures  = 3
	marketClasses   = 3
)

var (
	marketFormat  = commit.Format{Bits: 16, Frac: 8}
	marketBatches = exchange.BatchShape{Samples: marketBatchSize, Features: marketFeatures, Format: marketFormat, Classes: marketClasses}
)

// marketActions builds the scenario's transactions for one block: each
// builder runs the message against the model first (which applies it if
// the chain must accept it), then signs it with what the model expects.
// tally counts what was sent, by outcome.
type marketActions struct {
	c     *marketChain
	r     *rand.Rand
	h     int64 // the height of the block being built
	txs   []plannedTx
	tally map[string]int
}

// send signs msgs by a and adds them to the block, expecting want (nil:
// success).
func (x *marketActions) send(a *marketActor, what string, want *errorsmod.Error, msgs ...sdk.Msg) {
	x.txs = append(x.txs, plannedTx{what: a.name + ": " + what, bz: x.c.sign(a, msgs...), want: want})
	if want == nil {
		x.tally[what]++
	} else {
		x.tally[what+" refused: "+want.Error()]++
	}
}

// refuse sends a message the scenario means the chain to refuse with
// intended; the model must predict exactly that error.
func (x *marketActions) refuse(a *marketActor, what string, intended, predicted *errorsmod.Error, msg sdk.Msg) {
	x.c.t.Helper()
	require.Equalf(x.c.t, intended, predicted, "block %d: the model predicts %v for %s, the scenario meant %v", x.h, predicted, what, intended)
	x.send(a, what, intended, msg)
}

// randomBatches returns n batches of the data task's shape.
func randomBatches(r *rand.Rand, n int) []commit.Batch {
	out := make([]commit.Batch, n)
	for i := range out {
		b := commit.Batch{Format: marketFormat}
		for range marketBatchSize {
			s := commit.Sample{Label: r.Int63n(marketClasses)}
			for range marketFeatures {
				s.Features = append(s.Features, r.Int63n(1024)-512)
			}
			b.Samples = append(b.Samples, s)
		}
		out[i] = b
	}
	return out
}

// randomDataset returns a DATA dataset of n leaves.
func (x *marketActions) randomDataset(n int) *dataset {
	t := x.c.t
	batches := randomBatches(x.r, n)
	_, tree, err := commit.Root(batches)
	require.NoError(t, err)
	ds := &dataset{kind: dm.KindData, tree: tree}
	for _, b := range batches {
		e, err := b.Elements()
		require.NoError(t, err)
		ds.leaves = append(ds.leaves, e)
	}
	return ds
}

// sellerWeights returns one of seller's genesis versions, as the
// MODEL_UPDATE dataset of its weights chunks.
func (x *marketActions) sellerWeights(seller *marketActor) *dataset {
	vs := x.c.versions[seller.name]
	return vs[x.r.Intn(len(vs))]
}

// offerMsg is an offer of ds by seller for the data task (and model, for
// MODEL_UPDATE).
func (x *marketActions) offerMsg(seller *marketActor, ds *dataset, task, model uint64, price int64, minRep uint64, expiry int64) *dm.MsgPostOffer {
	msg := &dm.MsgPostOffer{
		Seller: seller.bech32, Kind: ds.kind, TaskId: task, DataRoot: ds.root(), LeafCount: uint64(len(ds.leaves)),
		PricePerLeaf: math.NewInt(price), MinBuyerReputation: minRep, ExpiryHeight: expiry,
	}
	if ds.kind == dm.KindModelUpdate {
		msg.ModelId, msg.VersionId, msg.WeightsCommitment = model, ds.version, ds.weights
	}
	return msg
}

// postOffer posts msg selling ds.
func (x *marketActions) postOffer(seller *marketActor, msg *dm.MsgPostOffer, ds *dataset) {
	_, err := x.c.model.data.postOffer(x.h, msg, ds)
	x.send(seller, "post "+msg.Kind.String()+" offer", err, msg)
}

// postBid posts a bid.
func (x *marketActions) postBid(buyer *marketActor, kind dm.OfferKind, model, leaves uint64, maxPrice, expiry int64) {
	msg := &dm.MsgPostBid{Buyer: buyer.bech32, Kind: kind, ModelId: model, LeafCount: leaves, MaxPricePerLeaf: math.NewInt(maxPrice), ExpiryHeight: expiry}
	_, err := x.c.model.data.postBid(x.h, msg)
	x.send(buyer, "post "+kind.String()+" bid", err, msg)
}

// cancel cancels order id as owner.
func (x *marketActions) cancel(owner *marketActor, id uint64) {
	err := x.c.model.data.cancel(owner.bech32, id)
	x.send(owner, "cancel order", err, &dm.MsgCancelOrder{Owner: owner.bech32, OrderId: id})
}

// match matches bid with offer as router; walk-away behaviours of the new
// deal's parties are drawn here.
func (x *marketActions) match(router *marketActor, bid, offer, leaves uint64) {
	id, err := x.c.model.data.match(x.h, router.bech32, bid, offer, leaves)
	x.send(router, "match", err, &dm.MsgMatch{Router: router.bech32, BidId: bid, OfferId: offer, Leaves: leaves})
	if err == nil {
		deal := x.c.model.data.deals[id]
		deal.lazy = x.r.Float64() < 0.1
		deal.ghost = x.r.Float64() < 0.1
		deal.withhold = x.r.Float64() < 0.1
	}
}

// Ways a cheating seller spoils a chunk.
const (
	spoilGarbage = iota // seal a random batch or weights run at the leaf's place
	spoilTag            // flip a ciphertext byte after sealing
	spoilLeaf           // seal the chunk under another leaf index
	spoilModes
)

// deliver seals the deal's leaves under a fresh key with pkg/exchange and
// posts the key hash and ciphertext root. A cheater spoils one chunk.
func (x *marketActions) deliver(seller *marketActor, deal *modelDeal, cheat bool) {
	t := x.c.t
	r := deal.rec
	key, err := exchange.NewKey(x.r)
	require.NoError(t, err)
	leaves := deal.data.leaves[r.LeafStart : r.LeafStart+r.LeafCount]
	chunks, err := exchange.SealLeaves(key, r.Id, deal.data.tree, r.LeafStart, leaves)
	require.NoError(t, err)
	bad := int64(-1)
	if cheat {
		bad = x.r.Int63n(int64(r.LeafCount))
		chunks[bad] = x.spoil(deal, key, uint64(bad), chunks[bad])
	}
	root, paths := exchange.CiphertextPaths(chunks)
	require.Equal(t, exchange.CiphertextRoot(chunks), root)
	kh := exchange.KeyHash(key)
	refused := x.c.model.data.deliver(x.h, seller.bech32, r.Id, kh[:], root)
	if refused == nil {
		deal.key, deal.chunks, deal.paths, deal.bad = key, chunks, paths, bad
	}
	x.send(seller, "deliver", refused, &dm.MsgDeliver{Seller: seller.bech32, DealId: r.Id, KeyHash: kh[:], CiphertextRoot: root})
}

// spoil returns a bad ciphertext for chunk index of deal, sealed under key.
func (x *marketActions) spoil(deal *modelDeal, key exchange.Key, index uint64, honest []byte) []byte {
	t := x.c.t
	leaf := deal.rec.LeafStart + index
	proof, err := deal.data.tree.Prove(leaf)
	require.NoError(t, err)
	c := exchange.Chunk{LeafIndex: leaf, Elements: deal.data.leaves[leaf], Path: proof.Siblings}
	switch x.r.Intn(spoilModes) {
	case spoilTag:
		bad := append([]byte(nil), honest...)
		bad[x.r.Intn(len(bad))] ^= 0x01
		return bad
	case spoilLeaf:
		c.LeafIndex = leaf + 1
	default:
		if deal.data.kind == dm.KindData {
			c.Elements, err = randomBatches(x.r, 1)[0].Elements()
			require.NoError(t, err)
		} else {
			c.Elements = make([]fr.Element, len(c.Elements))
			for i := range c.Elements {
				c.Elements[i].SetUint64(x.r.Uint64())
			}
		}
	}
	ct, err := exchange.Seal(key, deal.rec.Id, index, c.Marshal())
	require.NoError(t, err)
	return ct
}

// accept checks the received chunks against the posted ciphertext root, as
// the buyer's sidecar does, and accepts the delivery.
func (x *marketActions) accept(buyer *marketActor, deal *modelDeal) {
	require.Equal(x.c.t, deal.rec.CiphertextRoot, exchange.CiphertextRoot(deal.chunks), "the chunks the buyer received")
	err := x.c.model.data.accept(x.h, buyer.bech32, deal.rec.Id)
	x.send(buyer, "accept delivery", err, &dm.MsgAcceptDelivery{Buyer: buyer.bech32, DealId: deal.rec.Id})
}

// reveal publishes key for the deal.
func (x *marketActions) reveal(seller *marketActor, deal *modelDeal, key []byte) *errorsmod.Error {
	err := x.c.model.data.reveal(x.h, seller.bech32, deal.rec.Id, key)
	x.send(seller, "reveal key", err, &dm.MsgRevealKey{Seller: seller.bech32, DealId: deal.rec.Id, Key: key})
	return err
}

// delivery is what the buyer judges the deal's chunks against.
func (x *marketActions) delivery(deal *modelDeal) exchange.Delivery {
	root, err := commit.DigestFromBytes(deal.rec.DataRoot)
	require.NoError(x.c.t, err)
	d := exchange.Delivery{DealID: deal.rec.Id, LeafStart: deal.rec.LeafStart, DataRoot: root, TreeLeaves: deal.rec.TreeLeaves, Kind: exchange.LeafWeights}
	if deal.rec.Kind == dm.KindData {
		d.Kind, d.Shape = exchange.LeafBatch, marketBatches
	}
	return d
}

// open decrypts the delivery with the revealed key, as the buyer's sidecar
// does: an honest one yields exactly the sold leaves, a spoiled one the
// evidence of its bad chunk.
func (x *marketActions) open(deal *modelDeal) *exchange.BadChunk {
	t := x.c.t
	chunks, bad, err := exchange.OpenDelivery(x.delivery(deal), exchange.Key(deal.rec.Key), deal.rec.CiphertextRoot, deal.chunks)
	require.NoError(t, err)
	if bad != nil {
		require.Equalf(t, deal.bad, int64(bad.Index), "deal %d: the buyer found chunk %d bad (%s)", deal.rec.Id, bad.Index, bad.Fault)
		return bad
	}
	require.Equal(t, int64(-1), deal.bad, "deal %d: the spoiled chunk went unnoticed", deal.rec.Id)
	for i, c := range chunks {
		leaf := deal.rec.LeafStart + uint64(i)
		require.Equal(t, leaf, c.LeafIndex)
		require.Equal(t, deal.data.leaves[leaf], c.Elements, "deal %d chunk %d", deal.rec.Id, i)
	}
	return nil
}

// dispute posts chunk index of the deal (ciphertext and path as given) as
// evidence.
func (x *marketActions) dispute(buyer *marketActor, deal *modelDeal, what string, intended *errorsmod.Error, index uint64, ct []byte, path [][]byte) {
	_, err := x.c.model.data.dispute(x.h, buyer.bech32, deal.rec.Id, index, ct, path)
	msg := &dm.MsgDispute{Buyer: buyer.bech32, DealId: deal.rec.Id, ChunkIndex: index, Ciphertext: ct, CiphertextPath: path}
	if intended != nil {
		x.refuse(buyer, what, intended, err, msg)
		return
	}
	x.send(buyer, what, err, msg)
}

// register registers a as a participant bonded for role (and for the
// extra roles), with its HPKE public key.
func (x *marketActions) register(a *marketActor, role staketypes.Role, bond int64, extra ...staketypes.Role) {
	m := x.c.model
	msgs := []sdk.Msg{&staketypes.MsgRegisterParticipant{
		Owner: a.bech32, Endpoint: "/dns4/" + a.name + ".example/tcp/4001/p2p/" + marketPeerID, HpkePublicKey: a.hpke.PublicKey().Bytes(),
		Profile: staketypes.DeviceProfile{MemoryBytes: 16 << 30, MilliTflops: 10_000, BandwidthBps: 1_000_000_000},
		Role:    role, Bond: coin(bond),
	}}
	m.bondRole(a.bech32, role, math.NewInt(bond))
	for _, r := range extra {
		msgs = append(msgs, &staketypes.MsgBondRole{Owner: a.bech32, Role: r, Amount: coin(bond)})
		m.bondRole(a.bech32, r, math.NewInt(bond))
	}
	x.send(a, "register "+role.String(), nil, msgs...)
}

// marketPeerID is a valid libp2p peer id for the participants' endpoints.
const marketPeerID = "12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X"

// taskMsg is a task with slices validation slices of epoch blocks each,
// committed with random openings, and a committed test set; it returns
// the openings.
func (x *marketActions) taskMsg(creator *marketActor, name string, slices int, epoch uint64) (*bm.MsgCreateTask, []opening, opening) {
	open := func(kind bm.DatasetKind, index uint32) (opening, []byte) {
		ds := x.randomDataset(2 + x.r.Intn(4))
		salt := make([]byte, 32)
		x.r.Read(salt)
		o := opening{root: ds.root(), count: uint64(len(ds.leaves)), salt: salt}
		return o, bm.DatasetCommitment(kind, index, o.root, o.count, o.salt)
	}
	msg := &bm.MsgCreateTask{
		Creator: creator.bech32, Name: name, Description: "three noisy features, three classes",
		Input:     bm.InputSchema{Features: marketFeatures, MinRaw: -1024, MaxRaw: 1024},
		Label:     bm.LabelSchema{Kind: bm.LabelClassification, Classes: marketClasses},
		BatchSize: marketBatchSize, Metric: bm.MetricAccuracy, Direction: bm.HigherIsBetter,
		Format: bm.FixedPointFormat{Bits: uint32(marketFormat.Bits), Frac: uint32(marketFormat.Frac)}, Rounding: bm.RoundNearestEven,
		EpochBlocks: epoch,
	}
	var openings []opening
	for i := range slices {
		o, c := open(bm.DatasetValidation, uint32(i))
		openings = append(openings, o)
		msg.ValidationCommitments = append(msg.ValidationCommitments, c)
	}
	test, c := open(bm.DatasetTest, 0)
	msg.TestSetCommitment = c
	return msg, openings, test
}

// createTask creates a task and returns its id.
func (x *marketActions) createTask(creator *marketActor, msg *bm.MsgCreateTask, validation []opening, test opening) uint64 {
	id, err := x.c.model.builder.createTask(x.h, msg, validation, test)
	x.send(creator, "create task", err, msg)
	require.Nil(x.c.t, err)
	return id
}

// modelMsg is a logistic regression for task, citing no circuit (circuits
// need a governance proposal).
func modelMsg(builder *marketActor, task uint64, name string) *bm.MsgRegisterModel {
	return &bm.MsgRegisterModel{
		Builder: builder.bech32, TaskId: task, Name: name, Architecture: bm.Architecture{Family: bm.FamilyLogisticRegression},
		Format:         bm.FixedPointFormat{Bits: uint32(marketFormat.Bits), Frac: uint32(marketFormat.Frac)},
		InitialWeights: append([]byte{0}, make([]byte, 31)...), WeightsUri: "ipfs://bafy/" + name, RoyaltyBps: 100,
	}
}

// registerModel registers msg and returns the model id (0 if refused).
func (x *marketActions) registerModel(a *marketActor, msg *bm.MsgRegisterModel) uint64 {
	id, err := x.c.model.builder.registerModel(x.h, msg)
	x.send(a, "register model", err, msg)
	return id
}

// postBounty posts a bounty of reward on task until deadline.
func (x *marketActions) postBounty(poster *marketActor, task uint64, reward int64, deadline int64) *errorsmod.Error {
	msg := &bm.MsgPostBounty{Poster: poster.bech32, TaskId: task, Reward: coin(reward), DeadlineHeight: deadline}
	_, err := x.c.model.builder.postBounty(x.h, msg)
	x.send(poster, "post bounty", err, msg)
	return err
}

// revealSlice reveals validation slice index of task with o.
func (x *marketActions) revealSlice(creator *marketActor, task uint64, index uint32, o opening) *errorsmod.Error {
	msg := &bm.MsgRevealValidationSlice{Creator: creator.bech32, TaskId: task, Index: index, DataRoot: o.root, LeafCount: o.count, Salt: o.salt, Uri: "ipfs://bafy/validation"}
	err := x.c.model.builder.revealSlice(x.h, msg)
	x.send(creator, "reveal validation slice", err, msg)
	return err
}

// revealTestSet reveals task's test set with o.
func (x *marketActions) revealTestSet(creator *marketActor, task uint64, o opening) *errorsmod.Error {
	msg := &bm.MsgRevealTestSet{Creator: creator.bech32, TaskId: task, DataRoot: o.root, LeafCount: o.count, Salt: o.salt, Uri: "ipfs://bafy/test"}
	err := x.c.model.builder.revealTestSet(x.h, msg)
	x.send(creator, "reveal test set", err, msg)
	return err
}

// deprecateModel deprecates model id as builder.
func (x *marketActions) deprecateModel(builder *marketActor, id uint64) *errorsmod.Error {
	err := x.c.model.builder.deprecateModel(x.h, builder.bech32, id)
	x.send(builder, "deprecate model", err, &bm.MsgDeprecateModel{Builder: builder.bech32, ModelId: id})
	return err
}
