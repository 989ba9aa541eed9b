package datamarket

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// The examples walk through one market on the UCI digits task (task 1,
// batches of 32 samples of 64 features in Q8.8, 10 classes) and its model 1:
//
//   - order 1: alice offers the 56 leaves `litegptd market encode-csv`
//     makes of sidecar/datasets/uci-digits (data root below) at 1000ulgpt a
//     leaf, to buyers of reputation 400000 and up;
//   - order 2: carol offers a model update of model 1 (version 3), one
//     weights chunk;
//   - orders 3 and 4: bob bids for 16 leaves of data at most 1200ulgpt and
//     for one model update at most 300000ulgpt; he cancels order 4;
//   - deals 1 and 2: router dave matches bid 3 with offer 1 twice, 8 leaves
//     each (leaves 0..7 and 8..15) at the resting offer's 1000ulgpt;
//   - alice delivers both (`litegptd market deliver`), bob accepts, alice
//     reveals both keys; in deal 2 she sent an encrypted chunk 3 of 32 zero
//     bytes instead of leaf 11, and bob disputes it with the evidence
//     `litegptd market open` prints.
//
// Every root, hash and piece of evidence is what those tools compute for
// these deals with the two keys revealed below (autocli_test.go recomputes
// them); bytes are base64, as the tools print them (autocli also takes hex,
// or the path of a file holding the raw bytes).
const (
	exampleAlice = "lgpt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5kvk52s"
	exampleBob   = "lgpt1zqg3yyc5z5tpwxqergd3c8g7ruszzg3rcxklzr"

	// exampleDataRoot is the data root of the digits' 56 leaves.
	exampleDataRoot = "G4ViekeWondzX9QE2L8kB2AKPEH6AXuYk+tPVlXaIXw="
	// exampleWeightsRoot and exampleWeightsCommitment are the data root
	// (of its one chunk) and the weights commitment of carol's version.
	exampleWeightsRoot       = "ANoHDYzBFbAE9O3wW0jOvJfQPD7woA0LNurKuy9i5oY="
	exampleWeightsCommitment = "HLTHRMmPVW92lGp9IA60j1DI8E+UimecjsLTJgC1Nk4="

	// The keys of deals 1 and 2, their hashes and the ciphertext roots of
	// the deliveries.
	exampleKey1            = "9q0kMwbiAWB1m7p/UsiQt3EK+rPNiZ8vd7OxxgqKbrs="
	exampleKeyHash1        = "xWjDtts4x8FNmZGdL7IpNK4xv8xc7QjUlk2SztzwyTQ="
	exampleCiphertextRoot1 = "q9M3gXG2wnyByVGKlzXEYLWGbp4+MggOFx/6fnzATGg="
	exampleKey2            = "s1QX4qdXyn5NAwpfy9M4/oJFM3yCYxN8vO6i1mG8E0w="
	exampleKeyHash2        = "NtAoQ4FgVevxAnoMUFqwZmzpoKbIr1Sjk6B1F+AQAx8="
	exampleCiphertextRoot2 = "gzTh/SK3djSVh0wKl9PnmeQP9yjwtPcy49lQ7iMLhuY="

	// exampleBadChunk is deal 2's chunk 3 and its path in alice's
	// ciphertext tree of 8 chunks.
	exampleBadChunk = "YCbeHW98XPFkic/ih+VK8wv5om2DAhPP8pWc+/PrMu1wLzE5VR3cM6R8bZxrt3Fm"
	exampleBadPath  = "--ciphertext-path lb5jGbEXQ/wVU5g68PWXZafLQcDoAUtg2/8izjYQGv0= " +
		"--ciphertext-path wmwOnoQy1I68JPOydEdbBZIHGR7WMyilBJmyP6pgU1I= " +
		"--ciphertext-path uif+6xf/U+MfqdRD+w8BKUGya6BQcfKj4dJEBkRIgCI="
)

// AutoCLIOptions describes the module's CLI: `litegptd query datamarket
// ...` and `litegptd tx datamarket ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service:           types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: queryCommands(),
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:           types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: txCommands(),
		},
	}
}

func queryCommands() []*autocliv1.RpcCommandOptions {
	orderID := []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}}
	dealID := []*autocliv1.PositionalArgDescriptor{{ProtoField: "deal_id"}}
	return []*autocliv1.RpcCommandOptions{
		{
			RpcMethod: "Params",
			Use:       "params",
			Short:     "Show the datamarket parameters (fees, order limits, the four deal windows, dispute slash, EndBlock bound)",
			Example:   "litegptd query datamarket params",
		},
		{
			RpcMethod:      "Offer",
			Use:            "offer [order-id]",
			Short:          "Show an open offer: kind, task or model, data root, leaves left, price, minimum buyer reputation, expiry",
			Long:           "Closed offers (filled, cancelled, expired) are removed; their deals stay (see the deal queries).",
			Example:        "litegptd query datamarket offer 1",
			PositionalArgs: orderID,
		},
		{
			RpcMethod: "Offers",
			Use:       "offers",
			Short:     "List open offers by id, all of them or one seller's (--seller)",
			Example:   "litegptd query datamarket offers --page-limit 20\nlitegptd query datamarket offers --seller " + exampleAlice,
		},
		{
			RpcMethod:      "Bid",
			Use:            "bid [order-id]",
			Short:          "Show an open bid: kind, model, leaves wanted and bought, maximum price, escrow left, expiry",
			Example:        "litegptd query datamarket bid 3",
			PositionalArgs: orderID,
		},
		{
			RpcMethod: "Bids",
			Use:       "bids",
			Short:     "List open bids by id, all of them or one buyer's (--buyer)",
			Example:   "litegptd query datamarket bids\nlitegptd query datamarket bids --buyer " + exampleBob,
		},
		{
			RpcMethod: "OrderBook",
			Use:       "order-book [kind] [subject-id]",
			Short:     "List a book's offers in priority order: minimum-reputation bucket, then price, then age",
			Long: "kind is data or model-update; subject-id is the task id of a data book and the model id of a model-update book. " +
				"The list is in index order: offers open to every buyer (minimum 0) first, then each bucket of 50000 reputation, " +
				"each by price and then id. Offers already past their expiry height are listed until EndBlock closes them; " +
				"best-offer skips them.",
			Example:        "litegptd query datamarket order-book data 1 --page-limit 10\nlitegptd query datamarket order-book model-update 1",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "kind"}, {ProtoField: "subject_id"}},
		},
		{
			RpcMethod: "BestOffer",
			Use:       "best-offer [bid-id]",
			Short:     "Show the offer a router must match the bid with, and whether its price crosses the bid's maximum",
			Long: "The best priced, then oldest, offer of the bid's book that is not expired, not the buyer's own and open to the buyer's " +
				"current reputation. MsgMatch refuses any other offer. Not found when no offer is eligible.",
			Example:        "litegptd query datamarket best-offer 3",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "bid_id"}},
		},
		{
			RpcMethod: "Deal",
			Use:       "deal [deal-id]",
			Short:     "Show a deal: parties, leaf range, price, status, H(k), ciphertext root, revealed key and deadlines",
			Long: "Sellers and buyers read the values the offline tools need from it: leaf_start and leaf_count for " +
				"`litegptd market deliver`, ciphertext_root for `litegptd market check-delivery`, and key, data_root and " +
				"tree_leaves for `litegptd market open`. deadline_height is the first height at which the current stage " +
				"expires (for KEY_REVEALED: at which the deal settles).",
			Example:        "litegptd query datamarket deal 1",
			PositionalArgs: dealID,
		},
		{
			RpcMethod: "Deals",
			Use:       "deals",
			Short:     "List deals, open and closed, by id: all, one buyer's (--buyer) or one seller's (--seller), not both",
			Example:   "litegptd query datamarket deals --buyer " + exampleBob + "\nlitegptd query datamarket deals --seller " + exampleAlice + " --page-limit 10",
		},
		{
			RpcMethod: "Ledger",
			Use:       "ledger",
			Short:     "Show every coin that entered or left the escrow since genesis, by destination, and what the module holds",
			Long: "escrowed = refunded_orders + refunded_deals + paid_to_sellers + router_fees + protocol_fees + held " +
				"(LedgerInvariant checks it after every operation in tests and at genesis).",
			Example: "litegptd query datamarket ledger",
		},
		{
			RpcMethod:      "LeafUses",
			Use:            "leaf-uses [deal-id]",
			Short:          "List how many accepted proofs cited each leaf of a settled deal (leaves never cited are not listed)",
			Example:        "litegptd query datamarket leaf-uses 1",
			PositionalArgs: dealID,
		},
	}
}

func txCommands() []*autocliv1.RpcCommandOptions {
	dealID := &autocliv1.PositionalArgDescriptor{ProtoField: "deal_id"}
	return []*autocliv1.RpcCommandOptions{
		{
			RpcMethod: "PostOffer",
			Use:       "post-offer [kind] [task-id] [data-root] [leaf-count] [price-per-leaf] [expiry-height]",
			Short:     "Offer leaves of data or a model update for sale (needs the DATA_NODE role)",
			Long: "kind is data or model-update. data-root is the 32-byte commitment of exactly leaf-count leaves (base64 or hex): " +
				"for data, `litegptd market encode-csv` encodes a CSV file in the task's shape and prints both, and " +
				"`litegptd market data-root` reads them from a leaves file; for a model update it is the root of the version's " +
				"weights chunks. price-per-leaf is a positive integer amount of ulgpt; leaf-count is 1..max_leaves_per_order; " +
				"expiry-height is an absolute height 1..max_order_blocks ahead. A model-update offer also needs --model-id, " +
				"--version-id (the seller's Proof-of-Gradient version) and --weights-commitment (that version's 32-byte " +
				"commitment). --group-counts (JSON, repeatable) break a data offer's samples down by group, at most leaf-count " +
				"times the task's batch size in all; --min-buyer-reputation (a multiple of 50000, at most 1000000) keeps " +
				"buyers of lower reputation out. Buyers take the leaves in order; each match sells the next range.",
			Example: "litegptd tx datamarket post-offer data 1 " + exampleDataRoot + " 56 1000 150000 " +
				`--group-counts '{"group":"uci-digits","samples":1792}' --min-buyer-reputation 400000 --from alice` + "\n" +
				"litegptd tx datamarket post-offer model-update 1 " + exampleWeightsRoot + " 1 250000 150000 " +
				"--model-id 1 --version-id 3 --weights-commitment " + exampleWeightsCommitment + " --from carol",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{
				{ProtoField: "kind"}, {ProtoField: "task_id"}, {ProtoField: "data_root"},
				{ProtoField: "leaf_count"}, {ProtoField: "price_per_leaf"}, {ProtoField: "expiry_height"},
			},
		},
		{
			RpcMethod: "PostBid",
			Use:       "post-bid [kind] [model-id] [leaf-count] [max-price-per-leaf] [expiry-height]",
			Short:     "Bid for leaves for an active model (needs the LEARNER role); escrows leaf-count * max-price-per-leaf ulgpt",
			Long: "kind is data (offers of the model's task) or model-update (offers of the model). max-price-per-leaf is a positive " +
				"integer amount of ulgpt; expiry-height is an absolute height 1..max_order_blocks ahead. Sellers seal their " +
				"deliveries to the HPKE key of your x/stake record. A match below your maximum returns the difference at once; " +
				"cancelling or expiry returns the escrow of the leaves not bought.",
			Example: "litegptd tx datamarket post-bid data 1 16 1200 150000 --from bob\n" +
				"litegptd tx datamarket post-bid model-update 1 1 300000 150000 --from bob",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{
				{ProtoField: "kind"}, {ProtoField: "model_id"}, {ProtoField: "leaf_count"},
				{ProtoField: "max_price_per_leaf"}, {ProtoField: "expiry_height"},
			},
		},
		{
			RpcMethod:      "CancelOrder",
			Use:            "cancel-order [order-id]",
			Short:          "Cancel your open offer or bid; a bid's unspent escrow comes back (deals already matched go on)",
			Example:        "litegptd tx datamarket cancel-order 4 --from bob",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}},
		},
		{
			RpcMethod: "Match",
			Use:       "match [bid-id] [offer-id]",
			Short:     "Match a bid with its best offer (needs the ROUTER role); the deal executes at the older order's price",
			Long: "The offer must be the bid's best offer (`litegptd query datamarket best-offer BID`) and its price at most the bid's " +
				"maximum. --leaves fills that many leaves (default 0: as many as both orders have left); the deal sells the offer's " +
				"next unsold leaves. You earn router_fee_bps of the deal's amount when it settles.",
			Example: "litegptd tx datamarket match 3 1 --leaves 8 --from dave\n" +
				"litegptd tx datamarket match 3 1 --from dave",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "bid_id"}, {ProtoField: "offer_id"}},
		},
		{
			RpcMethod: "Deliver",
			Use:       "deliver [deal-id] [key-hash] [ciphertext-root]",
			Short:     "Commit to your encrypted delivery of a deal (seller): H(k) of a fresh key and the root of the ciphertext chunks",
			Long: "`litegptd market deliver LEAVES --deal ID --start LEAF_START --count LEAF_COUNT --out FILE` draws the key, seals the " +
				"deal's leaves and prints this command with both 32-byte values (base64; hex works too); `litegptd market key-hash` " +
				"hashes a key you already have. Give the buyer the delivery file and keep the key file secret until you reveal it. " +
				"Deliver before the deal's deadline (delivery_window_blocks after the match) or the buyer is refunded.",
			Example: "litegptd tx datamarket deliver 1 " + exampleKeyHash1 + " " + exampleCiphertextRoot1 + " --from alice\n" +
				"litegptd tx datamarket deliver 2 " + exampleKeyHash2 + " " + exampleCiphertextRoot2 + " --from alice",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{dealID, {ProtoField: "key_hash"}, {ProtoField: "ciphertext_root"}},
		},
		{
			RpcMethod: "AcceptDelivery",
			Use:       "accept-delivery [deal-id]",
			Short:     "Accept a delivery whose chunks hash to the posted ciphertext root (buyer); the seller must then reveal the key",
			Long: "Check the delivery file first with `litegptd market check-delivery FILE --ciphertext-root ROOT` (it prints this " +
				"command): only chunks under the seller's root can be disputed later. Accept within acceptance_window_blocks of the " +
				"delivery, or the deal expires and you are refunded.",
			Example:        "litegptd tx datamarket accept-delivery 1 --from bob",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{dealID},
		},
		{
			RpcMethod: "RevealKey",
			Use:       "reveal-key [deal-id] [key]",
			Short:     "Reveal a deal's key k (seller), which must hash to the H(k) you delivered; the dispute window opens",
			Long: "key is the 32 bytes in base64 or hex: `litegptd market deliver` prints this command as " +
				"`reveal-key ID \"$(cat FILE.key)\"`, since the key file holds the key in base64 (a file path given here would be " +
				"read as raw bytes). Reveal within reveal_window_blocks of the acceptance. Unless the buyer proves a bad chunk, the " +
				"deal settles dispute_window_blocks later and you are paid.",
			Example: "litegptd tx datamarket reveal-key 1 " + exampleKey1 + " --from alice\n" +
				"litegptd tx datamarket reveal-key 2 " + exampleKey2 + " --from alice",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{dealID, {ProtoField: "key"}},
		},
		{
			RpcMethod: "Dispute",
			Use:       "dispute [deal-id] [chunk-index] [ciphertext]",
			Short:     "Prove one delivered chunk bad (buyer): you are refunded and the seller is slashed; a good chunk fails the tx",
			Long: "After the key is revealed, `litegptd market open FILE --key KEY ...` decrypts and checks every chunk as the chain " +
				"would; on a bad one it prints this command: the chunk's index in the deal (0..leaf_count-1), its ciphertext " +
				"(base64 or hex, or a file holding the raw chunk; 1..max_chunk_bytes) and, with one --ciphertext-path per level, " +
				"its path in the seller's ciphertext tree from the leaf up. Dispute before the deal's deadline (dispute_window_blocks " +
				"after the reveal). The gas grows with the chunk's size and the depth of both trees.",
			Example: "litegptd tx datamarket dispute 2 3 " + exampleBadChunk + " " + exampleBadPath + " --from bob",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{
				dealID, {ProtoField: "chunk_index"}, {ProtoField: "ciphertext"},
			},
		},
		{
			RpcMethod: "UpdateParams",
			Use:       "update-params-proposal [params-json-file]",
			Short:     "Submit a governance proposal that replaces the datamarket parameters",
			Long: "Only x/gov may change parameters, so this wraps MsgUpdateParams in a proposal signed by --from. The argument is a " +
				"JSON file (ending in .json) holding the full Params object. Write dispute_slash_fraction as an integer of 10^-18 " +
				"units (0.10 is \"100000000000000000\"), not as `litegptd query datamarket params` prints it: autocli copies the " +
				"decimals inside a JSON argument unconverted, and the command then fails (\"math/big: cannot unmarshal\").",
			Example: "litegptd tx datamarket update-params-proposal params.json --from alice --deposit 10000000ulgpt " +
				`--title "Longer dispute window" --summary "Give buyers two days to open and check their deliveries"`,
			GovProposal:    true,
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
		},
	}
}
