package cli

import (
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// blameVocabulary is small on purpose: repeated lines make diffs ambiguous,
// which is where blame implementations part ways.
var blameVocabulary = []string{"}", "{", "", "x = 1", "y = 2", "enabled = true", "# note", "resource \"a\" \"b\" {", "  count = 3", "tags = {}", "x  =  1", "crlf\r"}

// blameHistory makes a random history: edits, inserted and deleted
// blocks, moved blocks, renames, deletions and re-additions, branches and
// merges (some with conflicts resolved by hand).
type blameHistory struct {
	t     *testing.T
	r     *gittest.Repo
	rnd   *rand.Rand
	files []string
	gone  map[string]string // deleted file -> its last content
	n     int
}

func (h *blameHistory) line() string {
	if h.rnd.Intn(3) == 0 {
		return fmt.Sprintf("v%d = %d", h.rnd.Intn(40), h.n)
	}
	return blameVocabulary[h.rnd.Intn(len(blameVocabulary))]
}

func (h *blameHistory) editFile(name string) {
	var ls []string
	if b, err := os.ReadFile(h.r.Path(name)); err == nil && len(b) > 0 {
		ls = strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	}
	for k := 1 + h.rnd.Intn(3); k > 0; k-- {
		pos := 0
		if len(ls) > 0 {
			pos = h.rnd.Intn(len(ls))
		}
		switch op := h.rnd.Intn(7); {
		case op == 0 || len(ls) == 0: // insert a block
			block := make([]string, 1+h.rnd.Intn(4))
			for i := range block {
				block[i] = h.line()
			}
			ls = append(ls[:pos], append(block, ls[pos:]...)...)
		case op == 1: // delete a block
			end := min(len(ls), pos+1+h.rnd.Intn(3))
			ls = append(ls[:pos], ls[end:]...)
		case op == 2: // move a block
			end := min(len(ls), pos+1+h.rnd.Intn(4))
			block := append([]string(nil), ls[pos:end]...)
			ls = append(ls[:pos], ls[end:]...)
			to := h.rnd.Intn(len(ls) + 1)
			ls = append(ls[:to], append(block, ls[to:]...)...)
		case op == 3: // whitespace only
			ls[pos] = strings.ReplaceAll(ls[pos], " ", "  ") + " "
		default: // replace a line
			ls[pos] = h.line()
		}
	}
	h.r.Write(name, strings.Join(ls, "\n")+"\n")
}

func (h *blameHistory) step() {
	h.n++
	r := h.r
	switch a := h.rnd.Intn(24); {
	case a < 2 && len(h.files) > 1: // rename, sometimes with edits
		i := h.rnd.Intn(len(h.files))
		to := h.rename(h.files[i])
		h.files[i] = to
		for k := h.rnd.Intn(2) * h.rnd.Intn(12); k > 0; k-- {
			h.editFile(to)
		}
		r.Commit(fmt.Sprintf("rename %d", h.n))
	case a == 4 && len(h.files) > 0: // a twin: the same content under another name
		name := fmt.Sprintf("twin%d/%s", h.n, pathBase(h.files[h.rnd.Intn(len(h.files))]))
		r.Write(name, r.Read(h.files[h.rnd.Intn(len(h.files))]))
		h.files = append(h.files, name)
		r.Commit(fmt.Sprintf("twin %d", h.n))
	case a == 2 && len(h.files) > 1: // delete
		i := h.rnd.Intn(len(h.files))
		h.gone[h.files[i]] = r.Read(h.files[i])
		r.Remove(h.files[i])
		h.files = append(h.files[:i], h.files[i+1:]...)
		r.Commit(fmt.Sprintf("delete %d", h.n))
	case a == 3 && len(h.gone) > 0: // re-add a deleted file
		for name, content := range h.gone {
			r.Write(name, content)
			h.files = append(h.files, name)
			delete(h.gone, name)
			break
		}
		r.Commit(fmt.Sprintf("re-add %d", h.n))
	case a < 10: // a branch with a few commits, merged back
		branch := fmt.Sprintf("b%d", h.n)
		base := strings.TrimSpace(r.Git("rev-parse", "--abbrev-ref", "HEAD"))
		r.Checkout(branch, true)
		files := append([]string(nil), h.files...)
		for k := 1 + h.rnd.Intn(3); k > 0; k-- {
			i := h.rnd.Intn(len(files))
			if h.rnd.Intn(5) == 0 {
				files[i] = h.rename(files[i])
			}
			h.editFile(files[i])
			r.Commit(fmt.Sprintf("%s work %d", branch, k))
		}
		r.Checkout(base, false)
		for k := h.rnd.Intn(3); k > 0; k-- {
			h.editFile(h.files[h.rnd.Intn(len(h.files))])
			r.Commit(fmt.Sprintf("%s meanwhile %d", base, k))
		}
		h.merge(branch)
	default:
		h.editFile(h.files[h.rnd.Intn(len(h.files))])
		if h.rnd.Intn(4) == 0 {
			h.editFile(h.files[h.rnd.Intn(len(h.files))])
		}
		r.Commit(fmt.Sprintf("edit %d", h.n))
	}
}

// rename moves a file to a new name (sometimes keeping its base name).
func (h *blameHistory) rename(from string) string {
	to := fmt.Sprintf("dir%d/f%d.tf", h.rnd.Intn(3), h.n)
	if h.rnd.Intn(3) == 0 {
		to = fmt.Sprintf("moved%d/%s", h.n, pathBase(from))
	}
	if _, err := os.Stat(h.r.Path(to)); err == nil || to == from {
		return from
	}
	h.r.Move(from, to)
	return to
}

func pathBase(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// merge merges branch, resolving conflicts with a mix of both sides and a
// new line.
func (h *blameHistory) merge(branch string) {
	r := h.r
	r.Tick(r.Step)
	date := fmt.Sprintf("@%d +0000", r.Clock)
	r.Setenv("GIT_AUTHOR_DATE", date)
	r.Setenv("GIT_COMMITTER_DATE", date)
	defer h.listFiles()
	_, err := r.GitErr("merge", "-q", "--no-ff", "--no-edit", "-m", "merge "+branch, branch)
	if err == nil {
		return
	}
	for _, f := range strings.Fields(r.Git("diff", "--name-only", "--diff-filter=U")) {
		b, rerr := os.ReadFile(r.Path(f))
		if rerr != nil {
			r.Git("rm", "-q", "--cached", f)
			continue
		}
		var out []string
		side := 0
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			switch {
			case strings.HasPrefix(l, "<<<<<<<"):
				side = 1
			case strings.HasPrefix(l, "======="):
				side = 2
				out = append(out, fmt.Sprintf("resolved %d", h.n))
			case strings.HasPrefix(l, ">>>>>>>"):
				side = 0
			case side == 0 || h.rnd.Intn(2) == 0:
				out = append(out, l)
			}
		}
		r.Write(f, strings.Join(out, "\n")+"\n")
	}
	// Files deleted on one side and edited on the other stay as they are.
	r.Git("add", "-A")
	r.Git("commit", "-q", "--no-edit", "--no-verify")
}

// listFiles reads the files of the work tree after a merge.
func (h *blameHistory) listFiles() {
	h.files = h.files[:0]
	for _, f := range strings.Split(strings.TrimSpace(h.r.Git("-c", "core.quotepath=off", "ls-files")), "\n") {
		if f != "" {
			h.files = append(h.files, f)
		}
	}
}

// TestBlameRandomHistories compares reef with git on every file at a few
// revisions of seeded random histories. REEF_BLAME_SEEDS=n runs more.
func TestBlameRandomHistories(t *testing.T) {
	seeds := 3
	if v, err := strconv.Atoi(os.Getenv("REEF_BLAME_SEEDS")); err == nil && v > 0 {
		seeds = v
	}
	total, agree := 0, 0
	for seed := 1; seed <= seeds; seed++ {
		r := gittest.New(t)
		h := &blameHistory{t: t, r: r, rnd: rand.New(rand.NewSource(int64(seed))), gone: map[string]string{}}
		for i := 0; i < 3; i++ {
			name := fmt.Sprintf("f%d.tf", i)
			h.files = append(h.files, name)
			var b strings.Builder
			for k := 20 + h.rnd.Intn(30); k > 0; k-- {
				b.WriteString(h.line() + "\n")
			}
			r.Write(name, b.String())
		}
		r.Commit("start")
		commits := 60
		if v, err := strconv.Atoi(os.Getenv("REEF_BLAME_COMMITS")); err == nil && v > 0 {
			commits = v
		}
		for i := 0; i < commits; i++ {
			h.step()
		}
		cases := [][]string{{"--porcelain", "HEAD"}, {"--porcelain", "HEAD~3"}, {"--porcelain", "HEAD~10"}, {"HEAD"}, {"-w", "--porcelain", "HEAD"}, {"graph"}, {"--porcelain", "HEAD~5"}}
		for _, c := range cases {
			if c[0] == "graph" {
				// The rest again with a commit-graph and changed-path filters.
				r.WriteCommitGraph(true)
				continue
			}
			rev := c[len(c)-1]
			for _, f := range strings.Fields(r.Git("ls-tree", "-r", "--name-only", rev)) {
				total++
				args := append(append([]string(nil), c...), "--", f)
				want := r.Git(append([]string{"blame"}, args...)...)
				got, stderr, code := run(t, r, "blame", args...)
				if code == 0 && got == want {
					agree++
					continue
				}
				t.Errorf("seed %d: reef blame %s differs (exit %d, %s):\n%s\ngit:\n%s", seed, strings.Join(args, " "), code, stderr, got, want)
			}
		}
	}
	t.Logf("%d of %d blames agree with git byte for byte (%.1f%%)", agree, total, 100*float64(agree)/float64(max(total, 1)))
}
