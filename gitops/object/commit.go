// Package object parses commit, tag and tree objects into plain values.
// Parsers are strict about structure (a corrupt object is an error, never a
// wrong value) and lenient about what git itself tolerates.
package object

import (
	"bytes"
	"fmt"
	"strconv"

	"reef/gitops/oid"
)

// Signature is an author, committer or tagger line.
type Signature struct {
	Name  string
	Email string
	When  int64  // seconds since the epoch
	TZ    string // the zone exactly as written, e.g. "+0200"
}

// Offset is the zone in minutes east of UTC (0 when TZ is malformed).
func (s Signature) Offset() int {
	if len(s.TZ) != 5 || (s.TZ[0] != '+' && s.TZ[0] != '-') {
		return 0
	}
	h, err1 := strconv.Atoi(s.TZ[1:3])
	m, err2 := strconv.Atoi(s.TZ[3:5])
	if err1 != nil || err2 != nil {
		return 0
	}
	off := h*60 + m
	if s.TZ[0] == '-' {
		off = -off
	}
	return off
}

// Commit is a parsed commit object.
type Commit struct {
	Tree      oid.ID
	Parents   []oid.ID
	Author    Signature
	Committer Signature
	Encoding  string // the "encoding" header; empty means UTF-8
	Signed    bool   // carries a gpgsig header
	Message   string // everything after the blank line, verbatim
}

// Subject is the first paragraph of the message joined into one line, as
// git's %s shows it.
func (c *Commit) Subject() string { return Subject(c.Message) }

// Subject returns the first paragraph of msg with its lines joined by
// spaces, skipping leading blank lines, like git's %s.
func Subject(msg string) string {
	b := []byte(msg)
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		line := b
		if nl >= 0 {
			line = b[:nl]
		}
		if len(bytes.TrimSpace(line)) != 0 {
			break
		}
		if nl < 0 {
			return ""
		}
		b = b[nl+1:]
	}
	var out []byte
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		line := b
		if nl >= 0 {
			line = b[:nl]
		}
		if len(bytes.TrimSpace(line)) == 0 {
			break
		}
		if out != nil {
			out = append(out, ' ')
		}
		out = append(out, bytes.TrimRight(line, " \t\r")...)
		if nl < 0 {
			break
		}
		b = b[nl+1:]
	}
	return string(out)
}

// ParseCommit parses a commit object's content.
func ParseCommit(data []byte) (*Commit, error) {
	c := &Commit{}
	rest := data
	seenTree := false
	for {
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			// No message separator: git accepts a commit without a body.
			if len(rest) > 0 {
				if err := c.header(rest, &seenTree); err != nil {
					return nil, err
				}
			}
			break
		}
		line := rest[:nl]
		rest = rest[nl+1:]
		if len(line) == 0 {
			c.Message = string(rest)
			break
		}
		if line[0] == ' ' { // continuation of a multi-line header (gpgsig, mergetag)
			continue
		}
		if err := c.header(line, &seenTree); err != nil {
			return nil, err
		}
	}
	if !seenTree {
		return nil, fmt.Errorf("commit has no tree line")
	}
	return c, nil
}

func (c *Commit) header(line []byte, seenTree *bool) error {
	key, val, _ := bytes.Cut(line, []byte{' '})
	switch string(key) {
	case "tree":
		id, ok := oid.FromHexBytes(val)
		if !ok || *seenTree {
			return fmt.Errorf("commit has a bad tree line")
		}
		c.Tree, *seenTree = id, true
	case "parent":
		id, ok := oid.FromHexBytes(val)
		if !ok {
			return fmt.Errorf("commit has a bad parent line")
		}
		c.Parents = append(c.Parents, id)
	case "author":
		c.Author = ParseSignature(val)
	case "committer":
		c.Committer = ParseSignature(val)
	case "encoding":
		c.Encoding = string(val)
	case "gpgsig", "gpgsig-sha256":
		c.Signed = true
	}
	return nil
}

// ParseSignature parses "Name <email> 1700000000 +0000" the way git does:
// the time is whatever follows the last '>'; damaged lines keep what can
// be read.
func ParseSignature(b []byte) Signature {
	var s Signature
	lt := bytes.IndexByte(b, '<')
	gt := bytes.LastIndexByte(b, '>')
	if lt < 0 || gt < lt {
		s.Name = string(bytes.TrimSpace(b))
		return s
	}
	s.Name = string(bytes.TrimSpace(b[:lt]))
	s.Email = string(b[lt+1 : gt])
	rest := bytes.TrimSpace(b[gt+1:])
	when, tz, _ := bytes.Cut(rest, []byte{' '})
	s.When, _ = strconv.ParseInt(string(when), 10, 64)
	s.TZ = string(bytes.TrimSpace(tz))
	return s
}

// CommitHeader is the part of a commit a history walk needs.
type CommitHeader struct {
	Tree    oid.ID
	Parents []oid.ID
	Time    int64 // committer time
}

// ParseCommitHeader reads tree, parents and committer time without
// building strings; parents are appended to buf's storage when possible.
func ParseCommitHeader(data []byte, buf []oid.ID) (CommitHeader, error) {
	h := CommitHeader{Parents: buf[:0]}
	rest := data
	seenTree := false
	for len(rest) > 0 {
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			nl = len(rest)
		}
		line := rest[:nl]
		if nl < len(rest) {
			rest = rest[nl+1:]
		} else {
			rest = nil
		}
		if len(line) == 0 {
			break
		}
		switch {
		case bytes.HasPrefix(line, []byte("tree ")):
			id, ok := oid.FromHexBytes(line[5:])
			if !ok {
				return h, fmt.Errorf("commit has a bad tree line")
			}
			h.Tree, seenTree = id, true
		case bytes.HasPrefix(line, []byte("parent ")):
			id, ok := oid.FromHexBytes(line[7:])
			if !ok {
				return h, fmt.Errorf("commit has a bad parent line")
			}
			h.Parents = append(h.Parents, id)
		case bytes.HasPrefix(line, []byte("committer ")):
			gt := bytes.LastIndexByte(line, '>')
			if gt >= 0 {
				f := bytes.TrimSpace(line[gt+1:])
				if sp := bytes.IndexByte(f, ' '); sp >= 0 {
					f = f[:sp]
				}
				h.Time, _ = strconv.ParseInt(string(f), 10, 64)
			}
			if !seenTree {
				return h, fmt.Errorf("commit has no tree line")
			}
			return h, nil
		}
	}
	if !seenTree {
		return h, fmt.Errorf("commit has no tree line")
	}
	return h, nil
}

// Body returns the message after its subject paragraph, with leading blank
// lines removed (git's %b).
func Body(msg string) string {
	b := []byte(msg)
	// skip leading blank lines, then the subject paragraph
	inSubject := false
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		line := b
		next := []byte(nil)
		if nl >= 0 {
			line, next = b[:nl], b[nl+1:]
		}
		blank := len(bytes.TrimSpace(line)) == 0
		switch {
		case !inSubject && !blank:
			inSubject = true
		case inSubject && blank:
			for len(next) > 0 {
				nl := bytes.IndexByte(next, '\n')
				if nl < 0 || len(bytes.TrimSpace(next[:nl])) != 0 {
					break
				}
				next = next[nl+1:]
			}
			return string(next)
		}
		b = next
	}
	return ""
}
