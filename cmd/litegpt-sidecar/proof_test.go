package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/consensys/gnark/logger"
	"github.com/cosmos/cosmos-sdk/types/bech32"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/ceremony"
	"github.com/litegpt/litegpt/sidecar/circuit"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/zkfile"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
)

func init() { logger.Disable() } // as main does

// proofShape is a small two-parent step circuit (about 5,000 constraints).
var proofShape = circuit.Shape{Batch: 4, Features: 3, Classes: 3, Parents: 2, Depth: 3, InputBits: 16,
	Numerics: learn.DefaultNumerics(8), KeepBps: 7500}

// ceremonyShape is the smallest step circuit (under 2^11 constraints), so a
// ceremony through the CLI stays fast.
var ceremonyShape = circuit.Shape{Batch: 1, Features: 1, Classes: 2, Parents: 1, Depth: 0, InputBits: 16,
	Numerics: learn.DefaultNumerics(8), KeepBps: 10000}

// proofFiles writes a leaves file of leaves random batches and parent
// model files for s, and returns their paths.
func proofFiles(t *testing.T, dir string, s circuit.Shape, leaves, parents int) (leavesPath string, parentPaths []string) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 7))
	batches := make([]commit.Batch, leaves)
	for i := range batches {
		b := commit.Batch{Format: s.InputFormat()}
		for range s.Batch {
			smp := commit.Sample{Label: int64(r.IntN(s.Classes))}
			for range s.Features {
				smp.Features = append(smp.Features, int64(r.IntN(1024)-512))
			}
			b.Samples = append(b.Samples, smp)
		}
		batches[i] = b
	}
	leavesPath = filepath.Join(dir, "data.leaves")
	require.NoError(t, marketfiles.WriteLeavesFile(leavesPath, batches))
	for i := range parents {
		m, err := learn.Init(learn.Spec{Arch: s.Arch(), Numerics: s.Numerics, Seed: uint64(1 + i)})
		require.NoError(t, err)
		for p := range m.Params {
			for j := range m.Params[p].Values {
				m.Params[p].Values[j] += int64(r.IntN(1<<20)) - 1<<19
			}
		}
		path := filepath.Join(dir, "parent"+string(rune('a'+i))+".model")
		require.NoError(t, writeModelFile(path, m, uint64(100*(i+1)), uint64(3+i)))
		parentPaths = append(parentPaths, path)
	}
	return leavesPath, parentPaths
}

func testAddress(t *testing.T, b byte) string {
	t.Helper()
	addr, err := bech32.ConvertAndEncode(addressPrefix, bytes.Repeat([]byte{b}, 20))
	require.NoError(t, err)
	return addr
}

var hashLine = regexp.MustCompile(`transcript hash  ([0-9a-f]{64})`)

func transcriptHashOf(t *testing.T, out string) string {
	t.Helper()
	m := hashLine.FindStringSubmatch(out)
	require.NotNil(t, m, "no transcript hash in:\n%s", out)
	return m[1]
}

func TestProveVerifyCLI(t *testing.T) {
	dir := t.TempDir()
	id := proofShape.ID()
	leaves, parents := proofFiles(t, dir, proofShape, 5, 2)
	pk, vk := filepath.Join(dir, "c.pk"), filepath.Join(dir, "c.vk")

	out := mustRun(t, "keys", "setup", "--single-party", "--circuit", id, "--pk", pk, "--vk", vk)
	require.Contains(t, out, "CEREMONY_KIND_SINGLE_PARTY")
	require.Contains(t, out, "local networks only")
	hash := transcriptHashOf(t, out)
	out = mustRun(t, "keys", "verify", "--single-party", "--circuit", id, "--vk", vk, "--hash", hash)
	require.Contains(t, out, "OK: the verifying key and transcript hash match")
	_, err := runCLI(t, "keys", "verify", "--single-party", "--circuit", id, "--vk", vk, "--hash", strings.Repeat("0", 64))
	require.ErrorContains(t, err, "not the expected")

	proof, public, next := filepath.Join(dir, "step.proof"), filepath.Join(dir, "step.json"), filepath.Join(dir, "next.model")
	submitter := testAddress(t, 9)
	args := []string{"prove", "--circuit", id, "--pk", pk, "--parent", parents[0], "--parent", parents[1],
		"--leaves", leaves, "--leaf", "3", "--lr", "0.5", "--submitter", submitter, "--chain-id", "litegpt-local-1",
		"--proof", proof, "--public", public, "--new-model", next}
	raw := filepath.Join(dir, "step.bin")
	out = mustRun(t, append(args, "--raw-proof", raw)...)
	require.Contains(t, out, "leaf 3 of 5")
	require.Contains(t, out, "(weight 100)") // default weights: the parents' samples
	require.Contains(t, out, "(weight 200)")

	// The public input is what the step function computes: the new model's
	// commitment, the leaf's root and the binding of submitter and chain.
	var pub circuit.PublicJSON
	require.NoError(t, json.Unmarshal(readFile(t, public), &pub))
	msg, err := readModelFile(next)
	require.NoError(t, err)
	require.Equal(t, msg.Commitment.String(), pub.New)
	require.Equal(t, uint64(100+200+4), msg.Samples)
	require.Equal(t, uint64(5), msg.Age)
	require.Equal(t, []uint64{100, 200}, pub.ParentWeights)
	require.Equal(t, uint64(3), pub.LeafIndex)
	require.Equal(t, uint64(1<<15), pub.LearningRate)
	batches, err := marketfiles.ReadLeavesFile(leaves)
	require.NoError(t, err)
	root, _, err := commit.Root(batches)
	require.NoError(t, err)
	require.Equal(t, root.String(), pub.DataRoot)
	addrBytes := bytes.Repeat([]byte{9}, 20)
	binding, err := commit.BindingHash(addrBytes, "litegpt-local-1")
	require.NoError(t, err)
	require.Equal(t, binding.String(), pub.Binding)

	out = mustRun(t, "verify", "--vk", vk, "--proof", proof, "--public", public)
	require.Contains(t, out, "OK: the proof verifies")

	// --raw-proof is the same proof in the encoding MsgSubmitUpdate
	// carries, which the chain decodes.
	filed, _, err := zkfile.ReadProof(proof, id)
	require.NoError(t, err)
	var want bytes.Buffer
	_, err = filed.WriteTo(&want)
	require.NoError(t, err)
	require.Equal(t, want.Bytes(), readFile(t, raw))
	_, err = pogtypes.DecodeProof(readFile(t, raw))
	require.NoError(t, err)

	// Any other statement fails: another leaf, submitter, chain or new model.
	for name, edit := range map[string]func(p *circuit.PublicJSON){
		"leaf":      func(p *circuit.PublicJSON) { p.LeafIndex = 2 },
		"weights":   func(p *circuit.PublicJSON) { p.ParentWeights = []uint64{200, 100} },
		"new model": func(p *circuit.PublicJSON) { p.New = p.Parents[0] },
		"submitter": func(p *circuit.PublicJSON) {
			p.Binding = mustBinding(t, bytes.Repeat([]byte{8}, 20), "litegpt-local-1")
		},
		"chain": func(p *circuit.PublicJSON) { p.Binding = mustBinding(t, addrBytes, "litegpt-1") },
	} {
		t.Run(name, func(t *testing.T) {
			p := pub
			p.ParentWeights = append([]uint64(nil), pub.ParentWeights...)
			edit(&p)
			bz, err := json.Marshal(p)
			require.NoError(t, err)
			altered := filepath.Join(t.TempDir(), "altered.json")
			require.NoError(t, os.WriteFile(altered, bz, 0o644))
			_, err = runCLI(t, "verify", "--vk", vk, "--proof", proof, "--public", altered)
			require.ErrorContains(t, err, "proof does not verify")
		})
	}

	// Damaged files get clear errors.
	bz := readFile(t, proof)
	truncated := filepath.Join(dir, "truncated.proof")
	require.NoError(t, os.WriteFile(truncated, bz[:len(bz)-7], 0o644))
	_, err = runCLI(t, "verify", "--vk", vk, "--proof", truncated, "--public", public)
	require.ErrorContains(t, err, "malformed")
	_, err = runCLI(t, "verify", "--vk", pk, "--proof", proof, "--public", public)
	require.ErrorContains(t, err, "proving key")
	_, err = runCLI(t, "verify", "--vk", vk, "--proof", proof, "--public", leaves)
	require.ErrorContains(t, err, "not valid JSON")

	// Bad inputs to prove fail before anything is written.
	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"leaf out of range":   {[]string{"--leaf", "5"}, "holds leaves 0..4"},
		"wrong prefix":        {[]string{"--submitter", "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu"}, "want \"lgpt\""},
		"weights count":       {[]string{"--weights", "1"}, "--weights has 1 values for 2 parents"},
		"learning rate":       {[]string{"--lr", "-1"}, "--lr must be a positive number"},
		"three parents":       {[]string{"--parent", parents[0]}, "merges 1..2 parents"},
		"missing leaves file": {[]string{"--leaves", filepath.Join(dir, "none.leaves")}, "no such file"},
	} {
		t.Run(name, func(t *testing.T) {
			d := t.TempDir()
			a := append(append([]string(nil), args...), "--proof", filepath.Join(d, "p"), "--public", filepath.Join(d, "j"), "--new-model", filepath.Join(d, "m"))
			a = append(a, c.args...)
			_, err := runCLI(t, a...)
			require.Error(t, err)
			require.ErrorContains(t, err, c.want)
			entries, err := os.ReadDir(d)
			require.NoError(t, err)
			require.Empty(t, entries, "a failed prove wrote files")
		})
	}
}

func TestCeremonyCLI(t *testing.T) {
	dir := t.TempDir()
	id := ceremonyShape.ID()
	tr := filepath.Join(dir, "ceremony.bin")
	out := mustRun(t, "keys", "setup", "--ceremony", "--circuit", id, "--out", tr)
	require.Contains(t, out, "phase-1 size 2048")
	for _, name := range []string{"alice", "bob", "carol"} {
		out = mustRun(t, "keys", "contribute", "--in", tr, "--name", name)
		require.Contains(t, out, "phase-1 contribution")
	}
	_, err := runCLI(t, "keys", "seal", "--in", tr, "--beacon", "zz", "--beacon-source", "test")
	require.ErrorContains(t, err, "--beacon must be the beacon value in hex")
	mustRun(t, "keys", "seal", "--in", tr, "--beacon", strings.Repeat("ab", 32), "--beacon-source", "drand quicknet round 1")
	out = mustRun(t, "keys", "verify", "--in", tr)
	require.Contains(t, out, "verifies so far (3 phase-1, 0 phase-2")
	for _, name := range []string{"dave", "erin"} {
		out = mustRun(t, "keys", "contribute", "--in", tr, "--name", name)
		require.Contains(t, out, "phase-2 contribution")
	}
	pk, vk := filepath.Join(dir, "c.pk"), filepath.Join(dir, "c.vk")
	_, err = runCLI(t, "keys", "seal", "--in", tr, "--beacon", "cd", "--beacon-source", "b")
	require.ErrorContains(t, err, "--pk and --vk")
	out = mustRun(t, "keys", "seal", "--in", tr, "--beacon", strings.Repeat("cd", 32), "--beacon-source", "litegpt-1 block hash at height 9", "--pk", pk, "--vk", vk)
	require.Contains(t, out, "CEREMONY_KIND_MULTI_PARTY")
	hash := transcriptHashOf(t, out)

	out = mustRun(t, "keys", "verify", "--in", tr, "--circuit", id, "--vk", vk, "--hash", hash)
	require.Contains(t, out, "OK: the verifying key and transcript hash match")
	require.Contains(t, out, `phase 2 #1  "erin"`)
	_, err = runCLI(t, "keys", "contribute", "--in", tr, "--name", "late")
	require.ErrorContains(t, err, "is sealed")

	// The ceremony's keys prove and verify a step.
	leaves, parents := proofFiles(t, dir, ceremonyShape, 1, 1)
	proof, public := filepath.Join(dir, "s.proof"), filepath.Join(dir, "s.json")
	mustRun(t, "prove", "--circuit", id, "--pk", pk, "--parent", parents[0], "--leaves", leaves, "--leaf", "0",
		"--submitter", testAddress(t, 1), "--chain-id", "litegpt-1", "--proof", proof, "--public", public)
	require.Contains(t, mustRun(t, "verify", "--vk", vk, "--proof", proof, "--public", public), "OK")

	// A tampered contribution fails the replay and names it.
	tc, err := ceremony.ReadFile(tr)
	require.NoError(t, err)
	tc.Phase1[1].Data[len(tc.Phase1[1].Data)-40] ^= 1
	tampered := filepath.Join(dir, "tampered.bin")
	require.NoError(t, ceremony.WriteFile(tampered, tc))
	_, err = runCLI(t, "keys", "verify", "--in", tampered)
	require.Error(t, err)
	require.Contains(t, err.Error(), `"bob"`)
	// Another circuit's id is refused.
	_, err = runCLI(t, "keys", "verify", "--in", tr, "--circuit", proofShape.ID())
	require.ErrorContains(t, err, "not "+proofShape.ID())
}

func mustBinding(t *testing.T, submitter []byte, chainID string) string {
	t.Helper()
	d, err := commit.BindingHash(submitter, chainID)
	require.NoError(t, err)
	return d.String()
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	return bz
}
