package types

import "fmt"

// Bounds of a model architecture.
const (
	// MaxHiddenLayers bounds an MLP's hidden layers.
	MaxHiddenLayers = 8
	// MaxTTModes bounds the modes of a tensor-train layer.
	MaxTTModes = 8
	// MinTTMode is the smallest mode of a layer factored into several.
	MinTTMode = 2
	// MaxTTRank bounds a tensor-train rank.
	MaxTTRank = 1024
)

// ValidateArchitecture checks a model architecture for a task whose samples
// have inputWidth features and whose output has outputWidth values
// (Task.OutputWidth):
//   - logistic regression: no hidden layers and no TT layers;
//   - MLP: 1..8 hidden layers of width 1..65536, no TT layers;
//   - TT-MLP: 1..8 hidden layers of width 1..65536 and one TT layer per
//     weight matrix (len(hidden)+1). Layer j maps width_j to width_{j+1},
//     where width_0 is inputWidth and the last width is outputWidth: the
//     product of its input_modes is width_j and of its output_modes
//     width_{j+1}; both have the same number (1..8) of modes, each at least
//     2 unless it is the only one; and there are len(modes)-1 ranks of
//     1..1024.
func ValidateArchitecture(a Architecture, inputWidth, outputWidth uint32) error {
	switch a.Family {
	case FamilyLogisticRegression:
		if len(a.Hidden) != 0 || len(a.TtLayers) != 0 {
			return ErrInvalidModel.Wrapf("logistic regression has no hidden or TT layers, got %d hidden and %d TT layers", len(a.Hidden), len(a.TtLayers))
		}
		return nil
	case FamilyMLP:
		if err := validateHidden(a.Hidden); err != nil {
			return err
		}
		if len(a.TtLayers) != 0 {
			return ErrInvalidModel.Wrapf("an MLP has no TT layers (use %s), got %d", FamilyTTMLP, len(a.TtLayers))
		}
		return nil
	case FamilyTTMLP:
		if err := validateHidden(a.Hidden); err != nil {
			return err
		}
		if len(a.TtLayers) != len(a.Hidden)+1 {
			return ErrInvalidModel.Wrapf("a TT-MLP with %d hidden layers needs %d TT layers (one per weight matrix), got %d",
				len(a.Hidden), len(a.Hidden)+1, len(a.TtLayers))
		}
		widths := make([]uint32, 0, len(a.Hidden)+2)
		widths = append(append(append(widths, inputWidth), a.Hidden...), outputWidth)
		for j, layer := range a.TtLayers {
			if err := validateTTLayer(j, layer, widths[j], widths[j+1]); err != nil {
				return err
			}
		}
		return nil
	default:
		return ErrInvalidModel.Wrapf("architecture.family must be %s, %s or %s; got %s", FamilyLogisticRegression, FamilyMLP, FamilyTTMLP, a.Family)
	}
}

// validateHidden checks an MLP's hidden widths.
func validateHidden(hidden []uint32) error {
	if len(hidden) < 1 || len(hidden) > MaxHiddenLayers {
		return ErrInvalidModel.Wrapf("an MLP needs 1..%d hidden layers, got %d", MaxHiddenLayers, len(hidden))
	}
	for i, w := range hidden {
		if w < 1 || w > MaxFeatures {
			return ErrInvalidModel.Wrapf("hidden layer %d has width %d; widths are 1..%d", i, w, MaxFeatures)
		}
	}
	return nil
}

// validateTTLayer checks TT layer j, a width in x width out matrix.
func validateTTLayer(j int, l TTLayer, in, out uint32) error {
	n := len(l.InputModes)
	if n < 1 || n > MaxTTModes {
		return ErrInvalidModel.Wrapf("TT layer %d needs 1..%d input modes, got %d", j, MaxTTModes, n)
	}
	if len(l.OutputModes) != n {
		return ErrInvalidModel.Wrapf("TT layer %d has %d input modes but %d output modes; the counts must match", j, n, len(l.OutputModes))
	}
	if err := validateModes(fmt.Sprintf("TT layer %d input", j), l.InputModes, in); err != nil {
		return err
	}
	if err := validateModes(fmt.Sprintf("TT layer %d output", j), l.OutputModes, out); err != nil {
		return err
	}
	if len(l.Ranks) != n-1 {
		return ErrInvalidModel.Wrapf("TT layer %d with %d modes needs %d ranks, got %d", j, n, n-1, len(l.Ranks))
	}
	for i, r := range l.Ranks {
		if r < 1 || r > MaxTTRank {
			return ErrInvalidModel.Wrapf("TT layer %d rank %d is %d; ranks are 1..%d", j, i, r, MaxTTRank)
		}
	}
	return nil
}

// validateModes checks that modes factor width: each mode at least 2 (a
// single mode may be the width itself) and their product exactly width.
func validateModes(what string, modes []uint32, width uint32) error {
	product := uint64(1)
	for i, m := range modes {
		if len(modes) > 1 && m < MinTTMode {
			return ErrInvalidModel.Wrapf("%s mode %d is %d; with several modes each is at least %d", what, i, m, MinTTMode)
		}
		product *= uint64(m) // at most 8 factors are multiplied once product <= width < 2^32
		if product > uint64(width) {
			return ErrInvalidModel.Wrapf("%s modes %v multiply past the layer width %d", what, modes, width)
		}
	}
	if product != uint64(width) {
		return ErrInvalidModel.Wrapf("%s modes %v multiply to %d, but the layer width is %d", what, modes, product, width)
	}
	return nil
}
