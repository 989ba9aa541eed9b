package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name, store key and route.
	ModuleName = "reputation"
	// StoreKey is the KV store key of the module.
	StoreKey = ModuleName
)

var (
	// ParamsKey holds the module parameters.
	ParamsKey = collections.NewPrefix(0)
	// ScoresPrefix holds each address's stored Score.
	ScoresPrefix = collections.NewPrefix(1)
	// ScoresByRankPrefix indexes scores by their decay-invariant rank key.
	ScoresByRankPrefix = collections.NewPrefix(2)
	// HistoryPrefix holds each address's recent outcomes by sequence number.
	HistoryPrefix = collections.NewPrefix(3)
)
