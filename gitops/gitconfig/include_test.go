package gitconfig

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestIncludesMatchGit covers include.path and every includeIf condition
// against git, each case from a fresh world.
func TestIncludesMatchGit(t *testing.T) {
	cases := map[string]func(w *world){
		"relative absolute home and missing": func(w *world) {
			w.write("repo/.git/config", "[include]\n\tpath = ../../inc/a\n\tpath = "+w.path("inc/b")+
				"\n\tpath = ~/c\n\tpath = missing\n\tpath = inc/nothing-here\n[after]\n\tk = 1\n")
			w.write("inc/a", "[a]\n\tk = a\n[include]\n\tpath = sub/nested\n")
			w.write("inc/sub/nested", "[nested]\n\tk = relative to inc/a's directory\n")
			w.write("inc/b", "[b]\n\tk = b\n")
			w.write("home/c", "[c]\n\tk = c\n")
		},
		"includes from every level": func(w *world) {
			w.write("system", "[include]\n\tpath = "+w.path("inc/sys")+"\n")
			w.write("home/.gitconfig", "[include]\n\tpath = ../inc/glob\n")
			w.write("inc/sys", "[s]\n\tk = sys\n")
			w.write("inc/glob", "[s]\n\tk = glob\n")
			w.setenv("GIT_CONFIG_PARAMETERS", "'include.path'='"+w.path("inc/cmd")+"'")
			w.write("inc/cmd", "[s]\n\tk = cmd\n")
		},
		"uncleaned path names": func(w *world) {
			w.write("repo/.git/config", "[include]\n\tpath = ../../inc/../inc/./a\n")
			w.write("inc/a", "[include]\n\tpath = ../inc/b\n")
			w.write("inc/b", "[b]\n\tk = 1\n")
		},
		"include.path case-insensitive": func(w *world) {
			w.write("repo/.git/config", "[Include]\n\tPath = ../../inc/a\n[include.Path]\n\tx = not an include\n")
			w.write("inc/a", "[a]\n\tk = 1\n")
		},
		"depth 10 is fine": func(w *world) {
			w.write("repo/.git/config", "[include]\n\tpath = ../../inc/1\n")
			for i := 1; i <= 10; i++ {
				body := "[d]\n\tk = " + strconv.Itoa(i) + "\n"
				if i < 10 {
					body += "[include]\n\tpath = " + strconv.Itoa(i+1) + "\n"
				}
				w.write("inc/"+strconv.Itoa(i), body)
			}
		},
		"depth 11 fails": func(w *world) {
			w.write("repo/.git/config", "[include]\n\tpath = ../../inc/self\n")
			w.write("inc/self", "[d]\n\tk = again\n[include]\n\tpath = self\n")
		},
		"circular from the command line": func(w *world) {
			w.setenv("GIT_CONFIG_PARAMETERS", "'include.path'='"+w.path("inc/self")+"'")
			w.write("inc/self", "[include]\n\tpath = self\n")
		},
		"include without value":    func(w *world) { w.write("repo/.git/config", "[a]\n\tk = 1\n[include]\n\tpath\n") },
		"includeIf without value":  func(w *world) { w.write("repo/.git/config", "[includeIf \"onbranch:main\"]\n\tpath\n") },
		"include unknown user":     func(w *world) { w.write("repo/.git/config", "[include]\n\tpath = ~no-such-user-xyz/x\n") },
		"include a directory":      func(w *world) { w.write("repo/.git/config", "[include]\n\tpath = ../../home\n") },
		"relative include from -c": func(w *world) { w.setenv("GIT_CONFIG_PARAMETERS", "'include.path'='inc/a'") },
		"include without value -c": func(w *world) { w.setenv("GIT_CONFIG_PARAMETERS", "'include.path'") },
		"malformed included file": func(w *world) {
			w.write("repo/.git/config", "[include]\n\tpath = ../../inc/bad\n")
			w.write("inc/bad", "[ok]\n\tk = 1\n[bad\n")
		},
		"malformed file included from -c": func(w *world) {
			w.setenv("GIT_CONFIG_PARAMETERS", "'include.path'='"+w.path("inc/bad")+"'")
			w.write("inc/bad", "[ok]\n\tk = 1\n[bad\n")
		},
		"error in nested include names it": func(w *world) {
			w.write("repo/.git/config", "[include]\n\tpath = ../../inc/a\n")
			w.write("inc/a", "\n\n[include]\n\tpath\n")
		},
		"malformed global":            func(w *world) { w.write("home/.gitconfig", "[user]\n\tname = \"x\n") },
		"malformed system":            func(w *world) { w.write("system", "[user\n") },
		"gitdir exact":                func(w *world) { w.includeIf("gitdir:" + w.path("repo/.git")) },
		"gitdir trailing slash":       func(w *world) { w.includeIf("gitdir:" + w.path("repo") + "/") },
		"gitdir without slash":        func(w *world) { w.includeIf("gitdir:" + w.path("repo")) },
		"gitdir relative pattern":     func(w *world) { w.includeIf("gitdir:repo/") },
		"gitdir relative no match":    func(w *world) { w.includeIf("gitdir:other/") },
		"gitdir glob":                 func(w *world) { w.includeIf("gitdir:/**/re?o/.git") },
		"gitdir class":                func(w *world) { w.includeIf("gitdir:**/[q-s]epo/") },
		"gitdir star stops at slash":  func(w *world) { w.includeIf("gitdir:/*/repo/") },
		"gitdir case differs":         func(w *world) { w.includeIf("gitdir:" + strings.ToUpper(w.path("repo")) + "/") },
		"gitdir/i case differs":       func(w *world) { w.includeIf("gitdir/i:" + strings.ToUpper(w.path("repo")) + "/") },
		"gitdir/i relative":           func(w *world) { w.includeIf("gitdir/i:REPO/.GIT") },
		"GITDIR is unknown":           func(w *world) { w.includeIf("GITDIR:" + w.path("repo") + "/") },
		"unknown condition":           func(w *world) { w.includeIf("nosuch:x") },
		"empty gitdir":                func(w *world) { w.includeIf("gitdir:") },
		"condition but not path":      func(w *world) { w.write("repo/.git/config", "[includeIf \"onbranch:main\"]\n\tother = x\n") },
		"includeIf without condition": func(w *world) { w.write("repo/.git/config", "[includeIf]\n\tpath = ../../inc/target\n") },
		"gitdir home": func(w *world) {
			w.setenv("HOME", w.base)
			w.includeIf("gitdir:~/repo/")
		},
		"gitdir home through symlink": func(w *world) {
			if err := os.Symlink(w.base, w.path("homelink")); err != nil {
				w.t.Fatal(err)
			}
			w.setenv("HOME", w.path("homelink"))
			w.includeIf("gitdir:~/repo/")
		},
		"gitdir dot slash": func(w *world) {
			w.write("repo/.git/config", "[include]\n\tpath = ../../cond\n")
			w.write("cond", "[includeIf \"gitdir:./repo/\"]\n\tpath = inc/target\n")
		},
		"gitdir dot slash is literal": func(w *world) {
			w.write("repo/.git/config", "[include]\n\tpath = ../../inc/cond\n")
			w.write("inc/cond", "[includeIf \"gitdir:./../repo/\"]\n\tpath = target\n")
		},
		"gitdir dot slash from -c": func(w *world) {
			w.setenv("GIT_CONFIG_PARAMETERS", "'includeIf.gitdir:./repo/.path'='"+w.path("inc/target")+"'")
		},
		"gitdir from global": func(w *world) {
			w.write("home/.gitconfig", "[includeIf \"gitdir:"+w.path("repo")+"/\"]\n\tpath = ../inc/target\n")
		},
		"gitdir without repository": func(w *world) {
			w.gitDir, w.common = "", ""
			w.write("home/.gitconfig", "[includeIf \"gitdir:/\"]\n\tpath = ../inc/target\n"+
				"[includeIf \"onbranch:main\"]\n\tpath = ../inc/target\n")
		},
		"onbranch":                func(w *world) { w.includeIf("onbranch:main") },
		"onbranch glob":           func(w *world) { w.includeIf("onbranch:m*") },
		"onbranch no match":       func(w *world) { w.includeIf("onbranch:master") },
		"onbranch trailing slash": func(w *world) { w.checkout("topic/deep/x"); w.includeIf("onbranch:topic/") },
		"onbranch star one level": func(w *world) { w.checkout("topic/deep/x"); w.includeIf("onbranch:topic/*") },
		"onbranch detached": func(w *world) {
			w.repo.Commit("init")
			w.repo.Git("checkout", "-q", "--detach")
			w.branch = ""
			w.includeIf("onbranch:**")
		},
		"hasconfig later url": func(w *world) {
			w.write("home/.gitconfig", "[includeIf \"hasconfig:remote.*.url:https://example.com/**\"]\n\tpath = ../inc/target\n")
			w.write("repo/.git/config", "[remote \"origin\"]\n\turl = https://example.com/team/repo.git\n")
		},
		"hasconfig no match": func(w *world) {
			w.write("repo/.git/config", "[remote \"origin\"]\n\turl = https://example.org/x\n"+
				"[includeIf \"hasconfig:remote.*.url:https://example.com/**\"]\n\tpath = ../../inc/target\n")
		},
		"hasconfig star stops at slash": func(w *world) {
			w.write("repo/.git/config", "[remote \"origin\"]\n\turl = https://example.com/a/b\n"+
				"[includeIf \"hasconfig:remote.*.url:https://example.com/*\"]\n\tpath = ../../inc/target\n")
		},
		"hasconfig url from -c": func(w *world) {
			w.setenv("GIT_CONFIG_PARAMETERS", "'remote.x.url'='git@host:team/r'")
			w.includeIf("hasconfig:remote.*.url:git@host:team/*")
		},
		"hasconfig url from included file": func(w *world) {
			w.write("repo/.git/config", "[include]\n\tpath = ../../inc/remotes\n"+
				"[includeIf \"hasconfig:remote.*.url:*://**\"]\n\tpath = ../../inc/target\n")
			w.write("inc/remotes", "[remote.origin]\n\turl = ssh://host/x\n")
		},
		"hasconfig include may not define urls": func(w *world) {
			w.write("repo/.git/config", "[remote \"origin\"]\n\turl = https://example.com/x\n"+
				"[includeIf \"hasconfig:remote.*.url:https://**\"]\n\tpath = ../../inc/more-remotes\n")
			w.write("inc/more-remotes", "[remote \"other\"]\n\turl = https://example.com/y\n")
		},
		"any includeIf may not define urls": func(w *world) {
			w.write("repo/.git/config", "[includeIf \"onbranch:main\"]\n\tpath = ../../inc/more-remotes\n"+
				"[includeIf \"hasconfig:remote.*.url:https://**\"]\n\tpath = ../../inc/target\n")
			w.write("inc/more-remotes", "[remote \"other\"]\n\turl = https://example.com/y\n")
		},
		"hasconfig chain": func(w *world) {
			w.write("repo/.git/config", "[remote \"o\"]\n\turl = https://a/b\n"+
				"[includeIf \"hasconfig:remote.*.url:https://a/b\"]\n\tpath = ../../inc/second\n")
			w.write("inc/second", "[includeIf \"hasconfig:remote.*.url:nomatch\"]\n\tpath = target\n[second]\n\tk = 1\n")
		},
		"hasconfig remote without subsection": func(w *world) {
			w.write("repo/.git/config", "[remote]\n\turl = https://a/b\n"+
				"[includeIf \"hasconfig:remote.*.url:https://a/b\"]\n\tpath = ../../inc/target\n")
		},
	}
	// What git does with each case (also checked by the comparison), so a
	// case cannot pass vacuously.
	outcome := map[string]string{}
	for _, n := range []string{"empty gitdir", "gitdir/i case differs", "gitdir/i relative", "gitdir class",
		"gitdir dot slash", "gitdir exact", "gitdir from global", "gitdir glob", "gitdir home", "gitdir home through symlink",
		"gitdir relative pattern", "gitdir trailing slash", "hasconfig later url", "hasconfig url from -c",
		"hasconfig url from included file", "onbranch", "onbranch glob", "onbranch trailing slash"} {
		outcome[n] = "includes"
	}
	for _, n := range []string{"any includeIf may not define urls", "circular from the command line",
		"depth 11 fails", "error in nested include names it", "hasconfig include may not define urls",
		"includeIf without value", "include a directory", "include unknown user", "include without value",
		"include without value -c", "malformed file included from -c", "malformed global",
		"malformed included file", "malformed system", "relative include from -c"} {
		outcome[n] = "fails"
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			w.write("inc/target", "[target]\n\tincluded = yes\n")
			setup(w)
			cfg := w.check()
			switch {
			case cfg == nil && outcome[name] != "fails":
				t.Fatalf("git and Load fail, want %q", outcome[name])
			case cfg == nil:
			case outcome[name] == "fails":
				t.Fatal("git and Load succeed, want failure")
			default:
				_, ok := cfg.Get("target.included")
				if want := outcome[name] == "includes"; ok != want {
					t.Fatalf("inc/target included: %v, want %v", ok, want)
				}
			}
		})
	}
}

// includeIf writes a local config whose only directive includes
// inc/target under cond.
func (w *world) includeIf(cond string) {
	w.write("repo/.git/config", "[core]\n\tbare = false\n[includeIf \""+cond+"\"]\n\tpath = ../../inc/target\n[after]\n\tk = 1\n")
}

func (w *world) checkout(branch string) {
	w.repo.Checkout(branch, true)
	w.branch = branch
}

// TestGitDirThroughSymlink gives git and Load the git dir through a
// symlinked path: git matches the resolved path first, then the path as
// given.
func TestGitDirThroughSymlink(t *testing.T) {
	for _, via := range []string{"link", "repo"} {
		t.Run(via, func(t *testing.T) {
			w := newWorld(t)
			if err := os.Symlink(w.path("repo"), w.path("link")); err != nil {
				t.Fatal(err)
			}
			w.write("inc/target", "[target]\n\tincluded = yes\n")
			w.gitDir = w.path("link/.git")
			w.common = w.gitDir
			w.cwd = w.path("link")
			w.includeIf("gitdir:" + w.path(via) + "/")
			cfg := w.check()
			if _, ok := cfg.Get("target.included"); !ok {
				t.Fatalf("gitdir:%s/ did not match through the symlink", via)
			}
		})
	}
}
