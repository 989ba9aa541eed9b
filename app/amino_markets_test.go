package app

import (
	"bytes"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/app/keepers"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
)

// The market and x/pog messages' amino examples, added to aminoExamples.
func init() {
	digest := func(b byte) []byte { return append([]byte{0}, bytes.Repeat([]byte{b}, 31)...) }
	format := buildertypes.FixedPointFormat{Bits: 16, Frac: 8}
	for url, example := range map[string]func() sdk.Msg{
		"/litegpt.buildermarket.v1.MsgCreateTask": func() sdk.Msg {
			return &buildertypes.MsgCreateTask{
				Creator: exampleOwner, Name: "UCI digits", Description: "8x8 handwritten digits",
				Input:     buildertypes.InputSchema{Features: 64, MinRaw: 0, MaxRaw: 4096, Description: "pixel intensities 0..16"},
				Label:     buildertypes.LabelSchema{Kind: buildertypes.LabelClassification, Classes: 10, Description: "digit"},
				BatchSize: 32, Metric: buildertypes.MetricAccuracy, Direction: buildertypes.HigherIsBetter,
				Format: format, Rounding: buildertypes.RoundNearestEven, EpochBlocks: 1_000,
				ValidationCommitments: [][]byte{digest(1), digest(2)}, TestSetCommitment: digest(3),
			}
		},
		"/litegpt.buildermarket.v1.MsgRevealValidationSlice": func() sdk.Msg {
			return &buildertypes.MsgRevealValidationSlice{Creator: exampleOwner, TaskId: 1, Index: 1, DataRoot: digest(4), LeafCount: 8, Uri: "ipfs://bafy/val1", Salt: digest(5)}
		},
		"/litegpt.buildermarket.v1.MsgRevealTestSet": func() sdk.Msg {
			return &buildertypes.MsgRevealTestSet{Creator: exampleOwner, TaskId: 1, DataRoot: digest(6), LeafCount: 16, Uri: "ipfs://bafy/test", Salt: digest(7)}
		},
		"/litegpt.buildermarket.v1.MsgApproveCircuit": func() sdk.Msg {
			return &buildertypes.MsgApproveCircuit{
				Authority: keepers.GovAuthority(), Id: "logreg-b32-f64-c10-q8.8",
				Shape: buildertypes.CircuitShape{
					Family: buildertypes.FamilyLogisticRegression, Purpose: buildertypes.PurposeTrainStep,
					BatchSize: 32, Features: 64, Classes: 10, Format: format, MaxParents: 2, TreeDepth: 20, Steps: 1,
				},
				VerifyingKey: bytes.Repeat([]byte{0xab}, 64), Ceremony: buildertypes.CeremonyMultiParty,
				TranscriptHash: digest(8), Description: "one SGD step after a 2-parent merge",
			}
		},
		"/litegpt.buildermarket.v1.MsgRevokeCircuit": func() sdk.Msg {
			return &buildertypes.MsgRevokeCircuit{Authority: keepers.GovAuthority(), Id: "logreg-b32-f64-c10-q8.8", Reason: "key compromised"}
		},
		"/litegpt.buildermarket.v1.MsgRegisterModel": func() sdk.Msg {
			return &buildertypes.MsgRegisterModel{
				Builder: exampleOwner, TaskId: 1, Name: "tt-mlp",
				Architecture: buildertypes.Architecture{
					Family: buildertypes.FamilyTTMLP, Hidden: []uint32{64},
					TtLayers: []buildertypes.TTLayer{
						{InputModes: []uint32{8, 8}, OutputModes: []uint32{8, 8}, Ranks: []uint32{4}},
						{InputModes: []uint32{8, 8}, OutputModes: []uint32{2, 5}, Ranks: []uint32{4}},
					},
				},
				Format: buildertypes.FixedPointFormat{Bits: 32, Frac: 16}, InitialWeights: digest(9), WeightsUri: "ipfs://bafy/init",
				TrainCircuitId: "logreg-b32-f64-c10-q8.8", EvalCircuitId: "eval-v1", InferenceCircuitId: "infer-v1", RoyaltyBps: 250,
			}
		},
		"/litegpt.buildermarket.v1.MsgDeprecateModel": func() sdk.Msg {
			return &buildertypes.MsgDeprecateModel{Builder: exampleOwner, ModelId: 3}
		},
		"/litegpt.buildermarket.v1.MsgPostBounty": func() sdk.Msg {
			return &buildertypes.MsgPostBounty{Poster: exampleOwner, TaskId: 1, Reward: sdk.NewInt64Coin(BondDenom, 500_000_000), DeadlineHeight: 200_000, HasThreshold: true, Threshold: 900_000}
		},
		"/litegpt.buildermarket.v1.MsgUpdateParams": func() sdk.Msg {
			return &buildertypes.MsgUpdateParams{Authority: keepers.GovAuthority(), Params: buildertypes.DefaultParams()}
		},
		"/litegpt.datamarket.v1.MsgPostOffer": func() sdk.Msg {
			return &datamarkettypes.MsgPostOffer{
				Seller: exampleOwner, Kind: datamarkettypes.KindModelUpdate, TaskId: 1, ModelId: 2, VersionId: 7,
				WeightsCommitment: digest(10), DataRoot: digest(11), LeafCount: 12, PricePerLeaf: math.NewInt(1_500),
				GroupCounts:        []datamarkettypes.GroupCount{{Group: "clinic-a", Samples: 300}},
				MinBuyerReputation: 550_000, ExpiryHeight: 90_000,
			}
		},
		"/litegpt.datamarket.v1.MsgPostBid": func() sdk.Msg {
			return &datamarkettypes.MsgPostBid{Buyer: exampleOwner, Kind: datamarkettypes.KindData, ModelId: 2, LeafCount: 40, MaxPricePerLeaf: math.NewInt(2_000), ExpiryHeight: 90_000}
		},
		"/litegpt.datamarket.v1.MsgCancelOrder": func() sdk.Msg {
			return &datamarkettypes.MsgCancelOrder{Owner: exampleOwner, OrderId: 5}
		},
		"/litegpt.datamarket.v1.MsgMatch": func() sdk.Msg {
			return &datamarkettypes.MsgMatch{Router: exampleOwner, BidId: 5, OfferId: 4, Leaves: 10}
		},
		"/litegpt.datamarket.v1.MsgDeliver": func() sdk.Msg {
			return &datamarkettypes.MsgDeliver{Seller: exampleOwner, DealId: 3, KeyHash: digest(12), CiphertextRoot: digest(13)}
		},
		"/litegpt.datamarket.v1.MsgAcceptDelivery": func() sdk.Msg {
			return &datamarkettypes.MsgAcceptDelivery{Buyer: exampleOwner, DealId: 3}
		},
		"/litegpt.datamarket.v1.MsgRevealKey": func() sdk.Msg {
			return &datamarkettypes.MsgRevealKey{Seller: exampleOwner, DealId: 3, Key: digest(14)}
		},
		"/litegpt.datamarket.v1.MsgDispute": func() sdk.Msg {
			return &datamarkettypes.MsgDispute{Buyer: exampleOwner, DealId: 3, ChunkIndex: 2, Ciphertext: bytes.Repeat([]byte{0x5a}, 80), CiphertextPath: [][]byte{digest(15), digest(16)}}
		},
		"/litegpt.datamarket.v1.MsgUpdateParams": func() sdk.Msg {
			return &datamarkettypes.MsgUpdateParams{Authority: keepers.GovAuthority(), Params: datamarkettypes.DefaultParams()}
		},
		"/litegpt.pog.v1.MsgSubmitUpdate": func() sdk.Msg {
			return &pogtypes.MsgSubmitUpdate{
				Learner: exampleOwner, ModelId: 1, Parents: []uint64{0, 4}, MergeWeights: []uint64{32, 64}, ParentDeals: []uint64{0, 2},
				WeightsCommitment: digest(17), Mode: pogtypes.ModeZK, Data: pogtypes.DataCitation{DealId: 3, DataRoot: digest(18), Leaf: 7},
				LearningRate: 16, Samples: 32, ClaimedMetric: 912_000, WeightsUri: "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW",
				Proof: bytes.Repeat([]byte{0x6b}, 196), MergeRule: pogtypes.MergeWeightedAverage,
			}
		},
		"/litegpt.pog.v1.MsgCommitBeacon": func() sdk.Msg {
			return &pogtypes.MsgCommitBeacon{Verifier: exampleOwner, Round: 12, Commitment: digest(19)}
		},
		"/litegpt.pog.v1.MsgRevealBeacon": func() sdk.Msg {
			return &pogtypes.MsgRevealBeacon{Verifier: exampleOwner, Round: 12, Secret: digest(20)}
		},
		"/litegpt.pog.v1.MsgCommitVote": func() sdk.Msg {
			return &pogtypes.MsgCommitVote{Verifier: exampleOwner, PollId: 5, Commitment: digest(21)}
		},
		"/litegpt.pog.v1.MsgRevealVote": func() sdk.Msg {
			return &pogtypes.MsgRevealVote{Verifier: exampleOwner, PollId: 5,
				Result: pogtypes.VoteResult{Verdict: pogtypes.VerdictValid, Metric: 912_000, ParentMetric: 880_000}, Salt: digest(22)}
		},
		"/litegpt.pog.v1.MsgRequestTestScore": func() sdk.Msg {
			return &pogtypes.MsgRequestTestScore{Requester: exampleOwner, VersionId: 9}
		},
		"/litegpt.pog.v1.MsgUpdateParams": func() sdk.Msg {
			return &pogtypes.MsgUpdateParams{Authority: keepers.GovAuthority(), Params: pogtypes.DefaultParams()}
		},
	} {
		aminoExamples[url] = example
	}
}
