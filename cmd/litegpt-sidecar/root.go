package main

import "github.com/spf13/cobra"

// newRootCmd is the command tree.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "litegpt-sidecar",
		Short:         "LiteGPT sidecar: learning, compression and simulation",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newSimulateCmd(), newTrainCmd(), newEvaluateCmd())
	return root
}
