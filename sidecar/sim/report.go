package sim

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"
)

// WriteTable prints one row per result: its final accuracy (mean and
// minimum over honest nodes, whole test set), the difference from the
// baseline result named baseline (points; "" for none), message and
// per-node traffic, and time.
func WriteTable(w io.Writer, results []Result, baseline string) error {
	var base *Result
	for i := range results {
		if results[i].Config.Name == baseline {
			base = &results[i]
		}
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\tmodel\tparams\tnodes\tbyzantine\tfinal acc\tmin acc\tvs "+baseline+"\tbytes/msg\tMB sent/node\ttime\t")
	for _, r := range results {
		nodes := strconv.Itoa(r.Config.Nodes)
		if r.Config.Centralized {
			nodes = "1"
		}
		diff := "-"
		if base != nil && &r != base {
			diff = fmt.Sprintf("%+.1f", 100*(r.FinalAccuracy-base.FinalAccuracy))
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%.4f\t%.4f\t%s\t%.0f\t%.2f\t%s\t\n", r.Config.Name, r.Arch, r.Params, nodes,
			byzantineLabel(r.Config), r.FinalAccuracy, r.FinalMin, diff, r.MessageBytes, r.BytesPerNode/1e6, r.Elapsed.Round(100*time.Millisecond))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range results {
		if r.RefusedSteps > 0 {
			fmt.Fprintf(w, "%s: honest nodes refused %d steps (poisoned models outside the step's exact range)\n", r.Config.Name, r.RefusedSteps)
		}
	}
	return nil
}

func byzantineLabel(c Config) string {
	if c.ByzantineBps == 0 {
		return "-"
	}
	return fmt.Sprintf("%d%% %s", c.ByzantineBps/100, c.Attack)
}

// WriteCSV writes every evaluated round of every result.
func WriteCSV(w io.Writer, results []Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"run", "model", "round", "mean_accuracy", "min_accuracy", "max_accuracy", "bytes_per_node", "online"}); err != nil {
		return err
	}
	for _, r := range results {
		for _, s := range r.Rounds {
			if err := cw.Write([]string{r.Config.Name, r.Arch, strconv.Itoa(s.Round),
				strconv.FormatFloat(s.MeanAccuracy, 'f', 5, 64), strconv.FormatFloat(s.MinAccuracy, 'f', 5, 64),
				strconv.FormatFloat(s.MaxAccuracy, 'f', 5, 64), strconv.FormatFloat(s.BytesPerNode, 'f', 0, 64), strconv.Itoa(s.Online)}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
