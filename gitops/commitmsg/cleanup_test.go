package commitmsg

import (
	"bytes"
	"math/rand"
	"os/exec"
	"strings"
	"testing"
)

// gitStripspace runs `git stripspace` (with -s when comment is set) as
// the oracle for Stripspace.
func gitStripspace(t *testing.T, msg, comment string) string {
	t.Helper()
	args := []string{"stripspace"}
	if comment != "" {
		args = []string{"-c", "core.commentChar=" + comment, "stripspace", "-s"}
	}
	cmd := exec.Command("git", args...)
	cmd.Env = []string{"GIT_CONFIG_NOSYSTEM=1", "HOME=" + t.TempDir(), "PATH=/usr/bin:/bin:/usr/local/bin"}
	cmd.Stdin = strings.NewReader(msg)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("git stripspace: %v", err)
	}
	return out.String()
}

func TestStripspaceMatchesGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: it is the oracle")
	}
	cases := []string{
		"", "\n", "a", "a\n", "\n\n  \n", "  hello  \n\n\n\nbody\t\n\n",
		"# c\nsubject\n# c2\n\n\n#\nbody\n", "a\r\nb\r\n", "a\v\n\fb\n",
		"\n\n\nsubject\n\n\n", "#only comments\n# more", " \t leading kept\n",
		";x\n#y\nz", "Signed-off-by: A <a@x>\n", "a\n \n\t\nb", "no newline at end   ",
	}
	rng := rand.New(rand.NewSource(5))
	alphabet := []byte(" \t\n\n\r#;ab")
	for i := 0; i < 150; i++ {
		b := make([]byte, rng.Intn(24))
		for j := range b {
			b[j] = alphabet[rng.Intn(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, msg := range cases {
		for _, comment := range []string{"", "#", ";"} {
			want := gitStripspace(t, msg, comment)
			if got := Stripspace(msg, comment); got != want {
				t.Errorf("Stripspace(%q, %q) = %q, git says %q", msg, comment, got, want)
			}
		}
	}
}

func TestCommentedMatchesGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: it is the oracle")
	}
	for _, text := range []string{"a\n\tb\n\nc\n", "one\n", "\nx\n"} {
		cmd := exec.Command("git", "stripspace", "-c")
		cmd.Env = []string{"GIT_CONFIG_NOSYSTEM=1", "HOME=" + t.TempDir()}
		cmd.Stdin = strings.NewReader(text)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := Commented("#", text); got != string(out) {
			t.Errorf("Commented(%q) = %q, git says %q", text, got, out)
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, c := range []struct {
		value   string
		editing bool
		want    Mode
	}{
		{"", false, Whitespace}, {"", true, Strip}, {"default", true, Strip},
		{"scissors", false, Whitespace}, {"scissors", true, Scissors},
		{"verbatim", true, Verbatim}, {"whitespace", true, Whitespace}, {"strip", false, Strip},
	} {
		got, err := ParseMode(c.value, c.editing)
		if err != nil || got != c.want {
			t.Errorf("ParseMode(%q, %v) = %v, %v; want %v", c.value, c.editing, got, err, c.want)
		}
	}
	if _, err := ParseMode("Strip", false); err == nil {
		t.Error("ParseMode accepted a mode git rejects (modes are case-sensitive)")
	}
}

func TestCleanScissors(t *testing.T) {
	msg := "subject\n\nbody\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n"
	if got := Clean(msg, Scissors, "#", false); got != "subject\n\nbody\n" {
		t.Errorf("scissors: %q", got)
	}
	if got := Clean("# ------------------------ >8 ------------------------\nx", Scissors, "#", false); got != "" {
		t.Errorf("scissors at the start: %q", got)
	}
	if got := Clean("a\n; ------------------------ >8 ------------------------\nb\n", Scissors, "#", false); got == "a\n" {
		t.Error("cut at a scissors line with another comment prefix")
	}
}

func TestIsEmpty(t *testing.T) {
	for msg, want := range map[string]bool{
		"": true, "\n \n": true, "Signed-off-by: A <a@x>\n": true,
		"Signed-off-by: A <a@x>\nx\n": false, "Signed-off-by:A\n": false, "x": false,
	} {
		if got := IsEmpty(msg, Whitespace); got != want {
			t.Errorf("IsEmpty(%q) = %v, want %v", msg, got, want)
		}
	}
	if IsEmpty("\n", Verbatim) {
		t.Error("a verbatim newline is a message")
	}
}

func TestTemplateUntouched(t *testing.T) {
	tmpl := "Subject\n\n# explain why\n"
	if !TemplateUntouched("Subject\n", tmpl, Strip, "#") {
		t.Error("the stripped template itself should count as untouched")
	}
	if TemplateUntouched("Subject\n\nbecause\n", tmpl, Strip, "#") {
		t.Error("an edited template counted as untouched")
	}
	if TemplateUntouched("Subject\n", "", Strip, "#") {
		t.Error("no template, nothing is untouched")
	}
}

func TestAutoComment(t *testing.T) {
	for msg, want := range map[string]string{
		"plain":                     "#",
		"fix #12":                   "#",
		"#12 fix":                   ";",
		"#a\n;b\n@c\n":              "!",
		"a\r#b # c":                 ";",
		"x #\n;y":                   "#",
		"#x\n;y":                    "@",
		"#\n;\n@\n!\n$\n%\n^\n&\n|": ":",
	} {
		got, err := AutoComment(msg)
		if err != nil || got != want {
			t.Errorf("AutoComment(%q) = %q, %v; want %q", msg, got, err, want)
		}
	}
	if _, err := AutoComment("#\n;\n@\n!\n$\n%\n^\n&\n|\n:"); err == nil {
		t.Error("AutoComment found a character when every candidate starts a line")
	}
}

func TestParseComment(t *testing.T) {
	if p, auto, err := ParseComment("core.commentchar", "AUTO", false); err != nil || !auto || p != "#" {
		t.Errorf("auto: %q %v %v", p, auto, err)
	}
	if p, _, err := ParseComment("core.commentstring", "//", false); err != nil || p != "//" {
		t.Errorf("string: %q %v", p, err)
	}
	for _, bad := range []string{"", "a\nb"} {
		if _, _, err := ParseComment("core.commentchar", bad, false); err == nil {
			t.Errorf("ParseComment accepted %q", bad)
		}
	}
	if _, _, err := ParseComment("core.commentchar", "", true); err == nil {
		t.Error("ParseComment accepted a variable without a value")
	}
}

func TestBlockMatchesGitLayout(t *testing.T) {
	// Observed from git 2.39 with GIT_EDITOR=cat: a merge in whitespace mode.
	got := Block{Comment: "#", Mode: Whitespace, Merge: true, Status: "On branch main"}.String()
	want := "#\n# It looks like you may be committing a merge.\n# If this is not correct, please run\n#\tgit update-ref -d MERGE_HEAD\n# and try again.\n\n\n" +
		"# Please enter the commit message for your changes. Lines starting\n# with '#' will be kept; you may remove them yourself if you want to.\n# An empty message aborts the commit.\n#\n# On branch main\n#\n"
	if got != want {
		t.Errorf("merge block:\n%q\nwant\n%q", got, want)
	}
	got = Block{Comment: ";", Mode: Strip, Date: "Sun Nov 29 16:44:31 2026 +0000"}.String()
	want = "\n; Please enter the commit message for your changes. Lines starting\n; with ';' will be ignored, and an empty message aborts the commit.\n;\n; Date:      Sun Nov 29 16:44:31 2026 +0000\n;\n"
	if got != want {
		t.Errorf("amend block:\n%q\nwant\n%q", got, want)
	}
}
