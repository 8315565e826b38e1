package gitops

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reef/gitops/gittest"
)

// commitSSHKey makes a throwaway ed25519 key and returns the private key
// file and the public key line.
func commitSSHKey(t *testing.T) (keyFile, pub string) {
	t.Helper()
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Fatal("ssh-keygen is needed for the ssh signing tests (OpenSSH 8.2 or later)")
	}
	keyFile = filepath.Join(t.TempDir(), "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ada", "-f", keyFile).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	b, err := os.ReadFile(keyFile + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	return keyFile, strings.TrimSpace(string(b))
}

// commitAllowSigner makes git verify-commit trust pub for ada@example.com.
func commitAllowSigner(t *testing.T, r *gittest.Repo, pub string) {
	t.Helper()
	allowed := filepath.Join(r.Home, "allowed_signers")
	if err := os.WriteFile(allowed, []byte("ada@example.com "+pub+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.Git("config", "gpg.ssh.allowedSignersFile", allowed)
}

func TestCommitSSHSignatureMatchesGit(t *testing.T) {
	key, pub := commitSSHKey(t)
	tw := newCommitTwins(t, func(r *gittest.Repo) {
		r.Git("config", "gpg.format", "ssh")
		r.Git("config", "user.signingKey", key)
		r.Git("config", "commit.gpgSign", "true")
		commitAllowSigner(t, r, pub)
		r.Write("f", "signed\n").Git("add", "f")
	})
	// Ed25519 signatures are deterministic: the same payload and key give
	// the same commit, byte for byte.
	res := tw.commit(CommitOptions{Message: "Signed"}, "-m", "Signed")
	if !res.Signed {
		t.Error("CommitResult.Signed is false")
	}
	if out, err := tw.reef.GitErr("verify-commit", "HEAD"); err != nil {
		t.Fatalf("git verify-commit: %v\n%s", err, out)
	}
	if !strings.Contains(tw.reef.Git("cat-file", "commit", "HEAD"), "\ngpgsig -----BEGIN SSH SIGNATURE-----\n ") {
		t.Error("no gpgsig header in git's layout")
	}
}

func TestCommitSSHAgentKey(t *testing.T) {
	key, pub := commitSSHKey(t)
	r := gittest.New(t)
	sock := filepath.Join(t.TempDir(), "agent.sock")
	agent := exec.Command("ssh-agent", "-D", "-a", sock)
	if err := agent.Start(); err != nil {
		t.Fatalf("ssh-agent: %v", err)
	}
	t.Cleanup(func() { agent.Process.Kill(); agent.Wait() })
	for i := 0; ; i++ {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if i == 100 {
			t.Fatal("ssh-agent did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.Setenv("SSH_AUTH_SOCK", sock)
	add := exec.Command("ssh-add", key)
	add.Env = r.Environ()
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add: %v\n%s", err, out)
	}
	os.Remove(key) // only the agent holds the private key now
	r.Git("config", "gpg.format", "ssh")
	r.Git("config", "commit.gpgSign", "true")
	commitAllowSigner(t, r, pub)

	for i, set := range [][]string{
		{"user.signingKey", "key::" + pub},
		{"user.signingKey", pub},
		{"gpg.ssh.defaultKeyCommand", "echo 'key::" + pub + "'"},
	} {
		r.GitErr("config", "--unset-all", "user.signingKey")
		r.Git("config", set[0], set[1])
		r.Write("f", strings.Repeat("x", i+1)).Git("add", "f")
		res, err := commitOpen(t, r).CommitStaged(context.Background(), CommitOptions{Message: set[0]})
		if err != nil {
			t.Fatalf("%s: %v", set[0], err)
		}
		if out, err := r.GitErr("verify-commit", res.ID.String()); err != nil || !res.Signed {
			t.Fatalf("%s: verify-commit %v\n%s", set[0], err, out)
		}
	}
}

func TestCommitSigningFailureWritesNothing(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "1\n").Commit("base")
	r.Git("config", "gpg.format", "ssh")
	r.Git("config", "commit.gpgSign", "true")
	r.Git("config", "user.signingKey", filepath.Join(t.TempDir(), "missing_key"))
	r.Write("f", "2\n").Git("add", "f")
	head := r.Rev("HEAD")
	_, err := commitOpen(t, r).CommitStaged(context.Background(), CommitOptions{Message: "m"})
	if err == nil || !strings.Contains(err.Error(), "failed to sign") {
		t.Fatalf("signing with a missing key: %v", err)
	}
	if r.Rev("HEAD") != head {
		t.Fatal("HEAD moved")
	}
	r.Git("config", "gpg.format", "bogus")
	if _, err := commitOpen(t, r).CommitStaged(context.Background(), CommitOptions{Message: "m"}); err == nil || !strings.Contains(err.Error(), "gpg.format") {
		t.Fatalf("unknown gpg.format: %v", err)
	}
}

// commitGnuPG makes a throwaway GnuPG home (short path: gpg-agent's socket
// must fit in a sockaddr) with an OpenPGP key for Ada, and stops its
// agent when the test ends.
func commitGnuPG(t *testing.T, algo string) string {
	t.Helper()
	if _, err := exec.LookPath("gpg"); err != nil {
		t.Skip("gpg is not installed: the OpenPGP signing test needs it")
	}
	home, err := os.MkdirTemp("", "rg")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(home, 0o700)
	t.Cleanup(func() {
		kill := exec.Command("gpgconf", "--kill", "all")
		kill.Env = append(os.Environ(), "GNUPGHOME="+home)
		kill.Run()
		os.RemoveAll(home)
	})
	gen := exec.Command("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
		"--quick-gen-key", "Ada Lovelace <ada@example.com>", algo, "sign", "never")
	gen.Env = append(os.Environ(), "GNUPGHOME="+home)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Skipf("gpg cannot make a key here (%v): %s", err, out)
	}
	return home
}

func TestCommitOpenPGPSignature(t *testing.T) {
	home := commitGnuPG(t, "ed25519")
	r := gittest.New(t)
	r.Setenv("GNUPGHOME", home)
	r.Git("config", "commit.gpgSign", "true") // key: the committer's identity, as git defaults it
	r.Write("f", "pgp\n").Git("add", "f")
	res, err := commitOpen(t, r).CommitStaged(context.Background(), CommitOptions{Message: "OpenPGP"})
	if err != nil {
		t.Fatal(err)
	}
	if out, err := r.GitErr("verify-commit", "HEAD"); err != nil || !res.Signed {
		t.Fatalf("verify-commit: %v\n%s", err, out)
	}
	// Same layout as git's own signed commit of the same tree, at the
	// same committer time: the amend may fall in the next second.
	r.Setenv("GIT_COMMITTER_DATE", strings.TrimSpace(r.Git("log", "-1", "--format=%cd", "--date=raw", "HEAD")))
	r.Git("commit", "-q", "--amend", "--no-edit", "-S")
	if g, w := commitUnsigned(t, r, res.ID.String()), commitUnsigned(t, r, "HEAD"); g != w {
		t.Errorf("reef's signed commit without its signature:\n%s\ngit's:\n%s", g, w)
	}
}

// commitUnsigned is a commit's text with the gpgsig header's signature
// lines replaced by a marker.
func commitUnsigned(t *testing.T, r *gittest.Repo, rev string) string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(r.Git("cat-file", "commit", rev)))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "gpgsig "):
			out = append(out, "gpgsig <signature>")
		case strings.HasPrefix(line, " "):
		default:
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

func TestCommitX509Signature(t *testing.T) {
	if _, err := exec.LookPath("gpgsm"); err != nil {
		t.Skip("gpgsm is not installed: the X.509 signing test needs it")
	}
	home := commitGnuPG(t, "rsa2048")
	env := append(os.Environ(), "GNUPGHOME="+home)
	run := func(stdin string, args ...string) string {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env, cmd.Stdin = env, strings.NewReader(stdin)
		out, err := cmd.Output()
		if err != nil {
			t.Skipf("cannot make an X.509 certificate here: %s: %v", strings.Join(args, " "), err)
		}
		return string(out)
	}
	grip := ""
	for _, line := range strings.Split(run("", "gpg", "--with-keygrip", "--with-colons", "-K"), "\n") {
		if f := strings.Split(line, ":"); f[0] == "grp" && grip == "" {
			grip = f[9]
		}
	}
	os.WriteFile(filepath.Join(home, "gpgsm.conf"), []byte("disable-crl-checks\n"), 0o600)
	cert := run("Key-Type: RSA\nKey-Grip: "+grip+"\nKey-Usage: sign\nSerial: random\nName-DN: CN=Ada Lovelace\nName-Email: ada@example.com\n",
		"gpgsm", "--batch", "--armor", "--gen-key")
	run(cert, "gpgsm", "--batch", "--import")
	fpr := ""
	for _, line := range strings.Split(run("", "gpgsm", "--list-keys", "--with-colons"), "\n") {
		if f := strings.Split(line, ":"); f[0] == "fpr" && fpr == "" {
			fpr = f[9]
		}
	}
	os.WriteFile(filepath.Join(home, "trustlist.txt"), []byte(fpr+" S relax\n"), 0o600)

	r := gittest.New(t)
	r.Setenv("GNUPGHOME", home)
	r.Git("config", "gpg.format", "x509")
	r.Git("config", "user.signingKey", fpr)
	r.Git("config", "commit.gpgSign", "true")
	r.Write("f", "x509\n").Git("add", "f")
	res, err := commitOpen(t, r).CommitStaged(context.Background(), CommitOptions{Message: "X.509"})
	if err != nil {
		t.Fatal(err)
	}
	if out, err := r.GitErr("verify-commit", "HEAD"); err != nil || !res.Signed {
		t.Fatalf("verify-commit: %v\n%s", err, out)
	}
}
