package ytree

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits on what a tree may cost. yaml.v3 refuses nesting beyond 10,000
// levels and, when decoding into Go values, excessive aliasing; but a
// Node tree keeps aliases as pointers, so expanding them is our job.
const (
	// MaxDepth is the deepest nesting read; real manifests stay under 30
	// levels, so anything deeper is an attack or a generator gone wrong.
	MaxDepth = 256
	// aliasAllowance is how many values alias expansion may add beyond
	// the document's own: anchors reused in CI files and Compose
	// templates expand to hundreds, billion laughs to billions.
	aliasAllowance = 100_000
)

// Doc is one document of a file.
type Doc struct {
	Index int    // 1-based position in the file
	Line  int    // the document's first line
	Root  *Value // nil for an empty document (only comments)
	Err   error  // why it could not be read, as a clause ("is not valid YAML (line 3: ...)"); Root is nil
}

// File is one side of a file, split into documents.
type File struct {
	Docs []Doc
}

// Broken counts the documents that could not be read.
func (f *File) Broken() int {
	n := 0
	for _, d := range f.Docs {
		if d.Err != nil {
			n++
		}
	}
	return n
}

// First returns the first non-empty document, or nil.
func (f *File) First() *Doc {
	for i := range f.Docs {
		if f.Docs[i].Root != nil || f.Docs[i].Err != nil {
			return &f.Docs[i]
		}
	}
	return nil
}

// ErrBinary is returned for content that is not text.
var ErrBinary = errors.New("the file is binary")

// Parse splits src into documents and reads each on its own, so one bad
// document does not hide the others. The error is for the whole file
// (binary content); per-document problems are in Doc.Err.
func Parse(src []byte) (*File, error) {
	if looksBinary(src) {
		return nil, ErrBinary
	}
	f := &File{}
	for i, c := range split(src) {
		d := Doc{Index: i + 1, Line: c.line}
		d.Root, d.Err = parseDoc(c.text, c.line-1)
		f.Docs = append(f.Docs, d)
	}
	return f, nil
}

func looksBinary(src []byte) bool {
	head := src
	if len(head) > 8000 {
		head = head[:8000]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	// A UTF-16 file with a byte order mark is text yaml.v3 can read.
	if bytes.HasPrefix(src, []byte{0xFE, 0xFF}) || bytes.HasPrefix(src, []byte{0xFF, 0xFE}) {
		return false
	}
	return !utf8.Valid(head[:lastRuneStart(head)])
}

// lastRuneStart trims a rune cut in half by the 8000-byte window.
func lastRuneStart(b []byte) int {
	for i := len(b); i > 0 && i > len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i-1]) {
			if utf8.FullRune(b[i-1:]) {
				return len(b)
			}
			return i - 1
		}
	}
	return len(b)
}

type chunk struct {
	line int // first line
	text []byte
}

// split cuts src at document markers: a line starting with "---" followed
// by a space, a tab or the end of the line starts a document, a line
// "..." ends one. Directives (%YAML) before a marker belong to the
// document that follows. A marker inside a block scalar would have to be
// indented, so cutting on column-0 markers is safe.
func split(src []byte) []chunk {
	var out []chunk
	start, startLine := 0, 1
	line := 1
	sawContent := false
	for pos := 0; pos < len(src); {
		end := bytes.IndexByte(src[pos:], '\n')
		next := len(src)
		if end >= 0 {
			next = pos + end + 1
		}
		l := bytes.TrimRight(src[pos:next], "\r\n")
		switch {
		case isMarker(l, "---"):
			if sawContent {
				out = append(out, chunk{line: startLine, text: src[start:pos]})
				start, startLine = pos, line
			}
			sawContent = true
		case isMarker(l, "..."):
			out = append(out, chunk{line: startLine, text: src[start:pos]})
			start, startLine = next, line+1
			sawContent = false
		default:
			t := bytes.TrimSpace(l)
			if len(t) > 0 && t[0] != '#' && t[0] != '%' {
				sawContent = true
			}
		}
		pos = next
		line++
	}
	if start < len(src) && (sawContent || len(out) == 0) {
		out = append(out, chunk{line: startLine, text: src[start:]})
	}
	return out
}

func isMarker(l []byte, m string) bool {
	if !bytes.HasPrefix(l, []byte(m)) {
		return false
	}
	return len(l) == 3 || l[3] == ' ' || l[3] == '\t'
}

var errLine = regexp.MustCompile(`line (\d+)`)

// parseDoc reads one document; lineOffset turns its lines into the file's.
func parseDoc(text []byte, lineOffset int) (root *Value, err error) {
	// yaml.v3 reports problems by panicking internally and recovering;
	// anything that escapes is a bug in it, and one bad file must not
	// take reef down.
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("made the YAML reader fail (%v)", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var n yaml.Node
	if err := dec.Decode(&n); err != nil {
		if err == io.EOF {
			return nil, nil
		}
		return nil, fmt.Errorf("is not valid YAML (%v)", shiftLines(err, lineOffset))
	}
	// A second document in one chunk means a marker the splitter did not
	// see (e.g. "--- !tag" after a flow value); read only the first and
	// say so rather than silently dropping the rest.
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("is not valid YAML (line %d: a second document starts without a --- line of its own)", extra.Line+lineOffset)
	}
	c := converter{lineOffset: lineOffset}
	c.budget = countNodes(&n, 0) + aliasAllowance
	if n.Kind == 0 {
		return nil, nil
	}
	root, err = c.convert(&n, 0)
	if root != nil && root.Kind == Null {
		// "---" alone, or "~": nothing to read.
		return nil, err
	}
	return root, err
}

func shiftLines(err error, offset int) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = errLine.ReplaceAllStringFunc(msg, func(m string) string {
		n, _ := strconv.Atoi(m[len("line "):])
		return "line " + strconv.Itoa(n+offset)
	})
	return errors.New(msg)
}

// countNodes counts a document's own nodes (aliases count one each) to
// size the alias budget; it stops counting at the depth limit.
func countNodes(n *yaml.Node, depth int) int {
	if n == nil || depth > MaxDepth {
		return 0
	}
	c := 1
	for _, ch := range n.Content {
		c += countNodes(ch, depth+1)
	}
	return c
}
