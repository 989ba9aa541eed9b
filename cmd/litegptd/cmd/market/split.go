package market

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	bmtypes "github.com/litegpt/litegpt/x/buildermarket/types"
)

// splitFileName is the record dataset-commitment --split writes.
const splitFileName = "datasets.json"

// taskDatasets is datasets.json: what a task creator needs to create the
// task (the commitments) and later reveal each part (root, count, salt).
type taskDatasets struct {
	// Source is the leaves file that was split, and SourceLeaves its count.
	Source       string `json:"source"`
	SourceLeaves uint64 `json:"source_leaves"`
	// ValidationSlices are in index order: MsgCreateTask's
	// validation_commitments are their commitments in this order.
	ValidationSlices []datasetPart `json:"validation_slices"`
	// TestSet is MsgCreateTask's test_set_commitment.
	TestSet datasetPart `json:"test_set"`
}

// datasetPart is one committed part; byte fields are base64 in JSON.
type datasetPart struct {
	Kind       string `json:"kind"`
	Index      uint32 `json:"index"`
	File       string `json:"file"`
	FirstLeaf  uint64 `json:"first_leaf"`
	LeafCount  uint64 `json:"leaf_count"`
	DataRoot   []byte `json:"data_root"`
	Salt       []byte `json:"salt"`
	Commitment []byte `json:"commitment"`
}

// splitRanges cuts n leaves into slices validation runs and a test set of
// the last test leaves: [start, end) per part, validation first.
func splitRanges(n, slices, test uint64) ([][2]uint64, error) {
	if slices == 0 || test == 0 || test >= n || n-test < slices {
		return nil, fmt.Errorf("%d leaves cannot make %d validation slices of at least one leaf and a test set of %d (--%s and --%s must be at least 1, with slices + test leaves <= leaves)",
			n, slices, test, flagSlices, flagTestLeaves)
	}
	shared := n - test
	out := make([][2]uint64, 0, slices+1)
	var start uint64
	for i := range slices {
		size := shared / slices
		if i < shared%slices {
			size++
		}
		out = append(out, [2]uint64{start, start + size})
		start += size
	}
	return append(out, [2]uint64{shared, n}), nil
}

func runSplit(cmd *cobra.Command) error {
	flags := cmd.Flags()
	source, _ := flags.GetString(flagSplit)
	slices, _ := flags.GetInt(flagSlices)
	test, _ := flags.GetUint64(flagTestLeaves)
	dir, _ := flags.GetString(flagOutDir)
	if dir == "" {
		return fmt.Errorf("--%s is required with --split", flagOutDir)
	}
	if slices < 1 {
		return fmt.Errorf("--%s must be at least 1, got %d", flagSlices, slices)
	}
	batches, err := marketfiles.ReadLeavesFile(source)
	if err != nil {
		return err
	}
	ranges, err := splitRanges(uint64(len(batches)), uint64(slices), test)
	if err != nil {
		return err
	}
	paths := make([]string, len(ranges))
	for i := range slices {
		paths[i] = filepath.Join(dir, fmt.Sprintf("validation-%d.leaves", i))
	}
	paths[slices] = filepath.Join(dir, "test.leaves")
	record := filepath.Join(dir, splitFileName)
	if err := marketfiles.CheckAbsent(append(append([]string(nil), paths...), record)...); err != nil {
		return err
	}

	out := taskDatasets{Source: source, SourceLeaves: uint64(len(batches))}
	parts := make([]datasetPart, len(ranges))
	for i, r := range ranges {
		kind, index, name := bmtypes.DatasetValidation, uint32(i), "validation"
		if i == slices {
			kind, index, name = bmtypes.DatasetTest, 0, "test"
		}
		root, _, err := commit.Root(batches[r[0]:r[1]])
		if err != nil {
			return err
		}
		salt, err := newSalt()
		if err != nil {
			return err
		}
		parts[i] = datasetPart{
			Kind: name, Index: index, File: filepath.Base(paths[i]), FirstLeaf: r[0], LeafCount: r[1] - r[0],
			DataRoot: root[:], Salt: salt, Commitment: bmtypes.DatasetCommitment(kind, index, root[:], r[1]-r[0], salt),
		}
	}
	out.ValidationSlices, out.TestSet = parts[:slices], parts[slices]
	bz, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, r := range ranges {
		if err := marketfiles.WriteLeavesFile(paths[i], batches[r[0]:r[1]]); err != nil {
			return err
		}
	}
	if err := marketfiles.CreateFile(record, 0o600, func(w io.Writer) error {
		_, err := w.Write(append(bz, '\n'))
		return err
	}); err != nil {
		return err
	}

	w := cmd.OutOrStdout()
	for i, p := range parts {
		label := fmt.Sprintf("validation slice %d", p.Index)
		if i == slices {
			label = "test set"
		}
		fmt.Fprintf(w, "%s: %s, %d leaves (%d..%d of %s), data root %s, commitment %s\n",
			label, paths[i], p.LeafCount, p.FirstLeaf, p.FirstLeaf+p.LeafCount-1, source, b64(p.DataRoot), b64(p.Commitment))
	}
	fmt.Fprintf(w, "wrote %s (mode 0600): every part's root, leaf count, salt and commitment; keep it to reveal the parts\n", record)
	fmt.Fprintln(w, "MsgCreateTask validation_commitments, in slice order:")
	for _, p := range out.ValidationSlices {
		fmt.Fprintf(w, "  %s\n", b64(p.Commitment))
	}
	fmt.Fprintln(w, "MsgCreateTask test_set_commitment:")
	fmt.Fprintf(w, "  %s\n", b64(out.TestSet.Commitment))
	return nil
}
