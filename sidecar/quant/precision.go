package quant

import (
	"fmt"
	"strings"
)

// Precision is the number format of an Encoded tensor. The zero value is
// not a precision; Dequantize rejects it.
type Precision uint8

const (
	// Int32 stores every value losslessly as a 4-byte little-endian
	// two's-complement integer.
	Int32 Precision = iota + 1
	// FP16 stores every value as the IEEE 754 binary16 encoding of
	// v·2^-24 (2 bytes little-endian, round to nearest, ties to even):
	// 11 significant bits, exact for |v| <= 2048. No scales.
	FP16
	// Int8 stores one signed byte q in [-127, 127] per value and one scale
	// per block; the value is q·scale.
	Int8
	// Int4 stores one signed nibble q in [-7, 7] per value, two per byte
	// (low nibble first), and one scale per block; the value is q·scale.
	Int4
)

// precisionNames is indexed by Precision.
var precisionNames = [...]string{Int32: "int32", FP16: "fp16", Int8: "int8", Int4: "int4"}

// Valid reports whether p is one of Int32, FP16, Int8, Int4.
func (p Precision) Valid() bool { return p >= Int32 && p <= Int4 }

// String is the name ParsePrecision accepts ("int32", "fp16", "int8",
// "int4"), or "Precision(n)" for an unknown value.
func (p Precision) String() string {
	if !p.Valid() {
		return fmt.Sprintf("Precision(%d)", uint8(p))
	}
	return precisionNames[p]
}

// BitsPerValue is the number of payload bits per value, not counting the
// per-block scales of Int8 and Int4 (32 bits per block): 32, 16, 8 or 4,
// and 0 for an unknown precision.
func (p Precision) BitsPerValue() int {
	switch p {
	case Int32:
		return 32
	case FP16:
		return 16
	case Int8:
		return 8
	case Int4:
		return 4
	}
	return 0
}

// blocked reports whether p carries one scale per block.
func (p Precision) blocked() bool { return p == Int8 || p == Int4 }

// ParsePrecision maps "int32", "fp16", "int8" or "int4" (case-insensitive,
// surrounding spaces ignored) to its Precision.
func ParsePrecision(s string) (Precision, error) {
	t := strings.TrimSpace(s)
	for p := Int32; p <= Int4; p++ {
		if strings.EqualFold(t, precisionNames[p]) {
			return p, nil
		}
	}
	return 0, fmt.Errorf("%w: %q, want one of int32, fp16, int8, int4", ErrPrecision, s)
}

// MarshalText implements encoding.TextMarshaler (for TOML and JSON
// configs); an unknown precision is an error.
func (p Precision) MarshalText() ([]byte, error) {
	if !p.Valid() {
		return nil, fmt.Errorf("%w: %d, want 1 (int32) to 4 (int4)", ErrPrecision, uint8(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParsePrecision.
func (p *Precision) UnmarshalText(b []byte) error {
	v, err := ParsePrecision(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
