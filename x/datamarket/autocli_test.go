package datamarket_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
	"github.com/litegpt/litegpt/testutil/autoclitest"
	"github.com/litegpt/litegpt/x/datamarket"
	"github.com/litegpt/litegpt/x/datamarket/types"
)

// signer stands in for --from: the CLI fills the signer field from it.
const signer = "lgpt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5kvk52s"

// The accounts the query examples name: alice sells, bob buys.
const (
	alice = "lgpt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5kvk52s"
	bob   = "lgpt1zqg3yyc5z5tpwxqergd3c8g7ruszzg3rcxklzr"
)

// exampleHeight is the height the order examples are checked at: their
// expiry, 150,000, is within max_order_blocks of it.
const exampleHeight = 50_000

// The digits task of the examples (x/buildermarket's create-task example):
// batches of 32 samples of 64 features in Q8.8, labels 0..9.
var digitsShape = exchange.BatchShape{Samples: 32, Features: 64, Format: commit.Format{Bits: 16, Frac: 8}, Classes: 10}

// Every CLI example in AutoCLIOptions must run (queries) or parse (txs),
// and build the request it means: queries are checked on the request the
// CLI sent, txs on the message the CLI builds from the example's flags and
// arguments, which must pass the message's Validate with the default
// params. The tx examples must also be one true market: the offer's data
// root is the digits data set's, the deliveries and keys are those of the
// deals the matches make, and the dispute's evidence proves deal 2's bad
// chunk under alice's ciphertext root.
func TestAutoCLIExamples(t *testing.T) {
	digits, err := filepath.Abs("../../sidecar/datasets/uci-digits/digits.csv.gz")
	require.NoError(t, err)
	// The update-params example names params.json in the working directory:
	// the Params JSON with dispute_slash_fraction as autocli needs it (see
	// paramsFile).
	t.Chdir(t.TempDir())
	params := types.DefaultParams()
	params.DisputeWindowBlocks = 34_560
	require.NoError(t, os.WriteFile("params.json", paramsFile(t, params), 0o600))

	opts := datamarket.AppModule{}.AutoCLIOptions()
	res := autoclitest.Run(t, types.ModuleName, opts, map[string]gogoproto.Message{
		"Params":    &types.QueryParamsResponse{Params: types.DefaultParams()},
		"Offer":     &types.QueryOfferResponse{},
		"Offers":    &types.QueryOffersResponse{},
		"Bid":       &types.QueryBidResponse{},
		"Bids":      &types.QueryBidsResponse{},
		"OrderBook": &types.QueryOrderBookResponse{},
		"BestOffer": &types.QueryBestOfferResponse{},
		"Deal":      &types.QueryDealResponse{},
		"Deals":     &types.QueryDealsResponse{},
		"LeafUses":  &types.QueryLeafUsesResponse{},
		"Ledger":    &types.QueryLedgerResponse{Ledger: types.ZeroLedger(), Held: math.ZeroInt()},
	})
	checked := map[string]bool{}
	for _, q := range res.Queries {
		checkQuery(t, q)
		checked[q.Method] = true
	}

	msgs := map[string][]gogoproto.Message{}
	for _, tx := range res.Txs {
		msgs[tx.Method] = append(msgs[tx.Method], autoclitest.BuildTx(t, opts.Tx, tx, signer))
		checked[tx.Method] = true
	}
	checkTxs(t, msgs, params, digits)
	autoclitest.RequireEveryMethod(t, opts, checked)
}

// checkQuery checks the request a query example sent.
func checkQuery(t *testing.T, q autoclitest.QueryCall) {
	t.Helper()
	decode := func(req gogoproto.Message) {
		require.NoError(t, gogoproto.Unmarshal(q.Request, req), "example %v", q.Args)
	}
	switch q.Method {
	case "Params":
		decode(&types.QueryParamsRequest{})
	case "Ledger":
		decode(&types.QueryLedgerRequest{})
	case "Offer":
		var req types.QueryOfferRequest
		decode(&req)
		require.Equal(t, uint64(1), req.OrderId)
	case "Offers":
		var req types.QueryOffersRequest
		decode(&req)
		if req.Seller == "" {
			require.Equal(t, uint64(20), req.Pagination.Limit)
		} else {
			require.Equal(t, alice, req.Seller)
		}
	case "Bid":
		var req types.QueryBidRequest
		decode(&req)
		require.Equal(t, uint64(3), req.OrderId)
	case "Bids":
		var req types.QueryBidsRequest
		decode(&req)
		if len(q.Args) > 0 {
			require.Equal(t, bob, req.Buyer)
		} else {
			require.Empty(t, req.Buyer, "all bids")
		}
	case "OrderBook":
		var req types.QueryOrderBookRequest
		decode(&req)
		require.NoError(t, types.ValidateKind(req.Kind))
		require.Equal(t, uint64(1), req.SubjectId, "task 1 or model 1")
		if req.Kind == types.KindData {
			require.Equal(t, uint64(10), req.Pagination.Limit)
		}
	case "BestOffer":
		var req types.QueryBestOfferRequest
		decode(&req)
		require.Equal(t, uint64(3), req.BidId)
	case "Deal":
		var req types.QueryDealRequest
		decode(&req)
		require.Equal(t, uint64(1), req.DealId)
	case "Deals":
		var req types.QueryDealsRequest
		decode(&req)
		require.True(t, (req.Buyer == "") != (req.Seller == ""), "exactly one of buyer and seller: %v", q.Args)
		if req.Buyer != "" {
			require.Equal(t, bob, req.Buyer)
		} else {
			require.Equal(t, alice, req.Seller)
			require.Equal(t, uint64(10), req.Pagination.Limit)
		}
	case "LeafUses":
		var req types.QueryLeafUsesRequest
		decode(&req)
		require.Equal(t, uint64(1), req.DealId)
	default:
		t.Fatalf("query %s is not checked", q.Method)
	}
}

// checkTxs checks the messages the tx examples build, on their own and as
// one market: orders 1 and 2 are the offers, 3 and 4 the bids, in example
// order; the matches make deals 1 and 2 of bid 3 and offer 1.
func checkTxs(t *testing.T, msgs map[string][]gogoproto.Message, params types.Params, digits string) {
	t.Helper()
	defaults := types.DefaultParams()
	all := func(method string, n int) []gogoproto.Message {
		require.Len(t, msgs[method], n, "examples of %s", method)
		return msgs[method]
	}

	// Offers: alice's DATA offer of the digits, carol's model update.
	offers := all("PostOffer", 2)
	dataOffer := offers[0].(*types.MsgPostOffer)
	require.NoError(t, dataOffer.Validate(defaults, exampleHeight))
	require.Equal(t, []any{types.KindData, uint64(1), uint64(56), math.NewInt(1000), int64(150_000), uint64(400_000)},
		[]any{dataOffer.Kind, dataOffer.TaskId, dataOffer.LeafCount, dataOffer.PricePerLeaf, dataOffer.ExpiryHeight, dataOffer.MinBuyerReputation})
	require.Equal(t, []types.GroupCount{{Group: "uci-digits", Samples: 1792}}, dataOffer.GroupCounts)
	require.NoError(t, types.CheckGroupTotal(types.GroupSamples(dataOffer.GroupCounts), dataOffer.LeafCount, uint32(digitsShape.Samples)))

	enc, err := marketfiles.EncodeCSVFile(digits, marketfiles.CSVOptions{
		Format: digitsShape.Format, Rounding: commit.RoundNearestEven, BatchSize: digitsShape.Samples, LabelColumn: -1,
	})
	require.NoError(t, err)
	dataRoot, tree, err := commit.Root(enc.Batches)
	require.NoError(t, err)
	require.Equal(t, dataRoot[:], dataOffer.DataRoot, "the offer sells what `litegptd market encode-csv` makes of the digits")
	require.Equal(t, uint64(len(enc.Batches)), dataOffer.LeafCount)
	require.Equal(t, types.GroupSamples(dataOffer.GroupCounts), math.NewInt(int64(enc.Samples())))
	elements, err := marketfiles.Elements(enc.Batches)
	require.NoError(t, err)

	update := offers[1].(*types.MsgPostOffer)
	require.NoError(t, update.Validate(defaults, exampleHeight))
	require.Equal(t, []any{types.KindModelUpdate, uint64(1), uint64(1), uint64(3)},
		[]any{update.Kind, update.TaskId, update.ModelId, update.VersionId})
	weights := exampleWeights()
	commitment, err := commit.WeightsCommitment(weights)
	require.NoError(t, err)
	require.Equal(t, commitment[:], update.WeightsCommitment)
	weightsTree, err := commit.WeightsChunkTree(weights)
	require.NoError(t, err)
	weightsRoot := weightsTree.Root()
	require.Equal(t, weightsRoot[:], update.DataRoot, "a model update's data root is the root of its weights chunks")
	require.Equal(t, weightsTree.Count(), update.LeafCount)

	// Bids: bob's, for model 1 of the digits task; he cancels the second.
	bids := all("PostBid", 2)
	dataBid := bids[0].(*types.MsgPostBid)
	require.NoError(t, dataBid.Validate(defaults, exampleHeight))
	require.Equal(t, []any{types.KindData, uint64(1), uint64(16), math.NewInt(1200)},
		[]any{dataBid.Kind, dataBid.ModelId, dataBid.LeafCount, dataBid.MaxPricePerLeaf})
	escrow, err := types.BidEscrow(dataBid.LeafCount, dataBid.MaxPricePerLeaf)
	require.NoError(t, err)
	require.Equal(t, math.NewInt(19_200), escrow)
	updateBid := bids[1].(*types.MsgPostBid)
	require.NoError(t, updateBid.Validate(defaults, exampleHeight))
	require.Equal(t, types.KindModelUpdate, updateBid.Kind)
	require.Equal(t, update.ModelId, updateBid.ModelId)
	require.True(t, update.PricePerLeaf.LTE(updateBid.MaxPricePerLeaf), "the model-update orders cross")

	cancel := all("CancelOrder", 1)[0].(*types.MsgCancelOrder)
	require.NoError(t, cancel.Validate())
	require.Equal(t, uint64(4), cancel.OrderId, "bob cancels his model-update bid")

	// Matches: bid 3 with offer 1, first 8 leaves, then the rest of the bid.
	offer := types.Offer{Id: 1, Kind: dataOffer.Kind, TaskId: dataOffer.TaskId, LeafCount: dataOffer.LeafCount, PricePerLeaf: dataOffer.PricePerLeaf}
	bid := types.Bid{Id: 3, Kind: dataBid.Kind, TaskId: 1, ModelId: dataBid.ModelId, LeafCount: dataBid.LeafCount, MaxPricePerLeaf: dataBid.MaxPricePerLeaf}
	type sold struct{ start, count uint64 }
	var deals []sold
	for _, m := range all("Match", 2) {
		match := m.(*types.MsgMatch)
		require.NoError(t, match.Validate())
		require.Equal(t, []uint64{bid.Id, offer.Id}, []uint64{match.BidId, match.OfferId})
		require.Equal(t, offer.Book(), bid.Book(), "the orders share a book")
		leaves := match.Leaves
		if leaves == 0 {
			leaves = min(offer.Remaining(), bid.Remaining())
		}
		require.LessOrEqual(t, leaves, min(offer.Remaining(), bid.Remaining()))
		deals = append(deals, sold{offer.Filled, leaves})
		offer.Filled += leaves
		bid.Filled += leaves
	}
	require.Equal(t, []sold{{0, 8}, {8, 8}}, deals)
	require.Zero(t, bid.Remaining(), "the second match fills the bid")
	require.True(t, offer.PricePerLeaf.LTE(bid.MaxPricePerLeaf), "the data orders cross")
	seller, router, protocol := defaults.Fees(offer.PricePerLeaf.MulRaw(int64(deals[0].count)))
	require.Equal(t, []int64{7_880, 40, 80}, []int64{seller.Int64(), router.Int64(), protocol.Int64()}, "the README's fee example")

	// The fair exchange of both deals.
	delivers := all("Deliver", 2)
	reveals := all("RevealKey", 2)
	accept := all("AcceptDelivery", 1)[0].(*types.MsgAcceptDelivery)
	require.NoError(t, accept.Validate())
	require.Equal(t, uint64(1), accept.DealId)
	keys := make([]exchange.Key, 2)
	for i := range 2 {
		deliver, reveal := delivers[i].(*types.MsgDeliver), reveals[i].(*types.MsgRevealKey)
		require.NoError(t, deliver.Validate())
		require.NoError(t, reveal.Validate())
		id := uint64(i + 1)
		require.Equal(t, []uint64{id, id}, []uint64{deliver.DealId, reveal.DealId})
		keys[i], err = exchange.KeyFromBytes(reveal.Key)
		require.NoError(t, err)
		hash := exchange.KeyHash(keys[i])
		require.Equal(t, hash[:], deliver.KeyHash, "deal %d: the revealed key hashes to the delivered H(k)", id)
	}
	delivery := func(id uint64) exchange.Delivery {
		return exchange.Delivery{DealID: id, LeafStart: deals[id-1].start, DataRoot: dataRoot, TreeLeaves: dataOffer.LeafCount,
			Kind: exchange.LeafBatch, Shape: digitsShape}
	}

	// Deal 1 is honest: alice sealed leaves 0..7 under key 1.
	honest, err := exchange.SealLeaves(keys[0], 1, tree, deals[0].start, elements[deals[0].start:deals[0].start+deals[0].count])
	require.NoError(t, err)
	require.Equal(t, exchange.CiphertextRoot(honest), delivers[0].(*types.MsgDeliver).CiphertextRoot)
	opened, bad, err := exchange.OpenDelivery(delivery(1), keys[0], delivers[0].(*types.MsgDeliver).CiphertextRoot, honest)
	require.NoError(t, err)
	require.Nil(t, bad)
	require.Len(t, opened, 8)

	// Deal 2: chunk 3 is 32 zero bytes sealed under key 2 instead of leaf 11.
	dispute := all("Dispute", 1)[0].(*types.MsgDispute)
	require.NoError(t, dispute.Validate(defaults))
	require.Equal(t, []uint64{2, 3}, []uint64{dispute.DealId, dispute.ChunkIndex})
	cheat, err := exchange.SealLeaves(keys[1], 2, tree, deals[1].start, elements[deals[1].start:deals[1].start+deals[1].count])
	require.NoError(t, err)
	cheat[3], err = exchange.Seal(keys[1], 2, 3, make([]byte, 32))
	require.NoError(t, err)
	root := delivers[1].(*types.MsgDeliver).CiphertextRoot
	require.Equal(t, exchange.CiphertextRoot(cheat), root)
	_, bad, err = exchange.OpenDelivery(delivery(2), keys[1], root, cheat)
	require.NoError(t, err)
	require.NotNil(t, bad, "the buyer's check finds the bad chunk")
	require.Equal(t, []any{bad.Index, bad.Ciphertext, bad.Path}, []any{dispute.ChunkIndex, dispute.Ciphertext, dispute.CiphertextPath},
		"the dispute example is the evidence `litegptd market open` prints")
	// What the chain checks: the chunk is the seller's, and it is bad.
	require.NoError(t, exchange.VerifyCiphertext(root, deals[1].count, dispute.ChunkIndex, dispute.Ciphertext, dispute.CiphertextPath))
	require.Contains(t, exchange.Judge(delivery(2), keys[1], dispute.ChunkIndex, dispute.Ciphertext), "chunk 3 plaintext is malformed")

	updateParams := all("UpdateParams", 1)[0].(*types.MsgUpdateParams)
	require.NoError(t, updateParams.Params.Validate())
	require.Equal(t, params, updateParams.Params, "read from params.json")
}

// paramsFile is the params.json a user writes for update-params-proposal:
// the Params JSON (as the chain's codec writes it) except for
// dispute_slash_fraction, which holds the LegacyDec's wire form, the
// integer of 10^-18 units (0.1 is "100000000000000000"). autocli reads a
// JSON message argument into the message as it stands, and only converts
// decimals of top-level cosmos.Dec fields, so the decimal form "0.1..."
// would stay as it is, and neither the CLI (which fails with "math/big:
// cannot unmarshal") nor the chain could decode the message
// (TestAutoCLIParamsDecimal).
func paramsFile(t *testing.T, p types.Params) []byte {
	t.Helper()
	bz, err := moduletestutil.MakeTestEncodingConfig().Codec.MarshalJSON(&p)
	require.NoError(t, err)
	decimal := `"dispute_slash_fraction":"` + p.DisputeSlashFraction.String() + `"`
	require.Equal(t, 1, strings.Count(string(bz), decimal), "%s", bz)
	return []byte(strings.Replace(string(bz), decimal, `"dispute_slash_fraction":"`+p.DisputeSlashFraction.BigInt().String()+`"`, 1))
}

// exampleWeights stands in for the weights of carol's version 3 of model 1
// (10 x 65 values in Q8.8); the model-update example offers its one chunk.
func exampleWeights() commit.Tensor {
	values := make([]int64, 10*65)
	for i := range values {
		values[i] = int64(i*7919%1024) - 512
	}
	return commit.Tensor{Format: commit.Format{Bits: 16, Frac: 8}, Shape: []uint32{10, 65}, Values: values}
}

// The update-params-proposal command needs dispute_slash_fraction in the
// LegacyDec's wire form (paramsFile): with the decimal form the query
// prints and the chain's codec writes, the message does not decode as the
// gogoproto type (the CLI fails when it encodes the proposal, and the
// chain could not decode it either). If autocli ever converts nested
// decimals, this fails, and the command's help and the README must change.
func TestAutoCLIParamsDecimal(t *testing.T) {
	t.Chdir(t.TempDir())
	params := types.DefaultParams()
	decimal, err := moduletestutil.MakeTestEncodingConfig().Codec.MarshalJSON(&params)
	require.NoError(t, err)
	require.Contains(t, string(decimal), `"dispute_slash_fraction":"0.100000000000000000"`)
	require.NoError(t, os.WriteFile("decimal.json", decimal, 0o600))
	require.NoError(t, os.WriteFile("wire.json", paramsFile(t, params), 0o600))

	tx := datamarket.AppModule{}.AutoCLIOptions().Tx
	_, err = autoclitest.DecodeTx(autoclitest.EncodeTx(t, tx, autoclitest.TxExample{Method: "UpdateParams", Args: []string{"decimal.json", "--from", "alice"}}, signer))
	require.ErrorContains(t, err, `cannot unmarshal "0.100000000000000000"`)

	msg, err := autoclitest.DecodeTx(autoclitest.EncodeTx(t, tx, autoclitest.TxExample{Method: "UpdateParams", Args: []string{"wire.json", "--from", "alice"}}, signer))
	require.NoError(t, err)
	require.Equal(t, params, msg.(*types.MsgUpdateParams).Params)
	require.True(t, math.LegacyNewDecWithPrec(10, 2).Equal(msg.(*types.MsgUpdateParams).Params.DisputeSlashFraction))
}
