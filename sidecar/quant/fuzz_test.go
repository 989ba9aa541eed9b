package quant

import (
	"encoding/binary"
	"math"
	"testing"
)

// FuzzDequantize feeds arbitrary headers, scales and data. Dequantize
// must return an error or a tensor of Count values without panicking; a
// decoded tensor must be within the documented range, and re-encoding it
// must work with the same lengths: for Int32 and FP16 it gives back the
// same bytes; for Int8 and Int4 every decoded value is a multiple of its
// block's scale and the re-quantized tensor decodes again.
func FuzzDequantize(f *testing.F) {
	add := func(e Encoded) {
		raw := make([]byte, 0, 4*len(e.Scales))
		for _, s := range e.Scales {
			raw = binary.LittleEndian.AppendUint32(raw, s)
		}
		f.Add(uint8(e.Precision), e.BlockSize, e.Count, raw, e.Data)
	}
	for _, p := range allPrecisions {
		for _, n := range []int{0, 1, 7, 130} {
			add(mustQuantize(f, testValues(uint64(n), n), p, 4))
		}
	}
	f.Add(uint8(Int8), 2, 3, []byte{1, 0, 0, 0, 0, 0, 0, 0}, []byte{1, 0x80, 0})             // -128, zero scale
	f.Add(uint8(Int4), 1, 3, []byte{1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0}, []byte{0x18, 0x17}) // nibble 8, padding
	f.Add(uint8(FP16), 0, 1, []byte{}, []byte{0x00, 0x80})                                   // negative zero
	f.Add(uint8(Int32), 0, math.MaxInt, []byte{}, []byte{1, 2, 3, 4})
	f.Add(uint8(0), 0, 0, []byte{}, []byte{})

	f.Fuzz(func(t *testing.T, prec uint8, blockSize, count int, rawScales, data []byte) {
		e := Encoded{Precision: Precision(prec), BlockSize: blockSize, Count: count, Data: data}
		for i := 0; i+4 <= len(rawScales); i += 4 {
			e.Scales = append(e.Scales, binary.LittleEndian.Uint32(rawScales[i:]))
		}
		d, err := Dequantize(e)
		if err != nil {
			if d != nil {
				t.Fatal("values returned with an error")
			}
			return
		}
		if len(d) != count || count > 2*len(data) {
			t.Fatalf("decoded %d values, count %d, %d data bytes", len(d), count, len(data))
		}
		clamped := make([]int64, len(d))
		for i, x := range d {
			if abs64(x) >= 1<<31+127 {
				t.Fatalf("decoded %d outside the documented range", x)
			}
			clamped[i] = min(max(x, math.MinInt32), math.MaxInt32)
		}
		again, err := Quantize(clamped, e.Precision, max(e.BlockSize, 1))
		if err != nil {
			t.Fatalf("re-quantizing a decoded tensor: %v", err)
		}
		if again.Count != e.Count || len(again.Data) != len(e.Data) || len(again.Scales) != len(e.Scales) {
			t.Fatalf("re-quantized lengths %d/%d/%d, want %d/%d/%d",
				again.Count, len(again.Data), len(again.Scales), e.Count, len(e.Data), len(e.Scales))
		}
		if !e.Precision.blocked() {
			if string(again.Data) != string(e.Data) {
				t.Fatal("re-encoding an Int32/FP16 tensor changed its bytes")
			}
			return
		}
		for b, s := range e.Scales {
			for k := b * e.BlockSize; k < len(d) && k < (b+1)*e.BlockSize; k++ {
				if d[k]%int64(s) != 0 {
					t.Fatalf("value %d = %d is not a multiple of its scale %d", k, d[k], s)
				}
			}
		}
		if _, err := Dequantize(again); err != nil {
			t.Fatalf("Quantize emitted an encoding Dequantize rejects: %v", err)
		}
	})
}
