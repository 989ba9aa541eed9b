package merge

import (
	"encoding/binary"
	"testing"
)

// fuzzInput reads models, weights and parameters from data, cycling
// through it when it runs short.
type fuzzInput struct {
	data []byte
	pos  int
}

func (f *fuzzInput) byte() byte {
	if len(f.data) == 0 {
		return 0
	}
	b := f.data[f.pos%len(f.data)]
	f.pos++
	return b
}

func (f *fuzzInput) u64() uint64 {
	var b [8]byte
	for i := range b {
		b[i] = f.byte()
	}
	return binary.LittleEndian.Uint64(b[:])
}

// FuzzRulesAgainstBig checks every rule against the math/big reference on
// arbitrary int32 vectors and uint64 weights. The seeds run in every
// `go test`; `go test -fuzz FuzzRulesAgainstBig ./sidecar/merge/` explores.
func FuzzRulesAgainstBig(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{4, 3, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0x80, 1, 2, 3})
	f.Add([]byte{8, 5, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x10, 0x20})
	f.Add([]byte("gossip learning merges models"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in := &fuzzInput{data: data}
		n := 1 + int(in.byte())%9
		d := int(in.byte()) % 7
		models := make([][]int64, n)
		for i := range models {
			models[i] = make([]int64, d)
			for j := range models[i] {
				models[i][j] = int64(int32(in.u64()))
			}
		}
		ws := make([]uint64, n)
		for i := range ws {
			ws[i] = in.u64() >> (in.byte() % 64)
		}
		weighted := weightedOf(models, ws, nil)
		got, err := Average(weighted, BySamples)
		allZero := true
		for _, w := range ws {
			allZero = allZero && w == 0
		}
		if allZero {
			if err == nil {
				t.Fatalf("Average of zero weights: no error")
			}
		} else {
			mustNoErr(t, "Average", err)
			equalOrFatal(t, "Average", got, refAverage(models, ws))
		}

		got, err = Median(models)
		mustNoErr(t, "Median", err)
		equalOrFatal(t, "Median", got, refMedian(models))

		trim := int(in.byte()) % ((n + 1) / 2)
		got, err = TrimmedMean(models, trim)
		mustNoErr(t, "TrimmedMean", err)
		equalOrFatal(t, "TrimmedMean", got, refTrimmed(models, trim))

		if n >= 3 {
			f := int(in.byte()) % ((n-3)/2 + 1)
			m := 1 + int(in.byte())%n
			got, err = MultiKrum(models, f, m)
			mustNoErr(t, "MultiKrum", err)
			equalOrFatal(t, "MultiKrum", got, refMultiKrum(models, f, m))
		}
		if n >= 2 {
			tau := in.u64() >> (in.byte() % 64)
			got, err = Clipped(models[0], models[1:], tau)
			mustNoErr(t, "Clipped", err)
			equalOrFatal(t, "Clipped", got, refClipped(models[0], models[1:], tau))
		}
	})
}
