// Package styles turns a theme's colour roles into the lipgloss styles
// the panes draw with. No colour is defined here: every style derives from
// a themes role, so a theme (or a user's override of one role) changes
// every pane at once.
package styles

import (
	"charm.land/lipgloss/v2"

	"reef/ui/diffview"
)

// Styles are the styles every pane shares. Build them with New.
type Styles struct {
	Dark bool // the theme is for a dark background

	Text, Muted, Title lipgloss.Style
	// Subtle is a faint background for alternate rows and gutters.
	Subtle lipgloss.Style
	// Border draws pane frames and separators; Focus the focused pane's
	// frame and title. Both are text styles that also set the border
	// colour, so st.Border.Render("│") draws a rule and
	// st.Focus.Border(lipgloss.RoundedBorder()) a focused frame.
	Border, Focus lipgloss.Style
	// Selected is the selected row of the focused list; SelectedBlur of a
	// list without focus.
	Selected, SelectedBlur lipgloss.Style
	Hash                   lipgloss.Style
	Head, Branch, Remote   lipgloss.Style
	Tag                    lipgloss.Style
	Added, Removed         lipgloss.Style // + counts, A/D status letters
	Changed                lipgloss.Style // M/R/T status letters
	Danger, Warning, Info  lipgloss.Style
	// Help overlay and footer hints.
	HelpKey, HelpText, HelpDisabled lipgloss.Style
	// Lanes colour graph lanes by their colour index (modulo the length).
	Lanes []lipgloss.Style
	// Diff styles the diff pane and reef diff on a terminal.
	Diff diffview.Styles
	// Syntax colours code tokens by class, for the diff pane's highlighter:
	// keys are "keyword", "string", "comment", "number", "name",
	// "function", "type".
	Syntax map[string]lipgloss.Style
}

// Lane returns the style of a graph lane colour index.
func (s *Styles) Lane(i int) lipgloss.Style {
	if len(s.Lanes) == 0 {
		return s.Text
	}
	if i < 0 {
		i = -i
	}
	return s.Lanes[i%len(s.Lanes)]
}
