package quant

import (
	"math"
	"testing"
)

// refHalf is the IEEE 754 binary16 bit pattern of v·2^-24 computed in
// float64 with math.Frexp and math.RoundToEven, an implementation
// independent of encodeHalf's bit manipulation (float64 holds every
// int32·2^-24 exactly, and the rounding is one exact RoundToEven).
func refHalf(v int64) uint16 {
	var sign uint16
	x := float64(v) / (1 << 24)
	if x < 0 {
		sign, x = 0x8000, -x
	}
	if x < 1.0/(1<<14) { // subnormal: m·2^-24
		return sign | uint16(math.RoundToEven(x*(1<<24))) // 1024 = smallest normal's code
	}
	frac, exp := math.Frexp(x) // x = frac·2^exp, frac in [0.5, 1)
	mant := math.RoundToEven((2*frac - 1) * 1024)
	e := exp - 1 + 15
	if mant == 1024 {
		mant, e = 0, e+1
	}
	return sign | uint16(e)<<10 | uint16(mant)
}

// refHalfValue is the real value of a binary16 pattern times 2^24.
func refHalfValue(c uint16) float64 {
	e := int(c>>10) & 31
	m := float64(c & 1023)
	var x float64
	if e == 0 {
		x = m // m·2^-24 · 2^24
	} else {
		x = math.Ldexp(1024+m, e-25+24)
	}
	if c&0x8000 != 0 {
		return -x
	}
	return x
}

func TestFP16MatchesIEEEReference(t *testing.T) {
	check := func(v int64) {
		if got, want := encodeHalf(v), refHalf(v); got != want {
			t.Fatalf("encodeHalf(%d) = %#04x, binary16 of v·2^-24 is %#04x", v, got, want)
		}
	}
	for v := int64(-70000); v <= 70000; v++ {
		check(v)
	}
	for e := 11; e <= 31; e++ { // around every power of two and the ties next to it
		p := int64(1) << e
		ulp := p >> 10
		for _, base := range []int64{p, p + ulp, p + ulp/2, p - ulp/4, p + 3*ulp/2, 2*p - ulp/2, 2*p - 1} {
			for d := int64(-2); d <= 2; d++ {
				if v := base + d; v <= math.MaxInt32 {
					check(v)
					check(-v)
				}
			}
		}
	}
	check(math.MinInt32)
	r := &rng{s: 5}
	for range 200000 {
		check(r.between(math.MinInt32, math.MaxInt32))
	}
}

// TestFP16CodesCanonical decodes every 16-bit pattern: exactly the
// canonical ones are accepted, each decodes to its binary16 value times
// 2^24, and encodes back to itself.
func TestFP16CodesCanonical(t *testing.T) {
	accepted := 0
	for c := range 1 << 16 {
		code := uint16(c)
		e := Encoded{Precision: FP16, Count: 1, Data: []byte{byte(c), byte(c >> 8)}}
		d, err := Dequantize(e)
		mag := code &^ 0x8000
		canonical := mag <= 0x5800 && code != 0x8000
		if canonical != (err == nil) {
			t.Fatalf("code %#04x: canonical %v but Dequantize error %v", code, canonical, err)
		}
		if err != nil {
			wantErr(t, err, ErrEncoding, "fp16 value 0")
			continue
		}
		accepted++
		if float64(d[0]) != refHalfValue(code) {
			t.Fatalf("code %#04x decodes to %d, binary16 value·2^24 is %v", code, d[0], refHalfValue(code))
		}
		back := min(d[0], math.MaxInt32) // 2^31 comes from 2^31-1
		if got := encodeHalf(back); got != code {
			t.Fatalf("code %#04x decodes to %d which encodes to %#04x", code, d[0], got)
		}
	}
	if accepted != 2*0x5801-1 {
		t.Fatalf("%d canonical codes, want %d", accepted, 2*0x5801-1)
	}
}
