package types_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/x/pog/types"
)

// digest is a canonical 32-byte commitment whose bytes are b.
func digest(b byte) []byte { return append([]byte{0}, bytes.Repeat([]byte{b}, 31)...) }

// genesisVersion is a valid verified version id with the given parents.
func genesisVersion(id uint64, parents ...uint64) types.Version {
	if len(parents) == 0 {
		parents = []uint64{0}
	}
	weights := make([]uint64, len(parents))
	for i := range weights {
		weights[i] = 1
	}
	return types.Version{
		Id: id, ModelId: 1, Learner: "lgpt1learner", Parents: parents, MergeWeights: weights,
		WeightsCommitment: digest(byte(id)), Mode: types.ModeZK, MergeRule: types.MergeWeightedAverage,
		Data:         types.DataCitation{DataRoot: digest(0xda), Leaf: 1},
		LearningRate: 16, Samples: 4, Status: types.StatusVerified, SubmittedHeight: 5, VerifiedHeight: 5,
	}
}

func TestGenesisValidate(t *testing.T) {
	require.NoError(t, types.DefaultGenesis().Validate())
	valid := func() types.GenesisState {
		return types.GenesisState{Params: types.DefaultParams(), NextVersionId: 4, NextPollId: 1,
			Versions: []types.Version{genesisVersion(1), genesisVersion(2, 1), genesisVersion(3, 1, 2)}}
	}
	require.NoError(t, valid().Validate())
	for name, tc := range map[string]struct {
		malleate func(*types.GenesisState)
		want     string
	}{
		"bad params":                {func(g *types.GenesisState) { g.Params.VerifyGasBase = 0 }, "verify_gas_base"},
		"next id 0":                 {func(g *types.GenesisState) { g.NextVersionId = 0 }, "next_version_id must be at least 1"},
		"id at next id":             {func(g *types.GenesisState) { g.NextVersionId = 3 }, "not below next_version_id"},
		"a repeated id":             {func(g *types.GenesisState) { g.Versions[1].Id = 1 }, "not above the previous id"},
		"a later parent":            {func(g *types.GenesisState) { g.Versions[1].Parents = []uint64{3} }, "not an earlier version"},
		"a parent of another model": {func(g *types.GenesisState) { g.Versions[0].ModelId = 2 }, "is a version of model 2"},
		"a duplicate commitment":    {func(g *types.GenesisState) { g.Versions[2].WeightsCommitment = digest(1) }, "same weights commitment"},
		"no learner":                {func(g *types.GenesisState) { g.Versions[0].Learner = "" }, "learner is empty"},
		"no data root":              {func(g *types.GenesisState) { g.Versions[0].Data.DataRoot = nil }, "data_root"},
		"no status":                 {func(g *types.GenesisState) { g.Versions[0].Status = types.StatusUnspecified }, "not a version status"},
		"verified without height":   {func(g *types.GenesisState) { g.Versions[0].VerifiedHeight = 0 }, "a verified version has a verified_height"},
		"rejected without reason": {func(g *types.GenesisState) {
			g.Versions[2].Status, g.Versions[2].DecidedHeight = types.StatusRejected, 6
		}, "reject_reason"},
		"a live child of a rejected parent": {func(g *types.GenesisState) {
			g.Versions[0].Status, g.Versions[0].DecidedHeight, g.Versions[0].RejectReason = types.StatusRejected, 6, "forged"
		}, "should have been rejected with it"},
		"decided before verified": {func(g *types.GenesisState) {
			g.Versions[0].Status, g.Versions[0].DecidedHeight = types.StatusAccepted, 4
		}, "out of order"},
		"a rejected ancestor that is later": {func(g *types.GenesisState) {
			g.Versions[0].Status, g.Versions[0].DecidedHeight, g.Versions[0].RejectReason, g.Versions[0].RejectedAncestor = types.StatusRejected, 6, "x", 2
		}, "rejected_ancestor"},
		"no parents": {func(g *types.GenesisState) { g.Versions[0].Parents, g.Versions[0].MergeWeights = nil, nil }, "1..16 parents"},
	} {
		t.Run(name, func(t *testing.T) {
			g := valid()
			tc.malleate(&g)
			err := g.Validate()
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestParamsValidate(t *testing.T) {
	require.NoError(t, types.DefaultParams().Validate())
	require.Equal(t, uint64(56_000), types.DefaultParams().ProofGas(6))
	for name, tc := range map[string]struct {
		malleate func(*types.Params)
		want     string
	}{
		"base below the pairing cost": {func(p *types.Params) { p.VerifyGasBase = types.MinVerifyGasBase - 1 }, "verify_gas_base"},
		"base too high":               {func(p *types.Params) { p.VerifyGasBase = types.MaxVerifyGas + 1 }, "verify_gas_base"},
		"per input too high":          {func(p *types.Params) { p.VerifyGasPerInput = types.MaxVerifyGas + 1 }, "verify_gas_per_input"},
		"no lineage results":          {func(p *types.Params) { p.MaxLineageResults = 0 }, "max_lineage_results"},
		"too many lineage results":    {func(p *types.Params) { p.MaxLineageResults = types.MaxLineageResults + 1 }, "max_lineage_results"},
	} {
		t.Run(name, func(t *testing.T) {
			p := types.DefaultParams()
			tc.malleate(&p)
			require.ErrorContains(t, p.Validate(), tc.want)
			require.ErrorIs(t, (&types.MsgUpdateParams{Params: p}).Validate(), types.ErrInvalidParams)
		})
	}
}
