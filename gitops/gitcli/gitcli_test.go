package gitcli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

func TestOutputAndErrors(t *testing.T) {
	r := gittest.New(t)
	run := Runner{Dir: r.Dir, Env: r.Environ()}
	out, err := run.Output(context.Background(), []byte("hello\n"), "hash-object", "--stdin")
	if err != nil || strings.TrimSpace(string(out)) != "ce013625030ba8dba906f756967f9e9ca394464a" {
		t.Fatalf("hash-object: %q %v", out, err)
	}
	_, err = run.Output(context.Background(), nil, "rev-parse", "--verify", "nope")
	var ge *Error
	if !errors.As(err, &ge) || ge.ExitCode != 128 || !strings.Contains(err.Error(), "git rev-parse --verify nope: fatal:") {
		t.Fatalf("error: %v", err)
	}
	if _, err := (Runner{Git: "no-such-git-binary"}).Output(context.Background(), nil, "version"); !errors.Is(err, ErrNoGit) {
		t.Fatalf("missing git: %v", err)
	}
}
