package termtext

import "testing"

func TestClean(t *testing.T) {
	cases := map[string]string{
		"plain subject":         "plain subject",
		"tab\there":             "tab\there",
		"\x1b]0;pwned\x07title": "␛]0;pwned␇title",
		"\x1b[2J\x1b[Hcleared":  "␛[2J␛[Hcleared",
		"cr\roverwrite":         "cr␍overwrite",
		"c1 \u009b31m":          "c1 \uFFFD31m",
		"bidi \u202egnp.exe":    "bidi \uFFFDgnp.exe",
		"bad utf8 \xff\xfe":     "bad utf8 \uFFFD\uFFFD",
		"ünïcödé 漢字 ✓":          "ünïcödé 漢字 ✓",
		"del\x7f":               "del␡",
		"newline\nsplit":        "newline␊split",
	}
	for in, want := range cases {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExpandTabs(t *testing.T) {
	if got := ExpandTabs("a\tbc\td", 4); got != "a   bc  d" {
		t.Errorf("got %q", got)
	}
}
