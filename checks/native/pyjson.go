package native

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// pyJSONDumps reproduces Python's json.dumps(v, sort_keys=True) byte for byte
// for values decoded from TOML: separators ", " and ": ", ASCII-only output
// (non-ASCII as \uXXXX, astral characters as surrogate pairs), floats as repr().
// Poetry hashes exactly this string, so any deviation makes a fresh lock look stale.
func pyJSONDumps(v any) (string, error) {
	var b strings.Builder
	if err := pyJSONValue(&b, v); err != nil {
		return "", err
	}
	return b.String(), nil
}

func pyJSONValue(b *strings.Builder, v any) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case string:
		pyJSONString(b, x)
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case int:
		b.WriteString(strconv.Itoa(x))
	case uint64:
		b.WriteString(strconv.FormatUint(x, 10))
	case float64:
		b.WriteString(pyFloatRepr(x))
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		// Python sorts str by code point; byte order of UTF-8 is the same order.
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			pyJSONString(b, k)
			b.WriteString(": ")
			if err := pyJSONValue(b, x[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := pyJSONValue(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case []map[string]any:
		arr := make([]any, len(x))
		for i := range x {
			arr[i] = x[i]
		}
		return pyJSONValue(b, arr)
	case time.Time, fmt.Stringer:
		// Python's json cannot serialise TOML dates at all (poetry would crash);
		// report instead of guessing.
		return fmt.Errorf("value %v cannot be serialised as JSON", x)
	default:
		return fmt.Errorf("unsupported value of type %T", v)
	}
	return nil
}

func pyJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case r < 0x20 || (r > 0x7f && r < 0x10000):
				fmt.Fprintf(b, `\u%04x`, r)
			case r >= 0x10000:
				r1, r2 := utf16.EncodeRune(r)
				fmt.Fprintf(b, `\u%04x\u%04x`, r1, r2)
			default:
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// pyFloatRepr mirrors float.__repr__: shortest round-trip digits, scientific
// notation below 1e-4 or from 1e16, and always a ".0" on integral values.
func pyFloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case math.IsNaN(f):
		return "NaN"
	}
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-4 || abs >= 1e16) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		// Go writes e+16 / e-05; Python writes e+16 / e-05 too, but keeps a
		// mantissa without ".0" ("1e+16"), which Go also does.
		return s
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}
