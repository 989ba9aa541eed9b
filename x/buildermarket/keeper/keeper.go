// Package keeper implements x/buildermarket: tasks with committed
// validation slices and hidden test sets, governance-approved circuits,
// models registered by builders, verified metrics reported by x/pog (best
// model per task), and bounties paid to the best model on the revealed test
// set.
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	storetypes "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/litegpt/litegpt/internal/wiring"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// ModelIndexes index models by task.
type ModelIndexes struct {
	// ByTask lists a task's models in id order.
	ByTask *indexes.Multi[uint64, uint64, types.Model]
}

// IndexesList implements collections.Indexes.
func (i ModelIndexes) IndexesList() []collections.Index[uint64, types.Model] {
	return []collections.Index[uint64, types.Model]{i.ByTask}
}

// ScoreIndexes rank scores within a task, best first.
type ScoreIndexes struct {
	// ByRank iterates (task, rank key) ascending, ties by model id: the
	// first entry of a task is its best model.
	ByRank *indexes.Multi[collections.Pair[uint64, uint64], uint64, types.ModelScore]
}

// IndexesList implements collections.Indexes.
func (i ScoreIndexes) IndexesList() []collections.Index[uint64, types.ModelScore] {
	return []collections.Index[uint64, types.ModelScore]{i.ByRank}
}

// BountyIndexes index bounties by task.
type BountyIndexes struct {
	// ByTask lists a task's bounties in id order.
	ByTask *indexes.Multi[uint64, uint64, types.Bounty]
}

// IndexesList implements collections.Indexes.
func (i BountyIndexes) IndexesList() []collections.Index[uint64, types.Bounty] {
	return []collections.Index[uint64, types.Bounty]{i.ByTask}
}

// Keeper holds the x/buildermarket state.
type Keeper struct {
	cdc       codec.BinaryCodec
	authority string
	account   types.AccountKeeper
	bank      types.BankKeeper
	distr     types.DistributionKeeper
	stake     types.StakeKeeper
	reporters *wiring.Registry

	Schema collections.Schema
	// Params are the module parameters.
	Params collections.Item[types.Params]
	// Tasks by id.
	Tasks collections.Map[uint64, types.Task]
	// NextTaskID numbers tasks from 1.
	NextTaskID collections.Sequence
	// ValidationSlices holds revealed slices by (task, index).
	ValidationSlices collections.Map[collections.Pair[uint64, uint32], types.ValidationSlice]
	// Circuits by id.
	Circuits collections.Map[string, types.Circuit]
	// Models by id, indexed by task.
	Models *collections.IndexedMap[uint64, types.Model, ModelIndexes]
	// NextModelID numbers models from 1.
	NextModelID collections.Sequence
	// ValidationScores holds each active model's best verified validation
	// score, ranked per task.
	ValidationScores *collections.IndexedMap[uint64, types.ModelScore, ScoreIndexes]
	// TestScores holds each model's verified test-set score, ranked per task.
	TestScores *collections.IndexedMap[uint64, types.ModelScore, ScoreIndexes]
	// Bounties by id, indexed by task.
	Bounties *collections.IndexedMap[uint64, types.Bounty, BountyIndexes]
	// NextBountyID numbers bounties from 1.
	NextBountyID collections.Sequence
	// BountyQueue holds (height, bounty id): EndBlock looks at an open bounty
	// again at that height (reveal deadline or end of scoring).
	BountyQueue collections.KeySet[collections.Pair[int64, uint64]]
}

// NewKeeper builds the keeper. authority is the x/gov module account.
func NewKeeper(
	cdc codec.BinaryCodec, storeService storetypes.KVStoreService, authority string,
	account types.AccountKeeper, bank types.BankKeeper, distr types.DistributionKeeper, stake types.StakeKeeper,
) Keeper {
	if _, err := account.AddressCodec().StringToBytes(authority); err != nil {
		panic(fmt.Errorf("buildermarket authority %q is not a valid address: %w", authority, err))
	}
	if account.GetModuleAddress(types.ModuleName) == nil {
		panic(fmt.Errorf("the %s module account is not set", types.ModuleName))
	}
	sb := collections.NewSchemaBuilder(storeService)
	rank := func(name string, prefix collections.Prefix) ScoreIndexes {
		return ScoreIndexes{ByRank: indexes.NewMulti(sb, prefix, name,
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key), collections.Uint64Key,
			func(_ uint64, s types.ModelScore) (collections.Pair[uint64, uint64], error) {
				return collections.Join(s.TaskId, types.RankKey(s.Direction, s.Metric)), nil
			})}
	}
	k := Keeper{
		cdc: cdc, authority: authority, account: account, bank: bank, distr: distr, stake: stake,
		reporters: wiring.NewRegistry("buildermarket metric reporter"),

		Params:     collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Tasks:      collections.NewMap(sb, types.TasksPrefix, "tasks", collections.Uint64Key, codec.CollValue[types.Task](cdc)),
		NextTaskID: collections.NewSequence(sb, types.NextTaskIDKey, "next_task_id"),
		ValidationSlices: collections.NewMap(sb, types.ValidationSlicesPrefix, "validation_slices",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint32Key), codec.CollValue[types.ValidationSlice](cdc)),
		Circuits: collections.NewMap(sb, types.CircuitsPrefix, "circuits", collections.StringKey, codec.CollValue[types.Circuit](cdc)),
		Models: collections.NewIndexedMap(sb, types.ModelsPrefix, "models", collections.Uint64Key, codec.CollValue[types.Model](cdc), ModelIndexes{
			ByTask: indexes.NewMulti(sb, types.ModelsByTaskPrefix, "models_by_task", collections.Uint64Key, collections.Uint64Key,
				func(_ uint64, m types.Model) (uint64, error) { return m.TaskId, nil }),
		}),
		NextModelID: collections.NewSequence(sb, types.NextModelIDKey, "next_model_id"),
		ValidationScores: collections.NewIndexedMap(sb, types.ValidationScoresPrefix, "validation_scores", collections.Uint64Key,
			codec.CollValue[types.ModelScore](cdc), rank("validation_scores_by_rank", types.ValidationScoresByRankPrefix)),
		TestScores: collections.NewIndexedMap(sb, types.TestScoresPrefix, "test_scores", collections.Uint64Key,
			codec.CollValue[types.ModelScore](cdc), rank("test_scores_by_rank", types.TestScoresByRankPrefix)),
		Bounties: collections.NewIndexedMap(sb, types.BountiesPrefix, "bounties", collections.Uint64Key, codec.CollValue[types.Bounty](cdc), BountyIndexes{
			ByTask: indexes.NewMulti(sb, types.BountiesByTaskPrefix, "bounties_by_task", collections.Uint64Key, collections.Uint64Key,
				func(_ uint64, b types.Bounty) (uint64, error) { return b.TaskId, nil }),
		}),
		NextBountyID: collections.NewSequence(sb, types.NextBountyIDKey, "next_bounty_id"),
		BountyQueue: collections.NewKeySet(sb, types.BountyQueuePrefix, "bounty_queue",
			collections.PairKeyCodec(collections.Int64Key, collections.Uint64Key)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the address allowed to update params and approve
// circuits.
func (k Keeper) GetAuthority() string { return k.authority }
