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
