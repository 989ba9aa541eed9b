package quant

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"testing"
)

// TestGoldenEncodings pins the bytes Quantize emits (scales, then data)
// and the decoded tensor for a seeded tensor of 101,770 values in every
// precision. The computation is integer-only, so these hashes are the
// same on every CPU, GOARCH and GOAMD64 level; a change here is a wire
// format change and needs a new format version.
func TestGoldenEncodings(t *testing.T) {
	values := testValues(42, 101770)
	want := map[Precision][2]string{
		Int32: {"fc35c85171bdc327141e76db760cfa52f17b6fd971d8df5da7bb9db0b16eb0c5", "f3cc8ad95c6d9620e885af9be79a52e3f4226304c609a3c563d97b366df5f0e3"},
		FP16:  {"834e2526882fe1b2a6f1797dc570ff6abcd32a42cc622db0819a32d7394ab68e", "64d95858c04611cc313864aea02e6e9d05774ecbaa8f1257b7abbf2cd0e5da26"},
		Int8:  {"3f9613b616c4b6924c84a88abd1f7b81c970e6f71537cdb684cbaaeb8f5c75de", "4bdb6d3dc56e8caf9fa1180cf154308ea4e61d6bc77a2600312a326082c237a8"},
		Int4:  {"22aff2201212d017ed17d49d15bac1a59866d16ba1356c25f4ad836b5238980e", "40d6d4d5a82817bb94ed114326edf3761832701abd88b489d9d4d7b2ca6249fb"},
	}
	for _, p := range allPrecisions {
		e := mustQuantize(t, values, p, 64)
		h := sha256.New()
		for _, s := range e.Scales {
			h.Write(binary.LittleEndian.AppendUint32(nil, s))
		}
		h.Write(e.Data)
		enc := hex.EncodeToString(h.Sum(nil))
		h.Reset()
		for _, v := range mustDequantize(t, e) {
			h.Write(binary.LittleEndian.AppendUint64(nil, uint64(v)))
		}
		dec := hex.EncodeToString(h.Sum(nil))
		if got := [2]string{enc, dec}; got != want[p] {
			t.Errorf("%s: encoding sha256 %s, decoded sha256 %s; want %s, %s", p, enc, dec, want[p][0], want[p][1])
		}
	}
}
