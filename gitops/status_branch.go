package gitops

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/refs"
)

// statusBranch reads HEAD, its upstream and how far apart they are, as
// git status --branch reports them.
func (r *Repo) statusBranch(ctx context.Context, quick bool) (StatusBranch, error) {
	h, err := r.refs.Head()
	if err != nil {
		return StatusBranch{}, err
	}
	b := StatusBranch{OID: h.ID, Unborn: h.Unborn, Detached: h.Branch == ""}
	if b.Detached {
		b.DetachedFrom, b.DetachedAt = r.detachedFrom(h.ID)
		return b, nil
	}
	b.Head = strings.TrimPrefix(h.Branch, "refs/heads/")
	b.Upstream = r.Upstream(h.Branch)
	if b.Upstream == "" {
		return b, nil
	}
	b.UpstreamShort = r.shortenRef(b.Upstream)
	upID, err := r.refs.Resolve(b.Upstream)
	if errors.Is(err, refs.ErrNotFound) || h.Unborn {
		// git cannot compare a missing upstream, or an unborn branch,
		// and calls both "gone".
		b.UpstreamGone = true
		return b, nil
	}
	if err != nil {
		return b, err
	}
	if upID, _, err = r.peel(upID); err != nil {
		return b, err
	}
	switch {
	case upID == h.ID:
	case quick:
		b.Differs = true
	default:
		b.Ahead, b.Behind, err = r.AheadBehind(ctx, h.ID, upID)
		b.Differs = b.Ahead+b.Behind > 0
	}
	return b, err
}

// shortenRef is git's shorten_unambiguous_ref: the shortest form of a
// full ref name that no earlier lookup rule would take for another ref.
func (r *Repo) shortenRef(full string) string {
	rules := refRules
	for i := len(rules) - 1; i > 0; i-- {
		short, ok := matchRule(full, rules[i])
		if !ok {
			continue
		}
		ambiguous := false
		for j := 0; j < i && !ambiguous; j++ {
			if _, err := r.refs.Read(fmt.Sprintf(rules[j], short)); err == nil {
				ambiguous = true
			}
		}
		if !ambiguous {
			return short
		}
	}
	return full
}

// matchRule extracts the %s part of full for a rule "prefix%ssuffix".
func matchRule(full, rule string) (string, bool) {
	pre, suf, _ := strings.Cut(rule, "%s")
	if len(full) <= len(pre)+len(suf) || !strings.HasPrefix(full, pre) || !strings.HasSuffix(full, suf) {
		return "", false
	}
	return full[len(pre) : len(full)-len(suf)], true
}

// detachedFrom finds what HEAD was detached from, as git's
// wt_status_get_detached_from does: the target of the last
// "checkout: moving from A to B" in HEAD's reflog, kept as a name when it
// still names the commit checked out then (tags and remote branches
// shortened), else that commit abbreviated.
func (r *Repo) detachedFrom(head Hash) (string, bool) {
	data, err := os.ReadFile(filepath.Join(r.gitDir, "logs", "HEAD"))
	if err != nil {
		return "", false
	}
	lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
	for i := len(lines) - 1; i >= 0; i-- {
		line := lines[i]
		tab := bytes.IndexByte(line, '\t')
		if tab < 0 || len(line) < 2*oid.HexSize+2 {
			continue
		}
		msg, ok := bytes.CutPrefix(line[tab+1:], []byte("checkout: moving from "))
		if !ok {
			continue
		}
		k := bytes.Index(msg, []byte(" to "))
		if k < 0 {
			continue
		}
		target := string(msg[k+4:])
		noid, ok := oid.FromHexBytes(line[oid.HexSize+1 : 2*oid.HexSize+1])
		if !ok {
			continue
		}
		at := noid == head
		if target == "HEAD" {
			return r.ShortHash(noid), at
		}
		if full, id, ok := r.dwimRef(target); ok {
			if id == noid {
				return shortFrom(full), at
			}
			if peeled, typ, err := r.peel(id); err == nil && typ == odb.Commit && peeled == noid {
				return shortFrom(full), at
			}
		}
		return r.ShortHash(noid), at
	}
	return "", false
}

func shortFrom(full string) string {
	if s, ok := strings.CutPrefix(full, "refs/tags/"); ok {
		return s
	}
	if s, ok := strings.CutPrefix(full, "refs/remotes/"); ok {
		return s
	}
	return full
}

// dwimRef resolves a name with git's rules and succeeds only when exactly
// one rule finds a ref (git's dwim_ref counting ambiguous names).
func (r *Repo) dwimRef(name string) (string, Hash, bool) {
	found, full := 0, ""
	var id Hash
	for _, rule := range refRules {
		cand := fmt.Sprintf(rule, name)
		if rule == "%s" && !rootRef(name) {
			continue
		}
		if v, err := r.refs.Resolve(cand); err == nil {
			if found == 0 {
				full, id = cand, v
			}
			found++
		}
	}
	return full, id, found == 1
}

// statusState reads which operation is in progress, as git's
// wt_status_get_state does.
func (r *Repo) statusState() (StatusState, error) {
	var s StatusState
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(r.gitDir, name))
		return err == nil
	}
	rebase := func() bool {
		switch {
		case exists("rebase-apply"):
			if exists("rebase-apply/applying") {
				s.Am = true
			} else {
				s.Rebase = true
				s.RebaseBranch, s.RebaseOnto = r.stateBranch("rebase-apply/head-name"), r.stateBranch("rebase-apply/onto")
			}
		case exists("rebase-merge"):
			if exists("rebase-merge/interactive") {
				s.RebaseInteract = true
			} else {
				s.Rebase = true
			}
			s.RebaseBranch, s.RebaseOnto = r.stateBranch("rebase-merge/head-name"), r.stateBranch("rebase-merge/onto")
		default:
			return false
		}
		return true
	}
	if exists("MERGE_HEAD") {
		rebase()
		s.Merge = true
	} else if !rebase() {
		if id, err := r.refs.Resolve("CHERRY_PICK_HEAD"); err == nil {
			s.CherryPick, s.CherryPickHead = true, id
		}
	}
	if exists("BISECT_LOG") {
		s.Bisect = true
		s.BisectBranch = r.stateBranch("BISECT_START")
	}
	if id, err := r.refs.Resolve("REVERT_HEAD"); err == nil {
		s.Revert, s.RevertHead = true, id
	}
	if cmd := r.sequencerLast(); cmd == "pick" {
		s.CherryPick, s.CherryPickHead = true, oid.Zero
	} else if cmd == "revert" {
		s.Revert, s.RevertHead = true, oid.Zero
	}
	return s, nil
}

// stateBranch is git's get_branch for the state files: a branch name,
// another ref, or an abbreviated id.
func (r *Repo) stateBranch(name string) string {
	b, err := os.ReadFile(filepath.Join(r.gitDir, name))
	if err != nil {
		return ""
	}
	s := strings.TrimRight(string(b), "\n")
	switch {
	case s == "":
		return ""
	case strings.HasPrefix(s, "refs/heads/"):
		return strings.TrimPrefix(s, "refs/heads/")
	case strings.HasPrefix(s, "refs/"):
		return s
	}
	if len(s) >= oid.HexSize {
		if id, ok := oid.FromHexBytes([]byte(s[:oid.HexSize])); ok {
			return r.ShortHash(id)
		}
	}
	if s == "detached HEAD" {
		return ""
	}
	return s
}

// sequencerLast is the command of the last line of sequencer/todo's
// "done" counterpart git consults (sequencer_get_last_command): the first
// line of sequencer/todo, when a multi-commit cherry-pick or revert is
// stopped.
func (r *Repo) sequencerLast() string {
	b, err := os.ReadFile(filepath.Join(r.gitDir, "sequencer", "todo"))
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(strings.TrimLeft(string(b), " \t"), "\n")
	word, _, _ := strings.Cut(line, " ")
	switch word {
	case "pick", "p":
		return "pick"
	case "revert":
		return "revert"
	}
	return ""
}
