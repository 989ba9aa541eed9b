package verifier

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/merge"
	bmtypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
)

func TestHonestStepIsValidWithItsMetrics(t *testing.T) {
	f := newStepFixture(t)
	rep, err := Audit(f.job, f.store)
	require.NoError(t, err)
	require.Equal(t, types.VerdictValid, rep.Result.Verdict, rep.Reason)
	require.Empty(t, rep.Reason)
	// Re-execution computes what the step circuit's witness proves.
	require.Equal(t, f.proved.Public.New, rep.Recomputed)

	d := loadDigits(t)
	require.Equal(t, countAccuracy(t, f.proved.New, d.validation), rep.Result.Metric)
	parentMetrics := []int64{countAccuracy(t, f.parents[0], d.validation), countAccuracy(t, f.parents[1], d.validation)}
	require.Equal(t, parentMetrics, rep.ParentMetrics)
	require.Equal(t, slices.Max(parentMetrics), rep.Result.ParentMetric, "accuracy: the best parent is the highest")
	// The trained models are real classifiers: far above chance (10%).
	require.Greater(t, rep.Result.Metric, int64(500_000))
	require.NoError(t, rep.Result.Validate())

	res, err := Reexecute(f.job, f.store)
	require.NoError(t, err)
	require.Equal(t, rep.Result, res)
}

func TestZKVersionFetchesTheNewWeights(t *testing.T) {
	f := newStepFixture(t)
	f.job.Mode, f.job.Leaf, f.job.KeepBps = types.ModeZK, nil, 0 // the chain verified the proof; no re-execution
	_, err := f.store.Add(f.proved.New)
	require.NoError(t, err)
	rep, err := Audit(f.job, f.store)
	require.NoError(t, err)
	require.Equal(t, types.VerdictValid, rep.Result.Verdict, rep.Reason)
	require.Equal(t, commit.Digest{}, rep.Recomputed)

	reexec, err := Audit(newStepFixture(t).job, f.store)
	require.NoError(t, err)
	require.Equal(t, reexec.Result, rep.Result, "both modes measure the same weights")
}

func TestForgedStepIsInvalid(t *testing.T) {
	d := loadDigits(t)
	cases := map[string]struct {
		malleate func(t *testing.T, f *stepFixture)
		reason   string
	}{
		"tampered new weights commitment": {func(t *testing.T, f *stepFixture) {
			f.job.New = commitment(t, f.parents[0])
		}, "re-executing the step"},
		"weights trained on another leaf": {func(t *testing.T, f *stepFixture) {
			// The learner trained on leaf 5 but cites leaf 2.
			b, err := learnBatch(spec, d.train[5])
			require.NoError(t, err)
			next, _, err := learn.Step(f.proved.Merged, b, learn.StepConfig{LearningRate: int64(lr), KeepBps: shape.KeepBps})
			require.NoError(t, err)
			f.job.New = commitment(t, next)
		}, "SGD on leaf 2"},
		"another learning rate than the version's": {func(t *testing.T, f *stepFixture) {
			f.job.LearningRate = lr + 1
		}, "re-executing the step"},
		"the merge without the step": {func(t *testing.T, f *stepFixture) {
			f.job.New = commitment(t, f.proved.Merged)
		}, "re-executing the step"},
		"merged by another rule": {func(t *testing.T, f *stepFixture) {
			f.job.MergeRule = types.MergeMedian
		}, "MERGE_RULE_MEDIAN merge"},
		"a leaf that does not fit the model": {func(t *testing.T, f *stepFixture) {
			b := commit.Batch{Format: inputFormat, Samples: []commit.Sample{{Features: make([]int64, 3), Label: 1}}}
			f.job.Leaf = leafOfBatches(t, []commit.Batch{b}, 0)
		}, "cannot train the model"},
		"a label the model does not have": {func(t *testing.T, f *stepFixture) {
			b := commit.Batch{Format: inputFormat, Samples: []commit.Sample{{Features: make([]int64, shape.Features), Label: 12}}}
			f.job.Leaf = leafOfBatches(t, []commit.Batch{b}, 0)
		}, "label 12 outside 0..9"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f := newStepFixture(t)
			tc.malleate(t, f)
			rep, err := Audit(f.job, f.store)
			require.NoError(t, err)
			require.Equal(t, types.VoteResult{Verdict: types.VerdictInvalid}, rep.Result)
			require.Contains(t, rep.Reason, tc.reason)
			require.NoError(t, rep.Result.Validate())
		})
	}
}

func leafOfBatches(t *testing.T, batches []commit.Batch, k uint64) *Leaf {
	t.Helper()
	root, tree, err := commit.Root(batches)
	require.NoError(t, err)
	proof, err := tree.Prove(k)
	require.NoError(t, err)
	return &Leaf{Batch: batches[k], Root: root, Proof: proof}
}

func TestMissingWeightsOrDataAreWithheld(t *testing.T) {
	cases := map[string]struct {
		malleate func(t *testing.T, f *stepFixture)
		reason   string
	}{
		"missing parent": {func(t *testing.T, f *stepFixture) {
			f.store.Remove(f.job.Parents[1])
		}, "parent 1"},
		"missing parent of a ZK version": {func(t *testing.T, f *stepFixture) {
			_, err := f.store.Add(f.proved.New)
			require.NoError(t, err)
			f.job.Mode = types.ModeZK
			f.store.Remove(f.job.Parents[0])
		}, "parent 0"},
		"missing ZK weights": {func(t *testing.T, f *stepFixture) {
			f.job.Mode = types.ModeZK
		}, "new weights"},
		"data that is not the cited leaf": {func(t *testing.T, f *stepFixture) {
			f.job.Leaf.Batch = loadDigits(t).train[3] // the proof is leaf 2's
		}, "not leaf 2 of data root"},
		"data under another root": {func(t *testing.T, f *stepFixture) {
			f.job.Leaf.Root = commitment(t, f.parents[0])
		}, "not leaf 2 of data root"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f := newStepFixture(t)
			tc.malleate(t, f)
			rep, err := Audit(f.job, f.store)
			require.NoError(t, err)
			require.Equal(t, types.VoteResult{Verdict: types.VerdictWithheld}, rep.Result)
			require.Contains(t, rep.Reason, tc.reason)
		})
	}
}

func TestStoreEntryThatDoesNotMatchItsCommitmentIsInvalid(t *testing.T) {
	t.Run("memstore parent", func(t *testing.T) {
		f := newStepFixture(t)
		f.store.Put(f.job.Parents[0], f.parents[1]) // serves parent 1's weights as parent 0
		rep, err := Audit(f.job, f.store)
		require.NoError(t, err)
		require.Equal(t, types.VoteResult{Verdict: types.VerdictInvalid}, rep.Result)
		require.Contains(t, rep.Reason, "parent 0 was fetched by commitment "+f.job.Parents[0].String())
	})
	t.Run("memstore ZK weights", func(t *testing.T) {
		f := newStepFixture(t)
		f.job.Mode = types.ModeZK
		f.store.Put(f.job.New, f.proved.Merged)
		rep, err := Audit(f.job, f.store)
		require.NoError(t, err)
		require.Equal(t, types.VoteResult{Verdict: types.VerdictInvalid}, rep.Result)
		require.Contains(t, rep.Reason, "new weights was fetched by commitment")
	})
	t.Run("model of another architecture", func(t *testing.T) {
		f := newStepFixture(t)
		other := f.parents[0].Clone()
		other.Spec.Numerics.LRFrac++ // same weights and commitment, other arithmetic
		f.store.Put(f.job.Parents[0], other)
		rep, err := Audit(f.job, f.store)
		require.NoError(t, err)
		require.Equal(t, types.VerdictInvalid, rep.Result.Verdict)
		require.Contains(t, rep.Reason, "the model is")
	})
	t.Run("dirstore file of another model", func(t *testing.T) {
		f := newStepFixture(t)
		ds := dirStoreOf(t, f.parents...)
		// Substitute parent 1's file for parent 0's.
		require.NoError(t, os.Rename(ds.Path(f.job.Parents[1]), ds.Path(f.job.Parents[0])))
		rep, err := Audit(f.job, ds)
		require.NoError(t, err)
		require.Equal(t, types.VoteResult{Verdict: types.VerdictInvalid}, rep.Result)
		require.Contains(t, rep.Reason, "holds weights with commitment "+f.job.Parents[1].String())
	})
	t.Run("dirstore corrupted file", func(t *testing.T) {
		f := newStepFixture(t)
		ds := dirStoreOf(t, f.parents...)
		path := ds.Path(f.job.Parents[1])
		bz, err := os.ReadFile(path)
		require.NoError(t, err)
		bz[len(bz)/2] ^= 0x40
		require.NoError(t, os.WriteFile(path, bz, 0o644))
		rep, err := Audit(f.job, ds)
		require.NoError(t, err)
		require.Equal(t, types.VoteResult{Verdict: types.VerdictInvalid}, rep.Result)
		require.Contains(t, rep.Reason, "parent 1")
	})
}

func dirStoreOf(t *testing.T, models ...*learn.Model) DirStore {
	t.Helper()
	ds := DirStore{Dir: t.TempDir()}
	for _, m := range models {
		_, err := ds.Put(m, 32, 1)
		require.NoError(t, err)
	}
	return ds
}

func TestDirStore(t *testing.T) {
	f := newStepFixture(t)
	ds := dirStoreOf(t, f.parents...)
	for i, c := range f.job.Parents {
		require.Equal(t, filepath.Join(ds.Dir, c.String()+".model"), ds.Path(c))
		m, err := ds.Weights(c)
		require.NoError(t, err)
		require.Equal(t, f.parents[i].Flat(), m.Flat())
	}
	_, err := ds.Weights(f.job.New)
	require.ErrorIs(t, err, ErrWithheld)

	rep, err := Audit(f.job, ds)
	require.NoError(t, err)
	want, err := Audit(f.job, f.store)
	require.NoError(t, err)
	require.Equal(t, want, rep)
}

// referenceMerge is a coordinate-wise rule computed here: each
// coordinate's values sorted, then median (floor of the mean of the two
// middle values) or the mean of the middle n-2*trim values rounded half
// up.
func referenceMerge(t *testing.T, models []*learn.Model, median bool, trim int) *learn.Model {
	t.Helper()
	flats := make([][]int64, len(models))
	for i, m := range models {
		flats[i] = m.Flat()
	}
	n := len(models)
	out := make([]int64, len(flats[0]))
	for j := range out {
		col := make([]int64, n)
		for i := range flats {
			col[i] = flats[i][j]
		}
		slices.Sort(col)
		if median {
			if n%2 == 1 {
				out[j] = col[n/2]
			} else {
				s := col[n/2-1] + col[n/2]
				out[j] = s >> 1 // floor
			}
			continue
		}
		var s int64
		for _, v := range col[trim : n-trim] {
			s += v
		}
		k := int64(n - 2*trim)
		q := s / k
		if s%k != 0 && s < 0 {
			q-- // floor
		}
		if 2*(s-q*k) >= k {
			q++ // half up
		}
		out[j] = q
	}
	m, err := models[0].WithFlat(out)
	require.NoError(t, err)
	return m
}

func TestPureMerges(t *testing.T) {
	parents := []*learn.Model{trained(t, 0), trained(t, 1, 2), trained(t, 3), trained(t, 4, 5, 6), trained(t, 7)}
	store, err := NewMemStore(parents...)
	require.NoError(t, err)
	d := loadDigits(t)
	require.NotEqual(t, referenceMerge(t, parents, false, 1).Flat(), referenceMerge(t, parents, false, 0).Flat(),
		"the trim of 5 parents matters")
	cases := map[string]struct {
		rule    types.MergeRule
		parents int
		want    func(t *testing.T, ps []*learn.Model) *learn.Model
	}{
		"median of 3": {types.MergeMedian, 3, func(t *testing.T, ps []*learn.Model) *learn.Model {
			return referenceMerge(t, ps, true, 0)
		}},
		"median of 4": {types.MergeMedian, 4, func(t *testing.T, ps []*learn.Model) *learn.Model {
			return referenceMerge(t, ps, true, 0)
		}},
		"trimmed mean of 5 drops one each side": {types.MergeTrimmedMean, 5, func(t *testing.T, ps []*learn.Model) *learn.Model {
			return referenceMerge(t, ps, false, 1)
		}},
		"trimmed mean of 3 is the mean": {types.MergeTrimmedMean, 3, func(t *testing.T, ps []*learn.Model) *learn.Model {
			return referenceMerge(t, ps, false, 0)
		}},
		"weighted average": {types.MergeWeightedAverage, 4, func(t *testing.T, ps []*learn.Model) *learn.Model {
			ws := make([]merge.Weighted, len(ps))
			for i, p := range ps {
				ws[i] = merge.Weighted{Params: p.Flat(), Samples: uint64(i + 1)}
			}
			flat, err := merge.Average(ws, merge.BySamples)
			require.NoError(t, err)
			m, err := ps[0].WithFlat(flat)
			require.NoError(t, err)
			return m
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			ps := parents[:tc.parents]
			want := tc.want(t, ps)
			job := Job{Mode: types.ModeReexecution, Spec: spec, MergeRule: tc.rule, LearningRate: lr,
				New: commitment(t, want), Validation: d.validation, Metric: bmtypes.MetricAccuracy}
			var best int64
			for i, p := range ps {
				job.Parents = append(job.Parents, commitment(t, p))
				job.MergeWeights = append(job.MergeWeights, uint64(i+1))
				best = max(best, countAccuracy(t, p, d.validation))
			}
			require.True(t, job.PureMerge())
			rep, err := Audit(job, store)
			require.NoError(t, err)
			require.Equal(t, types.VerdictValid, rep.Result.Verdict, rep.Reason)
			require.Equal(t, job.New, rep.Recomputed)
			require.Equal(t, countAccuracy(t, want, d.validation), rep.Result.Metric)
			require.Equal(t, best, rep.Result.ParentMetric)

			// The same parents under another rule are another merge.
			other := types.MergeMedian
			if tc.rule == types.MergeMedian {
				other = types.MergeTrimmedMean
			}
			job.MergeRule = other
			rep, err = Audit(job, store)
			require.NoError(t, err)
			require.Equal(t, types.VerdictInvalid, rep.Result.Verdict)
		})
	}
}

func TestReexecuteIsDeterministic(t *testing.T) {
	f := newStepFixture(t)
	first, err := Audit(f.job, f.store)
	require.NoError(t, err)
	// A fresh fixture: new models, a new store, the same job.
	g := newStepFixture(t)
	ds := dirStoreOf(t, g.parents...)
	for range 2 {
		again, err := Audit(g.job, ds)
		require.NoError(t, err)
		require.Equal(t, first, again)
	}
	// The inputs were not modified.
	require.Equal(t, commitment(t, g.parents[0]), g.job.Parents[0])
	require.Equal(t, loadDigits(t).train[2], g.job.Leaf.Batch)
}

// TestGoldenReport pins the honest step's result: the same integers on
// every machine (run it with GOAMD64=v1 and v3, and on arm64).
func TestGoldenReport(t *testing.T) {
	f := newStepFixture(t)
	rep, err := Audit(f.job, f.store)
	require.NoError(t, err)
	require.Equal(t, "198436c2835baadeb2a65fe2d505ceed8c477eb681dd81e7d0ed3dd8fdc419c7", rep.Recomputed.String())
	require.Equal(t, types.VoteResult{Verdict: types.VerdictValid, Metric: 755_208, ParentMetric: 739_583}, rep.Result)
	require.Equal(t, []int64{609_375, 739_583}, rep.ParentMetrics)
}

func TestJobErrors(t *testing.T) {
	cases := map[string]struct {
		malleate func(j *Job)
		is       error
		msg      string
	}{
		"cross-entropy":      {func(j *Job) { j.Metric = bmtypes.MetricCrossEntropy }, ErrUnsupportedMetric, "no deterministic fixed-point"},
		"no metric":          {func(j *Job) { j.Metric = bmtypes.MetricUnspecified }, ErrUnsupportedMetric, "METRIC_UNSPECIFIED"},
		"no mode":            {func(j *Job) { j.Mode = types.ModeUnspecified }, ErrInvalidJob, "mode must be"},
		"ZK robust merge":    {func(j *Job) { j.Mode, j.MergeRule = types.ModeZK, types.MergeMedian }, ErrInvalidJob, "WEIGHTED_AVERAGE"},
		"no rule":            {func(j *Job) { j.MergeRule = types.MergeUnspecified }, ErrInvalidJob, "merge rule"},
		"no parents":         {func(j *Job) { j.Parents, j.MergeWeights = nil, nil }, ErrInvalidJob, "1..16 parents"},
		"weights count":      {func(j *Job) { j.MergeWeights = j.MergeWeights[:1] }, ErrInvalidJob, "2 merge weights"},
		"zero weight":        {func(j *Job) { j.MergeWeights[1] = 0 }, ErrInvalidJob, "merge weight 1"},
		"weights overflow":   {func(j *Job) { j.MergeWeights = []uint64{1 << 31, 1<<31 + 1} }, ErrInvalidJob, "sum to"},
		"zero learning rate": {func(j *Job) { j.LearningRate = 0 }, ErrInvalidJob, "learning rate"},
		"no keep fraction":   {func(j *Job) { j.KeepBps = 0 }, ErrInvalidJob, "trimmed-loss"},
		"no validation":      {func(j *Job) { j.Validation = nil }, ErrInvalidJob, "validation"},
		"bad spec":           {func(j *Job) { j.Spec.Numerics.WeightFrac = 40 }, ErrInvalidJob, "spec"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f := newStepFixture(t)
			tc.malleate(&f.job)
			_, err := Reexecute(f.job, f.store)
			require.ErrorIs(t, err, tc.is)
			require.ErrorContains(t, err, tc.msg)
		})
	}
	t.Run("validation data of another format", func(t *testing.T) {
		f := newStepFixture(t)
		b := f.job.Validation[0]
		b.Format = commit.Format{Bits: 16, Frac: 4}
		f.job.Validation = []commit.Batch{b}
		_, err := Reexecute(f.job, f.store)
		require.ErrorContains(t, err, "validation batch 0")
	})
	t.Run("no store", func(t *testing.T) {
		_, err := Reexecute(newStepFixture(t).job, nil)
		require.ErrorContains(t, err, "no weights store")
	})
}

func TestScore(t *testing.T) {
	d := loadDigits(t)
	m := trained(t, 0, 1, 2)
	got, err := Score(m, bmtypes.MetricAccuracy, d.validation)
	require.NoError(t, err)
	require.Equal(t, countAccuracy(t, m, d.validation), got)
	// floor(correct * 10^6 / total): one batch of 32 scores a multiple of
	// 10^6/32 = 31250.
	one, err := Score(m, bmtypes.MetricAccuracy, d.validation[:1])
	require.NoError(t, err)
	require.Zero(t, one%31250)
	_, err = Score(m, bmtypes.MetricMeanSquaredError, d.validation)
	require.ErrorIs(t, err, ErrUnsupportedMetric)
}
