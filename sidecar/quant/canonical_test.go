package quant

import (
	"encoding/binary"
	"math"
	"testing"
)

// TestDequantizeRejects feeds malformed encodings; each must fail with
// the named error and say what is wrong.
func TestDequantizeRejects(t *testing.T) {
	valid8 := Encoded{Precision: Int8, BlockSize: 2, Count: 3, Scales: []uint32{1, 1}, Data: []byte{1, 2, 3}}
	valid4 := Encoded{Precision: Int4, BlockSize: 2, Count: 3, Scales: []uint32{1, 1}, Data: []byte{0x21, 0x03}}
	for _, e := range []Encoded{valid8, valid4} {
		if _, err := Dequantize(e); err != nil {
			t.Fatalf("base case %s: %v", e.Precision, err)
		}
	}
	with := func(e Encoded, f func(*Encoded)) Encoded {
		e.Scales = append([]uint32(nil), e.Scales...)
		e.Data = append([]byte(nil), e.Data...)
		f(&e)
		return e
	}
	for _, c := range []struct {
		name   string
		e      Encoded
		target error
		says   []string
	}{
		{"zero precision", Encoded{Count: 0}, ErrPrecision, []string{"want 1 (int32) to 4 (int4)"}},
		{"precision 7", Encoded{Precision: 7}, ErrPrecision, []string{"7"}},
		{"negative count", with(valid8, func(e *Encoded) { e.Count = -1 }), ErrEncoding, []string{"count -1"}},
		{"count above data", with(valid8, func(e *Encoded) { e.Count = 4 }), ErrEncoding, []string{"count 4 needs 4 data bytes, have 3"}},
		{"count below data", with(valid8, func(e *Encoded) { e.Count = 2; e.Scales = e.Scales[:1] }), ErrEncoding, []string{"needs 2 data bytes, have 3"}},
		{"int32 ragged data", Encoded{Precision: Int32, Count: 1, Data: []byte{1, 2, 3}}, ErrEncoding, []string{"needs 4 data bytes"}},
		{"int32 huge count", Encoded{Precision: Int32, Count: math.MaxInt, Data: []byte{1, 2, 3, 4}}, ErrEncoding, []string{"maximum int"}},
		{"fp16 huge count", Encoded{Precision: FP16, Count: math.MaxInt/2 + 1, Data: []byte{1, 2}}, ErrEncoding, []string{"data bytes"}},
		{"int4 huge count", Encoded{Precision: Int4, BlockSize: 1, Count: math.MaxInt, Data: []byte{1}}, ErrEncoding, []string{"data bytes"}},
		{"int32 with block size", Encoded{Precision: Int32, BlockSize: 64, Count: 1, Data: make([]byte, 4)}, ErrEncoding, []string{"no blocks", "block size 64"}},
		{"fp16 with scales", Encoded{Precision: FP16, Count: 1, Scales: []uint32{1}, Data: make([]byte, 2)}, ErrEncoding, []string{"1 scales"}},
		{"block size 0", with(valid8, func(e *Encoded) { e.BlockSize = 0 }), ErrEncoding, []string{"block size 0"}},
		{"block size -5", with(valid4, func(e *Encoded) { e.BlockSize = -5 }), ErrEncoding, []string{"block size -5"}},
		{"missing scale", with(valid8, func(e *Encoded) { e.Scales = e.Scales[:1] }), ErrEncoding, []string{"need 2 scales, have 1"}},
		{"extra scale", with(valid4, func(e *Encoded) { e.Scales = append(e.Scales, 1) }), ErrEncoding, []string{"need 2 scales, have 3"}},
		{"scale 0", with(valid8, func(e *Encoded) { e.Scales[1] = 0 }), ErrEncoding, []string{"block 1 scale 0, want 1 to 16909321"}},
		{"int8 scale above max", with(valid8, func(e *Encoded) { e.Scales[0] = 16909322; e.Data[0] = 127 }), ErrEncoding, []string{"block 0 scale 16909322"}},
		{"int8 scale 2^31+1", with(valid8, func(e *Encoded) { e.Scales[0] = 1<<31 + 1; e.Data[0] = 127 }), ErrEncoding, []string{"scale 2147483649"}},
		{"int4 scale above max", with(valid4, func(e *Encoded) { e.Scales[0] = 306783380; e.Data[0] = 0x27 }), ErrEncoding, []string{"want 1 to 306783379"}},
		{"int4 scale max uint32", with(valid4, func(e *Encoded) { e.Scales[1] = math.MaxUint32 }), ErrEncoding, []string{"block 1 scale 4294967295"}},
		{"int8 code -128", with(valid8, func(e *Encoded) { e.Data[2] = 0x80 }), ErrEncoding, []string{"int8 value 2 has code -128, want -127 to 127"}},
		{"int4 low nibble 8", with(valid4, func(e *Encoded) { e.Data[0] = 0x28 }), ErrEncoding, []string{"int4 value 0 has code -8, want -7 to 7"}},
		{"int4 high nibble 8", with(valid4, func(e *Encoded) { e.Data[0] = 0x81 }), ErrEncoding, []string{"int4 value 1 has code -8"}},
		{"int4 padding", with(valid4, func(e *Encoded) { e.Data[1] = 0x13 }), ErrEncoding, []string{"padding nibble", "is 1, want 0"}},
		{"int4 padding 8", with(valid4, func(e *Encoded) { e.Data[1] = 0x83 }), ErrEncoding, []string{"padding nibble"}},
		{"zero block with scale 5", with(valid8, func(e *Encoded) { e.Data[2] = 0; e.Scales[1] = 5 }), ErrEncoding, []string{"block 1 has scale 5 but largest |code| 0", "scale 1 suffices"}},
		{"scale too large for codes", with(valid8, func(e *Encoded) { e.Scales[0] = 3; e.Data[0], e.Data[1] = 84, 10 }), ErrEncoding, []string{"largest |code| 84; Quantize gives largest |code| >= 85"}},
		{"int4 scale too large for codes", with(valid4, func(e *Encoded) { e.Scales[0] = 2; e.Data[0] = 0x13 }), ErrEncoding, []string{"largest |code| 3", ">= 4"}},
		{"fp16 negative zero", Encoded{Precision: FP16, Count: 2, Data: []byte{1, 0, 0, 0x80}}, ErrEncoding, []string{"fp16 value 1 has code 0x8000"}},
		{"fp16 above 2^31", Encoded{Precision: FP16, Count: 1, Data: []byte{0x01, 0x58}}, ErrEncoding, []string{"0x5801"}},
		{"fp16 infinity", Encoded{Precision: FP16, Count: 1, Data: []byte{0x00, 0x7c}}, ErrEncoding, []string{"0x7c00"}},
		{"fp16 NaN", Encoded{Precision: FP16, Count: 1, Data: []byte{0x01, 0xfe}}, ErrEncoding, []string{"0xfe01"}},
	} {
		d, err := Dequantize(c.e)
		if err == nil {
			t.Errorf("%s: accepted, decoded %v", c.name, d)
			continue
		}
		if d != nil {
			t.Errorf("%s: returned values with the error", c.name)
		}
		t.Run(c.name, func(t *testing.T) { wantErr(t, err, c.target, c.says...) })
	}
}

// TestDequantizeAcceptsExactlyQuantizeImage checks the canonical-scale rule
// both ways for every scale up to 2000 and the largest scales: a one-block
// tensor with scale s and largest |code| M is accepted exactly when some
// input block makes Quantize emit that scale and that largest code.
func TestDequantizeAcceptsExactlyQuantizeImage(t *testing.T) {
	for _, p := range []Precision{Int8, Int4} {
		q := qmax(p)
		smax := maxScale(p)
		scales := []int64{smax - 2, smax - 1, smax}
		for s := int64(1); s <= 2000; s++ {
			scales = append(scales, s)
		}
		for _, s := range scales {
			// The image: the largest |v| m has scale s for m in (q(s-1), qs]
			// (m in [0, q] for s = 1), capped at 2^31; its code is
			// round(m/s). Enumerating the ends suffices because the code is
			// monotone in m and steps by at most 1.
			mlo, mhi := q*(s-1)+1, min(q*s, 1<<31)
			if s == 1 {
				mlo = 0
			}
			lo, hi := roundHalfAway(mlo, s), roundHalfAway(mhi, s)
			for _, m := range []int64{mlo, mhi} { // Quantize really emits those
				e := mustQuantize(t, []int64{min(m, math.MaxInt32), -m}, p, 2)
				if int64(e.Scales[0]) != s {
					t.Fatalf("%s: max |v| %d got scale %d, want %d", p, m, e.Scales[0], s)
				}
			}
			if hi != q {
				t.Fatalf("%s scale %d: the largest code %d is not reachable", p, s, q)
			}
			for top := int64(0); top <= q; top++ {
				e := Encoded{Precision: p, BlockSize: 1, Count: 1, Scales: []uint32{uint32(s)}, Data: []byte{byte(top)}}
				_, err := Dequantize(e)
				if reachable := top >= lo && top <= hi; reachable != (err == nil) {
					t.Fatalf("%s scale %d largest code %d: reachable %v, Dequantize error %v", p, s, top, reachable, err)
				}
			}
		}
	}
}

// TestRoundTripsAreValid: whatever Quantize emits, Dequantize accepts, and
// Int32 and FP16 re-encode their decoded tensor to the same bytes.
func TestRoundTripsAreValid(t *testing.T) {
	for seed := uint64(10); seed < 30; seed++ {
		values := testValues(seed, 1+int(seed)*37)
		for _, p := range allPrecisions {
			for _, bs := range []int{1, 5, 64} {
				e := mustQuantize(t, values, p, bs)
				d := mustDequantize(t, e)
				if p == Int32 || p == FP16 {
					for i := range d {
						d[i] = min(d[i], math.MaxInt32)
					}
					again := mustQuantize(t, d, p, bs)
					if string(again.Data) != string(e.Data) {
						t.Fatalf("%s seed %d: re-encoding the decoded tensor changed the bytes", p, seed)
					}
				}
			}
		}
	}
	// An Int32 tensor is any 4-byte pattern.
	e := Encoded{Precision: Int32, Count: 2, Data: binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, 0x80000000), 0xffffffff)}
	if d := mustDequantize(t, e); d[0] != math.MinInt32 || d[1] != -1 {
		t.Fatalf("int32 patterns decode to %v", d)
	}
}
