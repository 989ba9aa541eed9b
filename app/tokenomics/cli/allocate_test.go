package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/auth/vesting"
	vestingtypes "github.com/cosmos/cosmos-sdk/x/auth/vesting/types"
	"github.com/cosmos/cosmos-sdk/x/bank"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/litegpt/litegpt/app/tokenomics/cli"
)

// TestMain installs the lgpt bech32 prefixes, as the app does at init.
func TestMain(m *testing.M) {
	cfg := sdk.GetConfig()
	cfg.SetBech32PrefixForAccount("lgpt", "lgptpub")
	cfg.SetBech32PrefixForValidator("lgptvaloper", "lgptvaloperpub")
	cfg.SetBech32PrefixForConsensusNode("lgptvalcons", "lgptvalconspub")
	os.Exit(m.Run())
}

var (
	cdc         codec.Codec = moduletestutil.MakeTestEncodingConfig(auth.AppModuleBasic{}, bank.AppModuleBasic{}, vesting.AppModuleBasic{}).Codec
	genesisTime             = time.Date(2026, time.December, 1, 9, 30, 15, 123456789, time.UTC)
)

func addr(n byte) string {
	return sdk.AccAddress(bytes.Repeat([]byte{n}, 20)).String()
}

// newHome writes a minimal genesis for chainID into a temporary home and
// returns the home. malleate may change the bank genesis first.
func newHome(t *testing.T, chainID string, malleate func(*banktypes.GenesisState)) string {
	t.Helper()
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "config"), 0o755); err != nil {
		t.Fatal(err)
	}
	bankGen := banktypes.DefaultGenesisState()
	if malleate != nil {
		malleate(bankGen)
	}
	appState, err := json.Marshal(map[string]json.RawMessage{
		authtypes.ModuleName: cdc.MustMarshalJSON(authtypes.DefaultGenesisState()),
		banktypes.ModuleName: cdc.MustMarshalJSON(bankGen),
	})
	if err != nil {
		t.Fatal(err)
	}
	g := genutiltypes.NewAppGenesisWithVersion(chainID, appState)
	g.GenesisTime = genesisTime
	if err := g.ValidateAndComplete(); err != nil {
		t.Fatal(err)
	}
	if err := g.SaveAs(genesisFile(home)); err != nil {
		t.Fatal(err)
	}
	return home
}

func genesisFile(home string) string { return filepath.Join(home, "config", "genesis.json") }

// run executes `allocate --home home args...` with the test codec in the
// client context, as litegptd's root command provides it.
func run(t *testing.T, home string, args ...string) (string, error) {
	t.Helper()
	cmd := cli.NewAllocateCmd()
	clientCtx := client.Context{}.WithCodec(cdc)
	cmd.SetContext(context.WithValue(context.Background(), client.ClientContextKey, &clientCtx))
	cmd.SetArgs(append(args, "--home", home))
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	err := cmd.Execute()
	return out.String(), err
}

// readGenesis returns the accounts and bank state of the written genesis,
// checked by the auth and bank ValidateGenesis.
func readGenesis(t *testing.T, home string) (authtypes.GenesisAccounts, banktypes.GenesisState) {
	t.Helper()
	g, err := genutiltypes.AppGenesisFromFile(genesisFile(home))
	if err != nil {
		t.Fatal(err)
	}
	var appState map[string]json.RawMessage
	if err := json.Unmarshal(g.AppState, &appState); err != nil {
		t.Fatal(err)
	}
	var authGen authtypes.GenesisState
	cdc.MustUnmarshalJSON(appState[authtypes.ModuleName], &authGen)
	if err := authtypes.ValidateGenesis(authGen); err != nil {
		t.Fatalf("auth ValidateGenesis: %v", err)
	}
	accounts, err := authtypes.UnpackAccounts(authGen.Accounts)
	if err != nil {
		t.Fatal(err)
	}
	var bankGen banktypes.GenesisState
	cdc.MustUnmarshalJSON(appState[banktypes.ModuleName], &bankGen)
	if err := bankGen.Validate(); err != nil {
		t.Fatalf("bank ValidateGenesis: %v", err)
	}
	return accounts, bankGen
}

// assertSupply checks that the balances and the supply field of the bank
// genesis hold exactly 10^16 ulgpt.
func assertSupply(t *testing.T, bankGen banktypes.GenesisState) {
	t.Helper()
	want := math.NewInt(10_000_000_000_000_000)
	sum := math.ZeroInt()
	for _, b := range bankGen.Balances {
		sum = sum.Add(b.Coins.AmountOf("ulgpt"))
	}
	if !sum.Equal(want) {
		t.Errorf("balances hold %s ulgpt, want %s", sum, want)
	}
	if got := bankGen.Supply.AmountOf("ulgpt"); !got.Equal(want) {
		t.Errorf("supply field is %s ulgpt, want %s", got, want)
	}
}

func recipientFlags() []string {
	return []string{"--team", addr(1), "--partners", addr(2), "--private-sale", addr(3), "--ecosystem", addr(4)}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "allocation.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAllocateCmdProduction(t *testing.T) {
	home := newHome(t, "litegpt-1", nil)
	out, err := run(t, home, recipientFlags()...)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	accounts, bankGen := readGenesis(t, home)
	assertSupply(t, bankGen)
	if len(accounts) != 5 {
		t.Fatalf("%d accounts, want the pool and 4 vesting accounts", len(accounts))
	}
	vestingAccounts := 0
	for _, acc := range accounts {
		if pva, ok := acc.(*vestingtypes.PeriodicVestingAccount); ok {
			vestingAccounts++
			// The default start is the genesis time in whole seconds.
			if pva.StartTime != genesisTime.Unix() {
				t.Errorf("%s starts at %d, want the genesis time %d", acc.GetAddress(), pva.StartTime, genesisTime.Unix())
			}
		}
	}
	if vestingAccounts != 4 {
		t.Errorf("%d vesting accounts, want 4", vestingAccounts)
	}
	if !regexpLine(out, "TOTAL", "100%", "10,000,000,000", "10000000000000000") {
		t.Errorf("summary has no TOTAL line of 10,000,000,000 LGPT:\n%s", out)
	}
	for _, line := range [][]string{
		{"network_rewards", "20%", "2,000,000,000", "2000000000000000", "x/pog"},
		{"team", "20%", "2,000,000,000"},
		{"partners_advisors", "5%", "500,000,000", "500000000000000"},
		{"private_sale", "20%", "2,000,000,000"},
		{"ecosystem", "35%", "3,500,000,000", "3500000000000000", "36 equal monthly steps"},
	} {
		if !regexpLine(out, line...) {
			t.Errorf("summary has no line with %q:\n%s", line, out)
		}
	}
	if strings.Contains(out, "local-only") {
		t.Errorf("production summary mentions local-only accounts:\n%s", out)
	}
}

func TestAllocateCmdLocalProfileFromFile(t *testing.T) {
	home := newHome(t, "litegpt-local-1", nil)
	file := writeFile(t, `{"vesting_start":"2027-01-01T00:00:00Z",
		"team":[{"address":"`+addr(1)+`","weight":3},{"address":"`+addr(5)+`","weight":1}],
		"partners_advisors":[{"address":"`+addr(2)+`","weight":1}],
		"private_sale":[{"address":"`+addr(3)+`","weight":1}],
		"ecosystem":[{"address":"`+addr(4)+`","weight":1}],
		"local_accounts":[{"address":"`+addr(20)+`","amount_ulgpt":"1000000000000"}]}`)
	out, err := run(t, home, "--file", file, "--local-account", addr(21)+"=2500000")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	accounts, bankGen := readGenesis(t, home)
	assertSupply(t, bankGen)
	balances := make(map[string]string)
	for _, b := range bankGen.Balances {
		balances[b.Address] = b.Coins.AmountOf("ulgpt").String()
	}
	for address, want := range map[string]string{
		addr(20): "1000000000000",
		addr(21): "2500000",
		addr(1):  "1500000000000000",
		addr(5):  "500000000000000",
		addr(4):  "3498999997500000", // 35 % minus both local accounts
	} {
		if balances[address] != want {
			t.Errorf("%s holds %s ulgpt, want %s", address, balances[address], want)
		}
	}
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for _, acc := range accounts {
		switch acc := acc.(type) {
		case *vestingtypes.PeriodicVestingAccount:
			if acc.StartTime != start {
				t.Errorf("%s starts at %d, want %d", acc.GetAddress(), acc.StartTime, start)
			}
		case *authtypes.BaseAccount:
			if a := acc.GetAddress().String(); a != addr(20) && a != addr(21) {
				t.Errorf("unexpected liquid account %s", a)
			}
		}
	}
	if !regexpLine(out, "local-only", "2", "1,000,002.5", "1000002500000") {
		t.Errorf("summary has no local-only category line:\n%s", out)
	}
	if !regexpLine(out, "local-only", addr(21), "2.5", "2500000", "local-only") {
		t.Errorf("summary does not mark %s local-only:\n%s", addr(21), out)
	}
	if !regexpLine(out, "TOTAL", "10,000,000,000", "10000000000000000") {
		t.Errorf("summary has no TOTAL line:\n%s", out)
	}
}

func TestAllocateCmdVestingStartFlag(t *testing.T) {
	home := newHome(t, "litegpt-1", nil)
	if out, err := run(t, home, append(recipientFlags(), "--vesting-start", "2028-02-29T00:00:00+02:00")...); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	accounts, _ := readGenesis(t, home)
	want := time.Date(2028, 2, 28, 22, 0, 0, 0, time.UTC).Unix()
	for _, acc := range accounts {
		if pva, ok := acc.(*vestingtypes.PeriodicVestingAccount); ok && pva.StartTime != want {
			t.Errorf("%s starts at %d, want %d", acc.GetAddress(), pva.StartTime, want)
		}
	}
}

func TestAllocateCmdRejects(t *testing.T) {
	goodFile := `{"team":[{"address":"` + addr(1) + `","weight":1}],"partners_advisors":[{"address":"` + addr(2) +
		`","weight":1}],"private_sale":[{"address":"` + addr(3) + `","weight":1}],"ecosystem":[{"address":"` + addr(4) + `","weight":1}]`
	withTeam := func(team string) []string {
		return []string{"--team", team, "--partners", addr(2), "--private-sale", addr(3), "--ecosystem", addr(4)}
	}
	cases := []struct {
		name    string
		chainID string
		bank    func(*banktypes.GenesisState)
		args    func(t *testing.T) []string
		wantMsg []string
	}{
		{"both flags and file", "litegpt-1", nil, func(t *testing.T) []string {
			return append(recipientFlags(), "--file", writeFile(t, goodFile+"}"))
		}, []string{"--file cannot be combined with --team, --partners, --private-sale, --ecosystem"}},
		{"a recipient flag missing", "litegpt-1", nil, func(*testing.T) []string {
			return []string{"--team", addr(1), "--partners", addr(2)}
		}, []string{"missing --private-sale, --ecosystem"}},
		{"unknown JSON field", "litegpt-1", nil, func(t *testing.T) []string {
			return []string{"--file", writeFile(t, goodFile+`,"treasury":[]}`)}
		}, []string{"invalid allocation file", `unknown field "treasury"`}},
		{"malformed address", "litegpt-1", nil, func(*testing.T) []string {
			return withTeam("lgpt1bogus")
		}, []string{"invalid address", "team recipient #1", "lgpt1bogus"}},
		{"duplicate address", "litegpt-1", nil, func(*testing.T) []string {
			return withTeam(addr(4))
		}, []string{"duplicate address", addr(4), "team", "ecosystem"}},
		{"zero weight", "litegpt-1", nil, func(t *testing.T) []string {
			return []string{"--file", writeFile(t, strings.Replace(goodFile, `"weight":1`, `"weight":0`, 1)+"}")}
		}, []string{"invalid weight", "weight 0"}},
		{"negative weight", "litegpt-1", nil, func(t *testing.T) []string {
			return []string{"--file", writeFile(t, strings.Replace(goodFile, `"weight":1`, `"weight":-1`, 1)+"}")}
		}, []string{"invalid weight", "weight -1"}},
		{"local account on a non-local chain-id", "litegpt-1", nil, func(*testing.T) []string {
			return append(recipientFlags(), "--local-account", addr(20)+"=1000000")
		}, []string{"local accounts not allowed", "litegpt-local"}},
		{"local accounts above the ecosystem share", "litegpt-local-1", nil, func(*testing.T) []string {
			return append(recipientFlags(), "--local-account", addr(20)+"=3500000000000001")
		}, []string{"exceed the ecosystem share"}},
		{"malformed local account flag", "litegpt-local-1", nil, func(*testing.T) []string {
			return append(recipientFlags(), "--local-account", addr(20)+"=1.5")
		}, []string{"not an integer"}},
		{"vesting start twice", "litegpt-1", nil, func(t *testing.T) []string {
			return []string{"--file", writeFile(t, goodFile+`,"vesting_start":"2027-01-01T00:00:00Z"}`), "--vesting-start", "2027-01-01T00:00:00Z"}
		}, []string{"given twice"}},
		{"bad vesting start", "litegpt-1", nil, func(*testing.T) []string {
			return append(recipientFlags(), "--vesting-start", "2027-01-01")
		}, []string{"RFC 3339"}},
		{"genesis already holding ulgpt", "litegpt-1", func(g *banktypes.GenesisState) {
			g.Balances = []banktypes.Balance{{Address: addr(50), Coins: sdk.NewCoins(sdk.NewInt64Coin("ulgpt", 10))}}
			g.Supply = sdk.NewCoins(sdk.NewInt64Coin("ulgpt", 10))
		}, func(*testing.T) []string { return recipientFlags() }, []string{"already", "must run first"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			home := newHome(t, tc.chainID, tc.bank)
			before, err := os.ReadFile(genesisFile(home))
			if err != nil {
				t.Fatal(err)
			}
			out, err := run(t, home, tc.args(t)...)
			if err == nil {
				t.Fatalf("accepted:\n%s", out)
			}
			for _, part := range tc.wantMsg {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not mention %q", err, part)
				}
			}
			after, err := os.ReadFile(genesisFile(home))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Fatal("a rejected call changed the genesis file")
			}
		})
	}
}

func TestAllocateCmdRunsOnce(t *testing.T) {
	home := newHome(t, "litegpt-1", nil)
	if out, err := run(t, home, recipientFlags()...); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	before, _ := os.ReadFile(genesisFile(home))
	_, err := run(t, home, "--team", addr(11), "--partners", addr(12), "--private-sale", addr(13), "--ecosystem", addr(14))
	if err == nil || !strings.Contains(err.Error(), "already") {
		t.Fatalf("second allocation: err = %v, want a refusal", err)
	}
	after, _ := os.ReadFile(genesisFile(home))
	if !bytes.Equal(before, after) {
		t.Fatal("the refused second allocation changed the genesis file")
	}
}

func TestAllocateCmdNeedsCodec(t *testing.T) {
	home := newHome(t, "litegpt-1", nil)
	before, _ := os.ReadFile(genesisFile(home))
	cmd := cli.NewAllocateCmd()
	cmd.SetArgs(append(recipientFlags(), "--home", home))
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "no codec") {
		t.Fatalf("err = %v, want a missing-codec error", err)
	}
	after, _ := os.ReadFile(genesisFile(home))
	if !bytes.Equal(before, after) {
		t.Fatal("the genesis file changed")
	}
}

func TestAllocateCmdDocumentsUsage(t *testing.T) {
	cmd := cli.NewAllocateCmd()
	if cmd.Name() != "allocate" || !strings.Contains(cmd.Example, "litegptd genesis allocate --team") ||
		!strings.Contains(cmd.Example, "--file allocation.json") || !strings.Contains(cmd.Example, "--local-account") {
		t.Fatalf("use %q / example %q", cmd.Use, cmd.Example)
	}
	for _, name := range []string{"team", "partners", "private-sale", "ecosystem", "file", "local-account", "vesting-start", "home"} {
		if cmd.Flags().Lookup(name) == nil {
			t.Errorf("no --%s flag", name)
		}
	}
	if def := cmd.Flags().Lookup("home").DefValue; def == "" {
		t.Error("--home has no default; the root pre-run would read config from the working directory")
	}
}

// regexpLine reports whether some line of out contains all parts in order,
// separated by whitespace only where the table puts columns.
func regexpLine(out string, parts ...string) bool {
	for _, line := range strings.Split(out, "\n") {
		rest, ok := line, true
		for _, p := range parts {
			i := strings.Index(rest, p)
			if i < 0 {
				ok = false
				break
			}
			rest = rest[i+len(p):]
		}
		if ok {
			return true
		}
	}
	return false
}
