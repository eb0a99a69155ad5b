// Command duban (督办) tracks a government's annual key tasks, target
// against actual, in a terminal: the 2019 key tasks of the Zhuzhou
// municipal government work report ship with it.
//
// Run it with no arguments for the interactive screens, or see
// `duban --help` for the commands.
package main

import (
	"context"
	"os"

	"duban/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
