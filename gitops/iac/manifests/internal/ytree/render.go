package ytree

import (
	"strconv"
	"strings"
)

// Render writes a value as a reader would write it inline. A plain value
// is its text; a tagged one keeps its tag and quotes as written
// (!Sub "orders-${Environment}", !GetAtt Db.Arn); maps and sequences are
// written in flow style, scalars in them quoted as they were
// ({"Fn::GetAtt": ["Db", "Arn"]}, [NET_ADMIN]).
func Render(v *Value) string {
	if v == nil {
		return ""
	}
	if v.Kind == Scalar && v.Tag == "" {
		return v.Text
	}
	var b strings.Builder
	render(&b, v)
	return b.String()
}

func render(b *strings.Builder, v *Value) {
	if v.Tag != "" {
		b.WriteString(v.Tag)
		b.WriteByte(' ')
	}
	switch v.Kind {
	case Null:
		b.WriteString("null")
	case Scalar:
		b.WriteString(written(v.Text, v.Style))
	case Seq:
		b.WriteByte('[')
		for i, it := range v.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			render(b, it)
		}
		b.WriteByte(']')
	case Map:
		b.WriteByte('{')
		for i, p := range v.Pairs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(written(p.Key, p.KeyStyle))
			b.WriteString(": ")
			render(b, p.Value)
		}
		b.WriteByte('}')
	}
}

// written quotes a scalar the way it was quoted; plain scalars that would
// be misread inline (commas, brackets, a block scalar's newlines) get
// double quotes.
func written(s string, st Style) string {
	switch st {
	case DoubleQuoted:
		return strconv.Quote(s)
	case SingleQuoted:
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	if s == "" || strings.ContainsAny(s, ",[]{}#\"'\n\t") || strings.Contains(s, ": ") ||
		strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.HasPrefix(s, "*") || strings.HasPrefix(s, "&") {
		return strconv.Quote(s)
	}
	return s
}

// PathKey appends a map key to an attribute path: "spec.replicas",
// with keys that contain dots or brackets quoted:
// `metadata.annotations["kubernetes.io/ingress.class"]`.
func PathKey(path, key string) string {
	if key == "" || strings.ContainsAny(key, ".[]\" \t\n") {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// PathItem appends a list item's key to an attribute path:
// "containers[web]", "steps[3]".
func PathItem(path, key string) string {
	return path + "[" + key + "]"
}
