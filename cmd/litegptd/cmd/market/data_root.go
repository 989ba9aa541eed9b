package market

import (
	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
)

func newDataRootCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "data-root FILE.leaves",
		Short: "Print the leaf count, shape and data root of a leaves file",
		Long: `Read a leaves file, check it, and print its leaf count, the shape of its leaves and
its data root (pkg/commit), in hex and in base64 (what autocli bytes arguments take).`,
		Example: "  litegptd market data-root digits.leaves",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			batches, err := marketfiles.ReadLeavesFile(args[0])
			if err != nil {
				return err
			}
			root, _, err := commit.Root(batches)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			field(w, "leaves", len(batches))
			field(w, "leaf shape", marketfiles.ShapeOf(batches[0]))
			field(w, "samples", len(batches)*len(batches[0].Samples))
			field(w, "data root hex", root.String())
			field(w, "data root base64", b64(root[:]))
			return nil
		},
	}
}
