package revwalk

// item is a heap entry. Keys are copied in when pushed: a node's key may
// drop later (clock skew), and a heap whose keys change underneath it
// breaks. A stale, higher key only makes a node count its parents early,
// which is harmless.
type item struct {
	key  int64
	time int64
	seq  uint32
	node int32
}

func (a item) before(b item) bool {
	if a.key != b.key {
		return a.key > b.key
	}
	if a.time != b.time {
		return a.time > b.time
	}
	return a.seq < b.seq
}

// heap is a binary max-heap of items; it avoids container/heap's interface
// calls on the hot path of every walk.
type heap struct{ items []item }

func (h *heap) len() int   { return len(h.items) }
func (h *heap) peek() item { return h.items[0] }

func (h *heap) push(x item) {
	h.items = append(h.items, x)
	i := len(h.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h.items[i].before(h.items[p]) {
			break
		}
		h.items[i], h.items[p] = h.items[p], h.items[i]
		i = p
	}
}

func (h *heap) pop() item {
	top := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.items = h.items[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= last {
			break
		}
		m := l
		if r := l + 1; r < last && h.items[r].before(h.items[l]) {
			m = r
		}
		if !h.items[m].before(h.items[i]) {
			break
		}
		h.items[i], h.items[m] = h.items[m], h.items[i]
		i = m
	}
	return top
}
