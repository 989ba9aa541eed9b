package app

import (
	"testing"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"

	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// marketModel is the market scenario's own account of what the chain must
// hold: every balance the markets touch, the community pool, reputation
// scores, role bonds, and the x/datamarket and x/buildermarket records,
// kept as the records the chain must store. Each message the driver sends
// is first run against the model, which says whether the chain must accept
// it (and then applies it) or with which error it must refuse it (and then
// changes nothing); EndBlock is replayed on the model after every block.
// The model never calls the market keepers: it is written from the
// modules' documented rules, so a chain that differs from it fails the
// test.
type marketModel struct {
	t *testing.T

	dmParams datamarkettypes.Params
	bmParams buildertypes.Params
	minBonds map[staketypes.Role]math.Int
	weights  reputationtypes.Params
	slash    math.LegacyDec

	// balances holds the ulgpt of every account the scenario tracks, the
	// module accounts included, by bech32 address.
	balances map[string]math.Int
	// pool is the community pool (held by the distribution module account).
	pool math.Int
	// scores are reputation scores (absent: neutral).
	scores map[string]uint64
	// bonds are role bonds by address and role.
	bonds map[string]map[staketypes.Role]math.Int

	data    dataModel
	builder builderModel
}

// Module account addresses the model moves coins through (functions: the
// app's bech32 prefixes are set by an init function, after package
// variables are initialized).
func datamarketAccount() string {
	return authtypes.NewModuleAddress(datamarkettypes.ModuleName).String()
}

func buildermarketAccount() string {
	return authtypes.NewModuleAddress(buildertypes.ModuleName).String()
}

func stakeAccount() string { return authtypes.NewModuleAddress(staketypes.ModuleName).String() }

func distributionAccount() string { return authtypes.NewModuleAddress(distrtypes.ModuleName).String() }

// newMarketModel starts a model from the genesis parameters.
func newMarketModel(t *testing.T, dm datamarkettypes.Params, bm buildertypes.Params, stake staketypes.Params, rep reputationtypes.Params) *marketModel {
	m := &marketModel{
		t: t, dmParams: dm, bmParams: bm, minBonds: map[staketypes.Role]math.Int{}, weights: rep,
		slash: dm.DisputeSlashFraction, balances: map[string]math.Int{}, pool: math.ZeroInt(),
		scores: map[string]uint64{}, bonds: map[string]map[staketypes.Role]math.Int{},
	}
	for _, r := range stake.RoleMinimums {
		m.minBonds[r.Role] = r.MinBond
	}
	m.data = newDataModel(m)
	m.builder = newBuilderModel(m)
	return m
}

// balance is addr's ulgpt in the model.
func (m *marketModel) balance(addr string) math.Int {
	if b, ok := m.balances[addr]; ok {
		return b
	}
	return math.ZeroInt()
}

// move sends amount from one tracked account to another.
func (m *marketModel) move(from, to string, amount math.Int) {
	m.t.Helper()
	if amount.IsNegative() {
		m.t.Fatalf("model: moving a negative amount %s", amount)
	}
	if m.balance(from).LT(amount) {
		m.t.Fatalf("model: %s holds %s, cannot send %s", from, m.balance(from), amount)
	}
	m.balances[from] = m.balance(from).Sub(amount)
	m.balances[to] = m.balance(to).Add(amount)
}

// fundPool sends amount from an account to the community pool.
func (m *marketModel) fundPool(from string, amount math.Int) {
	m.move(from, distributionAccount(), amount)
	m.pool = m.pool.Add(amount)
}

// score is addr's reputation score (neutral without a record; the
// scenario's genesis turns decay off, so scores only move by outcomes).
func (m *marketModel) score(addr string) uint64 {
	if s, ok := m.scores[addr]; ok {
		return s
	}
	return reputationtypes.NeutralScore
}

// report applies an outcome's weight to addr's score, clamped to [0, max].
func (m *marketModel) report(addr string, kind reputationtypes.OutcomeKind) {
	m.t.Helper()
	w, err := m.weights.WeightOf(kind)
	if err != nil {
		m.t.Fatal(err)
	}
	next := int64(m.score(addr)) + w
	m.scores[addr] = uint64(min(max(next, 0), int64(reputationtypes.MaxScore)))
}

// bond is addr's bond for role.
func (m *marketModel) bond(addr string, role staketypes.Role) math.Int {
	if b, ok := m.bonds[addr][role]; ok {
		return b
	}
	return math.ZeroInt()
}

// bondRole escrows amount from addr into role's bond.
func (m *marketModel) bondRole(addr string, role staketypes.Role, amount math.Int) {
	m.move(addr, stakeAccount(), amount)
	if m.bonds[addr] == nil {
		m.bonds[addr] = map[staketypes.Role]math.Int{}
	}
	m.bonds[addr][role] = m.bond(addr, role).Add(amount)
}

// requireRole is x/stake's RequireRole: a bond of at least the role's
// minimum.
func (m *marketModel) requireRole(addr string, role staketypes.Role) *errorsmod.Error {
	if b := m.bond(addr, role); b.IsZero() || b.LT(m.minBonds[role]) {
		return staketypes.ErrRoleRequired
	}
	return nil
}

// slashDataNode slashes dispute_slash_fraction of addr's DATA_NODE bond
// (rounded down) into the community pool and returns the amount.
func (m *marketModel) slashDataNode(addr string) math.Int {
	b := m.bond(addr, staketypes.RoleDataNode)
	slashed := m.slash.MulInt(b).TruncateInt()
	if slashed.IsPositive() {
		m.bonds[addr][staketypes.RoleDataNode] = b.Sub(slashed)
		m.fundPool(stakeAccount(), slashed)
	}
	return slashed
}
