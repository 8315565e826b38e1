package gitops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"reef/gitops/commitmsg"
	"reef/gitops/gitconfig"
	"reef/gitops/index"
	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/refs"
)

// CommitOptions says what Commit writes.
type CommitOptions struct {
	// Message is the message as typed, like `git commit -m`: cleaned as
	// commit.cleanup says (by default: whitespace only; comment lines are
	// kept). With PrepareCommit(forEditor) an empty Message means git's own
	// starting text instead (HEAD's message when amending, MERGE_MSG,
	// commit.template) and the message is cleaned as edited text.
	Message    string
	Amend      bool // replace HEAD, keeping its parents and author
	AllowEmpty bool // commit even when the tree equals the parent's
	NoVerify   bool // skip pre-commit and commit-msg
	// Output receives the hooks' output (stdout and stderr, interleaved) as
	// they run. It is written from another goroutine while a hook runs.
	Output io.Writer
}

// CommitResult is what a commit wrote.
type CommitResult struct {
	ID      Hash
	Branch  string // short name; empty when detached
	Subject string
	Signed  bool
}

// HookError is a hook that failed and aborted the commit.
type HookError struct {
	Hook   string // "pre-commit", "prepare-commit-msg", "commit-msg"
	Code   int    // exit code; -1 when killed by a signal
	Output string // what it printed (the end of it when long)
}

func (e *HookError) Error() string {
	return fmt.Sprintf("the %s hook failed (exit %d): commit aborted, the message is kept", e.Hook, e.Code)
}

// Errors a commit can stop with before writing anything.
var (
	ErrNothingToCommit   = errors.New("nothing to commit: stage changes first, or allow an empty commit")
	ErrEmptyMessage      = errors.New("empty commit message: write a message; nothing was committed")
	ErrTemplateUntouched = errors.New("the commit template was not edited: write a message; nothing was committed")
)

// PendingCommit is a commit whose pre-commit and prepare-commit-msg
// hooks have run and whose message is in MessageFile, for the user to
// edit (reef's `C`) before Finish.
type PendingCommit struct {
	repo *Repo
	opts CommitOptions
	file string

	store    *refs.Store
	hooks    *hookRunner
	signer   *signer
	mode     commitmsg.Mode
	comment  string
	verbose  bool   // commit.verbose: cut at the scissors line whatever the mode
	template string // the template git checks was edited; "" for none
	head     refs.Head
	obj      commitObject // all but the message
	reflog   string       // "commit", "commit (amend)"...
	logAll   string       // core.logAllRefUpdates
	finished bool
}

// MessageFile is .git/COMMIT_EDITMSG, holding the message to edit.
func (p *PendingCommit) MessageFile() string { return p.file }

// PrepareCommit runs pre-commit, writes the message (with git's comment
// lines when forEditor) to COMMIT_EDITMSG and runs prepare-commit-msg.
// The tree is taken from the index as pre-commit left it; nothing is
// committed until Finish.
func (r *Repo) PrepareCommit(ctx context.Context, o CommitOptions, forEditor bool) (*PendingCommit, error) {
	if r.workTree == "" {
		return nil, fmt.Errorf("%w: commit in a clone with a work tree", ErrBare)
	}
	cfg, err := r.freshConfig()
	if err != nil {
		return nil, err
	}
	p := &PendingCommit{repo: r, opts: o, file: filepath.Join(r.gitDir, "COMMIT_EDITMSG"), store: refs.Open(r.gitDir, r.commonDir)}
	auto, err := p.configure(cfg, forEditor)
	if err != nil {
		return nil, err
	}
	if p.head, err = p.store.Head(); err != nil {
		return nil, err
	}
	state, err := r.readMergeState()
	if err != nil {
		return nil, err
	}
	var headRaw []byte
	if o.Amend {
		switch {
		case p.head.Unborn:
			return nil, errors.New("nothing to amend: the branch has no commits yet")
		case state.merging():
			return nil, errors.New("a merge is in progress: commit it, or abort it with git merge --abort, before amending")
		case !state.cherryPick.IsZero():
			return nil, errors.New("a cherry-pick is in progress: commit it, or abort it with git cherry-pick --abort, before amending")
		}
		if headRaw, err = r.rawCommit(p.head.ID); err != nil {
			return nil, err
		}
	}
	if _, err := r.committableIndex(); err != nil {
		return nil, err
	}
	author, err := r.keptAuthor(headRaw, state)
	if err != nil {
		return nil, err
	}
	ids, err := r.commitIdentities(ctx, author)
	if err != nil {
		return nil, err
	}
	p.obj.author, p.obj.committer = ids.author, ids.committer
	if p.signer, err = r.commitSigner(cfg, ids.committer); err != nil {
		return nil, err
	}
	if p.hooks, err = r.newHookRunner(cfg, ids, o.Output, forEditor); err != nil {
		return nil, err
	}

	if !o.NoVerify {
		if _, err := p.hooks.run(ctx, "pre-commit", true, nil); err != nil {
			return nil, err
		}
	}
	// pre-commit may have staged files (a formatter): read the index again.
	ix, err := r.committableIndex()
	if err != nil {
		return nil, err
	}

	msg, hookArgs, err := p.startMessage(cfg, forEditor, state, headRaw)
	if err != nil {
		return nil, err
	}
	if auto {
		if p.comment, err = commitmsg.AutoComment(msg); err != nil {
			return nil, err
		}
	}
	if forEditor {
		msg += p.editorBlock(state, headRaw != nil || !state.cherryPick.IsZero())
	}
	if err := os.WriteFile(p.file, []byte(msg), 0o666); err != nil {
		return nil, fmt.Errorf("write %s: %w", p.file, err)
	}

	if p.obj.tree, err = r.WriteTree(ix); err != nil {
		return nil, err
	}
	if err := p.chooseParents(ctx, state, headRaw); err != nil {
		return nil, err
	}
	if err := p.checkNotEmpty(len(ix.Entries), state, headRaw); err != nil {
		return nil, err
	}
	// git runs prepare-commit-msg even with --no-verify.
	if _, err := p.hooks.run(ctx, "prepare-commit-msg", true, nil, append([]string{p.hookFile()}, hookArgs...)...); err != nil {
		return nil, err
	}
	return p, nil
}

// configure reads the settings a commit uses; it reports whether the
// comment character is "auto" (chosen once the message is known).
func (p *PendingCommit) configure(cfg *gitconfig.Config, editing bool) (auto bool, err error) {
	cleanup := ""
	if e, ok := cfg.Lookup("commit.cleanup"); ok {
		if e.NoValue {
			return false, errors.New("missing value for 'commit.cleanup' in the git configuration")
		}
		cleanup = e.Value
	}
	if p.mode, err = commitmsg.ParseMode(cleanup, editing); err != nil {
		return false, err
	}
	if p.comment, auto, err = commentConfig(cfg); err != nil {
		return false, err
	}
	if v, err := cfg.Bool("commit.verbose", false); err == nil {
		p.verbose = v
	} else if n, err := cfg.Int("commit.verbose", 0); err == nil {
		p.verbose = n > 0
	}
	if enc, ok := cfg.Get("i18n.commitencoding"); ok && !isUTF8Name(enc) {
		p.obj.encoding = enc
	}
	p.logAll, _ = cfg.Get("core.logallrefupdates")
	return auto, nil
}

// committableIndex reads the index, refusing one git would not commit:
// held by another git process, or with unresolved conflicts.
func (r *Repo) committableIndex() (*index.Index, error) {
	lock := r.indexPath() + ".lock"
	if _, err := os.Stat(lock); err == nil {
		return nil, fmt.Errorf("%w: %s exists; remove it if no git process is running", ErrLocked, lock)
	}
	ix, err := r.readIndex()
	if err != nil {
		return nil, err
	}
	for i := range ix.Entries {
		if ix.Entries[i].Stage != 0 {
			return nil, fmt.Errorf("committing is not possible because you have unmerged files (%s): resolve them and stage the result", ix.Entries[i].Path)
		}
	}
	return ix, nil
}

// keptAuthor is the author line a commit keeps instead of the current
// user: HEAD's when amending, the picked commit's during a cherry-pick.
func (r *Repo) keptAuthor(headRaw []byte, state mergeState) (string, error) {
	raw := headRaw
	if raw == nil {
		if state.cherryPick.IsZero() {
			return "", nil
		}
		var err error
		if raw, err = r.rawCommit(state.cherryPick); err != nil {
			return "", err
		}
	}
	a, ok := commitHeader(raw, "author")
	if !ok {
		return "", errors.New("the commit whose author is kept has no author line: use git for this commit")
	}
	return a, nil
}

// Finish reads the message file, runs commit-msg, cleans the message,
// writes the commit (signed when configured), moves the branch with its
// reflog, and runs post-commit.
func (p *PendingCommit) Finish(ctx context.Context) (CommitResult, error) {
	if p.finished {
		return CommitResult{}, errors.New("this commit was already made")
	}
	r := p.repo
	if !p.opts.NoVerify {
		if _, err := p.hooks.run(ctx, "commit-msg", true, nil, p.hookFile()); err != nil {
			return CommitResult{}, err
		}
	}
	raw, err := os.ReadFile(p.file)
	if err != nil {
		return CommitResult{}, fmt.Errorf("could not read the commit message: %w", err)
	}
	msg := commitmsg.Clean(string(raw), p.mode, p.comment, p.verbose)
	if p.template != "" && commitmsg.TemplateUntouched(msg, p.template, p.mode, p.comment) {
		return CommitResult{}, ErrTemplateUntouched
	}
	if commitmsg.IsEmpty(msg, p.mode) {
		return CommitResult{}, ErrEmptyMessage
	}
	if strings.IndexByte(msg, 0) >= 0 {
		return CommitResult{}, errors.New("the commit message holds a NUL byte, which git does not allow")
	}
	obj := p.obj
	obj.message = msg
	data := obj.encode()
	signed := false
	if p.signer != nil {
		sig, err := p.signer.sign(ctx, data)
		if err != nil {
			return CommitResult{}, err
		}
		data, signed = withSignature(data, sig), true
	}
	id, err := r.db.Write(odb.Commit, data)
	if err != nil {
		return CommitResult{}, fmt.Errorf("write the commit: %w", err)
	}
	subject, _, _ := strings.Cut(msg, "\n")
	err = p.store.Update("HEAD", id, p.head.ID, refs.UpdateOptions{
		Message: p.reflog + ": " + subject, Committer: p.obj.committer, LogAllRefUpdates: p.logAll,
	})
	switch {
	case errors.Is(err, refs.ErrLocked):
		return CommitResult{}, fmt.Errorf("%w: %v; nothing was committed, the message is kept", ErrLocked, err)
	case errors.Is(err, refs.ErrChanged):
		return CommitResult{}, fmt.Errorf("HEAD moved while committing (%v): nothing was committed, the message is kept; commit again", err)
	case err != nil:
		return CommitResult{}, err
	}
	p.finished = true
	r.clearMergeState()
	_ = r.SaveDraft("") // the commit is made; a draft left over is only stale text
	// post-commit and post-rewrite cannot undo the commit: git ignores
	// their exit status, and so does reef (their output was shown).
	_, _ = p.hooks.run(ctx, "post-commit", true, nil)
	if p.opts.Amend {
		_, _ = p.hooks.run(ctx, "post-rewrite", false, []byte(p.head.ID.String()+" "+id.String()+"\n"), "amend")
	}
	return CommitResult{
		ID: id, Branch: strings.TrimPrefix(p.head.Branch, "refs/heads/"),
		Subject: object.Subject(msg), Signed: signed,
	}, nil
}

// CommitStaged commits the index: PrepareCommit then Finish with o.Message.
func (r *Repo) CommitStaged(ctx context.Context, o CommitOptions) (CommitResult, error) {
	p, err := r.PrepareCommit(ctx, o, false)
	if err != nil {
		return CommitResult{}, err
	}
	return p.Finish(ctx)
}

// rawCommit is a commit object's content (through a replace ref, as git
// reads it).
func (r *Repo) rawCommit(id Hash) ([]byte, error) {
	if rid, ok := r.replace[id]; ok {
		id = rid
	}
	typ, data, err := r.db.Read(id)
	if err != nil {
		return nil, err
	}
	if typ != odb.Commit {
		return nil, fmt.Errorf("%s is a %s, not a commit", id, typ)
	}
	return data, nil
}
