package registry

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// remoteURL picks the remote (--remote; else the current branch's
// remote; else origin; else the only one) and returns its URL as git
// would fetch from it, url.<base>.insteadOf applied.
func remoteURL(ctx context.Context, o Options) (name, rawURL string, err error) {
	remotes, err := git(ctx, o, "remote")
	if err != nil {
		return "", "", err
	}
	list := strings.Fields(remotes)
	name = o.Remote
	switch {
	case name != "":
		if !slices.Contains(list, name) {
			return "", "", fmt.Errorf("no remote named %q: the repository has %s", name, listOr(list))
		}
	case len(list) == 0:
		return "", "", ErrNoRemote
	default:
		if branch, err := git(ctx, o, "symbolic-ref", "--quiet", "--short", "HEAD"); err == nil && branch != "" {
			if r, err := git(ctx, o, "config", "--get", "branch."+branch+".remote"); err == nil && slices.Contains(list, r) {
				name = r
			}
		}
		if name == "" && slices.Contains(list, "origin") {
			name = "origin"
		}
		if name == "" {
			if len(list) > 1 {
				return "", "", fmt.Errorf("the repository has several remotes (%s) and no origin: pass --remote NAME", strings.Join(list, ", "))
			}
			name = list[0]
		}
	}
	rawURL, err = git(ctx, o, "remote", "get-url", name)
	if err != nil {
		return "", "", err
	}
	return name, rawURL, nil
}

func listOr(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// git runs a read-only git command in the repository and returns its
// trimmed output; its error is git's own last line.
func git(ctx context.Context, o Options, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = o.Dir
	cmd.Env = append(append([]string(nil), o.Environ...), "GIT_TERMINAL_PROMPT=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		if msg == "" {
			return "", fmt.Errorf("git %s: %v", args[0], err)
		}
		return "", fmt.Errorf("git %s: %s", args[0], strings.TrimPrefix(msg, "fatal: "))
	}
	return strings.TrimSpace(string(out)), nil
}
