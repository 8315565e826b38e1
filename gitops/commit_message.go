package gitops

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"reef/gitops/commitmsg"
	"reef/gitops/gitconfig"
	"reef/gitops/object"
)

// hookFile is COMMIT_EDITMSG as git passes it to hooks.
func (p *PendingCommit) hookFile() string {
	dir, _ := p.repo.hookGitDir()
	return filepath.Join(dir, "COMMIT_EDITMSG")
}

// startMessage is the text COMMIT_EDITMSG starts with and the arguments
// prepare-commit-msg gets, chosen as git commit chooses them.
func (p *PendingCommit) startMessage(cfg *gitconfig.Config, editing bool, state mergeState, headRaw []byte) (string, []string, error) {
	r, o := p.repo, p.opts
	tp, err := r.templatePath(cfg)
	if err != nil {
		return "", nil, err
	}
	if o.Message == "" && tp != "" {
		// git checks against the template unless -m gave a non-empty text.
		if b, err := os.ReadFile(tp); err == nil {
			p.template = string(b)
		}
	}
	var msg string
	var args []string
	clean := true
	gitFile := func(name string) (string, bool, error) {
		b, err := os.ReadFile(filepath.Join(r.gitDir, name))
		if errors.Is(err, os.ErrNotExist) {
			return "", false, nil
		}
		return string(b), err == nil, err
	}
	switch {
	case !editing || o.Message != "":
		msg, args = o.Message, []string{"message"}
		if msg != "" && !strings.HasSuffix(msg, "\n") {
			msg += "\n"
		}
	case headRaw != nil:
		msg, args = messageOf(headRaw), []string{"commit", "HEAD"}
	default:
		found := false
		for _, f := range []struct{ file, arg string }{{"MERGE_MSG", "merge"}, {"SQUASH_MSG", "squash"}} {
			text, ok, err := gitFile(f.file)
			if err != nil {
				return "", nil, fmt.Errorf("could not read %s: %w", f.file, err)
			}
			if ok {
				msg, args, found = text, []string{f.arg}, true
				break
			}
		}
		switch {
		case found:
		case tp != "":
			b, err := os.ReadFile(tp)
			if err != nil {
				return "", nil, fmt.Errorf("could not read the commit template %s: %w", tp, err)
			}
			msg, args, clean = string(b), []string{"template"}, false
		case state.merging():
			args = []string{"merge"}
		case !state.cherryPick.IsZero():
			args = []string{"commit", "CHERRY_PICK_HEAD"}
		}
	}
	if clean && p.mode != commitmsg.Verbatim {
		msg = commitmsg.Stripspace(msg, "")
	}
	return msg, args, nil
}

// editorBlock is git's comment block after the message in COMMIT_EDITMSG.
func (p *PendingCommit) editorBlock(state mergeState, keptAuthor bool) string {
	b := commitmsg.Block{Comment: p.comment, Mode: p.mode, Merge: state.merging(), CherryPick: !state.merging() && !state.cherryPick.IsZero()}
	an, ae, ad, _ := splitIdent(p.obj.author)
	cn, ce, _, _ := splitIdent(p.obj.committer)
	if an != cn || ae != ce {
		b.Author = an + " <" + ae + ">"
	}
	if keptAuthor {
		b.Date = normalDate(ad)
	}
	switch {
	case p.head.Branch != "":
		b.Status = "On branch " + strings.TrimPrefix(p.head.Branch, "refs/heads/")
	default:
		b.Status = "Not currently on any branch."
	}
	if p.head.Unborn {
		b.Status += "\n\nInitial commit"
	} else if state.merging() {
		b.Status += "\nAll conflicts fixed but you are still merging."
	}
	return b.String()
}

// normalDate is an ident's "<secs> <tz>" in git's default date format
// ("Tue Nov 14 22:13:20 2023 +0000"), as the editor block shows it.
func normalDate(date string) string {
	secs, tz, ok := strings.Cut(date, " ")
	if !ok {
		return date
	}
	var s object.Signature
	s.TZ = tz
	var n int64
	if _, err := fmt.Sscan(secs, &n); err != nil {
		return date
	}
	return time.Unix(n, 0).In(time.FixedZone(tz, s.Offset()*60)).Format("Mon Jan 2 15:04:05 2006 ") + tz
}
