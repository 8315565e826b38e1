package gitconfig

import (
	"errors"
	"fmt"
	"math"
)

var (
	errInvalidUnit = errors.New("invalid unit")
	errOutOfRange  = errors.New("out of range")
)

// Bool returns key's last value as git_config_bool reads it: true, yes, on
// and false, no, off, "" (any case), a variable without "=" is true, and
// any other value must be an integer (non-zero is true). def is returned
// when the key is not set.
func (c *Config) Bool(key string, def bool) (bool, error) {
	e, ok := c.Lookup(key)
	if !ok {
		return def, nil
	}
	v, ok := parseBool(e.Value, e.NoValue)
	if !ok {
		return def, fmt.Errorf("bad boolean config value '%s' for '%s'", e.Value, e.Key)
	}
	return v, nil
}

// Int returns key's last value as a 64-bit integer the way
// `git config --type=int` reads it: decimal, 0x hex or 0 octal, with an
// optional k, m or g suffix (powers of 1024). def is returned when the key
// is not set.
func (c *Config) Int(key string, def int64) (int64, error) {
	e, ok := c.Lookup(key)
	if !ok {
		return def, nil
	}
	v, err := parseSigned(e.Value, math.MaxInt64)
	if err != nil {
		return def, numberError(e, e.Key, err)
	}
	return v, nil
}

// Path returns key's last value with git's path expansion: a leading "~/"
// is $HOME (from the environment the configuration was loaded with),
// "~user/" that user's home and "%(prefix)/" git's installation prefix.
// Relative paths are returned as they are. ok is false when the key is
// not set; an error means git would fail (no value, unknown user).
func (c *Config) Path(key string) (path string, ok bool, err error) {
	e, ok := c.Lookup(key)
	if !ok {
		return "", false, nil
	}
	if e.NoValue {
		return "", true, fmt.Errorf("missing value for '%s'", e.Key)
	}
	p, expanded := c.exp.interpolate(e.Value, false)
	if !expanded {
		return "", true, fmt.Errorf("failed to expand user dir in: '%s'", e.Value)
	}
	return p, true, nil
}

// ParseBool applies git's boolean rules to a value written with "="
// (true/yes/on, false/no/off/"", or an integer).
func ParseBool(value string) (bool, error) {
	v, ok := parseBool(value, false)
	if !ok {
		return false, fmt.Errorf("bad boolean config value '%s'", value)
	}
	return v, nil
}

// ParseInt applies git's integer rules (base prefixes, k/m/g suffixes,
// 64-bit range) to a value.
func ParseInt(value string) (int64, error) {
	v, err := parseSigned(value, math.MaxInt64)
	if err != nil {
		return 0, fmt.Errorf("bad numeric config value '%s': %w", value, err)
	}
	return v, nil
}

func numberError(e Entry, key string, err error) error {
	if e.File == "" {
		return fmt.Errorf("bad numeric config value '%s' for '%s': %w", e.Value, key, err)
	}
	return fmt.Errorf("bad numeric config value '%s' for '%s' in file %s: %w", e.Value, key, e.File, err)
}

// parseBool is git_parse_maybe_bool: the words, then an int (32-bit, as
// git_parse_int).
func parseBool(v string, noValue bool) (bool, bool) {
	if noValue {
		return true, true
	}
	switch {
	case v == "":
		return false, true
	case asciiEqualFold(v, "true"), asciiEqualFold(v, "yes"), asciiEqualFold(v, "on"):
		return true, true
	case asciiEqualFold(v, "false"), asciiEqualFold(v, "no"), asciiEqualFold(v, "off"):
		return false, true
	}
	n, err := parseSigned(v, math.MaxInt32)
	if err != nil {
		return false, false
	}
	return n != 0, true
}

// parseSigned is git_parse_signed: strtoimax with base 0, a unit factor,
// and a range check against ±max.
func parseSigned(value string, max int64) (int64, error) {
	if value == "" {
		return 0, errInvalidUnit
	}
	val, end, overflow := strtoimax(value)
	if overflow {
		return 0, errOutOfRange
	}
	if end == 0 {
		return 0, errInvalidUnit
	}
	var factor int64
	switch unit := value[end:]; {
	case unit == "":
		factor = 1
	case asciiEqualFold(unit, "k"):
		factor = 1 << 10
	case asciiEqualFold(unit, "m"):
		factor = 1 << 20
	case asciiEqualFold(unit, "g"):
		factor = 1 << 30
	default:
		return 0, errInvalidUnit
	}
	if (val < 0 && -max/factor > val) || (val > 0 && max/factor < val) {
		return 0, errOutOfRange
	}
	return val * factor, nil
}

// strtoimax is C's strtoimax(s, &end, 0) in the C locale. end is 0 when
// no digits were read; overflow reports ERANGE.
func strtoimax(s string) (val int64, end int, overflow bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || ('\t' <= s[i] && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	base := uint64(10)
	if i < len(s) && s[i] == '0' {
		base = 8
		if i+2 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X') && hexDigit(s[i+2]) >= 0 {
			base = 16
			i += 2
		}
	}
	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	var mag uint64
	start := i
	for ; i < len(s); i++ {
		d := hexDigit(s[i])
		if d < 0 || uint64(d) >= base {
			break
		}
		if mag > (limit-uint64(d))/base {
			overflow = true
			continue
		}
		mag = mag*base + uint64(d)
	}
	if i == start {
		return 0, 0, false
	}
	if overflow {
		return 0, i, true
	}
	if neg {
		return -int64(mag-1) - 1, i, false
	}
	return int64(mag), i, false
}

func hexDigit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
