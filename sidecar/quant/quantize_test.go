package quant

import (
	"bytes"
	"math"
	"slices"
	"testing"
)

func TestInt32RoundTripExact(t *testing.T) {
	values := testValues(1, 5000)
	for _, bs := range []int{0, 1, 64} { // Int32 ignores the block size
		e := mustQuantize(t, values, Int32, bs)
		if e.BlockSize != 0 || len(e.Scales) != 0 || len(e.Data) != 4*len(values) || e.Count != len(values) {
			t.Fatalf("Int32 header: block %d, %d scales, %d bytes, count %d", e.BlockSize, len(e.Scales), len(e.Data), e.Count)
		}
		if got := mustDequantize(t, e); !slices.Equal(got, values) {
			t.Fatal("Int32 round trip is not exact")
		}
	}
}

// refScale is max(1, ceil(m/q)) by plain division.
func refScale(block []int64, q int64) int64 {
	var m int64
	for _, v := range block {
		m = max(m, abs64(v))
	}
	if m == 0 {
		return 1
	}
	return (m + q - 1) / q
}

// TestBlockErrorBound checks, for Int8 and Int4 on mixed data (extremes,
// zero blocks, small and full-range values) and several block sizes, that
// every block's scale is max(1, ceil(max|v|/q)), every code is
// roundHalfAway(v/s) within [-q, q], and |v - d| <= s/2.
func TestBlockErrorBound(t *testing.T) {
	values := testValues(2, 20011)
	for _, p := range []Precision{Int8, Int4} {
		q := qmax(p)
		for _, bs := range []int{1, 2, 3, 7, 64, 100, 4096, len(values), len(values) + 5} {
			e := mustQuantize(t, values, p, bs)
			d := mustDequantize(t, e)
			if len(e.Scales) != (len(values)+bs-1)/bs || e.BlockSize != bs {
				t.Fatalf("%s block %d: %d scales, block size %d", p, bs, len(e.Scales), e.BlockSize)
			}
			zeroBlocks := 0
			for b, s32 := range e.Scales {
				block := values[b*bs : min((b+1)*bs, len(values))]
				s := int64(s32)
				if want := refScale(block, q); s != want {
					t.Fatalf("%s block size %d block %d: scale %d, want %d", p, bs, b, s, want)
				}
				if refScale(block, q) == 1 && slices.Max(block) == 0 && slices.Min(block) == 0 {
					zeroBlocks++
				}
				for i, v := range block {
					k := b*bs + i
					if d[k]%s != 0 {
						t.Fatalf("%s value %d: decoded %d is not a multiple of scale %d", p, k, d[k], s)
					}
					code := d[k] / s
					want := (2*abs64(v) + s) / (2 * s)
					if v < 0 {
						want = -want
					}
					if code != want || abs64(code) > q {
						t.Fatalf("%s value %d = %d, scale %d: code %d, want %d within ±%d", p, k, v, s, code, want, q)
					}
					if 2*abs64(v-d[k]) > s {
						t.Fatalf("%s value %d = %d: decoded %d, error %d > scale/2 = %d/2", p, k, v, d[k], v-d[k], s)
					}
				}
			}
			if bs == 64 && zeroBlocks == 0 {
				t.Fatalf("%s: test data has no all-zero block of 64", p)
			}
		}
	}
}

func TestFP16ErrorBound(t *testing.T) {
	values := testValues(3, 20011)
	e := mustQuantize(t, values, FP16, 64)
	if e.BlockSize != 0 || len(e.Scales) != 0 || len(e.Data) != 2*len(values) {
		t.Fatalf("FP16 header: block %d, %d scales, %d bytes", e.BlockSize, len(e.Scales), len(e.Data))
	}
	d := mustDequantize(t, e)
	for i, v := range values {
		err := abs64(v - d[i])
		if 2048*err > abs64(v) || (abs64(v) <= 2048 && err != 0) || abs64(d[i]) > 1<<31 {
			t.Fatalf("FP16 value %d = %d: decoded %d, error %d > |v|/2048", i, v, d[i], err)
		}
	}
}

// TestExtremes quantizes one block of the int32 extremes: the decoded
// values may leave the int32 range by less than qmax, as documented.
func TestExtremes(t *testing.T) {
	values := []int64{math.MaxInt32, math.MinInt32, -math.MaxInt32, 0, 1, -1}
	want := map[Precision][]int64{
		Int32: values,
		FP16:  {1 << 31, -1 << 31, -1 << 31, 0, 1, -1},
		// scale ceil(2^31/127) = 16909321
		Int8: {127 * 16909321, -127 * 16909321, -127 * 16909321, 0, 0, 0},
		// scale ceil(2^31/7) = 306783379
		Int4: {7 * 306783379, -7 * 306783379, -7 * 306783379, 0, 0, 0},
	}
	for _, p := range allPrecisions {
		d := mustDequantize(t, mustQuantize(t, values, p, 8))
		if !slices.Equal(d, want[p]) {
			t.Errorf("%s extremes decode to %v, want %v", p, d, want[p])
		}
		for _, x := range d {
			if abs64(x) >= 1<<31+127 {
				t.Errorf("%s decoded %d, beyond the documented 2^31 + qmax", p, x)
			}
		}
	}
	if got := maxScale(Int8); got != 16909321 {
		t.Errorf("maxScale(Int8) = %d", got)
	}
	if got := maxScale(Int4); got != 306783379 {
		t.Errorf("maxScale(Int4) = %d", got)
	}
}

// TestHandExamples pins the byte layout with values worked out by hand.
func TestHandExamples(t *testing.T) {
	for _, c := range []struct {
		name   string
		values []int64
		p      Precision
		bs     int
		scales []uint32
		data   []byte
		dec    []int64
	}{
		{"int32", []int64{1, -2, math.MaxInt32}, Int32, 0, nil,
			[]byte{1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, []int64{1, -2, math.MaxInt32}},
		// 2049 -> 2048 and 2051 -> 2052 (ties to even); 2^24 is binary16 1.0 = 0x3c00.
		{"fp16", []int64{1, -1, 2049, 2051, 1 << 24, math.MinInt32}, FP16, 0, nil,
			[]byte{0x01, 0x00, 0x01, 0x80, 0x00, 0x08, 0x02, 0x08, 0x00, 0x3c, 0x00, 0xd8},
			[]int64{1, -1, 2048, 2052, 1 << 24, math.MinInt32}},
		// block 0: max 300 -> scale 3; 300/3 = 100, -7/3 -> -2, 127/3 -> 42; block 1: -5 alone -> scale 1.
		{"int8", []int64{300, -7, 0, 127, -5}, Int8, 4, []uint32{3, 1},
			[]byte{100, 0xfe, 0, 42, 0xfb}, []int64{300, -6, 0, 126, -5}},
		// ties round away from zero: 3/2 -> 2, -3/2 -> -2, 1/2 -> 1.
		{"int8 ties", []int64{254, 3, -3, 1}, Int8, 4, []uint32{2},
			[]byte{127, 2, 0xfe, 1}, []int64{254, 4, -4, 2}},
		// low nibble first; block 1: max 30 -> scale 5, codes 6, -3, 0; padding nibble 0.
		{"int4", []int64{1, -1, 7, -7, 30, -16, 0}, Int4, 4, []uint32{1, 5},
			[]byte{0xf1, 0x97, 0xd6, 0x00}, []int64{1, -1, 7, -7, 30, -15, 0}},
	} {
		e := mustQuantize(t, c.values, c.p, c.bs)
		if !slices.Equal(e.Scales, c.scales) || !bytes.Equal(e.Data, c.data) {
			t.Errorf("%s: scales %v data % x, want %v % x", c.name, e.Scales, e.Data, c.scales, c.data)
		}
		if d := mustDequantize(t, e); !slices.Equal(d, c.dec) {
			t.Errorf("%s: decoded %v, want %v", c.name, d, c.dec)
		}
	}
}

// TestLastPartialBlock: the last block's scale depends on its own values
// only, and an odd Int4 count leaves a zero padding nibble.
func TestLastPartialBlock(t *testing.T) {
	values := make([]int64, 64+37)
	for i := range 64 {
		values[i] = int64(1000 * (i - 32)) // max |v| 32000
	}
	for i := 64; i < len(values); i++ {
		values[i] = int64(i - 80) // -16..20
	}
	values[len(values)-1] = -36 // the last block's max |v|
	for _, p := range []Precision{Int8, Int4} {
		q := qmax(p)
		e := mustQuantize(t, values, p, 64)
		want := []uint32{uint32((32000 + q - 1) / q), uint32((36 + q - 1) / q)}
		if !slices.Equal(e.Scales, want) {
			t.Errorf("%s scales %v, want %v", p, e.Scales, want)
		}
		d := mustDequantize(t, e)
		for i := 64; i < len(values); i++ {
			if 2*abs64(values[i]-d[i]) > int64(want[1]) {
				t.Errorf("%s last block value %d = %d decoded %d", p, i, values[i], d[i])
			}
		}
		if p == Int4 {
			if len(e.Data) != 51 || e.Data[50]>>4 != 0 {
				t.Errorf("int4 data %d bytes, last byte %#x: want 51 bytes and a zero high nibble", len(e.Data), e.Data[len(e.Data)-1])
			}
		}
	}
}

func TestEmpty(t *testing.T) {
	for _, p := range allPrecisions {
		for _, in := range [][]int64{nil, {}} {
			e := mustQuantize(t, in, p, 64)
			if e.Count != 0 || len(e.Data) != 0 || len(e.Scales) != 0 || EncodedBytes(e) != 0 || Ratio(e) != 1 {
				t.Errorf("%s empty: %+v", p, e)
			}
			if d := mustDequantize(t, e); len(d) != 0 {
				t.Errorf("%s empty decoded to %v", p, d)
			}
		}
	}
}

func TestQuantizeErrors(t *testing.T) {
	ok := []int64{1, 2, 3}
	_, err := Quantize(ok, 0, 64)
	wantErr(t, err, ErrPrecision, "0")
	_, err = Quantize(ok, 5, 64)
	wantErr(t, err, ErrPrecision, "5")
	for _, p := range []Precision{Int8, Int4} {
		for _, bs := range []int{0, -1, math.MinInt} {
			_, err = Quantize(ok, p, bs)
			wantErr(t, err, ErrBlockSize, p.String(), ">= 1")
		}
	}
	for _, p := range []Precision{Int32, FP16} { // block size ignored
		if _, err := Quantize(ok, p, -3); err != nil {
			t.Errorf("%s with block size -3: %v", p, err)
		}
	}
	for _, v := range []int64{1 << 31, -1<<31 - 1, math.MaxInt64, math.MinInt64} {
		for _, p := range allPrecisions {
			_, err = Quantize([]int64{0, v}, p, 64)
			wantErr(t, err, ErrRange, "value 1", "int32 range")
		}
	}
}

func TestSizes(t *testing.T) {
	values := testValues(4, 101770)
	want := map[Precision]int{
		Int32: 4 * 101770,
		FP16:  2 * 101770,
		Int8:  101770 + 4*1591, // ceil(101770/64) = 1591 blocks
		Int4:  101770/2 + 4*1591,
	}
	for _, p := range allPrecisions {
		e := mustQuantize(t, values, p, 64)
		if got := EncodedBytes(e); got != want[p] {
			t.Errorf("%s EncodedBytes %d, want %d", p, got, want[p])
		}
		if got, r := Ratio(e), float64(want[p])/(4*101770); got != r {
			t.Errorf("%s Ratio %v, want %v", p, got, r)
		}
	}
}
