package market

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/pkg/commit"
)

// Flags shared by several commands.
const (
	flagFormat    = "format"
	flagBits      = "bits"
	flagFrac      = "frac"
	flagBatchSize = "batch-size"
	flagRounding  = "rounding"
	flagDeal      = "deal"
	flagStart     = "start"
	flagKey       = "key"
	flagOut       = "out"
	flagCTRoot    = "ciphertext-root"
)

// binary is the name the printed commands run.
const binary = "litegptd"

// addFormatFlags adds the fixed-point format flags: --format Qm.n or
// --bits and --frac.
func addFormatFlags(cmd *cobra.Command) {
	cmd.Flags().String(flagFormat, "", "the task's fixed-point format as Qm.n: m integer bits (sign included), n fraction bits, e.g. Q8.8")
	cmd.Flags().Uint8(flagBits, 0, "the task's fixed-point format as total bits (with --frac), instead of --format")
	cmd.Flags().Uint8(flagFrac, 0, "fraction bits of the format (with --bits)")
}

var qFormat = regexp.MustCompile(`^Q([0-9]{1,2})\.([0-9]{1,2})$`)

// readFormat returns the format given by --format or by --bits and --frac.
func readFormat(cmd *cobra.Command) (commit.Format, error) {
	flags := cmd.Flags()
	q, _ := flags.GetString(flagFormat)
	bits, _ := flags.GetUint8(flagBits)
	frac, _ := flags.GetUint8(flagFrac)
	bitsSet, fracSet := flags.Changed(flagBits), flags.Changed(flagFrac)
	var f commit.Format
	switch {
	case flags.Changed(flagFormat) && (bitsSet || fracSet):
		return f, fmt.Errorf("give the fixed-point format either as --format Q8.8 or as --bits 16 --frac 8, not both")
	case flags.Changed(flagFormat):
		m := qFormat.FindStringSubmatch(q)
		if m == nil {
			return f, fmt.Errorf("--format %q is not Qm.n (e.g. Q8.8: 8 integer bits, sign included, and 8 fraction bits)", q)
		}
		integer, _ := strconv.Atoi(m[1])
		fraction, _ := strconv.Atoi(m[2])
		if integer < 1 || integer+fraction > 32 {
			return f, fmt.Errorf("--format %s: the integer bits (sign included) must be at least 1 and the total at most 32", q)
		}
		f = commit.Format{Bits: uint8(integer + fraction), Frac: uint8(fraction)}
	case bitsSet && fracSet:
		f = commit.Format{Bits: bits, Frac: frac}
	case bitsSet || fracSet:
		return f, fmt.Errorf("--bits and --frac go together (e.g. --bits 16 --frac 8)")
	default:
		return f, fmt.Errorf("the task's fixed-point format is required: --format Q8.8 or --bits 16 --frac 8")
	}
	if err := f.Validate(); err != nil {
		return f, fmt.Errorf("--%s: %w", flagFormat, err)
	}
	return f, nil
}

// roundingNames are the values of --rounding.
var roundingNames = map[string]commit.Rounding{
	"nearest-even": commit.RoundNearestEven,
	"nearest-away": commit.RoundNearestAway,
	"toward-zero":  commit.RoundTowardZero,
}

func parseRounding(s string) (commit.Rounding, error) {
	r, ok := roundingNames[s]
	if !ok {
		return 0, fmt.Errorf("--%s %q is not one of nearest-even, nearest-away, toward-zero (the task's tie-break)", flagRounding, s)
	}
	return r, nil
}

// parseHash decodes a 32-byte value given as 64 hex digits (optionally
// 0x-prefixed) or as base64, the two forms the tools print.
func parseHash(flag, s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if bz, err := hex.DecodeString(strings.TrimPrefix(s, "0x")); err == nil && len(bz) == 32 {
		return bz, nil
	}
	if bz, err := base64.StdEncoding.DecodeString(s); err == nil && len(bz) == 32 {
		return bz, nil
	}
	return nil, fmt.Errorf("--%s %q is not 32 bytes as 64 hex digits or base64", flag, s)
}

// parseDigest decodes a data root: 32 bytes that are a canonical BN254
// scalar.
func parseDigest(flag, s string) (commit.Digest, error) {
	bz, err := parseHash(flag, s)
	if err != nil {
		return commit.Digest{}, err
	}
	d, err := commit.DigestFromBytes(bz)
	if err != nil {
		return commit.Digest{}, fmt.Errorf("--%s is not a data root: %w", flag, err)
	}
	return d, nil
}

// requireFlags marks flags required; cobra then names every missing one.
func requireFlags(cmd *cobra.Command, names ...string) {
	for _, n := range names {
		if err := cmd.MarkFlagRequired(n); err != nil {
			panic(err) // a flag name the command does not define
		}
	}
}

func b64(bz []byte) string { return base64.StdEncoding.EncodeToString(bz) }

// field prints one "label: value" line, values aligned, so scripts can
// pick a value by its label.
func field(w io.Writer, label string, value any) {
	fmt.Fprintf(w, "%-19s %v\n", label+":", value)
}

// txLine prints an indented command line for the chain.
func txLine(w io.Writer, args ...string) {
	fmt.Fprintf(w, "  %s %s\n", binary, strings.Join(args, " "))
}
