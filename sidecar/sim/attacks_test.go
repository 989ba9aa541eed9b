package sim_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/litegpt/litegpt/sidecar/merge"
	"github.com/litegpt/litegpt/sidecar/sim"
)

// TestRobustMergeResistsEveryAttack runs the label-flip and scaling attacks
// (sign-flip has its own test above) against the median merge, and the
// scaling attack against plain averaging, which it breaks. (Label
// flipping by a quarter of the nodes only dents averaging: honest updates
// outnumber the flipped ones on every class. The runs are seeded, so the
// figures are exact; the bounds leave room for numerics changes.)
func TestRobustMergeResistsEveryAttack(t *testing.T) {
	clean := run(t, mlpSpec(), baseConfig())
	for _, want := range []struct {
		attack    sim.Attack
		avgBelow  float64 // plain averaging ends below clean - avgBelow
		medWithin float64 // the median ends within medWithin of clean
	}{
		{sim.LabelFlip, 0.005, 0.04},
		{sim.Scale, 0.15, 0.02},
	} {
		attack := want.attack
		t.Run(attack.String(), func(t *testing.T) {
			c := baseConfig()
			c.ByzantineBps, c.Attack, c.AttackScale = 2500, attack, 30
			c.Name = "average"
			avg := run(t, mlpSpec(), c)
			c.Name, c.Rule = "median", merge.RuleMedian
			med := run(t, mlpSpec(), c)
			if avg.FinalAccuracy > clean.FinalAccuracy-want.avgBelow || med.FinalAccuracy < clean.FinalAccuracy-want.medWithin {
				t.Fatalf("25%% %s nodes: clean %.3f, average %.3f (want below %.3f), median %.3f (want at least %.3f)", attack,
					clean.FinalAccuracy, avg.FinalAccuracy, clean.FinalAccuracy-want.avgBelow, med.FinalAccuracy, clean.FinalAccuracy-want.medWithin)
			}
		})
	}
}

// TestPoisonedModelsAreRefusedNotFatal: sign-flip nodes amplifying by 1000
// drive averaged weights out of the step's exact range. Honest nodes then
// refuse those steps (and such a model scores 0) instead of the run
// failing; the count is in the result and the table.
func TestPoisonedModelsAreRefusedNotFatal(t *testing.T) {
	c := baseConfig()
	c.ByzantineBps, c.Attack, c.AttackScale = 2500, sim.SignFlip, 1000
	c.Name = "poisoned"
	res := run(t, mlpSpec(), c)
	if res.RefusedSteps == 0 || res.FinalAccuracy > 0.2 {
		t.Fatalf("x1000 sign-flip under averaging: %d refused steps (want some), accuracy %.3f (want collapse)", res.RefusedSteps, res.FinalAccuracy)
	}
	var table strings.Builder
	if err := sim.WriteTable(&table, []sim.Result{res}, "poisoned"); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("poisoned: honest nodes refused %d steps", res.RefusedSteps); !strings.Contains(table.String(), want) {
		t.Fatalf("table lacks %q:\n%s", want, table.String())
	}
}

// TestFanoutSendsToDistinctPeers: with a fanout of 3 every online node
// sends the same message to 3 distinct peers, so exactly 3 times the bytes
// of a fanout of 1 (churn draws from the network's stream, peers from each
// node's, so the same nodes are online in both runs), and more models
// reach each node, so gossip agrees faster.
func TestFanoutSendsToDistinctPeers(t *testing.T) {
	one := run(t, mlpSpec(), baseConfig())
	c := baseConfig()
	c.Name, c.Fanout = "fanout-3", 3
	three := run(t, mlpSpec(), c)
	if three.BytesPerNode != 3*one.BytesPerNode || three.MessageBytes != one.MessageBytes {
		t.Fatalf("fanout 3 sent %.0f bytes per node (%.0f per message), fanout 1 %.0f (%.0f): want exactly 3x at the same size",
			three.BytesPerNode, three.MessageBytes, one.BytesPerNode, one.MessageBytes)
	}
	if three.FinalMin < one.FinalMin {
		t.Fatalf("fanout 3: worst node %.3f, below fanout 1's %.3f", three.FinalMin, one.FinalMin)
	}
}
