package types

import (
	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/pog/rewards"
)

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
	// MaxWindowBlocks bounds every length in blocks (2^40, far beyond any
	// chain's life), so height arithmetic never overflows.
	MaxWindowBlocks = uint64(1) << 40
	// MaxCommitteeSize bounds committee_size.
	MaxCommitteeSize = 100
	// MaxCandidates bounds max_candidates: sortition.Sample is O(k n).
	MaxCandidates = 10_000
	// BpsDenominator is 100 %, in basis points.
	BpsDenominator = 10_000
)

// DefaultRewardsTotal is the network_rewards pool of the genesis
// allocation: 20 % of the 10^16 ulgpt supply.
var DefaultRewardsTotal = math.NewInt(2_000_000_000_000_000)

// DefaultParams returns the parameters a new chain starts with, for
// blocks of about 6 s: daily epochs, a first idle year then six years of
// decreasing daily releases; beacon rounds of 20 blocks; committees of 7;
// votes over 10 + 10 blocks.
func DefaultParams() Params {
	return Params{
		VerifyGasBase:        DefaultVerifyGasBase,
		VerifyGasPerInput:    DefaultVerifyGasPerInput,
		MaxLineageResults:    1_000,
		BeaconBlocks:         20,
		BeaconMinReveals:     3,
		CommitteeSize:        7,
		MaxCandidates:        1_000,
		VoteCommitBlocks:     10,
		VoteRevealBlocks:     10,
		QuorumBps:            5_000,
		MaxTalliesPerBlock:   50,
		ForgerySlashFraction: math.LegacyNewDecWithPrec(10, 2),
		EpochBlocks:          14_400,
		RewardsTotal:         DefaultRewardsTotal,
		RewardsIdleEpochs:    365,
		RewardsStepEpochs:    2_192,
		ProposerShareBps:     2_000,
	}
}

// Validate checks every parameter and says which one is out of range.
func (p Params) Validate() error {
	window := func(name string, v, lo uint64) error {
		if v < lo || v > MaxWindowBlocks {
			return ErrInvalidParams.Wrapf("%s must be in [%d, 2^40], got %d", name, lo, v)
		}
		return nil
	}
	switch {
	case p.VerifyGasBase < MinVerifyGasBase || p.VerifyGasBase > MaxVerifyGas:
		return ErrInvalidParams.Wrapf("verify_gas_base must be in [%d, %d], got %d", MinVerifyGasBase, MaxVerifyGas, p.VerifyGasBase)
	case p.VerifyGasPerInput > MaxVerifyGas:
		return ErrInvalidParams.Wrapf("verify_gas_per_input must be at most %d, got %d", MaxVerifyGas, p.VerifyGasPerInput)
	case p.MaxLineageResults < 1 || p.MaxLineageResults > MaxLineageResults:
		return ErrInvalidParams.Wrapf("max_lineage_results must be in [1, %d], got %d", MaxLineageResults, p.MaxLineageResults)
	case p.BeaconMinReveals < 1:
		return ErrInvalidParams.Wrap("beacon_min_reveals must be at least 1: a seed needs a secret nobody could predict")
	case p.CommitteeSize < 1 || p.CommitteeSize > MaxCommitteeSize:
		return ErrInvalidParams.Wrapf("committee_size must be in [1, %d], got %d", MaxCommitteeSize, p.CommitteeSize)
	case p.MaxCandidates < p.CommitteeSize || p.MaxCandidates > MaxCandidates:
		return ErrInvalidParams.Wrapf("max_candidates must be in [committee_size, %d], got %d", MaxCandidates, p.MaxCandidates)
	case p.QuorumBps < 1 || p.QuorumBps > BpsDenominator:
		return ErrInvalidParams.Wrapf("quorum_bps must be in [1, %d], got %d", BpsDenominator, p.QuorumBps)
	case p.MaxTalliesPerBlock < 1:
		return ErrInvalidParams.Wrap("max_tallies_per_block must be at least 1")
	case p.ForgerySlashFraction.IsNil() || !p.ForgerySlashFraction.IsPositive() || p.ForgerySlashFraction.GT(math.LegacyOneDec()):
		return ErrInvalidParams.Wrapf("forgery_slash_fraction must be in (0, 1], got %s", p.ForgerySlashFraction)
	case p.ProposerShareBps > BpsDenominator:
		return ErrInvalidParams.Wrapf("proposer_share_bps must be at most %d, got %d", BpsDenominator, p.ProposerShareBps)
	}
	for _, w := range []struct {
		name   string
		v, min uint64
	}{
		{"beacon_blocks", p.BeaconBlocks, 4}, {"vote_commit_blocks", p.VoteCommitBlocks, 1},
		{"vote_reveal_blocks", p.VoteRevealBlocks, 1}, {"epoch_blocks", p.EpochBlocks, 1},
	} {
		if err := window(w.name, w.v, w.min); err != nil {
			return err
		}
	}
	if err := p.Schedule().Validate(); err != nil {
		return ErrInvalidParams.Wrapf("rewards schedule (rewards_total, rewards_idle_epochs, rewards_step_epochs): %s", err)
	}
	return nil
}

// Schedule is the network_rewards emission the params define.
func (p Params) Schedule() rewards.Schedule {
	return rewards.Schedule{Total: p.RewardsTotal, IdleEpochs: p.RewardsIdleEpochs, StepEpochs: p.RewardsStepEpochs}
}

// ProofGas is the gas charged for verifying a proof of a circuit with
// nbPublic public inputs.
func (p Params) ProofGas(nbPublic int) uint64 {
	return p.VerifyGasBase + p.VerifyGasPerInput*uint64(nbPublic)
}
