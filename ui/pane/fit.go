package pane

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Fit makes a styled line exactly w cells wide: padded with spaces, or cut
// with "…" so the reader sees it goes on.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := ansi.StringWidth(s)
	if n > w {
		return ansi.Truncate(s, w-1, "") + "…"
	}
	return s + strings.Repeat(" ", w-n)
}

// Block lays lines out as a w×h block: each fitted, blank lines added
// below, extra lines dropped.
func Block(lines []string, w, h int) string {
	for len(lines) < h {
		lines = append(lines, "")
	}
	lines = lines[:h]
	for i := range lines {
		lines[i] = Fit(lines[i], w)
	}
	return strings.Join(lines, "\n")
}
