package networktest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
	buildertestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	pogtestutil "github.com/litegpt/litegpt/x/pog/testutil"
)

// taskEpochBlocks is the task's validation epoch: slice 0, revealed right
// after the task is created, stays the latest slice for the whole test.
const taskEpochBlocks = 1_000

// validationSalt blinds the commitment of validation slice 0.
var validationSalt = buildertestutil.Hash("x/pog network test: validation salt 0")

// createTaskMsg is the small circuit's task: 3-class classification of
// batches of 4 samples of 3 features in the circuit's input format
// (Q8.8), raw features in the synthetic data's range, scored by accuracy
// (higher is better), with one validation slice committed to validation.
func createTaskMsg(creator string, validation pogtestutil.Data) *buildertypes.MsgCreateTask {
	shape := prover.CircuitShape()
	span := int64(1) << (prover.Shape.Numerics.InputFrac + 2) // pogtestutil.Dataset's features are in [-span/2, span/2)
	slice0 := buildertypes.DatasetCommitment(buildertypes.DatasetValidation, 0, validation.Root[:], uint64(len(validation.Batches)), validationSalt)
	return &buildertypes.MsgCreateTask{
		Creator: creator, Name: "synthetic 3-class", Description: "x/pog network test: the small step circuit's task",
		Input:     buildertypes.InputSchema{Features: shape.Features, MinRaw: -span / 2, MaxRaw: span/2 - 1, Description: "synthetic features"},
		Label:     buildertypes.LabelSchema{Kind: buildertypes.LabelClassification, Classes: shape.Classes, Description: "synthetic class"},
		BatchSize: shape.BatchSize, Metric: buildertypes.MetricAccuracy, Direction: buildertypes.HigherIsBetter,
		Format: shape.Format, Rounding: buildertypes.RoundNearestEven, EpochBlocks: taskEpochBlocks,
		ValidationCommitments: [][]byte{slice0},
		TestSetCommitment:     buildertypes.DatasetCommitment(buildertypes.DatasetTest, 0, buildertestutil.Digest(0x7e), 16, buildertestutil.Hash("test salt")),
	}
}

// setUpTask has the builder create the task, then register the logistic
// regression trained by the approved circuit from initial weights and
// reveal validation slice 0 (one transaction). It returns the task and
// model ids.
func setUpTask(t *testing.T, ctx context.Context, builder account, validation pogtestutil.Data, initial commit.Digest) (uint64, uint64) {
	t.Helper()
	created := txEvent[buildertypes.EventTaskCreated](t, sendTx(t, ctx, builder.name, createTaskMsg(builder.addr.String(), validation))).Task
	res := sendTx(t, ctx, builder.name,
		&buildertypes.MsgRegisterModel{
			Builder: builder.addr.String(), TaskId: created.Id, Name: "logreg-small",
			Architecture: buildertypes.Architecture{Family: buildertypes.FamilyLogisticRegression},
			Format:       prover.CircuitShape().Format, InitialWeights: initial[:], WeightsUri: "mem://weights/initial",
			TrainCircuitId: circuitID, RoyaltyBps: 250,
		},
		&buildertypes.MsgRevealValidationSlice{
			Creator: builder.addr.String(), TaskId: created.Id, Index: 0, DataRoot: validation.Root[:],
			LeafCount: uint64(len(validation.Batches)), Uri: "mem://validation/0", Salt: validationSalt,
		})
	model := txEvent[buildertypes.EventModelRegistered](t, res).Model
	require.Equal(t, circuitID, model.TrainCircuitId)
	slice := txEvent[buildertypes.EventValidationSliceRevealed](t, res).Slice
	require.Equal(t, validation.Root[:], slice.Dataset.DataRoot)
	return created.Id, model.Id
}

// orderLifetime is how long orders stay open, in blocks: beyond the test.
const orderLifetime = 1_000

// trade posts the seller's offer of all of data's leaves at price and the
// learner's bid for as many at the same price, and has the router match
// them. It returns the deal.
func trade(t *testing.T, ctx context.Context, p participants, taskID, modelID uint64, data pogtestutil.Data, price int64) datamarkettypes.Deal {
	t.Helper()
	leaves := uint64(len(data.Batches))
	expiry := latestHeight(t, ctx) + orderLifetime
	res := sendParallel(t, ctx,
		tx{p.seller.name, []sdk.Msg{&datamarkettypes.MsgPostOffer{
			Seller: p.seller.addr.String(), Kind: datamarkettypes.KindData, TaskId: taskID,
			DataRoot: data.Root[:], LeafCount: leaves, PricePerLeaf: math.NewInt(price),
			GroupCounts:  []datamarkettypes.GroupCount{{Group: "synthetic", Samples: leaves * uint64(prover.Shape.Batch)}},
			ExpiryHeight: expiry,
		}}},
		tx{p.learner.name, []sdk.Msg{&datamarkettypes.MsgPostBid{
			Buyer: p.learner.addr.String(), Kind: datamarkettypes.KindData, ModelId: modelID,
			LeafCount: leaves, MaxPricePerLeaf: math.NewInt(price), ExpiryHeight: expiry,
		}}},
	)
	offer := txEvent[datamarkettypes.EventOfferPosted](t, res[0]).Offer
	bid := txEvent[datamarkettypes.EventBidPosted](t, res[1]).Bid
	d := txEvent[datamarkettypes.EventMatched](t, sendTx(t, ctx, p.router.name,
		&datamarkettypes.MsgMatch{Router: p.router.addr.String(), BidId: bid.Id, OfferId: offer.Id})).Deal
	require.Equal(t, p.learner.addr.String(), d.Buyer)
	require.Equal(t, data.Root[:], d.DataRoot)
	require.Equal(t, uint64(0), d.LeafStart)
	require.Equal(t, leaves, d.LeafCount)
	return d
}

// exchangeLeaves runs the fair exchange of deal d with an honest seller:
// the seller seals the deal's leaves of data as pkg/exchange chunks under a
// fresh key and posts the ciphertext root, the learner checks the chunks
// it received against it and accepts, the seller reveals the key. It
// returns the chunks and the height the deal settles at.
func exchangeLeaves(t *testing.T, ctx context.Context, p participants, data pogtestutil.Data, d datamarkettypes.Deal) ([][]byte, int64) {
	t.Helper()
	key, err := exchange.NewKey(nil)
	require.NoError(t, err)
	elements, err := marketfiles.Elements(data.Batches[d.LeafStart : d.LeafStart+d.LeafCount])
	require.NoError(t, err)
	chunks, err := exchange.SealLeaves(key, d.Id, data.Tree, d.LeafStart, elements)
	require.NoError(t, err)
	keyHash := exchange.KeyHash(key)
	root := exchange.CiphertextRoot(chunks)
	sendTx(t, ctx, p.seller.name, &datamarkettypes.MsgDeliver{Seller: p.seller.addr.String(), DealId: d.Id, KeyHash: keyHash[:], CiphertextRoot: root})

	got := deal(t, ctx, d.Id)
	_, paths := exchange.CiphertextPaths(chunks)
	for i, c := range chunks {
		require.NoError(t, exchange.VerifyCiphertext(got.CiphertextRoot, got.LeafCount, uint64(i), c, paths[i]), "chunk %d", i)
	}
	sendTx(t, ctx, p.learner.name, &datamarkettypes.MsgAcceptDelivery{Buyer: p.learner.addr.String(), DealId: d.Id})
	res := sendTx(t, ctx, p.seller.name, &datamarkettypes.MsgRevealKey{Seller: p.seller.addr.String(), DealId: d.Id, Key: key[:]})
	return chunks, txEvent[datamarkettypes.EventKeyRevealed](t, res).SettlesAtHeight
}

// openLeaves is the learner's side after the reveal: it decrypts deal id's
// chunks with the key revealed on chain, judging each against the deal's
// data root and the task's batch shape, and rebuilds the data tree from
// the leaves (the deal sold all of them), which must have the deal's root.
func openLeaves(t *testing.T, ctx context.Context, id uint64, chunks [][]byte) pogtestutil.Data {
	t.Helper()
	d := deal(t, ctx, id)
	require.Equal(t, d.TreeLeaves, d.LeafCount, "the deal sold the whole tree")
	key, err := exchange.KeyFromBytes(d.Key)
	require.NoError(t, err, "deal %d has a revealed key", d.Id)
	dataRoot, err := commit.DigestFromBytes(d.DataRoot)
	require.NoError(t, err)
	shape := prover.Shape
	opened, bad, err := exchange.OpenDelivery(exchange.Delivery{
		DealID: d.Id, LeafStart: d.LeafStart, DataRoot: dataRoot, TreeLeaves: d.TreeLeaves, Kind: exchange.LeafBatch,
		Shape: exchange.BatchShape{Samples: shape.Batch, Features: shape.Features, Format: shape.InputFormat(), Classes: int64(shape.Classes)},
	}, key, d.CiphertextRoot, chunks)
	require.NoError(t, err)
	require.Nil(t, bad, "an honest delivery has no bad chunk")
	batches := make([]commit.Batch, len(opened))
	for i, c := range opened {
		require.Equal(t, d.LeafStart+uint64(i), c.LeafIndex)
		batches[i], err = commit.DecodeBatch(c.Elements)
		require.NoError(t, err)
	}
	root, tree, err := commit.Root(batches)
	require.NoError(t, err)
	require.Equal(t, dataRoot, root, "the leaves bought rebuild the offer's data root")
	return pogtestutil.Data{Batches: batches, Tree: tree, Root: root}
}

// deal queries deal id.
func deal(t *testing.T, ctx context.Context, id uint64) datamarkettypes.Deal {
	t.Helper()
	res, err := datamarkettypes.NewQueryClient(net.GRPCConn()).Deal(ctx, &datamarkettypes.QueryDealRequest{DealId: id})
	require.NoError(t, err)
	return res.Deal
}

// leafUses lists how often accepted proofs cited deal id's leaves.
func leafUses(t *testing.T, ctx context.Context, id uint64) []datamarkettypes.LeafUse {
	t.Helper()
	res, err := datamarkettypes.NewQueryClient(net.GRPCConn()).LeafUses(ctx, &datamarkettypes.QueryLeafUsesRequest{DealId: id})
	require.NoError(t, err)
	return res.Uses
}
