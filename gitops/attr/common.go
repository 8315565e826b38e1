package attr

// Common holds the attributes git's own diff, merge and conversion code
// consults for a path.
type Common struct {
	Text                Value // set, unset, "auto" (or "input", as crlf)
	EOL                 Value // "lf" or "crlf"
	CRLF                Value // legacy spelling of text
	Diff                Value // unset: binary; a value: the diff driver
	Merge               Value // unset: binary merge; a value: the merge driver
	Filter              Value // the clean/smudge driver
	Ident               Value // $Id$ expansion
	Whitespace          Value // core.whitespace override
	WorkingTreeEncoding Value
}

// commonIDs interns the attributes of Common, in field order.
func commonIDs(e *evaluator) []int32 {
	names := [...]string{"text", "eol", "crlf", "diff", "merge", "filter", "ident", "whitespace", "working-tree-encoding"}
	ids := make([]int32, len(names))
	for i, n := range names {
		ids[i] = e.intern(n)
	}
	return ids
}

func (e *evaluator) common(dirs []*file, path string, ids []int32) Common {
	isDir := len(path) > 0 && path[len(path)-1] == '/'
	if isDir {
		path = path[:len(path)-1]
	}
	e.collect(dirs, path, isDir, ids)
	v := func(i int) Value { return e.value(ids[i]) }
	return Common{
		Text: v(0), EOL: v(1), CRLF: v(2), Diff: v(3), Merge: v(4),
		Filter: v(5), Ident: v(6), Whitespace: v(7), WorkingTreeEncoding: v(8),
	}
}

// Binary reports whether the attributes make diff treat the file as
// binary: diff is unset, as the built-in `binary` macro does. When diff
// is unspecified git looks at the content instead.
func (c Common) Binary() bool { return c.Diff.State == Unset }

// DiffDriver returns the diff driver named by diff=<driver>, or "".
func (c Common) DiffDriver() string { return valueOf(c.Diff) }

// MergeDriver returns the merge driver named by merge=<driver>, or "".
func (c Common) MergeDriver() string { return valueOf(c.Merge) }

// FilterDriver returns the filter named by filter=<driver>, or "".
func (c Common) FilterDriver() string { return valueOf(c.Filter) }

func valueOf(v Value) string {
	if v.State == Valued {
		return v.Str
	}
	return ""
}

// TextMode is what the text attribute (or its legacy spelling crlf) asks
// of end-of-line conversion.
type TextMode uint8

const (
	TextUnspecified TextMode = iota // core.autocrlf and content decide
	TextOn                          // text: always normalise
	TextOff                         // -text: never convert (binary)
	TextAuto                        // text=auto: normalise if git finds it text
	TextInput                       // text=input / crlf=input: LF in the repository, no CRLF on checkout
)

// TextMode returns the conversion mode as git's convert.c reads it: the
// text attribute, or crlf when text says nothing usable.
func (c Common) TextMode() TextMode {
	if m := textMode(c.Text); m != TextUnspecified {
		return m
	}
	return textMode(c.CRLF)
}

func textMode(v Value) TextMode {
	switch {
	case v.State == Set:
		return TextOn
	case v.State == Unset:
		return TextOff
	case v.State == Valued && v.Str == "input":
		return TextInput
	case v.State == Valued && v.Str == "auto":
		return TextAuto
	}
	return TextUnspecified
}

// EOLMode returns "lf" or "crlf" when the eol attribute asks for that line
// ending in the work tree, "" otherwise.
func (c Common) EOLMode() string {
	if c.EOL.State == Valued && (c.EOL.Str == "lf" || c.EOL.Str == "crlf") {
		return c.EOL.Str
	}
	return ""
}
