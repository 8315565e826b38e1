package gitops_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"reef/gitops"
	"reef/gitops/gittest"
)

// TestFollowRenames checks git log --follow with reef's own rename
// detection: renames with edits, a rename to another directory, a file
// deleted and re-added, and a copy (followed as git does: not at all).
func TestFollowRenames(t *testing.T) {
	r := gittest.New(t)
	var body strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&body, "resource \"aws_instance\" \"web%d\" { ami = \"ami-%d\" }\n", i, i)
	}
	text := body.String()
	r.Write("envs/prod/main.tf", text).Write("other.tf", "x\n").Commit("add")
	r.Write("envs/prod/main.tf", text+"# edit 1\n").Commit("edit")
	r.Move("envs/prod/main.tf", "envs/production/main.tf")
	r.Append("envs/production/main.tf", "# edit while moving\n").Commit("rename with edit")
	r.Append("envs/production/main.tf", "# edit 2\n").Commit("edit 2")
	r.Move("envs/production/main.tf", "live/production/compute.tf").Commit("pure rename")
	r.Write("copy.tf", r.Read("live/production/compute.tf")).Commit("copy")
	r.Remove("other.tf").Commit("delete other")
	r.Write("other.tf", "y\n").Commit("re-add other")
	repo := open(t, r, r.Dir)
	for _, path := range []string{"live/production/compute.tf", "copy.tf", "other.tf", "envs/prod/main.tf"} {
		want := strings.Fields(r.Git("log", "--follow", "--format=%H", "--", path))
		h, err := repo.FileHistory(context.Background(), gitops.FileHistoryOptions{Paths: []string{path}, Follow: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		var names []string
		for {
			page, err := h.Next(context.Background(), 100)
			for _, e := range page {
				got = append(got, e.Commit.ID.String())
				names = append(names, e.Path+"<"+e.OldPath)
			}
			if err != nil {
				break
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: got %d commits, git %d: %v", path, len(got), len(want), names)
		}
	}
}

// TestFollowRandom: seeded random edits, renames (with and without edits),
// copies and deletions across branches and merges, compared with git log
// --follow for every file.
func TestFollowRandom(t *testing.T) {
	for seed := int64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rnd := newRand(seed)
			r := gittest.New(t)
			files := map[string]string{}
			for i := 0; i < 6; i++ {
				name := fmt.Sprintf("dir%d/file%d.tf", i%3, i)
				var b strings.Builder
				for j := 0; j < 25; j++ {
					fmt.Fprintf(&b, "line %d of file %d\n", j, i)
				}
				files[name] = b.String()
				r.Write(name, files[name])
			}
			r.Commit("initial")
			names := func() []string {
				var out []string
				for n := range files {
					out = append(out, n)
				}
				sortStrings(out)
				return out
			}
			for i := 0; i < 30; i++ {
				ns := names()
				n := ns[rnd.Intn(len(ns))]
				switch rnd.Intn(6) {
				case 0, 1, 2:
					lines := strings.Split(files[n], "\n")
					lines[rnd.Intn(len(lines)-1)] = fmt.Sprint("edit ", i)
					files[n] = strings.Join(lines, "\n")
					r.Write(n, files[n])
				case 3:
					dst := fmt.Sprintf("moved%d/%s", i, n[strings.LastIndexByte(n, '/')+1:])
					r.Move(n, dst)
					files[dst] = files[n]
					delete(files, n)
					if rnd.Intn(2) == 0 {
						files[dst] += "edited while moving\n"
						r.Write(dst, files[dst])
					}
				case 4:
					dst := fmt.Sprintf("copy%d.tf", i)
					files[dst] = files[n]
					r.Write(dst, files[dst])
				case 5:
					if len(files) > 3 {
						r.Remove(n)
						delete(files, n)
					}
				}
				r.Commit(fmt.Sprint("change ", i))
			}
			repo := open(t, r, r.Dir)
			for _, n := range names() {
				want := strings.Fields(r.Git("log", "--follow", "--format=%H", "--", n))
				h, err := repo.FileHistory(context.Background(), gitops.FileHistoryOptions{Paths: []string{n}, Follow: true})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for {
					page, err := h.Next(context.Background(), 100)
					for _, e := range page {
						got = append(got, e.Commit.ID.String())
					}
					if err != nil {
						break
					}
				}
				if strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("%s: got %d commits, git %d", n, len(got), len(want))
				}
			}
		})
	}
}
