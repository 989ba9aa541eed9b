package circuit

import (
	"testing"

	"github.com/consensys/gnark/backend/groth16"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/stretchr/testify/require"
)

func TestCountTmp(t *testing.T) {
	for _, s := range []Shape{
		{Batch: 32, Features: 32, Classes: 2, Parents: 1, Depth: 12, InputBits: 16, Numerics: learn.DefaultNumerics(8), KeepBps: 10000},
		{Batch: 32, Features: 32, Classes: 2, Parents: 2, Depth: 12, InputBits: 16, Numerics: learn.DefaultNumerics(8), KeepBps: 9000},
		{Batch: 32, Features: 64, Classes: 10, Parents: 2, Depth: 12, InputBits: 16, Numerics: learn.DefaultNumerics(8), KeepBps: 9000},
		{Batch: 64, Features: 128, Classes: 2, Parents: 2, Depth: 12, InputBits: 16, Numerics: learn.DefaultNumerics(8), KeepBps: 9000},
	} {
		ccs, err := Compile(s)
		require.NoError(t, err)
		t.Logf("%s constraints=%d", s.ID(), ccs.GetNbConstraints())
	}
	s := tinyShape(2, 7500)
	ccs, err := Compile(s)
	require.NoError(t, err)
	pk, vk, err := groth16.Setup(ccs)
	require.NoError(t, err)
	f := newFixture(t, s, 9, 2, 5)
	w, err := Assign(s, f.input)
	require.NoError(t, err)
	proof, err := Prove(ccs, pk, w)
	require.NoError(t, err)
	require.NoError(t, Verify(s, vk, proof, w.Public))
	pub := w.Public
	pub.LeafIndex ^= 1
	require.Error(t, Verify(s, vk, proof, pub))
}
