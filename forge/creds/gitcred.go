package creds

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"strings"
	"time"

	"reef/forge"
)

// fromGit asks git's credential helpers (git credential fill) for the
// host's https password, as git push would use it. Nothing may prompt:
// not the terminal, not an askpass program, not a helper's own dialog.
func fromGit(ctx context.Context, o Options) (Credential, bool) {
	scheme := o.Scheme
	if scheme == "" {
		scheme = "https"
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "-c", "credential.interactive=false", "credential", "fill")
	cmd.Dir = o.Dir
	cmd.Env = append(append([]string(nil), o.Environ...),
		"GIT_TERMINAL_PROMPT=0",
		"GIT_ASKPASS=", // empty, not unset: git then skips core.askPass and SSH_ASKPASS too
		"SSH_ASKPASS=",
		"GCM_INTERACTIVE=never",
	)
	cmd.Stdin = strings.NewReader("capability[]=authtype\nprotocol=" + scheme + "\nhost=" + o.Host + "\n\n")
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	if err != nil {
		return Credential{}, false // no helper, or it had nothing: not an error
	}
	var user, pass, authtype, cred string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		switch k {
		case "username":
			user = v
		case "password":
			pass = v
		case "authtype":
			authtype = v
		case "credential":
			cred = v
		}
	}
	if strings.EqualFold(authtype, "bearer") && cred != "" {
		return New(o.Host, "", cred, "git credential"), true
	}
	if pass == "" {
		return Credential{}, false
	}
	// Bitbucket and Gitea take username:token as Basic auth; GitHub's and
	// GitLab's APIs want the token alone.
	if o.Kind != forge.Bitbucket && o.Kind != forge.Gitea {
		user = ""
	}
	return New(o.Host, user, pass, "git credential"), true
}
