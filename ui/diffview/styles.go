// Package diffview draws a file diff as terminal lines, unified or side by
// side (old on the left, new on the right, aligned, with line numbers on
// both sides and the changed words of paired lines emphasised). It does no
// I/O and keeps no state: `reef diff` prints its lines, and the TUI diff
// pane renders the same lines in a viewport.
//
// Every path and line is made safe before it is drawn (control characters
// shown as visible stand-ins, tabs expanded), since file contents and names
// come from whoever made the commit.
package diffview

import "charm.land/lipgloss/v2"

// Styles are the looks of a diff, as data: a theme derives its own from
// named colour roles; DefaultStyles and PlainStyles are the built-in ones.
type Styles struct {
	FileHeader lipgloss.Style // side-by-side title of a file
	Meta       lipgloss.Style // "diff --git", mode, rename and "index" lines
	HunkHeader lipgloss.Style // "@@ -1,3 +1,4 @@ section"
	Context    lipgloss.Style // unchanged lines
	Removed    lipgloss.Style // removed lines (background fills the column)
	Added      lipgloss.Style // added lines
	// RemovedEmph and AddedEmph mark the changed words inside paired lines.
	RemovedEmph lipgloss.Style
	AddedEmph   lipgloss.Style
	LineNumber  lipgloss.Style // the line-number gutter
	Filler      lipgloss.Style // the empty side of an unpaired line
	Separator   lipgloss.Style // the rule between the two sides
	Note        lipgloss.Style // binary, too large, no newline at end of file
}

// DefaultStyles are reef's default diff colours for a dark or light
// terminal: green and red backgrounds for added and removed lines, stronger
// ones for the changed words. The colours are all in the xterm 256-colour
// palette, so they look the same on 256-colour and true-colour terminals.
func DefaultStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	base := lipgloss.NewStyle()
	return Styles{
		FileHeader:  base.Bold(true).Foreground(ld(c("#000000"), c("#eeeeee"))).Background(ld(c("#d0d0d0"), c("#3a3a3a"))),
		Meta:        base.Bold(true),
		HunkHeader:  base.Foreground(ld(c("#005fd7"), c("#87afff"))),
		Context:     base,
		Removed:     base.Background(ld(c("#ffd7d7"), c("#5f0000"))),
		Added:       base.Background(ld(c("#d7ffd7"), c("#005f00"))),
		RemovedEmph: base.Background(ld(c("#ffafaf"), c("#870000"))),
		AddedEmph:   base.Background(ld(c("#afffaf"), c("#008700"))),
		LineNumber:  base.Foreground(ld(c("#808080"), c("#808080"))),
		Filler:      base.Background(ld(c("#eeeeee"), c("#1c1c1c"))),
		Separator:   base.Foreground(ld(c("#bcbcbc"), c("#4e4e4e"))),
		Note:        base.Faint(true).Italic(true),
	}
}

// PlainStyles draw no colours or attributes: markers ('+', '-') alone say
// what changed, as for --color=never.
func PlainStyles() Styles {
	base := lipgloss.NewStyle()
	return Styles{
		FileHeader: base, Meta: base, HunkHeader: base, Context: base, Removed: base, Added: base,
		RemovedEmph: base, AddedEmph: base, LineNumber: base, Filler: base, Separator: base, Note: base,
	}
}

// GitStyles colour a unified diff as `git diff --color` does: bold
// headers, cyan hunk headers, red and green lines, with the changed words
// of paired lines in reverse video.
func GitStyles() Styles {
	base := lipgloss.NewStyle()
	red, green := base.Foreground(lipgloss.Red), base.Foreground(lipgloss.Green)
	return Styles{
		FileHeader: base.Bold(true), Meta: base.Bold(true), HunkHeader: base.Foreground(lipgloss.Cyan),
		Context: base, Removed: red, Added: green,
		RemovedEmph: red.Reverse(true), AddedEmph: green.Reverse(true),
		LineNumber: base.Faint(true), Filler: base, Separator: base.Faint(true), Note: base.Faint(true),
	}
}
