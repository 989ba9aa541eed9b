package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/types/bech32"
	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/verifier"
	bmtypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
)

// maxVersionJSON bounds a version JSON file (a version is a few KiB).
const maxVersionJSON = 1 << 20

func newVoteCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "vote",
		Short: "Verify a model version as a sampled verifier and prepare or reveal the commit-reveal vote",
		Long: `A verifier sampled into a version's poll (x/pog) re-executes the version from
files with "vote prepare", which writes a ballot (the result and its secret salt)
and prints the commitment for litegptd tx pog commit-vote; after the commit window
"vote reveal" prints what litegptd tx pog reveal-vote needs.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newVotePrepareCmd(), newVoteRevealCmd())
	return cmd
}

type votePrepareFlags struct {
	versionPath string
	parents     []string
	parentDigs  []string
	newModel    string
	leavesPath  string
	leaf        int64
	pureMerge   bool
	validation  string
	metric      string
	keepBps     uint32
	chainID     string
	poll        uint64
	voter       string
	ballotPath  string
	overwrite   bool
}

func newVotePrepareCmd() *cobra.Command {
	var f votePrepareFlags
	cmd := &cobra.Command{
		Use:   "prepare",
		Short: "Verify a version from files and write the ballot of the vote",
		Long: `Verifies the version of --version (the JSON of litegptd query pog version N -o json)
as sidecar/verifier does:

  - the parents (--parents, model files in the version's parent order) are the
    weights voted from; each is checked against its commitment (by default the
    commitment the file carries; --parent-commitments pins them to the parent
    versions' weights_commitment, so a wrong file counts as withheld);
  - REEXECUTION: the parents are merged by the version's merge_rule and, unless
    the version is a pure merge (--pure-merge), one fixed-point SGD step runs on
    leaf --leaf of --leaves (the learner's public data, a leaves file as
    litegptd market encode-csv writes; the leaf must be under the version's
    data_root) with the version's learning_rate and the model's trimmed-loss
    fraction (--keep-bps); the result must have the version's weights_commitment;
  - ZK: the chain verified the step; --new-model is the version's weights;
  - the metric (--metric) of the new weights and of the best parent on the
    validation slice (--validation, a leaves file), x10^6.

The verdict (VALID, INVALID or WITHHELD) and the metrics are committed with a
fresh 32-byte salt for --voter on --chain-id and poll --poll (default: the
version's poll_id). The ballot (--ballot, JSON, mode 0600) holds the salt: keep
it until the reveal. Prints the verdict, the metrics and the commitment in
base64, and the litegptd tx pog commit-vote command that posts it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runVotePrepare(cmd, f) },
	}
	fs := cmd.Flags()
	fs.StringVar(&f.versionPath, "version", "", "version JSON file (litegptd query pog version N -o json)")
	fs.StringSliceVar(&f.parents, "parents", nil, "parent model files, in the version's parent order (comma-separated or repeated)")
	fs.StringSliceVar(&f.parentDigs, "parent-commitments", nil, "weights commitments of the parent versions, hex or base64, in parent order (default: those the parent files carry)")
	fs.StringVar(&f.newModel, "new-model", "", "ZK version: model file of the version's new weights (fetched from its weights_uri)")
	fs.StringVar(&f.leavesPath, "leaves", "", "leaves file of the learner's public data (REEXECUTION step)")
	fs.Int64Var(&f.leaf, "leaf", -1, "leaf index the step trained on (default: the version's data.leaf; must equal it)")
	fs.BoolVar(&f.pureMerge, "pure-merge", false, "the version is a pure merge (data.none): no SGD step, no --leaves")
	fs.StringVar(&f.validation, "validation", "", "leaves file of the poll's validation slice")
	fs.StringVar(&f.metric, "metric", "accuracy", "task metric: accuracy (cross-entropy and mse have no deterministic implementation yet)")
	fs.Uint32Var(&f.keepBps, "keep-bps", 0, "trimmed-loss fraction of the model's step in basis points (the k field of its train circuit id; 10000 for train --keep 1); required for a re-executed step")
	fs.StringVar(&f.chainID, "chain-id", "", "chain the poll is on")
	fs.Uint64Var(&f.poll, "poll", 0, "poll id (default: the version's poll_id; must equal it when the version has one)")
	fs.StringVar(&f.voter, "voter", "", "bech32 ("+addressPrefix+"1...) account of the juror that will commit the vote")
	fs.StringVar(&f.ballotPath, "ballot", "", "ballot file to write (JSON, mode 0600)")
	fs.BoolVar(&f.overwrite, "overwrite", false, "replace an existing --ballot (its salt is lost: do not if its commitment was posted)")
	return cmd
}

func runVotePrepare(cmd *cobra.Command, f votePrepareFlags) error {
	for _, req := range []struct{ name, v string }{{"--version", f.versionPath}, {"--validation", f.validation},
		{"--chain-id", f.chainID}, {"--voter", f.voter}, {"--ballot", f.ballotPath}} {
		if req.v == "" {
			return fmt.Errorf("%s is required", req.name)
		}
	}
	if len(f.parents) == 0 {
		return errors.New("--parents is required: the parent model files, in the version's parent order")
	}
	if f.leaf < -1 {
		return fmt.Errorf("--leaf must be a leaf index (0 or more), got %d", f.leaf)
	}
	if !f.overwrite {
		if err := marketfiles.CheckAbsent(f.ballotPath); err != nil {
			return fmt.Errorf("--ballot: %w (a ballot holds the salt of a commitment you may have posted; pass --overwrite to replace it)", err)
		}
	}
	voter, err := decodeBech32Flag("--voter", f.voter)
	if err != nil {
		return err
	}
	metric, err := parseMetric(f.metric)
	if err != nil {
		return err
	}
	bz, err := readSmallFile(f.versionPath, maxVersionJSON)
	if err != nil {
		return fmt.Errorf("--version: %w", err)
	}
	v, err := decodeVersion(bz)
	if err != nil {
		return fmt.Errorf("--version %s: %w", f.versionPath, err)
	}
	poll := v.PollId
	switch {
	case f.poll != 0 && v.PollId != 0 && f.poll != v.PollId:
		return fmt.Errorf("--poll %d: version %d is settled by poll %d", f.poll, v.Id, v.PollId)
	case f.poll != 0:
		poll = f.poll
	case poll == 0:
		return fmt.Errorf("--poll is required: version %d records no poll_id", v.Id)
	}
	if len(f.parents) != len(v.Parents) {
		return fmt.Errorf("--parents has %d files, version %d merges %d parents (%v)", len(f.parents), v.Id, len(v.Parents), v.Parents)
	}
	if len(f.parentDigs) != 0 && len(f.parentDigs) != len(v.Parents) {
		return fmt.Errorf("--parent-commitments has %d values, version %d merges %d parents", len(f.parentDigs), v.Id, len(v.Parents))
	}
	newCommitment, err := commit.DigestFromBytes(v.WeightsCommitment)
	if err != nil {
		return fmt.Errorf("--version: weights_commitment: %w", err)
	}
	store := &verifier.MemStore{}
	job := verifier.Job{Mode: v.Mode, MergeWeights: v.MergeWeights, MergeRule: v.MergeRule,
		LearningRate: v.LearningRate, KeepBps: f.keepBps, New: newCommitment, Metric: metric}
	for i, path := range f.parents {
		msg, err := readModelFile(path)
		if err != nil {
			return fmt.Errorf("--parents: %w", err)
		}
		if i == 0 {
			job.Spec = msg.Model.Spec
		}
		store.Put(msg.Commitment, msg.Model)
		c := msg.Commitment
		if len(f.parentDigs) != 0 {
			if c, err = parseDigestFlag(f.parentDigs[i]); err != nil {
				return fmt.Errorf("--parent-commitments value %d: %w", i, err)
			}
		}
		job.Parents = append(job.Parents, c)
	}
	if err := prepareData(&job, f, v, store); err != nil {
		return err
	}
	if job.Validation, err = marketfiles.ReadLeavesFile(f.validation); err != nil {
		return fmt.Errorf("--validation: %w", err)
	}
	rep, err := verifier.Audit(job, store)
	if err != nil {
		return err
	}
	ballot, err := verifier.NewBallot(f.chainID, poll, voter, rep.Result, rand.Reader)
	if err != nil {
		return err
	}
	if err := ballot.Save(f.ballotPath); err != nil {
		return err
	}
	printPrepared(cmd.OutOrStdout(), f, v, job, rep, ballot, poll)
	return nil
}

// prepareData fills the job's leaf from the data flags, checking them
// against the version's data citation, and adds a ZK version's weights to
// the store.
func prepareData(job *verifier.Job, f votePrepareFlags, v types.Version, store *verifier.MemStore) error {
	switch v.Mode {
	case types.ModeZK:
		if f.leavesPath != "" || f.leaf >= 0 || f.pureMerge {
			return fmt.Errorf("version %d is proven in ZK mode: the chain verified its step, so --leaves, --leaf and --pure-merge do not apply", v.Id)
		}
		if f.newModel == "" {
			return fmt.Errorf("--new-model is required for ZK version %d: its weights, fetched from %q", v.Id, v.WeightsUri)
		}
		msg, err := readModelFile(f.newModel)
		if err != nil {
			return fmt.Errorf("--new-model: %w", err)
		}
		store.Put(msg.Commitment, msg.Model)
		return nil
	case types.ModeReexecution:
	default:
		return fmt.Errorf("--version: version %d has mode %s, want ZK or REEXECUTION", v.Id, v.Mode)
	}
	if f.newModel != "" {
		return fmt.Errorf("--new-model does not apply to version %d: a REEXECUTION version's weights are recomputed", v.Id)
	}
	if v.Data.None {
		if !f.pureMerge {
			return fmt.Errorf("version %d is a pure merge (data.none): pass --pure-merge, not --leaves", v.Id)
		}
		if f.leavesPath != "" || f.leaf >= 0 {
			return fmt.Errorf("--pure-merge: version %d trains on no leaf, so --leaves and --leaf do not apply", v.Id)
		}
		return nil
	}
	if f.pureMerge {
		return fmt.Errorf("--pure-merge: version %d trains on leaf %d of data root %x (data.none is not set)", v.Id, v.Data.Leaf, v.Data.DataRoot)
	}
	if f.leavesPath == "" {
		return fmt.Errorf("--leaves is required: version %d trains on leaf %d of the public data at %q", v.Id, v.Data.Leaf, v.Data.Uri)
	}
	if f.leaf >= 0 && uint64(f.leaf) != v.Data.Leaf {
		return fmt.Errorf("--leaf %d: version %d trains on leaf %d", f.leaf, v.Id, v.Data.Leaf)
	}
	if f.keepBps == 0 {
		return errors.New("--keep-bps is required for a re-executed step: the model's trimmed-loss fraction in basis points (the k field of its train circuit id; 10000 when every sample is trained on)")
	}
	root, err := commit.DigestFromBytes(v.Data.DataRoot)
	if err != nil {
		return fmt.Errorf("--version: data.data_root: %w", err)
	}
	batches, err := marketfiles.ReadLeavesFile(f.leavesPath)
	if err != nil {
		return fmt.Errorf("--leaves: %w", err)
	}
	if v.Data.Leaf >= uint64(len(batches)) {
		return fmt.Errorf("--leaves %s holds leaves 0..%d, version %d trains on leaf %d", f.leavesPath, len(batches)-1, v.Id, v.Data.Leaf)
	}
	_, tree, err := commit.Root(batches)
	if err != nil {
		return fmt.Errorf("--leaves %s: %w", f.leavesPath, err)
	}
	proof, err := tree.Prove(v.Data.Leaf)
	if err != nil {
		return err
	}
	// A file whose root is not the version's makes the proof fail against
	// it: the verifier reports the public data as withheld.
	job.Leaf = &verifier.Leaf{Batch: batches[v.Data.Leaf], Root: root, Proof: proof}
	return nil
}

func printPrepared(out io.Writer, f votePrepareFlags, v types.Version, job verifier.Job, rep verifier.Report, b verifier.Ballot, poll uint64) {
	data := "pure merge"
	switch {
	case v.Mode == types.ModeZK:
		data = fmt.Sprintf("leaf %d of data root %x (proven)", v.Data.Leaf, v.Data.DataRoot)
	case job.Leaf != nil:
		data = fmt.Sprintf("leaf %d of data root %s", v.Data.Leaf, job.Leaf.Root)
	}
	fmt.Fprintf(out, "version        %d of model %d: %s, %s of %d parent(s), %s\n", v.Id, v.ModelId, v.Mode, v.MergeRule, len(v.Parents), data)
	fmt.Fprintf(out, "spec           %s (from %s)\n", job.Spec.Arch, f.parents[0])
	for i, c := range job.Parents {
		fmt.Fprintf(out, "parent %-7d version %d, weights %s, merge weight %d", i, v.Parents[i], c, v.MergeWeights[i])
		if i < len(rep.ParentMetrics) {
			fmt.Fprintf(out, ", metric %d", rep.ParentMetrics[i])
		}
		fmt.Fprintln(out)
	}
	fmt.Fprintf(out, "new weights    %s\n", job.New)
	if rep.Recomputed != (commit.Digest{}) {
		fmt.Fprintf(out, "recomputed     %s\n", rep.Recomputed)
	}
	fmt.Fprintf(out, "verdict        %s\n", rep.Result.Verdict)
	if rep.Reason != "" {
		fmt.Fprintf(out, "reason         %s\n", rep.Reason)
	}
	if rep.Result.Verdict == types.VerdictValid {
		claim := "differs"
		if rep.Result.Metric == v.ClaimedMetric {
			claim = "matches"
		}
		fmt.Fprintf(out, "metric         %d (%s x10^6; the learner claimed %d: %s)\n", rep.Result.Metric, job.Metric, v.ClaimedMetric, claim)
		fmt.Fprintf(out, "parent metric  %d\n", rep.Result.ParentMetric)
	}
	fmt.Fprintf(out, "poll           %d on %s, voter %s\n", poll, f.chainID, f.voter)
	fmt.Fprintf(out, "commitment     %s\n", base64.StdEncoding.EncodeToString(b.Commitment[:]))
	fmt.Fprintf(out, "wrote %s: keep it until the reveal (its salt opens the commitment)\n", f.ballotPath)
	fmt.Fprintf(out, "commit with    litegptd tx pog commit-vote %d %s --from %s\n", poll, base64.StdEncoding.EncodeToString(b.Commitment[:]), f.voter)
}

func newVoteRevealCmd() *cobra.Command {
	var ballotPath string
	cmd := &cobra.Command{
		Use:   "reveal",
		Short: "Print the reveal of a prepared ballot for litegptd tx pog reveal-vote",
		Long: `Reads a ballot written by vote prepare, checks that its fields still give its
commitment (a tampered or corrupted ballot would fail the reveal on chain), and
prints the fields of MsgRevealVote: the poll, the verifier, the result (as JSON)
and the salt (base64), and the litegptd tx pog reveal-vote command that posts
them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if ballotPath == "" {
				return errors.New("--ballot is required")
			}
			b, err := verifier.LoadBallot(ballotPath)
			if err != nil {
				return err
			}
			addr, err := bech32.ConvertAndEncode(addressPrefix, b.Voter)
			if err != nil {
				return fmt.Errorf("ballot %s: voter: %w", ballotPath, err)
			}
			// MsgRevealVote.result in the chain's JSON: the verdict by name,
			// 64-bit integers as strings.
			result, err := json.Marshal(struct {
				Verdict      string `json:"verdict"`
				Metric       string `json:"metric"`
				ParentMetric string `json:"parent_metric"`
			}{b.Result.Verdict.String(), strconv.FormatInt(b.Result.Metric, 10), strconv.FormatInt(b.Result.ParentMetric, 10)})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			salt := base64.StdEncoding.EncodeToString(b.Salt[:])
			fmt.Fprintf(out, "chain-id     %s\npoll_id      %d\nverifier     %s\nresult       %s\nsalt         %s\ncommitment   %s (matches the ballot)\n",
				b.ChainID, b.PollID, addr, result, salt, base64.StdEncoding.EncodeToString(b.Commitment[:]))
			fmt.Fprintf(out, "reveal with  litegptd tx pog reveal-vote %d '%s' %s --from %s --chain-id %s\n", b.PollID, result, salt, addr, b.ChainID)
			return nil
		},
	}
	cmd.Flags().StringVar(&ballotPath, "ballot", "", "ballot file written by vote prepare")
	return cmd
}

// decodeVersion decodes the JSON litegptd prints for a version query
// (QueryVersionResponse: {"version": {...}}) or a bare Version, with the
// chain's protobuf JSON codec.
func decodeVersion(bz []byte) (types.Version, error) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	var resp types.QueryVersionResponse
	err := cdc.UnmarshalJSON(bz, &resp)
	if err == nil && resp.Version.Id != 0 {
		return resp.Version, nil
	}
	var v types.Version
	if err2 := cdc.UnmarshalJSON(bz, &v); err2 == nil && v.Id != 0 {
		return v, nil
	}
	if err == nil {
		err = errors.New("no version in it")
	}
	return types.Version{}, fmt.Errorf("not the JSON of litegptd query pog version N -o json: %w", err)
}

// decodeBech32Flag decodes a bech32 account address of the chain given to
// flag.
func decodeBech32Flag(flag, addr string) ([]byte, error) {
	hrp, bz, err := bech32.DecodeAndConvert(addr)
	if err != nil {
		return nil, fmt.Errorf("%s %q is not a bech32 address: %w", flag, addr, err)
	}
	if hrp != addressPrefix {
		return nil, fmt.Errorf("%s %q has prefix %q, want %q", flag, addr, hrp, addressPrefix)
	}
	if len(bz) == 0 || len(bz) > verifier.MaxVoterBytes {
		return nil, fmt.Errorf("%s %q holds %d address bytes, want 1..%d", flag, addr, len(bz), verifier.MaxVoterBytes)
	}
	return bz, nil
}

// parseDigestFlag reads a 32-byte commitment in hex (as the sidecar
// prints them) or base64 (as the chain's JSON has them).
func parseDigestFlag(s string) (commit.Digest, error) {
	s = strings.TrimSpace(s)
	if d, err := commit.ParseDigest(strings.TrimPrefix(s, "0x")); err == nil {
		return d, nil
	}
	bz, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return commit.Digest{}, fmt.Errorf("%q is neither 64 hex characters nor base64 of 32 bytes", s)
	}
	return commit.DigestFromBytes(bz)
}

// parseMetric reads a task metric by its short or proto name.
func parseMetric(s string) (bmtypes.Metric, error) {
	switch strings.ToLower(s) {
	case "accuracy":
		return bmtypes.MetricAccuracy, nil
	case "cross-entropy":
		return bmtypes.MetricCrossEntropy, nil
	case "mse", "mean-squared-error":
		return bmtypes.MetricMeanSquaredError, nil
	}
	if v, ok := bmtypes.Metric_value[strings.ToUpper(s)]; ok && v != 0 {
		return bmtypes.Metric(v), nil
	}
	return 0, fmt.Errorf("--metric %q: want accuracy, cross-entropy or mse", s)
}
