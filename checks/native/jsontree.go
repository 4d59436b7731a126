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

// parseJSONTree parses a document; errors carry the byte offset. Validity is
// decided by encoding/json (so messages match the rest of the tool); the tree
// is then built by a small scanner that trusts the input is valid JSON —
// several times faster than json.Decoder.Token on large notebooks.
func parseJSONTree(data []byte) (*jv, error) {
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		if err == nil {
			err = &jsonPosErr{off: len(data), msg: "invalid JSON"}
		}
		return nil, err
	}
	p := &jsonScanner{data: data}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	return v, nil
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

// jsonScanner builds a jv tree from JSON already known to be valid.
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

func (p *jsonScanner) value(depth int) (*jv, error) {
	p.ws()
	if depth > maxJSONDepth {
		return nil, &jsonPosErr{off: p.i, msg: "JSON nested too deeply"}
	}
	start := p.i
	v := &jv{off: start}
	switch c := p.data[p.i]; { //nolint:staticcheck // cases mix equality with ranges below
	case c == '{':
		v.kind = 'o'
		p.i++
		p.ws()
		if p.data[p.i] == '}' {
			p.i++
			return v, nil
		}
		var seen map[string]bool
		for {
			p.ws()
			koff := p.i
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			if seen == nil {
				seen = make(map[string]bool, 8)
			}
			if seen[k] {
				return nil, &jsonPosErr{off: koff, msg: fmt.Sprintf("duplicate key %q", k)}
			}
			seen[k] = true
			p.ws()
			p.i++ // ':'
			val, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			v.keys = append(v.keys, k)
			v.vals = append(v.vals, val)
			p.ws()
			if p.data[p.i] == ',' {
				p.i++
				continue
			}
			p.i++ // '}'
			return v, nil
		}
	case c == '[':
		v.kind = 'a'
		p.i++
		p.ws()
		if p.data[p.i] == ']' {
			p.i++
			return v, nil
		}
		for {
			it, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			v.items = append(v.items, it)
			p.ws()
			if p.data[p.i] == ',' {
				p.i++
				continue
			}
			p.i++ // ']'
			return v, nil
		}
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		v.kind, v.str = 's', s
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
	return v, nil
}

// str reads a string token; escapes and invalid UTF-8 take the slow path
// through encoding/json so decoding matches it exactly.
func (p *jsonScanner) str() (string, error) {
	start := p.i
	p.i++
	plain := true
	for p.data[p.i] != '"' {
		if p.data[p.i] == '\\' {
			plain = false
			p.i++
		}
		p.i++
	}
	p.i++
	raw := p.data[start:p.i]
	if plain && utf8.Valid(raw) {
		return string(raw[1 : len(raw)-1]), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", &jsonPosErr{off: start, msg: err.Error()}
	}
	return s, nil
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
