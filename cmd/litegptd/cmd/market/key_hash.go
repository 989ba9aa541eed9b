package market

import (
	"encoding/hex"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/exchange"
)

func newKeyHashCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "key-hash --key KEY",
		Short: "Print the commitment of a deal key, as MsgDeliver posts it and MsgRevealKey is checked against",
		Long: `Print pkg/exchange KeyHash(k) = SHA-256("litegpt/deal-key/v1" || k) of a deal key given as a
key file or as base64: the key_hash a seller posts in MsgDeliver, which the chain checks the
key of MsgRevealKey against.`,
		Example: "  litegptd market key-hash --key deal-1.delivery.key",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			keyText, _ := cmd.Flags().GetString(flagKey)
			key, err := marketfiles.ParseKey(keyText)
			if err != nil {
				return err
			}
			h := exchange.KeyHash(key)
			w := cmd.OutOrStdout()
			field(w, "key hash base64", b64(h[:]))
			field(w, "key hash hex", hex.EncodeToString(h[:]))
			return nil
		},
	}
	cmd.Flags().String(flagKey, "", "the deal key: a key file or the key in base64")
	requireFlags(cmd, flagKey)
	return cmd
}
