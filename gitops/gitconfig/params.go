package gitconfig

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// commandLine is git_config_from_parameters: GIT_CONFIG_COUNT with its
// GIT_CONFIG_KEY_<n>/GIT_CONFIG_VALUE_<n> pairs, then GIT_CONFIG_PARAMETERS
// (what `git -c` passes down). Any error is fatal, as in git.
func (p *pass) commandLine() error {
	src := &source{}
	err := p.countedParameters(src)
	if env, ok := p.l.env.lookup("GIT_CONFIG_PARAMETERS"); ok && err == nil {
		err = p.parameterList(src, env)
	}
	if se, ok := err.(*softError); ok {
		return fmt.Errorf("unable to parse command-line config: %w", se)
	}
	return err // nil, or fatal in an included file
}

func (p *pass) countedParameters(src *source) error {
	env, ok := p.l.env.lookup("GIT_CONFIG_COUNT")
	if !ok {
		return nil
	}
	count, end := strtoul(env)
	if end != len(env) {
		return softErrorf("bogus count in GIT_CONFIG_COUNT")
	}
	if count > math.MaxInt32 {
		return softErrorf("too many entries in GIT_CONFIG_COUNT")
	}
	for i := uint64(0); i < count; i++ {
		n := strconv.FormatUint(i, 10)
		key, ok := p.l.env.lookup("GIT_CONFIG_KEY_" + n)
		if !ok {
			return softErrorf("missing config key GIT_CONFIG_KEY_%s", n)
		}
		value, ok := p.l.env.lookup("GIT_CONFIG_VALUE_" + n)
		if !ok {
			return softErrorf("missing config value GIT_CONFIG_VALUE_%s", n)
		}
		if err := p.pair(src, key, value, true); err != nil {
			return err
		}
	}
	return nil
}

// parameterList is parse_config_env_list: shell-quoted 'key=value' words
// (old style) or 'key'='value' and 'key'= (new style), separated by
// whitespace.
func (p *pass) parameterList(src *source, env string) error {
	bogus := softErrorf("bogus format in GIT_CONFIG_PARAMETERS")
	rest := env
	more := true
	for more && rest != "" {
		var key string
		var ok bool
		key, rest, more, ok = sqDequoteStep(rest)
		if !ok {
			return bogus
		}
		switch {
		case !more || isSpace(at(rest, 0)):
			if err := p.oldStyleParameter(src, key); err != nil {
				return err
			}
		case rest[0] == '=':
			rest = rest[1:]
			var value string
			hasValue := false
			switch {
			case strings.HasPrefix(rest, "'"):
				value, rest, more, ok = sqDequoteStep(rest)
				if !ok || more && !isSpace(at(rest, 0)) {
					return bogus
				}
				hasValue = true
			case rest == "" || isSpace(rest[0]):
				// 'key'= : an implicit true
			default:
				return bogus
			}
			if err := p.pair(src, key, value, hasValue); err != nil {
				return err
			}
		default:
			return bogus
		}
		for more && rest != "" && isSpace(rest[0]) {
			rest = rest[1:]
		}
	}
	return nil
}

// oldStyleParameter is git_config_parse_parameter: "key=value" split at the
// first "=", "key" alone being an implicit true.
func (p *pass) oldStyleParameter(src *source, text string) error {
	key, value, hasValue := strings.Cut(text, "=")
	key = strings.TrimFunc(key, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
	if key == "" {
		return softErrorf("bogus config parameter: %s", text)
	}
	return p.pair(src, key, value, hasValue)
}

// pair is config_parse_pair: validate and canonicalize the key, then hand
// the variable on like a file's.
func (p *pass) pair(src *source, key, value string, hasValue bool) error {
	if key == "" {
		return softErrorf("empty config key")
	}
	canon, err := canonicalKey(key)
	if err != nil {
		return &softError{msg: err.Error()}
	}
	return p.entry(src, canon, []byte(value), hasValue, 0)
}

// canonicalKey is git_config_parse_key: the section must be made of key
// characters, the variable name must start with a letter, the subsection
// may hold anything but a newline; section and name are lower-cased.
func canonicalKey(key string) ([]byte, error) {
	last := strings.LastIndexByte(key, '.')
	if last <= 0 {
		return nil, fmt.Errorf("key does not contain a section: %s", key)
	}
	if last == len(key)-1 {
		return nil, fmt.Errorf("key does not contain variable name: %s", key)
	}
	out := []byte(key)
	dot := false
	for i := 0; i < len(out); i++ {
		c := out[i]
		if c == '.' {
			dot = true
		}
		if !dot || i > last {
			if !isKeyChar(c) || i == last+1 && !isAlpha(c) {
				return nil, fmt.Errorf("invalid key: %s", key)
			}
			out[i] = toLower(c)
		} else if c == '\n' {
			return nil, fmt.Errorf("invalid key (newline): %s", key)
		}
	}
	return out, nil
}

// sqDequoteStep is git's sq_dequote_step: one single-quoted word, where
// '\” and '\!' outside the quotes stand for a quote and a bang. more is
// false when the input ended right after the word; otherwise rest starts
// at the character that ended it.
func sqDequoteStep(s string) (word, rest string, more, ok bool) {
	if !strings.HasPrefix(s, "'") {
		return "", "", false, false
	}
	var b strings.Builder
	for i := 1; ; i++ {
		if i >= len(s) {
			return "", "", false, false
		}
		if s[i] != '\'' {
			b.WriteByte(s[i])
			continue
		}
		// Stepped out of the quotes.
		i++
		if i >= len(s) {
			return b.String(), "", false, true
		}
		if s[i] == '\\' && i+2 < len(s) && (s[i+1] == '\'' || s[i+1] == '!') && s[i+2] == '\'' {
			b.WriteByte(s[i+1])
			i += 2
			continue
		}
		return b.String(), s[i:], true, true
	}
}

// strtoul is C's strtoul(s, &end, 10) in the C locale; end is 0 when no
// digits were read. Overflow saturates, negative values wrap, as in C.
func strtoul(s string) (uint64, int) {
	i := 0
	for i < len(s) && (s[i] == ' ' || ('\t' <= s[i] && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	overflow := false
	for ; i < len(s) && isDigit(s[i]); i++ {
		d := uint64(s[i] - '0')
		if v > (math.MaxUint64-d)/10 {
			overflow = true
		}
		v = v*10 + d
	}
	if i == start {
		return 0, 0
	}
	if overflow {
		return math.MaxUint64, i
	}
	if neg {
		v = -v
	}
	return v, i
}
