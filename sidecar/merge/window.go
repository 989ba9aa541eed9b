package merge

import (
	"fmt"
	"slices"
)

// Window is a fixed-capacity ring of the most recently received models:
// once full, each Add evicts the oldest. It is not safe for concurrent use.
//
// Add stores its own copy of the parameters and the window never writes to
// a stored vector, so the Params of the models returned by Models stay
// valid (and unchanged) after later Adds; callers must treat them as
// read-only.
type Window struct {
	buf   []Weighted
	start int // index of the oldest model
	n     int // number of models held
}

// NewWindow returns an empty window holding at most capacity models.
// Errors: ErrInvalidArgument for capacity < 1.
func NewWindow(capacity int) (*Window, error) {
	if capacity < 1 {
		return nil, fmt.Errorf("%w: window capacity %d, want >= 1", ErrInvalidArgument, capacity)
	}
	return &Window{buf: make([]Weighted, capacity)}, nil
}

// Add appends a copy of m as the newest model, evicting the oldest one
// when the window is full.
func (w *Window) Add(m Weighted) {
	m.Params = slices.Clone(m.Params)
	if w.n < len(w.buf) {
		w.buf[(w.start+w.n)%len(w.buf)] = m
		w.n++
		return
	}
	w.buf[w.start] = m
	w.start = (w.start + 1) % len(w.buf)
}

// Models returns the held models, oldest first, in a new slice.
func (w *Window) Models() []Weighted {
	out := make([]Weighted, w.n)
	for i := range out {
		out[i] = w.buf[(w.start+i)%len(w.buf)]
	}
	return out
}

// Len returns the number of models held.
func (w *Window) Len() int { return w.n }

// Cap returns the window's capacity.
func (w *Window) Cap() int { return len(w.buf) }

// Reset empties the window.
func (w *Window) Reset() {
	clear(w.buf)
	w.start, w.n = 0, 0
}
