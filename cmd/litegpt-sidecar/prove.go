package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/cosmos/cosmos-sdk/types/bech32"
	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/circuit"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/zkfile"
)

// addressPrefix is the chain's bech32 account prefix (app.AccountAddressPrefix).
const addressPrefix = "lgpt"

type proveFlags struct {
	id, pkPath   string
	parents      []string
	weights      []uint
	leavesPath   string
	leaf         uint64
	lr           float64
	submitter    string
	chainID      string
	proofPath    string
	publicPath   string
	newModelPath string
	rawProofPath string
}

func newProveCmd() *cobra.Command {
	var f proveFlags
	cmd := &cobra.Command{
		Use:   "prove",
		Short: "Prove one training step: new = Step(Merge(parents), leaf) for a data commitment",
		Long: `Merges the parent models (merge.Average, weighted by --weights), trains one
fixed-point SGD step on leaf --leaf of the leaves file (the data set whose
Merkle root a data offer commits to) and proves it with the step circuit's
proving key. The proof is bound to --submitter and --chain-id: only that
account can submit it, only on that chain.

Writes the proof (--proof, a versioned gnark file), the public input
(--public, JSON: parents, merge weights, new weights commitment, data root,
leaf index, learning rate, binding hash), with --new-model the new model
and, with --raw-proof, the proof alone in the encoding MsgSubmitUpdate
carries (196 bytes: litegptd tx pog submit-update takes the file's path). The parents must be logistic-regression models of the circuit's
features, classes and numerics (litegpt-sidecar train --model logreg).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runProve(cmd, f) },
	}
	fs := cmd.Flags()
	fs.StringVar(&f.id, "circuit", "", "circuit id, e.g. "+circuit.DigitsShape(2).ID())
	fs.StringVar(&f.pkPath, "pk", "", "proving key file of the circuit")
	fs.StringArrayVar(&f.parents, "parent", nil, "parent model file (repeat for a merge, up to the circuit's parents)")
	fs.UintSliceVar(&f.weights, "weights", nil, "merge weights, one per parent, summing to at most 2^32 (default: the parents' sample counts, or 1 each if those overflow)")
	fs.StringVar(&f.leavesPath, "leaves", "", "leaves file of the data set (litegptd market encode-csv)")
	fs.Uint64Var(&f.leaf, "leaf", 0, "index of the leaf (batch) to train on")
	fs.Float64Var(&f.lr, "lr", 0.25, "learning rate (rounded to the circuit's learning-rate bits)")
	fs.StringVar(&f.submitter, "submitter", "", "bech32 ("+addressPrefix+"1...) account that will submit the proof")
	fs.StringVar(&f.chainID, "chain-id", "", "chain the proof is for")
	fs.StringVar(&f.proofPath, "proof", "", "proof file to write")
	fs.StringVar(&f.publicPath, "public", "", "public-input JSON file to write")
	fs.StringVar(&f.newModelPath, "new-model", "", "model file to write the new model to (optional)")
	fs.StringVar(&f.rawProofPath, "raw-proof", "", "file to write the bare proof to, as litegptd tx pog submit-update takes it (optional)")
	return cmd
}

func runProve(cmd *cobra.Command, f proveFlags) error {
	for _, req := range []struct{ name, v string }{{"--circuit", f.id}, {"--pk", f.pkPath}, {"--leaves", f.leavesPath},
		{"--submitter", f.submitter}, {"--chain-id", f.chainID}, {"--proof", f.proofPath}, {"--public", f.publicPath}} {
		if req.v == "" {
			return fmt.Errorf("%s is required", req.name)
		}
	}
	outputs := []string{f.proofPath, f.publicPath}
	for _, optional := range []string{f.newModelPath, f.rawProofPath} {
		if optional != "" {
			outputs = append(outputs, optional)
		}
	}
	if err := checkDistinct(outputs...); err != nil {
		return err
	}
	s, err := circuit.ParseID(f.id)
	if err != nil {
		return err
	}
	if len(f.parents) == 0 || len(f.parents) > s.Parents {
		return fmt.Errorf("circuit %s merges 1..%d parents: give that many --parent files, got %d", f.id, s.Parents, len(f.parents))
	}
	submitter, err := decodeAddress(f.submitter)
	if err != nil {
		return err
	}
	if !(f.lr > 0) || math.IsInf(f.lr, 0) {
		return fmt.Errorf("--lr must be a positive number, got %v", f.lr)
	}
	lr := learn.LearningRateRaw(f.lr, s.Numerics)
	if lr < 1 || uint64(lr) > commit.MaxStepLearningRate {
		return fmt.Errorf("--lr %v is %d in the circuit's %d fractional bits, want 1..%d", f.lr, lr, s.Numerics.LRFrac, commit.MaxStepLearningRate)
	}
	in := circuit.Input{LearningRate: lr, Submitter: submitter, ChainID: f.chainID}
	var samples, age uint64
	var sampleWeights []uint64
	overflow := false
	for _, path := range f.parents {
		msg, err := readModelFile(path)
		if err != nil {
			return err
		}
		in.Parents = append(in.Parents, msg.Model)
		sampleWeights = append(sampleWeights, msg.Samples)
		overflow = overflow || msg.Samples == 0 || msg.Samples > commit.MaxMergeWeightSum || samples+msg.Samples > commit.MaxMergeWeightSum
		samples += min(msg.Samples, commit.MaxMergeWeightSum)
		age = max(age, msg.Age)
	}
	switch {
	case len(f.weights) > 0:
		if len(f.weights) != len(f.parents) {
			return fmt.Errorf("--weights has %d values for %d parents", len(f.weights), len(f.parents))
		}
		for _, v := range f.weights {
			in.Weights = append(in.Weights, uint64(v))
		}
	case overflow:
		in.Weights = make([]uint64, len(f.parents))
		for i := range in.Weights {
			in.Weights[i] = 1
		}
	default:
		in.Weights = sampleWeights
	}
	batches, err := marketfiles.ReadLeavesFile(f.leavesPath)
	if err != nil {
		return err
	}
	if f.leaf >= uint64(len(batches)) {
		return fmt.Errorf("--leaf %d: the leaves file holds leaves 0..%d", f.leaf, len(batches)-1)
	}
	root, tree, err := commit.Root(batches)
	if err != nil {
		return fmt.Errorf("leaves file %s: %w", f.leavesPath, err)
	}
	if in.Proof, err = tree.Prove(f.leaf); err != nil {
		return err
	}
	in.Batch, in.DataRoot = batches[f.leaf], root
	w, err := circuit.Assign(s, in)
	if err != nil {
		return err
	}
	pk, _, err := zkfile.ReadProvingKey(f.pkPath, f.id)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	start := time.Now()
	ccs, err := circuit.Compile(s)
	if err != nil {
		return err
	}
	compiled := time.Since(start)
	start = time.Now()
	proof, err := circuit.Prove(ccs, pk, w)
	if err != nil {
		return err
	}
	proved := time.Since(start)
	pub, err := circuit.MarshalPublic(f.id, w.Public)
	if err != nil {
		return err
	}
	if err := zkfile.Write(f.proofPath, zkfile.KindProof, f.id, proof); err != nil {
		return err
	}
	if err := marketfiles.ReplaceFile(f.publicPath, 0o644, func(wr io.Writer) error {
		_, err := wr.Write(pub)
		return err
	}); err != nil {
		return err
	}
	if f.newModelPath != "" {
		if err := writeModelFile(f.newModelPath, w.New, samples+uint64(s.Batch), age+1); err != nil {
			return err
		}
	}
	if f.rawProofPath != "" {
		if err := marketfiles.ReplaceFile(f.rawProofPath, 0o644, func(wr io.Writer) error {
			_, err := proof.WriteTo(wr)
			return err
		}); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "circuit      %s (%d constraints, compiled in %.2f s)\n", f.id, ccs.GetNbConstraints(), compiled.Seconds())
	for i, p := range w.Public.Parents[:len(in.Parents)] {
		fmt.Fprintf(out, "parent %-5d %s (weight %d)\n", i, p, in.Weights[i])
	}
	fmt.Fprintf(out, "data root    %s, leaf %d of %d\nnew weights  %s\nbinding      %s (%s on %s)\nproved in %.2f s; wrote %s (%s), %s",
		w.Public.DataRoot, f.leaf, len(batches), w.Public.New, w.Public.Binding, f.submitter, f.chainID,
		proved.Seconds(), f.proofPath, fileSize(f.proofPath), f.publicPath)
	for _, optional := range []string{f.newModelPath, f.rawProofPath} {
		if optional != "" {
			fmt.Fprintf(out, ", %s", optional)
		}
	}
	fmt.Fprintln(out)
	return nil
}

// decodeAddress decodes a bech32 account address of the chain.
func decodeAddress(addr string) ([]byte, error) {
	hrp, bz, err := bech32.DecodeAndConvert(addr)
	if err != nil {
		return nil, fmt.Errorf("--submitter %q is not a bech32 address: %w", addr, err)
	}
	if hrp != addressPrefix {
		return nil, fmt.Errorf("--submitter %q has prefix %q, want %q", addr, hrp, addressPrefix)
	}
	if len(bz) == 0 || len(bz) > 255 {
		return nil, fmt.Errorf("--submitter %q holds %d address bytes, want 1..255", addr, len(bz))
	}
	return bz, nil
}

func newVerifyCmd() *cobra.Command {
	var vkPath, proofPath, publicPath string
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Verify a step proof against its public input and a verifying key",
		Long: `Checks a proof written by prove: the public-input file names the circuit,
the verifying key and the proof must be of that circuit, and the proof must
verify for exactly that public input (what the chain rebuilds from a
MsgSubmitUpdate). Exits with an error when it does not.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, req := range []struct{ name, v string }{{"--vk", vkPath}, {"--proof", proofPath}, {"--public", publicPath}} {
				if req.v == "" {
					return fmt.Errorf("%s is required", req.name)
				}
			}
			bz, err := readSmallFile(publicPath, 1<<20)
			if err != nil {
				return err
			}
			s, pub, err := circuit.UnmarshalPublic(bz)
			if err != nil {
				return fmt.Errorf("public input %s: %w", publicPath, err)
			}
			vk, _, err := zkfile.ReadVerifyingKey(vkPath, s.ID())
			if err != nil {
				return err
			}
			proof, _, err := zkfile.ReadProof(proofPath, s.ID())
			if err != nil {
				return err
			}
			start := time.Now()
			if err := circuit.Verify(s, vk, proof, pub); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "OK: the proof verifies: new weights %s = one step of circuit %s from %d parent(s) on leaf %d of data root %s (%.2f ms)\n",
				pub.New, s.ID(), countParents(pub), pub.LeafIndex, pub.DataRoot, float64(time.Since(start).Microseconds())/1000)
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&vkPath, "vk", "", "verifying key file")
	fs.StringVar(&proofPath, "proof", "", "proof file")
	fs.StringVar(&publicPath, "public", "", "public-input JSON file")
	return cmd
}

// countParents is the number of real parents: padding repeats parent 0
// with weight 0.
func countParents(pub commit.StepPublic) int {
	n := 0
	for _, w := range pub.ParentWeights {
		if w > 0 {
			n++
		}
	}
	return max(n, 1)
}

// readSmallFile reads a regular file of at most limit bytes.
func readSmallFile(path string, limit int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%s is %d bytes, more than the %d-byte limit", path, st.Size(), limit)
	}
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if int64(len(bz)) > limit {
		return nil, errors.New(path + " grew past its size limit while being read")
	}
	return bytes.Clone(bz), nil
}
