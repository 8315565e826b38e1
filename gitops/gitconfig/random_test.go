package gitconfig

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// randomConfig builds a config file from fragments that stress the
// parser: header forms, odd names, quoting, escapes, comments,
// continuations, CR/LF, a BOM, and now and then something invalid.
func randomConfig(r *rand.Rand) string {
	pick := func(list ...string) string { return list[r.IntN(len(list))] }
	rare := func(common, uncommon string) string {
		if r.IntN(25) == 0 {
			return uncommon
		}
		return common
	}
	var b strings.Builder
	if r.IntN(10) == 0 {
		b.WriteString(rare(utf8BOM, "\xef\xbb"))
	}
	eol := "\n"
	if r.IntN(4) == 0 {
		eol = "\r\n"
	}
	lines := 1 + r.IntN(12)
	for i := 0; i < lines; i++ {
		b.WriteString(pick("", " ", "\t", "  \t"))
		switch r.IntN(6) {
		case 0:
			b.WriteString(pick("[s]", "[Sec]", "[a.B]", "[a.b.c]", "[x-y]", "[s \"sub\"]", "[s  \"S u b\"]",
				"[s\t\"t\"]", "[s \"q\\\"x\\\\y\\z\"]", "[s \"\"]", "[S \"a.b\"]", "[s1]", "[s.]", "[.s]"))
			b.WriteString(rare(pick("", " ", "  ; c", " # c", " k = inline", "k"), pick("[", "]", " \"x\"", "x")))
			if r.IntN(8) == 0 {
				b.WriteString(rare("", pick("[s \"open", "[s x]", "[]", "[s_x]", "[s \"x\" ]")))
			}
		case 1:
			b.WriteString(pick("# comment", "; comment", "#", ";;", "# \"open quote", "; \\"))
		case 2:
			// blank line
		default:
			b.WriteString(pick("k", "Key", "k1", "a-b", "K-9", "x", "url", "path"))
			b.WriteString(rare("", pick("_", "1", "!", ".")))
			b.WriteString(pick("", " ", "\t", "  "))
			if r.IntN(6) == 0 {
				break // implicit true
			}
			b.WriteString(rare("=", pick(":", " x")))
			parts := 1 + r.IntN(4)
			for j := 0; j < parts; j++ {
				b.WriteString(pick("", " ", "\t", "  \t "))
				b.WriteString(pick("v", "two words", "a  b", "\"q\"", "\"  sp  \"", "\"a;b#c\"",
					"x\\ty", "\\n", "\\b", "\\\\", "\\\"", "; c", "# c", "tab\there", "é", "a\rb",
					"true", "0x10", "1k", "=", "\"\"", "a\"b\"c", "\\"+eol+"cont", "\"in \\"+eol+"quote\""))
				if r.IntN(40) == 0 {
					b.WriteString(pick("\\q", "\"open", "\\x"))
				}
			}
			b.WriteString(pick("", " ", "\t", " \\"+eol))
		}
		if i < lines-1 || r.IntN(3) > 0 {
			b.WriteString(eol)
		}
	}
	return b.String()
}

// TestRandomConfigsMatchGit compares Load with git on generated files
// (fixed seed, so failures reproduce): same entries, or both failing on
// the same line.
func TestRandomConfigsMatchGit(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 50
	}
	r := rand.New(rand.NewPCG(2039, 1))
	w := newWorld(t)
	fails := 0
	for i := 0; i < n; i++ {
		text := randomConfig(r)
		w.write("repo/.git/config", text)
		want, gitErr := w.gitList()
		cfg, err := w.load()
		switch {
		case gitErr != nil && err == nil:
			t.Fatalf("file %q: git fails (%v), Load succeeds", text, gitErr)
		case gitErr == nil && err != nil:
			t.Fatalf("file %q: Load fails (%v), git succeeds", text, err)
		case gitErr != nil:
			fails++
			fatal := gitErr.Error()[strings.Index(gitErr.Error(), "fatal: ")+len("fatal: "):]
			if !strings.HasPrefix(err.Error(), strings.TrimSpace(fatal)) {
				t.Fatalf("file %q:\ngit:  %s\nours: %v", text, fatal, err)
			}
		default:
			if got := describe(cfg); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("file %q:\ngit:\n%s\nours:\n%s", text, strings.Join(want, "\n"), strings.Join(got, "\n"))
			}
		}
	}
	t.Logf("%d files, %d rejected by git", n, fails)
	if fails == 0 || fails == n {
		t.Fatalf("generator is unbalanced: %d of %d files rejected", fails, n)
	}
}
