// Command litegptd is the LiteGPT chain daemon and CLI: it runs a node
// (start), manages keys and genesis files, and sends transactions and
// queries to a node.
package main

import (
	"fmt"
	"os"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/litegpt/litegpt/app"
	"github.com/litegpt/litegpt/cmd/litegptd/cmd"
)

func main() {
	rootCmd := cmd.NewRootCmd()
	if err := svrcmd.Execute(rootCmd, "LITEGPT", app.DefaultNodeHome); err != nil {
		fmt.Fprintln(rootCmd.ErrOrStderr(), err)
		os.Exit(1)
	}
}
