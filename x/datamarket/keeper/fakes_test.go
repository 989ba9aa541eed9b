package keeper_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	stakekeeper "github.com/litegpt/litegpt/x/stake/keeper"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

const denom = types.BondDenom

// stakeModule is the module account the fake stake keeper holds bonds in.
const stakeModule = staketypes.ModuleName

// fakeAccounts is the account keeper: an address codec and module
// addresses derived as x/auth derives them.
type fakeAccounts struct{ codec address.Codec }

func (a fakeAccounts) AddressCodec() address.Codec { return a.codec }
func (fakeAccounts) GetModuleAddress(name string) sdk.AccAddress {
	return authtypes.NewModuleAddress(name)
}

// fakeBank is the bank and distribution keeper. It really moves coins, so
// tests can assert balances to the last ulgpt, the escrow invariant and
// that every coin is still an account balance or in the community pool.
type fakeBank struct {
	balances      map[string]sdk.Coins // by address bytes
	locked        map[string]sdk.Coins // not spendable (vesting), by address bytes
	communityPool sdk.Coins
	// failSendTo makes sends from a module to these addresses fail, as a
	// broken store would.
	failSendTo map[string]bool
}

var (
	_ types.BankKeeper         = (*fakeBank)(nil)
	_ types.DistributionKeeper = (*fakeBank)(nil)
)

func newFakeBank() *fakeBank {
	return &fakeBank{balances: map[string]sdk.Coins{}, locked: map[string]sdk.Coins{}, failSendTo: map[string]bool{}}
}

func (b *fakeBank) balance(addr sdk.AccAddress) sdk.Coins { return b.balances[string(addr)] }

func (b *fakeBank) mint(addr sdk.AccAddress, amt sdk.Coins) {
	b.balances[string(addr)] = b.balance(addr).Add(amt...)
}

func (b *fakeBank) take(addr sdk.AccAddress, amt sdk.Coins) error {
	rest, negative := b.balance(addr).SafeSub(amt...)
	if negative {
		return fmt.Errorf("insufficient funds: %s has %s, needs %s", addr, b.balance(addr), amt)
	}
	b.balances[string(addr)] = rest
	return nil
}

func (b *fakeBank) send(from, to sdk.AccAddress, amt sdk.Coins) error {
	if err := b.take(from, amt); err != nil {
		return err
	}
	b.mint(to, amt)
	return nil
}

func (b *fakeBank) SendCoinsFromAccountToModule(_ context.Context, from sdk.AccAddress, module string, amt sdk.Coins) error {
	spendable, _ := b.balance(from).SafeSub(b.locked[string(from)]...)
	if !spendable.IsAllGTE(amt) {
		return fmt.Errorf("insufficient spendable funds: %s can spend %s, needs %s", from, spendable, amt)
	}
	return b.send(from, authtypes.NewModuleAddress(module), amt)
}

func (b *fakeBank) SendCoinsFromModuleToAccount(_ context.Context, module string, to sdk.AccAddress, amt sdk.Coins) error {
	if b.failSendTo[string(to)] {
		return errors.New("bank store unavailable")
	}
	return b.send(authtypes.NewModuleAddress(module), to, amt)
}

func (b *fakeBank) GetBalance(_ context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	return sdk.NewCoin(denom, b.balance(addr).AmountOf(denom))
}

func (b *fakeBank) SpendableCoins(_ context.Context, addr sdk.AccAddress) sdk.Coins {
	spendable, _ := b.balance(addr).SafeSub(b.locked[string(addr)]...)
	return spendable
}

func (b *fakeBank) FundCommunityPool(_ context.Context, amt sdk.Coins, sender sdk.AccAddress) error {
	if err := b.take(sender, amt); err != nil {
		return err
	}
	b.communityPool = b.communityPool.Add(amt...)
	return nil
}

// supply is every coin the fake knows of, wherever it is.
func (b *fakeBank) supply() sdk.Coins {
	total := b.communityPool
	for _, c := range b.balances {
		total = total.Add(c...)
	}
	return total
}

// String lists every balance and the pool in a fixed order, for
// snapshots.
func (b *fakeBank) String() string {
	keys := make([]string, 0, len(b.balances))
	for k := range b.balances {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&sb, "%x=%s;", k, b.balances[k])
	}
	fmt.Fprintf(&sb, "pool=%s", b.communityPool)
	return sb.String()
}

// slashCall is one call of the fake Slasher.
type slashCall struct {
	addr     sdk.AccAddress
	role     staketypes.Role
	fraction math.LegacyDec
	reason   string
	slashed  math.Int
}

// fakeStake is the stake keeper and the datamarket Slasher: roles per
// address, and DATA_NODE bonds held in the stake module account of the
// fake bank. Slash takes the fraction of the bond (rounded down) to the
// community pool, as x/stake does, and records the call.
type fakeStake struct {
	bank   *fakeBank
	roles  map[string]map[staketypes.Role]bool
	bonds  map[string]math.Int // DATA_NODE bonds
	slashs []slashCall
}

func newFakeStake(bank *fakeBank) *fakeStake {
	return &fakeStake{bank: bank, roles: map[string]map[staketypes.Role]bool{}, bonds: map[string]math.Int{}}
}

// grant gives addr role; a DATA_NODE role comes with bond, minted into the
// stake module account.
func (s *fakeStake) grant(addr sdk.AccAddress, role staketypes.Role, bond int64) {
	if s.roles[string(addr)] == nil {
		s.roles[string(addr)] = map[staketypes.Role]bool{}
	}
	s.roles[string(addr)][role] = true
	if role == staketypes.RoleDataNode && bond > 0 {
		s.bonds[string(addr)] = s.bond(addr).AddRaw(bond)
		s.bank.mint(authtypes.NewModuleAddress(stakeModule), sdk.NewCoins(sdk.NewInt64Coin(denom, bond)))
	}
}

func (s *fakeStake) bond(addr sdk.AccAddress) math.Int {
	if b, ok := s.bonds[string(addr)]; ok {
		return b
	}
	return math.ZeroInt()
}

func (s *fakeStake) RequireRole(_ context.Context, addr sdk.AccAddress, role staketypes.Role) error {
	if !s.roles[string(addr)][role] {
		return staketypes.ErrRoleRequired.Wrapf("%s has no bond for %s", addr, role)
	}
	return nil
}

func (s *fakeStake) Slash(_ context.Context, addr sdk.AccAddress, role staketypes.Role, req stakekeeper.SlashRequest, reason string) (math.Int, error) {
	if err := req.Validate(); err != nil {
		return math.Int{}, err
	}
	if req.Fraction == nil || role != staketypes.RoleDataNode || reason == "" {
		return math.Int{}, fmt.Errorf("datamarket slashes a fraction of DATA_NODE stake with a reason, got %+v %s %q", req, role, reason)
	}
	bond := s.bond(addr)
	if bond.IsZero() {
		return math.Int{}, staketypes.ErrRoleNotBonded.Wrapf("%s has no stake for %s to slash", addr, role)
	}
	slashed := req.Fraction.MulInt(bond).TruncateInt()
	s.bonds[string(addr)] = bond.Sub(slashed)
	if slashed.IsPositive() {
		if err := s.bank.FundCommunityPool(context.Background(), sdk.NewCoins(sdk.NewCoin(denom, slashed)), authtypes.NewModuleAddress(stakeModule)); err != nil {
			return math.Int{}, err
		}
	}
	s.slashs = append(s.slashs, slashCall{addr: addr, role: role, fraction: *req.Fraction, reason: reason, slashed: slashed})
	return slashed, nil
}

// report is one outcome the fake Reporter received.
type report struct {
	addr      sdk.AccAddress
	kind      reputationtypes.OutcomeKind
	reference string
}

// fakeReputation is the reputation keeper and the datamarket Reporter:
// settable scores (neutral by default) and a record of reports.
type fakeReputation struct {
	scores  map[string]uint64
	reports []report
}

func newFakeReputation() *fakeReputation { return &fakeReputation{scores: map[string]uint64{}} }

func (r *fakeReputation) Score(_ context.Context, addr sdk.AccAddress) (uint64, error) {
	if s, ok := r.scores[string(addr)]; ok {
		return s, nil
	}
	return reputationtypes.NeutralScore, nil
}

func (r *fakeReputation) Report(_ context.Context, addr sdk.AccAddress, kind reputationtypes.OutcomeKind, reference string) (uint64, error) {
	r.reports = append(r.reports, report{addr: addr, kind: kind, reference: reference})
	return uint64(len(r.reports)), nil
}

// fakeBuilder is the x/buildermarket keeper: tasks and models the tests
// construct.
type fakeBuilder struct {
	tasks  map[uint64]buildertypes.Task
	models map[uint64]buildertypes.Model
}

func newFakeBuilder() *fakeBuilder {
	return &fakeBuilder{tasks: map[uint64]buildertypes.Task{}, models: map[uint64]buildertypes.Model{}}
}

func (b *fakeBuilder) GetTask(_ context.Context, id uint64) (buildertypes.Task, error) {
	t, ok := b.tasks[id]
	if !ok {
		return buildertypes.Task{}, buildertypes.ErrTaskNotFound.Wrapf("task %d", id)
	}
	return t, nil
}

func (b *fakeBuilder) GetModel(_ context.Context, id uint64) (buildertypes.Model, error) {
	m, ok := b.models[id]
	if !ok {
		return buildertypes.Model{}, buildertypes.ErrModelNotFound.Wrapf("model %d", id)
	}
	return m, nil
}

// fakeVersions is a VersionChecker that accepts only the versions it
// lists, by (model, version).
type fakeVersions struct{ accepted map[[2]uint64]bool }

func (v fakeVersions) CheckVersion(_ context.Context, _ sdk.AccAddress, modelID, versionID uint64, _ []byte) error {
	if !v.accepted[[2]uint64{modelID, versionID}] {
		return types.ErrInvalidOrder.Wrapf("version %d of model %d is not accepted", versionID, modelID)
	}
	return nil
}
