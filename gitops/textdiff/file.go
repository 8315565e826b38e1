package textdiff

import "bytes"

// file is one side of a diff as the algorithm sees it: its bytes and where
// each line starts. Offsets rather than a slice per line keep the per-line
// arrays free of pointers, which the garbage collector then never scans;
// on a 10,000-line rewrite that is most of the cost.
type file struct {
	data  []byte
	start []int // line i is data[start[i]:start[i+1]]; one entry more than lines
}

// newFile indexes the lines of b (which it does not copy).
func newFile(b []byte) *file {
	n := bytes.Count(b, []byte{'\n'})
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	start := make([]int, 0, n+1)
	start = append(start, 0)
	for at := 0; at < len(b); {
		i := bytes.IndexByte(b[at:], '\n')
		if i < 0 {
			at = len(b)
		} else {
			at += i + 1
		}
		start = append(start, at)
	}
	return &file{data: b, start: start}
}

// joinLines makes a file of lines given one by one (with their terminators).
func joinLines(lines [][]byte) *file {
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	data := make([]byte, 0, n)
	start := make([]int, 1, len(lines)+1)
	for _, l := range lines {
		data = append(data, l...)
		start = append(start, len(data))
	}
	return &file{data: data, start: start}
}

func (f *file) len() int { return len(f.start) - 1 }

func (f *file) line(i int) []byte { return f.data[f.start[i]:f.start[i+1]] }

// head is the file cut to its first n lines.
func (f *file) head(n int) *file {
	return &file{data: f.data[:f.start[n]], start: f.start[:n+1]}
}
