// Command devkey writes a single-party Groth16 BN254 verifying key of a toy
// circuit (x*x == y) in gnark's binary encoding, for trying
// `litegptd tx buildermarket approve-circuit-proposal` on a local chain-id:
//
//	go run ./x/buildermarket/testutil/devkey vk.bin
//
// Real circuits get their keys from a multi-party ceremony; a key like this
// one is refused outside litegpt-local* chain-ids.
package main

import (
	"fmt"
	"os"

	"github.com/litegpt/litegpt/x/buildermarket/testutil"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: devkey OUTPUT-FILE")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], testutil.VerifyingKey(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
