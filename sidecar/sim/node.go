package sim

import (
	"errors"
	"math"
	"math/rand/v2"

	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/quant"
)

// node is one simulated gossip node.
type node struct {
	id        int
	byzantine bool
	rng       *rand.Rand
	data      learn.Batch // the node's shard, encoded
	inputs    int
	order     []int // shuffled sample order of the current epoch
	cursor    int
	current   peerModel
	start     *learn.Model // model after this round's merge (w0 of attacks)
	inbox     []peerModel  // received since the last merge, oldest first
	feedback  *quant.Feedback
	sentBytes int64
	messages  int64
	refused   int64 // steps refused: the model left the step's exact range
}

// nextBatch is the next batchSize samples of the node's shard, reshuffled
// at every epoch (a shard smaller than a batch is used whole).
func (n *node) nextBatch(batchSize int) learn.Batch {
	rows := n.data.Len()
	batchSize = min(batchSize, rows)
	b := learn.Batch{Features: make([]int64, 0, batchSize*n.inputs), Labels: make([]int, 0, batchSize)}
	for range batchSize {
		if n.cursor == 0 {
			n.rng.Shuffle(len(n.order), func(i, j int) { n.order[i], n.order[j] = n.order[j], n.order[i] })
		}
		i := n.order[n.cursor]
		n.cursor = (n.cursor + 1) % rows
		b.Features = append(b.Features, n.data.Features[i*n.inputs:(i+1)*n.inputs]...)
		b.Labels = append(b.Labels, n.data.Labels[i])
	}
	return b
}

// train runs steps SGD steps on the node's data. A model poisoned into
// weights whose products leave the step's exact range (ErrProductRange,
// ErrOverflow) cannot be trained: the node refuses the step, keeps the
// model it has for this round and counts the refusal, as a real node
// would rather than stop. Any other error is returned.
func (n *node) train(steps, batchSize int, cfg learn.StepConfig) error {
	for range steps {
		b := n.nextBatch(batchSize)
		next, _, err := learn.Step(n.current.model, b, cfg)
		if errors.Is(err, learn.ErrProductRange) || errors.Is(err, learn.ErrOverflow) {
			n.refused++
			return nil
		}
		if err != nil {
			return err
		}
		n.current.model = next
		n.current.samples += uint64(b.Len())
		n.current.age++
	}
	return nil
}

// outgoing is what the node sends: its model, or for SignFlip and Scale
// the round's update reversed or amplified: w0 -/+ s*(w - w0).
func (n *node) outgoing(attack Attack, scale int64) *learn.Model {
	if !n.byzantine || (attack != SignFlip && attack != Scale) {
		return n.current.model
	}
	sign := int64(1)
	if attack == SignFlip {
		sign = -1
	}
	w, w0 := n.current.model.Flat(), n.start.Flat()
	out := make([]int64, len(w))
	for i := range w {
		v := w0[i] + sign*scale*(w[i]-w0[i])
		out[i] = min(max(v, math.MinInt32), math.MaxInt32)
	}
	m, err := n.current.model.WithFlat(out)
	if err != nil { // unreachable: values are clamped to the weight range
		panic(err)
	}
	return m
}
