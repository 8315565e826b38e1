package config

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update", false, "rewrite README.md's configuration section")

// TestREADMEConfig keeps README.md's configuration section equal to
// Describe(), which a test already checks changes nothing when copied.
func TestREADMEConfig(t *testing.T) {
	const begin = "<!-- config:begin (generated from ui/config; go test ./ui/config -update) -->\n"
	const end = "<!-- config:end -->"
	path := "../../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatal("README.md has no configuration markers")
	}
	want := "```yaml\n" + Describe() + "```\n"
	if readme[i+len(begin):j] == want {
		return
	}
	if !*updateReadme {
		t.Fatalf("README.md's configuration section is out of date: run go test ./ui/config -update")
	}
	readme = readme[:i+len(begin)] + want + readme[j:]
	if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
		t.Fatal(err)
	}
}
