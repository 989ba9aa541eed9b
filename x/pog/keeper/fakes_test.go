package keeper_test

import (
	"bytes"
	"context"
	"fmt"
	"sort"

	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	"github.com/litegpt/litegpt/x/pog/rewards"
	"github.com/litegpt/litegpt/x/pog/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	stakekeeper "github.com/litegpt/litegpt/x/stake/keeper"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// fakeAccounts is x/auth's address codec.
type fakeAccounts struct{ codec address.Codec }

func (f fakeAccounts) AddressCodec() address.Codec { return f.codec }

// fakeStake bonds roles by address; VERIFIER bonds have amounts.
type fakeStake struct {
	roles     map[string]map[staketypes.Role]bool
	verifiers map[string]math.Int
}

func (f *fakeStake) bondVerifier(addr sdk.AccAddress, amount int64) {
	f.bond(addr, staketypes.RoleVerifier)
	f.verifiers[string(addr)] = math.NewInt(amount)
}

func (f *fakeStake) BondsOfRole(_ context.Context, role staketypes.Role) ([]stakekeeper.RoleBond, error) {
	if role != staketypes.RoleVerifier {
		return nil, fmt.Errorf("the fake lists VERIFIER bonds only")
	}
	var out []stakekeeper.RoleBond
	for a, amount := range f.verifiers {
		out = append(out, stakekeeper.RoleBond{Address: sdk.AccAddress(a), Amount: amount})
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].Address, out[j].Address) < 0 })
	return out, nil
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
	slices   []buildertypes.ValidationSlice
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

// fakeBank holds balances by address and module name.
type fakeBank struct {
	balances map[string]math.Int // by address bytes
	modules  map[string]sdk.AccAddress
}

func (f *fakeBank) GetBalance(_ context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	b, ok := f.balances[string(addr)]
	if !ok {
		b = math.ZeroInt()
	}
	return sdk.NewCoin(denom, b)
}

func (f *fakeBank) SendCoinsFromModuleToAccount(_ context.Context, module string, to sdk.AccAddress, amt sdk.Coins) error {
	from := f.modules[module]
	have := f.balances[string(from)]
	a := amt.AmountOf(types.BondDenom)
	if have.IsNil() || have.LT(a) {
		return fmt.Errorf("module %s holds %v, cannot send %s", module, have, a)
	}
	f.balances[string(from)] = have.Sub(a)
	got, ok := f.balances[string(to)]
	if !ok {
		got = math.ZeroInt()
	}
	f.balances[string(to)] = got.Add(a)
	return nil
}

func (f *fakeBank) balance(addr sdk.AccAddress) math.Int {
	if b, ok := f.balances[string(addr)]; ok {
		return b
	}
	return math.ZeroInt()
}

// GetModuleAddress is x/auth's module address.
func (f fakeAccounts) GetModuleAddress(name string) sdk.AccAddress {
	return authtypes.NewModuleAddress(name)
}

// fakeReputation holds scores and records reports.
type fakeReputation struct {
	scores  map[string]uint64
	reports []report
}

// report is one Report call.
type report struct {
	addr sdk.AccAddress
	kind reputationtypes.OutcomeKind
	ref  string
}

func (f *fakeReputation) Score(_ context.Context, addr sdk.AccAddress) (uint64, error) {
	if s, ok := f.scores[string(addr)]; ok {
		return s, nil
	}
	return 500_000, nil
}

func (f *fakeReputation) Report(_ context.Context, addr sdk.AccAddress, kind reputationtypes.OutcomeKind, ref string) (uint64, error) {
	f.reports = append(f.reports, report{addr: addr, kind: kind, ref: ref})
	return 0, nil
}

// kinds lists the kinds reported for addr, in order.
func (f *fakeReputation) kinds(addr sdk.AccAddress) []reputationtypes.OutcomeKind {
	var out []reputationtypes.OutcomeKind
	for _, r := range f.reports {
		if r.addr.Equals(addr) {
			out = append(out, r.kind)
		}
	}
	return out
}

// slash is one Slash call.
type slash struct {
	addr   sdk.AccAddress
	role   staketypes.Role
	reason string
}

// fakeSlasher records slashes of bonded roles.
type fakeSlasher struct {
	stake  *fakeStake
	slashs []slash
}

func (f *fakeSlasher) Slash(_ context.Context, addr sdk.AccAddress, role staketypes.Role, _ stakekeeper.SlashRequest, reason string) (math.Int, error) {
	if !f.stake.roles[string(addr)][role] {
		return math.Int{}, staketypes.ErrRoleNotBonded.Wrapf("%s has no %s bond", addr, role)
	}
	f.slashs = append(f.slashs, slash{addr: addr, role: role, reason: reason})
	return math.NewInt(1), nil
}

// fakeMetrics records the metrics x/pog reports.
type fakeMetrics struct {
	validation []metricReport
	test       []metricReport
}

// metricReport is one reported metric.
type metricReport struct {
	model, version uint64
	metric         int64
}

func (f *fakeMetrics) ReportValidationMetric(_ context.Context, model, version uint64, metric int64) error {
	f.validation = append(f.validation, metricReport{model, version, metric})
	return nil
}

func (f *fakeMetrics) ReportTestMetric(_ context.Context, model, version uint64, metric int64) error {
	f.test = append(f.test, metricReport{model, version, metric})
	return nil
}

func (f *fakeBuilder) LatestValidationSlice(_ context.Context, taskID uint64) (buildertypes.ValidationSlice, bool, error) {
	var best buildertypes.ValidationSlice
	found := false
	for _, s := range f.slices {
		if s.TaskId == taskID && (!found || s.Index > best.Index) {
			best, found = s, true
		}
	}
	return best, found, nil
}

// fakeStaking maps consensus addresses to validators.
type fakeStaking struct {
	validators map[string]stakingtypes.Validator
	codec      address.Codec
}

func (f *fakeStaking) GetValidatorByConsAddr(_ context.Context, c sdk.ConsAddress) (stakingtypes.Validator, error) {
	v, ok := f.validators[string(c)]
	if !ok {
		return v, stakingtypes.ErrNoValidatorFound
	}
	return v, nil
}

func (f *fakeStaking) ValidatorAddressCodec() address.Codec { return f.codec }

func authModule(name string) sdk.AccAddress { return authtypes.NewModuleAddress(name) }

func splitBps(amount math.Int, bps uint32) (math.Int, math.Int, error) {
	return rewards.SplitBps(amount, bps)
}
