package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/sidecar/config"
)

// newInitCmd writes the commented default sidecar.toml.
func newInitCmd() *cobra.Command {
	var home string
	var overwrite bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented default configuration, <home>/sidecar.toml",
		Long: `Writes sidecar.toml with every setting, its default and what it is for:
the node and key the sidecar uses, its roles, its peer-to-peer listener,
its state directory, metrics and logs. Edit it, then check it with
litegpt-sidecar config check. An existing file is kept unless --overwrite.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if home == "" {
				return fmt.Errorf("--home is required")
			}
			path := filepath.Join(home, "sidecar.toml")
			if err := config.WriteTemplate(path, overwrite); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", path)
			return nil
		},
	}
	cmd.Flags().StringVar(&home, "home", "", "the sidecar's home directory")
	cmd.Flags().BoolVar(&overwrite, "overwrite", false, "replace an existing sidecar.toml")
	return cmd
}

// newConfigCmd groups the configuration commands.
func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Check the sidecar's configuration"}
	var path string
	check := &cobra.Command{
		Use:   "check",
		Short: "Load and validate sidecar.toml; print the settings in effect",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if path == "" {
				return fmt.Errorf("--config is required")
			}
			c, err := config.Load(path)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "OK: %s\n", path)
			fmt.Fprintf(out, "roles      %s\n", strings.Join(c.Roles, ", "))
			fmt.Fprintf(out, "chain      %s (gRPC %s, RPC %s), key %q in the %s keyring at %s\n",
				c.Chain.ChainID, c.Chain.GRPC, c.Chain.RPC, c.Chain.KeyName, c.Chain.KeyringBackend, c.Chain.KeyringDir)
			fmt.Fprintf(out, "p2p        %s (messages up to %d bytes, %d/s a peer)\n", strings.Join(c.P2P.Listen, ", "), c.P2P.MaxMessageBytes, c.P2P.MaxMessagesPerSecond)
			fmt.Fprintf(out, "store      %s\nmetrics    %s\nlog        %s, %s\n", c.Store.Dir, orNone(c.Metrics.Listen), c.Log.Level, c.Log.Format)
			return nil
		},
	}
	check.Flags().StringVar(&path, "config", "", "path of sidecar.toml")
	cmd.AddCommand(check)
	return cmd
}

func orNone(s string) string {
	if s == "" {
		return "off"
	}
	return s
}
