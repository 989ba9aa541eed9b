package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name, store key, route and error
	// codespace.
	ModuleName = "pog"
	// StoreKey is the KV store key of the module.
	StoreKey = ModuleName
)

var (
	// ParamsKey holds the module parameters.
	ParamsKey = collections.NewPrefix(0)
	// VersionsPrefix holds versions by id.
	VersionsPrefix = collections.NewPrefix(1)
	// VersionsByModelPrefix indexes versions by (model id, id).
	VersionsByModelPrefix = collections.NewPrefix(2)
	// VersionsByLearnerPrefix indexes versions by (learner, id).
	VersionsByLearnerPrefix = collections.NewPrefix(3)
	// VersionsByCommitmentPrefix indexes versions by weights commitment
	// (unique).
	VersionsByCommitmentPrefix = collections.NewPrefix(4)
	// NextVersionIDKey is the sequence of version ids.
	NextVersionIDKey = collections.NewPrefix(5)
	// ChildrenPrefix holds the DAG's edges as (parent id, child id).
	ChildrenPrefix = collections.NewPrefix(6)
)

var (
	// PollsPrefix holds polls by id.
	PollsPrefix = collections.NewPrefix(7)
	// NextPollIDKey is the sequence of poll ids.
	NextPollIDKey = collections.NewPrefix(8)
	// PollsByRoundPrefix queues polls waiting for a beacon round's seed, by
	// (round, poll id).
	PollsByRoundPrefix = collections.NewPrefix(9)
	// PollDeadlinesPrefix queues polls with a committee by (reveal end
	// height, poll id).
	PollDeadlinesPrefix = collections.NewPrefix(10)
	// VotesPrefix holds the votes of open polls by (poll id, voter).
	VotesPrefix = collections.NewPrefix(11)
	// OpenTestPollsPrefix maps a version to its open test-score poll.
	OpenTestPollsPrefix = collections.NewPrefix(12)
	// ClockKey holds the beacon round and the reward epoch (Clock).
	ClockKey = collections.NewPrefix(13)
	// BeaconRoundsPrefix holds final beacon rounds by number.
	BeaconRoundsPrefix = collections.NewPrefix(14)
	// BeaconEntriesPrefix holds the current round's entries by (round,
	// verifier).
	BeaconEntriesPrefix = collections.NewPrefix(15)
	// CandidatesPrefix holds rounds' verifier snapshots by (round,
	// verifier) -> weight.
	CandidatesPrefix = collections.NewPrefix(16)
	// ProposerBlocksPrefix counts blocks proposed by (epoch, account).
	ProposerBlocksPrefix = collections.NewPrefix(17)
	// EpochRewardsPrefix holds paid epochs by number.
	EpochRewardsPrefix = collections.NewPrefix(18)
	// UnpaidPrefix queues settled versions by (epoch, version id) until
	// their epoch is paid.
	UnpaidPrefix = collections.NewPrefix(19)
)

// NetworkRewardsPool is the module account the emission pays from (the
// genesis allocation's 20 %; app/tokenomics.NetworkRewardsPool).
const NetworkRewardsPool = "network_rewards"

// BondDenom is the denomination rewards are paid in.
const BondDenom = "ulgpt"
