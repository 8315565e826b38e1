package revwalk_test

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"reef/gitops/gittest"
	"reef/gitops/oid"
	"reef/gitops/revwalk"
)

// gitRenames finds renames between two trees with git itself, so these
// tests check the walk, not the rename detector.
func gitRenames(r *gittest.Repo) func(ctx context.Context, a, b oid.ID, path string) (string, bool, error) {
	return func(_ context.Context, a, b oid.ID, path string) (string, bool, error) {
		out := r.Git("diff-tree", "-r", "-M", "--name-status", "-z", a.String(), b.String())
		f := strings.Split(out, "\x00")
		for i := 0; i+2 < len(f); {
			st := f[i]
			if strings.HasPrefix(st, "R") || strings.HasPrefix(st, "C") {
				if f[i+2] == path {
					return f[i+1], true, nil
				}
				i += 3
				continue
			}
			i += 2
		}
		return "", false, nil
	}
}

func fileCompare(t *testing.T, r *gittest.Repo, follow bool, revs []string, paths ...string) {
	t.Helper()
	args := []string{"log", "--format=%H"}
	if follow {
		args = append(args, "--follow")
	}
	args = append(args, revs...)
	args = append(args, "--")
	want := strings.Fields(r.Git(append(args, paths...)...))
	// Without a commit-graph, with one, and with changed-path filters.
	for mode := 0; mode < 3; mode++ {
		useGraph := mode > 0
		if useGraph {
			r.WriteCommitGraph(mode == 2)
		}
		// Small pages stop and restart a follow walk's tree resolvers
		// with commits ordered ahead and jobs left waiting; one page does
		// the whole walk with them running.
		for _, pageSize := range []int{2, 1000} {
			o := revwalk.FileOptions{Include: ids(t, r, revs...), Paths: append([]string(nil), paths...), Follow: follow, FindRename: gitRenames(r)}
			got := pagedIDs(revwalk.NewFileWalk(source(t, r, useGraph), o), pageSize)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("follow=%v graph mode %d pages of %d %v -- %v:\n got %v\nwant %v", follow, mode, pageSize, revs, paths, short(got), short(want))
			}
		}
		if useGraph {
			r.Remove(".git/objects/info/commit-graph")
		}
	}
}

// TestFollowStaleGraph: a commit-graph written before the newest commits
// (as gc leaves it), so a follow walk starts outside the graph, renames
// and merges there, and goes on inside it.
func TestFollowStaleGraph(t *testing.T) {
	r := gittest.New(t)
	body := strings.Repeat("resource \"aws_s3_bucket\" \"logs\" {}\n", 20)
	r.Write("envs/prod/main.tf", body).Write("other.tf", "x").Commit("add")
	for i := 0; i < 5; i++ {
		r.Append("envs/prod/main.tf", fmt.Sprintf("# edit %d\n", i)).Commit(fmt.Sprint("edit ", i))
		r.Write("other.tf", fmt.Sprint(i)).Commit(fmt.Sprint("other ", i))
	}
	for _, bloom := range []bool{false, true} {
		r.WriteCommitGraph(bloom)
		r.Checkout(fmt.Sprint("side", bloom), true).Append("envs/prod/main.tf", "# side\n").Commit("side edit")
		r.Checkout("main", false).Write("other.tf", "main").Commit("main other")
		r.Merge("merge side", fmt.Sprint("side", bloom))
		if !bloom {
			r.Move("envs/prod/main.tf", "live/prod/main.tf")
			r.Append("live/prod/main.tf", "# moved\n").Commit("move")
		}
		r.Append("live/prod/main.tf", fmt.Sprintf("# after %v\n", bloom)).Commit("after")
		want := strings.Fields(r.Git("log", "--follow", "--format=%H", "--", "live/prod/main.tf"))
		for _, pageSize := range []int{1, 3, 1000} {
			o := revwalk.FileOptions{Include: ids(t, r, "HEAD"), Paths: []string{"live/prod/main.tf"}, Follow: true, FindRename: gitRenames(r)}
			got := pagedIDs(revwalk.NewFileWalk(source(t, r, true), o), pageSize)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("bloom=%v pages of %d:\n got %v\nwant %v", bloom, pageSize, short(got), short(want))
			}
		}
	}
}

// pagedIDs walks to the end in pages of pageSize: small pages stop and
// restart a follow walk's workers with work left ordered ahead.
func pagedIDs(w *revwalk.FileWalker, pageSize int) []string {
	var got []string
	for {
		page, err := w.Next(context.Background(), pageSize)
		for _, e := range page {
			got = append(got, e.ID.String())
		}
		if err != nil {
			return got
		}
	}
}

func TestFileHistory(t *testing.T) {
	r := gittest.New(t)
	body := ""
	for i := 0; i < 30; i++ {
		body += fmt.Sprintf("line %d of the terraform module\n", i)
	}
	r.Write("infra/modules/vpc/main.tf", body).Write("README.md", "x").Commit("add vpc")
	r.Write("infra/modules/vpc/main.tf", body+"extra\n").Commit("edit vpc")
	r.Write("README.md", "y").Commit("unrelated")
	// side branch touches the file, main touches something else, merge
	r.Checkout("side", true).Write("infra/modules/vpc/main.tf", "side\n"+body+"extra\n").Commit("side edit")
	r.Checkout("main", false).Write("README.md", "z").Commit("main unrelated")
	r.Merge("merge side", "side")
	// rename with an edit
	r.Move("infra/modules/vpc/main.tf", "infra/modules/network/vpc.tf")
	r.Append("infra/modules/network/vpc.tf", "renamed and edited\n").Commit("rename vpc")
	r.Append("infra/modules/network/vpc.tf", "after rename\n").Commit("edit after rename")
	// delete and re-add
	r.Remove("README.md").Commit("delete readme")
	r.Write("README.md", "back").Commit("re-add readme")
	// a branch that only touches the renamed file, merged with a conflict-free edit on main
	r.Checkout("side2", true).Append("infra/modules/network/vpc.tf", "side2\n").Commit("side2 edit")
	r.Checkout("main", false).Write("other.txt", "o").Commit("main other")
	r.Merge("merge side2", "side2")

	for _, follow := range []bool{false, true} {
		fileCompare(t, r, follow, []string{"HEAD"}, "infra/modules/network/vpc.tf")
		fileCompare(t, r, follow, []string{"HEAD"}, "README.md")
		fileCompare(t, r, follow, []string{"HEAD~3"}, "infra/modules/network/vpc.tf")
		fileCompare(t, r, follow, []string{"side"}, "infra/modules/vpc/main.tf")
	}
	// Excluded commits take the other follow walk (nextFollow).
	for _, bloom := range []bool{false, true} {
		for _, useGraph := range []bool{false, true} {
			if useGraph {
				r.WriteCommitGraph(bloom)
			}
			want := strings.Fields(r.Git("log", "--follow", "--format=%H", "HEAD~6..HEAD", "--", "infra/modules/network/vpc.tf"))
			o := revwalk.FileOptions{Include: ids(t, r, "HEAD"), Exclude: ids(t, r, "HEAD~6"), Paths: []string{"infra/modules/network/vpc.tf"}, Follow: true, FindRename: gitRenames(r)}
			got, err := revwalk.NewFileWalk(source(t, r, useGraph), o).All(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []string
			for _, e := range got {
				gotIDs = append(gotIDs, e.ID.String())
			}
			if strings.Join(gotIDs, " ") != strings.Join(want, " ") {
				t.Errorf("follow HEAD~6..HEAD graph=%v bloom=%v:\n got %v\nwant %v", useGraph, bloom, short(gotIDs), short(want))
			}
			if useGraph {
				r.Remove(".git/objects/info/commit-graph")
			}
		}
	}
	fileCompare(t, r, false, []string{"HEAD"}, "infra")
	fileCompare(t, r, false, []string{"HEAD"}, "infra/modules")
	fileCompare(t, r, false, []string{"HEAD"}, "README.md", "other.txt")
	fileCompare(t, r, false, []string{"HEAD"}, "missing.txt")
}

// TestFileHistoryRandom edits, renames, deletes and merges at random.
func TestFileHistoryRandom(t *testing.T) {
	for seed := int64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rnd := rand.New(rand.NewSource(seed))
			r := gittest.New(t)
			files := map[string]string{}
			names := []string{"a.tf", "dir/b.yaml", "dir/sub/c.json", "d.md"}
			content := func(name string, n int) string {
				var b strings.Builder
				for i := 0; i < 20; i++ {
					fmt.Fprintf(&b, "%s line %d version %d\n", name, i, n)
				}
				return b.String()
			}
			for _, n := range names {
				files[n] = content(n, 0)
				r.Write(n, files[n])
			}
			r.Commit("initial")
			branches := []string{"main"}
			for i := 0; i < 40; i++ {
				switch x := rnd.Intn(10); {
				case x < 5:
					n := names[rnd.Intn(len(names))]
					if _, ok := files[n]; ok {
						lines := strings.Split(files[n], "\n")
						lines[rnd.Intn(len(lines)-1)] = fmt.Sprint("edited ", i)
						files[n] = strings.Join(lines, "\n")
						r.Write(n, files[n])
						r.Commit(fmt.Sprint("edit ", n, " ", i))
					}
				case x < 6:
					n := names[rnd.Intn(len(names))]
					if _, ok := files[n]; ok && !strings.Contains(n, "moved") {
						dst := "moved/" + n
						if _, taken := files[dst]; !taken {
							r.Move(n, dst)
							files[dst] = files[n]
							delete(files, n)
							names = append(names, dst)
							r.Commit(fmt.Sprint("rename ", n, " ", i))
						}
					}
				case x < 8:
					b := fmt.Sprint("b", i)
					r.Checkout(b, true)
					branches = append(branches, b)
				default:
					if len(branches) > 1 {
						b := branches[len(branches)-1]
						r.Checkout("main", false)
						if _, err := r.GitErr("merge", "-q", "--no-ff", "--no-edit", b); err != nil {
							r.Git("merge", "--abort")
						}
						branches = branches[:len(branches)-1]
						r.Tick(60)
					}
				}
			}
			r.Checkout("main", false)
			for _, n := range names {
				if _, ok := files[n]; ok {
					fileCompare(t, r, true, []string{"HEAD"}, n)
					fileCompare(t, r, false, []string{"HEAD"}, n)
				}
			}
		})
	}
}

// TestFollowLongHistory: a history longer than a few blocks of slots, so
// blocks behind the decisions are released while the walk goes on, in
// small pages and in one.
func TestFollowLongHistory(t *testing.T) {
	r := gittest.New(t)
	linear(r, 3500, 50, func(i int) bool { return i%97 == 0 })
	r.WriteCommitGraph(false)
	want := strings.Fields(r.Git("log", "--follow", "--format=%H", "main", "--", "envs/prod/main.tf"))
	if len(want) < 30 {
		t.Fatalf("git lists %d commits", len(want))
	}
	for _, pageSize := range []int{1, 7, 1000} {
		o := revwalk.FileOptions{Include: ids(t, r, "main"), Paths: []string{"envs/prod/main.tf"}, Follow: true, FindRename: gitRenames(r)}
		got := pagedIDs(revwalk.NewFileWalk(source(t, r, true), o), pageSize)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("pages of %d: got %d commits, git %d", pageSize, len(got), len(want))
		}
	}
}

// TestFollowSkewedChild: a side commit dated long before its parent is
// ordered at the very end of a long walk, thousands of commits after its
// parent, whose slot has been released by then.
func TestFollowSkewedChild(t *testing.T) {
	r := gittest.New(t)
	var script strings.Builder
	commit := func(mark, from, when int, path, body string) {
		fmt.Fprintf(&script, "commit refs/heads/main\nmark :%d\ncommitter A <a@example.com> %d +0000\ndata 2\nc\n", mark, when)
		if from > 0 {
			fmt.Fprintf(&script, "from :%d\n", from)
		}
		fmt.Fprintf(&script, "M 100644 inline %s\ndata %d\n%s\n", path, len(body), body)
	}
	const n = 3500
	for i := 1; i <= n; i++ {
		path := fmt.Sprintf("other/f%d.txt", i%50)
		if i%97 == 0 || i == 1000 {
			path = "envs/prod/main.tf"
		}
		commit(i, i-1, 1600000000+i*60, path, fmt.Sprintf("version %d\n", i))
	}
	// The side commit: its parent is one of the newest commits, its date
	// years before the first.
	commit(n+1, n-100, 1000000000, "envs/prod/main.tf", "from the past\n")
	fmt.Fprintf(&script, "commit refs/heads/main\nmark :%d\ncommitter A <a@example.com> %d +0000\ndata 6\nmerge\nfrom :%d\nmerge :%d\n", n+2, 1600000000+(n+1)*60, n, n+1)
	r.GitIn([]byte(script.String()), "fast-import", "--quiet")
	r.WriteCommitGraph(false)
	want := strings.Fields(r.Git("log", "--follow", "--format=%H", "main", "--", "envs/prod/main.tf"))
	for _, pageSize := range []int{7, 1000} {
		o := revwalk.FileOptions{Include: ids(t, r, "main"), Paths: []string{"envs/prod/main.tf"}, Follow: true, FindRename: gitRenames(r)}
		got := pagedIDs(revwalk.NewFileWalk(source(t, r, true), o), pageSize)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("pages of %d: got %d commits, git %d:\n got %v\nwant %v", pageSize, len(got), len(want), short(got), short(want))
		}
	}
}

// linear makes n commits on main in one fast-import run: commit i
// changes envs/prod/main.tf when changes(i), else one of others other
// files.
func linear(r *gittest.Repo, n, others int, changes func(i int) bool) {
	r.LinearFiles(n, func(i int) string {
		if changes(i) {
			return "envs/prod/main.tf"
		}
		return fmt.Sprintf("other/f%d.txt", i%others)
	}, func(i int) string { return fmt.Sprint("commit ", i) })
}

// TestFileWalkSoon: with Soon, Next returns what it has found once the
// time is up (checked every 256 commits), and the pages still add up to
// git's list; with and without a commit-graph, with and without
// following.
func TestFileWalkSoon(t *testing.T) {
	r := gittest.New(t)
	linear(r, 1200, 20, func(i int) bool { return i%3 == 0 })
	want := strings.Fields(r.Git("log", "--follow", "--format=%H", "main", "--", "envs/prod/main.tf"))
	for _, useGraph := range []bool{false, true} {
		if useGraph {
			r.WriteCommitGraph(false)
		}
		for _, follow := range []bool{true, false} {
			o := revwalk.FileOptions{Include: ids(t, r, "main"), Paths: []string{"envs/prod/main.tf"}, Follow: follow, FindRename: gitRenames(r), Soon: time.Nanosecond}
			w := revwalk.NewFileWalk(source(t, r, useGraph), o)
			first, err := w.Next(context.Background(), len(want))
			if err != nil || len(first) == 0 || len(first) >= len(want) {
				t.Fatalf("graph %v follow %v: first page of %d has %d entries (%v); git lists %d", useGraph, follow, len(want), len(first), err, len(want))
			}
			got := []string{}
			for _, e := range first {
				got = append(got, e.ID.String())
			}
			got = append(got, pagedIDs(w, len(want))...)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("graph %v follow %v: pages add up to %d commits, git lists %d", useGraph, follow, len(got), len(want))
			}
		}
	}
}

// TestFileWalkQuietPages: with Soon, a walk that finds nothing for a
// while returns an empty page instead of waiting for its next entry, and
// Progress says how far it has got: the commits it has looked at and the
// commit date of the last, git log's order being the walk's.
func TestFileWalkQuietPages(t *testing.T) {
	r := gittest.New(t)
	const file = "envs/prod/main.tf"
	linear(r, 1200, 20, func(i int) bool { return i == 0 }) // only the root commit changes it
	dates := strings.Fields(r.Git("log", "--format=%ct", "main"))
	want := strings.Fields(r.Git("log", "--follow", "--format=%H", "main", "--", file))
	for _, useGraph := range []bool{false, true} {
		if useGraph {
			r.WriteCommitGraph(false)
		}
		for _, follow := range []bool{true, false} {
			o := revwalk.FileOptions{Include: ids(t, r, "main"), Paths: []string{file}, Follow: follow, FindRename: gitRenames(r), Soon: time.Nanosecond}
			w := revwalk.NewFileWalk(source(t, r, useGraph), o)
			var got []string
			quiet, walked := 0, 0
			for {
				page, err := w.Next(context.Background(), 10)
				for _, e := range page {
					got = append(got, e.ID.String())
				}
				p := w.Progress()
				if p.Walked < walked || p.Walked > len(dates) {
					t.Fatalf("graph %v follow %v: walked %d commits after %d (of %d)", useGraph, follow, p.Walked, walked, len(dates))
				}
				if p.Walked > 0 && fmt.Sprint(p.Reached) != dates[p.Walked-1] {
					t.Errorf("graph %v follow %v: after %d commits reached %d, git log's %dth is dated %s", useGraph, follow, p.Walked, p.Reached, p.Walked, dates[p.Walked-1])
				}
				walked = p.Walked
				if err != nil {
					break
				}
				if len(page) == 0 {
					quiet++
				}
			}
			if quiet == 0 {
				t.Errorf("graph %v follow %v: no empty page in a walk of %d commits that finds one, at its end", useGraph, follow, len(dates))
			}
			if walked != len(dates) {
				t.Errorf("graph %v follow %v: walked %d commits, git log lists %d", useGraph, follow, walked, len(dates))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("graph %v follow %v: pages add up to %v, git lists %v", useGraph, follow, got, want)
			}
		}
	}
}
