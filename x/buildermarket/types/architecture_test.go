package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// ttDigits is a TT-MLP 64 -> 64 -> 10 with 8x8 factorizations.
func ttDigits() types.Architecture {
	return types.Architecture{
		Family: types.FamilyTTMLP, Hidden: []uint32{64},
		TtLayers: []types.TTLayer{
			{InputModes: []uint32{8, 8}, OutputModes: []uint32{8, 8}, Ranks: []uint32{4}},
			{InputModes: []uint32{8, 8}, OutputModes: []uint32{2, 5}, Ranks: []uint32{4}},
		},
	}
}

func TestValidateArchitecture(t *testing.T) {
	for name, a := range map[string]types.Architecture{
		"logistic regression": {Family: types.FamilyLogisticRegression},
		"mlp":                 {Family: types.FamilyMLP, Hidden: []uint32{128, 32}},
		"mlp of 8 layers":     {Family: types.FamilyMLP, Hidden: []uint32{1, 2, 3, 4, 5, 6, 7, 65536}},
		"tt-mlp":              ttDigits(),
		"tt-mlp single modes": {Family: types.FamilyTTMLP, Hidden: []uint32{7}, TtLayers: []types.TTLayer{
			{InputModes: []uint32{64}, OutputModes: []uint32{7}},
			{InputModes: []uint32{7}, OutputModes: []uint32{10}},
		}},
	} {
		require.NoError(t, types.ValidateArchitecture(a, 64, 10), name)
	}
	// Regression: the last layer outputs one value, so a single mode of 1.
	regression := types.Architecture{Family: types.FamilyTTMLP, Hidden: []uint32{16}, TtLayers: []types.TTLayer{
		{InputModes: []uint32{8, 8}, OutputModes: []uint32{4, 4}, Ranks: []uint32{3}},
		{InputModes: []uint32{16}, OutputModes: []uint32{1}},
	}}
	require.NoError(t, types.ValidateArchitecture(regression, 64, 1))

	for _, tc := range []struct {
		name     string
		a        func() types.Architecture
		contains string
	}{
		{"unspecified", func() types.Architecture { return types.Architecture{} }, "architecture.family must be"},
		{"logreg with hidden", func() types.Architecture {
			return types.Architecture{Family: types.FamilyLogisticRegression, Hidden: []uint32{3}}
		}, "logistic regression has no hidden or TT layers, got 1 hidden"},
		{"logreg with tt", func() types.Architecture {
			return types.Architecture{Family: types.FamilyLogisticRegression, TtLayers: ttDigits().TtLayers}
		}, "logistic regression has no hidden or TT layers"},
		{"mlp without hidden", func() types.Architecture { return types.Architecture{Family: types.FamilyMLP} }, "an MLP needs 1..8 hidden layers, got 0"},
		{"mlp of 9 layers", func() types.Architecture {
			return types.Architecture{Family: types.FamilyMLP, Hidden: make9(5)}
		}, "an MLP needs 1..8 hidden layers, got 9"},
		{"mlp zero width", func() types.Architecture { return types.Architecture{Family: types.FamilyMLP, Hidden: []uint32{4, 0}} }, "hidden layer 1 has width 0"},
		{"mlp too wide", func() types.Architecture { return types.Architecture{Family: types.FamilyMLP, Hidden: []uint32{65537}} }, "hidden layer 0 has width 65537"},
		{"mlp with tt", func() types.Architecture {
			a := ttDigits()
			a.Family = types.FamilyMLP
			return a
		}, "an MLP has no TT layers"},
		{"tt layer missing", func() types.Architecture {
			a := ttDigits()
			a.TtLayers = a.TtLayers[:1]
			return a
		}, "needs 2 TT layers (one per weight matrix), got 1"},
		{"input modes wrong product", func() types.Architecture {
			a := ttDigits()
			a.TtLayers[0].InputModes = []uint32{8, 4}
			return a
		}, "TT layer 0 input modes [8 4] multiply to 32, but the layer width is 64"},
		{"output modes past width", func() types.Architecture {
			a := ttDigits()
			a.TtLayers[1].OutputModes = []uint32{4, 5}
			return a
		}, "TT layer 1 output modes [4 5] multiply past the layer width 10"},
		{"mode of one", func() types.Architecture {
			a := ttDigits()
			a.TtLayers[0].InputModes = []uint32{1, 64}
			a.TtLayers[0].OutputModes = []uint32{8, 8}
			return a
		}, "TT layer 0 input mode 0 is 1; with several modes each is at least 2"},
		{"mode counts differ", func() types.Architecture {
			a := ttDigits()
			a.TtLayers[0].OutputModes = []uint32{4, 4, 4}
			return a
		}, "TT layer 0 has 2 input modes but 3 output modes"},
		{"no modes", func() types.Architecture {
			a := ttDigits()
			a.TtLayers[0] = types.TTLayer{}
			return a
		}, "TT layer 0 needs 1..8 input modes, got 0"},
		{"nine modes", func() types.Architecture {
			return types.Architecture{Family: types.FamilyTTMLP, Hidden: []uint32{512}, TtLayers: []types.TTLayer{
				{InputModes: make9(2), OutputModes: make9(2), Ranks: make9(1)[:8]},
				{InputModes: []uint32{512}, OutputModes: []uint32{10}},
			}}
		}, "TT layer 0 needs 1..8 input modes, got 9"},
		{"rank count", func() types.Architecture {
			a := ttDigits()
			a.TtLayers[1].Ranks = []uint32{4, 4}
			return a
		}, "TT layer 1 with 2 modes needs 1 ranks, got 2"},
		{"zero rank", func() types.Architecture {
			a := ttDigits()
			a.TtLayers[0].Ranks = []uint32{0}
			return a
		}, "TT layer 0 rank 0 is 0; ranks are 1..1024"},
		{"rank too big", func() types.Architecture {
			a := ttDigits()
			a.TtLayers[0].Ranks = []uint32{1025}
			return a
		}, "ranks are 1..1024"},
		{"huge modes overflow", func() types.Architecture {
			a := ttDigits()
			a.TtLayers[0].InputModes = []uint32{1 << 31, 1 << 31}
			return a
		}, "multiply past the layer width 64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateArchitecture(tc.a(), 64, 10)
			require.ErrorIs(t, err, types.ErrInvalidModel)
			require.ErrorContains(t, err, tc.contains)
		})
	}
	// The same TT-MLP does not fit another task.
	require.ErrorContains(t, types.ValidateArchitecture(ttDigits(), 32, 10), "TT layer 0 input modes [8 8] multiply past the layer width 32")
	require.ErrorContains(t, types.ValidateArchitecture(ttDigits(), 64, 2), "TT layer 1 output modes [2 5] multiply past the layer width 2")
}

func make9(v uint32) []uint32 {
	out := make([]uint32, 9)
	for i := range out {
		out[i] = v
	}
	return out
}

// FuzzValidateArchitecture: the check never panics, and an accepted TT-MLP
// factors every layer exactly within the documented bounds.
func FuzzValidateArchitecture(f *testing.F) {
	f.Add(int32(3), []byte{64}, []byte{8, 8, 8, 8, 4}, []byte{8, 8, 2, 5, 4}, uint16(64), uint16(10))
	f.Add(int32(2), []byte{3, 4}, []byte{}, []byte{}, uint16(5), uint16(2))
	f.Add(int32(1), []byte{}, []byte{}, []byte{}, uint16(1), uint16(1))
	f.Add(int32(3), []byte{7}, []byte{64, 7}, []byte{7, 10}, uint16(64), uint16(10))
	f.Fuzz(func(t *testing.T, family int32, hidden, inModes, outModes []byte, inWidth, outWidth uint16) {
		a := types.Architecture{Family: types.ModelFamily(family)}
		for _, h := range hidden {
			a.Hidden = append(a.Hidden, uint32(h))
		}
		// Layers take their modes from the byte strings: one layer per
		// hidden layer plus one, each of (the next byte) modes.
		if len(hidden) > 0 || len(inModes) > 0 {
			for j := 0; j <= len(hidden) && len(inModes) > 0 && len(outModes) > 0; j++ {
				n := int(inModes[0]%4) + 1
				inModes, outModes = inModes[1:], outModes[1:]
				var l types.TTLayer
				for i := 0; i < n && len(inModes) > 0 && len(outModes) > 0; i++ {
					l.InputModes = append(l.InputModes, uint32(inModes[0]))
					l.OutputModes = append(l.OutputModes, uint32(outModes[0]))
					inModes, outModes = inModes[1:], outModes[1:]
				}
				for i := 1; i < len(l.InputModes); i++ {
					l.Ranks = append(l.Ranks, uint32(i))
				}
				a.TtLayers = append(a.TtLayers, l)
			}
		}
		err := types.ValidateArchitecture(a, uint32(inWidth), uint32(outWidth))
		if err != nil {
			require.ErrorIs(t, err, types.ErrInvalidModel)
			return
		}
		switch a.Family {
		case types.FamilyLogisticRegression:
			require.Empty(t, a.Hidden)
			require.Empty(t, a.TtLayers)
		case types.FamilyMLP, types.FamilyTTMLP:
			require.True(t, len(a.Hidden) >= 1 && len(a.Hidden) <= types.MaxHiddenLayers)
			for _, w := range a.Hidden {
				require.True(t, w >= 1 && w <= types.MaxFeatures)
			}
			if a.Family == types.FamilyMLP {
				require.Empty(t, a.TtLayers)
				return
			}
			widths := append(append([]uint32{uint32(inWidth)}, a.Hidden...), uint32(outWidth))
			require.Len(t, a.TtLayers, len(a.Hidden)+1)
			for j, l := range a.TtLayers {
				require.Len(t, l.OutputModes, len(l.InputModes))
				require.Len(t, l.Ranks, len(l.InputModes)-1)
				require.Equal(t, uint64(widths[j]), product(l.InputModes))
				require.Equal(t, uint64(widths[j+1]), product(l.OutputModes))
				for _, m := range append(l.InputModes, l.OutputModes...) {
					require.True(t, len(l.InputModes) == 1 || m >= 2)
				}
			}
		default:
			t.Fatalf("accepted family %s", a.Family)
		}
	})
}

func product(modes []uint32) uint64 {
	p := uint64(1)
	for _, m := range modes {
		p *= uint64(m)
	}
	return p
}
