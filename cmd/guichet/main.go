// Command guichet runs the Guichet service desk: `guichet serve` runs the web UI,
// the JSON API and the background workers; see `guichet help` for the rest.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // business calendars need time zones wherever the binary runs

	"guichet/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "guichet:", err)
		stop()
		os.Exit(cli.ExitCode(err))
	}
}
