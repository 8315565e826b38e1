package ignore

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// gitZ runs git in the repository and splits its NUL-terminated output.
// Exit status 1 is accepted: check-ignore uses it for "nothing ignored".
func gitZ(t *testing.T, r *gittest.Repo, stdin []byte, args ...string) []string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = r.Dir, r.Environ()
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("git %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	fields := strings.Split(string(out), "\x00")
	return fields[:len(fields)-1]
}

// entry is one path of the work tree as the test walker saw it.
type entry struct {
	path  string
	isDir bool
}

// walkResult is what a status-like walk over the work tree computes with a
// Stack, in the shapes the git commands print.
type walkResult struct {
	entries   []entry
	explained map[string]string // path → "source\x00line\x00pattern" or ""
	ignored   []string          // ls-files -o -i: every ignored file
	matching  []string          // status --ignored=matching: ignored dirs as "d/", else files
	directory []string          // ls-files -o -i --directory
}

func explainString(p *Pattern) string {
	if p == nil {
		return ""
	}
	return p.Source + "\x00" + itoa(p.Line) + "\x00" + p.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// walk descends the whole work tree (ignored directories too, so every
// path can be compared) the way a status walker would use a Stack.
func walk(t *testing.T, root string, opts Options) *walkResult {
	t.Helper()
	w := &walkResult{explained: map[string]string{}}
	s := NewStack(opts)
	var visit func(dir string, excluded bool) (hasUntracked bool)
	visit = func(dir string, excluded bool) bool {
		abs := filepath.Join(root, filepath.FromSlash(dir))
		data, _ := os.ReadFile(filepath.Join(abs, ".gitignore"))
		s.Push(dir, data)
		defer s.Pop()
		des, err := os.ReadDir(abs)
		if err != nil {
			t.Fatal(err)
		}
		untracked := false
		for _, de := range des {
			if dir == "" && de.Name() == ".git" {
				continue
			}
			path := de.Name()
			if dir != "" {
				path = dir + "/" + path
			}
			isDir := de.IsDir()
			w.entries = append(w.entries, entry{path, isDir})
			p := s.Explain(path, isDir)
			w.explained[path] = explainString(p)
			ign := s.Match(path, isDir)
			if ign != (p != nil && !p.Negative) {
				t.Fatalf("Match and Explain disagree on %s", path)
			}
			if !isDir {
				if ign {
					w.ignored = append(w.ignored, path)
					if !excluded {
						w.matching = append(w.matching, path)
						w.directory = append(w.directory, path)
					}
				} else {
					untracked = true
				}
				continue
			}
			if ign && !excluded {
				w.matching = append(w.matching, path+"/")
				w.directory = append(w.directory, path+"/")
			}
			mark := len(w.directory)
			sub := visit(path, excluded || ign)
			empty, _ := os.ReadDir(filepath.Join(root, filepath.FromSlash(path)))
			switch {
			case ign || excluded:
				w.directory = w.directory[:mark]
			case sub || len(empty) == 0:
				untracked = true
			default:
				// ls-files -o -i --directory also names a directory
				// holding nothing but ignored paths.
				w.directory = append(w.directory, path+"/")
			}
		}
		return untracked
	}
	visit("", false)
	slices.Sort(w.ignored)
	slices.Sort(w.matching)
	slices.Sort(w.directory)
	return w
}

// compareWithGit checks a Stack walk and a Matcher against git for every
// path of the work tree.
func compareWithGit(t *testing.T, r *gittest.Repo, opts Options, directoryToo bool) {
	t.Helper()
	w := walk(t, r.Dir, opts)
	var stdin []byte
	for _, e := range w.entries {
		stdin = append(append(stdin, e.path...), 0)
	}
	out := gitZ(t, r, stdin, "check-ignore", "--no-index", "-v", "-z", "--non-matching", "--stdin")
	if len(out) != 4*len(w.entries) {
		t.Fatalf("check-ignore printed %d fields for %d paths", len(out), len(w.entries))
	}
	m := NewMatcher(opts, WorkTreeReader(r.Dir))
	for i := 0; i < len(out); i += 4 {
		path := out[i+3]
		want := ""
		if out[i] != "" {
			want = strings.Join(out[i:i+3], "\x00")
		}
		if got := w.explained[path]; got != want {
			t.Errorf("Stack: %s decided by %q, git says %q", path, got, want)
		}
		isDir := slices.Contains(w.entries, entry{path, true})
		p, err := m.Explain(path, isDir)
		if err != nil {
			t.Fatal(err)
		}
		if got := explainString(p); got != want {
			t.Errorf("Matcher: %s decided by %q, git says %q", path, got, want)
		}
	}
	eq := func(what string, got, want []string) {
		t.Helper()
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got  %q\n want %q", what, got, want)
		}
	}
	eq("ls-files -o -i", w.ignored, gitZ(t, r, nil, "ls-files", "-z", "-o", "-i", "--exclude-standard"))
	var matching []string
	for _, f := range gitZ(t, r, nil, "status", "-z", "--porcelain", "--ignored=matching", "-uall") {
		if rest, ok := strings.CutPrefix(f, "!! "); ok {
			matching = append(matching, rest)
		}
	}
	eq("status --ignored=matching", w.matching, matching)
	if directoryToo {
		eq("ls-files -o -i --directory", w.directory,
			gitZ(t, r, nil, "ls-files", "-z", "-o", "-i", "--exclude-standard", "--directory"))
	}
}

// standardOptions reads info/exclude and the excludes file the way git
// finds them for repository r.
func standardOptions(t *testing.T, r *gittest.Repo, ignoreCase bool) Options {
	t.Helper()
	opts := Options{IgnoreCase: ignoreCase}
	if data, err := os.ReadFile(filepath.Join(r.Dir, ".git", "info", "exclude")); err == nil {
		opts.InfoExclude = File{Name: ".git/info/exclude", Data: data}
	}
	name := strings.TrimSpace(gitOutOK(r, "config", "core.excludesFile"))
	if name == "" {
		name = DefaultExcludesFile(r.Environ())
	}
	if data, err := os.ReadFile(name); err == nil {
		opts.ExcludesFile = File{Name: name, Data: data}
	}
	return opts
}

func gitOutOK(r *gittest.Repo, args ...string) string {
	out, _ := r.GitErr(args...)
	return out
}
