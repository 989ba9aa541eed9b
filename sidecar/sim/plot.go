package sim

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// PlotRounds writes a PNG of mean honest accuracy against rounds.
func PlotRounds(results []Result, path string) error {
	return plotSeries(results, path, "Accuracy per round", "round", false)
}

// PlotBytes writes a PNG of mean honest accuracy against cumulative
// megabytes sent per node (gossip runs only; a centralized run sends
// nothing).
func PlotBytes(results []Result, path string) error {
	var gossip []Result
	for _, r := range results {
		if !r.Config.Centralized {
			gossip = append(gossip, r)
		}
	}
	return plotSeries(gossip, path, "Accuracy against traffic", "MB sent per node (log scale)", true)
}

func plotSeries(results []Result, path, title, xLabel string, bytes bool) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = "mean test accuracy of honest nodes"
	p.Legend.Top = false
	p.Legend.Left = false
	p.Add(plotter.NewGrid())
	if bytes {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	for i, r := range results {
		var pts plotter.XYs
		for _, s := range r.Rounds {
			x := float64(s.Round)
			if bytes {
				x = s.BytesPerNode / 1e6
				if x <= 0 {
					continue
				}
			}
			pts = append(pts, plotter.XY{X: x, Y: s.MeanAccuracy})
		}
		if len(pts) == 0 {
			continue
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return fmt.Errorf("plot %s: %w", r.Config.Name, err)
		}
		line.Color = plotutil.Color(i)
		line.Dashes = plotutil.Dashes(i / len(plotutil.DefaultColors))
		line.Width = vg.Points(1.5)
		p.Add(line)
		p.Legend.Add(r.Config.Name, line)
	}
	if err := p.Save(9*vg.Inch, 5.5*vg.Inch, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
