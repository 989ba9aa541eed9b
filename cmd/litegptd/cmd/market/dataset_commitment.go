package market

import (
	"crypto/rand"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/pkg/commit"
	bmtypes "github.com/litegpt/litegpt/x/buildermarket/types"
)

const (
	flagKind       = "kind"
	flagIndex      = "index"
	flagRoot       = "root"
	flagLeaves     = "leaves"
	flagSalt       = "salt"
	flagSplit      = "split"
	flagSlices     = "slices"
	flagTestLeaves = "test-leaves"
	flagOutDir     = "out-dir"
)

// saltSize is the size of a dataset commitment's salt.
const saltSize = 32

// datasetKinds are the values of --kind.
var datasetKinds = map[string]bmtypes.DatasetKind{
	"validation": bmtypes.DatasetValidation,
	"test":       bmtypes.DatasetTest,
}

func newDatasetCommitmentCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use: "dataset-commitment (--kind validation|test --index I --root ROOT --leaves N [--salt SALT] | " +
			"--split FILE.leaves --slices K --test-leaves T --out-dir DIR)",
		Short: "Commit to a task's validation slice or test set, or split a data set into both",
		Long: `Print the commitment a task creator puts in MsgCreateTask for a data set it reveals later
(x/buildermarket DatasetCommitment): SHA-256 over the kind, the index, the data root, the
leaf count and a 32-byte salt that hides the root until the reveal.

With --kind, --index (a validation slice's position; 0 for the test set), --root (hex or
base64) and --leaves, it draws a fresh salt from the operating system (or takes --salt,
hex or base64) and prints the salt and the commitment in base64. Keep the salt: the
reveal (MsgRevealValidationSlice, MsgRevealTestSet) sends the root, the leaf count and it.

With --split, it cuts a leaves file into --slices validation slices and a test set of the
last --test-leaves leaves: the leaves before the test set are shared out in order, the
first slices taking one leaf more when they do not divide evenly. In --out-dir it writes
validation-<i>.leaves, test.leaves and datasets.json, which records every part's leaves,
data root, salt and commitment (mode 0600; it holds the salts). It writes nothing if any
of those files exists, so a posted task's salts are never overwritten.`,
		Example: `  litegptd market dataset-commitment --kind validation --index 0 --leaves 14 \
    --root 0x1c3f...  # a data root from encode-csv or data-root
  litegptd market dataset-commitment --kind test --index 0 --leaves 14 \
    --root HD8...= --salt q83v...=
  litegptd market dataset-commitment --split task.leaves --slices 3 --test-leaves 14 --out-dir task`,
		Args: cobra.NoArgs,
		RunE: runDatasetCommitment,
	}
	cmd.Flags().String(flagKind, "", "validation or test")
	cmd.Flags().Uint32(flagIndex, 0, "the validation slice's index (0 for the test set)")
	cmd.Flags().String(flagRoot, "", "the data set's data root, hex or base64")
	cmd.Flags().Uint64(flagLeaves, 0, "the data set's leaf count")
	cmd.Flags().String(flagSalt, "", "a 32-byte salt, hex or base64 (default: drawn fresh)")
	cmd.Flags().String(flagSplit, "", "a leaves file to split into validation slices and a test set")
	cmd.Flags().Int(flagSlices, 0, "with --split: the number of validation slices")
	cmd.Flags().Uint64(flagTestLeaves, 0, "with --split: the leaves of the test set, taken from the end")
	cmd.Flags().String(flagOutDir, "", "with --split: the directory for the parts and datasets.json")
	return cmd
}

func runDatasetCommitment(cmd *cobra.Command, _ []string) error {
	flags := cmd.Flags()
	single := []string{flagKind, flagIndex, flagRoot, flagLeaves, flagSalt}
	split := []string{flagSlices, flagTestLeaves, flagOutDir}
	if flags.Changed(flagSplit) {
		for _, n := range single {
			if flags.Changed(n) {
				return fmt.Errorf("--%s does not go with --split: the split draws a salt for each part and takes roots and counts from the file", n)
			}
		}
		return runSplit(cmd)
	}
	for _, n := range split {
		if flags.Changed(n) {
			return fmt.Errorf("--%s goes with --split only", n)
		}
	}
	for _, n := range []string{flagKind, flagRoot, flagLeaves} {
		if !flags.Changed(n) {
			return fmt.Errorf("--%s is required (or use --split)", n)
		}
	}
	kindName, _ := flags.GetString(flagKind)
	kind, ok := datasetKinds[kindName]
	if !ok {
		return fmt.Errorf("--%s %q is not validation or test", flagKind, kindName)
	}
	index, _ := flags.GetUint32(flagIndex)
	if kind == bmtypes.DatasetTest && index != 0 {
		return fmt.Errorf("--%s %d: a task has one test set, index 0", flagIndex, index)
	}
	rootText, _ := flags.GetString(flagRoot)
	root, err := parseDigest(flagRoot, rootText)
	if err != nil {
		return err
	}
	leaves, _ := flags.GetUint64(flagLeaves)
	if leaves == 0 || leaves > commit.MaxLeaves {
		return fmt.Errorf("--%s must be 1..%d, got %d", flagLeaves, commit.MaxLeaves, leaves)
	}
	var salt []byte
	if flags.Changed(flagSalt) {
		saltText, _ := flags.GetString(flagSalt)
		if salt, err = parseHash(flagSalt, saltText); err != nil {
			return err
		}
	} else if salt, err = newSalt(); err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	field(w, "kind", kindName)
	field(w, "index", index)
	field(w, "data root", b64(root[:]))
	field(w, "leaf count", leaves)
	field(w, "salt", b64(salt))
	field(w, "commitment", b64(bmtypes.DatasetCommitment(kind, index, root[:], leaves, salt)))
	fmt.Fprintln(w, "keep the salt: the reveal sends the data root, the leaf count and the salt")
	return nil
}

// newSalt draws a fresh salt from the operating system.
func newSalt() ([]byte, error) {
	salt := make([]byte, saltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("drawing a salt: %w", err)
	}
	return salt, nil
}
