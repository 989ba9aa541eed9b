package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/merge"
	"github.com/litegpt/litegpt/sidecar/quant"
	"github.com/litegpt/litegpt/sidecar/wire"
)

// RoundStats is the network after one round.
type RoundStats struct {
	Round        int
	MeanAccuracy float64 // over the evaluated honest nodes
	MinAccuracy  float64
	MaxAccuracy  float64
	BytesPerNode float64 // cumulative bytes sent, mean over all nodes
	Online       int     // nodes online this round
}

// Result is a finished run.
type Result struct {
	Config        Config
	Arch          string
	Params        int
	Rounds        []RoundStats
	FinalAccuracy float64 // mean over every honest node, whole test set
	FinalMin      float64
	BytesPerNode  float64 // cumulative mean bytes sent per node
	MessageBytes  float64 // mean message size
	RefusedSteps  int64   // honest nodes' steps refused because a poisoned model left the exact range
	Elapsed       time.Duration
}

// Progress is reported after every round.
type Progress struct {
	Name          string
	Round, Rounds int
	Stats         RoundStats
	Evaluated     bool
}

// network is a run's state.
type network struct {
	cfg      Config
	spec     learn.Spec
	step     learn.StepConfig
	nodes    []*node
	eval     learn.Batch
	evalIDs  []int
	rng      *rand.Rand
	mergeOpt merge.Options
	steps    int // local steps per round (the whole network's for a centralized run)
}

// Run simulates cfg for the model spec on data. progress may be nil.
func Run(spec learn.Spec, cfg Config, data Data, progress func(Progress)) (Result, error) {
	started := time.Now()
	n, err := newNetwork(spec, cfg, data)
	if err != nil {
		return Result{}, err
	}
	res := Result{Config: cfg, Arch: spec.Arch.String(), Params: spec.Arch.Params()}
	for r := 1; r <= cfg.Rounds; r++ {
		n.step.LearningRate = n.learningRate(r)
		online, err := n.round()
		if err != nil {
			return Result{}, fmt.Errorf("simulation %q round %d: %w", cfg.Name, r, err)
		}
		st := RoundStats{Round: r, Online: online, BytesPerNode: n.bytesPerNode()}
		evaluated := r%cfg.EvalEvery == 0 || r == cfg.Rounds
		if evaluated {
			if st.MeanAccuracy, st.MinAccuracy, st.MaxAccuracy, err = n.accuracy(n.evalIDs, n.eval); err != nil {
				return Result{}, err
			}
			res.Rounds = append(res.Rounds, st)
		}
		if progress != nil {
			progress(Progress{Name: cfg.Name, Round: r, Rounds: cfg.Rounds, Stats: st, Evaluated: evaluated})
		}
	}
	test, err := data.evalSet(0, cfg.Seed)
	if err != nil {
		return Result{}, err
	}
	if res.FinalAccuracy, res.FinalMin, _, err = n.accuracy(n.honest(), test); err != nil {
		return Result{}, err
	}
	res.BytesPerNode = n.bytesPerNode()
	var msgs, bytes int64
	for _, nd := range n.nodes {
		msgs += nd.messages
		bytes += nd.sentBytes
	}
	if msgs > 0 {
		res.MessageBytes = float64(bytes) / float64(msgs)
	}
	for _, i := range n.honest() {
		res.RefusedSteps += n.nodes[i].refused
	}
	res.Elapsed = time.Since(started)
	return res, nil
}

func newNetwork(spec learn.Spec, cfg Config, data Data) (*network, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := data.Validate(spec); err != nil {
		return nil, err
	}
	init, err := learn.Init(spec)
	if err != nil {
		return nil, err
	}
	count, steps := cfg.Nodes, cfg.LocalSteps
	if cfg.Centralized {
		count, steps = 1, cfg.Nodes*cfg.LocalSteps
	}
	n := &network{cfg: cfg, spec: spec, rng: rand.New(rand.NewPCG(cfg.Seed, 0x6e6574)), steps: steps,
		step:     learn.StepConfig{LearningRate: learn.LearningRateRaw(cfg.LearningRate, spec.Numerics), KeepBps: cfg.KeepBps},
		mergeOpt: merge.DefaultOptions(cfg.Window)}
	if err := n.step.Validate(); err != nil {
		return nil, fmt.Errorf("simulation %q: %w", cfg.Name, err)
	}
	parts, err := data.shards(cfg, count)
	if err != nil {
		return nil, err
	}
	byz := map[int]bool{}
	if !cfg.Centralized {
		k := (count*int(cfg.ByzantineBps) + 5000) / 10000
		for _, i := range n.rng.Perm(count)[:k] {
			byz[i] = true
		}
	}
	for i, part := range parts {
		b, err := data.encode(data.Train, part)
		if err != nil {
			return nil, err
		}
		if len(b.Labels) == 0 {
			return nil, fmt.Errorf("simulation %q: node %d has no training data", cfg.Name, i)
		}
		nd := &node{id: i, byzantine: byz[i], rng: rand.New(rand.NewPCG(cfg.Seed, uint64(i)+1)), data: b,
			inputs: spec.Arch.Inputs, order: make([]int, b.Len()), current: peerModel{model: init}}
		for j := range nd.order {
			nd.order[j] = j
		}
		if nd.byzantine && cfg.Attack == LabelFlip {
			flipLabels(nd.data, spec.Arch.Classes)
		}
		if cfg.Feedback {
			nd.feedback = quant.NewFeedback()
		}
		n.nodes = append(n.nodes, nd)
	}
	if n.eval, err = data.evalSet(cfg.EvalSamples, cfg.Seed); err != nil {
		return nil, err
	}
	honest := n.honest()
	n.evalIDs = honest
	if cfg.EvalNodes > 0 && cfg.EvalNodes < len(honest) {
		n.evalIDs = nil
		for k := range cfg.EvalNodes {
			n.evalIDs = append(n.evalIDs, honest[k*len(honest)/cfg.EvalNodes])
		}
	}
	return n, nil
}

// learningRate is round r's raw learning rate: linear decay from
// LearningRate to LearningRate*LRFinal over the rounds.
func (n *network) learningRate(r int) int64 {
	frac := 1.0
	if n.cfg.Rounds > 1 {
		frac = 1 - (1-n.cfg.LRFinal)*float64(r-1)/float64(n.cfg.Rounds-1)
	}
	return max(1, learn.LearningRateRaw(n.cfg.LearningRate*frac, n.spec.Numerics))
}

func (n *network) honest() []int {
	var out []int
	for _, nd := range n.nodes {
		if !nd.byzantine {
			out = append(out, nd.id)
		}
	}
	return out
}

// sent is one node's message of a round.
type sent struct {
	to    []int // distinct peers, Fanout of them
	model peerModel
	bytes int // of one copy
}

// round runs one gossip round: online nodes merge their inbox, train and
// send; messages reach their peers (if online) in node order.
func (n *network) round() (int, error) {
	online := make([]bool, len(n.nodes))
	var active []int
	for i := range n.nodes {
		online[i] = len(n.nodes) == 1 || n.rng.IntN(10000) >= int(n.cfg.ChurnBps)
		if online[i] {
			active = append(active, i)
		}
	}
	out := make([]sent, len(n.nodes))
	err := parallel(active, func(i int) error {
		nd := n.nodes[i]
		if err := n.mergeInbox(nd); err != nil {
			return fmt.Errorf("node %d merge: %w", i, err)
		}
		nd.start = nd.current.model
		if err := nd.train(n.steps, n.cfg.BatchSize, n.step); err != nil {
			return fmt.Errorf("node %d: %w", i, err)
		}
		if len(n.nodes) == 1 {
			return nil
		}
		peers := n.peersOf(nd, i)
		opts := n.cfg.Wire
		opts.Uncommitted = !n.cfg.Commit
		bz, decoded, err := wire.Encode(nd.outgoing(n.cfg.Attack, n.cfg.AttackScale), nd.current.samples, nd.current.age, opts, nd.feedback)
		if err != nil {
			return fmt.Errorf("node %d encode: %w", i, err)
		}
		out[i] = sent{to: peers, model: peerModel{model: decoded, samples: nd.current.samples, age: nd.current.age}, bytes: len(bz)}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, i := range active {
		m := out[i]
		if m.model.model == nil {
			continue
		}
		nd := n.nodes[i]
		for _, to := range m.to {
			nd.sentBytes += int64(m.bytes)
			nd.messages++
			if online[to] {
				peer := n.nodes[to]
				peer.inbox = append(peer.inbox, m.model)
				if len(peer.inbox) > n.cfg.Window {
					peer.inbox = peer.inbox[len(peer.inbox)-n.cfg.Window:]
				}
			}
		}
	}
	return len(active), nil
}

// peersOf draws Fanout distinct peers of node i, other than i, from the
// node's own stream (the first draw is the one a fanout of 1 makes).
func (n *network) peersOf(nd *node, i int) []int {
	peers := make([]int, 0, n.cfg.Fanout)
	for len(peers) < n.cfg.Fanout {
		p := nd.rng.IntN(len(n.nodes) - 1)
		if p >= i {
			p++
		}
		if !slices.Contains(peers, p) {
			peers = append(peers, p)
		}
	}
	return peers
}

// mergeInbox merges a node's inbox into its model: at once for the
// average rule, and for robust rules once the window is full (they need
// enough models to outvote outliers).
func (n *network) mergeInbox(nd *node) error {
	if len(nd.inbox) == 0 || (n.cfg.Rule != merge.RuleAverage && len(nd.inbox) < n.cfg.Window) {
		return nil
	}
	merged, err := mergeModels(n.cfg.Rule, n.mergeOpt, nd.current, nd.inbox)
	if err != nil {
		return err
	}
	nd.current, nd.inbox = merged, nil
	return nil
}

func (n *network) bytesPerNode() float64 {
	var total int64
	for _, nd := range n.nodes {
		total += nd.sentBytes
	}
	return float64(total) / float64(len(n.nodes))
}

// accuracy is the mean, min and max accuracy of the given nodes on b; a
// poisoned model whose forward pass leaves the exact range scores 0.
func (n *network) accuracy(ids []int, b learn.Batch) (mean, lo, hi float64, err error) {
	acc := make([]float64, len(n.nodes))
	err = parallel(ids, func(i int) error {
		pred, err := learn.Predict(n.nodes[i].current.model, b)
		if errors.Is(err, learn.ErrProductRange) || errors.Is(err, learn.ErrOverflow) {
			acc[i] = 0 // a poisoned model that cannot even classify exactly
			return nil
		}
		if err != nil {
			return err
		}
		ok := 0
		for j, p := range pred {
			if p == b.Labels[j] {
				ok++
			}
		}
		acc[i] = float64(ok) / float64(len(pred))
		return nil
	})
	if err != nil || len(ids) == 0 {
		return 0, 0, 0, err
	}
	lo, hi = 1, 0
	for _, i := range ids {
		mean += acc[i]
		lo, hi = min(lo, acc[i]), max(hi, acc[i])
	}
	return mean / float64(len(ids)), lo, hi, nil
}

// parallel runs f on every id over GOMAXPROCS workers and returns the
// error of the lowest failing id.
func parallel(ids []int, f func(int) error) error {
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(ids), 1)) {
		wg.Go(func() {
			for k := range next {
				errs[k] = f(ids[k])
			}
		})
	}
	for k := range ids {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
