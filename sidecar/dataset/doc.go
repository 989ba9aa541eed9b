// Package dataset loads the sidecar's training data and splits it among
// learners.
//
// A Dataset is a dense table of float64 features (row-major), integer
// class labels and, optionally, a group id per sample (the writer or
// source it came from). It is read from:
//
//   - IDX files, the MNIST / Fashion-MNIST layout (LoadIDX, ReadIDX):
//     unsigned-byte images scaled to [0, 1] and unsigned-byte labels;
//   - CSV files (LoadCSV, ReadCSV): numeric features divided by a scale,
//     a label column holding non-negative integers or class names, and an
//     optional group column;
//   - the bundled UCI digits set (Digits), 8x8 images with pixels 0..16.
//
// Every loader accepts plain or gzip-compressed input, detected by the
// gzip magic bytes rather than the file name, checks every header and row,
// and returns an error saying what is wrong and where; none allocates more
// than the input justifies (MaxValues caps the size of a data set).
//
// Splits return sorted index lists and are reproducible from a seed on
// every machine: random choices come from math/rand/v2's PCG, consumed
// only through integer operations of this package, and the Dirichlet
// split's Gamma sampling uses only IEEE-exact float64 operations (no
// fused multiply-add, no architecture-specific math routines). They are
// a stratified train/test split (TrainTestSplit), an IID split among
// nodes (SplitIID), a label-skewed Dirichlet split (SplitDirichlet) and
// the per-group sample cap of the bad-data defence (CapPerGroup).
//
// Encode turns chosen rows into the raw fixed-point integers of a
// commit.Format, the input of the fixed-point training step.
package dataset
