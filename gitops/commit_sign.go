package gitops

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"reef/gitops/gitconfig"
)

// signer signs commits the way git's gpg-interface does, by running the
// configured program, so gpg-agent, ssh-agent and hardware keys work as
// they do for git.
type signer struct {
	format  string // "openpgp", "x509" or "ssh"
	program string
	key     string // user.signingKey, or what git defaults it to
	// keyCommand is gpg.ssh.defaultKeyCommand, asked for a key when ssh
	// signing has none configured.
	keyCommand string
	cwd        string
	env        []string
}

// commitSigner returns the signer commit.gpgSign asks for, or nil.
// committer is the committer's identity line (the default OpenPGP and
// X.509 key is "Name <email>").
func (r *Repo) commitSigner(cfg *gitconfig.Config, committer string) (*signer, error) {
	sign, err := cfg.Bool("commit.gpgsign", false)
	if err != nil {
		return nil, err
	}
	if !sign {
		return nil, nil
	}
	s := &signer{format: "openpgp", cwd: r.workTree, env: r.env}
	if e, ok := cfg.Lookup("gpg.format"); ok {
		switch e.Value {
		case "openpgp", "x509", "ssh":
			s.format = e.Value
		default:
			return nil, fmt.Errorf("invalid value for 'gpg.format': '%s' (use openpgp, x509 or ssh)", e.Value)
		}
	}
	switch s.format {
	case "openpgp":
		s.program = lastValue(cfg, "gpg", "gpg.program", "gpg.openpgp.program")
	case "x509":
		s.program = lastValue(cfg, "gpgsm", "gpg.x509.program")
	case "ssh":
		s.program = lastValue(cfg, "ssh-keygen", "gpg.ssh.program")
		s.keyCommand = lastValue(cfg, "", "gpg.ssh.defaultkeycommand")
	}
	if e, ok := cfg.Lookup("user.signingkey"); ok {
		if e.NoValue {
			return nil, fmt.Errorf("missing value for 'user.signingkey': set it to a key or remove it")
		}
		s.key = e.Value
		if s.format == "ssh" && !isLiteralSSHKey(s.key) {
			// A key file: git expands "~" in it (interpolate_path).
			if p, _, err := cfg.Path("user.signingkey"); err == nil {
				s.key = p
			}
		}
	} else if s.format != "ssh" {
		name, email, _, _ := splitIdent(committer)
		s.key = formatIdent(name, email, "")
	}
	return s, nil
}

// lastValue is the last value set for any of keys (git lets later
// variables override earlier ones whatever their name: gpg.program and
// gpg.openpgp.program are one setting), or def.
func lastValue(cfg *gitconfig.Config, def string, keys ...string) string {
	entries := cfg.Entries()
	for i := len(entries) - 1; i >= 0; i-- {
		for _, k := range keys {
			if entries[i].Key == k {
				return entries[i].Value
			}
		}
	}
	return def
}

// isLiteralSSHKey is git's is_literal_ssh_key: "key::<public key>" or a
// public key written out ("ssh-ed25519 AAAA...").
func isLiteralSSHKey(key string) bool {
	return strings.HasPrefix(key, "key::") || strings.HasPrefix(key, "ssh-")
}

// sign returns the detached signature of payload.
func (s *signer) sign(ctx context.Context, payload []byte) ([]byte, error) {
	if s.format == "ssh" {
		return s.signSSH(ctx, payload)
	}
	return s.signGPG(ctx, payload)
}

func (s *signer) command(ctx context.Context, args ...string) (*exec.Cmd, error) {
	path, err := lookPathIn(s.program, s.env, s.cwd)
	if err != nil {
		return nil, fmt.Errorf("cannot sign the commit: %s is not installed or not on PATH (set gpg.program, gpg.x509.program or gpg.ssh.program)", s.program)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir, cmd.Env = s.cwd, s.env
	cmd.WaitDelay = hookWaitDelay
	ownProcessGroup(cmd)
	return cmd, nil
}

// signGPG runs `gpg --status-fd=2 -bsau <key>` (gpgsm for x509) with the
// payload on stdin, and trusts the signature only when gpg reports
// SIG_CREATED, as git does.
func (s *signer) signGPG(ctx context.Context, payload []byte) ([]byte, error) {
	cmd, err := s.command(ctx, "--status-fd=2", "-bsau", s.key)
	if err != nil {
		return nil, err
	}
	var sig, status bytes.Buffer
	cmd.Stdin = bytes.NewReader(payload)
	cmd.Stdout, cmd.Stderr = &sig, &status
	err = cmd.Run()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	created := false
	for _, line := range strings.Split(status.String(), "\n") {
		if strings.HasPrefix(line, "[GNUPG:] SIG_CREATED ") {
			created = true
		}
	}
	if err != nil || !created {
		return nil, fmt.Errorf("%s failed to sign the commit with key %q: %s", s.program, s.key, gpgComplaint(status.String(), err))
	}
	return bytes.ReplaceAll(sig.Bytes(), []byte("\r"), nil), nil
}

// gpgComplaint picks the lines of gpg's stderr meant for people.
func gpgComplaint(status string, err error) string {
	var lines []string
	for _, line := range strings.Split(status, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "[GNUPG:]") {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		if err != nil {
			return err.Error()
		}
		return "no signature was created"
	}
	return strings.Join(lines, "; ")
}

// signSSH runs `ssh-keygen -Y sign -n git -f <key file> [-U] <payload
// file>` and reads <payload file>.sig, as git does. A literal public key
// (an ssh-agent key) is written to a temporary file and passed with -U.
func (s *signer) signSSH(ctx context.Context, payload []byte) ([]byte, error) {
	key := s.key
	if key == "" {
		k, err := s.defaultSSHKey(ctx)
		if err != nil {
			return nil, err
		}
		key = k
	}
	tmp := tempDirOf(s.env)
	var args []string
	if isLiteralSSHKey(key) {
		f, err := writeTemp(tmp, ".git_signing_key_tmp*", []byte(strings.TrimPrefix(key, "key::")))
		if err != nil {
			return nil, err
		}
		defer os.Remove(f)
		args = []string{"-Y", "sign", "-n", "git", "-f", f, "-U"}
	} else {
		args = []string{"-Y", "sign", "-n", "git", "-f", key}
	}
	buf, err := writeTemp(tmp, ".git_signing_buffer_tmp*", payload)
	if err != nil {
		return nil, err
	}
	defer os.Remove(buf)
	defer os.Remove(buf + ".sig")
	cmd, err := s.command(ctx, append(args, buf)...)
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "usage:") {
			msg = "ssh-keygen -Y sign is needed for ssh signing (OpenSSH 8.2p1 or later)"
		}
		return nil, fmt.Errorf("%s failed to sign the commit with %s: %s", s.program, key, oneLineOf(msg, err))
	}
	sig, err := os.ReadFile(buf + ".sig")
	if err != nil {
		return nil, fmt.Errorf("read the ssh signature: %w", err)
	}
	return bytes.ReplaceAll(sig, []byte("\r"), nil), nil
}

// defaultSSHKey runs gpg.ssh.defaultKeyCommand (through the shell, as
// git does) and takes the first line of its output when it is a key.
func (s *signer) defaultSSHKey(ctx context.Context) (string, error) {
	if s.keyCommand == "" {
		return "", errors.New("ssh signing needs a key: set user.signingKey to a key file (or key::<public key> for an ssh-agent key), or gpg.ssh.defaultKeyCommand")
	}
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", s.keyCommand)
	cmd.Dir, cmd.Env = s.cwd, s.env
	cmd.WaitDelay = hookWaitDelay
	ownProcessGroup(cmd)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("gpg.ssh.defaultKeyCommand failed: %s", oneLineOf(stderr.String(), err))
	}
	first, _, _ := strings.Cut(string(out), "\n")
	if !isLiteralSSHKey(first) {
		return "", fmt.Errorf("gpg.ssh.defaultKeyCommand succeeded but returned no key: set user.signingKey")
	}
	return first, nil
}

func oneLineOf(msg string, err error) string {
	msg = strings.Join(strings.Fields(msg), " ")
	if msg == "" && err != nil {
		return err.Error()
	}
	return msg
}

// tempDirOf is $TMPDIR as the environment git runs with says, or the
// system's.
func tempDirOf(env []string) string {
	if v, ok := lookupEnv(env, "TMPDIR"); ok && v != "" {
		return v
	}
	return os.TempDir()
}

func writeTemp(dir, pattern string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", fmt.Errorf("cannot sign the commit: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("cannot sign the commit: %w", err)
	}
	return f.Name(), nil
}

// lookPathIn finds program the way execvp would with env's PATH: a name
// with a slash is taken as it is (relative to dir).
func lookPathIn(program string, env []string, dir string) (string, error) {
	if strings.Contains(program, "/") {
		if !filepath.IsAbs(program) {
			program = filepath.Join(dir, program)
		}
		return exec.LookPath(program)
	}
	path, ok := lookupEnv(env, "PATH")
	if !ok {
		return exec.LookPath(program)
	}
	for _, d := range filepath.SplitList(path) {
		if d == "" {
			d = "."
		}
		if !filepath.IsAbs(d) {
			d = filepath.Join(dir, d)
		}
		if p, err := exec.LookPath(filepath.Join(d, program)); err == nil {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}
