package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/litegpt/litegpt/app/tokenomics"
)

// Flag names of the allocate command.
const (
	FlagTeam         = "team"
	FlagPartners     = "partners"
	FlagPrivateSale  = "private-sale"
	FlagEcosystem    = "ecosystem"
	FlagFile         = "file"
	FlagLocalAccount = "local-account"
	FlagVestingStart = "vesting-start"
)

// NewAllocateCmd returns `genesis allocate`, which allocates the whole
// LGPT supply per Table 1 in the genesis file of --home and prints a
// summary. It needs the client context codec set by the root command.
func NewAllocateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "allocate (--team ADDR --partners ADDR --private-sale ADDR --ecosystem ADDR | --file FILE) [--local-account ADDR=AMOUNT_ULGPT]... [--vesting-start RFC3339]",
		Short: "Allocate the fixed 10,000,000,000 LGPT supply in genesis.json (paper's Table 1)",
		Long: `Allocate the whole fixed LGPT supply, exactly 10,000,000,000 LGPT = 10^16 ulgpt,
in <home>/config/genesis.json, per the paper's Table 1:

  network_rewards    20%  module account "network_rewards"; nothing in months 1-12,
                          then 72 linearly decreasing monthly steps, released by x/pog
  team               20%  periodic vesting accounts: 25% at month 12, then 75% in
  partners_advisors   5%  36 equal monthly steps (months 13-48)
  private_sale       20%
  ecosystem          35%

Give one recipient per category with --team, --partners, --private-sale and
--ecosystem, or several weighted recipients per category with --file. The
vesting schedules start at --vesting-start (or the file's vesting_start),
by default at the genesis time.

On local chain-ids (starting with "litegpt-local") --local-account gives test
keys liquid balances, carved out of the ecosystem share and marked local-only.

The command writes the whole supply, so it must run on a genesis that holds
no ulgpt yet: right after "init", before "add-genesis-account" and "gentx".
Nothing is written if any check fails.`,
		Example: `  # production profile: one recipient per category, vesting from the genesis time
  litegptd genesis allocate \
    --team lgpt1... --partners lgpt1... --private-sale lgpt1... --ecosystem lgpt1...

  # weighted recipients and an explicit vesting start from a file
  litegptd genesis allocate --file allocation.json --home ~/.litegpt

  # local network: two funded test keys (1,000,000 LGPT each) taken from the ecosystem share
  litegptd genesis allocate --team lgpt1... --partners lgpt1... --private-sale lgpt1... --ecosystem lgpt1... \
    --local-account lgpt1...=1000000000000 --local-account lgpt1...=1000000000000

allocation.json:
  {"vesting_start": "2027-01-01T00:00:00Z",
   "team": [{"address": "lgpt1...", "weight": 3}, {"address": "lgpt1...", "weight": 1}],
   "partners_advisors": [{"address": "lgpt1...", "weight": 1}],
   "private_sale": [{"address": "lgpt1...", "weight": 1}],
   "ecosystem": [{"address": "lgpt1...", "weight": 1}],
   "local_accounts": [{"address": "lgpt1...", "amount_ulgpt": "1000000000000"}]}`,
		Args: cobra.NoArgs,
		RunE: runAllocate,
	}
	cmd.Flags().String(FlagTeam, "", "address of the single team recipient (20%)")
	cmd.Flags().String(FlagPartners, "", "address of the single partners and advisors recipient (5%)")
	cmd.Flags().String(FlagPrivateSale, "", "address of the single private sale recipient (20%)")
	cmd.Flags().String(FlagEcosystem, "", "address of the single ecosystem recipient (35%, minus local accounts)")
	cmd.Flags().String(FlagFile, "", "JSON file with weighted recipients per category (instead of the four recipient flags)")
	cmd.Flags().StringArray(FlagLocalAccount, nil, "ADDR=AMOUNT_ULGPT liquid local-only account, carved out of the ecosystem share; local chain-ids only (repeatable)")
	cmd.Flags().String(FlagVestingStart, "", "RFC 3339 start of the vesting schedules (default: the genesis time)")
	cmd.Flags().String(flags.FlagHome, defaultNodeHome(), "the node home directory; the genesis file is <home>/config/genesis.json")
	return cmd
}

// defaultNodeHome is litegptd's default home, ~/.litegpt, the default of
// --home. It must not be empty: the root command's pre-run reads --home
// (this local flag shadows the root's) to find config.toml. When --home is
// not given, the command uses the client context's home instead, which the
// root command sets from its own default.
func defaultNodeHome() string {
	userHome, err := os.UserHomeDir()
	if err != nil {
		userHome = "."
	}
	return filepath.Join(userHome, ".litegpt")
}

// runAllocate reads the genesis, allocates, writes and prints the summary.
func runAllocate(cmd *cobra.Command, _ []string) error {
	clientCtx := client.GetClientContextFromCmd(cmd)
	if clientCtx.Codec == nil {
		return errors.New("no codec in the client context; run this command as `litegptd genesis allocate`, whose root command sets it")
	}
	home, err := cmd.Flags().GetString(flags.FlagHome)
	if err != nil {
		return err
	}
	if !cmd.Flags().Changed(flags.FlagHome) && clientCtx.HomeDir != "" {
		home = clientCtx.HomeDir
	}
	if home == "" {
		return fmt.Errorf("no home directory; pass --%s", flags.FlagHome)
	}
	genFile := filepath.Join(home, "config", "genesis.json")

	appGenesis, err := genutiltypes.AppGenesisFromFile(genFile)
	if err != nil {
		return fmt.Errorf("cannot read the genesis file (create it with `litegptd init`): %w", err)
	}
	appState := make(map[string]json.RawMessage)
	if len(appGenesis.AppState) > 0 {
		if err := json.Unmarshal(appGenesis.AppState, &appState); err != nil {
			return fmt.Errorf("cannot decode app_state of %s: %w", genFile, err)
		}
	}

	plan, err := planFromFlags(cmd, appGenesis.ChainID, appGenesis.GenesisTime)
	if err != nil {
		return err
	}
	allocation, err := tokenomics.Allocate(plan)
	if err != nil {
		return err
	}
	if err := tokenomics.WriteGenesis(clientCtx.Codec, appState, allocation); err != nil {
		return fmt.Errorf("%s: %w", genFile, err)
	}
	if appGenesis.AppState, err = json.Marshal(appState); err != nil {
		return fmt.Errorf("cannot encode app_state: %w", err)
	}
	if err := genutil.ExportGenesisFile(appGenesis, genFile); err != nil {
		return fmt.Errorf("cannot write %s: %w", genFile, err)
	}
	return WriteSummary(cmd.OutOrStdout(), allocation, genFile)
}
