package keeper_test

import (
	"context"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"

	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// fakeAccounts is x/auth's address codec.
type fakeAccounts struct{ codec address.Codec }

func (f fakeAccounts) AddressCodec() address.Codec { return f.codec }

// fakeStake bonds roles by address.
type fakeStake struct {
	roles map[string]map[staketypes.Role]bool
}

func (f *fakeStake) bond(addr sdk.AccAddress, role staketypes.Role) {
	if f.roles[string(addr)] == nil {
		f.roles[string(addr)] = map[staketypes.Role]bool{}
	}
	f.roles[string(addr)][role] = true
}

func (f *fakeStake) RequireRole(_ context.Context, addr sdk.AccAddress, role staketypes.Role) error {
	if !f.roles[string(addr)][role] {
		return staketypes.ErrRoleRequired.Wrapf("%s is not bonded for %s", addr, role)
	}
	return nil
}

// fakeBuilder holds tasks, models, circuits and validation scores.
type fakeBuilder struct {
	tasks    map[uint64]buildertypes.Task
	models   map[uint64]buildertypes.Model
	circuits map[string]buildertypes.Circuit
	scores   map[uint64]buildertypes.ModelScore
}

func (f *fakeBuilder) GetTask(_ context.Context, id uint64) (buildertypes.Task, error) {
	t, ok := f.tasks[id]
	if !ok {
		return t, buildertypes.ErrTaskNotFound.Wrapf("no task %d", id)
	}
	return t, nil
}

func (f *fakeBuilder) GetModel(_ context.Context, id uint64) (buildertypes.Model, error) {
	m, ok := f.models[id]
	if !ok {
		return m, buildertypes.ErrModelNotFound.Wrapf("no model %d", id)
	}
	return m, nil
}

func (f *fakeBuilder) ApprovedCircuit(_ context.Context, id string) (buildertypes.Circuit, error) {
	c, ok := f.circuits[id]
	if !ok {
		return c, buildertypes.ErrCircuitNotFound.Wrapf("no circuit %q", id)
	}
	if c.Revoked {
		return buildertypes.Circuit{}, buildertypes.ErrCircuitNotApproved.Wrapf("circuit %q was revoked", id)
	}
	return c, nil
}

func (f *fakeBuilder) ValidationScore(_ context.Context, modelID uint64) (buildertypes.ModelScore, bool, error) {
	s, ok := f.scores[modelID]
	return s, ok, nil
}

// leafUse is one MarkLeavesUsed call.
type leafUse struct {
	deal      uint64
	buyer     string
	leaves    []uint64
	reference string
}

// fakeDataMarket holds deals and records leaf uses.
type fakeDataMarket struct {
	deals map[uint64]dm.Deal
	uses  []leafUse
}

func (f *fakeDataMarket) SettledDeal(_ context.Context, id uint64) (dm.Deal, error) {
	d, ok := f.deals[id]
	if !ok {
		return d, dm.ErrDealNotFound.Wrapf("no deal %d", id)
	}
	if d.Status != dm.DealSettled {
		return dm.Deal{}, dm.ErrWrongDealStage.Wrapf("deal %d is %s, not settled", id, d.Status)
	}
	return d, nil
}

func (f *fakeDataMarket) MarkLeavesUsed(ctx context.Context, dealID uint64, buyer sdk.AccAddress, leaves []uint64, reference string) error {
	d, err := f.SettledDeal(ctx, dealID)
	if err != nil {
		return err
	}
	if d.Buyer != buyer.String() {
		return dm.ErrUnauthorized.Wrapf("deal %d was bought by %s", dealID, d.Buyer)
	}
	f.uses = append(f.uses, leafUse{deal: dealID, buyer: buyer.String(), leaves: append([]uint64(nil), leaves...), reference: reference})
	return nil
}
