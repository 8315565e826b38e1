package syntax

import (
	"context"
	"embed"
	"io/fs"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// Class is a kind of token a theme colours. Plain text is not coloured.
type Class uint8

// Token classes.
const (
	Plain Class = iota
	Keyword
	String
	Comment
	Number
	Name // attributes, keys, variables, tags
	Function
	Type
)

var classNames = [...]string{"plain", "keyword", "string", "comment", "number", "name", "function", "type"}

// String is the class's name, the key of styles.Styles.Syntax.
func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "plain"
}

// Classes lists every class but Plain, for building colour tables.
func Classes() []Class {
	return []Class{Keyword, String, Comment, Number, Name, Function, Type}
}

// Span is a coloured byte range [Start, End) of a line (without its "\n").
// Plain text has no span.
type Span struct {
	Start, End int
	Class      Class
}

// MaxBytes is the largest text Highlight colours. chroma's lexers run at
// 0.3 to 1 MB/s on one core (measured: Terraform 0.5, YAML 0.8, Go 0.3),
// so this is about a second of work, done once per side of a file, in the
// background.
const MaxBytes = 512 << 10

// File colours src as the language of the file at path p.
func File(ctx context.Context, p string, src []byte) [][]Span {
	return Highlight(ctx, Detect(p), src)
}

// Highlight tokenises src (a whole file, or the lines of one side of a
// diff) as lang and returns the spans of each line, in order: line i is
// the i-th "\n"-terminated line of src. It returns nil when the language
// is unknown ("" or not a lexer), src is larger than MaxBytes, or the
// lexer fails, or ctx is done first; callers then draw plain text.
func Highlight(ctx context.Context, lang string, src []byte) [][]Span {
	if lang == "" || len(src) == 0 || len(src) > MaxBytes {
		return nil
	}
	lexer := lexerFor(lang)
	if lexer == nil {
		return nil
	}
	text := validText(src)
	if text[len(text)-1] != '\n' {
		// Lexers that need a final newline would add one themselves.
		text += "\n"
	}
	it, err := lexer.Tokenise(&chroma.TokeniseOptions{State: "root"}, text)
	if err != nil {
		return nil
	}
	lines := make([][]Span, 0, countLines(src))
	var cur []Span
	at, lineStart := 0, 0
	for n, t := 0, it(); t != chroma.EOF; n, t = n+1, it() {
		if n%1024 == 0 && ctx.Err() != nil {
			return nil
		}
		v := t.Value
		if at+len(v) > len(text) || text[at:at+len(v)] != v {
			// The lexer changed the text: colour nothing rather than
			// the wrong bytes.
			return nil
		}
		c := classOf(t.Type)
		if c == Plain && t.Type == chroma.NameOther && (lang == Terraform) {
			// HCL's attribute names and block labels: keys, as in YAML.
			c = Name
		}
		for len(v) > 0 {
			n := len(v)
			nl := indexNL(v)
			if nl >= 0 {
				n = nl
			}
			if c != Plain && n > 0 {
				cur = addSpan(cur, Span{Start: at - lineStart, End: at - lineStart + n, Class: c})
			}
			at += n
			v = v[n:]
			if nl >= 0 {
				lines = append(lines, cur)
				cur = nil
				at++
				v = v[1:]
				lineStart = at
			}
		}
	}
	if lineStart < len(text) {
		lines = append(lines, cur)
	}
	return lines
}

// grammarFS holds the grammars reef colours with. They are not taken
// from chroma's lexers package: that package parses all of its ~280
// grammars when the program starts (14 ms), a cost every reef command,
// headless ones included, would pay.
//
//go:embed grammars/*.xml
var grammarFS embed.FS

// grammarSet builds the lexers once, on first use (a memo of constant
// data: nothing in it changes afterwards).
type grammarSet struct {
	once sync.Once
	reg  *chroma.LexerRegistry
}

var grammars grammarSet

func (g *grammarSet) get(name string) chroma.Lexer {
	g.once.Do(func() {
		g.reg = chroma.NewLexerRegistry()
		paths, _ := fs.Glob(grammarFS, "grammars/*.xml")
		for _, p := range paths {
			if l, err := chroma.NewXMLLexer(grammarFS, p); err == nil {
				g.reg.Register(l)
			}
		}
	})
	l := g.reg.Get(name)
	if l == nil || l.Config() == nil || l.Config().Name != name {
		// Get falls back to matching file names; a language reef names
		// must be a grammar's exact name.
		return nil
	}
	return l
}

// lexerFor returns the chroma lexer for a language name.
func lexerFor(lang string) chroma.Lexer {
	if lang == Helm {
		y, t := grammars.get(YAML), grammars.get(GoTemplate)
		if y == nil || t == nil {
			return nil
		}
		return chroma.DelegatingLexer(y, t)
	}
	return grammars.get(lang)
}

// addSpan appends a span, merging it with the previous one when they
// touch and share a class.
func addSpan(spans []Span, s Span) []Span {
	if n := len(spans); n > 0 && spans[n-1].End == s.Start && spans[n-1].Class == s.Class {
		spans[n-1].End = s.End
		return spans
	}
	return append(spans, s)
}

// validText is src as a string with each byte of invalid UTF-8 replaced
// by '?', so byte offsets stay those of src (chroma works on runes, and
// would turn an invalid byte into a three-byte U+FFFD).
func validText(src []byte) string {
	if utf8.Valid(src) {
		return string(src)
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			out = append(out, '?')
		} else {
			out = append(out, src[i:i+size]...)
		}
		i += size
	}
	return string(out)
}

func countLines(src []byte) int {
	n := 0
	for _, c := range src {
		if c == '\n' {
			n++
		}
	}
	return n + 1
}

func indexNL(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return i
		}
	}
	return -1
}

// classOf maps chroma's token types to reef's few classes.
func classOf(t chroma.TokenType) Class {
	switch t {
	case chroma.KeywordType, chroma.NameClass, chroma.NameBuiltin, chroma.NameException, chroma.NameNamespace:
		return Type
	case chroma.NameFunction, chroma.NameFunctionMagic:
		return Function
	case chroma.NameAttribute, chroma.NameTag, chroma.NameVariable, chroma.NameVariableClass,
		chroma.NameVariableGlobal, chroma.NameVariableInstance, chroma.NameVariableMagic,
		chroma.NameProperty, chroma.NameLabel, chroma.NameConstant, chroma.NameEntity,
		chroma.NameDecorator, chroma.NameBuiltinPseudo:
		return Name
	case chroma.CommentPreproc, chroma.OperatorWord, chroma.GenericHeading, chroma.GenericSubheading:
		return Keyword
	case chroma.CommentPreprocFile, chroma.Literal, chroma.LiteralOther:
		return String
	case chroma.LiteralDate:
		return Number
	}
	switch {
	case t.InCategory(chroma.Keyword):
		return Keyword
	case t.InSubCategory(chroma.LiteralString):
		return String
	case t.InSubCategory(chroma.LiteralNumber):
		return Number
	case t.InCategory(chroma.Comment):
		return Comment
	}
	return Plain
}
