package wildmatch

import (
	"math/rand"
	"strings"
	"testing"
)

// t3070 is git's t/t3070-wildmatch.sh table: text, pattern, and the expected
// result with Pathname, Pathname|CaseFold, no flags, and CaseFold (git's
// test-tool modes wildmatch, iwildmatch, pathmatch, ipathmatch).
var t3070 = []struct {
	text, pattern            string
	glob, iglob, path, ipath bool
}{
	{`foo`, `foo`, true, true, true, true},
	{`foo`, `bar`, false, false, false, false},
	{``, ``, true, true, true, true},
	{`foo`, `???`, true, true, true, true},
	{`foo`, `??`, false, false, false, false},
	{`foo`, `*`, true, true, true, true},
	{`foo`, `f*`, true, true, true, true},
	{`foo`, `*f`, false, false, false, false},
	{`foo`, `*foo*`, true, true, true, true},
	{`foobar`, `*ob*a*r*`, true, true, true, true},
	{`aaaaaaabababab`, `*ab`, true, true, true, true},
	{`foo*`, `foo\*`, true, true, true, true},
	{`foobar`, `foo\*bar`, false, false, false, false},
	{`f\oo`, `f\\oo`, true, true, true, true},
	{`ball`, `*[al]?`, true, true, true, true},
	{`ten`, `[ten]`, false, false, false, false},
	{`ten`, `**[!te]`, true, true, true, true},
	{`ten`, `**[!ten]`, false, false, false, false},
	{`ten`, `t[a-g]n`, true, true, true, true},
	{`ten`, `t[!a-g]n`, false, false, false, false},
	{`ton`, `t[!a-g]n`, true, true, true, true},
	{`ton`, `t[^a-g]n`, true, true, true, true},
	{`a]b`, `a[]]b`, true, true, true, true},
	{`a-b`, `a[]-]b`, true, true, true, true},
	{`a]b`, `a[]-]b`, true, true, true, true},
	{`aab`, `a[]-]b`, false, false, false, false},
	{`aab`, `a[]a-]b`, true, true, true, true},
	{`]`, `]`, true, true, true, true},
	{`foo/baz/bar`, `foo*bar`, false, false, true, true},
	{`foo/baz/bar`, `foo**bar`, false, false, true, true},
	{`foobazbar`, `foo**bar`, true, true, true, true},
	{`foo/baz/bar`, `foo/**/bar`, true, true, true, true},
	{`foo/baz/bar`, `foo/**/**/bar`, true, true, false, false},
	{`foo/b/a/z/bar`, `foo/**/bar`, true, true, true, true},
	{`foo/b/a/z/bar`, `foo/**/**/bar`, true, true, true, true},
	{`foo/bar`, `foo/**/bar`, true, true, false, false},
	{`foo/bar`, `foo/**/**/bar`, true, true, false, false},
	{`foo/bar`, `foo?bar`, false, false, true, true},
	{`foo/bar`, `foo[/]bar`, false, false, true, true},
	{`foo/bar`, `foo[^a-z]bar`, false, false, true, true},
	{`foo/bar`, `f[^eiu][^eiu][^eiu][^eiu][^eiu]r`, false, false, true, true},
	{`foo-bar`, `f[^eiu][^eiu][^eiu][^eiu][^eiu]r`, true, true, true, true},
	{`foo`, `**/foo`, true, true, false, false},
	{`XXX/foo`, `**/foo`, true, true, true, true},
	{`bar/baz/foo`, `**/foo`, true, true, true, true},
	{`bar/baz/foo`, `*/foo`, false, false, true, true},
	{`foo/bar/baz`, `**/bar*`, false, false, true, true},
	{`deep/foo/bar/baz`, `**/bar/*`, true, true, true, true},
	{`deep/foo/bar/baz/`, `**/bar/*`, false, false, true, true},
	{`deep/foo/bar/baz/`, `**/bar/**`, true, true, true, true},
	{`deep/foo/bar`, `**/bar/*`, false, false, false, false},
	{`deep/foo/bar/`, `**/bar/**`, true, true, true, true},
	{`foo/bar/baz`, `**/bar**`, false, false, true, true},
	{`foo/bar/baz/x`, `*/bar/**`, true, true, true, true},
	{`deep/foo/bar/baz/x`, `*/bar/**`, false, false, true, true},
	{`deep/foo/bar/baz/x`, `**/bar/*/*`, true, true, true, true},
	{`acrt`, `a[c-c]st`, false, false, false, false},
	{`acrt`, `a[c-c]rt`, true, true, true, true},
	{`]`, `[!]-]`, false, false, false, false},
	{`a`, `[!]-]`, true, true, true, true},
	{``, `\`, false, false, false, false},
	{`\`, `\`, false, false, false, false},
	{`XXX/\`, `*/\`, false, false, false, false},
	{`XXX/\`, `*/\\`, true, true, true, true},
	{`foo`, `foo`, true, true, true, true},
	{`@foo`, `@foo`, true, true, true, true},
	{`foo`, `@foo`, false, false, false, false},
	{`[ab]`, `\[ab]`, true, true, true, true},
	{`[ab]`, `[[]ab]`, true, true, true, true},
	{`[ab]`, `[[:]ab]`, true, true, true, true},
	{`[ab]`, `[[::]ab]`, false, false, false, false},
	{`[ab]`, `[[:digit]ab]`, true, true, true, true},
	{`[ab]`, `[\[:]ab]`, true, true, true, true},
	{`?a?b`, `\??\?b`, true, true, true, true},
	{`abc`, `\a\b\c`, true, true, true, true},
	{`foo`, ``, false, false, false, false},
	{`foo/bar/baz/to`, `**/t[o]`, true, true, true, true},
	{`a1B`, `[[:alpha:]][[:digit:]][[:upper:]]`, true, true, true, true},
	{`a`, `[[:digit:][:upper:][:space:]]`, false, true, false, true},
	{`A`, `[[:digit:][:upper:][:space:]]`, true, true, true, true},
	{`1`, `[[:digit:][:upper:][:space:]]`, true, true, true, true},
	{`1`, `[[:digit:][:upper:][:spaci:]]`, false, false, false, false},
	{` `, `[[:digit:][:upper:][:space:]]`, true, true, true, true},
	{`.`, `[[:digit:][:upper:][:space:]]`, false, false, false, false},
	{`.`, `[[:digit:][:punct:][:space:]]`, true, true, true, true},
	{`5`, `[[:xdigit:]]`, true, true, true, true},
	{`f`, `[[:xdigit:]]`, true, true, true, true},
	{`D`, `[[:xdigit:]]`, true, true, true, true},
	{`_`, `[[:alnum:][:alpha:][:blank:][:cntrl:][:digit:][:graph:][:lower:][:print:][:punct:][:space:][:upper:][:xdigit:]]`, true, true, true, true},
	{`.`, `[^[:alnum:][:alpha:][:blank:][:cntrl:][:digit:][:lower:][:space:][:upper:][:xdigit:]]`, true, true, true, true},
	{`5`, `[a-c[:digit:]x-z]`, true, true, true, true},
	{`b`, `[a-c[:digit:]x-z]`, true, true, true, true},
	{`y`, `[a-c[:digit:]x-z]`, true, true, true, true},
	{`q`, `[a-c[:digit:]x-z]`, false, false, false, false},
	{`]`, `[\\-^]`, true, true, true, true},
	{`[`, `[\\-^]`, false, false, false, false},
	{`-`, `[\-_]`, true, true, true, true},
	{`]`, `[\]]`, true, true, true, true},
	{`\]`, `[\]]`, false, false, false, false},
	{`\`, `[\]]`, false, false, false, false},
	{`ab`, `a[]b`, false, false, false, false},
	{`a[]b`, `a[]b`, false, false, false, false},
	{`ab[`, `ab[`, false, false, false, false},
	{`ab`, `[!`, false, false, false, false},
	{`ab`, `[-`, false, false, false, false},
	{`-`, `[-]`, true, true, true, true},
	{`-`, `[a-`, false, false, false, false},
	{`-`, `[!a-`, false, false, false, false},
	{`-`, `[--A]`, true, true, true, true},
	{`5`, `[--A]`, true, true, true, true},
	{` `, `[ --]`, true, true, true, true},
	{`$`, `[ --]`, true, true, true, true},
	{`-`, `[ --]`, true, true, true, true},
	{`0`, `[ --]`, false, false, false, false},
	{`-`, `[---]`, true, true, true, true},
	{`-`, `[------]`, true, true, true, true},
	{`j`, `[a-e-n]`, false, false, false, false},
	{`-`, `[a-e-n]`, true, true, true, true},
	{`a`, `[!------]`, true, true, true, true},
	{`[`, `[]-a]`, false, false, false, false},
	{`^`, `[]-a]`, true, true, true, true},
	{`^`, `[!]-a]`, false, false, false, false},
	{`[`, `[!]-a]`, true, true, true, true},
	{`^`, `[a^bc]`, true, true, true, true},
	{`-b]`, `[a-]b]`, true, true, true, true},
	{`\`, `[\]`, false, false, false, false},
	{`\`, `[\\]`, true, true, true, true},
	{`\`, `[!\\]`, false, false, false, false},
	{`G`, `[A-\\]`, true, true, true, true},
	{`aaabbb`, `b*a`, false, false, false, false},
	{`aabcaa`, `*ba*`, false, false, false, false},
	{`,`, `[,]`, true, true, true, true},
	{`,`, `[\\,]`, true, true, true, true},
	{`\`, `[\\,]`, true, true, true, true},
	{`-`, `[,-.]`, true, true, true, true},
	{`+`, `[,-.]`, false, false, false, false},
	{`-.]`, `[,-.]`, false, false, false, false},
	{`2`, `[\1-\3]`, true, true, true, true},
	{`3`, `[\1-\3]`, true, true, true, true},
	{`4`, `[\1-\3]`, false, false, false, false},
	{`\`, `[[-\]]`, true, true, true, true},
	{`[`, `[[-\]]`, true, true, true, true},
	{`]`, `[[-\]]`, true, true, true, true},
	{`-`, `[[-\]]`, false, false, false, false},
	{`-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1`, `-*-*-*-*-*-*-12-*-*-*-m-*-*-*`, true, true, true, true},
	{`-adobe-courier-bold-o-normal--12-120-75-75-X-70-iso8859-1`, `-*-*-*-*-*-*-12-*-*-*-m-*-*-*`, false, false, false, false},
	{`-adobe-courier-bold-o-normal--12-120-75-75-/-70-iso8859-1`, `-*-*-*-*-*-*-12-*-*-*-m-*-*-*`, false, false, false, false},
	{`XXX/adobe/courier/bold/o/normal//12/120/75/75/m/70/iso8859/1`, `XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*`, true, true, true, true},
	{`XXX/adobe/courier/bold/o/normal//12/120/75/75/X/70/iso8859/1`, `XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*`, false, false, false, false},
	{`abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt`, `**/*a*b*g*n*t`, true, true, true, true},
	{`abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz`, `**/*a*b*g*n*t`, false, false, false, false},
	{`foo`, `*/*/*`, false, false, false, false},
	{`foo/bar`, `*/*/*`, false, false, false, false},
	{`foo/bba/arr`, `*/*/*`, true, true, true, true},
	{`foo/bb/aa/rr`, `*/*/*`, false, false, true, true},
	{`foo/bb/aa/rr`, `**/**/**`, true, true, true, true},
	{`abcXdefXghi`, `*X*i`, true, true, true, true},
	{`ab/cXd/efXg/hi`, `*X*i`, false, false, true, true},
	{`ab/cXd/efXg/hi`, `*/*X*/*/*i`, true, true, true, true},
	{`ab/cXd/efXg/hi`, `**/*X*/**/*i`, true, true, true, true},
	{`foo`, `fo`, false, false, false, false},
	{`foo/bar`, `foo/bar`, true, true, true, true},
	{`foo/bar`, `foo/*`, true, true, true, true},
	{`foo/bba/arr`, `foo/*`, false, false, true, true},
	{`foo/bba/arr`, `foo/**`, true, true, true, true},
	{`foo/bba/arr`, `foo*`, false, false, true, true},
	{`foo/bba/arr`, `foo**`, false, false, true, true},
	{`foo/bba/arr`, `foo/*arr`, false, false, true, true},
	{`foo/bba/arr`, `foo/**arr`, false, false, true, true},
	{`foo/bba/arr`, `foo/*z`, false, false, false, false},
	{`foo/bba/arr`, `foo/**z`, false, false, false, false},
	{`foo/bar`, `foo?bar`, false, false, true, true},
	{`foo/bar`, `foo[/]bar`, false, false, true, true},
	{`foo/bar`, `foo[^a-z]bar`, false, false, true, true},
	{`ab/cXd/efXg/hi`, `*Xg*i`, false, false, true, true},
	{`a`, `[A-Z]`, false, true, false, true},
	{`A`, `[A-Z]`, true, true, true, true},
	{`A`, `[a-z]`, false, true, false, true},
	{`a`, `[a-z]`, true, true, true, true},
	{`a`, `[[:upper:]]`, false, true, false, true},
	{`A`, `[[:upper:]]`, true, true, true, true},
	{`A`, `[[:lower:]]`, false, true, false, true},
	{`a`, `[[:lower:]]`, true, true, true, true},
	{`A`, `[B-Za]`, false, true, false, true},
	{`a`, `[B-Za]`, true, true, true, true},
	{`A`, `[B-a]`, false, true, false, true},
	{`a`, `[B-a]`, true, true, true, true},
	{`z`, `[Z-y]`, false, true, false, true},
	{`Z`, `[Z-y]`, true, true, true, true},
}

func TestT3070(t *testing.T) {
	for _, tc := range t3070 {
		for _, m := range []struct {
			flags Flags
			want  bool
		}{
			{Pathname, tc.glob},
			{Pathname | CaseFold, tc.iglob},
			{0, tc.path},
			{CaseFold, tc.ipath},
		} {
			if got := Match(tc.pattern, tc.text, m.flags); got != m.want {
				t.Errorf("Match(%q, %q, %b) = %v, want %v", tc.pattern, tc.text, m.flags, got, m.want)
			}
		}
	}
}

// Cases git's table lacks, each checked against git 2.39 by hand or by the
// ignore package's oracle tests.
func TestQuirks(t *testing.T) {
	for _, tc := range []struct {
		pattern, text string
		flags         Flags
		want          bool
	}{
		// An upper-case single member never matches under CaseFold: git folds
		// the text but compares bracket members as written.
		{"[A]", "A", CaseFold, false},
		{"[A]", "a", CaseFold, false},
		{"[a]", "A", CaseFold, true},
		{"A", "a", CaseFold, true},
		{"*A", "xa", CaseFold | Pathname, true},
		// `**/` may stand for no directory; `**\/` may not.
		{"a/**/b", "a/b", Pathname, true},
		{`a/**\/b`, "a/b", Pathname, false},
		{`a/**\/b`, "a/x/b", Pathname, true},
		{"**/", "a/", Pathname, true},
		{"**", "a/b/c", Pathname, true},
		{"a**", "a/b", Pathname, false},
		{"**a", "x/a", Pathname, false},
		{"a/**", "a/", Pathname, true},
		{"a/**", "a", Pathname, false},
		{"/**/a", "/a", Pathname, true},
		// A trailing single star does not cross a slash.
		{"a*", "ab/c", Pathname, false},
		{"a*", "ab/c", 0, true},
		// Classes never match '/' with Pathname, negated or not.
		{"a[!b]c", "a/c", Pathname, false},
		{"a[!b]c", "a/c", 0, true},
		// git's space class has no \v or \f.
		{"[[:space:]]", "\v", 0, false},
		{"[[:space:]]", "\r", 0, true},
		{"[[:cntrl:]]", "\x7f", 0, true},
		{"[[:print:]]", "\x80", 0, false},
		{"[[:alpha:]]", "\xe9", 0, false},
		{"[^a]", "\xe9", 0, true},
		{"?", "\xe9", Pathname, true},
		// Malformed patterns match nothing.
		{"a[", "a[", 0, false},
		{"*[", "x[", 0, false},
		{`*\`, `x\`, 0, false},
		{"[[:foo:]]", "a", 0, false},
		{"", "", Pathname, true},
		{"", "a", Pathname, false},
		{"*", "", Pathname, true},
		{"**", "", Pathname, true},
	} {
		if got := Match(tc.pattern, tc.text, tc.flags); got != tc.want {
			t.Errorf("Match(%q, %q, %b) = %v, want %v", tc.pattern, tc.text, tc.flags, got, tc.want)
		}
	}
}

// naive matches by trying every way a star can split the text, without the
// pruning and skipping Match uses; it defines the semantics Match must keep.
func (p *Pattern) naive(toks []token, s string) bool {
	if len(toks) == 0 {
		return s == ""
	}
	t := toks[0]
	if t.op == opStar {
		if t.skip && p.naive(toks[2:], s) {
			return true
		}
		for i := 0; i <= len(s); i++ {
			if p.naive(toks[1:], s[i:]) {
				return true
			}
			if i < len(s) && !t.slash && s[i] == '/' {
				return false
			}
		}
		return false
	}
	if s == "" {
		return false
	}
	c := s[0]
	switch t.op {
	case opLit:
		if p.flags&CaseFold != 0 {
			c = lower(c)
		}
		if c != t.c {
			return false
		}
	case opAny:
		if c == '/' && p.flags&Pathname != 0 {
			return false
		}
	case opClass:
		if p.sets[t.set][c>>6]&(1<<(c&63)) == 0 {
			return false
		}
	}
	return p.naive(toks[1:], s[1:])
}

// TestAgainstNaive checks random patterns and texts over a small alphabet so
// stars, slashes and classes collide often.
func TestAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(3070))
	pieces := []string{"a", "b", "A", "/", "*", "**", "?", "[ab]", "[!a]", `\*`, "**/", "/**", "/**/", "[[:upper:]]", "[a-c]"}
	alphabet := "abAB/*"
	for n := 0; n < 50000; n++ {
		var pb strings.Builder
		for k := rng.Intn(6); k >= 0; k-- {
			pb.WriteString(pieces[rng.Intn(len(pieces))])
		}
		tb := make([]byte, rng.Intn(9))
		for i := range tb {
			tb[i] = alphabet[rng.Intn(len(alphabet))]
		}
		flags := Flags(rng.Intn(4))
		p := Compile(pb.String(), flags)
		want := !p.never && p.naive(p.toks, string(tb))
		if got := p.Match(string(tb)); got != want {
			t.Fatalf("Match(%q, %q, %b) = %v, naive says %v", pb.String(), tb, flags, got, want)
		}
	}
}

func TestMatchDoesNotAllocate(t *testing.T) {
	p := Compile("**/src/**/*[0-9].go", Pathname|CaseFold)
	allocs := testing.AllocsPerRun(100, func() {
		if !p.Match("a/b/SRC/c/d/file9.go") {
			t.Fatal("no match")
		}
	})
	if allocs != 0 {
		t.Fatalf("Match allocates %v times per call", allocs)
	}
}

func BenchmarkMatch(b *testing.B) {
	p := Compile("**/vendor/**/*.min.js", Pathname)
	text := "web/static/vendor/jquery/dist/jquery.min.js"
	for b.Loop() {
		p.Match(text)
	}
}
