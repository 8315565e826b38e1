package gitops_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"reef/gitops"
	"reef/gitops/gittest"
)

// lineQuery is one git log -L to compare.
type lineQuery struct {
	rev      string
	path     string
	from, to int
}

func (q lineQuery) String() string { return fmt.Sprintf("-L %d,%d:%s %s", q.from, q.to, q.path, q.rev) }

// lineLogEntry is one commit as git log -L printed it: its id and its
// diff from the "---" line on.
type lineLogEntry struct {
	id   string
	diff []string
}

// gitLineLog runs git log -L and splits its output by commit.
func gitLineLog(t *testing.T, r *gittest.Repo, q lineQuery) []lineLogEntry {
	t.Helper()
	bound := func(n int) string {
		if n == 0 {
			return "" // git's own default: the first or the last line
		}
		return fmt.Sprint(n)
	}
	args := []string{"log", "-L" + bound(q.from) + "," + bound(q.to) + ":" + q.path, "--format=COMMIT:%H"}
	if q.rev != "" {
		args = append(args, q.rev)
	}
	var out []lineLogEntry
	for _, l := range strings.Split(r.Git(args...), "\n") {
		switch {
		case strings.HasPrefix(l, "COMMIT:"):
			out = append(out, lineLogEntry{id: strings.TrimPrefix(l, "COMMIT:")})
		case l == "" || strings.HasPrefix(l, "diff --git "):
		default:
			out[len(out)-1].diff = append(out[len(out)-1].diff, l)
		}
	}
	return out
}

// reefLineLog pages through LineHistory n entries at a time.
func reefLineLog(t *testing.T, repo *gitops.Repo, q lineQuery, n int) []gitops.LineLogEntry {
	t.Helper()
	ctx := context.Background()
	h, err := repo.LineHistory(ctx, gitops.LineHistoryOptions{Rev: q.rev, Path: q.path, From: q.from, To: q.to})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var all []gitops.LineLogEntry
	for {
		page, err := h.Next(ctx, n)
		all = append(all, page...)
		if errors.Is(err, io.EOF) {
			if len(page) != 0 {
				t.Fatalf("%s: io.EOF with %d entries", q, len(page))
			}
			return all
		}
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if len(page) == 0 {
			t.Fatalf("%s: empty page without io.EOF", q)
		}
	}
}

// renderLineDiff prints an entry's diff the way git log -L does.
func renderLineDiff(e gitops.LineLogEntry) []string {
	d := e.Diff
	if len(d.Hunks) == 0 {
		return nil
	}
	old := "/dev/null"
	if d.OldMode != 0 {
		old = "a/" + d.OldPath
	}
	out := []string{"--- " + old, "+++ b/" + d.NewPath}
	for _, h := range d.Hunks {
		out = append(out, fmt.Sprintf("@@ -%d,%d +%d,%d @@", h.OldStart, h.OldLines, h.NewStart, h.NewLines))
		for _, l := range h.Lines {
			out = append(out, string(l.Kind)+l.Text)
			if l.NoEOL {
				out = append(out, `\ No newline at end of file`)
			}
		}
	}
	return out
}

var hunkHeader = regexp.MustCompile(`^@@ -\d+,\d+ \+(\d+),(\d+) @@$`)

// sameLineLog compares reef's line history with git's: the commits, in
// order, each one's diff line for line, and its ranges with the hunk
// headers git printed.
func sameLineLog(t *testing.T, r *gittest.Repo, repo *gitops.Repo, q lineQuery) int {
	t.Helper()
	want := gitLineLog(t, r, q)
	for _, n := range []int{1000, 2} {
		got := reefLineLog(t, repo, q, n)
		var gotIDs, wantIDs []string
		for _, e := range got {
			gotIDs = append(gotIDs, e.Commit.ID.String()[:7])
		}
		for _, e := range want {
			wantIDs = append(wantIDs, e.id[:7])
		}
		if strings.Join(gotIDs, " ") != strings.Join(wantIDs, " ") {
			t.Fatalf("%s (pages of %d): commits\n got %v\nwant %v", q, n, gotIDs, wantIDs)
		}
		for i, e := range got {
			diff := renderLineDiff(e)
			if strings.Join(diff, "\n") != strings.Join(want[i].diff, "\n") {
				t.Fatalf("%s: commit %s diff\n got:\n%s\nwant:\n%s", q, wantIDs[i], strings.Join(diff, "\n"), strings.Join(want[i].diff, "\n"))
			}
			checkRanges(t, q, e, want[i].diff)
		}
	}
	return len(want)
}

// checkRanges: every hunk git printed covers one of the entry's ranges,
// From and To bound them, and Path is where git found the file.
func checkRanges(t *testing.T, q lineQuery, e gitops.LineLogEntry, diff []string) {
	t.Helper()
	if len(e.Ranges) == 0 || e.From != e.Ranges[0].Start || e.To != e.Ranges[len(e.Ranges)-1].End {
		t.Fatalf("%s: %s: From,To %d,%d and ranges %v disagree", q, e.Commit.ID, e.From, e.To, e.Ranges)
	}
	for _, l := range diff {
		if strings.HasPrefix(l, "+++ b/") && strings.TrimPrefix(l, "+++ b/") != e.Path {
			t.Fatalf("%s: %s: path %s, git printed %s", q, e.Commit.ID, e.Path, l)
		}
		m := hunkHeader.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		var start, n int
		fmt.Sscan(m[1], &start)
		fmt.Sscan(m[2], &n)
		found := false
		for _, rg := range e.Ranges {
			found = found || (rg.Start == start && rg.End == start+n-1)
		}
		if !found {
			t.Fatalf("%s: %s: git's hunk %s is none of the ranges %v", q, e.Commit.ID, l, e.Ranges)
		}
	}
}

func numberedLines(tag string, from, to int) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		fmt.Fprintf(&b, "%s line %d\n", tag, i)
	}
	return b.String()
}

// editLines replaces lines [from, to] (1-based) of content with repl.
func editLines(content string, from, to int, repl string) string {
	lines := strings.SplitAfter(content, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines[:from-1], "") + repl + strings.Join(lines[to:], "")
}

// TestLineHistoryShifts: edits inside, above and below the range, edits
// across its edges, insertions and deletions inside it, and ranges at the
// start and end of the file.
func TestLineHistoryShifts(t *testing.T) {
	r := gittest.New(t)
	f := numberedLines("base", 1, 30)
	r.Write("app/config.tf", f).Write("other.txt", "x\n").Commit("add")
	steps := []struct {
		msg      string
		from, to int
		repl     string
	}{
		{"edit inside", 12, 12, "changed twelve\n"},
		{"insert above", 3, 2, "new a\nnew b\nnew c\n"},
		{"delete above", 5, 6, ""},
		{"edit below", 28, 28, "changed below\n"},
		{"edit across the start", 9, 10, "across start\n"},
		{"insert inside", 14, 13, "inserted inside\n"},
		{"delete inside", 15, 15, ""},
		{"edit first line", 1, 1, "first changed\n"},
		{"edit last line", 30, 30, "last changed\n"},
		{"replace a block", 16, 20, "block 1\nblock 2\n"},
	}
	for _, s := range steps {
		f = editLines(f, s.from, s.to, s.repl)
		r.Write("app/config.tf", f).Commit(s.msg)
		r.Write("other.txt", r.Read("other.txt")+"y\n").Commit("unrelated")
	}
	repo := open(t, r, r.Dir)
	n := strings.Count(f, "\n")
	queries := []lineQuery{
		{path: "app/config.tf", from: 10, to: 15},
		{path: "app/config.tf", from: 1, to: 5},
		{path: "app/config.tf", from: n - 4, to: n},
		{path: "app/config.tf", from: 12, to: 12},
		{path: "app/config.tf", from: 15, to: 10}, // reversed, as git takes it
		{path: "app/config.tf"},                   // the whole file
		{path: "app/config.tf", from: 20},         // to the end
		{path: "app/config.tf", rev: "HEAD~6", from: 8, to: 14},
	}
	for _, q := range queries {
		if sameLineLog(t, r, repo, q) == 0 {
			t.Errorf("%s: git shows no commit; the script tests nothing", q)
		}
	}
}

// TestLineHistoryRename: git log -L follows the file across a rename with
// edits and a pure rename into another directory.
func TestLineHistoryRename(t *testing.T) {
	r := gittest.New(t)
	f := numberedLines("svc", 1, 40)
	r.Write("envs/prod/main.tf", f).Write("keep.tf", numberedLines("keep", 1, 40)).Commit("add")
	f = editLines(f, 20, 20, "edited before the move\n")
	r.Write("envs/prod/main.tf", f).Commit("edit")
	r.Move("envs/prod/main.tf", "envs/production/main.tf")
	f = editLines(f, 22, 22, "edited while moving\n")
	r.Write("envs/production/main.tf", f).Commit("rename with edit")
	f = editLines(f, 18, 18, "edited after the move\n")
	r.Write("envs/production/main.tf", f).Commit("edit after")
	r.Move("envs/production/main.tf", "live/compute.tf").Commit("pure rename")
	f = editLines(f, 25, 25, "edited last\n")
	r.Write("live/compute.tf", f).Commit("edit last")
	repo := open(t, r, r.Dir)
	for _, q := range []lineQuery{
		{path: "live/compute.tf", from: 15, to: 25},
		{path: "live/compute.tf", from: 1, to: 3},
		{path: "envs/production/main.tf", rev: "HEAD~2", from: 19, to: 23},
	} {
		if sameLineLog(t, r, repo, q) == 0 {
			t.Errorf("%s: git shows no commit; the script tests nothing", q)
		}
	}
}

// TestLineHistoryMerges: a merge whose side branch changed the lines (the
// walk follows it), one whose side did not, and a merge where both sides
// changed them, which git shows and which splits the walk into two lines
// of history ordered by git's topological walk.
func TestLineHistoryMerges(t *testing.T) {
	r := gittest.New(t)
	f := numberedLines("m", 1, 40)
	r.Write("f.txt", f).Write("g.txt", "g\n").Commit("base")

	r.Checkout("side", true)
	side := editLines(f, 10, 10, "side changed ten\n")
	r.Write("f.txt", side).Commit("side: ten")
	r.Checkout("main", false)
	main := editLines(f, 35, 35, "main changed 35\n")
	r.Write("f.txt", main).Commit("main: 35")
	r.Merge("merge side", "side")
	f = r.Read("f.txt")

	r.Checkout("quiet", true)
	r.Write("g.txt", "g2\n").Commit("quiet: other file")
	r.Checkout("main", false)
	f = editLines(f, 12, 12, "main changed twelve\n")
	r.Write("f.txt", f).Commit("main: twelve")
	r.Merge("merge quiet", "quiet")

	// Both sides change the tracked lines, then more history on each.
	r.Checkout("both", true)
	b := editLines(f, 20, 20, "both: side 20\n")
	r.Write("f.txt", b).Commit("both side: 20")
	b = editLines(b, 21, 21, "both: side 21\n")
	r.Write("f.txt", b).Commit("both side: 21")
	r.Checkout("main", false)
	f = editLines(f, 24, 24, "both: main 24\n")
	r.Write("f.txt", f).Commit("both main: 24")
	r.Checkout("other", true)
	r.Write("g.txt", "g3\n").Commit("other: g")
	r.Checkout("main", false)
	r.Merge("merge other", "other")
	r.Merge("merge both", "both")
	f = editLines(r.Read("f.txt"), 22, 22, "after all merges\n")
	r.Write("f.txt", f).Commit("main: 22")

	repo := open(t, r, r.Dir)
	merges := 0
	for _, q := range []lineQuery{
		{path: "f.txt", from: 8, to: 14},
		{path: "f.txt", from: 18, to: 26},
		{path: "f.txt", from: 30, to: 40},
		{path: "f.txt"},
	} {
		sameLineLog(t, r, repo, q)
		for _, e := range reefLineLog(t, repo, q, 100) {
			if len(e.Commit.Parents) > 1 {
				merges++
			}
		}
	}
	if merges == 0 {
		t.Error("no merge was shown: the script does not test a merge touching the lines on both sides")
	}
}

// TestLineHistoryGrowth: lines added by a later commit and changed after;
// a file without a final newline; a line range the indent heuristic
// would place differently (git log -L does not use it).
func TestLineHistoryGrowth(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.txt", numberedLines("a", 1, 5)).Commit("five lines")
	r.Append("a.txt", numberedLines("added", 6, 12)).Commit("append")
	r.Write("a.txt", editLines(r.Read("a.txt"), 8, 9, "added 8 changed\nadded 9 changed\n")).Commit("change added lines")
	r.Write("a.txt", editLines(r.Read("a.txt"), 3, 3, "")).Commit("delete above")

	r.Write("noeol.txt", "one\ntwo\nthree").Commit("no final newline")
	r.Write("noeol.txt", "one\ntwo\nthree changed").Commit("change the last line")
	r.Write("noeol.txt", "one\ntwo\nthree changed\nfour").Commit("append after it")
	r.Write("noeol.txt", "one\ntwo changed\nthree changed\nfour\n").Commit("add the newline")

	r.Write("heur.txt", "}\n    y\n}\nfunc f() {\nfunc f() {\nfunc f() {\n  if b {\n").Commit("heuristic base")
	r.Write("heur.txt", "}\n    y\n}\nfunc f() {\nfunc f() {\nfunc f() {\nfunc f() {\n  if b {\n").Commit("ambiguous insert")
	repo := open(t, r, r.Dir)
	for _, q := range []lineQuery{
		{path: "a.txt", from: 6, to: 9},
		{path: "a.txt", from: 1, to: 4},
		{path: "noeol.txt", from: 3, to: 4},
		{path: "noeol.txt", from: 1, to: 2},
		{path: "noeol.txt", from: 4, to: 4},
		{path: "heur.txt", from: 1, to: 6},
		{path: "heur.txt", from: 1, to: 7},
		{path: "heur.txt", rev: "HEAD~1", from: 2, to: 3},
	} {
		sameLineLog(t, r, repo, q)
	}
}

// TestLineHistoryErrors: git's refusals.
func TestLineHistoryErrors(t *testing.T) {
	r := gittest.New(t)
	r.Write("f.txt", "a\nb\n").Write("empty.txt", "").Commit("add")
	repo := open(t, r, r.Dir)
	ctx := context.Background()
	if _, err := repo.LineHistory(ctx, gitops.LineHistoryOptions{Path: "nope.txt", From: 1, To: 1}); !errors.Is(err, gitops.ErrNoSuchPath) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := repo.LineHistory(ctx, gitops.LineHistoryOptions{Path: "f.txt", From: 3, To: 4}); err == nil || !strings.Contains(err.Error(), "has only 2 lines") {
		t.Errorf("range past the end: %v", err)
	}
	h, err := repo.LineHistory(ctx, gitops.LineHistoryOptions{Path: "empty.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if page, err := h.Next(ctx, 10); len(page) != 0 || !errors.Is(err, io.EOF) {
		t.Errorf("empty file: %d entries, %v; git shows none", len(page), err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := repo.LineHistory(cctx, gitops.LineHistoryOptions{Path: "f.txt"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	h, err = repo.LineHistory(ctx, gitops.LineHistoryOptions{Path: "f.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Next(cctx, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("Next cancelled: %v", err)
	}
}

// randomLineRepo scripts a history of seeded random edits to one file on
// several branches: insertions, deletions and replacements anywhere,
// renames on main, branches from any branch, and merges into main that
// resolve conflicts to main's side, some of them evil (editing the file
// in the merge commit).
func randomLineRepo(t *testing.T, seed int64) (*gittest.Repo, map[string]string) {
	rnd := newRand(seed)
	r := gittest.New(t)
	r.Write("f.txt", numberedLines("orig", 1, 40)).Write("g.txt", "g\n").Commit("initial")
	names := map[string]string{"main": "f.txt"} // the file's name on each branch
	branches := []string{"main"}
	cur := "main"
	edit := func(msg string) {
		lines := strings.SplitAfter(r.Read(names[cur]), "\n")
		lines = lines[:len(lines)-1]
		at := rnd.Intn(len(lines) + 1)
		var repl []string
		for k := rnd.Intn(4); k > 0; k-- {
			repl = append(repl, fmt.Sprintf("%s %d.%d\n", msg, at, k))
		}
		end := min(len(lines), at+rnd.Intn(3))
		if len(lines)-(end-at)+len(repl) < 5 {
			end = at
		}
		lines = append(lines[:at], append(repl, lines[end:]...)...)
		r.Write(names[cur], strings.Join(lines, ""))
	}
	for step := 0; step < 45; step++ {
		switch x := rnd.Intn(20); {
		case x < 9:
			edit(fmt.Sprintf("%s-%d", cur, step))
			r.Commit(fmt.Sprintf("%s: edit %d", cur, step))
		case x < 11:
			r.Write("g.txt", fmt.Sprintf("g %d\n", step)).Commit(fmt.Sprintf("%s: other file %d", cur, step))
		case x < 14:
			name := fmt.Sprintf("b%d", step)
			r.Checkout(name, true)
			names[name] = names[cur]
			branches = append(branches, name)
			cur = name
		case x < 16:
			cur = branches[rnd.Intn(len(branches))]
			r.Checkout(cur, false)
		case x < 17 && cur == "main":
			to := fmt.Sprintf("dir%d/f%d.txt", step%3, step)
			r.Move(names[cur], to)
			if rnd.Intn(2) == 0 {
				names[cur] = to
				edit("moved")
			}
			names[cur] = to
			r.Commit(fmt.Sprintf("rename to %s", to))
		default:
			if cur != "main" {
				cur = "main"
				r.Checkout(cur, false)
			}
			other := branches[rnd.Intn(len(branches))]
			if other == "main" {
				continue
			}
			r.Git("merge", "-q", "--no-ff", "--no-commit", "-X", "ours", other)
			if rnd.Intn(3) == 0 {
				edit("evil")
			}
			r.Commit("merge " + other)
		}
	}
	r.Checkout("main", false)
	return r, names
}

// TestLineHistoryRandom compares random ranges of random histories with
// git log -L, from main and from other branches, without and with a
// commit-graph carrying changed-path filters.
func TestLineHistoryRandom(t *testing.T) {
	for seed := int64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			r, names := randomLineRepo(t, seed)
			rnd := newRand(seed * 100)
			var queries []lineQuery
			for branch, name := range names {
				n := strings.Count(r.GitAt("show", branch+":"+name), "\n")
				for k := 0; k < 4; k++ {
					from := 1 + rnd.Intn(n)
					queries = append(queries, lineQuery{rev: branch, path: name, from: from, to: min(n, from+rnd.Intn(8))})
				}
			}
			sortQueries(queries)
			shown := 0
			repo := open(t, r, r.Dir)
			for _, q := range queries {
				shown += sameLineLog(t, r, repo, q)
			}
			r.WriteCommitGraph(true)
			repo = open(t, r, r.Dir)
			for _, q := range queries {
				sameLineLog(t, r, repo, q)
			}
			if shown < len(queries) {
				t.Errorf("only %d commits shown for %d queries", shown, len(queries))
			}
		})
	}
}

func sortQueries(q []lineQuery) {
	keys := make([]string, len(q))
	byKey := map[string]lineQuery{}
	for i, x := range q {
		keys[i] = x.String()
		byKey[keys[i]] = x
	}
	sortStrings(keys)
	for i, k := range keys {
		q[i] = byKey[k]
	}
}
