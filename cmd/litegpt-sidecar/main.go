// Command litegpt-sidecar is the LiteGPT sidecar: the off-chain half of a
// node. This build holds the learning core's commands: simulate (gossip
// learning in process), train and evaluate (the fixed-point step on any
// CSV or IDX data set); and the Proof-of-Gradient commands: keys (the
// trusted setup of a step circuit), prove, verify and bench-proof.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/consensys/gnark/logger"
)

func main() {
	logger.Disable() // gnark's per-phase debug log; the commands print their own results
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCmd()
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(root.ErrOrStderr(), "error:", err)
		os.Exit(1)
	}
}
