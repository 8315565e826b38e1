package index

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"reef/gitops/oid"
)

// encodeVarint is git's encode_varint (varint.c).
func encodeVarint(v uint64) []byte {
	var buf [16]byte
	pos := len(buf) - 1
	buf[pos] = byte(v & 127)
	for v >>= 7; v != 0; v >>= 7 {
		v--
		pos--
		buf[pos] = 128 | byte(v&127)
	}
	return buf[pos:]
}

func TestUvarint(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 255, 16511, 16512, 1 << 20, 1<<32 + 5, 1 << 56} {
		b := encodeVarint(v)
		got, n := uvarint(append(b, 0xaa))
		if got != v || n != len(b) {
			t.Errorf("uvarint(%x) = %d, %d; want %d, %d", b, got, n, v, len(b))
		}
		if _, n := uvarint(b[:len(b)-1]); n != 0 && len(b) > 1 {
			t.Errorf("uvarint(%x) cut short: n = %d, want 0", b[:len(b)-1], n)
		}
	}
	if _, n := uvarint([]byte(strings.Repeat("\xff", 12) + "\x00")); n != -1 {
		t.Errorf("overflow: n = %d, want -1", n)
	}
}

func treeID(c byte) string { return strings.Repeat(string(c), oid.Size) }

func TestParseCacheTree(t *testing.T) {
	// root (3 entries, 2 subtrees) → "a" (1 entry, subtree "b" invalid), "c".
	valid := "\x003 2\n" + treeID('R') +
		"a\x001 1\n" + treeID('A') +
		"b\x00-1 0\n" +
		"c\x001 0\n" + treeID('C')
	ct := parseCacheTree([]byte(valid))
	if ct == nil {
		t.Fatal("valid cache tree rejected")
	}
	want := []TreeNode{
		{Path: "", EntryCount: 3, Subtrees: 2, ID: oid.ID([]byte(treeID('R')))},
		{Path: "a", EntryCount: 1, Subtrees: 1, ID: oid.ID([]byte(treeID('A')))},
		{Path: "a/b", EntryCount: -1},
		{Path: "c", EntryCount: 1, ID: oid.ID([]byte(treeID('C')))},
	}
	if got := ct.Nodes(); len(got) != len(want) {
		t.Fatalf("nodes %+v", got)
	}
	for i, w := range want {
		if got := ct.Nodes()[i]; got != w {
			t.Errorf("node %d = %+v, want %+v", i, got, w)
		}
		if got, ok := ct.Lookup(w.Path); !ok || got != w {
			t.Errorf("Lookup(%q) = %+v, %v", w.Path, got, ok)
		}
	}
	if ct.Nodes()[2].Valid() || !ct.Nodes()[1].Valid() {
		t.Error("Valid() disagrees with EntryCount")
	}

	for name, bad := range map[string]string{
		"empty":          "",
		"named root":     "x\x001 0\n" + treeID('R'),
		"no count":       "\x00 0\n",
		"no newline":     "\x001 0" + treeID('R'),
		"short id":       "\x001 0\n" + treeID('R')[:19],
		"missing child":  "\x003 1\n" + treeID('R'),
		"duplicate":      "\x003 2\n" + treeID('R') + "a\x00-1 0\na\x00-1 0\n",
		"huge subtrees":  "\x00-1 999999999\n",
		"too many digit": "\x001234567890 0\n" + treeID('R'),
		"plus sign":      "\x00+1 0\n" + treeID('R'),
	} {
		if ct := parseCacheTree([]byte(bad)); ct != nil {
			t.Errorf("%s: accepted %+v", name, ct.Nodes())
		}
	}
}

func TestParseResolveUndo(t *testing.T) {
	body := "f\x00100644\x00100755\x000\x00" + treeID('1') + treeID('2') +
		"g/h\x000\x00120000\x00160000\x00" + treeID('3') + treeID('4')
	got := parseResolveUndo([]byte(body))
	want := []ResolveUndo{
		{Path: "f", Mode: [3]uint32{0o100644, 0o100755, 0},
			ID: [3]oid.ID{oid.ID([]byte(treeID('1'))), oid.ID([]byte(treeID('2')))}},
		{Path: "g/h", Mode: [3]uint32{0, 0o120000, 0o160000},
			ID: [3]oid.ID{{}, oid.ID([]byte(treeID('3'))), oid.ID([]byte(treeID('4')))}},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for name, bad := range map[string]string{
		"no NUL":      "f",
		"bad mode":    "f\x00100648\x000\x000\x00",
		"short modes": "f\x00100644\x000\x00",
		"short id":    "f\x00100644\x000\x000\x00" + treeID('1')[:5],
		"long mode":   "f\x0012345670123\x000\x000\x00",
	} {
		if got := parseResolveUndo([]byte(body + bad)); got != nil {
			t.Errorf("%s: accepted %+v", name, got)
		}
	}
}

// TestV4ExpansionBound: prefix compression must not let a small file expand
// into gigabytes of paths.
func TestV4ExpansionBound(t *testing.T) {
	const count = 4000
	long := strings.Repeat("p", 20_000)
	var b []byte
	b = append(b, "DIRC\x00\x00\x00\x04"...)
	b = binary.BigEndian.AppendUint32(b, count)
	entry := func(name string, strip uint64) {
		var fixed [fixedSize]byte
		binary.BigEndian.PutUint32(fixed[24:], 0o100644)
		binary.BigEndian.PutUint16(fixed[60:], flagNameMask)
		b = append(b, fixed[:]...)
		b = append(b, encodeVarint(strip)...)
		b = append(b, name...)
		b = append(b, 0)
	}
	entry(long, 0)
	for range count - 1 {
		entry("q", 1) // previous path minus its last byte, plus "q": same length
	}
	b = append(b, make([]byte, oid.Size)...) // skipHash trailer
	_, err := decode(b, "crafted")
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "paths expand to more than") {
		t.Fatalf("decode = %v, want the expansion refused", err)
	}
}
