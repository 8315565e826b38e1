package terraform

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"reef/gitops/iac"
)

// within fails the test when fn takes longer than d (a hang), and lets
// a panic fail it as usual.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

func notes(r iac.Result) []string {
	var out []string
	for _, n := range r.Notes {
		out = append(out, n.Path+": "+n.Message)
	}
	return out
}

func TestNotParsed(t *testing.T) {
	good := "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n\nresource \"aws_sns_topic\" \"t\" {\n  name = \"t\"\n}\n"
	bad := "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q2\"\n}\n\nresource \"aws_sns_topic\" \"t\" {\n  name = = \"t\"\n}\n\nresource \"aws_sns_topic\" \"u\" {\n  name = \"u\"\n}\n"
	r := changeOf(t, "m/main.tf", good, bad)
	if got := notes(r); len(got) != 1 || got[0] != "m/main.tf: not parsed: 6: Invalid expression; shown as a text diff" {
		t.Errorf("notes %q", got)
	}
	want := map[string]iac.Kind{"aws_sqs_queue.q": iac.Modified, "aws_sns_topic.t": iac.Modified, "aws_sns_topic.u": iac.Added}
	if len(r.Changes) != len(want) {
		t.Errorf("coarse changes:\n%s", describe(r))
	}
	for addr, k := range want {
		if c := byAddr(t, r, addr); c.Kind != k || !hasNote(c.Notes, "does not parse") {
			t.Errorf("%s: %+v", addr, c)
		}
	}
	if len(r.Findings) != 0 {
		t.Errorf("findings on a file that does not parse: %+v", r.Findings)
	}
	// Only the old version is broken: still compared as text, with the
	// note saying which side.
	r = changeOf(t, "m/main.tf", bad, good)
	if got := notes(r); len(got) != 1 || !strings.HasPrefix(got[0], "m/main.tf: not parsed (old version): 6:") {
		t.Errorf("notes %q", got)
	}
}

func TestBrokenJSON(t *testing.T) {
	r := changeOf(t, "main.tf.json", `{"resource": {}}`, `{"resource": {`)
	if got := notes(r); len(got) != 1 || !strings.Contains(got[0], "not parsed: 1:") {
		t.Errorf("notes %q", got)
	}
}

func TestHostileInput(t *testing.T) {
	deep := func(open, close string, n int) string {
		return "locals {\n  x = " + strings.Repeat(open, n) + "1" + strings.Repeat(close, n) + "\n}\n"
	}
	big := bytes.Repeat([]byte("# padding line for a very large Terraform file\n"), (10<<20)/48)
	cases := map[string]struct {
		path, content string
		note          string // "" when the file must parse
	}{
		"binary":             {"main.tf", "\x00\x01\x02resource \"a\" \"b\" {}\xff\xfe", "binary content"},
		"10 MB":              {"main.tf", string(big), "larger than 4 MiB"},
		"deep brackets":      {"main.tf", deep("[", "]", 100000), "nested more than"},
		"deep parens":        {"main.tf", deep("(", ")", 5000), "nested more than"},
		"deep objects":       {"main.tf", deep("{a = ", "}", 5000), "nested more than"},
		"deep templates":     {"main.tf", deep(`"${`, `}"`, 5000), "nested more than"},
		"unary chain":        {"main.tf", "locals {\n  x = " + strings.Repeat("!", 200000) + "true\n}\n", "nested more than"},
		"conditional chain":  {"main.tf", "locals {\n  x = " + strings.Repeat("a ? b : ", 100000) + "c\n}\n", "nested more than"},
		"nested but fine":    {"main.tf", deep("[", "]", 150), ""},
		"deep JSON":          {"main.tf.json", `{"locals": {"x": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}}", "nested more than"},
		"invalid UTF-8":      {"main.tf", "resource \"a\" \"\xff\xfe\" {\n  x = \"\xc3\x28\"\n}\n", "not parsed"},
		"unclosed heredoc":   {"main.tf", "locals {\n  x = <<EOT\nabc\n", "not parsed"},
		"unclosed string":    {"main.tf", "locals {\n  x = \"abc\n}\n", "not parsed"},
		"only garbage":       {"main.tf", "}}}{{{ ]] [[ = = = \"\"\" <<<<", "not parsed"},
		"tfvars with blocks": {"x.tfvars", "a = 1\nb {\n}\n", ""},
		"empty":              {"main.tf", "", ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			within(t, 10*time.Second, func() {
				for _, before := range []string{"", "locals {\n  y = 1\n}\n"} {
					in := &iac.Input{Files: []iac.File{{Path: tc.path, Before: []byte(before), After: []byte(tc.content)}}}
					res, err := New().Analyze(context.Background(), in, in.Files)
					if err != nil {
						t.Fatal(err)
					}
					got := strings.Join(notes(res), "\n")
					if tc.note == "" && got != "" || !strings.Contains(got, tc.note) {
						t.Errorf("notes %q, want %q", got, tc.note)
					}
					if strings.Contains(got, "failed (") {
						t.Errorf("a panic was recovered: %s", got)
					}
				}
			})
		})
	}
}

// TestExplosiveLocals doubles a value through forty locals; evaluation is
// bounded, so the review ends quickly instead of building 2^40 values.
func TestExplosiveLocals(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("locals {\n  l0 = [\"0.0.0.0/0\", \"::/0\"]\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&sb, "  l%d = concat(local.l%d, local.l%d)\n", i, i-1, i-1)
	}
	sb.WriteString("  cyc_a = local.cyc_b\n  cyc_b = [local.cyc_a]\n}\n")
	sb.WriteString("resource \"aws_security_group_rule\" \"r\" {\n  type = \"ingress\"\n  from_port = 443\n  to_port = 443\n  protocol = \"tcp\"\n  cidr_blocks = local.l40\n}\n")
	sb.WriteString("resource \"aws_security_group_rule\" \"c\" {\n  type = \"ingress\"\n  from_port = 443\n  to_port = 443\n  protocol = \"tcp\"\n  cidr_blocks = local.cyc_a\n}\n")
	within(t, 10*time.Second, func() {
		changeOf(t, "main.tf", "", sb.String())
	})
}

func TestThousandResources(t *testing.T) {
	var before, after strings.Builder
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&before, "resource \"aws_s3_bucket\" \"b%d\" {\n  bucket = \"bucket-%d\"\n  tags = { N = \"%d\" }\n}\n\n", i, i, i)
		n := i
		if i%10 == 0 {
			n = i + 1
		}
		fmt.Fprintf(&after, "resource \"aws_s3_bucket\" \"b%d\" {\n  bucket = \"bucket-%d\"\n  tags = { N = \"%d\" }\n}\n\n", i, i, n)
	}
	var r iac.Result
	start := time.Now()
	within(t, 10*time.Second, func() { r = changeOf(t, "main.tf", before.String(), after.String()) })
	if len(r.Changes) != 100 {
		t.Errorf("%d changes, want 100", len(r.Changes))
	}
	t.Logf("1,000 resources: %v", time.Since(start))
}
