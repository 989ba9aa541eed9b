package merge

import (
	"errors"
	"testing"
)

func ages(ms []Weighted) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = int64(m.Age)
	}
	return out
}

func TestWindowOrderAndEviction(t *testing.T) {
	w, err := NewWindow(3)
	mustNoErr(t, "NewWindow", err)
	if w.Len() != 0 || w.Cap() != 3 || len(w.Models()) != 0 {
		t.Fatalf("new window: Len %d Cap %d Models %v", w.Len(), w.Cap(), w.Models())
	}
	want := [][]int64{{1}, {1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 6}, {5, 6, 7}}
	for i, wa := range want {
		age := uint64(i + 1)
		w.Add(Weighted{Params: []int64{int64(age) * 10}, Age: age, Samples: age * 2})
		ms := w.Models()
		equalOrFatal(t, "ages after Add", ages(ms), wa)
		if w.Len() != len(wa) {
			t.Fatalf("Len = %d, want %d", w.Len(), len(wa))
		}
		for _, m := range ms {
			if m.Params[0] != int64(m.Age)*10 || m.Samples != m.Age*2 {
				t.Fatalf("model %+v lost its fields", m)
			}
		}
	}
	w.Reset()
	if w.Len() != 0 || len(w.Models()) != 0 {
		t.Fatalf("after Reset: Len %d", w.Len())
	}
	w.Add(Weighted{Age: 9})
	equalOrFatal(t, "after Reset and Add", ages(w.Models()), []int64{9})
}

func TestWindowCopiesParams(t *testing.T) {
	w, _ := NewWindow(2)
	p := []int64{1, 2, 3}
	w.Add(Weighted{Params: p, Age: 1})
	p[0] = 99 // the caller reuses its buffer
	first := w.Models()
	equalOrFatal(t, "stored params", first[0].Params, []int64{1, 2, 3})
	w.Add(Weighted{Params: []int64{4}, Age: 2})
	w.Add(Weighted{Params: []int64{5}, Age: 3}) // evicts age 1
	equalOrFatal(t, "earlier Models result after eviction", first[0].Params, []int64{1, 2, 3})
	equalOrFatal(t, "ages", ages(w.Models()), []int64{2, 3})
}

func TestWindowCapacityOne(t *testing.T) {
	w, _ := NewWindow(1)
	for i := range uint64(4) {
		w.Add(Weighted{Age: i})
		equalOrFatal(t, "ages", ages(w.Models()), []int64{int64(i)})
	}
}

func TestNewWindowErrors(t *testing.T) {
	for _, c := range []int{0, -3} {
		if _, err := NewWindow(c); !errors.Is(err, ErrInvalidArgument) {
			t.Fatalf("NewWindow(%d): err = %v, want ErrInvalidArgument", c, err)
		}
	}
}
