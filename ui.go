package main

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"reef/ui/app"
	"reef/ui/cli"
)

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
