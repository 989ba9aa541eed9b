package market

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
)

const (
	flagLabelColumn = "label-column"
	flagHeader      = "header"
	flagRows        = "rows"
)

func newEncodeCSVCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "encode-csv IN.csv[.gz] OUT.leaves --batch-size B (--format Qm.n | --bits N --frac F) --rounding MODE [--label-column N] [--header] [--rows A:B]",
		Short: "Encode a CSV data set as a leaves file and print its data root",
		Long: `Encode the rows of a CSV file as the leaves of a data commitment, in a task's shape,
and write them to a leaves file.

Every column is a number. The label column (--label-column, counted from 0; default the
last) must hold a non-negative integer, stored as it is; every other column is a feature,
in file order, encoded with the task's fixed-point format and rounding (pkg/commit
Format.Encode). Rows are grouped in file order into batches of --batch-size, one batch
per leaf; a trailing partial batch is dropped and reported. --header skips the first
row; --rows A:B encodes only data rows A..B-1 (counted from 0 after the header; A: or :B
leave an end open). A file is read as gzip when it starts with the gzip magic, and a
name ending in .gz must be gzip. A bad row is an error naming its line, and nothing is
written.

The data root printed is the offer's data_root for MsgPostOffer (base64, what autocli
bytes arguments take) and its leaf count the offer's leaf_count.`,
		Example: `  litegptd market encode-csv sidecar/datasets/uci-digits/digits.csv.gz digits.leaves \
    --batch-size 32 --format Q8.8 --rounding nearest-even
  litegptd market encode-csv houses.csv houses.leaves --header --label-column 0 \
    --batch-size 16 --bits 32 --frac 16 --rounding toward-zero --rows 0:1600`,
		Args: cobra.ExactArgs(2),
		RunE: runEncodeCSV,
	}
	cmd.Flags().Int(flagBatchSize, 0, "samples per leaf: the task's batch size")
	addFormatFlags(cmd)
	cmd.Flags().String(flagRounding, "", "the task's tie-break: nearest-even, nearest-away or toward-zero")
	cmd.Flags().Int(flagLabelColumn, -1, "0-based column of the label (-1: the last column)")
	cmd.Flags().Bool(flagHeader, false, "the first row is a header; skip it")
	cmd.Flags().String(flagRows, "", "encode only data rows A..B-1 (A:B, A: or :B, counted from 0 after the header)")
	requireFlags(cmd, flagBatchSize, flagRounding)
	return cmd
}

func runEncodeCSV(cmd *cobra.Command, args []string) error {
	in, out := args[0], args[1]
	opts, roundingName, err := csvOptions(cmd)
	if err != nil {
		return err
	}
	enc, err := marketfiles.EncodeCSVFile(in, opts)
	if err != nil {
		return err
	}
	root, _, err := commit.Root(enc.Batches)
	if err != nil {
		return err
	}
	if err := marketfiles.WriteLeavesFile(out, enc.Batches); err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	shape := marketfiles.ShapeOf(enc.Batches[0])
	fmt.Fprintf(w, "wrote %s: %d leaves of %s, rounding %s\n", out, len(enc.Batches), shape, roundingName)
	field(w, "leaves", len(enc.Batches))
	field(w, "samples", fmt.Sprintf("%d of %d rows", enc.Samples(), enc.Rows))
	if enc.Dropped > 0 {
		field(w, "dropped rows", fmt.Sprintf("%d (the last %d rows do not fill a batch of %d)", enc.Dropped, enc.Dropped, opts.BatchSize))
	} else {
		field(w, "dropped rows", 0)
	}
	field(w, "data root hex", root.String())
	field(w, "data root base64", b64(root[:]))
	return nil
}

// csvOptions reads the encoding flags.
func csvOptions(cmd *cobra.Command) (marketfiles.CSVOptions, string, error) {
	var o marketfiles.CSVOptions
	var err error
	if o.Format, err = readFormat(cmd); err != nil {
		return o, "", err
	}
	roundingName, _ := cmd.Flags().GetString(flagRounding)
	if o.Rounding, err = parseRounding(roundingName); err != nil {
		return o, "", err
	}
	o.BatchSize, _ = cmd.Flags().GetInt(flagBatchSize)
	if o.BatchSize < 1 {
		return o, "", fmt.Errorf("--%s must be at least 1, got %d", flagBatchSize, o.BatchSize)
	}
	o.LabelColumn, _ = cmd.Flags().GetInt(flagLabelColumn)
	if o.LabelColumn < -1 {
		return o, "", fmt.Errorf("--%s must be a 0-based column or -1 for the last, got %d", flagLabelColumn, o.LabelColumn)
	}
	o.Header, _ = cmd.Flags().GetBool(flagHeader)
	rows, _ := cmd.Flags().GetString(flagRows)
	if o.Rows, err = parseRows(rows); err != nil {
		return o, "", err
	}
	return o, roundingName, nil
}

// parseRows parses --rows A:B, A: or :B ("" selects every row).
func parseRows(s string) (marketfiles.RowRange, error) {
	var r marketfiles.RowRange
	if s == "" {
		return r, nil
	}
	bad := fmt.Errorf("--%s %q is not A:B, A: or :B with 0 <= A < B (data rows counted from 0)", flagRows, s)
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return r, bad
	}
	var err error
	if a != "" {
		if r.Start, err = strconv.Atoi(a); err != nil || r.Start < 0 {
			return r, bad
		}
	}
	if b != "" {
		if r.End, err = strconv.Atoi(b); err != nil || r.End <= r.Start {
			return r, bad
		}
	}
	return r, nil
}
