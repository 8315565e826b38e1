package terraform

import (
	"path"
	"sort"
	"strings"
)

// module is one side of a Terraform module: the blocks of every readable
// .tf and .tf.json file of its directory.
type module struct {
	dir    string
	blocks []*block
	byAddr map[string]*block
	// autoVars are the assignments of terraform.tfvars and *.auto.tfvars,
	// which Terraform loads by itself and which so override defaults.
	autoVars []*block
	moves    []move
	// removedFrom maps the address in a removed block to its block.
	removedFrom map[string]*block
	rev         map[string][]*block // who references an address; on first use
	// rest are the module's files not read yet (unchanged, and not
	// needed until a question is about the whole module).
	rest     *lazyFiles
	complete bool
}

// move is one moved block.
type move struct {
	from, to string
	b        *block
}

// newModule gathers the blocks of parsed files (module files and
// auto-loaded tfvars); files that failed to parse are left out. rest are
// more of the module's files, read by all.
func newModule(dir string, files []*parsedFile, rest *lazyFiles) *module {
	m := &module{dir: dir, byAddr: map[string]*block{}, removedFrom: map[string]*block{}, rest: rest}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	for _, f := range files {
		m.add(f)
	}
	return m
}

// all makes sure every file of the module is read, for the questions about
// the whole module.
func (m *module) all() *module {
	if !m.complete {
		m.complete = true
		for _, f := range m.rest.get() {
			m.add(f)
		}
		m.rev = nil
	}
	return m
}

// add takes in one file's blocks.
func (m *module) add(f *parsedFile) {
	if f.failed != nil || isOverride(f.path) {
		return
	}
	if !f.kind.inModule() {
		if autoLoaded(f.path) {
			m.autoVars = append(m.autoVars, f.blocks...)
		}
		return
	}
	for _, b := range f.blocks {
		m.blocks = append(m.blocks, b)
		if _, dup := m.byAddr[b.addr]; !dup {
			m.byAddr[b.addr] = b
		}
		switch b.kind {
		case "moved":
			from, _ := b.staticRef("from")
			to, _ := b.staticRef("to")
			m.moves = append(m.moves, move{from, to, b})
		case "removed":
			if from, ok := b.staticRef("from"); ok {
				m.removedFrom[from] = b
			}
		}
	}
}

// autoLoaded reports whether Terraform loads a variables file by itself.
func autoLoaded(p string) bool {
	name := path.Base(p)
	return name == "terraform.tfvars" || name == "terraform.tfvars.json" ||
		strings.HasSuffix(name, ".auto.tfvars") || strings.HasSuffix(name, ".auto.tfvars.json")
}

// staticRef reads a reference attribute (moved from/to, removed from) as
// compact text.
func (b *block) staticRef(name string) (string, bool) {
	if b.nbody != nil {
		return nativeAttrText(b.file, b.nbody, name)
	}
	s, ok := b.jbody[name].(string)
	return compactRef(s), ok
}

// destroyFlag reads a removed block's lifecycle.destroy (true when unset,
// as in Terraform).
func (b *block) destroyFlag(ev *env) bool {
	v := ev.blockValue(b)
	for _, lc := range objects(v["lifecycle"]) {
		if d, ok := lc["destroy"].(bool); ok {
			return d
		}
	}
	return true
}

// metaArg tells whether a block repeats by count or for_each.
func (b *block) metaArg() string {
	for _, name := range []string{"for_each", "count"} {
		if b.nbody != nil {
			if _, ok := b.nbody.Attributes[name]; ok {
				return name
			}
		}
		if _, ok := b.jbody[name]; ok {
			return name
		}
	}
	return ""
}
