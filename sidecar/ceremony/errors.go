package ceremony

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error the package returns, except file I/O errors
// from ReadFile and WriteFile, wraps one of them (test with errors.Is), and
// the message says what was wrong and what was expected.
var (
	// ErrMalformed: a transcript or a contribution is not a well-formed
	// encoding (truncated, trailing bytes, bad length, non-canonical point).
	ErrMalformed = errors.New("malformed ceremony transcript")
	// ErrInvalid: a transcript field breaks a rule (circuit id, name,
	// beacon source, domain size, stage consistency).
	ErrInvalid = errors.New("invalid ceremony transcript")
	// ErrWrongCircuit: the constraint system given is not the one the
	// ceremony is for.
	ErrWrongCircuit = errors.New("constraint system does not match the ceremony")
	// ErrWrongStage: the operation does not apply to the transcript's stage
	// (e.g. a phase-1 contribution after phase 1 was sealed).
	ErrWrongStage = errors.New("wrong ceremony stage")
	// ErrVerification: a contribution's proof of update does not verify
	// against the previous contribution.
	ErrVerification = errors.New("ceremony contribution does not verify")
	// ErrBeaconMismatch: a beacon does not yield the output recorded when
	// its phase was sealed.
	ErrBeaconMismatch = errors.New("beacon does not yield the recorded output")
	// ErrInternal: gnark failed where it should not have (a panic caught
	// at the package boundary, or an encoding error).
	ErrInternal = errors.New("ceremony internal error")
)

// recoverInto turns a panic inside gnark into an error, so that no input,
// however malformed, crashes the caller.
func recoverInto(err *error, op string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: %s: gnark panicked: %v", ErrInternal, op, r)
	}
}

// ContributionError names the contribution a check failed on: its phase (1
// or 2), its 0-based index in Transcript.Phase1 or Transcript.Phase2 and its
// contributor's name. Err wraps ErrMalformed, ErrInvalid or ErrVerification.
type ContributionError struct {
	Phase int
	Index int
	Name  string
	Err   error
}

func (e *ContributionError) Error() string {
	if e.Name == "" {
		return fmt.Sprintf("phase-%d contribution %d (unnamed): %v", e.Phase, e.Index, e.Err)
	}
	return fmt.Sprintf("phase-%d contribution %d (%q): %v", e.Phase, e.Index, e.Name, e.Err)
}

func (e *ContributionError) Unwrap() error { return e.Err }

func contribErr(phase, index int, name string, err error) error {
	return &ContributionError{Phase: phase, Index: index, Name: name, Err: err}
}
