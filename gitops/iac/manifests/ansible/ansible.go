// Package ansible reads Ansible playbooks and role task and handler files:
// plays, and tasks by name (blocks flattened into their tasks), each with
// its module and arguments. It holds ansible-risky-shell.
package ansible

import (
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/shell"
	"reef/gitops/iac/manifests/internal/ytree"
)

// Family is the Ansible view of a file.
type Family struct{}

// taskLists are the keys of a play that hold tasks, with how their
// entries are addressed.
var taskLists = [...]struct{ key, kind string }{
	{"pre_tasks", "task"},
	{"tasks", "task"},
	{"post_tasks", "task"},
	{"handlers", "handler"},
}

// Resources reads a playbook (a list of plays) or a tasks file (a list of
// tasks): plays are "play NAME", tasks "task NAME", handlers "handler
// NAME", blocks "block NAME" with their tasks listed on their own.
func Resources(f *ytree.File) (resource.Side, []string) {
	d := f.First()
	if d == nil || d.Root == nil || d.Root.Kind == ytree.Null {
		return resource.Side{}, nil
	}
	if d.Root.Kind != ytree.Seq {
		return resource.Side{}, []string{"the file is not a list of plays or tasks; it is shown as text only"}
	}
	c := collector{}
	if isPlaybook(d.Root) {
		for _, play := range d.Root.Items {
			c.play(play)
		}
	} else {
		c.tasks(d.Root, "task")
	}
	for i, a := range ytree.Unique(c.addrs) {
		c.res[i].Address = a
	}
	return resource.Side{Resources: c.res}, nil
}

// isPlaybook tells a playbook from a tasks file: plays have hosts or
// import a playbook.
func isPlaybook(root *ytree.Value) bool {
	for _, it := range root.Items {
		if it.Has("hosts") || it.Has("import_playbook") || it.Has("ansible.builtin.import_playbook") {
			return true
		}
	}
	return false
}

type collector struct {
	addrs []string
	res   []resource.Resource
}

func (c *collector) add(addr, typ string, v, body *ytree.Value) {
	c.addrs = append(c.addrs, addr)
	c.res = append(c.res, resource.Resource{Type: typ, Line: lineOf(v), Body: body, Doc: v})
}

func (c *collector) play(p *ytree.Value) {
	if p.Kind != ytree.Map {
		return
	}
	if imp := firstOf(p, "import_playbook", "ansible.builtin.import_playbook"); imp != nil {
		c.add("import "+imp.String(), "import_playbook", p, p)
		return
	}
	name := p.Get("name").String()
	if name == "" {
		name = p.Get("hosts").String()
	}
	c.add("play "+name, "play", p, p.Without("pre_tasks", "tasks", "post_tasks", "handlers"))
	for _, l := range taskLists {
		c.tasks(p.Get(l.key), l.kind)
	}
}

func (c *collector) tasks(list *ytree.Value, kind string) {
	for _, t := range list.List() {
		if t.Kind != ytree.Map {
			continue
		}
		if t.Has("block") {
			c.add("block "+taskName(t), "block", t, t.Without("block", "rescue", "always"))
			for _, k := range []string{"block", "rescue", "always"} {
				c.tasks(t.Get(k), kind)
			}
			continue
		}
		c.add(kind+" "+taskName(t), Module(t), t, taskBody(t))
	}
}

// taskBody is what a task's summary compares: "module" and its "args"
// (the module's map, or its free-form command as args.cmd, joined with
// the task's args: keyword), then the task's other keywords. Without it a
// changed module would read ["ansible.builtin.apt"].name.
func taskBody(t *ytree.Value) *ytree.Value {
	mod := Module(t)
	if mod == "" || !t.Has(mod) {
		return t
	}
	mv := t.Get(mod)
	var args []ytree.Pair
	switch mv.Kind {
	case ytree.Map:
		args = append(args, mv.Pairs...)
	case ytree.Scalar, ytree.Seq:
		args = append(args, ytree.Pair{Key: "cmd", Line: mv.Line, Value: mv})
	}
	for _, p := range t.Get("args").Entries() {
		if !hasKey(args, p.Key) {
			args = append(args, p)
		}
	}
	line := lineOf(t)
	pairs := []ytree.Pair{{Key: "module", Line: line, Value: &ytree.Value{Kind: ytree.Scalar, Text: mod, Line: line}}}
	if len(args) > 0 {
		pairs = append(pairs, ytree.Pair{Key: "args", Line: mv.Line, Value: ytree.NewMap(mv.Line, args)})
	}
	for _, p := range t.Pairs {
		if p.Key != mod && p.Key != "args" {
			pairs = append(pairs, p)
		}
	}
	return ytree.NewMap(t.Line, pairs)
}

func hasKey(pairs []ytree.Pair, key string) bool {
	for _, p := range pairs {
		if p.Key == key {
			return true
		}
	}
	return false
}

// taskName is a task's name, or its module for an unnamed one.
func taskName(t *ytree.Value) string {
	if n := t.Get("name").String(); n != "" {
		return n
	}
	if m := Module(t); m != "" {
		return "(" + m + ")"
	}
	return "(unnamed)"
}

func firstOf(v *ytree.Value, keys ...string) *ytree.Value {
	for _, k := range keys {
		if x := v.Get(k); x != nil {
			return x
		}
	}
	return nil
}

func lineOf(v *ytree.Value) int {
	if len(v.Pairs) > 0 {
		return v.Pairs[0].Line
	}
	return v.Line
}

// keywords are task keys that are not the module.
var keywords = map[string]bool{
	"name": true, "when": true, "become": true, "become_user": true, "become_method": true, "become_flags": true,
	"register": true, "tags": true, "notify": true, "loop": true, "loop_control": true, "vars": true,
	"environment": true, "ignore_errors": true, "ignore_unreachable": true, "changed_when": true, "failed_when": true,
	"delegate_to": true, "delegate_facts": true, "run_once": true, "args": true, "no_log": true, "retries": true,
	"until": true, "delay": true, "listen": true, "check_mode": true, "diff": true, "async": true, "poll": true,
	"throttle": true, "timeout": true, "any_errors_fatal": true, "collections": true, "module_defaults": true,
	"connection": true, "debugger": true, "port": true, "remote_user": true, "block": true, "rescue": true, "always": true,
}

// Module is the module a task calls ("ansible.builtin.apt"), from the
// first key that is not a task keyword; action: and local_action: name
// it in their value.
func Module(t *ytree.Value) string {
	for _, p := range t.Pairs {
		if keywords[p.Key] || strings.HasPrefix(p.Key, "with_") {
			continue
		}
		if p.Key == "action" || p.Key == "local_action" {
			if p.Value.Kind == ytree.Map {
				return p.Value.Get("module").String()
			}
			m, _, _ := strings.Cut(strings.TrimSpace(p.Value.String()), " ")
			return m
		}
		return p.Key
	}
	return ""
}

// shortModule drops the collection: ansible.builtin.shell → shell.
func shortModule(m string) string {
	if i := strings.LastIndexByte(m, '.'); i >= 0 {
		return m[i+1:]
	}
	return m
}

// Diff matches list items by name (users, packages given as maps).
func (Family) Diff() ytree.Options {
	return ytree.Options{ItemKey: func(_, _ string, it *ytree.Value) string {
		return it.Get("name").String()
	}}
}

// Mask hides nothing: no_log values are not known statically.
func (Family) Mask(*resource.Resource, *iac.Attribute) {}

// Facts adds nothing: a task that switches module shows it as its module
// attribute.
func (Family) Facts(_, _ *resource.Resource) []string { return nil }

// Change finds nothing beyond the state rule.
func (Family) Change(_, _ *resource.Resource) []resource.Risk { return nil }

// State reports downloads piped into a shell and certificate checks
// turned off.
func (Family) State(r *resource.Resource) []resource.Risk {
	t := r.Doc
	if r.Type == "play" || r.Type == "block" || t.Kind != ytree.Map {
		return nil
	}
	var out []resource.Risk
	mod := Module(t)
	args := t.Get(mod)
	switch shortModule(mod) {
	case "shell", "command", "raw", "win_shell":
		cmd := args
		if args.Is(ytree.Map) {
			cmd = firstOf(args, "cmd", "_raw_params")
		}
		if cmd == nil {
			cmd = t.At("args", "cmd")
		}
		text := cmd.String()
		if cmd != nil && cmd.Kind == ytree.Seq {
			var parts []string
			for _, it := range cmd.Items {
				parts = append(parts, it.String())
			}
			text = strings.Join(parts, " ")
		}
		if m := shell.PipeToShell(text); m != "" {
			out = append(out, resource.Risk{Rule: "ansible-risky-shell", Severity: iac.High, Key: "pipe", Line: cmd.LineOf(m),
				Message: "The task pipes a download straight into a shell as root on every host; download it, verify a checksum, then run it."})
		}
	}
	for _, v := range []*ytree.Value{args.Get("validate_certs"), t.At("args", "validate_certs")} {
		if off(v) {
			out = append(out, resource.Risk{Rule: "ansible-risky-shell", Severity: iac.Medium, Key: "validate_certs", Line: v.Line,
				Message: "The task turns off TLS certificate checks (validate_certs: " + v.String() + "), so anyone on the path can swap what it downloads."})
			break
		}
	}
	return out
}

// off reads the ways Ansible accepts false, quoted or not.
func off(v *ytree.Value) bool {
	if v == nil || v.Kind != ytree.Scalar {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(v.Text)) {
	case "false", "no", "off", "n", "0":
		return true
	}
	return false
}

// Rules documents ansible-risky-shell.
func Rules() []iac.RuleDoc {
	return []iac.RuleDoc{{
		ID: "ansible-risky-shell", Severity: iac.High, Applies: "Ansible playbooks and role tasks and handlers",
		Matches: "A shell, command, raw or win_shell task whose command pipes a curl or wget download into a shell or " +
			"interpreter (curl ... | sh, | sudo bash, | python3, bash <(curl ...)) (high); any task with validate_certs " +
			"false, no or 0 in its module arguments or args: (medium). Downloading to a file and piping to other tools " +
			"(tar, sha256sum) is fine.",
		Why: "A piped download runs whatever the server returns, as root, on every host of the play; without certificate " +
			"checks anyone on the network path can replace the download.",
		Silence: "Use get_url with a checksum: and run the file, or a package module; fix the certificate chain instead of " +
			"turning checks off; for lab inventories, disable the rule for the path in .reef/review.yaml.",
	}}
}
