package treediff

import (
	"bytes"

	"reef/gitops/attr"
)

// AutoCRLF is core.autocrlf.
type AutoCRLF uint8

// core.autocrlf values.
const (
	AutoCRLFFalse AutoCRLF = iota
	AutoCRLFTrue
	AutoCRLFInput
)

// ParseAutoCRLF reads a core.autocrlf value ("true", "input", "false"...).
func ParseAutoCRLF(v string) AutoCRLF {
	switch v {
	case "input":
		return AutoCRLFInput
	case "true", "yes", "on", "1":
		return AutoCRLFTrue
	}
	return AutoCRLFFalse
}

// crlfAction is what git decides to do with line endings for one path.
type crlfAction uint8

const (
	crlfBinary crlfAction = iota // leave the bytes alone
	crlfText                     // always turn CRLF into LF
	crlfAuto                     // turn CRLF into LF when the content looks like text
)

func actionFor(a attr.Common, auto AutoCRLF) crlfAction {
	var act crlfAction
	decided := true
	switch a.TextMode() {
	case attr.TextOn, attr.TextInput:
		act = crlfText
	case attr.TextOff:
		return crlfBinary
	case attr.TextAuto:
		act = crlfAuto
	default:
		decided = false
	}
	// eol=lf/crlf makes a path text even without the text attribute; with
	// text=auto it only picks the checkout ending.
	if eol := a.EOLMode(); eol != "" && act != crlfAuto {
		act, decided = crlfText, true
	}
	if decided {
		return act
	}
	if auto == AutoCRLFFalse {
		return crlfBinary
	}
	return crlfAuto
}

// textStats counts what git's convert.c looks at to call content text.
type textStats struct {
	nul, loneCR, loneLF, crlf, printable, nonPrintable int
}

func gatherStats(b []byte) textStats {
	var s textStats
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				s.crlf++
				i++
			} else {
				s.loneCR++
			}
		case c == '\n':
			s.loneLF++
		case c == 127:
			s.nonPrintable++
		case c < 32:
			switch c {
			case '\b', '\t', '\033', '\014':
				s.printable++
			case 0:
				s.nul++
				s.nonPrintable++
			default:
				s.nonPrintable++
			}
		default:
			s.printable++
		}
	}
	// A DOS end-of-file marker is not held against the content.
	if len(b) > 0 && b[len(b)-1] == '\032' {
		s.nonPrintable--
	}
	return s
}

func (s textStats) binary() bool {
	return s.loneCR > 0 || s.nul > 0 || s.printable>>7 < s.nonPrintable
}

// Clean converts work-tree content to what git would store for it, as
// far as line endings go (git's convert_to_git for the text, eol and crlf
// attributes and core.autocrlf): `git diff` compares and shows converted
// content. indexBlob returns the path's current index content (nil when
// there is none): automatic conversion is skipped for files whose indexed
// version already has CRLF endings, as git does. Clean filters, ident and
// working-tree-encoding are not applied.
func Clean(data []byte, a attr.Common, auto AutoCRLF, indexBlob func() ([]byte, error)) ([]byte, error) {
	act := actionFor(a, auto)
	if act == crlfBinary || len(data) == 0 || bytes.IndexByte(data, '\r') < 0 {
		return data, nil
	}
	st := gatherStats(data)
	if st.crlf == 0 {
		return data, nil
	}
	if act == crlfAuto {
		if st.binary() {
			return data, nil
		}
		if indexBlob != nil {
			old, err := indexBlob()
			if err != nil {
				return nil, err
			}
			if bytes.IndexByte(old, '\r') >= 0 {
				if ost := gatherStats(old); !ost.binary() && ost.crlf > 0 {
					return data, nil
				}
			}
		}
	}
	out := make([]byte, 0, len(data)-st.crlf)
	for i := 0; i < len(data); i++ {
		// Auto mode has ruled out lone CRs, so every CR goes; text mode
		// keeps the lone ones.
		if data[i] == '\r' && (act == crlfAuto || i+1 < len(data) && data[i+1] == '\n') {
			continue
		}
		out = append(out, data[i])
	}
	return out, nil
}
