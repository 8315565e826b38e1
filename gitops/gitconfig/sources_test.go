package gitconfig

import (
	"os"
	"path/filepath"
	"testing"
)

// allLevels writes one file per level, each naming itself.
func allLevels(w *world) {
	w.write("system", "[level]\n\tname = system\n\tsystem = yes\n")
	w.write("home/.config/git/config", "[level]\n\tname = xdg\n\txdg = yes\n")
	w.write("home/.gitconfig", "[level]\n\tname = home\n\thome = yes\n")
	w.write("xdg-elsewhere/git/config", "[level]\n\tname = xdg-elsewhere\n")
	w.write("repo/.git/config", "[core]\n\trepositoryformatversion = 0\n[extensions]\n\tworktreeConfig = true\n[level]\n\tname = local\n")
	w.write("repo/.git/config.worktree", "[level]\n\tname = worktree\n")
	w.setenv("GIT_CONFIG_COUNT", "2")
	w.setenv("GIT_CONFIG_KEY_0", "Level.Name")
	w.setenv("GIT_CONFIG_VALUE_0", "count")
	w.setenv("GIT_CONFIG_KEY_1", "level.Sub.Implicit")
	w.setenv("GIT_CONFIG_VALUE_1", "")
	w.setenv("GIT_CONFIG_PARAMETERS", "'level.name'='params' 'level.old=style' 'level.bool'= 'LEVEL.Quote'='it'\\''s'")
	w.unsetenv("GIT_CONFIG_GLOBAL")
}

func TestLevelsInGitOrder(t *testing.T) {
	w := newWorld(t)
	allLevels(w)
	cfg := w.check()
	if v, _ := cfg.Get("level.name"); v != "params" {
		t.Fatalf("level.name = %q, want the last value (params)", v)
	}
	want := []Scope{ScopeSystem, ScopeGlobal, ScopeGlobal, ScopeLocal, ScopeWorktree, ScopeCommand}
	var got []Scope
	for _, e := range cfg.Entries() {
		if e.Key == "level.name" {
			got = append(got, e.Scope)
		}
	}
	if len(got) < len(want) {
		t.Fatalf("scopes %v, want %v then command line", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("scopes %v, want %v", got, want)
		}
	}
}

func TestEnvironmentSelectsFiles(t *testing.T) {
	cases := map[string]func(w *world){
		"GIT_CONFIG_GLOBAL hides XDG": func(w *world) { w.setenv("GIT_CONFIG_GLOBAL", w.path("home/.gitconfig")) },
		"GIT_CONFIG_GLOBAL elsewhere": func(w *world) { w.setenv("GIT_CONFIG_GLOBAL", w.path("system")) },
		"GIT_CONFIG_GLOBAL empty":     func(w *world) { w.setenv("GIT_CONFIG_GLOBAL", "") },
		"GIT_CONFIG_GLOBAL /dev/null": func(w *world) { w.setenv("GIT_CONFIG_GLOBAL", "/dev/null") },
		"XDG_CONFIG_HOME set":         func(w *world) { w.setenv("XDG_CONFIG_HOME", w.path("xdg-elsewhere")) },
		"XDG_CONFIG_HOME empty":       func(w *world) { w.setenv("XDG_CONFIG_HOME", "") },
		"XDG_CONFIG_HOME unset":       func(w *world) { w.unsetenv("XDG_CONFIG_HOME") },
		"HOME unset":                  func(w *world) { w.unsetenv("HOME"); w.unsetenv("XDG_CONFIG_HOME") },
		"only XDG file": func(w *world) {
			if err := os.Remove(w.path("home/.gitconfig")); err != nil {
				t.Fatal(err)
			}
		},
		"NOSYSTEM=1":          func(w *world) { w.setenv("GIT_CONFIG_NOSYSTEM", "1") },
		"NOSYSTEM=0":          func(w *world) { w.setenv("GIT_CONFIG_NOSYSTEM", "0") },
		"NOSYSTEM empty":      func(w *world) { w.setenv("GIT_CONFIG_NOSYSTEM", "") },
		"NOSYSTEM=yes":        func(w *world) { w.setenv("GIT_CONFIG_NOSYSTEM", "yes") },
		"NOSYSTEM invalid":    func(w *world) { w.setenv("GIT_CONFIG_NOSYSTEM", "maybe") },
		"SYSTEM empty":        func(w *world) { w.setenv("GIT_CONFIG_SYSTEM", "") },
		"SYSTEM uncleaned":    func(w *world) { w.setenv("GIT_CONFIG_SYSTEM", w.path("home")+"/../system") },
		"no worktree config":  func(w *world) { w.write("repo/.git/config", "[level]\n\tname = local\n") },
		"worktreeConfig no =": func(w *world) { w.write("repo/.git/config", "[extensions]\n\tworktreeConfig\n") },
		"worktreeConfig false last": func(w *world) {
			w.write("repo/.git/config", "[extensions]\n\tworktreeConfig = true\n\tworktreeConfig = false\n")
		},
		"worktreeConfig invalid": func(w *world) {
			w.write("repo/.git/config", "[extensions]\n\tworktreeConfig = maybe\n")
		},
		"worktreeConfig only included": func(w *world) {
			w.write("repo/.git/config", "[include]\n\tpath = ../../wt.inc\n")
			w.write("wt.inc", "[extensions]\n\tworktreeConfig = true\n")
		},
		"no repository": func(w *world) { w.gitDir, w.common = "", "" },
		"count empty":   func(w *world) { w.setenv("GIT_CONFIG_COUNT", "") },
		"count zero":    func(w *world) { w.setenv("GIT_CONFIG_COUNT", "0") },
		"count bogus":   func(w *world) { w.setenv("GIT_CONFIG_COUNT", "2x") },
		"count huge":    func(w *world) { w.setenv("GIT_CONFIG_COUNT", "-1") },
		"count missing key": func(w *world) {
			w.setenv("GIT_CONFIG_COUNT", "3")
		},
		"count missing value": func(w *world) {
			w.setenv("GIT_CONFIG_COUNT", "3")
			w.setenv("GIT_CONFIG_KEY_2", "a.b")
		},
		"count empty key":       func(w *world) { w.setenv("GIT_CONFIG_KEY_0", "") },
		"count no section":      func(w *world) { w.setenv("GIT_CONFIG_KEY_0", "nosection") },
		"count no name":         func(w *world) { w.setenv("GIT_CONFIG_KEY_0", "a.b.") },
		"count invalid key":     func(w *world) { w.setenv("GIT_CONFIG_KEY_0", "a.1b") },
		"count newline in sub":  func(w *world) { w.setenv("GIT_CONFIG_KEY_0", "a.x\ny.b") },
		"count odd subsection":  func(w *world) { w.setenv("GIT_CONFIG_KEY_0", "A.Sub Sect.ion.Key") },
		"params old style":      func(w *world) { w.setenv("GIT_CONFIG_PARAMETERS", "'a.b=c=d'  ' a.c '\t'a.d='") },
		"params bogus":          func(w *world) { w.setenv("GIT_CONFIG_PARAMETERS", "a.b=c") },
		"params unterminated":   func(w *world) { w.setenv("GIT_CONFIG_PARAMETERS", "'a.b") },
		"params junk after":     func(w *world) { w.setenv("GIT_CONFIG_PARAMETERS", "'a.b'='c'x") },
		"params unquoted value": func(w *world) { w.setenv("GIT_CONFIG_PARAMETERS", "'a.b'=c") },
		"params bang":           func(w *world) { w.setenv("GIT_CONFIG_PARAMETERS", "'a.b'='x'\\!'y'") },
		"params empty key":      func(w *world) { w.setenv("GIT_CONFIG_PARAMETERS", "'=v'") },
		"params empty":          func(w *world) { w.setenv("GIT_CONFIG_PARAMETERS", "") },
		"system is a directory": func(w *world) { w.setenv("GIT_CONFIG_SYSTEM", w.path("home")) },
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			allLevels(w)
			setup(w)
			w.check()
		})
	}
}

// TestLinkedWorktree reads from a linked worktree: the common config plus
// that worktree's config.worktree, and includeIf conditions see the
// worktree's own git dir and branch.
func TestLinkedWorktree(t *testing.T) {
	w := newWorld(t)
	w.repo.Commit("init")
	w.repo.Git("worktree", "add", "-q", "-b", "feature/wt", filepath.Join(w.base, "wt"))
	allLevels(w)
	w.write("repo/.git/config", "[extensions]\n\tworktreeConfig = true\n[level]\n\tname = local\n"+
		"[includeIf \"gitdir:**/worktrees/wt\"]\n\tpath = "+w.path("wt.inc")+"\n"+
		"[includeIf \"onbranch:feature/\"]\n\tpath = "+w.path("branch.inc")+"\n"+
		"[includeIf \"gitdir:"+w.path("repo")+"/\"]\n\tpath = "+w.path("main.inc")+"\n")
	w.write("repo/.git/worktrees/wt/config.worktree", "[level]\n\tname = linked worktree\n")
	w.write("wt.inc", "[inc]\n\twt = yes\n")
	w.write("branch.inc", "[inc]\n\tbranch = yes\n")
	w.write("main.inc", "[inc]\n\tunder-repo = yes\n")

	main := w.check()
	if _, ok := main.Get("inc.wt"); ok {
		t.Fatal("the main worktree matched the linked worktree's gitdir")
	}

	w.gitDir = w.path("repo/.git/worktrees/wt")
	w.branch = "feature/wt"
	w.cwd = w.path("wt")
	cfg := w.check()
	for _, k := range []string{"inc.wt", "inc.branch", "inc.under-repo"} {
		if _, ok := cfg.Get(k); !ok {
			t.Fatalf("%s not included in the linked worktree", k)
		}
	}
	if v, _ := cfg.Get("level.name"); v != "params" {
		t.Fatalf("level.name = %q", v)
	}
}
