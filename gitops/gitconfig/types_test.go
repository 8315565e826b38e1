package gitconfig

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// noValue stands for a variable written without "=".
const noValue = "\x00none"

// typedValues writes one variable per value under [t] and returns their
// keys.
func typedValues(w *world, values []string) []string {
	var b strings.Builder
	b.WriteString("[t]\n")
	keys := make([]string, len(values))
	for i, v := range values {
		keys[i] = "t.v" + strconv.Itoa(i)
		if v == noValue {
			fmt.Fprintf(&b, "\tV%d\n", i)
			continue
		}
		q := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v)
		fmt.Fprintf(&b, "\tV%d = \"%s\"\n", i, q)
	}
	w.write("repo/.git/config", b.String())
	return keys
}

// compareTyped checks one getter against `git config --type=typ --get`.
func compareTyped(t *testing.T, w *world, typ string, values []string, get func(*Config, string) (string, error)) {
	t.Helper()
	keys := typedValues(w, values)
	cfg := w.check()
	for i, key := range keys {
		want, gitErr := w.gitGet(typ, key)
		got, err := get(cfg, key)
		switch {
		case gitErr != nil && err == nil:
			t.Errorf("%s %q: git fails (%v), we return %q", typ, values[i], gitErr, got)
		case gitErr == nil && err != nil:
			t.Errorf("%s %q: git returns %q, we fail: %v", typ, values[i], want, err)
		case gitErr != nil:
			msg := gitErr.Error()
			if j := strings.Index(msg, "error: "); j >= 0 {
				msg = strings.SplitN(msg[j+len("error: "):], "\n", 2)[0]
			} else if j := strings.Index(msg, "fatal: "); j >= 0 {
				msg = msg[j+len("fatal: "):]
			}
			if !strings.Contains(err.Error(), msg) {
				t.Errorf("%s %q: git says %q, we say %q", typ, values[i], msg, err)
			}
		case got != want:
			t.Errorf("%s %q: git %q, ours %q", typ, values[i], want, got)
		}
	}
}

func TestBoolMatchesGit(t *testing.T) {
	values := []string{"true", "TRUE", "yes", "On", "false", "no", "OFF", "", "1", "0", "2", "-1",
		"0x10", "1k", "0k", "0g", "maybe", "2147483647", "2147483648", "-2147483648", "-2147483649",
		" 1", "1 ", "+1", "010", "08", "truex", "t", noValue, "2m", "2097152k", "yeſ"}
	w := newWorld(t)
	compareTyped(t, w, "bool", values, func(c *Config, k string) (string, error) {
		b, err := c.Bool(k, false)
		return strconv.FormatBool(b), err
	})
}

func TestIntMatchesGit(t *testing.T) {
	values := []string{"0", "42", "-42", "1k", "1K", "1m", "1g", "0x1f", "0X1F", "010", "08", "1.5", "",
		"k", " 12", "12 ", "+5", "9223372036854775807", "9223372036854775808", "-9223372036854775807",
		"-9223372036854775808", "8589934591g", "8589934592g", "1t", "0x", "0xg", "-0", "- 1", "1kk",
		noValue, "99999999999999999999999"}
	w := newWorld(t)
	compareTyped(t, w, "int", values, func(c *Config, k string) (string, error) {
		n, err := c.Int(k, 0)
		return strconv.FormatInt(n, 10), err
	})
}

func TestPathMatchesGit(t *testing.T) {
	values := []string{"~/x", "~", "~/", "/abs", "rel/x", "~root/x", "~root", "~no-such-user-xyz/x",
		"%(prefix)/share", "%(prefix)", "x~", "", "~/a b"}
	w := newWorld(t)
	compareTyped(t, w, "path", values, func(c *Config, k string) (string, error) {
		p, _, err := c.Path(k)
		return p, err
	})
	// A variable without a value: git reports it while reading, we when
	// asked; both refuse.
	w.write("repo/.git/config", "[t]\n\tp\n")
	if _, err := w.gitGet("path", "t.p"); err == nil {
		t.Fatal("git accepted a path without a value")
	}
	cfg, err := w.load()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := cfg.Path("t.p"); !ok || err == nil || !strings.Contains(err.Error(), "missing value for 't.p'") {
		t.Fatalf("Path(t.p) = %v, %v", ok, err)
	}
}

func TestTypedDefaultsWhenUnset(t *testing.T) {
	cfg := &Config{}
	if b, err := cfg.Bool("a.b", true); !b || err != nil {
		t.Fatalf("Bool default = %v, %v", b, err)
	}
	if n, err := cfg.Int("a.b", 7); n != 7 || err != nil {
		t.Fatalf("Int default = %v, %v", n, err)
	}
	if _, ok, err := cfg.Path("a.b"); ok || err != nil {
		t.Fatalf("Path of unset key: ok %v err %v", ok, err)
	}
}

// TestLookupMatchesGit compares Get, GetAll and key case rules with
// `git config --get` and `--get-all`.
func TestLookupMatchesGit(t *testing.T) {
	w := newWorld(t)
	w.write("repo/.git/config", "[remote \"Origin\"]\n\tURL = one\n\turl = two\n[remote.lower]\n\turl = three\n"+
		"[Branch \"main\"]\n\tremote = Origin\n[branch \"a.b\"]\n\tmerge = refs/heads/a.b\n[flag]\n\ton\n\toff =\n"+
		"[remote \"origin\"]\n\turl = lowercase origin\n")
	cfg := w.check()
	for _, key := range []string{"remote.Origin.url", "REMOTE.Origin.URL", "remote.origin.url", "remote.ORIGIN.url",
		"remote.lower.url", "remote.Lower.url", "branch.main.remote", "branch.a.b.merge", "BRANCH.a.b.MERGE",
		"flag.on", "flag.off", "flag.missing", "nosection", "a.", ".a", "remote.Origin."} {
		out, _, gitErr := w.git("config", "--get-all", key)
		var want []string
		if gitErr == nil {
			want = strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		}
		got := cfg.GetAll(key)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("GetAll(%q) = %q, git %q", key, got, want)
		}
		v, ok := cfg.Get(key)
		if ok != (len(want) > 0) || ok && v != want[len(want)-1] {
			t.Errorf("Get(%q) = %q, %v; git %q", key, v, ok, want)
		}
	}
	if got := strings.Join(cfg.Subsections("Remote"), "|"); got != "Origin|lower|origin" {
		t.Errorf("Subsections(remote) = %q", got)
	}
	if got := strings.Join(cfg.Subsections("branch"), "|"); got != "main|a.b" {
		t.Errorf("Subsections(branch) = %q", got)
	}
	if got := cfg.Subsections("flag"); len(got) != 0 {
		t.Errorf("Subsections(flag) = %q", got)
	}
	if e, _ := cfg.Lookup("flag.on"); !e.NoValue || e.Line != 11 {
		t.Errorf("Lookup(flag.on) = %+v, want NoValue on line 11", e)
	}
	if file, line := cfg.Origin("remote.lower.url"); file != w.path("repo/.git/config") || line != 5 {
		t.Errorf("Origin(remote.lower.url) = %s:%d", file, line)
	}
}
