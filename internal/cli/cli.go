// Package cli implements the guichet command: one Run function that the thin
// main calls, and one file per subcommand.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Env is what a subcommand receives from the outside world.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, args []string, env Env) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":   {"run the web UI, the JSON API and the background workers", runServe},
		"migrate": {"apply pending database migrations", runMigrate},
		"demo":    {"load the demo company into an empty database", runDemo},
		"user":    {"manage agents: user create --email E --name N --role admin|agent|read-only", runUser},
		"token":   {"issue API tokens: token create --user EMAIL (prints only the token)", runToken},
		"portal":  {"requester portal: portal link --email E (prints a fresh sign-in link, mails nothing)", runPortal},
		"bench":   {"generate a data set and measure throughput and latency (bench mail: the email channel)", runBench},
		"import":  {"import old mail: import mail PATH (an mbox file or a Maildir folder; resumable)", runImport},
		"version": {"print the version", runVersion},
	}
}

// ErrUsage marks a command-line mistake; main exits with status 2 for it.
var ErrUsage = errors.New("usage")

// Run executes the subcommand named by args[0].
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	env := Env{Getenv: getenv, Stdin: stdin, Stdout: stdout, Stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return fmt.Errorf("%w: a command is required", ErrUsage)
		}
		return nil
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		usage(stderr)
		return fmt.Errorf("%w: unknown command %q", ErrUsage, args[0])
	}
	return cmd.run(ctx, args[1:], env)
}

// ExitCode maps an error from Run to a process exit status.
func ExitCode(err error) int {
	if errors.Is(err, ErrUsage) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Guichet — a service desk for internal and external customers.")
	fmt.Fprintln(w, "\nUsage: guichet COMMAND [flags]   (guichet COMMAND -h for its flags)\n\nCommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet("guichet "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// parse parses args and turns flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments: %s", ErrUsage, strings.Join(fs.Args(), " "))
	}
	return nil
}
