package gitconfig

import (
	"strconv"
	"strings"
	"testing"
)

// syntaxCorpus holds files git reads, each exercising a rule of git's
// parser. Every one is checked value by value against git.
func syntaxCorpus() map[string]string {
	return map[string]string{
		"comments and whitespace": "# comment\n; comment\n\n   \t\n[core]\n\tbare = false\n" +
			"\tEditor = vim   ; trailing comment\n\t  spaced-key   =   v  # c\n",
		"internal whitespace": "[s]\n\tkey = value with   internal \t  spaces   \n\ttabs = a\tb\t\tc\n",
		"quotes": "[s]\n\tq = \"  keep  \"  outside  \n\tmixed = a\"b ; c\"d # comment\n" +
			"\tempty-quotes = \"\"   lead\n\tsemi = \"a;b#c\"\n\tinner = x\"\"y\n",
		"escapes": "[s]\n\tesc = \"tab\\there\" new\\nline back\\\\slash quote\\\" bs\\b\n" +
			"\tunquoted = \\\"a\\\"\n",
		"continuation":       "[s]\n\tcont = one \\\ntwo\\\n   three\n\tq = \"a \\\n b\"\n\tlast = x\\\n",
		"empty and implicit": "[s]\n\tempty =\n\tempty2 = \"\"\n\timplicit\n\timplicit2   \n\tcomment-only = ; c\n",
		"section forms": "[section.Deprecated]\n\tkey = x\n[UPPER]\n\tMixedCase = y\n[a \"b.c\"]\n\td = 1\n" +
			"[sec \"esc\\\"aped\\\\ \\q\\n\"]\n\tk = 1\n[s \"\"]\n\tk = empty sub\n[t  \t \"spaced\"]\n\tk = 1\n" +
			"[Case \"MiXeD\"]\n\tK = v\n[dots.in.Name]\n\tk = v\n[x-1.y]\n\tk = v\n",
		"same line":             "[x] inline = on the header line\n[y]k=v\n[z \"z\"] a = 1 ; comment\n[w]\t[v]k=2\n",
		"duplicates keep order": "[a]\n\tk = 1\n[b]\n\tk = 2\n[a]\n\tk = 3\n\tK = 4\n",
		"equals in value":       "[s]\n\tk = a=b=c\n\turl = https://x.example/p?q=1&r=2\n",
		"non-ascii":             "[s \"ü ñ\"]\n\tk = héllo wörld\n\tk2 = \"日本\"\n",
		"crlf":                  "[s]\r\n\tk = v\r\n\tq = \"a\"\r\n[t]\r\n\tk = x \\\r\n y\r\n",
		"lone cr":               "[s]\n\tk = a\rb\n\tq = \"a\rb\"\n",
		"bom":                   utf8BOM + "[s]\n\tk = v\n",
		"no final newline":      "[s]\n\tk = v",
		"key at eof":            "[s]\n\tk",
		"header at eof":         "[s]",
		"sectionless":           "orphan = 1\n[s]\n\tk = v\n",
		"empty section name":    "[ \"x\"]\n\tk = v\n",
		"nul in value":          "[s]\n\tk = a\x00b\n\tj = c\n",
		"backslash at eof":      "[s]\n\tk = x\\",
		"digits and dashes":     "[s]\n\tk1-2-3 = v\n\tA-B = w\n",
		"empty file":            "",
		"only comments":         "# a\n; b",
	}
}

func TestSyntaxCorpusMatchesGit(t *testing.T) {
	for name, text := range syntaxCorpus() {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			w.write("repo/.git/config", text)
			if w.check() == nil {
				t.Fatal("git rejected a file of the valid corpus")
			}
		})
	}
}

// malformedCorpus holds files git refuses; git's message names the line.
func malformedCorpus() map[string]string {
	return map[string]string{
		"header at eof":            "[section",
		"header newline":           "[section\n\tk = v\n",
		"unterminated subsection":  "[sec \"unterminated\n",
		"space before bracket":     "[sec \"x\" ]\n",
		"subsection at eof":        "[sec \"x\"",
		"unquoted subsection":      "[sec x]\n",
		"empty header":             "[]\n",
		"underscore in section":    "[sec_tion]\n",
		"digit first key":          "[sec]\n1key = v\n",
		"underscore in key":        "[sec]\nke_y = v\n",
		"comment after key":        "[sec]\n\tkey # c\n",
		"key then word":            "[sec]\n\tkey v\n",
		"unterminated quote":       "[sec]\n\tkey = \"open\n\tnext = 1\n",
		"unknown escape":           "[sec]\n\tkey = \\q\n",
		"partial bom":              "\xef\xbbx = 1\n",
		"backslash newline in sub": "[sec \"a\\\n\"]\n",
		"equals first":             "= v\n",
		"error on line 5":          "[a]\n\tk = 1\n\n# c\n\tbad_key = 2\n",
		"error after continuation": "[a]\n\tk = 1 \\\n2 \\\n3\n\t%bad\n",
		"crlf line count":          "[a]\r\n\tk = 1\r\n\r\n\t!x\r\n",
		"quote across lines":       "[a]\n\tk = \"x\n y\"\n",
		"bad char in header":       "[a/b]\n",
		"key at eof after space":   "[a]\n\tk \\",
		"tab after subsection":     "[a \"b\"\t]\n",
	}
}

func TestMalformedCorpusFailsLikeGit(t *testing.T) {
	for name, text := range malformedCorpus() {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			w.write("repo/.git/config", text)
			if w.check() != nil {
				t.Fatal("git accepted a file of the malformed corpus")
			}
			_, err := w.load()
			if !strings.Contains(err.Error(), "bad config line") {
				t.Fatalf("error %q does not name the line", err)
			}
		})
	}
}

// TestEntryLineMatchesGit checks Entry.Line against the line git names in
// git_die_config ("at line N"), including a value continued over lines.
func TestEntryLineMatchesGit(t *testing.T) {
	w := newWorld(t)
	w.write("repo/.git/config", "[core]\n\tbare = false\n[gc]\n\tauto = 0\n# x\n\tpruneExpire = \\\n  bogus \\\n value\n")
	_, stderr, err := w.git("gc", "--auto")
	if err == nil {
		t.Fatal("git gc accepted a bogus gc.pruneExpire")
	}
	cfg, lerr := w.load()
	if lerr != nil {
		t.Fatal(lerr)
	}
	file, line := cfg.Origin("gc.pruneExpire")
	want := "in file '" + file + "' at line " + strconv.Itoa(line)
	if !strings.Contains(stderr, want) {
		t.Fatalf("git says %q, we say %q", stderr, want)
	}
}
