package types

// Bounds of the parameters.
const (
	// MinVerifyGasBase is the least verify_gas_base governance may set: a
	// pairing check costs about ten secp256k1 signature checks
	// (BenchmarkVerifyStep), which the SDK charges 1,000 gas each.
	MinVerifyGasBase = 10_000
	// MaxVerifyGas bounds verify_gas_base and verify_gas_per_input, far
	// above any block's gas, so that their sum cannot overflow.
	MaxVerifyGas = uint64(1) << 40
	// MaxLineageResults bounds max_lineage_results.
	MaxLineageResults = 10_000
)

// DefaultParams returns the parameters a new chain starts with.
func DefaultParams() Params {
	return Params{
		VerifyGasBase:     DefaultVerifyGasBase,
		VerifyGasPerInput: DefaultVerifyGasPerInput,
		MaxLineageResults: 1_000,
	}
}

// Validate checks every parameter and says which one is out of range.
func (p Params) Validate() error {
	switch {
	case p.VerifyGasBase < MinVerifyGasBase || p.VerifyGasBase > MaxVerifyGas:
		return ErrInvalidParams.Wrapf("verify_gas_base must be in [%d, %d], got %d", MinVerifyGasBase, MaxVerifyGas, p.VerifyGasBase)
	case p.VerifyGasPerInput > MaxVerifyGas:
		return ErrInvalidParams.Wrapf("verify_gas_per_input must be at most %d, got %d", MaxVerifyGas, p.VerifyGasPerInput)
	case p.MaxLineageResults < 1 || p.MaxLineageResults > MaxLineageResults:
		return ErrInvalidParams.Wrapf("max_lineage_results must be in [1, %d], got %d", MaxLineageResults, p.MaxLineageResults)
	}
	return nil
}

// ProofGas is the gas charged for verifying a proof of a circuit with
// nbPublic public inputs.
func (p Params) ProofGas(nbPublic int) uint64 {
	return p.VerifyGasBase + p.VerifyGasPerInput*uint64(nbPublic)
}
