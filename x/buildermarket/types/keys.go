package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name, store key, route and the name of the
	// module account that escrows model deposits and bounty rewards.
	ModuleName = "buildermarket"
	// StoreKey is the KV store key of the module.
	StoreKey = ModuleName
)

var (
	// ParamsKey holds the module parameters.
	ParamsKey = collections.NewPrefix(0)
	// TasksPrefix holds tasks by id.
	TasksPrefix = collections.NewPrefix(1)
	// NextTaskIDKey is the sequence of task ids.
	NextTaskIDKey = collections.NewPrefix(2)
	// ValidationSlicesPrefix holds revealed validation slices by (task, index).
	ValidationSlicesPrefix = collections.NewPrefix(3)
	// CircuitsPrefix holds approved circuits by id.
	CircuitsPrefix = collections.NewPrefix(4)
	// ModelsPrefix holds models by id.
	ModelsPrefix = collections.NewPrefix(5)
	// ModelsByTaskPrefix indexes models by (task, model).
	ModelsByTaskPrefix = collections.NewPrefix(6)
	// NextModelIDKey is the sequence of model ids.
	NextModelIDKey = collections.NewPrefix(7)
	// ValidationScoresPrefix holds each active model's best verified
	// validation score by model id.
	ValidationScoresPrefix = collections.NewPrefix(8)
	// ValidationScoresByRankPrefix indexes validation scores by (task, rank
	// key, model): best first.
	ValidationScoresByRankPrefix = collections.NewPrefix(9)
	// TestScoresPrefix holds each model's verified test-set score by model id.
	TestScoresPrefix = collections.NewPrefix(10)
	// TestScoresByRankPrefix indexes test scores by (task, rank key, model).
	TestScoresByRankPrefix = collections.NewPrefix(11)
	// BountiesPrefix holds bounties by id.
	BountiesPrefix = collections.NewPrefix(12)
	// BountiesByTaskPrefix indexes bounties by (task, bounty).
	BountiesByTaskPrefix = collections.NewPrefix(13)
	// NextBountyIDKey is the sequence of bounty ids.
	NextBountyIDKey = collections.NewPrefix(14)
	// BountyQueuePrefix orders open bounties by (height to look at them
	// again, bounty id).
	BountyQueuePrefix = collections.NewPrefix(15)
)

// RankKey orders metrics best first for direction: ascending keys are
// better. It maps an int64 metric order-preservingly to a uint64 and flips
// it when higher is better. Ties are broken by model id (older first) by the
// index that stores it.
func RankKey(direction MetricDirection, metric int64) uint64 {
	u := uint64(metric) ^ (1 << 63)
	if direction == HigherIsBetter {
		return ^u
	}
	return u
}
