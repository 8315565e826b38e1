package status

import (
	"os/exec"
	"sort"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// TestPathspecAgainstGit compares which index paths a pathspec selects
// with `git ls-files`, which uses the same matcher as git status.
func TestPathspecAgainstGit(t *testing.T) {
	r := gittest.New(t)
	paths := []string{"a.tf", "b.md", "infra/prod/main.tf", "infra/prod/vars.tf", "infra/dev/main.tf",
		"infra-old/x.tf", "docs/a b.md", "docs/sub/deep.md", "x[1].txt", "star*name"}
	for _, p := range paths {
		r.Write(p, "x\n")
	}
	r.Git("add", "-A")
	for _, spec := range [][]string{
		{"infra"}, {"infra/"}, {"infra/prod/main.tf"}, {"*.tf"}, {"infra/*/main.tf"}, {"docs", "a.tf"},
		{"*"}, {"?.tf"}, {"docs/*.md"}, {"inf*"}, {"."}, {"x[1].txt"}, {"star*"}, {"nothing"}, {"infra/prod"},
	} {
		cmd := exec.Command("git", append([]string{"ls-files", "-z", "--"}, spec...)...)
		cmd.Dir, cmd.Env = r.Dir, r.Environ()
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
		if len(out) == 0 {
			want = nil
		}
		ps := compilePathspec(spec)
		var got []string
		for _, p := range paths {
			if ps.matches(p) {
				got = append(got, p)
			}
		}
		sort.Strings(got)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("pathspec %q selects %q, git %q", spec, got, want)
		}
	}
}

func TestPathspecLeading(t *testing.T) {
	ps := compilePathspec([]string{"infra/prod/main.tf", "docs/*.md"})
	for _, c := range []struct {
		name string
		want matchHow
	}{
		{"infra/", matchLeading}, {"infra/prod/", matchLeading}, {"infr/", matchNone},
		{"docs/", matchLeading}, {"docs/sub/", matchLeading}, {"other/", matchNone}, {"do", matchNone},
	} {
		if got := ps.match(c.name, false, true); got != c.want {
			t.Errorf("match(%q) = %d, want %d", c.name, got, c.want)
		}
	}
	if !ps.simplifyAway("other") || ps.simplifyAway("infra") || ps.simplifyAway("docs/x") {
		t.Error("simplifyAway")
	}
}
