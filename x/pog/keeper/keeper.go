// Package keeper implements x/pog, Proof of Gradient: the version DAG of
// each model, MsgSubmitUpdate with its parent and data rules, the ZK
// verification of training steps against governance-approved circuits,
// and the rejection cascade from a version to its descendants.
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	storetypes "cosmossdk.io/core/store"

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
	stake      types.StakeKeeper
	builder    types.BuilderMarketKeeper
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
}

// NewKeeper builds the keeper. authority is the x/gov module account.
func NewKeeper(
	cdc codec.BinaryCodec, storeService storetypes.KVStoreService, authority string,
	account types.AccountKeeper, stake types.StakeKeeper, builder types.BuilderMarketKeeper, datamarket types.DataMarketKeeper,
) Keeper {
	if _, err := account.AddressCodec().StringToBytes(authority); err != nil {
		panic(fmt.Errorf("pog authority %q is not a valid address: %w", authority, err))
	}
	addr := func(bech32 string) (sdk.AccAddress, error) { return account.AddressCodec().StringToBytes(bech32) }
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, authority: authority, account: account, stake: stake, builder: builder, datamarket: datamarket,

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
