package quant

import "errors"

// Errors returned by this package, wrapped with a message that says what
// was wrong and what was expected; test them with errors.Is.
var (
	// ErrPrecision: a Precision that is not Int32, FP16, Int8 or Int4, or a
	// name ParsePrecision does not know.
	ErrPrecision = errors.New("quant: unknown precision")
	// ErrBlockSize: a block size below 1 for a blocked precision.
	ErrBlockSize = errors.New("quant: bad block size")
	// ErrRange: an input value outside the int32 range.
	ErrRange = errors.New("quant: value out of range")
	// ErrEncoding: a malformed Encoded tensor (inconsistent lengths, a
	// scale or code Quantize never emits, non-zero padding).
	ErrEncoding = errors.New("quant: malformed encoding")
	// ErrShape: a Feedback tensor whose length differs from its stored
	// residual.
	ErrShape = errors.New("quant: tensor length changed")
)
