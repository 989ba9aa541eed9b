package keeper_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/bank"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	pogtestutil "github.com/litegpt/litegpt/x/pog/testutil"
	"github.com/litegpt/litegpt/x/pog/types"
)

// The benchmarks measure the keeper's own work (store reads and writes at
// the SDK's default KV gas costs, and x/pog's explicit charges) on an
// in-memory IAVL store; a transaction pays its signature check and bytes
// on top, the same for every message. Each reports gas/op. Run them with
// `make bench-pog`, which prints ratios to each benchmark's first case.

// metered runs op on a fresh gas meter and returns the gas it consumed.
func metered(ctx sdk.Context, op func(sdk.Context)) uint64 {
	ctx = ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
	op(ctx)
	return ctx.GasMeter().GasConsumed()
}

// BenchmarkSubmitUpdate: a ZK MsgSubmitUpdate (a chain of steps, each on
// the last: parents, leaf, circuit and deal checks, the proof's
// verification and its gas charge, the version's writes and the leaf's
// mark) next to the baseline, a bank send of the real x/bank keeper.
func BenchmarkSubmitUpdate(b *testing.B) {
	b.Run("bank-send", func(b *testing.B) {
		ctx, bk, from, to := bankEnv(b)
		coins := sdk.NewCoins(sdk.NewInt64Coin(types.BondDenom, 1))
		var gas uint64
		b.ResetTimer()
		for range b.N {
			gas += metered(ctx, func(c sdk.Context) { require.NoError(b, bk.SendCoins(c, from, to, coins)) })
		}
		b.ReportMetric(float64(gas)/float64(b.N), "gas/op")
	})
	b.Run("zk-step", func(b *testing.B) {
		e := newEnv(b)
		msgs := make([]*types.MsgSubmitUpdate, b.N)
		steps := make([]pogtestutil.Step, b.N)
		parent := uint64(0)
		for i := range b.N { // version i+1 builds on version i
			msgs[i], steps[i] = e.prove(step{parents: []uint64{parent}, data: &types.DataCitation{DealId: dealA, Leaf: 2 + uint64(i%4)}})
			e.versions[uint64(i+1)] = steps[i].New
			parent = uint64(i + 1)
		}
		var gas uint64
		b.ResetTimer()
		for i := range b.N {
			gas += metered(e.ctx, func(c sdk.Context) {
				_, err := e.msgs.SubmitUpdate(c, msgs[i])
				require.NoError(b, err)
			})
		}
		b.ReportMetric(float64(gas)/float64(b.N), "gas/op")
	})
}

// BenchmarkEndBlockTally: the EndBlock that tallies n polls of
// re-executed versions, each with a committee of 3 that all revealed
// (reputation reports, the version's acceptance, its settlement queued
// for the epoch and the metric reported), with max_tallies_per_block
// raised to n.
func BenchmarkEndBlockTally(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("pending=%d", n), func(b *testing.B) {
			var gas uint64
			for range b.N {
				b.StopTimer()
				e := newEnv(b)
				e.withVerifiers()
				p := testParams()
				p.MaxTalliesPerBlock = uint32(n)
				require.NoError(b, e.keeper.Params.Set(e.ctx, p))
				var ids []uint64
				for i := range n {
					m := e.reexec()
					m.WeightsCommitment[31] = byte(i)
					m.WeightsCommitment[30] = byte(i >> 8)
					res, err := e.submit(m, noStep)
					require.NoError(b, err)
					ids = append(ids, res.PollId)
				}
				polls := e.drawnAll(ids)
				for _, poll := range polls {
					e.commitAll(poll, honest)
				}
				for e.ctx.BlockHeight() < polls[0].CommitEndHeight {
					e.beaconStep(allVerifiers)
				}
				for _, poll := range polls {
					e.revealAll(poll, honest)
				}
				for e.ctx.BlockHeight() < polls[0].RevealEndHeight-1 {
					e.beaconStep(allVerifiers)
				}
				b.StartTimer()
				gas += metered(e.ctx, func(c sdk.Context) { require.NoError(b, e.keeper.EndBlocker(c)) })
				b.StopTimer()
				tallied, err := e.keeper.Polls.Get(e.ctx, ids[n-1])
				require.NoError(b, err)
				require.Equal(b, types.OutcomeAccepted, tallied.Outcome)
			}
			b.ReportMetric(float64(gas)/float64(b.N), "gas/op")
		})
	}
}

// drawnAll runs the beacon until every poll has its committee.
func (e *env) drawnAll(ids []uint64) []types.Poll {
	var out []types.Poll
	for _, id := range ids {
		out = append(out, e.drawn(id))
	}
	return out
}

// commitAll commits r for every juror of p.
func (e *env) commitAll(p types.Poll, r types.VoteResult) {
	for _, j := range p.Committee {
		addr := sdk.MustAccAddressFromBech32(j.Address)
		c := types.VoteCommitment(testChainID, p.Id, addr, r, salt(p.Id, addr))
		_, err := e.msgs.CommitVote(e.ctx, &types.MsgCommitVote{Verifier: j.Address, PollId: p.Id, Commitment: c[:]})
		require.NoError(e.t, err)
	}
}

// revealAll reveals r for every juror of p.
func (e *env) revealAll(p types.Poll, r types.VoteResult) {
	for _, j := range p.Committee {
		addr := sdk.MustAccAddressFromBech32(j.Address)
		s := salt(p.Id, addr)
		_, err := e.msgs.RevealVote(e.ctx, &types.MsgRevealVote{Verifier: j.Address, PollId: p.Id, Result: r, Salt: s[:]})
		require.NoError(e.t, err)
	}
}

// bankEnv is the real x/auth and x/bank keepers on an in-memory store,
// with a funded sender and an existing recipient.
func bankEnv(b *testing.B) (sdk.Context, bankkeeper.BaseKeeper, sdk.AccAddress, sdk.AccAddress) {
	enc := moduletestutil.MakeTestEncodingConfig(auth.AppModule{}, bank.AppModule{})
	authKey, bankKey := storetypes.NewKVStoreKey(authtypes.StoreKey), storetypes.NewKVStoreKey(banktypes.StoreKey)
	ctx := testutil.DefaultContextWithKeys(map[string]*storetypes.KVStoreKey{"auth": authKey, "bank": bankKey}, nil, nil)
	codec := addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	authority := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	ak := authkeeper.NewAccountKeeper(enc.Codec, runtime.NewKVStoreService(authKey), authtypes.ProtoBaseAccount,
		map[string][]string{"mint": {authtypes.Minter}}, codec, sdk.GetConfig().GetBech32AccountAddrPrefix(), authority)
	bk := bankkeeper.NewBaseKeeper(enc.Codec, runtime.NewKVStoreService(bankKey), ak, nil, authority, log.NewNopLogger())
	from, to := testAddr(90), testAddr(91)
	for _, a := range []sdk.AccAddress{from, to} {
		ak.SetAccount(ctx, ak.NewAccountWithAddress(ctx, a))
	}
	funds := sdk.NewCoins(sdk.NewCoin(types.BondDenom, math.NewInt(1<<40)))
	require.NoError(b, bk.MintCoins(ctx, "mint", funds))
	require.NoError(b, bk.SendCoinsFromModuleToAccount(ctx, "mint", from, funds))
	return ctx, bk, from, to
}
