// Package keeper implements x/pog, Proof of Gradient: the version DAG of
// each model; MsgSubmitUpdate with its parent and data rules and the ZK
// verification of training steps against governance-approved circuits;
// the verifiers' commit-reveal randomness beacon, the stake x reputation
// sampled committees and their commit-reveal polls that re-execute steps
// and settle metrics; slashing and reputation for the losing side; the
// rejection cascade; and the network_rewards emission paid per epoch to
// block proposers and, by verified metric gain, to learners.
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	storetypes "cosmossdk.io/core/store"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/pog/types"
)

// VersionIndexes index versions.
type VersionIndexes struct {
	// ByModel lists a model's versions.
	ByModel *indexes.Multi[uint64, uint64, types.Version]
	// ByLearner lists a learner's versions.
	ByLearner *indexes.Multi[sdk.AccAddress, uint64, types.Version]
	// ByCommitment finds the version of a weights commitment; unique, so
	// a commitment is submitted once.
	ByCommitment *indexes.Unique[[]byte, uint64, types.Version]
}

// IndexesList implements collections.Indexes.
func (i VersionIndexes) IndexesList() []collections.Index[uint64, types.Version] {
	return []collections.Index[uint64, types.Version]{i.ByModel, i.ByLearner, i.ByCommitment}
}

// Keeper holds the x/pog state.
type Keeper struct {
	cdc        codec.BinaryCodec
	authority  string
	account    types.AccountKeeper
	bank       types.BankKeeper
	stake      types.StakeKeeper
	staking    types.StakingKeeper
	reputation types.ReputationKeeper
	reporter   types.Reporter
	slasher    types.Slasher
	builder    types.BuilderMarketKeeper
	metrics    types.MetricReporter
	datamarket types.DataMarketKeeper

	Schema collections.Schema
	// Params are the module parameters.
	Params collections.Item[types.Params]
	// Versions by id.
	Versions *collections.IndexedMap[uint64, types.Version, VersionIndexes]
	// NextVersionID numbers versions from 1.
	NextVersionID collections.Sequence
	// Children holds the DAG's edges as (parent, child). A version's
	// parents never change, so the edges are written once, when the child
	// is stored (a multi-valued edge set is not an IndexedMap index), and
	// rebuilt from the versions by InitGenesis; DAGInvariant checks them.
	Children collections.KeySet[collections.Pair[uint64, uint64]]

	// Polls by id.
	Polls collections.Map[uint64, types.Poll]
	// NextPollID numbers polls from 1.
	NextPollID collections.Sequence
	// PollsByRound queues polls waiting for their beacon round's seed, by
	// (round, poll id); rebuilt from the polls by InitGenesis.
	PollsByRound collections.KeySet[collections.Pair[uint64, uint64]]
	// PollDeadlines queues polls with a committee by (reveal end height,
	// poll id); rebuilt from the polls by InitGenesis.
	PollDeadlines collections.KeySet[collections.Pair[int64, uint64]]
	// Votes of open polls by (poll id, voter); removed at the tally.
	Votes collections.Map[collections.Pair[uint64, sdk.AccAddress], types.Vote]
	// OpenTestPolls maps a version to its open test-score poll; rebuilt
	// from the polls by InitGenesis.
	OpenTestPolls collections.Map[uint64, uint64]
	// Clock is the current beacon round and reward epoch.
	Clock collections.Item[types.Clock]
	// BeaconRounds holds final rounds.
	BeaconRounds collections.Map[uint64, types.BeaconRound]
	// BeaconEntries holds the current round's commitments and reveals by
	// (round, verifier).
	BeaconEntries collections.Map[collections.Pair[uint64, sdk.AccAddress], types.BeaconEntry]
	// Candidates holds each round's verifier snapshot, (round, verifier)
	// -> weight, until the round's polls are drawn.
	Candidates collections.Map[collections.Pair[uint64, sdk.AccAddress], math.Int]
	// ProposerBlocks counts blocks proposed by (epoch, account).
	ProposerBlocks collections.Map[collections.Pair[uint64, sdk.AccAddress], uint64]
	// EpochRewards holds paid epochs.
	EpochRewards collections.Map[uint64, types.EpochRewards]
	// Unpaid queues settled versions by (epoch, version id) until their
	// epoch is paid; rebuilt from the versions by InitGenesis.
	Unpaid collections.KeySet[collections.Pair[uint64, uint64]]
}

// Deps are the keepers x/pog calls; reporter, slasher and metrics are
// the x/reputation Reporter, x/stake Slasher and x/buildermarket
// MetricReporter the app made for this module.
type Deps struct {
	Account    types.AccountKeeper
	Bank       types.BankKeeper
	Stake      types.StakeKeeper
	Staking    types.StakingKeeper
	Reputation types.ReputationKeeper
	Reporter   types.Reporter
	Slasher    types.Slasher
	Builder    types.BuilderMarketKeeper
	Metrics    types.MetricReporter
	DataMarket types.DataMarketKeeper
}

// NewKeeper builds the keeper. authority is the x/gov module account.
func NewKeeper(cdc codec.BinaryCodec, storeService storetypes.KVStoreService, authority string, d Deps) Keeper {
	account := d.Account
	if _, err := account.AddressCodec().StringToBytes(authority); err != nil {
		panic(fmt.Errorf("pog authority %q is not a valid address: %w", authority, err))
	}
	addr := func(bech32 string) (sdk.AccAddress, error) { return account.AddressCodec().StringToBytes(bech32) }
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, authority: authority, account: account, bank: d.Bank, stake: d.Stake, staking: d.Staking,
		reputation: d.Reputation, reporter: d.Reporter, slasher: d.Slasher, builder: d.Builder, metrics: d.Metrics,
		datamarket: d.DataMarket,

		Params: collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Versions: collections.NewIndexedMap(sb, types.VersionsPrefix, "versions", collections.Uint64Key, codec.CollValue[types.Version](cdc), VersionIndexes{
			ByModel: indexes.NewMulti(sb, types.VersionsByModelPrefix, "versions_by_model", collections.Uint64Key, collections.Uint64Key,
				func(_ uint64, v types.Version) (uint64, error) { return v.ModelId, nil }),
			ByLearner: indexes.NewMulti(sb, types.VersionsByLearnerPrefix, "versions_by_learner", sdk.AccAddressKey, collections.Uint64Key,
				func(_ uint64, v types.Version) (sdk.AccAddress, error) { return addr(v.Learner) }),
			ByCommitment: indexes.NewUnique(sb, types.VersionsByCommitmentPrefix, "versions_by_commitment", collections.BytesKey, collections.Uint64Key,
				func(_ uint64, v types.Version) ([]byte, error) { return v.WeightsCommitment, nil }),
		}),
		NextVersionID: collections.NewSequence(sb, types.NextVersionIDKey, "next_version_id"),
		Children:      collections.NewKeySet(sb, types.ChildrenPrefix, "children", collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)),

		Polls:         collections.NewMap(sb, types.PollsPrefix, "polls", collections.Uint64Key, codec.CollValue[types.Poll](cdc)),
		NextPollID:    collections.NewSequence(sb, types.NextPollIDKey, "next_poll_id"),
		PollsByRound:  collections.NewKeySet(sb, types.PollsByRoundPrefix, "polls_by_round", collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)),
		PollDeadlines: collections.NewKeySet(sb, types.PollDeadlinesPrefix, "poll_deadlines", collections.PairKeyCodec(collections.Int64Key, collections.Uint64Key)),
		Votes: collections.NewMap(sb, types.VotesPrefix, "votes", collections.PairKeyCodec(collections.Uint64Key, sdk.AccAddressKey),
			codec.CollValue[types.Vote](cdc)),
		OpenTestPolls: collections.NewMap(sb, types.OpenTestPollsPrefix, "open_test_polls", collections.Uint64Key, collections.Uint64Value),
		Clock:         collections.NewItem(sb, types.ClockKey, "clock", codec.CollValue[types.Clock](cdc)),
		BeaconRounds:  collections.NewMap(sb, types.BeaconRoundsPrefix, "beacon_rounds", collections.Uint64Key, codec.CollValue[types.BeaconRound](cdc)),
		BeaconEntries: collections.NewMap(sb, types.BeaconEntriesPrefix, "beacon_entries", collections.PairKeyCodec(collections.Uint64Key, sdk.AccAddressKey),
			codec.CollValue[types.BeaconEntry](cdc)),
		Candidates: collections.NewMap(sb, types.CandidatesPrefix, "candidates", collections.PairKeyCodec(collections.Uint64Key, sdk.AccAddressKey),
			sdk.IntValue),
		ProposerBlocks: collections.NewMap(sb, types.ProposerBlocksPrefix, "proposer_blocks", collections.PairKeyCodec(collections.Uint64Key, sdk.AccAddressKey),
			collections.Uint64Value),
		EpochRewards: collections.NewMap(sb, types.EpochRewardsPrefix, "epoch_rewards", collections.Uint64Key, codec.CollValue[types.EpochRewards](cdc)),
		Unpaid:       collections.NewKeySet(sb, types.UnpaidPrefix, "unpaid", collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the governance account.
func (k Keeper) GetAuthority() string { return k.authority }
