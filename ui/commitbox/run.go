package commitbox

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

// draftMsg carries the text the box starts with.
type draftMsg struct {
	run    uint64
	text   string
	head   string // HEAD's short hash
	branch string
	err    error
}

// loadDraft reads the draft (CommitDraft) and what the title names.
func loadDraft(ctx context.Context, repo *gitops.Repo, run uint64, amend bool) tea.Cmd {
	return func() tea.Msg {
		msg := draftMsg{run: run}
		if h, err := repo.Head(); err == nil {
			msg.branch = h.Branch
			if !h.Unborn {
				msg.head = repo.ShortHash(h.ID)
			}
		}
		msg.text, msg.err = repo.CommitDraft(amend)
		return msg
	}
}

// saveDraft keeps the box's text for next time ("" forgets it).
func saveDraft(repo *gitops.Repo, text string) tea.Cmd {
	return func() tea.Msg {
		return ClosedMsg{Err: repo.SaveDraft(text)}
	}
}

// done is how a commit run ended.
type done struct {
	res gitops.CommitResult
	err error
	// message is the text to put back in the box after a failure of a
	// commit through the editor (the message file, comments dropped).
	message string
}

// commit runs CommitStaged with the hooks' output streamed to the box.
func commit(ctx context.Context, repo *gitops.Repo, run uint64, s *stream, o gitops.CommitOptions) tea.Cmd {
	o.Output = s
	return tea.Batch(func() tea.Msg {
		res, err := repo.CommitStaged(ctx, o)
		if err != nil {
			// The box keeps the message; so does the draft, for the
			// next start.
			_ = repo.SaveDraft(o.Message)
		} else {
			_ = repo.SaveDraft("")
		}
		s.finish(done{res: res, err: err})
		return nil
	}, read(ctx, run, s))
}

// prepared is the end of the first step of a commit through the editor.
type prepared struct {
	p      *gitops.PendingCommit
	editor string // the editor command line git would run
	err    error
}

// prepare runs pre-commit and prepare-commit-msg and writes the message
// file, starting from the box's draft.
func prepare(ctx context.Context, repo *gitops.Repo, run uint64, s *stream) tea.Cmd {
	return tea.Batch(func() tea.Msg {
		ed := repo.Editor()
		if ed == "" {
			s.finish(prepared{err: errors.New("no editor to run: set GIT_EDITOR, core.editor, VISUAL or EDITOR (or use c to write the message here)")})
			return nil
		}
		draft, _ := repo.CommitDraft(false)
		p, err := repo.PrepareCommit(ctx, gitops.CommitOptions{Message: draft, Output: s}, true)
		s.finish(prepared{p: p, editor: ed, err: err})
		return nil
	}, read(ctx, run, s))
}

// editedMsg says the editor exited.
type editedMsg struct {
	run uint64
	p   *gitops.PendingCommit
	err error
}

// edit gives the terminal to the editor git would run, on the message
// file: `sh -c '<editor> "$@"' <editor> FILE`, as git runs it.
func edit(ed, dir string, environ []string, run uint64, p *gitops.PendingCommit) tea.Cmd {
	c := exec.Command("sh", "-c", ed+` "$@"`, ed, p.MessageFile())
	c.Dir = dir
	if environ != nil {
		c.Env = environ
	}
	return tea.ExecProcess(c, func(err error) tea.Msg { return editedMsg{run: run, p: p, err: err} })
}

// finish makes the commit from the edited message file.
func finish(ctx context.Context, repo *gitops.Repo, run uint64, s *stream, p *gitops.PendingCommit) tea.Cmd {
	return tea.Batch(func() tea.Msg {
		res, err := p.Finish(ctx)
		d := done{res: res, err: err}
		if err != nil {
			d.message = uncomment(p.MessageFile())
			_ = repo.SaveDraft(d.message)
		} else {
			_ = repo.SaveDraft("")
		}
		s.finish(d)
		return nil
	}, read(ctx, run, s))
}

// uncomment is a message file without git's comment lines (and without
// the scissors line's tail).
func uncomment(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "# ------------------------ >8") {
			break
		}
		if strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
