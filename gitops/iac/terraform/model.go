package terraform

import (
	"sort"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// parsedFile is one file of one side, read into blocks.
type parsedFile struct {
	path   string
	kind   fileKind
	src    []byte
	blocks []*block
	// failed is set when the file could not be read as HCL; blocks is
	// then empty and the file is compared token by token.
	failed *parseError
	toks   hclsyntax.Tokens // native syntax, for the token fallback; lexed on first use
}

// parseError is the first problem that stopped a file from parsing.
type parseError struct {
	line int
	msg  string
}

// block is one addressable object of a configuration: a resource, a data
// source, a module call, a variable, one local value, an output, a
// provider configuration, a moved/removed/import block, the terraform
// block, one tfvars assignment or one Terragrunt block or input.
type block struct {
	addr string // "aws_s3_bucket.logs", "data.aws_ami.ubuntu", "var.region"
	typ  string // iac.Change.Type
	kind string // "resource", "data", "module", "variable", "local", ...
	file *parsedFile
	line int

	// Exactly one of these holds the content, by syntax.
	nbody *hclsyntax.Body      // native block body
	nexpr hclsyntax.Expression // native single value (local, tfvars, input)
	jbody map[string]any       // JSON block body, strings not yet evaluated
	jval  any                  // JSON single value
	// jlines holds the lines of a JSON body's properties.
	jlines map[string]int
	jline  int

	// raw is the block's source (native syntax): blocks whose source is
	// the same on both sides are equal without building their trees.
	raw []byte

	tree *node    // built on first use
	refs []string // built on first use; nil until then
	done bool     // refs computed
}

// value reports whether the block holds one value rather than a body.
func (b *block) value() bool { return b.nexpr != nil || (b.jbody == nil && b.nbody == nil) }

// nodeKind is the shape of a node of a block's comparison tree.
type nodeKind int

const (
	leafNode   nodeKind = iota // a value shown as its source text
	objectNode                 // keyed children: a body or an object
	listNode                   // ordered children: repeated blocks or a tuple of objects
)

// node is one value of a block's comparison tree. Trees come from native
// syntax and from JSON alike, so the diff is written once.
type node struct {
	kind nodeKind
	// text is how the value reads: the source with whitespace collapsed.
	text string
	src  []byte // the source the text is made from, on first use
	// canon is equal for equal values whatever their layout or order of
	// attributes.
	canon  string
	line   int
	fields []field // objectNode
	elems  []*node // listNode
	// blocks marks a list of nested blocks, whose single element is
	// written without an index ("versioning.enabled").
	blocks bool
}

// field is one keyed child of an object node.
type field struct {
	key string
	n   *node
}

// get returns the child under key.
func (n *node) get(key string) *node {
	for _, f := range n.fields {
		if f.key == key {
			return f.n
		}
	}
	return nil
}

// finish computes an object's or list's canonical text from its children.
func (n *node) finish() *node {
	switch n.kind {
	case objectNode:
		parts := make([]string, len(n.fields))
		for i, f := range n.fields {
			parts[i] = f.key + "=" + f.n.canon
		}
		sort.Strings(parts)
		n.canon = "{" + joinCanon(parts) + "}"
	case listNode:
		// Elements are compared as a multiset: reordering identical
		// nested blocks (a set in the provider's schema) is no change.
		parts := make([]string, len(n.elems))
		for i, e := range n.elems {
			parts[i] = e.canon
		}
		sort.Strings(parts)
		n.canon = "[" + joinCanon(parts) + "]"
	}
	return n
}

func joinCanon(parts []string) string {
	size := 0
	for _, p := range parts {
		size += len(p) + 1
	}
	buf := make([]byte, 0, size)
	for i, p := range parts {
		if i > 0 {
			buf = append(buf, '\x1f')
		}
		buf = append(buf, p...)
	}
	return string(buf)
}
