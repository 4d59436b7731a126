package native

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// jv is a JSON value that keeps object key order and the byte offset where
// it starts, so notebook findings get lines and rewrites stay faithful.
type jv struct {
	kind  byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	off   int
	str   string
	num   json.Number
	b     bool
	keys  []string
	vals  []*jv
	items []*jv
}

func (v *jv) get(k string) *jv {
	if v == nil || v.kind != 'o' {
		return nil
	}
	for i, kk := range v.keys {
		if kk == k {
			return v.vals[i]
		}
	}
	return nil
}

func (v *jv) del(k string) bool {
	if v == nil || v.kind != 'o' {
		return false
	}
	for i, kk := range v.keys {
		if kk == k {
			v.keys = append(v.keys[:i], v.keys[i+1:]...)
			v.vals = append(v.vals[:i], v.vals[i+1:]...)
			return true
		}
	}
	return false
}

func (v *jv) set(k string, val *jv) {
	for i, kk := range v.keys {
		if kk == k {
			v.vals[i] = val
			return
		}
	}
	v.keys = append(v.keys, k)
	v.vals = append(v.vals, val)
}

const maxJSONDepth = 512

// parseJSONTree parses a document; errors carry the byte offset. validateJSON
// decides validity exactly as encoding/json does (so messages match the rest
// of the tool) and rejects duplicate keys and excessive nesting; the tree is
// then built by a small scanner that trusts the input. Only the --fix paths
// and max-output-kb need a tree: the checks use validateJSON or the shallow
// notebook view.
func parseJSONTree(data []byte) (*jv, error) {
	if err := validateJSON(data); err != nil {
		return nil, err
	}
	p := &jsonScanner{data: data}
	return p.value(), nil
}

type jsonPosErr struct {
	off int
	msg string
}

func (e *jsonPosErr) Error() string { return e.msg }

func jsonErrOffset(err error, data []byte) int {
	var pe *jsonPosErr
	if errors.As(err, &pe) {
		return pe.off
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return int(se.Offset) - 1
	}
	return len(data)
}

// jsonScanner builds a jv tree from JSON that validateJSON accepted (so
// without duplicate keys or excessive nesting), from any value's offset.
type jsonScanner struct {
	data []byte
	i    int
}

func (p *jsonScanner) ws() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonScanner) value() *jv {
	p.ws()
	start := p.i
	v := &jv{off: start}
	switch c := p.data[p.i]; { //nolint:staticcheck // cases mix equality with ranges below
	case c == '{':
		v.kind = 'o'
		p.i++
		p.ws()
		if p.data[p.i] == '}' {
			p.i++
			return v
		}
		for {
			p.ws()
			k := p.str()
			p.ws()
			p.i++ // ':'
			v.keys = append(v.keys, k)
			v.vals = append(v.vals, p.value())
			p.ws()
			if p.data[p.i] == ',' {
				p.i++
				continue
			}
			p.i++ // '}'
			return v
		}
	case c == '[':
		v.kind = 'a'
		p.i++
		p.ws()
		if p.data[p.i] == ']' {
			p.i++
			return v
		}
		for {
			v.items = append(v.items, p.value())
			p.ws()
			if p.data[p.i] == ',' {
				p.i++
				continue
			}
			p.i++ // ']'
			return v
		}
	case c == '"':
		v.kind, v.str = 's', p.str()
	case c == 't':
		v.kind, v.b = 'b', true
		p.i += 4
	case c == 'f':
		v.kind = 'b'
		p.i += 5
	case c == 'n':
		v.kind = 'z'
		p.i += 4
	default:
		j := p.i
		for j < len(p.data) && strings.IndexByte("+-0123456789.eE", p.data[j]) >= 0 {
			j++
		}
		v.kind, v.num = 'n', json.Number(p.data[p.i:j])
		p.i = j
	}
	return v
}

// str reads a string token; escapes and invalid UTF-8 take the slow path
// through encoding/json so decoding matches it exactly.
func (p *jsonScanner) str() string {
	start := p.i
	p.i = stringEnd(p.data, p.i)
	raw := p.data[start:p.i]
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return string(raw[1 : len(raw)-1])
	}
	return unquoteJSON(raw)
}

// stringEnd returns the offset just past the valid string token at i.
func stringEnd(d []byte, i int) int {
	i++
	for {
		i = stringSpecial(d, i)
		if d[i] == '"' {
			return i + 1
		}
		i += 2 // a backslash and the byte it escapes; \uXXXX's digits are plain
	}
}

// writeNBJSON serialises like nbformat (Python json.dumps with sort_keys=True,
// ensure_ascii=False, separators (",", ": ")) with the given indent width.
func writeNBJSON(b *bytes.Buffer, v *jv, indent, level int) {
	pad := func(l int) {
		b.WriteByte('\n')
		for i := 0; i < l*indent; i++ {
			b.WriteByte(' ')
		}
	}
	switch v.kind {
	case 'o':
		if len(v.keys) == 0 {
			b.WriteString("{}")
			return
		}
		order := make([]int, len(v.keys))
		for i := range order {
			order[i] = i
		}
		sortIdx(order, v.keys)
		b.WriteByte('{')
		for n, i := range order {
			if n > 0 {
				b.WriteByte(',')
			}
			pad(level + 1)
			writeNBString(b, v.keys[i])
			b.WriteString(": ")
			writeNBJSON(b, v.vals[i], indent, level+1)
		}
		pad(level)
		b.WriteByte('}')
	case 'a':
		if len(v.items) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for n, it := range v.items {
			if n > 0 {
				b.WriteByte(',')
			}
			pad(level + 1)
			writeNBJSON(b, it, indent, level+1)
		}
		pad(level)
		b.WriteByte(']')
	case 's':
		writeNBString(b, v.str)
	case 'n':
		b.WriteString(v.num.String())
	case 'b':
		if v.b {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	default:
		b.WriteString("null")
	}
}

func sortIdx(order []int, keys []string) {
	// Insertion sort keeps this allocation-free; notebook objects are small.
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && keys[order[j]] < keys[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
}

func writeNBString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for _, r := range s {
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
			if r < 0x20 {
				fmt.Fprintf(b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}
