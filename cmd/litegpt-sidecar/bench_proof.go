package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/sidecar/circuit"
)

func newBenchProofCmd() *cobra.Command {
	var ids []string
	var seed uint64
	cmd := &cobra.Command{
		Use:   "bench-proof",
		Short: "Measure the step circuits: constraints, setup, prove and verify time, proof size, peak memory",
		Long: `Compiles each circuit, makes single-party keys, proves a synthetic step
(random parents and batches, a data tree of 64 leaves) and verifies it,
then prints the Markdown table of docs/proof-of-gradient.md. The default
circuits are the UCI digits shape (batch 32, 64 features, 10 classes) and
the binary reference shapes (32 x 32 and 64 x 128), each with 1 and 2
parents: about 3 minutes and 1.5 GB on 2 cores.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			shapes := circuit.BenchmarkShapes()
			if len(ids) > 0 {
				shapes = shapes[:0]
				for _, id := range ids {
					s, err := circuit.ParseID(id)
					if err != nil {
						return err
					}
					shapes = append(shapes, s)
				}
			}
			var rows []circuit.Measurement
			for i, s := range shapes {
				fmt.Fprintf(cmd.ErrOrStderr(), "[%d/%d] %s ...\n", i+1, len(shapes), s.ID())
				m, err := circuit.Measure(s, seed)
				if err != nil {
					return fmt.Errorf("circuit %s: %w", s.ID(), err)
				}
				rows = append(rows, m)
			}
			return circuit.WriteTable(cmd.OutOrStdout(), rows)
		},
	}
	cmd.Flags().StringArrayVar(&ids, "circuit", nil, "circuit id to measure (repeatable; default: the benchmark shapes)")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the synthetic step")
	return cmd
}
