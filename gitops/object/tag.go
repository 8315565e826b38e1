package object

import (
	"bytes"
	"fmt"

	"reef/gitops/oid"
)

// Tag is a parsed annotated tag object.
type Tag struct {
	Object  oid.ID
	Type    string // type of Object: "commit", "tree", "blob" or "tag"
	Name    string
	Tagger  Signature
	Message string
}

// ParseTag parses a tag object's content.
func ParseTag(data []byte) (*Tag, error) {
	t := &Tag{}
	rest := data
	seen := false
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
			t.Message = string(rest)
			break
		}
		key, val, _ := bytes.Cut(line, []byte{' '})
		switch string(key) {
		case "object":
			id, ok := oid.FromHexBytes(val)
			if !ok {
				return nil, fmt.Errorf("tag has a bad object line")
			}
			t.Object, seen = id, true
		case "type":
			t.Type = string(val)
		case "tag":
			t.Name = string(val)
		case "tagger":
			t.Tagger = ParseSignature(val)
		}
	}
	if !seen {
		return nil, fmt.Errorf("tag has no object line")
	}
	return t, nil
}
