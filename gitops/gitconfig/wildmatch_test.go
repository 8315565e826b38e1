package gitconfig

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// TestWildmatchTable pins behaviour worth knowing without git.
func TestWildmatchTable(t *testing.T) {
	cases := []struct {
		pat, text string
		fold      bool
		want      bool
	}{
		{"foo", "foo", false, true},
		{"foo", "Foo", false, false},
		{"foo", "Foo", true, true},
		{"f*", "foo/bar", false, false},
		{"f**", "foo/bar", false, false}, // "**" not between slashes is "*"
		{"foo/**", "foo/bar/baz", false, true},
		{"**/baz", "foo/bar/baz", false, true},
		{"foo/**/baz", "foo/baz", false, true},
		{"foo/*/baz", "foo/a/b/baz", false, false},
		{"?", "/", false, false},
		{"[a-c]x", "bx", false, true},
		{"[!a-c]x", "bx", false, false},
		{"[^a-c]x", "dx", false, true},
		{"[]]", "]", false, true},
		{"[[:upper:]]", "a", true, true},
		{"[[:upper:]]", "a", false, false},
		{"[[:nope:]]", "a", false, false},
		{"[A-C]", "b", true, true},
		{"\\*", "*", false, true},
		{"\\*", "x", false, false},
		{"a/", "a/", false, true},
		{"", "", false, true},
		{"*", "", false, true},
		{"[", "[", false, false}, // unterminated class aborts
	}
	for _, c := range cases {
		if got := wildmatch(c.pat, c.text, c.fold); got != c.want {
			t.Errorf("wildmatch(%q, %q, fold=%v) = %v, want %v", c.pat, c.text, c.fold, got, c.want)
		}
	}
}

// header quotes s as a config subsection.
func header(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}

func wildPatterns() []string {
	return []string{"*", "**", "foo", "f*", "*o", "f?o", "foo/*", "foo/**", "**/bar", "**/bar/**",
		"foo/**/baz", "*/bar", "a/**/d", "a**d", "[a-c]bc", "[!a]bc", "[^a]bc", "a[]]c", "a[]-]c",
		"[[:alpha:]]*", "[[:upper:]]*", "[[:digit:][:upper:]]*", "[[:spaci:]]", "[a-", `\*`, `a\*b`, `a\`,
		"*.git", "**.git", "https://**", "https://*/*", "git@*:*/*", "*/*", "?", "??", "???", "[", "[!]",
		"[]", `[\]]`, `a[\-]z`, "[--z]", "[a-a]*", "[z-a]*", "**/", "/**", "foo/**/", "a/**/b", "**/**",
		"***", "foo***", "f*/**", "[[:xdigit:]]*", "[[:punct:]]", "[[:space:]]*", "[ab", "[[:alpha:]",
		"*[", "*[a", "**[", "a*?b", "*/**/*", "foo/**/bar/**/baz", "**/*.txt", "deep/**/*.txt",
		"[[:alnum:][:punct:]]*", "[[:lower:]]*", "[[:print:]]", "[[:graph:]]", "[[:cntrl:]]", "[[:blank:]]*",
		"[a-c-e]", "[\\a-\\c]bc", "*b*", "**b**", "a/*/*/d", "**/b/**/d", "?*?", "[[]", "[[]*", "[x-]"}
}

func wildTexts() []string {
	return []string{"foo", "foo/bar", "foo/bar/baz", "foo/baz", "foo/", "/foo", "a/b/c/d", "abc", "aBc",
		"ABC", "bbc", "a[b]c", "a*b", "a?b", `a\b`, "-", "]", "a]c", "a-c", "a-z", "x.git", "a/x.git",
		"https://example.com/a/b.git", "https://example.com/a", "git@host:team/repo", "foo/.bar", "a b",
		"[", "ab]", "!", "^", "foo/bar/", "deep/ly/nested/file.txt", "a/b", "a//b", "a/c/b", "1", "é",
		"axyzb", "a/b/c/b/d", "\t", "Zebra", "z"}
}

// TestWildmatchMatchesGit feeds every pattern and text through git's
// includeIf "hasconfig:remote.*.url:" (wildmatch with WM_PATHNAME on an
// arbitrary string) and compares with ours.
func TestWildmatchMatchesGit(t *testing.T) {
	w := newWorld(t)
	patterns := wildPatterns()
	w.write("repo/.git/hit", "[m]\n\thit = yes\n")
	hits, pairs := 0, 0
	for _, text := range wildTexts() {
		var b strings.Builder
		fmt.Fprintf(&b, "[remote \"r\"]\n\turl = \"%s\"\n", header(text))
		for i, p := range patterns {
			fmt.Fprintf(&b, "[includeIf \"hasconfig:remote.*.url:%s\"]\n\tpath = hit\n[m]\n\tafter = %d\n", header(p), i)
		}
		w.write("repo/.git/config", b.String())
		out, stderr, err := w.git("config", "--includes", "--get-regexp", "^m\\.")
		if err != nil {
			t.Fatalf("git: %v: %s", err, stderr)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		for i, p := range patterns {
			// "m.hit yes" right before "m.after i" means pattern i matched.
			gitHit := false
			for j, l := range lines {
				if l == "m.after "+strconv.Itoa(i) && j > 0 && lines[j-1] == "m.hit yes" {
					gitHit = true
				}
			}
			pairs++
			if gitHit {
				hits++
			}
			if got := wildmatch(p, text, false); got != gitHit {
				t.Errorf("wildmatch(%q, %q) = %v, git %v", p, text, got, gitHit)
			}
		}
	}
	t.Logf("%d of %d pairs match", hits, pairs)
	if hits < pairs/20 || hits > pairs/2 {
		t.Fatalf("%d of %d pairs match: the comparison proves little", hits, pairs)
	}
}

// TestCaseFoldMatchesGit checks WM_CASEFOLD through includeIf "gitdir/i:".
func TestCaseFoldMatchesGit(t *testing.T) {
	w := newWorld(t)
	patterns := []string{"REPO/.GIT", "[Q-S]EPO/.git", "[q-s]EPO/.git", "[[:upper:]]epo/.git",
		"[[:lower:]]EPO/.git", "[R]epo/.git", "R*/.GIT", `r\Epo/.git`, `\Repo/.git`, "R?PO/", "[!R]epo/.git",
		"REPO", "**/REPO/**", "rEpO/"}
	var b strings.Builder
	for i, p := range patterns {
		fmt.Fprintf(&b, "[includeIf \"gitdir/i:%s\"]\n\tpath = hit\n[m]\n\tafter = %d\n", header(p), i)
	}
	w.write("repo/.git/hit", "[m]\n\thit = yes\n")
	w.write("repo/.git/config", b.String())
	cfg := w.check()
	entries := cfg.Entries()
	hits := 0
	for i := 1; i < len(entries); i++ {
		if entries[i].Key == "m.after" && entries[i-1].Key == "m.hit" {
			hits++
		}
	}
	if hits == 0 || hits == len(patterns) {
		t.Fatalf("%d of %d case-folded patterns matched: the comparison proves little", hits, len(patterns))
	}
}
