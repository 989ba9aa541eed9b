package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/cosmos/cosmos-sdk/client"
	clientconfig "github.com/cosmos/cosmos-sdk/client/config"
)

// clientConfigKeys maps each client.toml key to how it is read and written.
var clientConfigKeys = map[string]struct {
	get func(*clientconfig.ClientConfig) string
	set func(*clientconfig.ClientConfig, string) error
}{
	"chain-id": {func(c *clientconfig.ClientConfig) string { return c.ChainID }, func(c *clientconfig.ClientConfig, v string) error { c.ChainID = v; return nil }},
	"keyring-backend": {func(c *clientconfig.ClientConfig) string { return c.KeyringBackend }, func(c *clientconfig.ClientConfig, v string) error {
		return oneOf(&c.KeyringBackend, v, "os", "file", "kwallet", "pass", "test", "memory")
	}},
	"keyring-default-keyname": {func(c *clientconfig.ClientConfig) string { return c.KeyringDefaultKeyName }, func(c *clientconfig.ClientConfig, v string) error { c.KeyringDefaultKeyName = v; return nil }},
	"output": {func(c *clientconfig.ClientConfig) string { return c.Output }, func(c *clientconfig.ClientConfig, v string) error {
		return oneOf(&c.Output, v, "text", "json")
	}},
	"node": {func(c *clientconfig.ClientConfig) string { return c.Node }, func(c *clientconfig.ClientConfig, v string) error {
		if !strings.Contains(v, "://") {
			return fmt.Errorf("node %q must be a URL such as tcp://localhost:26657", v)
		}
		c.Node = v
		return nil
	}},
	"broadcast-mode": {func(c *clientconfig.ClientConfig) string { return c.BroadcastMode }, func(c *clientconfig.ClientConfig, v string) error {
		return oneOf(&c.BroadcastMode, v, "sync", "async")
	}},
}

func oneOf(field *string, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			*field = value
			return nil
		}
	}
	return fmt.Errorf("value %q is not one of %s", value, strings.Join(allowed, ", "))
}

func sortedClientKeys() []string {
	keys := make([]string, 0, len(clientConfigKeys))
	for k := range clientConfigKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// NewConfigCmd returns `litegptd config`, which reads and writes the client
// settings in <home>/config/client.toml.
func NewConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show or change client settings (chain-id, node, keyring-backend, output, broadcast-mode)",
		Long:  "Reads and writes <home>/config/client.toml. Keys: " + strings.Join(sortedClientKeys(), ", ") + ".",
		RunE:  client.ValidateCmd,
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:     "show",
			Short:   "Print all client settings as JSON",
			Example: "litegptd config show",
			Args:    cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				cfg, _, err := readClientConfig(cmd)
				if err != nil {
					return err
				}
				out, err := json.MarshalIndent(cfg, "", "  ")
				if err != nil {
					return err
				}
				cmd.Println(string(out))
				return nil
			},
		},
		&cobra.Command{
			Use:     "get [key]",
			Short:   "Print one client setting",
			Example: "litegptd config get chain-id",
			Args:    cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				key, ok := clientConfigKeys[args[0]]
				if !ok {
					return fmt.Errorf("unknown key %q; expected one of %s", args[0], strings.Join(sortedClientKeys(), ", "))
				}
				cfg, _, err := readClientConfig(cmd)
				if err != nil {
					return err
				}
				cmd.Println(key.get(cfg))
				return nil
			},
		},
		&cobra.Command{
			Use:     "set [key] [value]",
			Short:   "Change one client setting",
			Example: "litegptd config set chain-id litegpt-local-1\nlitegptd config set node tcp://localhost:26657",
			Args:    cobra.ExactArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				key, ok := clientConfigKeys[args[0]]
				if !ok {
					return fmt.Errorf("unknown key %q; expected one of %s", args[0], strings.Join(sortedClientKeys(), ", "))
				}
				cfg, path, err := readClientConfig(cmd)
				if err != nil {
					return err
				}
				if err := key.set(cfg, args[1]); err != nil {
					return fmt.Errorf("setting %s: %w", args[0], err)
				}
				return writeClientConfig(path, cfg)
			},
		},
	)
	return cmd
}

// readClientConfig reads client.toml from the command's home (the root's
// pre-run has already created it with defaults when it was missing).
func readClientConfig(cmd *cobra.Command) (*clientconfig.ClientConfig, string, error) {
	home := client.GetClientContextFromCmd(cmd).HomeDir
	path := filepath.Join(home, "config", "client.toml")
	v := viper.New()
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		return nil, "", fmt.Errorf("reading %s: %w", path, err)
	}
	cfg := clientconfig.DefaultConfig()
	if err := v.Unmarshal(cfg); err != nil {
		return nil, "", fmt.Errorf("decoding %s: %w", path, err)
	}
	return cfg, path, nil
}

var clientConfigTemplate = template.Must(template.New("client.toml").Parse(`# LiteGPT client configuration, written by "litegptd config set".

# The network chain ID
chain-id = {{ printf "%q" .ChainID }}
# The keyring's backend, where the keys are stored (os|file|kwallet|pass|test|memory)
keyring-backend = {{ printf "%q" .KeyringBackend }}
# Default key name, used for signing when --from is not given
keyring-default-keyname = {{ printf "%q" .KeyringDefaultKeyName }}
# CLI output format (text|json)
output = {{ printf "%q" .Output }}
# <host>:<port> of the CometBFT RPC interface of the node to talk to
node = {{ printf "%q" .Node }}
# Transaction broadcasting mode (sync|async)
broadcast-mode = {{ printf "%q" .BroadcastMode }}
`))

func writeClientConfig(path string, cfg *clientconfig.ClientConfig) error {
	var buf bytes.Buffer
	if err := clientConfigTemplate.Execute(&buf, cfg); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o600)
}
