package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name, store key, route and the name of the
	// module account that escrows role bonds and unbonding stake.
	ModuleName = "stake"
	// StoreKey is the KV store key of the module.
	StoreKey = ModuleName
)

var (
	// ParamsKey holds the module parameters.
	ParamsKey = collections.NewPrefix(0)
	// ParticipantsPrefix holds participants by address.
	ParticipantsPrefix = collections.NewPrefix(1)
	// BondsPrefix holds role bonds by (address, role).
	BondsPrefix = collections.NewPrefix(2)
	// BondsByRolePrefix indexes role bonds by (role, address).
	BondsByRolePrefix = collections.NewPrefix(3)
	// UnbondingsPrefix holds the unbonding queue by (completion time, id).
	UnbondingsPrefix = collections.NewPrefix(4)
	// UnbondingsByOwnerPrefix indexes the unbonding queue by owner.
	UnbondingsByOwnerPrefix = collections.NewPrefix(5)
	// NextUnbondingIDKey is the sequence of unbonding ids.
	NextUnbondingIDKey = collections.NewPrefix(6)
	// WeightsPrefix holds each validator's weighting state by operator.
	WeightsPrefix = collections.NewPrefix(7)
	// LastSentPrefix holds the validator set last sent to CometBFT, by
	// consensus address.
	LastSentPrefix = collections.NewPrefix(8)
	// PowerRecordsPrefix holds power records by (consensus address, height).
	PowerRecordsPrefix = collections.NewPrefix(9)
	// PowerPruneQueuePrefix orders superseded power records for pruning by
	// (superseding height, consensus address, record height).
	PowerPruneQueuePrefix = collections.NewPrefix(10)
)
