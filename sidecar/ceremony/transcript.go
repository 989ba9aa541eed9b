package ceremony

import (
	"bytes"
	"slices"
)

// FormatVersion is the transcript encoding version this package writes and
// the only one it reads.
const FormatVersion uint16 = 1

// Limits on transcript fields. Decoding rejects anything beyond them
// before allocating.
const (
	// MinDomainSize is the smallest phase-1 size: gnark's phase-1
	// verification needs at least two powers of τ.
	MinDomainSize = 2
	// MaxDomainSize is 2^24: a phase-1 contribution takes 192·N bytes,
	// which must fit the transcript's 32-bit length prefix (3.2 GB at
	// 2^24; the BN254 scalar field itself allows FFT domains up to 2^28).
	MaxDomainSize = 1 << 24
	// MaxContributions bounds the contributions per phase.
	MaxContributions = 1 << 16
	// MaxNameLen bounds a contributor's name, in bytes of UTF-8.
	MaxNameLen = 64
	// MaxSourceLen bounds a beacon source, in bytes of UTF-8.
	MaxSourceLen = 256
	// MaxBeaconLen bounds a beacon value, in bytes.
	MaxBeaconLen = 1024
	// MinCircuitIDLen and MaxCircuitIDLen bound a circuit id, as the chain
	// does (3..64 of a-z, 0-9, '.', '_', '-').
	MinCircuitIDLen = 3
	MaxCircuitIDLen = 64
)

// Transcript is everything needed to replay a ceremony's verification. It
// is what `litegpt-sidecar keys` commands read and write between
// contributors, and what TranscriptHash hashes for a governance proposal.
//
// A transcript moves through three stages (see Stage): phase-1
// contributions are appended until SealPhase1 records the phase-1 beacon,
// then phase-2 contributions until Seal records the phase-2 beacon and the
// verifying key.
type Transcript struct {
	// Version is FormatVersion.
	Version uint16
	// CircuitID names the circuit, as in x/buildermarket Circuit.id.
	CircuitID string
	// R1CSHash is the SHA-256 of the constraint system's gnark WriteTo
	// encoding (see R1CSHash).
	R1CSHash [32]byte
	// DomainSize is the phase-1 size N: the smallest power of two at least
	// the number of constraints (and at least MinDomainSize).
	DomainSize uint64
	// Phase1 are the phase-1 contributions in order. Each Data is a gnark
	// mpcsetup.Phase1 encoding after its contributor's Contribute; the
	// first one starts from mpcsetup.NewPhase1(DomainSize).
	Phase1 []Contribution
	// Phase1Beacon seals phase 1; empty until SealPhase1.
	Phase1Beacon Beacon
	// Phase1Output is the SHA-256 of the gnark encoding of the SRS commons
	// phase 1 yields with its beacon; zero until SealPhase1.
	Phase1Output [32]byte
	// Phase2 are the phase-2 contributions in order (gnark mpcsetup.Phase2
	// encodings); the first one starts from Phase2.Initialize of the
	// constraint system and the phase-1 output.
	Phase2 []Contribution
	// Phase2Beacon seals phase 2; empty until Seal.
	Phase2Beacon Beacon
	// VerifyingKey is the gnark WriteTo encoding of the verifying key the
	// ceremony yields; empty until Seal.
	VerifyingKey []byte
}

// Contribution is one contributor's output.
type Contribution struct {
	// Name is the contributor's free-text name (optional, at most
	// MaxNameLen bytes of printable UTF-8).
	Name string
	// Data is the gnark encoding of the contribution (mpcsetup.Phase1 or
	// mpcsetup.Phase2), compressed points, canonical.
	Data []byte
}

// Beacon is the public randomness that seals a phase. It must not have
// been predictable when the phase's last contribution was made: name it
// (Source) before that contribution, at a future drand round or chain
// height.
type Beacon struct {
	// Value is the beacon's bytes (1..MaxBeaconLen), e.g. a drand round's
	// randomness or a block hash.
	Value []byte
	// Source says where Value comes from so anyone can fetch it again, e.g.
	// "drand quicknet round 5123456" or "litegpt-1 block hash at height
	// 120000".
	Source string
}

func (b Beacon) isZero() bool { return len(b.Value) == 0 && b.Source == "" }

// Stage is where a ceremony is.
type Stage uint8

const (
	// StagePhase1 accepts phase-1 contributions.
	StagePhase1 Stage = 1
	// StagePhase2 has phase 1 sealed and accepts phase-2 contributions.
	StagePhase2 Stage = 2
	// StageSealed has both phases sealed and the keys fixed.
	StageSealed Stage = 3
)

func (s Stage) String() string {
	switch s {
	case StagePhase1:
		return "phase 1 (accepting contributions)"
	case StagePhase2:
		return "phase 2 (phase 1 sealed, accepting contributions)"
	case StageSealed:
		return "sealed"
	default:
		return "unknown stage"
	}
}

// Stage reports the transcript's stage from which beacons are recorded.
func (t *Transcript) Stage() Stage {
	switch {
	case !t.Phase2Beacon.isZero():
		return StageSealed
	case !t.Phase1Beacon.isZero():
		return StagePhase2
	default:
		return StagePhase1
	}
}

// Clone returns a deep copy of t.
func (t *Transcript) Clone() *Transcript {
	c := *t
	c.Phase1 = cloneContributions(t.Phase1)
	c.Phase2 = cloneContributions(t.Phase2)
	c.Phase1Beacon.Value = bytes.Clone(t.Phase1Beacon.Value)
	c.Phase2Beacon.Value = bytes.Clone(t.Phase2Beacon.Value)
	c.VerifyingKey = bytes.Clone(t.VerifyingKey)
	return &c
}

func cloneContributions(cs []Contribution) []Contribution {
	if cs == nil {
		return nil
	}
	out := slices.Clone(cs)
	for i := range out {
		out[i].Data = bytes.Clone(out[i].Data)
	}
	return out
}
