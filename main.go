// Command reef is a terminal Git client for reviewing Infrastructure as
// Code. "reef [PATH]" opens the interactive program on the repository at
// PATH (default: the current directory); "reef log|diff|status|blame ..."
// print like their git namesakes, for scripts and pagers.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"

	"reef/ui/app"
	"reef/ui/cli"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(argv []string) int {
	dir := "."
	for len(argv) >= 2 && argv[0] == "-C" {
		dir, argv = argv[1], argv[2:]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := cli.Env{Dir: dir, Stdout: os.Stdout, Stderr: os.Stderr, Environ: os.Environ()}
	if len(argv) > 0 {
		switch argv[0] {
		case "-h", "--help", "help":
			fmt.Fprint(os.Stdout, usage)
			return 0
		case "--version", "version":
			fmt.Println("reef", version)
			return 0
		}
		if cmd, ok := cli.Commands[argv[0]]; ok {
			return cmd(ctx, env, argv[1:])
		}
		if len(argv) > 1 {
			fmt.Fprintf(os.Stderr, "reef: unknown command %q\n%s", argv[0], usage)
			return cli.ExitUsage
		}
		env.Dir = argv[0]
	}
	return runUI(ctx, env)
}

// runUI runs the interactive program on env.Dir.
func runUI(ctx context.Context, env cli.Env) int {
	p := tea.NewProgram(app.New(ctx, env.Dir, env.Environ), tea.WithContext(ctx))
	final, err := p.Run()
	if err != nil {
		fmt.Fprintf(env.Stderr, "reef: %v\n", err)
		return cli.ExitFatal
	}
	if m, ok := final.(app.Model); ok && m.Err() != nil {
		fmt.Fprintf(env.Stderr, "reef: %v\n", m.Err())
		return cli.ExitFatal
	}
	return 0
}

const version = "0.1.0-dev"

const usage = `usage: reef [-C DIR] [PATH]   open the interactive client on the repository at PATH (default .)

headless commands (print like git; paged on a terminal):
  reef log [--graph] [--all] [-n N] [--follow] [--oneline] [--format=FMT] [--date=MODE] [REV...] [-- PATH...]
  reef diff [--cached] [--stat|--numstat|--shortstat|--name-status|--name-only] [-U<n>] [-M|-C|--no-renames]
            [--unified|--side-by-side] [--color=auto|always|never] [REV [REV] | A..B | A...B] [-- PATH...]
  reef status [--porcelain[=v1|v2]] [-s] [-b] [-z] [-u<mode>] [--ignored] [-- PATH...]
  reef blame [--porcelain|--line-porcelain] [-L a,b] [-w] [REV] [--] PATH
`
