// Package tt compresses the weight matrices that LiteGPT nodes exchange
// into tensor-train matrices (TT-matrices, paper section 6), following
// Oseledets, "Tensor-Train Decomposition", SIAM J. Sci. Comput. 33(5),
// 2011: TT-SVD (Decompose), TT rounding (Round), and the sums that merge
// models before rounding (Add, WeightedSum, Scale).
//
// # Index convention
//
// A Matrix with row modes m_1..m_d and column modes n_1..n_d stands for an
// M×N matrix W, M = m_1·…·m_d, N = n_1·…·n_d. A row index i is written in
// mixed radix over the row modes, most significant first:
//
//	i = ((i_1·m_2 + i_2)·m_3 + i_3)·… + i_d,   0 ≤ i_k < m_k,
//
// and a column index j likewise over the column modes. Then
//
//	W[i][j] = G_1[i_1,j_1] · G_2[i_2,j_2] · … · G_d[i_d,j_d],
//
// where G_k[i_k,j_k] is the r_{k-1}×r_k matrix cut out of core k, r_0 = r_d
// = 1. Core k is a 4-way array of shape [r_{k-1}, m_k, n_k, r_k] stored
// row-major: element (a, i_k, j_k, b) is at ((a·m_k + i_k)·n_k + j_k)·r_k + b.
// Equivalently, W reordered as the d-way tensor with interleaved indices
// (i_1 j_1, i_2 j_2, …, i_d j_d) — mode k of size m_k·n_k, combined index
// i_k·n_k + j_k — is an ordinary tensor train with those cores; Decompose
// runs TT-SVD on exactly that tensor. Core and mode numbers in error
// messages are 0-based.
//
// # Error bounds
//
// Decompose and Round truncate each of their d-1 SVDs at the Frobenius
// threshold δ = ε/√(d-1)·‖W‖_F, so the result satisfies ‖W − TT‖_F ≤ ε‖W‖_F
// (Oseledets, Theorem 2.2 and Algorithm 2) as long as Options.MaxRank does
// not bind. A rank cap overrides the bound: with MaxRank set, measure the
// error with RelativeError.
//
// # Determinism
//
// This package computes in float64 with gonum's pure-Go LAPACK (mat.SVD,
// Householder QR). It is off the verified path: it compresses what nodes
// exchange, and the verified fixed-point path quantizes the cores to fixed
// point and commits the decoded fixed-point tensor, so bit-identical
// results across CPUs are not needed here. For one binary on one CPU the
// results are deterministic anyway (gonum's pure-Go kernels use no
// threads or randomness); across architectures or GOAMD64 levels FMA
// fusion may change the last bits.
package tt
