package attr

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// newRepo is a scripted repository that ignores the machine's
// /etc/gitattributes.
func newRepo(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Setenv("GIT_ATTR_NOSYSTEM", "1")
	return r
}

// checkAttr runs `git check-attr -z --stdin ARGS` over paths and returns,
// per path, "name=value" strings in git's order.
func checkAttr(t *testing.T, r *gittest.Repo, paths []string, args ...string) map[string][]string {
	t.Helper()
	var stdin []byte
	for _, p := range paths {
		stdin = append(append(stdin, p...), 0)
	}
	cmd := exec.Command("git", append([]string{"check-attr", "-z", "--stdin"}, args...)...)
	cmd.Dir, cmd.Env, cmd.Stdin = r.Dir, r.Environ(), bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git check-attr: %v: %s", err, stderr.String())
	}
	f := strings.Split(string(out), "\x00")
	f = f[:len(f)-1]
	res := map[string][]string{}
	for i := 0; i+2 < len(f); i += 3 {
		res[f[i]] = append(res[f[i]], f[i+1]+"="+f[i+2])
	}
	return res
}

type entry struct {
	path  string // directories end in '/'
	isDir bool
}

// walkTree lists every path of the work tree, directories with a trailing
// slash, in walk order.
func walkTree(t *testing.T, root string) []entry {
	t.Helper()
	var out []entry
	var visit func(dir string)
	visit = func(dir string) {
		des, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
		if err != nil {
			t.Fatal(err)
		}
		for _, de := range des {
			if dir == "" && de.Name() == ".git" {
				continue
			}
			p := de.Name()
			if dir != "" {
				p = dir + "/" + p
			}
			if de.IsDir() {
				out = append(out, entry{p + "/", true})
				visit(p)
			} else {
				out = append(out, entry{p, false})
			}
		}
	}
	visit("")
	return out
}

// stackAll walks the work tree with a Stack and records All, Common and
// the named attributes for every path.
func stackAll(t *testing.T, root string, opts Options, names []string) (all map[string][]string, named map[string][]string, common map[string]Common) {
	all, named, common = map[string][]string{}, map[string][]string{}, map[string]Common{}
	s := NewStack(opts)
	var visit func(dir string)
	visit = func(dir string) {
		abs := filepath.Join(root, filepath.FromSlash(dir))
		data, _ := os.ReadFile(filepath.Join(abs, ".gitattributes"))
		s.Push(dir, data)
		defer s.Pop()
		des, _ := os.ReadDir(abs)
		for _, de := range des {
			if dir == "" && de.Name() == ".git" {
				continue
			}
			p := de.Name()
			if dir != "" {
				p = dir + "/" + p
			}
			q := p
			if de.IsDir() {
				q += "/"
			}
			for _, a := range s.All(q) {
				all[q] = append(all[q], a.Name+"="+a.Value.String())
			}
			for i, v := range s.Attrs(q, names...) {
				named[q] = append(named[q], names[i]+"="+v.String())
			}
			common[q] = s.Common(q)
			if de.IsDir() {
				visit(p)
			}
		}
	}
	visit("")
	return all, named, common
}

func compareWithGit(t *testing.T, r *gittest.Repo, opts Options, names []string) {
	t.Helper()
	entries := walkTree(t, r.Dir)
	var paths []string
	for _, e := range entries {
		paths = append(paths, e.path)
	}
	wantAll := checkAttr(t, r, paths, "-a")
	wantNamed := checkAttr(t, r, paths, names...)
	commonNames := []string{"text", "eol", "crlf", "diff", "merge", "filter", "ident", "whitespace", "working-tree-encoding"}
	wantCommon := checkAttr(t, r, paths, commonNames...)
	all, named, common := stackAll(t, r.Dir, opts, names)
	m := NewMatcher(opts, WorkTreeReader(r.Dir))
	for _, p := range paths {
		want := slices.Clone(wantAll[p])
		slices.Sort(want)
		if !slices.Equal(all[p], want) {
			t.Errorf("Stack.All(%q) = %q, git says %q", p, all[p], want)
		}
		mall, err := m.All(p)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range mall {
			got = append(got, a.Name+"="+a.Value.String())
		}
		if !slices.Equal(got, want) {
			t.Errorf("Matcher.All(%q) = %q, git says %q", p, got, want)
		}
		if !slices.Equal(named[p], wantNamed[p]) {
			t.Errorf("Stack.Attrs(%q) = %q, git says %q", p, named[p], wantNamed[p])
		}
		vals, err := m.Attrs(p, names...)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if got := names[i] + "=" + v.String(); got != wantNamed[p][i] {
				t.Errorf("Matcher.Attrs(%q) %s, git says %s", p, got, wantNamed[p][i])
			}
		}
		c := common[p]
		gotCommon := []string{}
		for i, v := range []Value{c.Text, c.EOL, c.CRLF, c.Diff, c.Merge, c.Filter, c.Ident, c.Whitespace, c.WorkingTreeEncoding} {
			gotCommon = append(gotCommon, commonNames[i]+"="+v.String())
		}
		if !slices.Equal(gotCommon, wantCommon[p]) {
			t.Errorf("Stack.Common(%q) = %q, git says %q", p, gotCommon, wantCommon[p])
		}
		if mc, _ := m.Common(p); mc != c {
			t.Errorf("Matcher.Common(%q) = %+v, Stack says %+v", p, mc, c)
		}
	}
}

// standardOptions reads info/attributes and the global attributes file the
// way git finds them for r.
func standardOptions(t *testing.T, r *gittest.Repo, ignoreCase bool) Options {
	t.Helper()
	opts := Options{IgnoreCase: ignoreCase}
	if data, err := os.ReadFile(filepath.Join(r.Dir, ".git", "info", "attributes")); err == nil {
		opts.Info = File{Name: ".git/info/attributes", Data: data}
	}
	out, _ := r.GitErr("config", "core.attributesFile")
	name := strings.TrimSpace(out)
	if name == "" {
		name = DefaultAttributesFile(r.Environ())
	}
	if data, err := os.ReadFile(name); err == nil {
		opts.Global = File{Name: name, Data: data}
	}
	return opts
}
