package quant

import "testing"

func TestParsePrecision(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Precision
	}{
		{"int32", Int32}, {"fp16", FP16}, {"int8", Int8}, {"int4", Int4},
		{"FP16", FP16}, {" Int8 ", Int8},
	} {
		got, err := ParsePrecision(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParsePrecision(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "int16", "fp32", "int 8", "8", "int4x", "float16"} {
		p, err := ParsePrecision(bad)
		wantErr(t, err, ErrPrecision, "int32, fp16, int8, int4")
		if p != 0 {
			t.Errorf("ParsePrecision(%q) = %v with an error, want 0", bad, p)
		}
	}
}

func TestPrecisionStringAndBits(t *testing.T) {
	names := map[Precision]string{Int32: "int32", FP16: "fp16", Int8: "int8", Int4: "int4"}
	bitsPer := map[Precision]int{Int32: 32, FP16: 16, Int8: 8, Int4: 4}
	for _, p := range allPrecisions {
		if p.String() != names[p] || p.BitsPerValue() != bitsPer[p] || !p.Valid() {
			t.Errorf("%d: String %q BitsPerValue %d Valid %v", uint8(p), p.String(), p.BitsPerValue(), p.Valid())
		}
		back, err := ParsePrecision(p.String())
		if err != nil || back != p {
			t.Errorf("ParsePrecision(%q) = %v, %v", p.String(), back, err)
		}
	}
	for _, p := range []Precision{0, 5, 255} {
		if p.Valid() || p.BitsPerValue() != 0 {
			t.Errorf("%d: Valid %v BitsPerValue %d, want false and 0", uint8(p), p.Valid(), p.BitsPerValue())
		}
	}
	if got := Precision(9).String(); got != "Precision(9)" {
		t.Errorf("Precision(9).String() = %q", got)
	}
}

func TestPrecisionText(t *testing.T) {
	for _, p := range allPrecisions {
		b, err := p.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Precision
		if err := back.UnmarshalText(b); err != nil || back != p {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, back, err, p)
		}
	}
	if _, err := Precision(0).MarshalText(); err == nil {
		t.Error("MarshalText of Precision(0) succeeded")
	}
	p := Int8
	wantErr(t, p.UnmarshalText([]byte("int2")), ErrPrecision, `"int2"`)
	if p != Int8 {
		t.Errorf("failed UnmarshalText changed the value to %v", p)
	}
}
