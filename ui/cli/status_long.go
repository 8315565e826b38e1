package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"reef/gitops"
)

// long is git status's default format (wt_longstatus_print), hints
// included unless advice.statusHints is off.
func (p *statusPrinter) long(repo *gitops.Repo) {
	st, w := p.st, p.out
	b := st.Branch
	lp := &longPrinter{statusPrinter: p, repo: repo}
	switch {
	case !b.Detached:
		fmt.Fprintf(w, "On branch %s\n", b.Head)
	case st.State.Rebase || st.State.RebaseInteract:
		what := "rebase in progress; onto "
		if st.State.RebaseInteract {
			what = "interactive rebase in progress; onto "
		}
		fmt.Fprintf(w, "%s%s\n", p.color(colorRed, what), st.State.RebaseOnto)
	case b.DetachedFrom != "":
		what := "HEAD detached from "
		if b.DetachedAt {
			what = "HEAD detached at "
		}
		fmt.Fprintf(w, "%s%s\n", p.color(colorRed, what), b.DetachedFrom)
	default:
		fmt.Fprintf(w, "%s\n", p.color(colorRed, "Not currently on any branch."))
	}
	if !b.Unborn && !b.Detached {
		lp.tracking()
	}
	lp.state()
	if s := st.State; s.SparseCheckout {
		if s.SparsePercent < 0 {
			w.WriteString("You are in a sparse checkout.\n\n")
		} else {
			fmt.Fprintf(w, "You are in a sparse checkout with %d%% of tracked files present.\n\n", s.SparsePercent)
		}
	}
	if b.Unborn {
		w.WriteString("\nNo commits yet\n\n")
	}
	lp.updated()
	lp.unmerged()
	lp.changed()
	if st.Untracked != gitops.UntrackedNo {
		lp.other(p.others(gitops.StatusUntracked), "Untracked files", "add")
		lp.other(p.others(gitops.StatusIgnored), "Ignored files", "add -f")
	} else if lp.committable() {
		w.WriteString("Untracked files not listed")
		if p.hints {
			w.WriteString(" (use -u option to show untracked files)")
		}
		w.WriteByte('\n')
	}
	if !lp.committable() {
		lp.nothing()
	}
}

type longPrinter struct {
	*statusPrinter
	repo *gitops.Repo
}

func (p *longPrinter) hint(format string, a ...any) {
	if p.hints {
		fmt.Fprintf(p.out, format+"\n", a...)
	}
}

func (p *longPrinter) tracking() {
	b := p.st.Branch
	if b.Upstream == "" {
		return
	}
	base, w := b.UpstreamShort, p.out
	switch {
	case b.UpstreamGone:
		fmt.Fprintf(w, "Your branch is based on '%s', but the upstream is gone.\n", base)
		p.hint(`  (use "git branch --unset-upstream" to fixup)`)
	case !b.Differs:
		fmt.Fprintf(w, "Your branch is up to date with '%s'.\n", base)
	case p.quick:
		fmt.Fprintf(w, "Your branch and '%s' refer to different commits.\n", base)
		p.hint(`  (use "git status --ahead-behind" for details)`)
	case b.Behind == 0:
		fmt.Fprintf(w, "Your branch is ahead of '%s' by %d commit%s.\n", base, b.Ahead, plural(b.Ahead))
		p.hint(`  (use "git push" to publish your local commits)`)
	case b.Ahead == 0:
		fmt.Fprintf(w, "Your branch is behind '%s' by %d commit%s, and can be fast-forwarded.\n", base, b.Behind, plural(b.Behind))
		p.hint(`  (use "git pull" to update your local branch)`)
	default:
		fmt.Fprintf(w, "Your branch and '%s' have diverged,\nand have %d and %d different commit%s each, respectively.\n",
			base, b.Ahead, b.Behind, plural(b.Ahead+b.Behind))
		p.hint(`  (use "git pull" to merge the remote branch into yours)`)
	}
	w.WriteByte('\n')
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (p *longPrinter) hasUnmerged() bool {
	for _, e := range p.st.Entries {
		if e.Kind == gitops.StatusUnmerged {
			return true
		}
	}
	return false
}

// committable: something is staged (in the first commit, a conflict
// counts too, as in git).
func (p *longPrinter) committable() bool {
	for _, e := range p.st.Entries {
		switch e.Kind {
		case gitops.StatusOrdinary, gitops.StatusRenamed:
			if e.Staged != '.' {
				return true
			}
		case gitops.StatusUnmerged:
			if p.st.Branch.Unborn {
				return true
			}
		}
	}
	return false
}

// fromCommit is git's whence == FROM_COMMIT: no merge or cherry-pick to
// conclude, so the hints may suggest unstaging.
func (p *longPrinter) fromCommit() bool {
	_, err := os.Stat(filepath.Join(p.repo.GitDir(), "CHERRY_PICK_HEAD"))
	return !p.st.State.Merge && err != nil
}

func (p *longPrinter) unstageHint() {
	if !p.fromCommit() {
		return
	}
	if p.st.Branch.Unborn {
		p.hint(`  (use "git rm --cached <file>..." to unstage)`)
	} else {
		p.hint(`  (use "git restore --staged <file>..." to unstage)`)
	}
}

var statusLabels = map[byte]string{
	'A': "new file:", 'C': "copied:", 'D': "deleted:", 'M': "modified:",
	'R': "renamed:", 'T': "typechange:", 'U': "unmerged:", 'X': "unknown:",
}

// change prints one "\tmodified:   path" line; the label column is as
// wide as git's widest label, "typechange:", plus a space.
func (p *longPrinter) change(e *gitops.StatusEntry, status byte, color string, staged bool) {
	label := statusLabels[status]
	one := p.path(e.Path, false)
	text := label + strings.Repeat(" ", 12-len(label))
	if (status == 'R' || status == 'C') && e.OrigPath != "" && (e.Staged == status) == staged {
		text += p.path(e.OrigPath, false) + " -> " + one
	} else {
		text += one
	}
	extra := ""
	if !staged && (e.Submodule.CommitChanged || e.Submodule.Modified || e.Submodule.Untracked) {
		var parts []string
		if e.Submodule.CommitChanged {
			parts = append(parts, "new commits")
		}
		if e.Submodule.Modified {
			parts = append(parts, "modified content")
		}
		if e.Submodule.Untracked {
			parts = append(parts, "untracked content")
		}
		extra = " (" + strings.Join(parts, ", ") + ")"
	}
	fmt.Fprintf(p.out, "\t%s%s\n", p.color(color, text), extra)
}

func (p *longPrinter) updated() {
	shown := false
	p.tracked(func(e *gitops.StatusEntry) {
		if e.Kind == gitops.StatusUnmerged || e.Staged == '.' {
			return
		}
		if !shown {
			p.out.WriteString("Changes to be committed:\n")
			p.unstageHint()
			shown = true
		}
		p.change(e, e.Staged, colorGreen, true)
	})
	if shown {
		p.out.WriteByte('\n')
	}
}

var unmergedLabels = map[string]string{
	"DD": "both deleted:", "AU": "added by us:", "UD": "deleted by them:", "UA": "added by them:",
	"DU": "deleted by us:", "AA": "both added:", "UU": "both modified:",
}

func (p *longPrinter) unmerged() {
	var list []*gitops.StatusEntry
	bothDeleted, delMod, notDeleted := false, false, false
	p.tracked(func(e *gitops.StatusEntry) {
		if e.Kind != gitops.StatusUnmerged {
			return
		}
		list = append(list, e)
		switch string([]byte{e.Staged, e.Unstaged}) {
		case "DD":
			bothDeleted = true
		case "UD", "DU":
			delMod = true
		default:
			notDeleted = true
		}
	})
	if len(list) == 0 {
		return
	}
	p.out.WriteString("Unmerged paths:\n")
	p.unstageHint()
	switch {
	case !bothDeleted && !delMod:
		p.hint(`  (use "git add <file>..." to mark resolution)`)
	case !bothDeleted || delMod || notDeleted:
		p.hint(`  (use "git add/rm <file>..." as appropriate to mark resolution)`)
	default:
		p.hint(`  (use "git rm <file>..." to mark resolution)`)
	}
	for _, e := range list {
		label := unmergedLabels[string([]byte{e.Staged, e.Unstaged})]
		text := label + strings.Repeat(" ", 17-len(label)) + p.path(e.Path, false)
		fmt.Fprintf(p.out, "\t%s\n", p.color(colorRed, text))
	}
	p.out.WriteByte('\n')
}

func (p *longPrinter) changed() {
	any, deleted, dirtySub := false, false, false
	p.tracked(func(e *gitops.StatusEntry) {
		if e.Kind == gitops.StatusUnmerged || e.Unstaged == '.' {
			return
		}
		any = true
		deleted = deleted || e.Unstaged == 'D'
		dirtySub = dirtySub || e.Submodule.Modified || e.Submodule.Untracked
	})
	if !any {
		return
	}
	p.out.WriteString("Changes not staged for commit:\n")
	if deleted {
		p.hint(`  (use "git add/rm <file>..." to update what will be committed)`)
	} else {
		p.hint(`  (use "git add <file>..." to update what will be committed)`)
	}
	p.hint(`  (use "git restore <file>..." to discard changes in working directory)`)
	if dirtySub {
		p.hint(`  (commit or discard the untracked or modified content in submodules)`)
	}
	p.tracked(func(e *gitops.StatusEntry) {
		if e.Kind != gitops.StatusUnmerged && e.Unstaged != '.' {
			p.change(e, e.Unstaged, colorRed, false)
		}
	})
	p.out.WriteByte('\n')
}

func (p *longPrinter) other(paths []string, what, how string) {
	if len(paths) == 0 {
		return
	}
	fmt.Fprintf(p.out, "%s:\n", what)
	p.hint(`  (use "git %s <file>..." to include in what will be committed)`, how)
	for _, path := range paths {
		fmt.Fprintf(p.out, "\t%s\n", p.color(colorRed, p.path(path, false)))
	}
	p.out.WriteByte('\n')
}

// nothing is the closing line when nothing is staged.
func (p *longPrinter) nothing() {
	dirty, untracked := false, false
	for _, e := range p.st.Entries {
		switch e.Kind {
		case gitops.StatusUntracked:
			untracked = true
		case gitops.StatusIgnored:
		default:
			dirty = dirty || e.Unstaged != '.' || e.Kind == gitops.StatusUnmerged
		}
	}
	msg, hint := "", ""
	switch {
	case dirty:
		msg, hint = "no changes added to commit", ` (use "git add" and/or "git commit -a")`
	case untracked:
		msg, hint = "nothing added to commit but untracked files present", ` (use "git add" to track)`
	case p.st.Branch.Unborn:
		msg, hint = "nothing to commit", ` (create/copy files and use "git add" to track)`
	case p.st.Untracked == gitops.UntrackedNo:
		msg, hint = "nothing to commit", ` (use -u to show untracked files)`
	default:
		msg = "nothing to commit, working tree clean"
	}
	if !p.hints {
		hint = ""
	}
	fmt.Fprintf(p.out, "%s%s\n", msg, hint)
}
