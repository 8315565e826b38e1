// Package themes holds reef's colour themes: named colour roles (text,
// muted, added, removed, lanes...) with built-in palettes and user theme
// files that override some roles. Components never name a colour; they ask
// for a role, and ui/styles turns roles into lipgloss styles.
package themes

// Role names a use of colour.
type Role string

// The roles every theme defines.
const (
	Text        Role = "text"         // ordinary text
	Muted       Role = "muted"        // secondary text: dates, authors, hints
	Subtle      Role = "subtle"       // faint background for alternate rows and gutters
	Border      Role = "border"       // pane borders
	Focus       Role = "focus"        // border and title of the focused pane
	Selection   Role = "selection"    // background of the selected row
	SelectionFg Role = "selection-fg" // text on the selection
	Title       Role = "title"        // pane titles and headings
	Hash        Role = "hash"         // commit hashes
	Head        Role = "head"         // HEAD decoration
	Branch      Role = "branch"       // local branch decorations
	Remote      Role = "remote"       // remote-tracking branch decorations
	Tag         Role = "tag"          // tag decorations
	Added       Role = "added"        // added-line text / + counts / A status
	Removed     Role = "removed"      // removed-line text / - counts / D status
	Changed     Role = "changed"      // modified status letters, renames
	AddedBg     Role = "added-bg"     // background of added lines
	RemovedBg   Role = "removed-bg"   // background of removed lines
	AddedWord   Role = "added-word"   // background of changed words in added lines
	RemovedWord Role = "removed-word" // background of changed words in removed lines
	LineNumber  Role = "line-number"  // diff gutters
	HunkHeader  Role = "hunk-header"  // "@@ ... @@"
	Danger      Role = "danger"       // destructive actions, critical findings, errors
	Warning     Role = "warning"      // warnings, high findings
	Info        Role = "info"         // notes, progress
	// Syntax colouring of code in diffs and file views.
	SyntaxKeyword  Role = "syntax-keyword"  // keywords, YAML document markers
	SyntaxString   Role = "syntax-string"   // string literals
	SyntaxComment  Role = "syntax-comment"  // comments
	SyntaxNumber   Role = "syntax-number"   // numbers, booleans, null
	SyntaxName     Role = "syntax-name"     // attribute and mapping keys, HCL block labels
	SyntaxFunction Role = "syntax-function" // function and resource type names
	SyntaxType     Role = "syntax-type"     // types, Terraform block types
	Lane0          Role = "lane0"           // graph lane colours, in order
	Lane1          Role = "lane1"
	Lane2          Role = "lane2"
	Lane3          Role = "lane3"
	Lane4          Role = "lane4"
	Lane5          Role = "lane5"
	Lane6          Role = "lane6"
	Lane7          Role = "lane7"
)

// Lanes lists the lane roles in the order graph colour indexes use them.
var Lanes = []Role{Lane0, Lane1, Lane2, Lane3, Lane4, Lane5, Lane6, Lane7}

// Roles lists every role a complete theme defines.
var Roles = []Role{
	Text, Muted, Subtle, Border, Focus, Selection, SelectionFg, Title, Hash, Head, Branch, Remote, Tag,
	Added, Removed, Changed, AddedBg, RemovedBg, AddedWord, RemovedWord, LineNumber, HunkHeader,
	Danger, Warning, Info,
	SyntaxKeyword, SyntaxString, SyntaxComment, SyntaxNumber, SyntaxName, SyntaxFunction, SyntaxType,
	Lane0, Lane1, Lane2, Lane3, Lane4, Lane5, Lane6, Lane7,
}
