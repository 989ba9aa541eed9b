package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/cosmos/cosmos-sdk/types/bech32"
	"github.com/cosmos/cosmos-sdk/x/tx/signing/aminojson"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/circuit"
	"github.com/litegpt/litegpt/sidecar/dataset"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/merge"
	"github.com/litegpt/litegpt/sidecar/verifier"
	bmtypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
)

// voteShape is the bundled digits task's step (batch 32, 64 pixels in
// Q8.8, 10 classes, trimmed loss 9000 bps).
var voteShape = circuit.DigitsShape(2)

// voteFiles are the inputs of a vote on a digits version.
type voteFiles struct {
	dir        string
	parents    []*learn.Model
	parentPath []string
	train      []commit.Batch
	root       commit.Digest
	leaves     string // leaves file of the learner's public data
	validation string // leaves file of the validation slice
	valBatches []commit.Batch
	lr         uint64
	chainID    string
	voter      string
}

func newVoteFiles(t *testing.T) *voteFiles {
	t.Helper()
	ds, err := dataset.BundledDigits()
	require.NoError(t, err)
	batch := func(k int) commit.Batch {
		idx := make([]int, voteShape.Batch)
		for i := range idx {
			idx[i] = k*voteShape.Batch + i
		}
		raw, labels, err := dataset.Encode(ds, idx, voteShape.InputFormat(), commit.RoundNearestEven)
		require.NoError(t, err)
		b := commit.Batch{Format: voteShape.InputFormat()}
		for i, y := range labels {
			b.Samples = append(b.Samples, commit.Sample{Features: raw[i*voteShape.Features : (i+1)*voteShape.Features], Label: int64(y)})
		}
		return b
	}
	f := &voteFiles{dir: t.TempDir(), lr: uint64(learn.LearningRateRaw(1, voteShape.Numerics)),
		chainID: "litegpt-local-1", voter: testAddress(t, 0x42)}
	for k := range 4 {
		f.train = append(f.train, batch(k))
	}
	for k := range 4 {
		f.valBatches = append(f.valBatches, batch(4+k))
	}
	f.root, _, err = commit.Root(f.train)
	require.NoError(t, err)
	f.leaves = filepath.Join(f.dir, "public.leaves")
	require.NoError(t, marketfiles.WriteLeavesFile(f.leaves, f.train))
	f.validation = filepath.Join(f.dir, "validation.leaves")
	require.NoError(t, marketfiles.WriteLeavesFile(f.validation, f.valBatches))
	spec := learn.Spec{Arch: voteShape.Arch(), Numerics: voteShape.Numerics, Seed: 1}
	for i, leaves := range [][]int{{0, 2, 0, 2}, {3, 0, 3}} {
		m, err := learn.Init(spec)
		require.NoError(t, err)
		for _, k := range leaves {
			m, _, err = learn.Step(m, learnBatchOf(f.train[k]), learn.StepConfig{LearningRate: int64(f.lr), KeepBps: voteShape.KeepBps})
			require.NoError(t, err)
		}
		path := filepath.Join(f.dir, "parent"+strconv.Itoa(i)+".model")
		require.NoError(t, writeModelFile(path, m, 128, 4))
		f.parents = append(f.parents, m)
		f.parentPath = append(f.parentPath, path)
	}
	return f
}

func learnBatchOf(b commit.Batch) learn.Batch {
	var out learn.Batch
	for _, s := range b.Samples {
		out.Features = append(out.Features, s.Features...)
		out.Labels = append(out.Labels, int(s.Label))
	}
	return out
}

// honestStep is what the step circuit's witness computes for the parents
// merged by weights and leaf.
func (f *voteFiles) honestStep(t *testing.T, weights []uint64, leaf uint64) *learn.Model {
	t.Helper()
	_, tree, err := commit.Root(f.train)
	require.NoError(t, err)
	proof, err := tree.Prove(leaf)
	require.NoError(t, err)
	w, err := circuit.Assign(voteShape, circuit.Input{Parents: f.parents, Weights: weights, Batch: f.train[leaf], Proof: proof,
		DataRoot: f.root, LearningRate: int64(f.lr), Submitter: []byte("learner"), ChainID: f.chainID})
	require.NoError(t, err)
	return w.New
}

// version is a pending version of the two parents (versions 0 and 4).
func (f *voteFiles) version(t *testing.T, mode types.ProofMode, rule types.MergeRule, next *learn.Model, leaf uint64, pure bool) types.Version {
	t.Helper()
	c, err := next.Commitment()
	require.NoError(t, err)
	claimed, err := verifier.Score(next, bmtypes.MetricAccuracy, f.valBatches)
	require.NoError(t, err)
	v := types.Version{Id: 7, ModelId: 1, Learner: testAddress(t, 0x11), Parents: []uint64{0, 4}, MergeWeights: []uint64{2, 1},
		WeightsCommitment: c[:], Mode: mode, LearningRate: f.lr, Samples: 32, ClaimedMetric: claimed,
		WeightsUri: "/ip4/127.0.0.1/tcp/4001", Status: types.StatusPending, SubmittedHeight: 12, MergeRule: rule, PollId: 5}
	if pure {
		v.Data = types.DataCitation{None: true}
	} else {
		v.Data = types.DataCitation{DataRoot: f.root[:], Leaf: leaf, Uri: "https://example.org/public.leaves"}
	}
	return v
}

// writeVersion writes v as litegptd query pog version -o json prints it
// (autocli's amino JSON encoder, enums as strings).
func (f *voteFiles) writeVersion(t *testing.T, v types.Version) string {
	t.Helper()
	bz, err := (&types.QueryVersionResponse{Version: v}).Marshal()
	require.NoError(t, err)
	desc, err := gogoproto.HybridResolver.FindDescriptorByName("litegpt.pog.v1.QueryVersionResponse")
	require.NoError(t, err)
	msg := dynamicpb.NewMessage(desc.(protoreflect.MessageDescriptor))
	require.NoError(t, proto.Unmarshal(bz, msg))
	enc := aminojson.NewEncoder(aminojson.EncoderOptions{Indent: "  ", EnumAsString: true, DoNotSortFields: true,
		AminoNameAsTypeURL: true, MarshalMappings: true, FileResolver: gogoproto.HybridResolver})
	out, err := enc.Marshal(msg)
	require.NoError(t, err)
	path := filepath.Join(f.dir, "version.json")
	require.NoError(t, os.WriteFile(path, out, 0o644))
	return path
}

func (f *voteFiles) prepareArgs(versionPath, ballot string, extra ...string) []string {
	return f.prepareArgsWith(map[string]string{}, versionPath, ballot, extra...)
}

// prepareArgsWith is prepareArgs with some of the flags it gives replaced
// (or left out, for "").
func (f *voteFiles) prepareArgsWith(over map[string]string, versionPath, ballot string, extra ...string) []string {
	args := []string{"vote", "prepare"}
	for _, kv := range [][2]string{{"--version", versionPath}, {"--parents", f.parentPath[0] + "," + f.parentPath[1]},
		{"--validation", f.validation}, {"--chain-id", f.chainID}, {"--voter", f.voter}, {"--ballot", ballot}} {
		v, ok := over[kv[0]]
		if !ok {
			v = kv[1]
		}
		if v != "" {
			args = append(args, kv[0], v)
		}
	}
	return append(args, extra...)
}

var (
	commitmentLine = regexp.MustCompile(`(?m)^commitment +([A-Za-z0-9+/=]{44})$`)
	verdictLine    = regexp.MustCompile(`(?m)^verdict +(\S+)$`)
	metricLine     = regexp.MustCompile(`(?m)^metric +(\d+) `)
	revealLine     = regexp.MustCompile(`(?m)^(\S+) +(.+)$`)
)

func TestVotePrepareRevealCLI(t *testing.T) {
	f := newVoteFiles(t)
	next := f.honestStep(t, []uint64{2, 1}, 1)
	v := f.version(t, types.ModeReexecution, types.MergeWeightedAverage, next, 1, false)
	versionPath := f.writeVersion(t, v)
	ballot := filepath.Join(f.dir, "ballot.json")

	out := mustRun(t, f.prepareArgs(versionPath, ballot, "--leaves", f.leaves, "--leaf", "1", "--keep-bps", "9000")...)
	require.Equal(t, "VERDICT_VALID", verdictLine.FindStringSubmatch(out)[1], out)
	require.Contains(t, out, "learner claimed "+strconv.FormatInt(v.ClaimedMetric, 10)+": matches")
	require.Equal(t, strconv.FormatInt(v.ClaimedMetric, 10), metricLine.FindStringSubmatch(out)[1])
	require.Contains(t, out, "recomputed     "+hexOf(t, next))
	commitment := commitmentLine.FindStringSubmatch(out)[1]
	require.Contains(t, out, "litegptd tx pog commit-vote 5 "+commitment+" --from "+f.voter)
	st, err := os.Stat(ballot)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	// A second prepare would draw a new salt: it refuses to replace the ballot.
	_, err = runCLI(t, f.prepareArgs(versionPath, ballot, "--leaves", f.leaves, "--keep-bps", "9000")...)
	require.ErrorContains(t, err, "--ballot")
	require.ErrorContains(t, err, "--overwrite")

	// The reveal opens the commitment prepare printed.
	out = mustRun(t, "vote", "reveal", "--ballot", ballot)
	fields := map[string]string{}
	for _, m := range revealLine.FindAllStringSubmatch(out, -1) {
		fields[m[1]] = m[2]
	}
	require.Equal(t, "5", fields["poll_id"])
	require.Equal(t, f.voter, fields["verifier"])
	var result struct{ Verdict, Metric, Parent_metric string }
	require.NoError(t, json.Unmarshal([]byte(fields["result"]), &result))
	require.Equal(t, "VERDICT_VALID", result.Verdict)
	metric, err := strconv.ParseInt(result.Metric, 10, 64)
	require.NoError(t, err)
	parentMetric, err := strconv.ParseInt(result.Parent_metric, 10, 64)
	require.NoError(t, err)
	require.Equal(t, v.ClaimedMetric, metric)
	salt, err := base64.StdEncoding.DecodeString(fields["salt"])
	require.NoError(t, err)
	require.Len(t, salt, types.SaltSize)
	_, voterBytes, err := bech32.DecodeAndConvert(f.voter)
	require.NoError(t, err)
	want := types.VoteCommitment(f.chainID, 5, voterBytes,
		types.VoteResult{Verdict: types.VerdictValid, Metric: metric, ParentMetric: parentMetric}, [types.SaltSize]byte(salt))
	require.Equal(t, base64.StdEncoding.EncodeToString(want[:]), commitment)
	require.Contains(t, out, "litegptd tx pog reveal-vote 5 '"+fields["result"]+"' "+fields["salt"]+" --from "+f.voter)

	// A tampered ballot is refused.
	bz, err := os.ReadFile(ballot)
	require.NoError(t, err)
	tampered := bytes.Replace(bz, []byte(`"metric": `+result.Metric), []byte(`"metric": 1`), 1)
	require.NotEqual(t, bz, tampered)
	require.NoError(t, os.WriteFile(ballot, tampered, 0o600))
	_, err = runCLI(t, "vote", "reveal", "--ballot", ballot)
	require.ErrorIs(t, err, verifier.ErrBallotTampered)
}

func hexOf(t *testing.T, m *learn.Model) string {
	t.Helper()
	c, err := m.Commitment()
	require.NoError(t, err)
	return c.String()
}

func TestVotePrepareVerdicts(t *testing.T) {
	f := newVoteFiles(t)
	honest := f.honestStep(t, []uint64{2, 1}, 1)
	median, err := merge.Median([][]int64{f.parents[0].Flat(), f.parents[1].Flat()})
	require.NoError(t, err)
	medianModel, err := f.parents[0].WithFlat(median)
	require.NoError(t, err)
	zkPath := filepath.Join(f.dir, "new.model")
	require.NoError(t, writeModelFile(zkPath, honest, 160, 5))
	otherPath := filepath.Join(f.dir, "other.model")
	require.NoError(t, writeModelFile(otherPath, medianModel, 160, 5))
	parentCommitments := hexOf(t, f.parents[0]) + "," + hexOf(t, f.parents[1])

	cases := map[string]struct {
		version types.Version
		extra   []string
		verdict string
		reason  string
	}{
		"step on another leaf than cited": {f.version(t, types.ModeReexecution, types.MergeWeightedAverage, f.honestStep(t, []uint64{2, 1}, 2), 1, false),
			[]string{"--leaves", f.leaves, "--keep-bps", "9000"}, "VERDICT_INVALID", "re-executing the step"},
		"another trimmed-loss fraction": {f.version(t, types.ModeReexecution, types.MergeWeightedAverage, honest, 1, false),
			[]string{"--leaves", f.leaves, "--keep-bps", "10000"}, "VERDICT_INVALID", "re-executing the step"},
		"public data under another root": {func() types.Version {
			v := f.version(t, types.ModeReexecution, types.MergeWeightedAverage, honest, 1, false)
			c := hexOf(t, f.parents[0])
			root, err := commit.ParseDigest(c)
			require.NoError(t, err)
			v.Data.DataRoot = root[:]
			return v
		}(), []string{"--leaves", f.leaves, "--keep-bps", "9000"}, "VERDICT_WITHHELD", "not leaf 1 of data root"},
		"pure median merge": {f.version(t, types.ModeReexecution, types.MergeMedian, medianModel, 0, true),
			[]string{"--pure-merge"}, "VERDICT_VALID", ""},
		"pure merge by another rule": {f.version(t, types.ModeReexecution, types.MergeTrimmedMean, medianModel, 0, true),
			[]string{"--pure-merge"}, "VERDICT_INVALID", "MERGE_RULE_TRIMMED_MEAN merge of 2 parent(s)"},
		"ZK weights": {f.version(t, types.ModeZK, types.MergeWeightedAverage, honest, 1, false),
			[]string{"--new-model", zkPath, "--parent-commitments", parentCommitments}, "VERDICT_VALID", ""},
		"ZK weights not the version's": {f.version(t, types.ModeZK, types.MergeWeightedAverage, honest, 1, false),
			[]string{"--new-model", otherPath}, "VERDICT_WITHHELD", "new weights"},
		"parent file not the parent version's": {f.version(t, types.ModeZK, types.MergeWeightedAverage, honest, 1, false),
			[]string{"--new-model", zkPath, "--parent-commitments", hexOf(t, f.parents[0]) + "," + hexOf(t, medianModel)}, "VERDICT_WITHHELD", "parent 1"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			versionPath := f.writeVersion(t, tc.version)
			ballot := filepath.Join(t.TempDir(), "ballot.json")
			out := mustRun(t, f.prepareArgs(versionPath, ballot, tc.extra...)...)
			require.Equal(t, tc.verdict, verdictLine.FindStringSubmatch(out)[1], out)
			require.Contains(t, out, tc.reason)
			b, err := verifier.LoadBallot(ballot)
			require.NoError(t, err)
			require.Equal(t, tc.verdict, b.Result.Verdict.String())
			require.Equal(t, uint64(5), b.PollID)
			require.Equal(t, commitmentLine.FindStringSubmatch(out)[1], base64.StdEncoding.EncodeToString(b.Commitment[:]))
		})
	}
}

func TestVotePrepareErrors(t *testing.T) {
	f := newVoteFiles(t)
	honest := f.honestStep(t, []uint64{2, 1}, 1)
	step := f.writeVersion(t, f.version(t, types.ModeReexecution, types.MergeWeightedAverage, honest, 1, false))
	bare := filepath.Join(f.dir, "bare.json")
	ballot := filepath.Join(f.dir, "ballot.json")
	leaves := []string{"--leaves", f.leaves, "--keep-bps", "9000"}
	cosmosAddr, err := bech32.ConvertAndEncode("cosmos", bytes.Repeat([]byte{1}, 20))
	require.NoError(t, err)
	with := func(flag, value string) []string {
		return f.prepareArgsWith(map[string]string{flag: value}, step, ballot, leaves...)
	}
	cases := map[string]struct {
		args []string
		err  string
	}{
		"no version":        {with("--version", ""), "--version is required"},
		"no parents":        {with("--parents", ""), "--parents is required"},
		"no ballot":         {with("--ballot", ""), "--ballot is required"},
		"no validation":     {with("--validation", ""), "--validation is required"},
		"no chain-id":       {with("--chain-id", ""), "--chain-id is required"},
		"no voter":          {with("--voter", ""), "--voter is required"},
		"voter prefix":      {with("--voter", cosmosAddr), `has prefix "cosmos"`},
		"voter not bech32":  {with("--voter", "alice"), "--voter \"alice\" is not a bech32 address"},
		"metric":            {f.prepareArgs(step, ballot, append(leaves, "--metric", "f1")...), `--metric "f1"`},
		"cross-entropy":     {f.prepareArgs(step, ballot, append(leaves, "--metric", "cross-entropy")...), "no deterministic fixed-point implementation"},
		"poll":              {f.prepareArgs(step, ballot, append(leaves, "--poll", "6")...), "--poll 6: version 7 is settled by poll 5"},
		"parents count":     {with("--parents", f.parentPath[0]), "--parents has 1 files, version 7 merges 2 parents"},
		"no leaves":         {f.prepareArgs(step, ballot, "--keep-bps", "9000"), "--leaves is required"},
		"leaf":              {f.prepareArgs(step, ballot, append(leaves, "--leaf", "2")...), "--leaf 2: version 7 trains on leaf 1"},
		"negative leaf":     {f.prepareArgs(step, ballot, append(leaves, "--leaf", "-3")...), "--leaf must be a leaf index"},
		"no keep":           {f.prepareArgs(step, ballot, "--leaves", f.leaves), "--keep-bps is required"},
		"pure merge flag":   {f.prepareArgs(step, ballot, append(leaves, "--pure-merge")...), "--pure-merge: version 7 trains on leaf 1"},
		"new model on step": {f.prepareArgs(step, ballot, append(leaves, "--new-model", f.parentPath[0])...), "--new-model does not apply"},
		"not a version":     {f.prepareArgs(f.validation, ballot, leaves...), "not the JSON of litegptd query pog version"},
		"empty version":     {f.prepareArgs(bare, ballot, leaves...), "not the JSON of litegptd query pog version"},
		"parent file":       {with("--parents", f.leaves+","+f.parentPath[1]), "--parents: model file"},
		"parent commitment": {f.prepareArgs(step, ballot, append(leaves, "--parent-commitments", "xyz,abc")...), "--parent-commitments value 0"},
	}
	require.NoError(t, os.WriteFile(bare, []byte(`{}`), 0o644))
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := runCLI(t, tc.args...)
			require.ErrorContains(t, err, tc.err)
			require.NoFileExists(t, ballot, "no ballot is written on an error")
		})
	}
	t.Run("pure merge needs the flag", func(t *testing.T) {
		median, err := merge.Median([][]int64{f.parents[0].Flat(), f.parents[1].Flat()})
		require.NoError(t, err)
		m, err := f.parents[0].WithFlat(median)
		require.NoError(t, err)
		pure := f.writeVersion(t, f.version(t, types.ModeReexecution, types.MergeMedian, m, 0, true))
		_, err = runCLI(t, f.prepareArgs(pure, ballot, leaves...)...)
		require.ErrorContains(t, err, "pass --pure-merge, not --leaves")
	})
	t.Run("reveal", func(t *testing.T) {
		_, err := runCLI(t, "vote", "reveal")
		require.ErrorContains(t, err, "--ballot is required")
		_, err = runCLI(t, "vote", "reveal", "--ballot", filepath.Join(f.dir, "missing.json"))
		require.ErrorContains(t, err, "missing.json")
	})
}

func TestDecodeVersionBareAndWrapped(t *testing.T) {
	f := newVoteFiles(t)
	v := f.version(t, types.ModeReexecution, types.MergeWeightedAverage, f.parents[0], 1, false)
	bz, err := os.ReadFile(f.writeVersion(t, v))
	require.NoError(t, err)
	got, err := decodeVersion(bz)
	require.NoError(t, err)
	require.Equal(t, v, got)

	var wrapped map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(bz, &wrapped))
	got, err = decodeVersion(wrapped["version"])
	require.NoError(t, err)
	require.Equal(t, v, got)
}

func TestDirStoreFilesAreModelFiles(t *testing.T) {
	f := newVoteFiles(t)
	ds := verifier.DirStore{Dir: f.dir}
	c, err := ds.Put(f.parents[1], 128, 4)
	require.NoError(t, err)
	msg, err := readModelFile(ds.Path(c))
	require.NoError(t, err)
	require.Equal(t, c, msg.Commitment)
	require.Equal(t, f.parents[1].Flat(), msg.Model.Flat())
	// And a train/prove model file is a DirStore entry once named by its
	// commitment.
	require.NoError(t, os.Rename(f.parentPath[0], ds.Path(hexDigest(t, f.parents[0]))))
	m, err := ds.Weights(hexDigest(t, f.parents[0]))
	require.NoError(t, err)
	require.Equal(t, f.parents[0].Flat(), m.Flat())
}

func hexDigest(t *testing.T, m *learn.Model) commit.Digest {
	t.Helper()
	c, err := m.Commitment()
	require.NoError(t, err)
	return c
}
