package app

import (
	"context"

	"reef/gitops"
	"reef/ui/historypane"
)

// Start is the work before the first screen that needs no terminal: the
// repository opened and, for reef history PATH, the file's history
// begun. main starts it before it sets the terminal up (about 15 ms that
// the history's first page now has), and the program takes it over.
type Start struct {
	done   chan struct{}
	opened openedMsg
}

// Begin opens the repository at dir on its own goroutine and, when
// historyPath is set (relative to dir), starts that file's history.
func Begin(ctx context.Context, dir string, environ []string, historyPath string) *Start {
	s := &Start{done: make(chan struct{})}
	go func() {
		defer close(s.done)
		s.opened = open(ctx, dir, environ, historyPath)
	}()
	return s
}

// open opens the repository and, when historyPath is set (relative to
// dir: the directory reef was started in), finds it there and begins its
// history.
func open(ctx context.Context, dir string, environ []string, historyPath string) openedMsg {
	repo, err := gitops.Open(dir, gitops.Options{Env: environ})
	msg := openedMsg{repo: repo, err: err}
	if err == nil && historyPath != "" {
		var rel string
		if rel, msg.relErr = repoPath(dir, repo.WorkTree(), historyPath); msg.relErr == nil {
			msg.head = historypane.StartHead(ctx, repo, rel)
		}
	}
	return msg
}
