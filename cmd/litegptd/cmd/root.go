// Package cmd builds the litegptd command tree: node commands from the SDK
// server, genesis tools (including the LGPT allocation), a loopback testnet
// generator, client configuration, and autocli commands for every module.
package cmd

import (
	"fmt"
	"os"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/spf13/cobra"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/config"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/server"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	"github.com/cosmos/cosmos-sdk/x/auth/tx"
	txmodule "github.com/cosmos/cosmos-sdk/x/auth/tx/config"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/litegpt/litegpt/app"
)

// NewRootCmd returns the litegptd root command.
func NewRootCmd() *cobra.Command {
	// A throwaway app provides the codecs, the module basics and the autocli
	// descriptions of every module. Its home is a temporary directory, so
	// that nothing (x/upgrade's data directory) is written where litegptd runs.
	tempHome, err := os.MkdirTemp("", "litegptd-cli-")
	if err != nil {
		panic(fmt.Errorf("creating a temporary home: %w", err))
	}
	defer os.RemoveAll(tempHome)
	tempApp := app.NewLiteGPTApp(log.NewNopLogger(), dbm.NewMemDB(), false, simtestutil.AppOptionsMap{flags.FlagHome: tempHome})
	encoding := app.EncodingConfig{
		InterfaceRegistry: tempApp.InterfaceRegistry(),
		Codec:             tempApp.AppCodec(),
		TxConfig:          tempApp.TxConfig(),
		Amino:             tempApp.LegacyAmino(),
	}

	initClientCtx := client.Context{}.
		WithCodec(encoding.Codec).
		WithInterfaceRegistry(encoding.InterfaceRegistry).
		WithTxConfig(encoding.TxConfig).
		WithLegacyAmino(encoding.Amino).
		WithInput(os.Stdin).
		WithAccountRetriever(authtypes.AccountRetriever{}).
		WithHomeDir(app.DefaultNodeHome).
		WithViper("LITEGPT")

	rootCmd := &cobra.Command{
		Use:           "litegptd",
		Short:         "LiteGPT chain daemon: run a node, manage keys and genesis, send transactions and queries",
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(cmd.OutOrStdout())
			cmd.SetErr(cmd.ErrOrStderr())

			clientCtx, err := client.ReadPersistentCommandFlags(initClientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			if clientCtx, err = config.ReadFromClientConfig(clientCtx); err != nil {
				return err
			}
			// Online, enable SIGN_MODE_TEXTUAL (it needs the chain's denom
			// metadata); offline keep the default sign modes.
			if !clientCtx.Offline {
				txConfigOpts := tx.ConfigOptions{
					EnabledSignModes:           append(tx.DefaultSignModes, signing.SignMode_SIGN_MODE_TEXTUAL),
					TextualCoinMetadataQueryFn: txmodule.NewGRPCCoinMetadataQueryFn(clientCtx),
				}
				txConfig, err := tx.NewTxConfigWithOptions(clientCtx.Codec, txConfigOpts)
				if err != nil {
					return err
				}
				clientCtx = clientCtx.WithTxConfig(txConfig)
			}
			if err := client.SetCmdClientContextHandler(clientCtx, cmd); err != nil {
				return err
			}
			appTemplate, appConfig := initAppConfig()
			return server.InterceptConfigsPreRunHandler(cmd, appTemplate, appConfig, initCometConfig())
		},
	}

	initRootCmd(rootCmd, tempApp)

	autoCliOpts := tempApp.AutoCliOpts()
	autoCliOpts.ClientCtx = initClientCtx
	if err := autoCliOpts.EnhanceRootCommand(rootCmd); err != nil {
		panic(err)
	}
	return rootCmd
}
