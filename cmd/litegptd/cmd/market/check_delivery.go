package market

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/exchange"
)

func newCheckDeliveryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check-delivery DELIVERY --ciphertext-root ROOT",
		Short: "Check, before accepting, that a delivery's chunks are the ones the seller posted",
		Long: `The buyer's check before MsgAcceptDelivery: the chunks of the delivery file, in order,
must hash to the ciphertext root the seller posted in MsgDeliver (hex or base64, from
"litegptd query datamarket deal ID"). Only then can every chunk be disputed later, since
the chain accepts a dispute only for a chunk under that root. On success it prints the
MsgAcceptDelivery command; otherwise it fails: do not accept.`,
		Example: `  litegptd market check-delivery deal-1.delivery --ciphertext-root "$CIPHERTEXT_ROOT"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rootText, _ := cmd.Flags().GetString(flagCTRoot)
			root, err := parseHash(flagCTRoot, rootText)
			if err != nil {
				return err
			}
			d, err := marketfiles.ReadDeliveryFile(args[0])
			if err != nil {
				return err
			}
			if got := exchange.CiphertextRoot(d.Chunks); !bytes.Equal(got, root) {
				return fmt.Errorf("the %d chunks of %s hash to %s, not to the ciphertext root %s the seller posted: do not accept this delivery; ask the seller for the one it committed to",
					len(d.Chunks), args[0], b64(got), b64(root))
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "all %d chunks of deal %d hash to the ciphertext root\n", len(d.Chunks), d.DealID)
			fmt.Fprintln(w, "accept the delivery (buyer):")
			txLine(w, "tx datamarket accept-delivery", strconv.FormatUint(d.DealID, 10), "--from BUYER")
			return nil
		},
	}
	cmd.Flags().String(flagCTRoot, "", "the ciphertext root the seller posted in MsgDeliver, hex or base64")
	requireFlags(cmd, flagCTRoot)
	return cmd
}
