package verifier

import (
	"errors"
	"fmt"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/merge"
	bmtypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
)

// Report is a verifier's finding on a job: the result it votes and why.
type Report struct {
	// Result is the vote: VALID with the metrics (x10^6), or INVALID or
	// WITHHELD without.
	Result types.VoteResult
	// Reason says why the verdict is not VALID ("" when it is).
	Reason string
	// Recomputed is the weights commitment re-execution gave (REEXECUTION,
	// once the step ran; zero otherwise).
	Recomputed commit.Digest
	// ParentMetrics are the parents' metrics in parent order (VALID only);
	// Result.ParentMetric is the best of them.
	ParentMetrics []int64
}

// Reexecute verifies a version as a sampled verifier does and returns the
// result to vote; see Audit.
func Reexecute(job Job, store Store) (types.VoteResult, error) {
	r, err := Audit(job, store)
	return r.Result, err
}

// Audit verifies a version and says why:
//
//  1. Every parent is fetched from store by its commitment (in order; the
//     first that fails decides): absent is WITHHELD; a model that is not
//     valid, does not have the job's architecture and numerics, or whose
//     weights commitment (learn.Model.Commitment) is not the one it was
//     fetched by is INVALID.
//  2. REEXECUTION: the parents are merged by the merge rule
//     (WEIGHTED_AVERAGE: merge.Average by the merge weights, rounded half
//     up, exactly the merge the step circuit proves; MEDIAN:
//     merge.Median; TRIMMED_MEAN: merge.TrimmedMean without the lowest
//     and highest quarter, floor(n/4) models each, so a plain mean below 4
//     parents; both ignore the weights). Unless it is a pure merge, the
//     leaf must be the cited one (its batch hashes to a leaf that the
//     proof places under the cited data root; otherwise the public data
//     was not available: WITHHELD), then one learn.Step with the version's
//     learning rate and the job's trimmed-loss fraction runs, exactly as
//     circuit.Assign runs it. A step the deterministic code cannot run (a
//     batch that does not fit the model, a weight leaving int32) is
//     INVALID. The commitment of the result must be the version's
//     (otherwise INVALID).
//     ZK: the chain verified the step; the new weights are fetched by the
//     version's commitment like a parent (WITHHELD, INVALID as in 1).
//  3. VALID: Result.Metric is the new model's metric on the validation
//     batches and Result.ParentMetric the best parent's (best in the
//     metric's direction), x10^6; see Score. A new model the deterministic
//     forward pass cannot evaluate is INVALID.
//
// An error (and no vote) is returned for a job that fails Validate, a
// store failure other than ErrWithheld and ErrMismatch, validation data
// that does not fit the model, and a parent the forward pass cannot
// evaluate. Audit is deterministic: the same job and the same stored
// models give the same report on every machine.
func Audit(job Job, store Store) (Report, error) {
	if err := job.Validate(); err != nil {
		return Report{}, err
	}
	if store == nil {
		return Report{}, errors.New("verifier: no weights store")
	}
	score, err := scorer(job.Metric)
	if err != nil {
		return Report{}, err
	}
	validation, err := learnBatches(job.Spec, job.Validation, "validation batch")
	if err != nil {
		return Report{}, err
	}
	rep, err := audit(job, store, score, validation)
	var ref *refusal
	if errors.As(err, &ref) {
		return Report{Result: types.VoteResult{Verdict: ref.verdict}, Reason: ref.reason, Recomputed: rep.Recomputed}, nil
	}
	if err != nil {
		return Report{}, err
	}
	return rep, nil
}

// audit is Audit on a validated job; a *refusal error is a verdict.
func audit(job Job, store Store, score scoreFunc, validation []learn.Batch) (Report, error) {
	var rep Report
	parents := make([]*learn.Model, len(job.Parents))
	for i, c := range job.Parents {
		m, err := fetch(store, job.Spec, c, fmt.Sprintf("parent %d", i))
		if err != nil {
			return rep, err
		}
		parents[i] = m
	}
	var next *learn.Model
	switch job.Mode {
	case types.ModeReexecution:
		merged, err := mergeModels(job.MergeRule, parents, job.MergeWeights)
		if err != nil {
			return rep, err
		}
		next = merged
		if job.Leaf != nil {
			if next, err = step(job, merged); err != nil {
				return rep, err
			}
		}
		if rep.Recomputed, err = next.Commitment(); err != nil {
			return rep, invalid("the re-executed weights have no commitment: %v", err)
		}
		if rep.Recomputed != job.New {
			return rep, invalid("re-executing the %s gives weights %s, the version commits to %s", describe(job), rep.Recomputed, job.New)
		}
	case types.ModeZK:
		var err error
		if next, err = fetch(store, job.Spec, job.New, "new weights"); err != nil {
			return rep, err
		}
	}
	metric, err := score(next, validation)
	if err != nil {
		return rep, invalid("the new weights cannot be evaluated: %v", err)
	}
	direction, _ := bmtypes.DirectionOf(job.Metric)
	rep.ParentMetrics = make([]int64, len(parents))
	for i, p := range parents {
		if rep.ParentMetrics[i], err = score(p, validation); err != nil {
			return Report{}, fmt.Errorf("parent %d (%s): %w", i, job.Parents[i], err)
		}
		if i == 0 || bmtypes.Better(direction, rep.ParentMetrics[i], rep.Result.ParentMetric) {
			rep.Result.ParentMetric = rep.ParentMetrics[i]
		}
	}
	rep.Result.Verdict, rep.Result.Metric = types.VerdictValid, metric
	if err := rep.Result.Validate(); err != nil {
		return Report{}, fmt.Errorf("verifier: %w", err)
	}
	return rep, nil
}

// describe names what a re-execution recomputes.
func describe(job Job) string {
	if job.Leaf == nil {
		return fmt.Sprintf("%s merge of %d parent(s)", job.MergeRule, len(job.Parents))
	}
	return fmt.Sprintf("step (%s merge of %d parent(s), SGD on leaf %d of %s)", job.MergeRule, len(job.Parents), job.Leaf.Proof.Index, job.Leaf.Root)
}

// fetch gets the model of c from store and checks it: valid, of the job's
// architecture and numerics, and with commitment c.
func fetch(store Store, spec learn.Spec, c commit.Digest, what string) (*learn.Model, error) {
	m, err := store.Weights(c)
	switch {
	case errors.Is(err, ErrWithheld):
		return nil, withheld("%s %s could not be fetched: %v", what, c, err)
	case errors.Is(err, ErrMismatch):
		return nil, invalid("%s %s: %v", what, c, err)
	case err != nil:
		return nil, fmt.Errorf("%s %s: %w", what, c, err)
	case m == nil:
		return nil, fmt.Errorf("%s %s: the store returned no model and no error", what, c)
	}
	if err := m.Validate(); err != nil {
		return nil, invalid("%s %s is not a valid model: %v", what, c, err)
	}
	if m.Spec.Arch.String() != spec.Arch.String() || m.Spec.Numerics != spec.Numerics {
		return nil, invalid("%s %s is %s with %+v, the model is %s with %+v", what, c, m.Spec.Arch, m.Spec.Numerics, spec.Arch, spec.Numerics)
	}
	got, err := m.Commitment()
	if err != nil {
		return nil, invalid("%s %s: %v", what, c, err)
	}
	if got != c {
		return nil, invalid("%s was fetched by commitment %s but its weights commit to %s", what, c, got)
	}
	return m, nil
}

// mergeModels merges the parents by rule. WEIGHTED_AVERAGE is
// merge.Average weighted by the merge weights (merge.BySamples): the
// call circuit.Assign makes, so a re-executed merge is the one a step
// proof proves. The result has parent 0's spec.
func mergeModels(rule types.MergeRule, parents []*learn.Model, weights []uint64) (*learn.Model, error) {
	var (
		flat []int64
		err  error
	)
	switch rule {
	case types.MergeWeightedAverage:
		models := make([]merge.Weighted, len(parents))
		for i, p := range parents {
			models[i] = merge.Weighted{Params: p.Flat(), Samples: weights[i]}
		}
		flat, err = merge.Average(models, merge.BySamples)
	case types.MergeMedian:
		flat, err = merge.Median(flats(parents))
	case types.MergeTrimmedMean:
		flat, err = merge.TrimmedMean(flats(parents), len(parents)/4)
	default:
		return nil, fmt.Errorf("%w: merge rule %s", ErrInvalidJob, rule)
	}
	if err != nil {
		// Validated parents of one architecture always merge.
		return nil, fmt.Errorf("merge %s: %w", rule, err)
	}
	m, err := parents[0].WithFlat(flat)
	if err != nil {
		return nil, fmt.Errorf("merge %s: %w", rule, err)
	}
	return m, nil
}

func flats(models []*learn.Model) [][]int64 {
	out := make([][]int64, len(models))
	for i, m := range models {
		out[i] = m.Flat()
	}
	return out
}

// step checks that the job's leaf is the cited one and runs the SGD step
// on the merged model.
func step(job Job, merged *learn.Model) (*learn.Model, error) {
	leaf := job.Leaf
	digest, err := commit.Leaf(leaf.Batch)
	if err != nil {
		return nil, withheld("the public data is not a valid batch: %v", err)
	}
	if err := leaf.Proof.Verify(leaf.Root, digest); err != nil {
		return nil, withheld("the public data is not leaf %d of data root %s: %v", leaf.Proof.Index, leaf.Root, err)
	}
	batch, err := learnBatch(job.Spec, leaf.Batch)
	if err != nil {
		return nil, invalid("leaf %d cannot train the model: %v", leaf.Proof.Index, err)
	}
	next, _, err := learn.Step(merged, batch, learn.StepConfig{LearningRate: int64(job.LearningRate), KeepBps: job.KeepBps})
	if err != nil {
		return nil, invalid("the SGD step on leaf %d fails: %v", leaf.Proof.Index, err)
	}
	return next, nil
}

// refusal is a verdict other than VALID, with its reason.
type refusal struct {
	verdict types.Verdict
	reason  string
}

func (r *refusal) Error() string { return fmt.Sprintf("%s: %s", r.verdict, r.reason) }

func withheld(format string, args ...any) error {
	return &refusal{types.VerdictWithheld, fmt.Sprintf(format, args...)}
}

func invalid(format string, args ...any) error {
	return &refusal{types.VerdictInvalid, fmt.Sprintf(format, args...)}
}
