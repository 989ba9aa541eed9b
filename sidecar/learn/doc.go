// Package learn is the sidecar's learning core: model specifications
// (multinomial logistic regression, ReLU MLP, MLP with tensor-train
// layers), their seeded initialisation, and the one fixed-point mini-batch
// SGD step that the sidecar trains with, verifiers re-execute and the
// circuits witness.
//
// Everything on the verified path is integer arithmetic: weights are int32
// raw fixed-point values (Q12.20 by default), activations, probabilities
// and gradients are int64 raw values with pinned fractional bits, rounding
// is half-up by arithmetic shifts and floor divisions, and softmax uses a
// pinned base-2 table (Exp2Table). Heavy products run in gonum on
// integer-valued float64 matrices, which is exact only while every partial
// sum stays below 2^53; MatMul checks max|a| * max|b| * k < 2^53 before
// multiplying and returns ErrProductRange otherwise. Because every partial
// sum is an exact integer, the result does not depend on summation order,
// SIMD width or FMA fusion: it is bit-identical on any CPU.
//
// A float64 reference (FloatModel, FloatStep) trains the same architecture
// with an exact softmax, for comparison only; it is never committed.
package learn
