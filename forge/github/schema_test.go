package github

import (
	"regexp"
	"strings"
	"testing"
)

// The fake server cannot know GitHub's GraphQL schema, so every field
// the adapter's documents select is checked against the published one
// (an excerpt of @octokit/graphql-schema): a misspelt field fails here
// rather than on github.com.
func TestGraphQLDocumentsMatchSchema(t *testing.T) {
	schema := parseSchema(t, string(fixture(t, "octokit-graphql-schema/schema-excerpt.graphql")))
	for name, doc := range map[string]string{
		"threads": threadsQuery, "legacy threads": legacyThreadsQuery,
		"resolve": resolveMutation, "unresolve": unresolveMutation,
	} {
		checkDocument(t, name, schema, doc)
	}
	// And the check can fail.
	if errs := walkDocument(schema, strings.Replace(threadsQuery, "isResolved", "isResolvd", 1)); len(errs) == 0 {
		t.Error("a misspelt field passed the schema check")
	}
}

// parseSchema reads type and input blocks: type name -> field -> the
// field's type name (list and non-null marks dropped).
func parseSchema(t *testing.T, src string) map[string]map[string]string {
	types := map[string]map[string]string{}
	var cur map[string]string
	var pending string // a field whose arguments span lines
	head := regexp.MustCompile(`^(?:type|input) (\w+)`)
	field := regexp.MustCompile(`^  (\w+)(\(|:)\s*(.*)$`)
	argsEnd := regexp.MustCompile(`^  \):\s*(.*)$`)
	for line := range strings.SplitSeq(src, "\n") {
		switch {
		case head.MatchString(line):
			cur = map[string]string{}
			types[head.FindStringSubmatch(line)[1]] = cur
		case line == "}":
			cur = nil
		case cur == nil:
		case pending != "":
			if m := argsEnd.FindStringSubmatch(line); m != nil {
				cur[pending] = typeName(m[1])
				pending = ""
			}
		case field.MatchString(line):
			m := field.FindStringSubmatch(line)
			if m[2] == "(" {
				pending = m[1]
			} else {
				cur[m[1]] = typeName(m[3])
			}
		}
	}
	if len(types) == 0 {
		t.Fatal("no types in the schema excerpt")
	}
	return types
}

func typeName(s string) string {
	s = strings.Fields(s)[0]
	return strings.Trim(s, "[]!")
}

func checkDocument(t *testing.T, name string, schema map[string]map[string]string, doc string) {
	t.Helper()
	for _, e := range walkDocument(schema, doc) {
		t.Errorf("%s: %s", name, e)
	}
}

// walkDocument follows the document's selections from Query or Mutation,
// skipping arguments, and reports fields the schema lacks.
func walkDocument(schema map[string]map[string]string, doc string) []string {
	var errs []string
	root := "Query"
	if strings.HasPrefix(strings.TrimSpace(doc), "mutation") {
		root = "Mutation"
	}
	body := doc[strings.Index(doc, "{"):]
	var stack []string
	last := root
	depth := 0 // of parentheses
	word := regexp.MustCompile(`^[A-Za-z_]\w*`)
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth > 0:
		case c == '{':
			stack = append(stack, last)
		case c == '}':
			stack = stack[:len(stack)-1]
		default:
			if w := word.FindString(body[i:]); w != "" {
				typ := stack[len(stack)-1]
				ft, ok := schema[typ][w]
				if !ok {
					errs = append(errs, typ+" has no field "+w)
				}
				last = ft
				i += len(w) - 1
			}
		}
	}
	if len(stack) != 0 || depth != 0 {
		errs = append(errs, "unbalanced document")
	}
	return errs
}
