package textdiff

import (
	"bufio"
	"io"
	"strconv"
)

// noEOLMarker follows a line that ends its file without a newline.
const noEOLMarker = "\\ No newline at end of file\n"

// WriteUnified writes hunks as the "@@" sections of a unified diff, byte
// for byte as git writes them, so the output can be fed to `git apply`.
// The caller writes the "diff --git", "---" and "+++" headers before it.
func WriteUnified(w io.Writer, hunks []Hunk) error {
	bw := bufio.NewWriter(w)
	var num []byte
	for _, h := range hunks {
		bw.WriteString("@@ -")
		num = appendRange(num[:0], h.OldStart, h.OldLines)
		bw.Write(num)
		bw.WriteString(" +")
		num = appendRange(num[:0], h.NewStart, h.NewLines)
		bw.Write(num)
		bw.WriteString(" @@")
		if h.Section != "" {
			bw.WriteByte(' ')
			bw.WriteString(h.Section)
		}
		bw.WriteByte('\n')
		for _, l := range h.Lines {
			bw.WriteByte(byte(l.Kind))
			bw.WriteString(l.Text)
			bw.WriteByte('\n')
			if l.NoEOL {
				bw.WriteString(noEOLMarker)
			}
		}
	}
	return bw.Flush()
}

// appendRange formats one side of a hunk header: "start,count", with the
// count left out when it is 1, as git does.
func appendRange(dst []byte, start, count int) []byte {
	dst = strconv.AppendInt(dst, int64(start), 10)
	if count != 1 {
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(count), 10)
	}
	return dst
}
