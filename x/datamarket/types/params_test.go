package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

func TestDefaultParams(t *testing.T) {
	p := types.DefaultParams()
	require.NoError(t, p.Validate())
	require.Equal(t, types.Params{
		ProtocolFeeBps: 100, RouterFeeBps: 50, MaxOrderBlocks: 120_960, MaxLeavesPerOrder: 1 << 20,
		DeliveryWindowBlocks: 720, AcceptanceWindowBlocks: 720, RevealWindowBlocks: 720, DisputeWindowBlocks: 1_440,
		MaxExpiriesPerBlock: 100, DisputeSlashFraction: math.LegacyMustNewDecFromStr("0.1"), MaxChunkBytes: 4 << 20,
	}, p)
}

func TestParamsValidate(t *testing.T) {
	// The bounds themselves are accepted.
	for name, mutate := range map[string]func(*types.Params){
		"free market":              func(p *types.Params) { p.ProtocolFeeBps, p.RouterFeeBps = 0, 0 },
		"fees take everything":     func(p *types.Params) { p.ProtocolFeeBps, p.RouterFeeBps = 6_000, 4_000 },
		"all to the pool":          func(p *types.Params) { p.ProtocolFeeBps, p.RouterFeeBps = 10_000, 0 },
		"one leaf per order":       func(p *types.Params) { p.MaxLeavesPerOrder = 1 },
		"the largest tree":         func(p *types.Params) { p.MaxLeavesPerOrder = types.MaxLeafCount },
		"one expiry per block":     func(p *types.Params) { p.MaxExpiriesPerBlock = 1 },
		"slash everything":         func(p *types.Params) { p.DisputeSlashFraction = math.LegacyOneDec() },
		"slash a little":           func(p *types.Params) { p.DisputeSlashFraction = math.LegacySmallestDec() },
		"smallest chunk":           func(p *types.Params) { p.MaxChunkBytes = types.MinChunkBytes },
		"largest chunk":            func(p *types.Params) { p.MaxChunkBytes = types.MaxChunkBytes },
		"one-block windows":        func(p *types.Params) { setWindows(p, 1) },
		"the longest windows":      func(p *types.Params) { setWindows(p, types.MaxWindowBlocks) },
		"orders of a single block": func(p *types.Params) { p.MaxOrderBlocks = 1 },
	} {
		p := types.DefaultParams()
		mutate(&p)
		require.NoError(t, p.Validate(), name)
	}

	for _, tc := range []struct {
		name   string
		mutate func(*types.Params)
		text   string
	}{
		{"protocol fee above 100 %", func(p *types.Params) { p.ProtocolFeeBps = 10_001 }, "protocol_fee_bps must be at most 10000 (100 %), got 10001"},
		{"router fee above 100 %", func(p *types.Params) { p.RouterFeeBps = 10_001 }, "router_fee_bps must be at most 10000 (100 %), got 10001"},
		{"fees above 100 % together", func(p *types.Params) { p.ProtocolFeeBps, p.RouterFeeBps = 6_000, 4_001 },
			"protocol_fee_bps + router_fee_bps must be at most 10000 (100 % of a deal), got 6000 + 4001"},
		{"no leaves per order", func(p *types.Params) { p.MaxLeavesPerOrder = 0 }, "max_leaves_per_order must be in 1..1099511627776 (2^40, the largest data tree), got 0"},
		{"more leaves than a tree", func(p *types.Params) { p.MaxLeavesPerOrder = types.MaxLeafCount + 1 }, "got 1099511627777"},
		{"no expiries per block", func(p *types.Params) { p.MaxExpiriesPerBlock = 0 }, "max_expiries_per_block must be at least 1"},
		{"no slash fraction", func(p *types.Params) { p.DisputeSlashFraction = math.LegacyDec{} }, "dispute_slash_fraction must be in (0, 1]"},
		{"zero slash", func(p *types.Params) { p.DisputeSlashFraction = math.LegacyZeroDec() }, "dispute_slash_fraction must be in (0, 1], got 0.000000000000000000"},
		{"negative slash", func(p *types.Params) { p.DisputeSlashFraction = math.LegacyNewDec(-1) }, "got -1.000000000000000000"},
		{"slash above 1", func(p *types.Params) { p.DisputeSlashFraction = math.LegacyMustNewDecFromStr("1.000000000000000001") }, "got 1.000000000000000001"},
		{"chunk too small", func(p *types.Params) { p.MaxChunkBytes = types.MinChunkBytes - 1 }, "max_chunk_bytes must be in 64..67108864 (64 MiB), got 63"},
		{"chunk too large", func(p *types.Params) { p.MaxChunkBytes = types.MaxChunkBytes + 1 }, "got 67108865"},
		{"no order blocks", func(p *types.Params) { p.MaxOrderBlocks = 0 }, "max_order_blocks must be in 1..1099511627776 blocks, got 0"},
		{"orders too long", func(p *types.Params) { p.MaxOrderBlocks = types.MaxWindowBlocks + 1 }, "max_order_blocks must be in 1..1099511627776 blocks, got 1099511627777"},
		{"no delivery window", func(p *types.Params) { p.DeliveryWindowBlocks = 0 }, "delivery_window_blocks must be in 1..1099511627776 blocks, got 0"},
		{"delivery window too long", func(p *types.Params) { p.DeliveryWindowBlocks = types.MaxWindowBlocks + 1 }, "delivery_window_blocks must be in"},
		{"no acceptance window", func(p *types.Params) { p.AcceptanceWindowBlocks = 0 }, "acceptance_window_blocks must be in 1..1099511627776 blocks, got 0"},
		{"acceptance window too long", func(p *types.Params) { p.AcceptanceWindowBlocks = types.MaxWindowBlocks + 1 }, "acceptance_window_blocks must be in"},
		{"no reveal window", func(p *types.Params) { p.RevealWindowBlocks = 0 }, "reveal_window_blocks must be in 1..1099511627776 blocks, got 0"},
		{"reveal window too long", func(p *types.Params) { p.RevealWindowBlocks = types.MaxWindowBlocks + 1 }, "reveal_window_blocks must be in"},
		{"no dispute window", func(p *types.Params) { p.DisputeWindowBlocks = 0 }, "dispute_window_blocks must be in 1..1099511627776 blocks, got 0"},
		{"dispute window too long", func(p *types.Params) { p.DisputeWindowBlocks = types.MaxWindowBlocks + 1 }, "dispute_window_blocks must be in"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := types.DefaultParams()
			tc.mutate(&p)
			err := p.Validate()
			require.ErrorIs(t, err, types.ErrInvalidParams)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

// setWindows sets max_order_blocks and every window to blocks.
func setWindows(p *types.Params, blocks uint64) {
	p.MaxOrderBlocks, p.DeliveryWindowBlocks, p.AcceptanceWindowBlocks = blocks, blocks, blocks
	p.RevealWindowBlocks, p.DisputeWindowBlocks = blocks, blocks
}

// Fees round both fees down and give the seller the rest, so the three
// parts always add up to the amount.
func TestParamsFees(t *testing.T) {
	for _, tc := range []struct {
		amount                   int64
		protocolBps, routerBps   uint32
		seller, router, protocol int64
	}{
		{999, 100, 50, 986, 4, 9},
		{10_000, 100, 50, 9_850, 50, 100},
		{1, 100, 50, 1, 0, 0},
		{0, 100, 50, 0, 0, 0},
		{12_345, 0, 0, 12_345, 0, 0},
		{12_345, 10_000, 0, 0, 0, 12_345},
		{12_347, 6_000, 4_000, 1, 4_938, 7_408},
	} {
		p := types.DefaultParams()
		p.ProtocolFeeBps, p.RouterFeeBps = tc.protocolBps, tc.routerBps
		seller, router, protocol := p.Fees(math.NewInt(tc.amount))
		require.Equal(t, []int64{tc.seller, tc.router, tc.protocol}, []int64{seller.Int64(), router.Int64(), protocol.Int64()}, "%+v", tc)
		require.Equal(t, tc.amount, seller.Add(router).Add(protocol).Int64())
	}
	// The largest deal (2^40 leaves at the largest price) splits exactly.
	p := types.DefaultParams()
	amount := math.NewIntFromUint64(types.MaxLeafCount).Mul(math.NewIntFromUint64(types.MaxPricePerLeaf))
	seller, router, protocol := p.Fees(amount)
	require.True(t, seller.Add(router).Add(protocol).Equal(amount))
	require.True(t, router.Equal(amount.MulRaw(50).QuoRaw(10_000)))
}
