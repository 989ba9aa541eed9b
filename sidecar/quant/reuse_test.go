package quant

import (
	"bytes"
	"slices"
	"testing"
)

// TestQuantizeIntoReuses: encoding into a dirty Encoded of every other
// precision gives the same result as a fresh Quantize, and a warm
// destination needs no allocation.
func TestQuantizeIntoReuses(t *testing.T) {
	values := testValues(20, 1001)
	for _, from := range allPrecisions {
		for _, p := range allPrecisions {
			var dst Encoded
			if err := QuantizeInto(&dst, testValues(21, 3000), from, 7); err != nil {
				t.Fatal(err)
			}
			if err := QuantizeInto(&dst, values, p, 16); err != nil {
				t.Fatal(err)
			}
			want := mustQuantize(t, values, p, 16)
			if dst.Precision != p || dst.BlockSize != want.BlockSize || dst.Count != want.Count ||
				!bytes.Equal(dst.Data, want.Data) || !slices.Equal(dst.Scales, want.Scales) {
				t.Fatalf("%s reusing a %s buffer differs from Quantize", p, from)
			}
		}
	}
	for _, p := range allPrecisions {
		var dst Encoded
		if err := QuantizeInto(&dst, values, p, 64); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(20, func() { _ = QuantizeInto(&dst, values, p, 64) }); n != 0 {
			t.Errorf("%s: QuantizeInto into a warm Encoded allocates %v times", p, n)
		}
	}
	before := mustQuantize(t, values, Int8, 64)
	dst := before
	if err := QuantizeInto(&dst, []int64{1 << 40}, Int4, 64); err == nil {
		t.Fatal("out-of-range value accepted")
	}
	if dst.Precision != Int8 || len(dst.Data) != len(before.Data) {
		t.Fatal("a failed QuantizeInto changed its destination")
	}
}

// TestAppendDequantize: appending keeps the prefix, equals Dequantize, needs
// no allocation with enough capacity, and leaves dst alone on error.
func TestAppendDequantize(t *testing.T) {
	values := testValues(22, 777)
	for _, p := range allPrecisions {
		e := mustQuantize(t, values, p, 64)
		want := mustDequantize(t, e)
		prefix := []int64{-9, 9}
		got, err := AppendDequantize(slices.Clone(prefix), e)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got[:2], prefix) || !slices.Equal(got[2:], want) {
			t.Fatalf("%s: appended result differs", p)
		}
		buf := make([]int64, 0, len(values))
		if n := testing.AllocsPerRun(20, func() { buf, _ = AppendDequantize(buf[:0], e) }); n != 0 {
			t.Errorf("%s: AppendDequantize with capacity allocates %v times", p, n)
		}
	}
	bad := Encoded{Precision: Int8, BlockSize: 2, Count: 2, Scales: []uint32{1}, Data: []byte{1, 0x80}}
	dst := []int64{5, 6, 7}
	got, err := AppendDequantize(dst[:2], bad)
	wantErr(t, err, ErrEncoding, "code -128")
	if !slices.Equal(got, []int64{5, 6}) {
		t.Fatalf("on error AppendDequantize returned %v, want the unchanged dst", got)
	}
}

// TestFeedbackReusesBuffers: after the first round, Compress allocates only
// the Encoded it returns (its Data and Scales).
func TestFeedbackReusesBuffers(t *testing.T) {
	f := NewFeedback()
	values := testValues(23, 5000)
	if _, err := f.Compress("w", values, Int8, 64); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(20, func() { _, _ = f.Compress("w", values, Int8, 64) }); n > 2 {
		t.Errorf("Compress allocates %v times per round, want at most 2", n)
	}
}
