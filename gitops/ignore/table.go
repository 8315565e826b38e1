package ignore

// table is a small string-keyed hash table for the index. Its hash reads
// only a key's length and its first and last bytes, which is enough to
// spread the few dozen names of a .gitignore and far cheaper per lookup
// than hashing every byte of a path.
type table[V any] struct {
	buckets [][]tableEntry[V] // power-of-two count
}

type tableEntry[V any] struct {
	key string
	val V
}

func cheapHash(s string) uint32 {
	if s == "" {
		return 0
	}
	return mix(len(s), s[0], s[len(s)-1])
}

func mix(n int, first, last byte) uint32 {
	h := uint32(n)*0x9e3779b1 ^ uint32(first)<<11 ^ uint32(last)*0x85ebca6b
	return h ^ h>>15
}

// newTable builds a table from keys and values in insertion order; a
// repeated key keeps its first position and takes the update's value.
func newTable[V any](keys []string, vals []V) *table[V] {
	n := 8
	for n < 2*len(keys) {
		n *= 2
	}
	t := &table[V]{buckets: make([][]tableEntry[V], n)}
	for i, k := range keys {
		b := &t.buckets[cheapHash(k)&uint32(n-1)]
		*b = append(*b, tableEntry[V]{k, vals[i]})
	}
	return t
}

func (t *table[V]) lookup(key string) (V, bool) {
	for _, e := range t.buckets[cheapHash(key)&uint32(len(t.buckets)-1)] {
		if e.key == key {
			return e.val, true
		}
	}
	var zero V
	return zero, false
}

// lookupBytes is lookup for a key held in a byte slice; it does not
// allocate.
func (t *table[V]) lookupBytes(key []byte) (V, bool) {
	h := uint32(0)
	if len(key) > 0 {
		h = mix(len(key), key[0], key[len(key)-1])
	}
	for _, e := range t.buckets[h&uint32(len(t.buckets)-1)] {
		if e.key == string(key) {
			return e.val, true
		}
	}
	var zero V
	return zero, false
}
