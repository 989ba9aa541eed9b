package circuit

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/test"
	"github.com/stretchr/testify/require"
)

func TestStepAcceptsTheStepFunction(t *testing.T) {
	for _, tc := range []struct {
		name    string
		parents int
		given   int
		keep    uint32
	}{
		{"one parent, all kept", 1, 1, 10000},
		{"two of three parents, trimmed", 3, 2, 7500},
		{"three parents, trimmed", 3, 3, 5000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tinyShape(tc.parents, tc.keep)
			f := newFixture(t, s, 7, tc.given, 5)
			w, err := Assign(s, f.input)
			require.NoError(t, err)
			c, err := New(s)
			require.NoError(t, err)
			require.NoError(t, test.IsSolved(c, w.Assignment, ecc.BN254.ScalarField()))
		})
	}
}

func TestStepRejectsAChangedOutput(t *testing.T) {
	s := tinyShape(2, 7500)
	f := newFixture(t, s, 9, 2, 5)
	w, err := Assign(s, f.input)
	require.NoError(t, err)
	c, err := New(s)
	require.NoError(t, err)
	w.Assignment.NewParams[0] = w.New.Flat()[0] + 1
	require.Error(t, test.IsSolved(c, w.Assignment, ecc.BN254.ScalarField()))
}
