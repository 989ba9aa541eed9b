// Package keeper implements x/stake: participant registration and role
// bonds with a maturity queue, the Slash and RequireRole APIs other modules
// use, and the consensus power x/stake sends CometBFT in place of x/staking:
// staking power x reputation multiplier, with the power records that let
// slashing convert weighted power back to staking power.
package keeper

import (
	"fmt"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	storetypes "cosmossdk.io/core/store"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/internal/wiring"
	"github.com/litegpt/litegpt/x/stake/types"
)

// BondIndexes index role bonds by role.
type BondIndexes struct {
	// ByRole iterates (role, address) for "participants by role".
	ByRole *indexes.ReversePair[sdk.AccAddress, int32, math.Int]
}

// IndexesList implements collections.Indexes.
func (i BondIndexes) IndexesList() []collections.Index[collections.Pair[sdk.AccAddress, int32], math.Int] {
	return []collections.Index[collections.Pair[sdk.AccAddress, int32], math.Int]{i.ByRole}
}

// UnbondingIndexes index the unbonding queue by owner.
type UnbondingIndexes struct {
	// ByOwner lists an address's unbondings.
	ByOwner *indexes.Multi[sdk.AccAddress, collections.Pair[time.Time, uint64], types.UnbondingEntry]
}

// IndexesList implements collections.Indexes.
func (i UnbondingIndexes) IndexesList() []collections.Index[collections.Pair[time.Time, uint64], types.UnbondingEntry] {
	return []collections.Index[collections.Pair[time.Time, uint64], types.UnbondingEntry]{i.ByOwner}
}

// Keeper holds the x/stake state.
type Keeper struct {
	cdc        codec.BinaryCodec
	authority  string
	account    types.AccountKeeper
	bank       types.BankKeeper
	distr      types.DistributionKeeper
	staking    types.StakingKeeper
	reputation types.ReputationKeeper
	slashers   *wiring.Registry

	Schema collections.Schema
	// Params are the module parameters.
	Params collections.Item[types.Params]
	// Participants by account address.
	Participants collections.Map[sdk.AccAddress, types.Participant]
	// Bonds holds each (address, role) bond in ulgpt, indexed by role.
	Bonds *collections.IndexedMap[collections.Pair[sdk.AccAddress, int32], math.Int, BondIndexes]
	// Unbondings is the time-ordered queue of role stake being unbonded.
	Unbondings *collections.IndexedMap[collections.Pair[time.Time, uint64], types.UnbondingEntry, UnbondingIndexes]
	// NextUnbondingID numbers unbondings.
	NextUnbondingID collections.Sequence
	// Weights holds each validator's multiplier and eligibility by operator.
	Weights collections.Map[sdk.ValAddress, types.ValidatorWeight]
	// LastSent is the validator set last sent to CometBFT.
	LastSent collections.Map[sdk.ConsAddress, types.SentPower]
	// PowerRecords holds each validator's power by the height that sent it.
	PowerRecords collections.Map[collections.Pair[sdk.ConsAddress, int64], types.PowerRecord]
	// PowerPruneQueue orders superseded records by the height that superseded
	// them; the value is that height's block time (unix nanoseconds).
	PowerPruneQueue collections.Map[collections.Triple[int64, sdk.ConsAddress, int64], int64]
}

// NewKeeper builds the keeper. authority is the x/gov module account.
func NewKeeper(
	cdc codec.BinaryCodec, storeService storetypes.KVStoreService, authority string,
	account types.AccountKeeper, bank types.BankKeeper, distr types.DistributionKeeper,
	staking types.StakingKeeper, reputation types.ReputationKeeper,
) Keeper {
	if _, err := account.AddressCodec().StringToBytes(authority); err != nil {
		panic(fmt.Errorf("stake authority %q is not a valid address: %w", authority, err))
	}
	if account.GetModuleAddress(types.ModuleName) == nil {
		panic(fmt.Errorf("the %s module account is not set", types.ModuleName))
	}
	sb := collections.NewSchemaBuilder(storeService)
	bondKey := collections.PairKeyCodec(sdk.AccAddressKey, collections.Int32Key)
	unbondingKey := collections.PairKeyCodec(sdk.TimeKey, collections.Uint64Key)
	k := Keeper{
		cdc: cdc, authority: authority,
		account: account, bank: bank, distr: distr, staking: staking, reputation: reputation,
		slashers: wiring.NewRegistry("stake slasher"),

		Params:       collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Participants: collections.NewMap(sb, types.ParticipantsPrefix, "participants", sdk.AccAddressKey, codec.CollValue[types.Participant](cdc)),
		Bonds: collections.NewIndexedMap(sb, types.BondsPrefix, "bonds", bondKey, sdk.IntValue, BondIndexes{
			ByRole: indexes.NewReversePair[math.Int](sb, types.BondsByRolePrefix, "bonds_by_role", bondKey),
		}),
		Unbondings: collections.NewIndexedMap(sb, types.UnbondingsPrefix, "unbondings", unbondingKey, codec.CollValue[types.UnbondingEntry](cdc), UnbondingIndexes{
			ByOwner: indexes.NewMulti(sb, types.UnbondingsByOwnerPrefix, "unbondings_by_owner", sdk.AccAddressKey, unbondingKey,
				func(_ collections.Pair[time.Time, uint64], e types.UnbondingEntry) (sdk.AccAddress, error) {
					return account.AddressCodec().StringToBytes(e.Address)
				}),
		}),
		NextUnbondingID: collections.NewSequence(sb, types.NextUnbondingIDKey, "next_unbonding_id"),
		Weights:         collections.NewMap(sb, types.WeightsPrefix, "weights", sdk.ValAddressKey, codec.CollValue[types.ValidatorWeight](cdc)),
		LastSent:        collections.NewMap(sb, types.LastSentPrefix, "last_sent", sdk.ConsAddressKey, codec.CollValue[types.SentPower](cdc)),
		PowerRecords: collections.NewMap(sb, types.PowerRecordsPrefix, "power_records",
			collections.PairKeyCodec(sdk.ConsAddressKey, collections.Int64Key), codec.CollValue[types.PowerRecord](cdc)),
		PowerPruneQueue: collections.NewMap(sb, types.PowerPruneQueuePrefix, "power_prune_queue",
			collections.TripleKeyCodec(collections.Int64Key, sdk.ConsAddressKey, collections.Int64Key), collections.Int64Value),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the address allowed to update params.
func (k Keeper) GetAuthority() string { return k.authority }
