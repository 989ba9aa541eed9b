package market

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
)

const (
	flagDataRoot   = "data-root"
	flagTreeLeaves = "tree-leaves"
	flagFeatures   = "features"
	flagClasses    = "classes"
)

func newOpenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use: "open DELIVERY --key KEY --data-root ROOT --tree-leaves N --batch-size B --features F " +
			"(--format Qm.n | --bits N --frac F) --classes C --ciphertext-root ROOT [--deal ID --start S] [--out FILE.leaves]",
		Short: "Open a delivery with the revealed key: check every chunk, write the leaves, or print the MsgDispute command",
		Long: `The buyer's side after MsgRevealKey. Run pkg/exchange OpenDelivery on the delivery file with
the revealed key (a key file or base64): the chunks must hash to --ciphertext-root, and each
chunk must decrypt under the key to the leaf the deal sold at its position, under the
offer's --data-root (a tree of --tree-leaves leaves), in the task's shape (--batch-size
samples of --features features in the task's format, labels 0..--classes-1; --classes 0
for regression). These are the checks the chain makes when it rules on MsgDispute.

The deal id and first leaf are the delivery file's unless --deal and --start say
otherwise; pass the deal's own values (litegptd query datamarket deal ID), since the
chain judges against them and not against what the seller wrote in the file.

If every chunk is good, it prints so and writes the decrypted leaves to --out. Otherwise
it prints the first bad chunk's fault and the exact MsgDispute command with its evidence
(the chunk's ciphertext and its path in the seller's ciphertext tree), and exits non-zero.`,
		Example: `  litegptd market open deal-1.delivery --key "$KEY" --data-root "$DATA_ROOT" --tree-leaves 56 \
    --batch-size 32 --features 64 --format Q8.8 --classes 10 --ciphertext-root "$CIPHERTEXT_ROOT" \
    --deal 1 --start 0 --out bought.leaves`,
		Args: cobra.ExactArgs(1),
		RunE: runOpen,
	}
	cmd.Flags().String(flagKey, "", "the revealed deal key: a key file or the key in base64")
	cmd.Flags().String(flagDataRoot, "", "the offer's data root, hex or base64")
	cmd.Flags().Uint64(flagTreeLeaves, 0, "the offer's leaf_count: the leaves under the data root")
	cmd.Flags().Int(flagBatchSize, 0, "the task's batch size: samples per leaf")
	cmd.Flags().Int(flagFeatures, 0, "the task's features per sample")
	addFormatFlags(cmd)
	cmd.Flags().Int64(flagClasses, -1, "the task's classes (labels 0..C-1); 0 for a regression task")
	cmd.Flags().String(flagCTRoot, "", "the ciphertext root the seller posted in MsgDeliver, hex or base64")
	cmd.Flags().Uint64(flagDeal, 0, "the deal id (default: the delivery file's)")
	cmd.Flags().Uint64(flagStart, 0, "the deal's leaf_start (default: the delivery file's)")
	cmd.Flags().String(flagOut, "", "write the decrypted leaves to this leaves file")
	requireFlags(cmd, flagKey, flagDataRoot, flagTreeLeaves, flagBatchSize, flagFeatures, flagClasses, flagCTRoot)
	return cmd
}

func runOpen(cmd *cobra.Command, args []string) error {
	flags := cmd.Flags()
	keyText, _ := flags.GetString(flagKey)
	key, err := marketfiles.ParseKey(keyText)
	if err != nil {
		return err
	}
	rootText, _ := flags.GetString(flagDataRoot)
	dataRoot, err := parseDigest(flagDataRoot, rootText)
	if err != nil {
		return err
	}
	ctText, _ := flags.GetString(flagCTRoot)
	ctRoot, err := parseHash(flagCTRoot, ctText)
	if err != nil {
		return err
	}
	treeLeaves, _ := flags.GetUint64(flagTreeLeaves)
	if treeLeaves == 0 || treeLeaves > commit.MaxLeaves {
		return fmt.Errorf("--%s must be 1..%d, got %d", flagTreeLeaves, commit.MaxLeaves, treeLeaves)
	}
	shape := exchange.BatchShape{}
	if shape.Format, err = readFormat(cmd); err != nil {
		return err
	}
	shape.Samples, _ = flags.GetInt(flagBatchSize)
	shape.Features, _ = flags.GetInt(flagFeatures)
	shape.Classes, _ = flags.GetInt64(flagClasses)
	switch {
	case shape.Samples < 1:
		return fmt.Errorf("--%s must be at least 1, got %d", flagBatchSize, shape.Samples)
	case shape.Features < 1:
		return fmt.Errorf("--%s must be at least 1, got %d", flagFeatures, shape.Features)
	case shape.Classes < 0:
		return fmt.Errorf("--%s must be the task's class count, or 0 for regression, got %d", flagClasses, shape.Classes)
	}
	d, err := marketfiles.ReadDeliveryFile(args[0])
	if err != nil {
		return err
	}
	delivery := exchange.Delivery{DealID: d.DealID, LeafStart: d.LeafStart, DataRoot: dataRoot, TreeLeaves: treeLeaves, Kind: exchange.LeafBatch, Shape: shape}
	w := cmd.OutOrStdout()
	if flags.Changed(flagDeal) {
		delivery.DealID, _ = flags.GetUint64(flagDeal)
	}
	if flags.Changed(flagStart) {
		delivery.LeafStart, _ = flags.GetUint64(flagStart)
	}
	if delivery.DealID != d.DealID || delivery.LeafStart != d.LeafStart {
		fmt.Fprintf(w, "note: %s names deal %d from leaf %d; judging as deal %d from leaf %d, as given\n",
			args[0], d.DealID, d.LeafStart, delivery.DealID, delivery.LeafStart)
	}
	count := uint64(len(d.Chunks))
	if delivery.LeafStart >= treeLeaves || count > treeLeaves-delivery.LeafStart {
		return fmt.Errorf("a deal of %d leaves from leaf %d is not inside a tree of %d leaves: check --%s (the offer's leaf_count) and --%s (the deal's leaf_start)",
			count, delivery.LeafStart, treeLeaves, flagTreeLeaves, flagStart)
	}

	chunks, bad, err := exchange.OpenDelivery(delivery, key, ctRoot, d.Chunks)
	if err != nil {
		return fmt.Errorf("%s: %w (check-delivery should have caught this before acceptance)", args[0], err)
	}
	if bad != nil {
		deal := strconv.FormatUint(delivery.DealID, 10)
		fmt.Fprintf(w, "chunk %d is bad: %s\n", bad.Index, bad.Fault)
		fmt.Fprintln(w, "dispute it before the dispute window closes (buyer); the chain re-runs this check with the revealed key:")
		parts := []string{"tx datamarket dispute", deal, strconv.FormatUint(bad.Index, 10), b64(bad.Ciphertext)}
		for _, p := range bad.Path {
			parts = append(parts, "--ciphertext-path", b64(p))
		}
		txLine(w, append(parts, "--from BUYER")...)
		return fmt.Errorf("deal %d: chunk %d is bad; the dispute command above proves it", delivery.DealID, bad.Index)
	}

	fmt.Fprintf(w, "all %d chunks are leaves %d..%d of the data root\n", count, delivery.LeafStart, delivery.LeafStart+count-1)
	out, _ := flags.GetString(flagOut)
	if out == "" {
		return nil
	}
	batches := make([]commit.Batch, len(chunks))
	for i, c := range chunks {
		if batches[i], err = commit.DecodeBatch(c.Elements); err != nil {
			return fmt.Errorf("chunk %d: %w", i, err) // Judge decoded it already
		}
	}
	if err := marketfiles.WriteLeavesFile(out, batches); err != nil {
		return err
	}
	fmt.Fprintf(w, "wrote %s: %d leaves of %s\n", out, len(batches), marketfiles.ShapeOf(batches[0]))
	return nil
}
