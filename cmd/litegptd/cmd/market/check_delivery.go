package market

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/exchange"
	dmtypes "github.com/litegpt/litegpt/x/datamarket/types"
)

const flagMaxChunkBytes = "max-chunk-bytes"

func newCheckDeliveryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check-delivery DELIVERY --ciphertext-root ROOT",
		Short: "Check, before accepting, that a delivery's chunks are the ones the seller posted",
		Long: `The buyer's check before MsgAcceptDelivery: the chunks of the delivery file, in order,
must hash to the ciphertext root the seller posted in MsgDeliver (hex or base64, from
"litegptd query datamarket deal ID"). Only then can every chunk be disputed later, since
the chain accepts a dispute only for a chunk under that root. Every chunk must also be
1..--max-chunk-bytes bytes (the chain's max_chunk_bytes, "litegptd query datamarket
params"): MsgDispute takes no other, so a chunk outside that range could never be
disputed. On success it prints the MsgAcceptDelivery command; otherwise it fails: do not
accept.`,
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
			maxBytes, _ := cmd.Flags().GetUint32(flagMaxChunkBytes)
			if maxBytes == 0 {
				return fmt.Errorf("--%s must be positive", flagMaxChunkBytes)
			}
			for i, c := range d.Chunks {
				if len(c) == 0 || uint64(len(c)) > uint64(maxBytes) {
					return fmt.Errorf("chunk %d of %s is %d bytes: MsgDispute takes 1..%d (max_chunk_bytes), so it could never be disputed; do not accept this delivery",
						i, args[0], len(c), maxBytes)
				}
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
	cmd.Flags().Uint32(flagMaxChunkBytes, dmtypes.DefaultParams().MaxChunkBytes, "the chain's max_chunk_bytes parameter: the largest chunk a dispute can carry")
	requireFlags(cmd, flagCTRoot)
	return cmd
}
