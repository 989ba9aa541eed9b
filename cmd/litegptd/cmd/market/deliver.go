package market

import (
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
)

const (
	flagCount   = "count"
	flagKeyOut  = "key-out"
	flagCorrupt = "corrupt"
)

func newDeliverCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deliver FILE.leaves --deal ID --start S --count N --out DELIVERY [--key-out KEYFILE] [--corrupt CHUNK=tag|leaf|garbage]",
		Short: "Seal a deal's leaves under a fresh key: write the delivery and key files and print the MsgDeliver command",
		Long: `The seller's side of a deal. From the offer's leaves file, seal leaves S..S+N-1 (the deal's
leaf_start and leaf_count) as the deal's chunks with pkg/exchange SealLeaves, under a fresh
key drawn from the operating system. Write the chunks to the delivery file --out (for the
buyer) and the key, in base64, to --key-out (default DELIVERY.key, mode 0600). Neither file
is ever replaced: a lost key can never be revealed. Print the key hash and the ciphertext
root (base64) and the MsgDeliver and MsgRevealKey commands.

TESTING AID, NEVER FOR A REAL DEAL: --corrupt CHUNK=MODE delivers chunk CHUNK (0-based)
bad on purpose, so that a dispute can be shown; the seller loses the dispute and is
slashed. MODE is
  tag      flip a ciphertext byte after sealing: the chunk does not authenticate
  leaf     seal another leaf's batch at that position: not the sold leaf under the root
  garbage  seal random field elements: not a batch at all`,
		Example: `  litegptd market deliver digits.leaves --deal 1 --start 0 --count 8 --out deal-1.delivery
  # testing aid: chunk 2 of the delivery is bad, so the buyer can dispute it
  litegptd market deliver digits.leaves --deal 2 --start 8 --count 8 --out deal-2.delivery --corrupt 2=leaf`,
		Args: cobra.ExactArgs(1),
		RunE: runDeliver,
	}
	cmd.Flags().Uint64(flagDeal, 0, "the deal id")
	cmd.Flags().Uint64(flagStart, 0, "the deal's leaf_start: its first leaf in the offer's data tree")
	cmd.Flags().Uint64(flagCount, 0, "the deal's leaf_count: the number of leaves (chunks) to deliver")
	cmd.Flags().String(flagOut, "", "the delivery file to write (never replaced)")
	cmd.Flags().String(flagKeyOut, "", "the key file to write, mode 0600 (default: the delivery file's name + .key; never replaced)")
	cmd.Flags().String(flagCorrupt, "", "TESTING AID: CHUNK=tag|leaf|garbage delivers that chunk bad on purpose (the seller loses the dispute)")
	requireFlags(cmd, flagDeal, flagStart, flagCount, flagOut)
	return cmd
}

func runDeliver(cmd *cobra.Command, args []string) error {
	flags := cmd.Flags()
	deal, _ := flags.GetUint64(flagDeal)
	start, _ := flags.GetUint64(flagStart)
	count, _ := flags.GetUint64(flagCount)
	out, _ := flags.GetString(flagOut)
	keyOut, _ := flags.GetString(flagKeyOut)
	if keyOut == "" {
		keyOut = out + ".key"
	}
	if out == "" || keyOut == out {
		return fmt.Errorf("--%s and --%s must be two different files", flagOut, flagKeyOut)
	}
	corruptText, _ := flags.GetString(flagCorrupt)
	corrupt, err := parseCorruption(corruptText, count)
	if err != nil {
		return err
	}
	batches, err := marketfiles.ReadLeavesFile(args[0])
	if err != nil {
		return err
	}
	n := uint64(len(batches))
	if count == 0 || start >= n || count > n-start {
		return fmt.Errorf("--%s %d --%s %d: the deal's leaves must be 1 or more of the %d leaves in %s", flagStart, start, flagCount, count, n, args[0])
	}
	if err := marketfiles.CheckAbsent(out, keyOut); err != nil {
		return err
	}
	_, tree, err := commit.Root(batches)
	if err != nil {
		return err
	}
	elements, err := marketfiles.Elements(batches[start : start+count])
	if err != nil {
		return err
	}
	key, err := exchange.NewKey(nil)
	if err != nil {
		return err
	}
	chunks, err := exchange.SealLeaves(key, deal, tree, start, elements)
	if err != nil {
		return err
	}
	if corrupt != nil {
		if err := corrupt.apply(chunks, key, deal, start, batches, tree); err != nil {
			return err
		}
	}

	if corrupt != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "WARNING: TESTING AID: chunk %d of this delivery is bad on purpose (%s); the buyer's dispute will slash you\n", corrupt.chunk, corrupt.mode)
	}
	if err := marketfiles.WriteKeyFile(keyOut, key); err != nil {
		return err
	}
	if err := marketfiles.WriteDeliveryFile(out, marketfiles.Delivery{DealID: deal, LeafStart: start, Chunks: chunks}); err != nil {
		os.Remove(keyOut) // written just above: nothing was delivered with it
		return err
	}

	keyHash := exchange.KeyHash(key)
	root := exchange.CiphertextRoot(chunks)
	w := cmd.OutOrStdout()
	field(w, "deal", deal)
	field(w, "chunks", fmt.Sprintf("%d (leaves %d..%d of %d)", count, start, start+count-1, n))
	field(w, "delivery file", out)
	field(w, "key file", keyOut+" (mode 0600; keep it secret until you reveal it)")
	field(w, "key hash", b64(keyHash[:]))
	field(w, "ciphertext root", b64(root))
	fmt.Fprintln(w, "post the delivery (seller), then give the buyer the delivery file:")
	txLine(w, "tx datamarket deliver", strconv.FormatUint(deal, 10), b64(keyHash[:]), b64(root), "--from SELLER")
	fmt.Fprintln(w, "once the buyer has accepted it, reveal the key:")
	txLine(w, "tx datamarket reveal-key", strconv.FormatUint(deal, 10), `"$(cat `+keyOut+`)"`, "--from SELLER")
	return nil
}
