package merge

import "errors"

// Sentinel errors. Every error a function of this package returns wraps
// exactly one of them (test with errors.Is); the message around it names
// the model, coordinate or count that is wrong and what was expected.
var (
	// ErrEmpty: no models to merge.
	ErrEmpty = errors.New("merge: no models")
	// ErrLength: parameter vectors of different lengths.
	ErrLength = errors.New("merge: parameter vectors differ in length")
	// ErrRange: a parameter outside the int32 range [MinParam, MaxParam].
	ErrRange = errors.New("merge: parameter outside the int32 range")
	// ErrZeroWeight: every model of a weighted average has weight zero.
	ErrZeroWeight = errors.New("merge: all weights are zero")
	// ErrTooFewModels: a robust rule needs more models than it was given
	// for its trim or Byzantine bound.
	ErrTooFewModels = errors.New("merge: too few models")
	// ErrInvalidArgument: a negative trim or f, m out of range, a window
	// capacity below 1, an unknown Weighting or Rule value.
	ErrInvalidArgument = errors.New("merge: invalid argument")
	// ErrUnknownRule: ParseRule was given a name it does not know.
	ErrUnknownRule = errors.New("merge: unknown rule")
	// ErrUnknownWeighting: ParseWeighting was given a name it does not
	// know.
	ErrUnknownWeighting = errors.New("merge: unknown weighting")
)
