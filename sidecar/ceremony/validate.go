package ceremony

import (
	"fmt"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Validate checks everything about t that needs no cryptography: the
// version, circuit id, domain size, names, beacons, that the stages are
// consistent (no phase-2 data before phase 1 is sealed, a verifying key
// exactly when sealed, at least one contribution per sealed phase), and the
// layout of every contribution. MarshalBinary and DecodeTranscript apply
// it, so an encoding exists exactly for the transcripts that pass it.
func (t *Transcript) Validate() error {
	if t.Version != FormatVersion {
		return fmt.Errorf("%w: format version %d, this build reads version %d", ErrInvalid, t.Version, FormatVersion)
	}
	if err := ValidateCircuitID(t.CircuitID); err != nil {
		return err
	}
	if err := validateDomainSize(t.DomainSize); err != nil {
		return err
	}
	if len(t.Phase1) > MaxContributions || len(t.Phase2) > MaxContributions {
		return fmt.Errorf("%w: %d phase-1 and %d phase-2 contributions, at most %d per phase", ErrInvalid, len(t.Phase1), len(t.Phase2), MaxContributions)
	}
	for i, c := range t.Phase1 {
		if err := validateName(c.Name); err != nil {
			return contribErr(1, i, c.Name, err)
		}
		if err := scanPhase1(c.Data, t.DomainSize); err != nil {
			return contribErr(1, i, c.Name, err)
		}
	}
	var first phase2Shape
	for i, c := range t.Phase2 {
		if err := validateName(c.Name); err != nil {
			return contribErr(2, i, c.Name, err)
		}
		sh, err := scanPhase2(c.Data, t.DomainSize)
		if err != nil {
			return contribErr(2, i, c.Name, err)
		}
		if i == 0 {
			first = sh
		} else if !sh.equal(first) {
			return contribErr(2, i, c.Name, fmt.Errorf("%w: shape %v differs from contribution 0's %v", ErrMalformed, sh, first))
		}
	}
	return t.validateStages()
}

func (t *Transcript) validateStages() error {
	sealed1, sealed2 := !t.Phase1Beacon.isZero(), !t.Phase2Beacon.isZero()
	if sealed1 {
		if err := validateBeacon(t.Phase1Beacon, 1); err != nil {
			return err
		}
		if len(t.Phase1) == 0 {
			return fmt.Errorf("%w: phase 1 is sealed without any contribution", ErrInvalid)
		}
		if t.Phase1Output == ([32]byte{}) {
			return fmt.Errorf("%w: phase 1 is sealed but its output hash is missing", ErrInvalid)
		}
	} else {
		if t.Phase1Output != ([32]byte{}) {
			return fmt.Errorf("%w: phase-1 output hash recorded but phase 1 is not sealed", ErrInvalid)
		}
		if len(t.Phase2) > 0 {
			return fmt.Errorf("%w: %d phase-2 contributions before phase 1 is sealed", ErrInvalid, len(t.Phase2))
		}
	}
	if sealed2 {
		if !sealed1 {
			return fmt.Errorf("%w: phase 2 is sealed before phase 1", ErrInvalid)
		}
		if err := validateBeacon(t.Phase2Beacon, 2); err != nil {
			return err
		}
		if len(t.Phase2) == 0 {
			return fmt.Errorf("%w: phase 2 is sealed without any contribution", ErrInvalid)
		}
		if len(t.VerifyingKey) == 0 {
			return fmt.Errorf("%w: phase 2 is sealed but the verifying key is missing", ErrInvalid)
		}
	} else if len(t.VerifyingKey) != 0 {
		return fmt.Errorf("%w: verifying key recorded but phase 2 is not sealed", ErrInvalid)
	}
	return nil
}

// ValidateCircuitID checks a circuit id as the chain does: 3..64 of a-z,
// 0-9, '.', '_', '-'.
func ValidateCircuitID(id string) error {
	if len(id) < MinCircuitIDLen || len(id) > MaxCircuitIDLen {
		return fmt.Errorf("%w: circuit id %q is %d bytes, want %d..%d", ErrInvalid, id, len(id), MinCircuitIDLen, MaxCircuitIDLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return fmt.Errorf("%w: circuit id %q has %q at byte %d, want only a-z, 0-9, '.', '_', '-'", ErrInvalid, id, c, i)
		}
	}
	return nil
}

func validateDomainSize(n uint64) error {
	if n < MinDomainSize || n > MaxDomainSize || bits.OnesCount64(n) != 1 {
		return fmt.Errorf("%w: phase-1 size N=%d, want a power of two in [%d, %d]", ErrInvalid, n, MinDomainSize, MaxDomainSize)
	}
	return nil
}

// validateText checks printable UTF-8 of at most max bytes.
func validateText(s, what string, max int) error {
	if len(s) > max {
		return fmt.Errorf("%w: %s is %d bytes, at most %d", ErrInvalid, what, len(s), max)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalid, what)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("%w: %s %q has the non-printable character %U", ErrInvalid, what, s, r)
		}
	}
	return nil
}

func validateName(name string) error {
	return validateText(name, "contributor name", MaxNameLen)
}

func validateBeacon(b Beacon, phase int) error {
	if len(b.Value) == 0 || len(b.Value) > MaxBeaconLen {
		return fmt.Errorf("%w: phase-%d beacon is %d bytes, want 1..%d", ErrInvalid, phase, len(b.Value), MaxBeaconLen)
	}
	if b.Source == "" {
		return fmt.Errorf("%w: phase-%d beacon has no source; name where it comes from, e.g. \"drand quicknet round 5123456\"", ErrInvalid, phase)
	}
	return validateText(b.Source, fmt.Sprintf("phase-%d beacon source", phase), MaxSourceLen)
}
