package sim

import (
	"fmt"

	"github.com/litegpt/litegpt/sidecar/merge"
	"github.com/litegpt/litegpt/sidecar/wire"
)

// Attack is what a Byzantine node does.
type Attack int

// Attacks.
const (
	// NoAttack: the node is honest.
	NoAttack Attack = iota
	// LabelFlip: the node trains on labels y -> classes-1-y and follows
	// the protocol otherwise.
	LabelFlip
	// SignFlip: the node sends w0 - s*(w - w0), its round's update
	// reversed and amplified by AttackScale (w0: its model after merging).
	SignFlip
	// Scale: the node sends w0 + s*(w - w0), its update amplified.
	Scale
)

var attackNames = []string{NoAttack: "none", LabelFlip: "label-flip", SignFlip: "sign-flip", Scale: "scale"}

// String is the flag name of the attack.
func (a Attack) String() string {
	if a >= 0 && int(a) < len(attackNames) {
		return attackNames[a]
	}
	return fmt.Sprintf("attack(%d)", int(a))
}

// ParseAttack is the inverse of String.
func ParseAttack(s string) (Attack, error) {
	for i, n := range attackNames {
		if n == s {
			return Attack(i), nil
		}
	}
	return 0, fmt.Errorf("unknown attack %q: expected none, label-flip, sign-flip or scale", s)
}

// Config is one simulated run.
type Config struct {
	Name        string // label in tables and plots
	Centralized bool   // one node with all the data, no messages

	Nodes        int     // gossip nodes (ignored when Centralized)
	Rounds       int     // rounds to run
	LocalSteps   int     // SGD steps per node per round
	BatchSize    int     // samples per step
	LearningRate float64 // converted to the spec's fixed point
	// LRFinal is the fraction of LearningRate reached at the last round,
	// decaying linearly (1: constant).
	LRFinal  float64
	KeepBps  uint32 // trimmed-loss fraction kept (10000: all)
	GroupCap int    // per-group sample cap on each shard (0: none)

	Alpha float64 // 0: IID shards; > 0: Dirichlet(alpha) label skew

	ChurnBps uint32 // chance in basis points that a node is offline in a round

	ByzantineBps uint32 // fraction of Byzantine nodes in basis points
	Attack       Attack
	AttackScale  int64 // s of SignFlip and Scale

	Rule   merge.Rule // how a node merges its window
	Window int        // received models kept per node (>= 1)
	Fanout int        // distinct peers a node sends its model to each round (>= 1)
	Wire   wire.Options
	// Feedback carries quantization error into the next message.
	Feedback bool
	// Commit computes each message's weights commitment (it costs more
	// than the step for large models; sizes are the same either way).
	Commit bool

	EvalEvery   int // evaluate every this many rounds (and after the last)
	EvalSamples int // test samples per evaluation (0: all)
	EvalNodes   int // honest nodes evaluated per round (0: all)

	Seed uint64
}

// DefaultConfig is 32 IID nodes, 8 rounds of 20 local steps of 32
// samples, averaging over a window of 4, lossless messages.
func DefaultConfig() Config {
	return Config{
		Name: "gossip", Nodes: 32, Rounds: 8, LocalSteps: 20, BatchSize: 32, LearningRate: 0.1,
		LRFinal: 1, KeepBps: 10000, Rule: merge.RuleAverage, Window: 4, Fanout: 1, Wire: wire.Plain(), AttackScale: 4,
		EvalEvery: 1, EvalSamples: 2000, EvalNodes: 8, Seed: 1,
	}
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if !c.Centralized && (c.Nodes < 2 || c.Nodes > 4096) {
		return fmt.Errorf("simulation %q: nodes must be 2..4096, got %d", c.Name, c.Nodes)
	}
	if c.Rounds < 1 || c.Rounds > 100000 {
		return fmt.Errorf("simulation %q: rounds must be 1..100000, got %d", c.Name, c.Rounds)
	}
	if c.LocalSteps < 1 || c.BatchSize < 1 || c.BatchSize > 1<<16 {
		return fmt.Errorf("simulation %q: local steps (%d) must be >= 1 and batch size (%d) 1..65536", c.Name, c.LocalSteps, c.BatchSize)
	}
	if !(c.LearningRate > 0 && c.LearningRate <= 16) {
		return fmt.Errorf("simulation %q: learning rate must be in (0, 16], got %v", c.Name, c.LearningRate)
	}
	if !(c.LRFinal > 0 && c.LRFinal <= 1) {
		return fmt.Errorf("simulation %q: the final learning-rate fraction must be in (0, 1], got %v", c.Name, c.LRFinal)
	}
	if c.KeepBps < 1 || c.KeepBps > 10000 || c.ChurnBps >= 10000 || c.ByzantineBps >= 10000 {
		return fmt.Errorf("simulation %q: keep must be 1..10000 bps, churn and Byzantine fractions below 10000 bps", c.Name)
	}
	if c.Alpha < 0 || c.GroupCap < 0 {
		return fmt.Errorf("simulation %q: alpha (%v) and group cap (%d) must not be negative", c.Name, c.Alpha, c.GroupCap)
	}
	if c.Attack < NoAttack || c.Attack > Scale {
		return fmt.Errorf("simulation %q: unknown attack %d", c.Name, c.Attack)
	}
	if c.ByzantineBps > 0 && c.Attack == NoAttack {
		return fmt.Errorf("simulation %q: Byzantine nodes need an attack", c.Name)
	}
	if c.Window < 1 || c.Window > 64 {
		return fmt.Errorf("simulation %q: window must be 1..64, got %d", c.Name, c.Window)
	}
	if !c.Centralized && (c.Fanout < 1 || c.Fanout > min(c.Nodes-1, 64)) {
		return fmt.Errorf("simulation %q: fanout must be 1..%d (distinct peers of %d nodes, at most 64), got %d",
			c.Name, min(c.Nodes-1, 64), c.Nodes, c.Fanout)
	}
	if c.EvalEvery < 1 || c.EvalSamples < 0 || c.EvalNodes < 0 {
		return fmt.Errorf("simulation %q: eval every (%d) must be >= 1, eval samples and nodes >= 0", c.Name, c.EvalEvery)
	}
	return c.Wire.Validate()
}
