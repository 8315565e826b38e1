package gitops

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"reef/gitops/commitmsg"
	"reef/gitops/gitcli"
	"reef/gitops/gitconfig"
	"reef/gitops/refs"
)

// draftPath is where the message box's text is kept between attempts.
func (r *Repo) draftPath() string { return filepath.Join(r.gitDir, "reef", "draft") }

// freshConfig reads the configuration again: a commit honours what the
// user set since reef started (signing, hooks, identity), as git would.
func (r *Repo) freshConfig() (*gitconfig.Config, error) {
	branch := ""
	if h, err := refs.Open(r.gitDir, r.commonDir).Read("HEAD"); err == nil {
		branch = strings.TrimPrefix(h.Symbolic, "refs/heads/")
		if branch == h.Symbolic {
			branch = ""
		}
	}
	return gitconfig.Load(gitconfig.Sources{GitDir: r.gitDir, CommonDir: r.commonDir, Env: r.env, Branch: branch})
}

// commentConfig is the comment prefix from core.commentChar or
// core.commentString (the last one set wins, as in git), and whether it is
// "auto".
func commentConfig(cfg *gitconfig.Config) (string, bool, error) {
	entries := cfg.Entries()
	for i := len(entries) - 1; i >= 0; i-- {
		if k := entries[i].Key; k == "core.commentchar" || k == "core.commentstring" {
			return commitmsg.ParseComment(k, entries[i].Value, entries[i].NoValue)
		}
	}
	return commitmsg.DefaultComment, false, nil
}

// templatePath is commit.template expanded as git does ("~" is HOME, a
// relative path is taken from the top of the work tree); "" when unset.
func (r *Repo) templatePath(cfg *gitconfig.Config) (string, error) {
	p, ok, err := cfg.Path("commit.template")
	if err != nil {
		return "", fmt.Errorf("commit.template: %w", err)
	}
	if !ok || p == "" {
		return "", nil
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.workTree, p)
	}
	return p, nil
}

// CommitDraft is the text the message box starts with: the saved draft
// when there is one (during a merge, only when saved after git wrote
// MERGE_MSG), else MERGE_MSG (a merge, cherry-pick or revert in progress)
// or SQUASH_MSG, else HEAD's message when amending, else commit.template.
// Comment lines of MERGE_MSG and the template are left out: the box's text
// is committed as it is.
func (r *Repo) CommitDraft(amend bool) (string, error) {
	cfg, err := r.freshConfig()
	if err != nil {
		return "", err
	}
	comment, _, err := commentConfig(cfg)
	if err != nil {
		return "", err
	}
	draft, draftErr := os.ReadFile(r.draftPath())
	var draftTime int64
	if draftErr == nil {
		if st, err := os.Stat(r.draftPath()); err == nil {
			draftTime = st.ModTime().UnixNano()
		}
	} else if !errors.Is(draftErr, os.ErrNotExist) {
		return "", fmt.Errorf("read the saved draft: %w", draftErr)
	}
	for _, name := range []string{"MERGE_MSG", "SQUASH_MSG"} {
		path := filepath.Join(r.gitDir, name)
		st, err := os.Stat(path)
		if err != nil {
			continue
		}
		if draftErr == nil && draftTime >= st.ModTime().UnixNano() {
			return string(draft), nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("read %s: %w", name, err)
		}
		return commitmsg.Stripspace(string(b), comment), nil
	}
	if draftErr == nil {
		return string(draft), nil
	}
	if amend {
		h, err := refs.Open(r.gitDir, r.commonDir).Head()
		if err != nil {
			return "", err
		}
		if h.Unborn {
			return "", nil
		}
		raw, err := r.rawCommit(h.ID)
		if err != nil {
			return "", err
		}
		return messageOf(raw), nil
	}
	tp, err := r.templatePath(cfg)
	if err != nil || tp == "" {
		return "", err
	}
	b, err := os.ReadFile(tp)
	if err != nil {
		return "", fmt.Errorf("could not read the commit template %s: %w", tp, err)
	}
	return commitmsg.Stripspace(string(b), comment), nil
}

// SaveDraft keeps the message box's text (in .git/reef/draft) so a
// cancelled or failed commit loses nothing; "" removes it.
func (r *Repo) SaveDraft(text string) error {
	path := r.draftPath()
	if text == "" {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove the saved draft: %w", err)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return fmt.Errorf("save the draft: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "draft-*")
	if err != nil {
		return fmt.Errorf("save the draft: %w", err)
	}
	_, err = f.WriteString(text)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("save the draft: %w", err)
	}
	return nil
}

// Editor is the editor command git would run (GIT_EDITOR, core.editor,
// VISUAL unless TERM is unset or "dumb", EDITOR, else git's built-in
// default, usually vi), as `git var GIT_EDITOR` says, as a shell command
// line. It is "" when git would refuse to start one (a dumb
// terminal and no editor configured). Like git, run it through the shell
// when it holds shell syntax (sh -c '<editor> "$@"' <editor> FILE).
func (r *Repo) Editor() string {
	// git knows its build's default (Debian's git says "editor", not vi).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := gitcli.Runner{Dir: r.workTree, Env: r.env}.Output(ctx, nil, "var", "GIT_EDITOR")
	var gerr *gitcli.Error
	switch {
	case err == nil:
		return strings.TrimSuffix(string(out), "\n")
	case errors.As(err, &gerr) && strings.Contains(gerr.Stderr, "dumb"):
		return ""
	}
	return r.editorWithoutGit()
}

// editorWithoutGit is git_editor()'s order, for when git cannot be asked.
func (r *Repo) editorWithoutGit() string {
	if v, ok := lookupEnv(r.env, "GIT_EDITOR"); ok {
		return v
	}
	cfg := r.cfg
	if fresh, err := r.freshConfig(); err == nil {
		cfg = fresh
	}
	if v, ok := cfg.Get("core.editor"); ok {
		return v
	}
	term, ok := lookupEnv(r.env, "TERM")
	dumb := !ok || term == "dumb"
	if v, ok := lookupEnv(r.env, "VISUAL"); ok && !dumb {
		return v
	}
	if v, ok := lookupEnv(r.env, "EDITOR"); ok {
		return v
	}
	if dumb {
		return ""
	}
	return "vi"
}
