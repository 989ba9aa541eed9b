// Package market is `litegptd market`: offline tools for the off-chain half
// of the Data Market's fair exchange (pkg/exchange), so that its whole
// order-to-settlement cycle can be run by hand against a local chain
// before the sidecar exists. They commit a data set (encode-csv,
// data-root, dataset-commitment), seal a delivery for a deal (deliver),
// check it before acceptance (check-delivery), open it once the key is
// revealed and produce dispute evidence (open), and hash a key (key-hash).
// They never contact a node; the chain-side steps are the autocli commands
// `litegptd tx datamarket ...` they print. Files are those of
// internal/marketfiles.
package market

import (
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
)

// NewCmd returns the `market` command group.
func NewCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "market",
		Short: "Offline Data Market tools: commit data sets, seal, check and open deliveries, make dispute evidence",
		Long: `Offline tools for the Data Market's fair exchange. They read and write local files
and never contact a node; the on-chain steps are the "litegptd tx datamarket ..." and
"litegptd tx buildermarket ..." commands they print.

Seller (data node):
  encode-csv          CSV rows -> a leaves file and its data root (MsgPostOffer's data_root)
  data-root           leaf count, shape and data root of a leaves file
  deliver             seal a deal's leaves under a fresh key: delivery file, key file, MsgDeliver line
  key-hash            the commitment of a key, as MsgDeliver posts it

Buyer (learner):
  check-delivery      before MsgAcceptDelivery: the chunks hash to the posted ciphertext root
  open                after MsgRevealKey: decrypt and check every chunk; on a bad one print MsgDispute

Task creator:
  dataset-commitment  commitments of validation slices and the test set (MsgCreateTask), or
                      --split a leaves file into slices and a test set with all commitments

Files: a leaves file holds a data set's leaves (field elements of each batch), a
delivery file a deal's ciphertext chunks, a key file one deal key in base64 (mode 0600).
docs/market-tools.md describes the formats and walks through a session.`,
		SuggestionsMinimumDistance: 2,
		// Offline: replace the root's pre-run, which reads (and on first
		// use writes) the node's config files; these tools need none of it.
		// Flags are parsed by now, so a failure from here on is not a usage
		// error and the usage text would only bury the message.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SilenceUsage = true
			return nil
		},
		RunE: client.ValidateCmd,
	}
	cmd.AddCommand(
		newEncodeCSVCmd(),
		newDataRootCmd(),
		newDatasetCommitmentCmd(),
		newDeliverCmd(),
		newCheckDeliveryCmd(),
		newOpenCmd(),
		newKeyHashCmd(),
	)
	return cmd
}
