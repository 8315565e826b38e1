package ytree

import (
	"strings"
	"testing"
	"time"
)

func mustParse(t *testing.T, src string) *File {
	t.Helper()
	f, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSplitKeepsBadDocumentsApart(t *testing.T) {
	src := `# leading comment
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b
---
--- # empty document
...
apiVersion: v1
kind: Secret
metadata:
  name: c
`
	f := mustParse(t, src)
	// "---" then "--- # empty document" then "..." are two empty
	// documents, as YAML reads them.
	if len(f.Docs) != 5 {
		t.Fatalf("got %d documents, want 5", len(f.Docs))
	}
	if f.Docs[0].Err != nil || f.Docs[0].Root.At("metadata", "name").String() != "a" {
		t.Errorf("document 1: %+v", f.Docs[0])
	}
	if f.Docs[1].Err == nil || !strings.Contains(f.Docs[1].Err.Error(), "line ") {
		t.Errorf("document 2 should fail with a line number, got %v", f.Docs[1].Err)
	}
	for _, d := range f.Docs[2:4] {
		if d.Root != nil || d.Err != nil {
			t.Errorf("document %d should be empty: %+v", d.Index, d)
		}
	}
	c := f.Docs[4].Root
	if c.At("metadata", "name").String() != "c" {
		t.Fatalf("document 5: %+v", f.Docs[4])
	}
	if got := c.At("metadata", "name").Line; got != 15 {
		t.Errorf("line of c = %d, want 15 (lines count from the top of the file)", got)
	}
	if f.Broken() != 1 {
		t.Errorf("Broken() = %d, want 1", f.Broken())
	}
}

func TestMergeKeysAndAnchors(t *testing.T) {
	src := `
x-base: &base
  restart: always
  image: app:1
  env: &env {A: "1", B: "2"}
x-extra: &extra
  restart: never
  logging: json
services:
  web:
    <<: [*base, *extra]
    image: app:2
    env:
      <<: *env
      B: "3"
`
	root := mustParse(t, src).Docs[0].Root
	web := root.At("services", "web")
	for key, want := range map[string]string{"image": "app:2", "restart": "always", "logging": "json"} {
		if got := web.Get(key).String(); got != want {
			t.Errorf("web.%s = %q, want %q (written keys win, then merges in order)", key, got, want)
		}
	}
	if got := web.At("env", "A").String(); got != "1" {
		t.Errorf("env.A = %q, want 1", got)
	}
	if got := web.At("env", "B").String(); got != "3" {
		t.Errorf("env.B = %q, want 3", got)
	}
	if web.Has("<<") {
		t.Error("the merge key itself must not be an entry")
	}
}

func TestCustomTagsKept(t *testing.T) {
	src := `
Resources:
  Fn:
    Properties:
      Role: !GetAtt Role.Arn
      Name: !Sub "app-${Env}"
      Joined: !Join ["-", [!Ref Env, app]]
      Json: {"Fn::GetAtt": ["Role", "Arn"]}
      Count: !Ref Count
`
	p := mustParse(t, src).Docs[0].Root.At("Resources", "Fn", "Properties")
	for key, want := range map[string]string{
		"Role":   "!GetAtt Role.Arn",
		"Name":   `!Sub "app-${Env}"`,
		"Joined": `!Join ["-", [!Ref Env, app]]`,
		"Json":   `{"Fn::GetAtt": ["Role", "Arn"]}`,
		"Count":  "!Ref Count",
	} {
		if got := Render(p.Get(key)); got != want {
			t.Errorf("%s renders %q, want %q", key, got, want)
		}
	}
}

// TestAliasBomb checks billion laughs fails fast with an error instead of
// expanding: yaml.v3 keeps aliases as pointers in a Node tree, so the
// budget is ours.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	start := time.Now()
	f := mustParse(t, b.String())
	if time.Since(start) > 2*time.Second {
		t.Errorf("billion laughs took %v", time.Since(start))
	}
	if err := f.Docs[0].Err; err == nil || !strings.Contains(err.Error(), "alias") {
		t.Fatalf("want an alias budget error, got %v", err)
	}
}

func itoa(i int) string { return string(rune('0' + i)) }

func TestModestAliasUseIsFine(t *testing.T) {
	var b strings.Builder
	b.WriteString("defaults: &d {cpu: 1, memory: 1Gi, labels: {a: b, c: d}}\nitems:\n")
	for i := 0; i < 2000; i++ {
		b.WriteString("  - *d\n")
	}
	f := mustParse(t, b.String())
	if err := f.Docs[0].Err; err != nil {
		t.Fatalf("2,000 uses of a small anchor must read: %v", err)
	}
	if n := len(f.Docs[0].Root.Get("items").List()); n != 2000 {
		t.Errorf("%d items", n)
	}
}

func TestDeepNesting(t *testing.T) {
	for _, src := range []string{
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
		"a: " + strings.Repeat("{b: ", 5000) + "1" + strings.Repeat("}", 5000),
		strings.Repeat("- ", 9999) + "x\n",
		func() string {
			// 300 levels of block maps, two spaces each.
			var b strings.Builder
			for i := 0; i < 300; i++ {
				b.WriteString(strings.Repeat("  ", i) + "k:\n")
			}
			return b.String()
		}(),
	} {
		start := time.Now()
		f := mustParse(t, src)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("deep nesting took %v", d)
		}
		if f.Docs[0].Err == nil {
			t.Errorf("%.20q...: want a depth error", src)
		}
	}
}

func TestBinary(t *testing.T) {
	if _, err := Parse([]byte("apiVersion: v1\x00\x01\x02")); err != ErrBinary {
		t.Errorf("NUL bytes: got %v", err)
	}
	if _, err := Parse([]byte("kind: \xff\xfe\xfd bad")); err != ErrBinary {
		t.Errorf("invalid UTF-8: got %v", err)
	}
}

func TestDiffMatchesItemsByKey(t *testing.T) {
	a := mustParse(t, `containers: [{name: web, image: a:1}, {name: side, image: b:1}]`).Docs[0].Root
	b := mustParse(t, `containers: [{name: side, image: b:1}, {name: web, image: a:2}]`).Docs[0].Root
	key := func(_, _ string, it *Value) string { return it.Get("name").String() }
	got := Diff(a, b, Options{ItemKey: key})
	if len(got) != 1 || got[0].Path != "containers[web].image" || got[0].Before != "a:1" || got[0].After != "a:2" {
		t.Errorf("reordering must not be a change: %+v", got)
	}
	c := mustParse(t, `containers: [{name: web, image: a:1}, {name: new, image: n:1}]`).Docs[0].Root
	got = Diff(a, c, Options{ItemKey: key})
	var paths []string
	for _, at := range got {
		paths = append(paths, at.Path)
	}
	if want := "containers[new].image containers[side].image"; strings.Join(paths, " ") != want {
		t.Errorf("paths %v, want %s (the key field of a whole item is not repeated)", paths, want)
	}
}

func TestDiffScalarListsAreOneValue(t *testing.T) {
	a := mustParse(t, `args: [--a, --b]`).Docs[0].Root
	b := mustParse(t, `args: [--b, --a]`).Docs[0].Root
	got := Diff(a, b, Options{})
	if len(got) != 1 || got[0].Before != "[--a, --b]" || got[0].After != "[--b, --a]" {
		t.Errorf("%+v", got)
	}
}

func TestBool(t *testing.T) {
	root := mustParse(t, "a: yes\nb: \"true\"\nc: False\nd: 0\n").Docs[0].Root
	if !root.Get("a").IsTrue() || root.Get("b").IsTrue() || !root.Get("c").IsFalse() || root.Get("d").IsFalse() {
		t.Error("YAML 1.1 booleans: unquoted yes/False count, quoted and numbers do not")
	}
}

// FuzzParse reads arbitrary bytes and walks, diffs and renders whatever
// comes out: none of it may panic or run away.
func FuzzParse(f *testing.F) {
	f.Add([]byte("a: &a {b: [1, 2]}\nc: {<<: *a, d: !Ref x}\n---\n- *a\n"), []byte("a: 1"))
	f.Add([]byte("x: &x [*x]"), []byte("--- |\n  text\n...\n%YAML 1.2\n---\nk: v"))
	f.Add([]byte("{\"Fn::GetAtt\": [\"A\", \"B\"]}"), []byte("? [a, b]\n: c\n"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		fa, errA := Parse(a)
		fb, errB := Parse(b)
		if errA != nil || errB != nil {
			return
		}
		var ra, rb *Value
		if d := fa.First(); d != nil {
			ra = d.Root
		}
		if d := fb.First(); d != nil {
			rb = d.Root
		}
		key := func(_, _ string, it *Value) string { return it.Get("name").String() + it.String() }
		Diff(ra, rb, Options{ItemKey: key})
		Render(ra)
		Walk(rb, func([]string, *Value) bool { return true })
	})
}
