package main

import "github.com/spf13/cobra"

// newRootCmd is the command tree.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "litegpt-sidecar",
		Short:         "LiteGPT sidecar: learning, compression, simulation and Proof-of-Gradient proofs",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newSimulateCmd(), newTrainCmd(), newEvaluateCmd(),
		newKeysCmd(), newProveCmd(), newVerifyCmd(), newBenchProofCmd(), newVoteCmd(), newInitCmd(), newConfigCmd(), newStartCmd())
	return root
}
