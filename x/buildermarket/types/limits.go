package types

import (
	"bytes"
	"fmt"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/commit"
)

// Limits of records and messages. Lengths are in bytes.
const (
	// MaxNameLength bounds task and model names (at least 1 byte).
	MaxNameLength = 64
	// MaxDescriptionLength bounds task and circuit descriptions.
	MaxDescriptionLength = 1024
	// MaxSchemaDescriptionLength bounds the descriptions of input and label
	// schemas.
	MaxSchemaDescriptionLength = 256
	// MaxURILength bounds dataset and weights locations.
	MaxURILength = 256
	// MaxReasonLength bounds a circuit revocation's reason (at least 1 byte).
	MaxReasonLength = 256
	// HashLength is the size of dataset commitments, salts and setup
	// transcript hashes.
	HashLength = 32
	// MaxFeatures bounds a task's features per sample (and layer widths).
	MaxFeatures = 65536
	// MinClasses and MaxClasses bound a classification task's classes.
	MinClasses = 2
	// MaxClasses is the most classes a classification task may have.
	MaxClasses = 1024
	// MaxBatchSize bounds the samples per leaf of a task and a circuit.
	MaxBatchSize = 4096
	// MaxValidationSlicesLimit is the highest max_validation_slices
	// governance may set.
	MaxValidationSlicesLimit = 1024
	// MaxBlocks bounds every length in blocks (epochs, bounty deadlines,
	// windows): 2^40 blocks, far beyond any real use, so height arithmetic
	// cannot overflow an int64.
	MaxBlocks = uint64(1) << 40
	// MetricScale is the fixed-point scale of metrics: 1.0 is 1_000_000.
	MetricScale = 1_000_000
	// BasisPoints is 100 %.
	BasisPoints = 10_000
	// MaxVerifyingKeyBytesLimit is the highest max_verifying_key_bytes
	// governance may set (1 MiB).
	MaxVerifyingKeyBytesLimit = 1 << 20
)

// validateText checks that s has between lo and hi bytes.
func validateText(base *errorsmod.Error, field, s string, lo, hi int) error {
	if len(s) < lo || len(s) > hi {
		if lo == 0 {
			return base.Wrapf("%s must be at most %d bytes, got %d", field, hi, len(s))
		}
		return base.Wrapf("%s must be %d..%d bytes, got %d", field, lo, hi, len(s))
	}
	return nil
}

// validateHash checks that bz is a 32-byte hash.
func validateHash(base *errorsmod.Error, field string, bz []byte) error {
	if len(bz) != HashLength {
		return base.Wrapf("%s must be %d bytes, got %d", field, HashLength, len(bz))
	}
	return nil
}

// validateDigest checks that bz is a canonical pkg/commit digest (a 32-byte
// big-endian BN254 scalar below the field modulus).
func validateDigest(base *errorsmod.Error, field string, bz []byte) error {
	if _, err := commit.DigestFromBytes(bz); err != nil {
		return base.Wrapf("%s: %s", field, err)
	}
	return nil
}

// Commit returns the format as a pkg/commit.Format after checking it with
// commit.Format.Validate (bits 2..32, frac below bits).
func (f FixedPointFormat) Commit() (commit.Format, error) {
	if f.Bits > 32 {
		return commit.Format{}, fmt.Errorf("fixed-point format: bits must be 2..32, got %d", f.Bits)
	}
	if f.Frac >= f.Bits {
		return commit.Format{}, fmt.Errorf("fixed-point format: frac bits (%d) must be below total bits (%d)", f.Frac, f.Bits)
	}
	cf := commit.Format{Bits: uint8(f.Bits), Frac: uint8(f.Frac)}
	return cf, cf.Validate()
}

// validateFormat checks a fixed-point format field.
func validateFormat(base *errorsmod.Error, field string, f FixedPointFormat) error {
	if _, err := f.Commit(); err != nil {
		return base.Wrapf("%s: %s", field, err)
	}
	return nil
}

// validateRounding checks that r is one of the pkg/commit rounding modes.
func validateRounding(r Rounding) error {
	switch r {
	case RoundNearestEven, RoundNearestAway, RoundTowardZero:
		return nil
	}
	return ErrInvalidTask.Wrapf("rounding must be one of %s, %s, %s; got %s", RoundNearestEven, RoundNearestAway, RoundTowardZero, r)
}

// ValidateCoin checks that c is a valid amount of the bond denom, positive
// or (with allowZero) zero.
func ValidateCoin(base *errorsmod.Error, field string, c sdk.Coin, allowZero bool) error {
	if c.Denom != BondDenom {
		return base.Wrapf("%s must be in %s, got denom %q", field, BondDenom, c.Denom)
	}
	if c.Amount.IsNil() {
		return base.Wrapf("%s has no amount", field)
	}
	if c.Amount.IsNegative() || (!allowZero && c.Amount.IsZero()) {
		if allowZero {
			return base.Wrapf("%s must not be negative, got %s", field, c.Amount)
		}
		return base.Wrapf("%s must be positive, got %s", field, c.Amount)
	}
	if err := c.Validate(); err != nil {
		return base.Wrapf("%s: %s", field, err)
	}
	return nil
}

// validateAddress checks a bech32 account address of a record (genesis).
func validateAddress(field, addr string) error {
	if _, err := sdk.AccAddressFromBech32(addr); err != nil {
		return ErrInvalidAddress.Wrapf("%s %q: %s", field, addr, err)
	}
	return nil
}

// AddBlocks returns height + blocks, or an error if blocks exceeds
// MaxBlocks or the sum overflows an int64.
func AddBlocks(height int64, blocks uint64) (int64, error) {
	if blocks > MaxBlocks {
		return 0, fmt.Errorf("%d blocks is more than the limit of %d", blocks, MaxBlocks)
	}
	sum := math.NewInt(height).AddRaw(int64(blocks))
	if !sum.IsInt64() {
		return 0, fmt.Errorf("height %d + %d blocks overflows", height, blocks)
	}
	return sum.Int64(), nil
}

// firstDuplicate returns the indexes of the first byte string that repeats
// an earlier one, or -1, -1.
func firstDuplicate(items [][]byte) (int, int) {
	seen := make(map[string]int, len(items))
	for i, it := range items {
		if j, ok := seen[string(it)]; ok {
			return j, i
		}
		seen[string(it)] = i
	}
	return -1, -1
}

// indexOfBytes returns the index of b in items, or -1.
func indexOfBytes(items [][]byte, b []byte) int {
	for i, it := range items {
		if bytes.Equal(it, b) {
			return i
		}
	}
	return -1
}
