package gitops

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"reef/gitops/gitcli"
)

// identities are the people and dates of a commit, as git would write
// them, and git's exec path for the hooks' environment.
type identities struct {
	author    string // "Name <email> 1700000000 +0100"
	committer string
	execPath  string // `git --exec-path`; "" when git did not say
}

// commitIdentities asks git for the committer (and the author unless the
// caller has one: amend keeps HEAD's). Identity goes through `git var`
// because it is resolved from more places than reef's readers see the same
// way: includes, includeIf, author.*/committer.* and user.*, GIT_AUTHOR_*
// and GIT_COMMITTER_*, EMAIL, the host name.
func (r *Repo) commitIdentities(ctx context.Context, author string) (identities, error) {
	run := gitcli.Runner{Dir: r.workTree, Env: r.env}
	var (
		wg                 sync.WaitGroup
		id                 identities
		authorErr, commErr error
		authorOut, commOut []byte
		execOut            []byte
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		commOut, commErr = run.Output(ctx, nil, "var", "GIT_COMMITTER_IDENT")
	}()
	go func() {
		defer wg.Done()
		execOut, _ = run.Output(ctx, nil, "--exec-path")
	}()
	if author == "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			authorOut, authorErr = run.Output(ctx, nil, "var", "GIT_AUTHOR_IDENT")
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return id, err
	}
	if authorErr != nil {
		return id, identityError("Author", authorErr)
	}
	if commErr != nil {
		return id, identityError("Committer", commErr)
	}
	id.committer = strings.TrimRight(string(commOut), "\n")
	id.execPath = strings.TrimSpace(string(execOut))
	if author != "" {
		id.author = author
		return id, nil
	}
	id.author = strings.TrimRight(string(authorOut), "\n")
	// One git commit takes "now" once for both dates; two `git var` runs
	// may straddle a second.
	_, authorDate := lookupEnv(r.env, "GIT_AUTHOR_DATE")
	_, committerDate := lookupEnv(r.env, "GIT_COMMITTER_DATE")
	if !authorDate && !committerDate {
		if _, _, ad, ok := splitIdent(id.author); ok && ad != "" {
			if cn, ce, _, ok := splitIdent(id.committer); ok {
				id.committer = formatIdent(cn, ce, ad)
			}
		}
	}
	return id, nil
}

// identityError turns git's "Author identity unknown ... fatal: ..." into
// one line saying what to set.
func identityError(who string, err error) error {
	var gerr *gitcli.Error
	if errors.As(err, &gerr) && strings.Contains(gerr.Stderr, "identity unknown") {
		why := ""
		for _, line := range strings.Split(gerr.Stderr, "\n") {
			if rest, ok := strings.CutPrefix(line, "fatal: "); ok {
				why = " (git: " + rest + ")"
			}
		}
		return fmt.Errorf("%s identity unknown%s: set it with git config --global user.name \"Your Name\" and git config --global user.email you@example.com", who, why)
	}
	return fmt.Errorf("%s identity: %w", strings.ToLower(who), err)
}

// splitIdent splits "Name <email> 1700000000 +0100" at its last "<...>",
// as git's split_ident_line does.
func splitIdent(s string) (name, email, date string, ok bool) {
	gt := strings.LastIndexByte(s, '>')
	if gt < 0 {
		return "", "", "", false
	}
	lt := strings.LastIndexByte(s[:gt], '<')
	if lt < 0 {
		return "", "", "", false
	}
	name = strings.TrimRight(s[:lt], " ")
	return name, s[lt+1 : gt], strings.TrimSpace(s[gt+1:]), true
}

func formatIdent(name, email, date string) string {
	if date == "" {
		return name + " <" + email + ">"
	}
	return name + " <" + email + "> " + date
}

// identEnv is what git exports to the commit hooks about the author:
// GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL and GIT_AUTHOR_DATE ("@<secs> <tz>").
func identEnv(author string) []string {
	name, email, date, ok := splitIdent(author)
	if !ok {
		return nil
	}
	env := []string{"GIT_AUTHOR_NAME=" + name, "GIT_AUTHOR_EMAIL=" + email}
	if date != "" {
		env = append(env, "GIT_AUTHOR_DATE=@"+date)
	}
	return env
}

// commitHeader returns the value of the first header key of a raw commit
// (git's find_commit_header), or false.
func commitHeader(raw []byte, key string) (string, bool) {
	for len(raw) > 0 {
		line := raw
		if nl := bytes.IndexByte(raw, '\n'); nl >= 0 {
			line, raw = raw[:nl], raw[nl+1:]
		} else {
			raw = nil
		}
		if len(line) == 0 {
			return "", false
		}
		if len(line) > len(key) && string(line[:len(key)]) == key && line[len(key)] == ' ' {
			return string(line[len(key)+1:]), true
		}
	}
	return "", false
}
