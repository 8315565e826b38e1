package styles

import (
	"image/color"

	"charm.land/lipgloss/v2"

	"reef/themes"
	"reef/ui/diffview"
)

// Syntax classes, the keys of Styles.Syntax.
const (
	SyntaxKeyword  = "keyword"
	SyntaxString   = "string"
	SyntaxComment  = "comment"
	SyntaxNumber   = "number"
	SyntaxName     = "name"
	SyntaxFunction = "function"
	SyntaxType     = "type"
)

// New builds the styles of a theme. Colours are written as the theme
// gives them; Lip Gloss downsamples them to the terminal's profile when
// it writes a frame. For a terminal with few or no colours use
// ForProfile, which also keeps visible what downsampling would hide.
func New(t themes.Theme) *Styles {
	c := func(r themes.Role) color.Color { return lipgloss.Color(string(t.Color(r))) }
	base := lipgloss.NewStyle()
	fg := func(r themes.Role) lipgloss.Style { return base.Foreground(c(r)) }
	frame := func(r themes.Role) lipgloss.Style { return fg(r).BorderForeground(c(r)) }
	text := fg(themes.Text)

	s := &Styles{
		Dark:         t.Dark,
		Text:         text,
		Muted:        fg(themes.Muted),
		Title:        fg(themes.Title).Bold(true),
		Subtle:       base.Background(c(themes.Subtle)),
		Border:       frame(themes.Border),
		Focus:        frame(themes.Focus).Bold(true),
		Selected:     fg(themes.SelectionFg).Background(c(themes.Selection)).Bold(true),
		SelectedBlur: text.Background(c(themes.Subtle)),
		Hash:         fg(themes.Hash),
		Head:         fg(themes.Head).Bold(true),
		Branch:       fg(themes.Branch),
		Remote:       fg(themes.Remote),
		Tag:          fg(themes.Tag),
		Added:        fg(themes.Added),
		Removed:      fg(themes.Removed),
		Changed:      fg(themes.Changed),
		Danger:       fg(themes.Danger).Bold(true),
		Warning:      fg(themes.Warning),
		Info:         fg(themes.Info),
		HelpKey:      fg(themes.Focus).Bold(true),
		HelpText:     text,
		HelpDisabled: fg(themes.Muted).Italic(true),
		Diff: diffview.Styles{
			FileHeader:  fg(themes.Title).Background(c(themes.Subtle)).Bold(true),
			Meta:        text.Bold(true),
			HunkHeader:  fg(themes.HunkHeader),
			Context:     text,
			Removed:     text.Background(c(themes.RemovedBg)),
			Added:       text.Background(c(themes.AddedBg)),
			RemovedEmph: text.Background(c(themes.RemovedWord)),
			AddedEmph:   text.Background(c(themes.AddedWord)),
			LineNumber:  fg(themes.LineNumber),
			Filler:      base.Background(c(themes.Subtle)),
			Separator:   fg(themes.Border),
			Note:        fg(themes.Muted).Italic(true),
		},
		Syntax: map[string]lipgloss.Style{
			SyntaxKeyword:  fg(themes.SyntaxKeyword),
			SyntaxString:   fg(themes.SyntaxString),
			SyntaxComment:  fg(themes.SyntaxComment).Italic(true),
			SyntaxNumber:   fg(themes.SyntaxNumber),
			SyntaxName:     fg(themes.SyntaxName),
			SyntaxFunction: fg(themes.SyntaxFunction),
			SyntaxType:     fg(themes.SyntaxType),
		},
	}
	for _, r := range themes.Lanes {
		s.Lanes = append(s.Lanes, fg(r))
	}
	return s
}

// Plain draws no colour at all, for NO_COLOR and terminals without
// colour. Attributes stand in where colour carried meaning that nothing
// else on screen does: the selection is reversed (underlined in a pane
// without focus), the focused pane's title and changed words are
// underlined, titles, HEAD and dangers are bold. Added and removed lines
// keep their +/- markers; lanes keep their positions.
func Plain() *Styles {
	base := lipgloss.NewStyle()
	bold := base.Bold(true)
	diff := diffview.PlainStyles()
	diff.FileHeader = bold
	diff.Meta = bold
	diff.AddedEmph = base.Underline(true)
	diff.RemovedEmph = base.Underline(true)
	s := &Styles{
		Text: base, Muted: base, Title: bold, Subtle: base,
		Border:       base,
		Focus:        bold.Underline(true),
		Selected:     base.Reverse(true),
		SelectedBlur: base.Underline(true),
		Hash:         base, Head: bold, Branch: base, Remote: base, Tag: base,
		Added: base, Removed: base, Changed: base,
		Danger: bold, Warning: base, Info: base,
		HelpKey: bold, HelpText: base, HelpDisabled: base.Faint(true),
		Diff:   diff,
		Syntax: map[string]lipgloss.Style{},
	}
	for _, k := range []string{SyntaxKeyword, SyntaxString, SyntaxComment, SyntaxNumber, SyntaxName, SyntaxFunction, SyntaxType} {
		s.Syntax[k] = base
	}
	for range themes.Lanes {
		s.Lanes = append(s.Lanes, base)
	}
	return s
}
