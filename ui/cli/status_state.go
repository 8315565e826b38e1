package cli

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
)

// state prints the operation in progress (git's wt_longstatus_print_state).
func (p *longPrinter) state() {
	s := p.st.State
	switch {
	case s.Merge:
		if s.RebaseInteract {
			p.rebaseInformation()
			p.out.WriteByte('\n')
		}
		if p.hasUnmerged() {
			p.line("You have unmerged paths.")
			p.hint(`  (fix conflicts and run "git commit")`)
			p.hint(`  (use "git merge --abort" to abort the merge)`)
		} else {
			p.line("All conflicts fixed but you are still merging.")
			p.hint(`  (use "git commit" to conclude merge)`)
		}
		p.out.WriteByte('\n')
	case s.Am:
		empty := false
		if fi, err := os.Stat(filepath.Join(p.repo.GitDir(), "rebase-apply", "patch")); err == nil && fi.Size() == 0 {
			empty = true
		}
		p.line("You are in the middle of an am session.")
		if empty {
			p.line("The current patch is empty.")
		} else {
			p.hint(`  (fix conflicts and then run "git am --continue")`)
		}
		p.hint(`  (use "git am --skip" to skip this patch)`)
		if empty {
			p.hint(`  (use "git am --allow-empty" to record this patch as an empty commit)`)
		}
		p.hint(`  (use "git am --abort" to restore the original branch)`)
		p.out.WriteByte('\n')
	case s.Rebase || s.RebaseInteract:
		p.rebase()
	case s.CherryPick:
		p.sequence("cherry-pick", "cherry-picking", "Cherry-pick", s.CherryPickHead.IsZero(), p.repo.ShortHash(s.CherryPickHead), "cancel the cherry-pick operation")
	case s.Revert:
		p.sequence("revert", "reverting", "Revert", s.RevertHead.IsZero(), p.repo.ShortHash(s.RevertHead), "cancel the revert operation")
	}
	if s.Bisect {
		if s.BisectBranch != "" {
			p.line("You are currently bisecting, started from branch '" + s.BisectBranch + "'.")
		} else {
			p.line("You are currently bisecting.")
		}
		p.hint(`  (use "git bisect reset" to get back to the original branch)`)
		p.out.WriteByte('\n')
	}
}

func (p *longPrinter) line(s string) { p.out.WriteString(s + "\n") }

// sequence is a cherry-pick or revert in progress.
func (p *longPrinter) sequence(cmd, doing, title string, between bool, commit, abort string) {
	if between {
		p.line(title + " currently in progress.")
	} else {
		p.line("You are currently " + doing + " commit " + commit + ".")
	}
	switch {
	case p.hasUnmerged():
		p.hint(`  (fix conflicts and run "git %s --continue")`, cmd)
	case between:
		p.hint(`  (run "git %s --continue" to continue)`, cmd)
	default:
		p.hint(`  (all conflicts fixed: run "git %s --continue")`, cmd)
	}
	p.hint(`  (use "git %s --skip" to skip this patch)`, cmd)
	p.hint(`  (use "git %s --abort" to %s)`, cmd, abort)
	p.out.WriteByte('\n')
}

// rebase is git's show_rebase_in_progress. (git also recognises a
// commit being split while rebasing; reef shows that as editing.)
func (p *longPrinter) rebase() {
	s := p.st.State
	p.rebaseInformation()
	onWhat := func(doing, plain string) {
		if s.RebaseBranch != "" {
			p.line("You are currently " + doing + " branch '" + s.RebaseBranch + "' on '" + s.RebaseOnto + "'.")
		} else {
			p.line(plain)
		}
	}
	_, msgErr := os.Stat(filepath.Join(p.repo.GitDir(), "MERGE_MSG"))
	switch {
	case p.hasUnmerged():
		onWhat("rebasing", "You are currently rebasing.")
		p.hint(`  (fix conflicts and then run "git rebase --continue")`)
		p.hint(`  (use "git rebase --skip" to skip this patch)`)
		p.hint(`  (use "git rebase --abort" to check out the original branch)`)
	case s.Rebase || msgErr == nil:
		onWhat("rebasing", "You are currently rebasing.")
		p.hint(`  (all conflicts fixed: run "git rebase --continue")`)
	default:
		onWhat("editing a commit while rebasing", "You are currently editing a commit during a rebase.")
		p.hint(`  (use "git commit --amend" to amend the current commit)`)
		p.hint(`  (use "git rebase --continue" once you are satisfied with your changes)`)
	}
	p.out.WriteByte('\n')
}

// rebaseInformation lists the last commands done and the next ones of an
// interactive rebase (git's show_rebase_information).
func (p *longPrinter) rebaseInformation() {
	if !p.st.State.RebaseInteract {
		return
	}
	const show = 2
	dir := filepath.Join(p.repo.GitDir(), "rebase-merge")
	done, doneErr := p.todoList(filepath.Join(dir, "done"))
	todo, todoErr := p.todoList(filepath.Join(dir, "git-rebase-todo"))
	if doneErr != nil {
		p.line("git-rebase-todo is missing.")
	}
	if todoErr != nil {
		p.line("No commands done.")
	}
	if len(done) == 0 {
		p.line("No commands done.")
	} else {
		p.out.WriteString(countLine(len(done), "Last command done (%d command done):", "Last commands done (%d commands done):") + "\n")
		for _, l := range done[max(0, len(done)-show):] {
			p.line("   " + l)
		}
		if len(done) > show {
			p.hint("  (see more in file %s)", filepath.Join(p.displayGitDir(), "rebase-merge", "done"))
		}
	}
	if len(todo) == 0 {
		p.line("No commands remaining.")
		return
	}
	p.out.WriteString(countLine(len(todo), "Next command to do (%d remaining command):", "Next commands to do (%d remaining commands):") + "\n")
	for _, l := range todo[:min(show, len(todo))] {
		p.line("   " + l)
	}
	p.hint(`  (use "git rebase --edit-todo" to view and edit)`)
}

func countLine(n int, one, many string) string {
	if n == 1 {
		return strings.Replace(one, "%d", "1", 1)
	}
	return strings.Replace(many, "%d", itoa(n), 1)
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		if n /= 10; n == 0 {
			return string(b)
		}
	}
}

// todoList reads a rebase todo file without comments or blank lines,
// with the object name of each command abbreviated.
func (p *longPrinter) todoList(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		out = append(out, p.abbrevLine(line))
	}
	return out, nil
}

// abbrevLine is git's abbrev_oid_in_line: "pick <id> subject" with the id
// abbreviated, unless the command takes no object.
func (p *longPrinter) abbrevLine(line string) string {
	for _, cmd := range []string{"exec ", "x ", "label ", "l "} {
		if strings.HasPrefix(line, cmd) {
			return line
		}
	}
	fields := strings.SplitN(line, " ", 3)
	if len(fields) < 2 {
		return line
	}
	id, err := p.repo.Resolve(strings.TrimSpace(fields[1]))
	if err != nil {
		return line
	}
	fields[1] = p.repo.ShortHash(id)
	return strings.Join(fields, " ")
}

// displayGitDir is the git directory as git names it in messages:
// relative to the top of the work tree (git runs status from there).
func (p *longPrinter) displayGitDir() string {
	gd := p.repo.GitDir()
	if rel, err := filepath.Rel(p.repo.WorkTree(), gd); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return gd
}
