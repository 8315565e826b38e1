package gitops

import (
	"bytes"
	"strings"

	"reef/gitops/oid"
)

// commitObject is a commit about to be written.
type commitObject struct {
	tree              oid.ID
	parents           []oid.ID
	author, committer string // identity lines without the header name
	encoding          string // i18n.commitEncoding when it is not UTF-8
	extra             []byte // further header lines, each ending in "\n" (amend keeps them)
	message           string
}

// encode lays the commit out as git's commit_tree_extended does: tree,
// parents, author, committer, encoding, extra headers, a blank line and
// the message. A message that is not valid UTF-8 under a UTF-8 encoding
// has its bad bytes read as Latin-1, as git does (git warns; the commit
// is still made).
func (c *commitObject) encode() []byte {
	var b bytes.Buffer
	b.Grow(256 + len(c.message) + len(c.extra))
	b.WriteString("tree " + c.tree.String() + "\n")
	for _, p := range c.parents {
		b.WriteString("parent " + p.String() + "\n")
	}
	b.WriteString("author " + c.author + "\n")
	b.WriteString("committer " + c.committer + "\n")
	if c.encoding != "" {
		b.WriteString("encoding " + c.encoding + "\n")
	}
	b.Write(c.extra)
	b.WriteByte('\n')
	b.WriteString(c.message)
	if c.encoding == "" {
		return fixUTF8(b.Bytes())
	}
	return b.Bytes()
}

// isUTF8Name reports whether an encoding name means UTF-8 to git ("" is
// git's default, which is UTF-8).
func isUTF8Name(name string) bool {
	return name == "" || strings.EqualFold(name, "utf-8") || strings.EqualFold(name, "utf8")
}

// invalidUTF8 is git's find_invalid_utf8: the offset of the first byte
// that does not start a valid sequence (overlong forms, surrogates and
// non-characters are invalid), or -1.
func invalidUTF8(b []byte) int {
	maxCode := [4]uint32{0x7f, 0x7ff, 0xffff, 0x10ffff}
	for i := 0; i < len(b); {
		c := b[i]
		bad := i
		i++
		if c < 0x80 {
			continue
		}
		n := 0
		for c&0x40 != 0 {
			c <<= 1
			n++
		}
		if n < 1 || n > 3 || len(b)-i < n {
			return bad
		}
		code := uint32(c&0x7f) >> n
		lo, hi := maxCode[n-1]+1, maxCode[n]
		for k := 0; k < n; k++ {
			code = code<<6 | uint32(b[i]&0x3f)
			if b[i]&0xc0 != 0x80 {
				return bad
			}
			i++
		}
		if code < lo || code > hi || code&0x1ff800 == 0xd800 || code&0xfffe == 0xfffe || (code >= 0xfdd0 && code <= 0xfdef) {
			return bad
		}
	}
	return -1
}

// fixUTF8 is git's verify_utf8: every byte that breaks UTF-8 is taken as
// Latin-1 and re-encoded.
func fixUTF8(b []byte) []byte {
	pos := 0
	for {
		bad := invalidUTF8(b[pos:])
		if bad < 0 {
			return b
		}
		pos += bad
		c := b[pos]
		fixed := make([]byte, 0, len(b)+1)
		fixed = append(fixed, b[:pos]...)
		fixed = append(fixed, 0xc0+(c>>6), 0x80+(c&0x3f))
		b = append(fixed, b[pos+1:]...)
		pos += 2
	}
}

// withSignature inserts sig as the "gpgsig" header at the end of the
// header of the commit in buf, each signature line after the first
// indented by a space, exactly as git's add_header_signature does.
func withSignature(buf, sig []byte) []byte {
	ins := len(buf)
	if eoh := bytes.Index(buf, []byte("\n\n")); eoh >= 0 {
		ins = eoh + 1
	}
	var h bytes.Buffer
	for rest := sig; len(rest) > 0; {
		line := rest
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			line, rest = rest[:nl+1], rest[nl+1:]
		} else {
			rest = nil
		}
		if h.Len() == 0 {
			h.WriteString("gpgsig")
		}
		h.WriteByte(' ')
		h.Write(line)
	}
	out := make([]byte, 0, len(buf)+h.Len())
	out = append(out, buf[:ins]...)
	out = append(out, h.Bytes()...)
	return append(out, buf[ins:]...)
}

// extraHeaders returns the header lines of a raw commit that amend
// carries over (git's read_commit_extra_headers minus the signatures):
// everything but tree, parent, author, committer, encoding, gpgsig and
// gpgsig-sha256, continuation lines included.
func extraHeaders(raw []byte) []byte {
	var out []byte
	keep := false
	for len(raw) > 0 {
		nl := bytes.IndexByte(raw, '\n')
		if nl < 0 {
			break // no message separator: no header line is complete
		}
		line := raw[:nl+1]
		raw = raw[nl+1:]
		if nl == 0 {
			break
		}
		if line[0] != ' ' {
			key, _, _ := bytes.Cut(line[:nl], []byte{' '})
			switch string(key) {
			case "tree", "parent", "author", "committer", "encoding", "gpgsig", "gpgsig-sha256":
				keep = false
			default:
				keep = true
			}
		}
		if keep {
			out = append(out, line...)
		}
	}
	return out
}

// messageOf is the message of a raw commit with leading blank lines
// skipped, as git reads it for `commit --amend` / `-c`.
func messageOf(raw []byte) string {
	i := bytes.Index(raw, []byte("\n\n"))
	if i < 0 {
		return ""
	}
	msg := raw[i+2:]
	for len(msg) > 0 {
		nl := bytes.IndexByte(msg, '\n')
		line := msg
		if nl >= 0 {
			line = msg[:nl]
		}
		if len(bytes.TrimLeft(line, " \t\r")) != 0 {
			break
		}
		if nl < 0 {
			return ""
		}
		msg = msg[nl+1:]
	}
	return string(msg)
}
