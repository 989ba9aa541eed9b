package market_test

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
)

// sale is an offer of the digits (56 leaves) and a deal that sold some.
type sale struct {
	dir, leaves, dataRoot string
	deal, start, count    uint64
	delivery, keyFile     string
	keyHash, ctRoot       string // as deliver printed them
}

// deliver encodes the digits and runs `market deliver` for deal 9, leaves
// 10..15, with extra flags; it returns the sale and deliver's stdout and
// stderr.
func deliver(t *testing.T, extra ...string) (sale, string, string) {
	t.Helper()
	dir := t.TempDir()
	leaves, root := digitsLeaves(t, dir)
	s := sale{dir: dir, leaves: leaves, dataRoot: root, deal: 9, start: 10, count: 6,
		delivery: filepath.Join(dir, "deal-9.delivery"), keyFile: filepath.Join(dir, "deal-9.delivery.key")}
	args := append([]string{"deliver", leaves, "--deal", "9", "--start", "10", "--count", "6", "--out", s.delivery}, extra...)
	out, errOut, err := run(t, args...)
	require.NoError(t, err, "stdout:\n%s\nstderr:\n%s", out, errOut)
	s.keyHash, s.ctRoot = value(t, out, "key hash"), value(t, out, "ciphertext root")
	return s, out, errOut
}

// open runs `market open` on the sale with the chain's values and extra
// flags.
func (s sale) open(t *testing.T, extra ...string) (string, error) {
	t.Helper()
	args := append([]string{"open", s.delivery, "--key", s.keyFile, "--data-root", s.dataRoot, "--tree-leaves", "56",
		"--batch-size", "32", "--features", "64", "--format", "Q8.8", "--classes", "10", "--ciphertext-root", s.ctRoot,
		"--deal", strconv.FormatUint(s.deal, 10), "--start", strconv.FormatUint(s.start, 10)}, extra...)
	out, _, err := run(t, args...)
	return out, err
}

// judged is how the chain sees the sale.
func (s sale) judged(t *testing.T) exchange.Delivery {
	t.Helper()
	root, err := commit.DigestFromBytes(unb64(t, s.dataRoot))
	require.NoError(t, err)
	return exchange.Delivery{DealID: s.deal, LeafStart: s.start, DataRoot: root, TreeLeaves: 56, Kind: exchange.LeafBatch,
		Shape: exchange.BatchShape{Samples: 32, Features: 64, Format: q88, Classes: 10}}
}

func TestHonestDeliveryOpens(t *testing.T) {
	s, out, errOut := deliver(t)
	require.Empty(t, errOut, "an honest delivery warns of nothing")

	// The key file is 0600 and holds the key whose hash was printed.
	info, err := os.Stat(s.keyFile)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	key, err := marketfiles.ParseKey(s.keyFile)
	require.NoError(t, err)
	keyHash := exchange.KeyHash(key)
	require.Equal(t, keyHash[:], unb64(t, s.keyHash))
	hashOut := mustRun(t, "key-hash", "--key", s.keyFile)
	require.Equal(t, s.keyHash, value(t, hashOut, "key hash base64"))
	require.Equal(t, hex.EncodeToString(keyHash[:]), value(t, hashOut, "key hash hex"))

	// The delivery file is deal 9, leaves 10..15, under the printed root.
	d, err := marketfiles.ReadDeliveryFile(s.delivery)
	require.NoError(t, err)
	require.Equal(t, uint64(9), d.DealID)
	require.Equal(t, uint64(10), d.LeafStart)
	require.Len(t, d.Chunks, 6)
	require.Equal(t, exchange.CiphertextRoot(d.Chunks), unb64(t, s.ctRoot))
	require.Equal(t, "6 (leaves 10..15 of 56)", value(t, out, "chunks"))

	// The printed MsgDeliver and MsgRevealKey commands.
	require.Equal(t, []string{"litegptd", "tx", "datamarket", "deliver", "9", s.keyHash, s.ctRoot, "--from", "SELLER"},
		commandLine(t, out, "litegptd tx datamarket deliver"))
	require.Equal(t, []string{"litegptd", "tx", "datamarket", "reveal-key", "9", `"$(cat`, s.keyFile + `)"`, "--from", "SELLER"},
		commandLine(t, out, "litegptd tx datamarket reveal-key"))

	// The buyer checks, accepts, and opens: the same leaves come out.
	checkOut := mustRun(t, "check-delivery", s.delivery, "--ciphertext-root", s.ctRoot)
	require.Contains(t, checkOut, "all 6 chunks of deal 9 hash to the ciphertext root")
	require.Equal(t, []string{"litegptd", "tx", "datamarket", "accept-delivery", "9", "--from", "BUYER"},
		commandLine(t, checkOut, "litegptd tx datamarket accept-delivery"))

	bought := filepath.Join(s.dir, "bought.leaves")
	openOut, err := s.open(t, "--out", bought)
	require.NoError(t, err, openOut)
	require.Contains(t, openOut, "all 6 chunks are leaves 10..15 of the data root")
	require.Equal(t, readLeaves(t, s.leaves)[10:16], readLeaves(t, bought))

	// The key given as base64 and the deal taken from the file work too.
	keyB64, err := os.ReadFile(s.keyFile)
	require.NoError(t, err)
	openOut, _, err = run(t, "open", s.delivery, "--key", string(keyB64), "--data-root", hex.EncodeToString(unb64(t, s.dataRoot)),
		"--tree-leaves", "56", "--batch-size", "32", "--features", "64", "--bits", "16", "--frac", "8", "--classes", "10",
		"--ciphertext-root", s.ctRoot)
	require.NoError(t, err, openOut)
	require.Contains(t, openOut, "all 6 chunks are leaves 10..15 of the data root")
}

// Every --corrupt mode makes open name the bad chunk and print evidence
// the chain would accept: it verifies under the seller's ciphertext root
// and Judge rules it faulty.
func TestCorruptDeliveriesAreDisputable(t *testing.T) {
	for mode, fault := range map[string]string{
		"tag":     "chunk 3 does not authenticate under the deal key",
		"leaf":    "chunk 3 is not leaf 13 of the offer's data root",
		"garbage": "chunk 3 is not a batch",
	} {
		t.Run(mode, func(t *testing.T) {
			s, _, errOut := deliver(t, "--corrupt", "3="+mode)
			require.Contains(t, errOut, "WARNING: TESTING AID: chunk 3 of this delivery is bad on purpose ("+mode+")")

			// Before the reveal the buyer cannot tell: the chunks are the posted ones.
			mustRun(t, "check-delivery", s.delivery, "--ciphertext-root", s.ctRoot)

			bought := filepath.Join(s.dir, "bought.leaves")
			out, err := s.open(t, "--out", bought)
			require.ErrorContains(t, err, "deal 9: chunk 3 is bad; the dispute command above proves it")
			require.Contains(t, out, "chunk 3 is bad: "+fault)
			requireAbsent(t, bought)

			line := commandLine(t, out, "litegptd tx datamarket dispute")
			require.Equal(t, []string{"litegptd", "tx", "datamarket", "dispute", "9", "3"}, line[:6])
			require.Equal(t, []string{"--from", "BUYER"}, line[len(line)-2:])
			ciphertext := unb64(t, line[6])
			var path [][]byte
			for i := 7; i < len(line)-2; i += 2 {
				require.Equal(t, "--ciphertext-path", line[i])
				path = append(path, unb64(t, line[i+1]))
			}
			require.Len(t, path, 3, "a tree of 6 chunks has depth 3")

			require.NoError(t, exchange.VerifyCiphertext(unb64(t, s.ctRoot), 6, 3, ciphertext, path))
			key, err := marketfiles.ParseKey(s.keyFile)
			require.NoError(t, err)
			require.Contains(t, exchange.Judge(s.judged(t), key, 3, ciphertext), fault)
			// The other chunks are honest.
			d, err := marketfiles.ReadDeliveryFile(s.delivery)
			require.NoError(t, err)
			for i, ct := range d.Chunks {
				if i != 3 {
					require.Empty(t, exchange.Judge(s.judged(t), key, uint64(i), ct), "chunk %d", i)
				}
			}
		})
	}
}

// The chain judges against the deal's leaf_start, not the file's: a
// delivery of the wrong leaves is disputable even if its file says so.
func TestOpenJudgesAgainstTheDealNotTheFile(t *testing.T) {
	s, _, _ := deliver(t) // sealed leaves 10..15
	s.start = 11          // but the chain's deal sold 11..16
	out, err := s.open(t)
	require.ErrorContains(t, err, "chunk 0 is bad")
	require.Contains(t, out, "names deal 9 from leaf 10; judging as deal 9 from leaf 11, as given")
	require.Contains(t, out, "chunk 0 carries leaf 10, the deal sold leaf 11 there")
}

func TestCheckDeliveryCatchesASwappedChunk(t *testing.T) {
	s, _, _ := deliver(t)
	d, err := marketfiles.ReadDeliveryFile(s.delivery)
	require.NoError(t, err)
	d.Chunks[1], d.Chunks[2] = d.Chunks[2], d.Chunks[1]
	swapped := filepath.Join(s.dir, "swapped.delivery")
	require.NoError(t, marketfiles.WriteDeliveryFile(swapped, d))

	_, _, err = run(t, "check-delivery", swapped, "--ciphertext-root", s.ctRoot)
	require.ErrorContains(t, err, "the 6 chunks of "+swapped+" hash to "+b64(exchange.CiphertextRoot(d.Chunks))+", not to the ciphertext root "+s.ctRoot+" the seller posted: do not accept")

	// open refuses it too: its chunks are not the posted ones.
	s.delivery = swapped
	_, err = s.open(t)
	require.ErrorContains(t, err, "do not hash to the delivery's ciphertext root")

	// Every chunk must fit a dispute: 1..max_chunk_bytes bytes.
	chunkLen, honest := len(d.Chunks[0]), filepath.Join(s.dir, "deal-9.delivery")
	_, _, err = run(t, "check-delivery", honest, "--ciphertext-root", s.ctRoot, "--max-chunk-bytes", strconv.Itoa(chunkLen-1))
	require.ErrorContains(t, err, "chunk 0 of "+honest+" is "+strconv.Itoa(chunkLen)+" bytes: MsgDispute takes 1.."+strconv.Itoa(chunkLen-1)+" (max_chunk_bytes), so it could never be disputed")
	mustRun(t, "check-delivery", honest, "--ciphertext-root", s.ctRoot, "--max-chunk-bytes", strconv.Itoa(chunkLen))
	empty := filepath.Join(s.dir, "empty.delivery")
	require.NoError(t, marketfiles.WriteDeliveryFile(empty, marketfiles.Delivery{DealID: 9, LeafStart: 10, Chunks: [][]byte{d.Chunks[0], {}}}))
	_, _, err = run(t, "check-delivery", empty, "--ciphertext-root", b64(exchange.CiphertextRoot([][]byte{d.Chunks[0], {}})))
	require.ErrorContains(t, err, "chunk 1 of "+empty+" is 0 bytes")

	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"zero max":  {[]string{"check-delivery", swapped, "--ciphertext-root", s.ctRoot, "--max-chunk-bytes", "0"}, "--max-chunk-bytes must be positive"},
		"no root":   {[]string{"check-delivery", swapped}, `required flag(s) "ciphertext-root" not set`},
		"bad root":  {[]string{"check-delivery", swapped, "--ciphertext-root", "zz"}, `--ciphertext-root "zz" is not 32 bytes`},
		"no file":   {[]string{"check-delivery", filepath.Join(s.dir, "none"), "--ciphertext-root", s.ctRoot}, "no such file"},
		"not a del": {[]string{"check-delivery", s.leaves, "--ciphertext-root", s.ctRoot}, "not a delivery file"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := run(t, tc.args...)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestDeliverRejects(t *testing.T) {
	dir := t.TempDir()
	leaves, _ := digitsLeaves(t, dir)
	out := filepath.Join(dir, "d.delivery")
	base := func(extra ...string) []string {
		return append([]string{"deliver", leaves, "--deal", "1", "--out", out}, extra...)
	}
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no deal":         {[]string{"deliver", leaves, "--start", "0", "--count", "1", "--out", out}, `required flag(s) "deal" not set`},
		"no count":        {base("--start", "0"), `required flag(s) "count" not set`},
		"zero count":      {base("--start", "0", "--count", "0"), "--start 0 --count 0: the deal's leaves must be 1 or more of the 56 leaves"},
		"past the end":    {base("--start", "50", "--count", "7"), "--start 50 --count 7: the deal's leaves must be 1 or more of the 56 leaves"},
		"start past":      {base("--start", "56", "--count", "1"), "the deal's leaves must be"},
		"same files":      {base("--start", "0", "--count", "1", "--key-out", out), "--out and --key-out must be two different files"},
		"corrupt syntax":  {base("--start", "0", "--count", "2", "--corrupt", "tag"), `--corrupt "tag" is not CHUNK=tag, CHUNK=leaf or CHUNK=garbage`},
		"corrupt mode":    {base("--start", "0", "--count", "2", "--corrupt", "1=flip"), `--corrupt mode "flip" is not tag, leaf or garbage`},
		"corrupt chunk":   {base("--start", "0", "--count", "2", "--corrupt", "2=tag"), "--corrupt chunk 2 is not a chunk of a delivery of 2 (0..1)"},
		"no leaves file":  {[]string{"deliver", filepath.Join(dir, "none"), "--deal", "1", "--start", "0", "--count", "1", "--out", out}, "no such file"},
		"negative start":  {base("--start", "-1", "--count", "1"), `invalid argument "-1" for "--start"`},
		"leaves argument": {[]string{"deliver", "--deal", "1", "--start", "0", "--count", "1", "--out", out}, "accepts 1 arg(s), received 0"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := run(t, tc.args...)
			require.ErrorContains(t, err, tc.want)
			requireAbsent(t, out, out+".key")
		})
	}
}

// A delivery or a key is never overwritten: the second run changes nothing.
func TestDeliverNeverReplacesFiles(t *testing.T) {
	s, _, _ := deliver(t)
	delivery, err := os.ReadFile(s.delivery)
	require.NoError(t, err)
	key, err := os.ReadFile(s.keyFile)
	require.NoError(t, err)

	_, _, err = run(t, "deliver", s.leaves, "--deal", "9", "--start", "10", "--count", "6", "--out", s.delivery)
	require.ErrorContains(t, err, s.delivery+" already exists; refusing to replace it")
	otherOut := filepath.Join(s.dir, "other.delivery")
	_, _, err = run(t, "deliver", s.leaves, "--deal", "9", "--start", "10", "--count", "6", "--out", otherOut, "--key-out", s.keyFile)
	require.ErrorContains(t, err, s.keyFile+" already exists; refusing to replace it")
	requireAbsent(t, otherOut)

	after, err := os.ReadFile(s.delivery)
	require.NoError(t, err)
	require.Equal(t, delivery, after)
	afterKey, err := os.ReadFile(s.keyFile)
	require.NoError(t, err)
	require.Equal(t, key, afterKey)
}

func TestCorruptLeafNeedsTwoDistinctLeaves(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one.leaves")
	require.NoError(t, marketfiles.WriteLeavesFile(one, digitsBatches(t, 32)[:1]))
	_, _, err := run(t, "deliver", one, "--deal", "1", "--start", "0", "--count", "1", "--out", filepath.Join(dir, "d"), "--corrupt", "0=leaf")
	require.ErrorContains(t, err, "--corrupt leaf needs a data set with a leaf that differs from leaf 0")
	requireAbsent(t, filepath.Join(dir, "d"), filepath.Join(dir, "d.key"))
}

func TestOpenRejects(t *testing.T) {
	s, _, _ := deliver(t)
	bought := filepath.Join(s.dir, "bought.leaves")
	otherKey := b64(make([]byte, 32))
	for name, tc := range map[string]struct {
		edit func(args []string) []string
		want string
	}{
		"no key":         {func(a []string) []string { return drop(a, "--key") }, `required flag(s) "key" not set`},
		"no classes":     {func(a []string) []string { return drop(a, "--classes") }, `required flag(s) "classes" not set`},
		"bad key":        {func(a []string) []string { return set(a, "--key", "AAAA") }, "the key: a deal key is 32 bytes, got 3"},
		"bad data root":  {func(a []string) []string { return set(a, "--data-root", "AAAA") }, `--data-root "AAAA" is not 32 bytes`},
		"bad ct root":    {func(a []string) []string { return set(a, "--ciphertext-root", "AAAA") }, `--ciphertext-root "AAAA" is not 32 bytes`},
		"zero tree":      {func(a []string) []string { return set(a, "--tree-leaves", "0") }, "--tree-leaves must be 1..1099511627776, got 0"},
		"small tree":     {func(a []string) []string { return set(a, "--tree-leaves", "15") }, "a deal of 6 leaves from leaf 10 is not inside a tree of 15 leaves"},
		"zero batch":     {func(a []string) []string { return set(a, "--batch-size", "0") }, "--batch-size must be at least 1, got 0"},
		"zero features":  {func(a []string) []string { return set(a, "--features", "0") }, "--features must be at least 1, got 0"},
		"neg classes":    {func(a []string) []string { return set(a, "--classes", "-1") }, "--classes must be the task's class count, or 0 for regression, got -1"},
		"no format":      {func(a []string) []string { return drop(a, "--format") }, "the task's fixed-point format is required"},
		"wrong ct root":  {func(a []string) []string { return set(a, "--ciphertext-root", otherKey) }, "do not hash to the delivery's ciphertext root (check-delivery should have caught this"},
		"no delivery":    {func(a []string) []string { a[1] = s.leaves; return a }, "not a delivery file"},
		"wrong key":      {func(a []string) []string { return set(a, "--key", otherKey) }, "chunk 0 is bad"},
		"too many args":  {func(a []string) []string { return append(a, "extra") }, "accepts 1 arg(s), received 2"},
		"wrong features": {func(a []string) []string { return set(a, "--features", "63") }, "chunk 0 is bad"},
	} {
		t.Run(name, func(t *testing.T) {
			args := []string{"open", s.delivery, "--key", s.keyFile, "--data-root", s.dataRoot, "--tree-leaves", "56",
				"--batch-size", "32", "--features", "64", "--format", "Q8.8", "--classes", "10", "--ciphertext-root", s.ctRoot,
				"--deal", "9", "--start", "10", "--out", bought}
			_, _, err := run(t, tc.edit(args)...)
			require.ErrorContains(t, err, tc.want)
			requireAbsent(t, bought)
		})
	}
}

// set replaces the value of flag in args.
func set(args []string, flag, v string) []string {
	out := append([]string(nil), args...)
	for i := range out {
		if out[i] == flag {
			out[i+1] = v
		}
	}
	return out
}

// drop removes flag and its value from args.
func drop(args []string, flag string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == flag {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

func TestKeyHashRejects(t *testing.T) {
	_, _, err := run(t, "key-hash")
	require.ErrorContains(t, err, `required flag(s) "key" not set`)
	_, _, err = run(t, "key-hash", "--key", "not-base64")
	require.ErrorContains(t, err, "the key is neither the path of a key file nor standard base64")
	// Pinned: SHA-256("litegpt/deal-key/v1" || 32 zero bytes), as pkg/exchange pins it.
	out := mustRun(t, "key-hash", "--key", b64(make([]byte, 32)))
	require.Equal(t, "121d4d046cde05078fd7726c51538a0f78d0805665ae3e14c3bc24ca471c2131", value(t, out, "key hash hex"))
}
