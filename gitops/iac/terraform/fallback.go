package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"reef/gitops/iac"
)

// coarseBlock is a top-level block (or assignment) of a file that does not
// parse, found from its tokens alone.
type coarseBlock struct {
	addr, typ string
	line      int
	canon     string
}

// coarseNote is on every change found from tokens.
const coarseNote = "the file does not parse: compared block by block as text"

// coarseBlocks splits native-syntax source into top-level blocks by
// brace depth. The lexer accepts any input, so this works where the
// parser gave up; an unclosed block runs to the end of the file.
func coarseBlocks(kind fileKind, src []byte, toks hclsyntax.Tokens) []coarseBlock {
	if kind.isJSON() || refusal(src) != "" {
		return nil
	}
	if toks == nil {
		toks, _ = hclsyntax.LexConfig(src, "", hcl.InitialPos)
	}
	var out []coarseBlock
	seen := map[string]int{}
	i := 0
	for i < len(toks) {
		t := toks[i]
		if t.Type == hclsyntax.TokenNewline || t.Type == hclsyntax.TokenComment {
			i++
			continue
		}
		if t.Type == hclsyntax.TokenEOF {
			break
		}
		start := i
		header, opener := coarseHeader(toks, i)
		j := coarseEnd(toks, opener)
		b := coarseBlock{line: t.Range.Start.Line}
		switch {
		case opener < len(toks) && toks[opener].Type == hclsyntax.TokenOBrace && len(header) > 0:
			b.typ = header[0]
			b.addr, _, _ = address(header[0], header[1:], func(string) (string, bool) { return "", false })
			if b.addr == "" || header[0] == "moved" || header[0] == "removed" || header[0] == "import" || header[0] == "locals" {
				b.addr = strings.Join(header, ".")
			}
		case opener < len(toks) && toks[opener].Type == hclsyntax.TokenEqual && len(header) == 1:
			b.typ, b.addr = "attribute", header[0]
			if kind == kindTFVars {
				b.typ, b.addr = "tfvars", "var."+header[0]
			}
		default:
			b.typ, b.addr = "text", fmt.Sprintf("line %d", b.line)
		}
		b.canon = canonTokens(toks[start:j])
		seen[b.addr]++
		if n := seen[b.addr]; n > 1 {
			b.addr = fmt.Sprintf("%s#%d", b.addr, n)
		}
		out = append(out, b)
		if j <= i {
			j = i + 1
		}
		i = j
	}
	return out
}

// coarseHeader reads a block header's type and labels up to the first
// token that is neither, returning that token's index.
func coarseHeader(toks hclsyntax.Tokens, i int) ([]string, int) {
	var header []string
	for i < len(toks) {
		switch toks[i].Type {
		case hclsyntax.TokenIdent:
			header = append(header, string(toks[i].Bytes))
			i++
		case hclsyntax.TokenOQuote:
			if i+2 < len(toks) && toks[i+1].Type == hclsyntax.TokenQuotedLit && toks[i+2].Type == hclsyntax.TokenCQuote {
				header = append(header, string(toks[i+1].Bytes))
				i += 3
				continue
			}
			if i+1 < len(toks) && toks[i+1].Type == hclsyntax.TokenCQuote {
				header = append(header, "")
				i += 2
				continue
			}
			return header, i
		default:
			return header, i
		}
	}
	return header, i
}

// coarseEnd finds where the statement starting at i ends: after the brace
// closing depth 0, or at the next newline at depth 0.
func coarseEnd(toks hclsyntax.Tokens, i int) int {
	depth := 0
	for ; i < len(toks); i++ {
		switch toks[i].Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl, hclsyntax.TokenOHeredoc:
			depth++
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
			hclsyntax.TokenTemplateSeqEnd, hclsyntax.TokenCHeredoc:
			if depth > 0 {
				depth--
			}
			if depth == 0 && toks[i].Type == hclsyntax.TokenCBrace {
				return i + 1
			}
		case hclsyntax.TokenNewline:
			if depth == 0 {
				return i + 1
			}
		case hclsyntax.TokenEOF:
			return i
		}
	}
	return i
}

func canonTokens(toks hclsyntax.Tokens) string {
	var sb strings.Builder
	for _, t := range toks {
		if t.Type == hclsyntax.TokenNewline || t.Type == hclsyntax.TokenComment || t.Type == hclsyntax.TokenEOF {
			continue
		}
		sb.WriteByte(' ')
		sb.Write(t.Bytes)
	}
	return sb.String()
}

// coarseChanges compares two files block by block as text.
func coarseChanges(p string, before, after []coarseBlock) []iac.Change {
	old := make(map[string]coarseBlock, len(before))
	for _, b := range before {
		old[b.addr] = b
	}
	var out []iac.Change
	seen := map[string]bool{}
	for _, b := range after {
		seen[b.addr] = true
		c := iac.Change{Path: p, Address: b.addr, Type: b.typ, Line: b.line, Notes: []string{coarseNote}, Source: "static"}
		o, ok := old[b.addr]
		switch {
		case !ok:
			c.Kind = iac.Added
		case o.canon != b.canon:
			c.Kind, c.OldLine = iac.Modified, o.line
		default:
			continue
		}
		out = append(out, c)
	}
	for _, o := range before {
		if !seen[o.addr] {
			out = append(out, iac.Change{Path: p, Address: o.addr, Type: o.typ, Kind: iac.Removed,
				OldLine: o.line, Notes: []string{coarseNote}, Source: "static"})
		}
	}
	sortChanges(out)
	return out
}
