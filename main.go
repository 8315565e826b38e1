// Command reef is a terminal Git client for reviewing Infrastructure as
// Code. "reef [PATH]" opens the interactive program on the repository at
// PATH (default: the current directory); "reef demo" opens a small IaC
// repository it makes in a temp dir; "reef history PATH" opens it on one
// file's history; "reef log|diff|status|blame ..."
// print like their git namesakes, for scripts and pagers, and "reef
// review" reads a change as infrastructure.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"reef/gitops/demo"
	"reef/ui/app"
	"reef/ui/cli"
	"reef/ui/config"
	"reef/ui/keys"
	"reef/ui/styles"
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
		case "demo":
			return runDemo(ctx, env, argv[1:])
		case "history":
			return runHistory(ctx, env, argv[1:])
		case "pr":
			return cli.PR(ctx, env, argv[1:], cli.PRConfig{Forges: forges(), Hosts: forgeHosts(env)})
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

// runDemo builds the demo repository in a fresh temp dir, says where it
// is and opens it. The directory is kept afterwards: the user may come
// back to it, and deletes it when done.
func runDemo(ctx context.Context, env cli.Env, args []string) int {
	if len(args) > 0 {
		fmt.Fprintf(env.Stderr, "reef: demo takes no arguments (to open a directory named demo: reef ./demo)\n%s", usage)
		return cli.ExitUsage
	}
	dir, err := os.MkdirTemp("", "reef-demo-")
	if err != nil {
		fmt.Fprintf(env.Stderr, "reef: demo: %v\n", err)
		return cli.ExitFatal
	}
	if err := demo.Create(ctx, dir, env.Environ); err != nil {
		os.RemoveAll(dir)
		fmt.Fprintf(env.Stderr, "reef: %v\n", err)
		return cli.ExitFatal
	}
	fmt.Fprintf(env.Stdout, "reef: demo repository in %s (remove it when you are done)\n", dir)
	env.Dir = dir
	return runUI(ctx, env)
}

// runHistory opens the interactive program on the File history screen of
// one file: reef history [--] PATH (relative to the current directory, or
// to -C's).
func runHistory(ctx context.Context, env cli.Env, args []string) int {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	} else if len(args) > 0 && strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(env.Stderr, "reef: history takes no options (a path starting with -: reef history -- %s)\n%s", args[0], usage)
		return cli.ExitUsage
	}
	if len(args) != 1 || args[0] == "" {
		fmt.Fprintf(env.Stderr, "reef: history takes one file: reef history PATH\n%s", usage)
		return cli.ExitUsage
	}
	// A directory's commits would list, but each row's diff and counts
	// are of one file: say so rather than show empty changes.
	p := args[0]
	if !filepath.IsAbs(p) {
		p = filepath.Join(env.Dir, p)
	}
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		fmt.Fprintf(env.Stderr, "reef: %s is a directory: reef history follows one file (reef log -- %s lists the commits that changed it)\n", args[0], args[0])
		return cli.ExitUsage
	}
	return runProgram(ctx, env, args[0])
}

// runUI runs the interactive program on env.Dir with the user's config.
func runUI(ctx context.Context, env cli.Env) int {
	return runProgram(ctx, env, "")
}

// heapFloor keeps the garbage collector from running until the heap has
// grown to about twice its size. A walk that fills the first screen
// allocates 15-20 MB in its first 100 ms; from the runtime's 4 MB start
// that was four collections, each slowing the walk while it marked (the
// first screen of a big history came 9% sooner with them spaced out).
// Its pages are never touched, so it costs address space, not memory;
// once the live heap is larger than it, it changes little.
const heapFloor = 32 << 20

// runProgram runs the interactive program on env.Dir, on the history of
// historyPath when set. The repository opens (and that history begins)
// while the config is read and the terminal set up.
func runProgram(ctx context.Context, env cli.Env, historyPath string) int {
	floor := make([]byte, heapFloor)
	defer runtime.KeepAlive(floor)
	start := app.Begin(ctx, env.Dir, env.Environ, historyPath)
	o, profile := uiOptions(env)
	o.HistoryPath, o.Start = historyPath, start
	// The profile is detected once: inside tmux that runs tmux.
	p := tea.NewProgram(app.New(ctx, env.Dir, env.Environ, o), tea.WithContext(ctx), tea.WithEnvironment(env.Environ), tea.WithColorProfile(profile))
	final, err := p.Run()
	if err != nil {
		fmt.Fprintf(env.Stderr, "reef: %v\n", err)
		return cli.ExitFatal
	}
	// The repository is not closed: commands still reading it (a walk the
	// user quit during) would read its packs after they were unmapped, and
	// crash. The process is about to end, which unmaps them anyway.
	m, _ := final.(app.Model)
	if m.Err() != nil {
		fmt.Fprintf(env.Stderr, "reef: %v\n", m.Err())
		return cli.ExitFatal
	}
	return 0
}

// uiOptions reads the config file and decides how to draw: the theme for
// the terminal's background (asked at start when the theme follows it)
// and its colour profile (NO_COLOR and 16/256-colour terminals included).
func uiOptions(env cli.Env) (app.Options, colorprofile.Profile) {
	km := keys.Default()
	cfg, problems := config.Load(env.Environ, km)
	profile := colorprofile.Detect(env.Stdout, env.Environ)
	o := app.Options{
		Keys:         km,
		Diff:         cfg.Diff,
		HistoryIndex: cfg.HistoryIndex,
		Styles: func(dark bool) *styles.Styles {
			return styles.ForProfile(cfg.Theme(dark), profile)
		},
		DarkKnown: !cfg.FollowsBackground() || profile <= colorprofile.Ascii,
		Dark:      cfg.Theme(true).Dark,
	}
	for _, p := range problems {
		o.Problems = append(o.Problems, "config: "+p.String())
	}
	return o, profile
}

const version = "0.1.0-dev"

const usage = `usage: reef [-C DIR] [PATH]   open the interactive client on the repository at PATH (default .)
       reef demo              create a small IaC repository in a temp dir and open it
       reef history PATH      open the interactive client on the history of one file

headless commands (print like git; paged on a terminal):
  reef log [--graph] [--all] [-n N] [--follow] [--oneline] [--format=FMT] [--date=MODE] [REV...] [-- PATH...]
  reef diff [--cached] [--stat|--numstat|--shortstat|--name-status|--name-only] [-U<n>] [-M|-C|--no-renames]
            [--unified|--side-by-side] [--color=auto|always|never] [REV [REV] | A..B | A...B] [-- PATH...]
  reef status [--porcelain[=v1|v2]] [-s] [-b] [-z] [-u<mode>] [--ignored] [-- PATH...]
  reef blame [--porcelain|--line-porcelain] [-L a,b] [-w] [REV] [--] PATH
  reef review [REV-RANGE | --staged | --worktree] [--plan FILE] [--format text|json] [--fail-on SEVERITY] [-- PATH...]
  reef pr list|show|comment|review|create|checks ... [--forge K] [--api-url URL] [--remote NAME] [--format text|json]
`
