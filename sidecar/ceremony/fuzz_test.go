package ceremony

import (
	"bytes"
	"testing"
)

// FuzzDecodeTranscript: decoding never panics, and whatever decodes is
// canonical (encodes back to the same bytes). The seeds run in the normal
// test pass; `go test -fuzz FuzzDecodeTranscript ./sidecar/ceremony/`
// explores further.
func FuzzDecodeTranscript(f *testing.F) {
	for _, tr := range stages(f) {
		b, err := tr.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
		f.Add(append(bytes.Clone(b), 0))
	}
	f.Add([]byte{})
	f.Add([]byte(transcriptMagic))
	f.Add([]byte(transcriptMagic + "\x00\x01\x00\x03abc"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, err := DecodeTranscript(b)
		if err != nil {
			return
		}
		again, err := tr.MarshalBinary()
		if err != nil {
			t.Fatalf("decoded transcript does not encode: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatal("decoded transcript encodes to other bytes")
		}
		_ = tr.Stage()
	})
}
