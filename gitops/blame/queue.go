package blame

// queue orders commits newest first by commit time, as git's blame does;
// equal times come out in the order they went in. The order only decides
// how soon lines are settled, never where they end up: a commit reached
// again after it was processed (clock skew) is simply processed again
// with the lines that arrived late.
type queue struct {
	items []queued
	seq   uint64
}

type queued struct {
	c   *commit
	seq uint64
}

func (q *queue) len() int { return len(q.items) }

func (q *queue) before(a, b queued) bool {
	if a.c.time != b.c.time {
		return a.c.time > b.c.time
	}
	return a.seq < b.seq
}

func (q *queue) push(c *commit) {
	q.seq++
	q.items = append(q.items, queued{c, q.seq})
	i := len(q.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q.before(q.items[i], q.items[p]) {
			break
		}
		q.items[i], q.items[p] = q.items[p], q.items[i]
		i = p
	}
}

func (q *queue) pop() *commit {
	top := q.items[0].c
	last := len(q.items) - 1
	q.items[0] = q.items[last]
	q.items[last] = queued{}
	q.items = q.items[:last]
	for i := 0; ; {
		l := 2*i + 1
		if l >= last {
			break
		}
		m := l
		if r := l + 1; r < last && q.before(q.items[r], q.items[l]) {
			m = r
		}
		if !q.before(q.items[m], q.items[i]) {
			break
		}
		q.items[i], q.items[m] = q.items[m], q.items[i]
		i = m
	}
	return top
}
