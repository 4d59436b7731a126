// Package tomlfast recognises, without allocating, the subset of TOML that
// real configuration files use, so that a caller can skip the full parser for
// documents that are certainly fine.
//
// The oracle is github.com/pelletier/go-toml/v2 decoding into
// map[string]any, not the TOML specification: Clean only says true where
// that decoder returns no error. go-toml v2.4.3 implements parts of TOML
// 1.1 (the \e and \xHH escapes, inline tables spanning lines with a trailing
// comma) and rejects a byte order mark; the recogniser follows it.
// Everything outside the subset makes Clean answer false, which means
// "unknown: run the full parser".
//
// The subset:
//
//   - blank lines and comments, with LF or CRLF line breaks;
//   - `[table]` and `[[array.of.tables]]` headers;
//   - `key = value`, where keys may be dotted and each part is bare or a
//     quoted string without escapes;
//   - values that are basic and literal strings, single- or multi-line
//     (with every escape go-toml accepts), booleans, decimal integers within
//     int64, hexadecimal, octal and binary integers, decimal floats well
//     inside the float64 range, inf and nan, and arrays and inline tables
//     of such values, nested at most maxDepth deep;
//   - the duplicate-key and table-redefinition rules of go-toml's
//     seen-tracker, modelled exactly (see nodeKind).
//
// Keys with escapes, dates and times, control characters, invalid UTF-8 and
// lone carriage returns all give false, as do documents with more than
// maxNodes keys and tables.
package tomlfast

import (
	"bytes"
	"math"
	"unicode/utf8"
)

const (
	// maxDepth bounds the nesting of arrays and inline tables, and with it
	// the recursion of the recogniser. go-toml allows 10000 levels; real
	// configuration files use two or three.
	maxDepth = 64
	// maxNodes bounds the keys, tables and anonymous inline tables
	// remembered for the duplicate checks. Bigger documents go to the full
	// parser.
	maxNodes = 512
	// hashSlots is the size of the open-addressing table that finds a node
	// by parent and name. At least twice maxNodes keeps probe sequences
	// short and guarantees a free slot; a power of two makes the modulo a
	// mask.
	hashSlots = 2 * maxNodes
	// maxLen keeps offsets within uint32.
	maxLen = 1 << 31
	// maxFloatExponent is the largest decimal exponent of the first
	// significant digit that Clean accepts for a float: anything below
	// 10^308 is finite in float64, while go-toml rejects values that round
	// to infinity ("value out of range"). Underflow is no error.
	maxFloatExponent = 308
)

// Clean reports whether data is certainly a TOML document that the full
// parser (go-toml/v2 decoding into map[string]any) accepts without error.
// false means "unknown": the caller runs the full parser.
func Clean(data []byte) bool {
	if len(data) >= maxLen {
		return false
	}
	var r recognizer
	r.data = data
	return r.document()
}

// nodeKind is what a name in the key tree stands for. The kinds mirror the
// entry kinds of go-toml's seen-tracker (internal/tracker), which decides
// which redefinitions are errors.
type nodeKind uint8

const (
	// kindExplicit is a table defined by its own [header] (and the root).
	// Headers may pass through it; it cannot be defined again.
	kindExplicit nodeKind = iota
	// kindImplicit is a table created as a parent in a longer header, like
	// a by [a.b]. A later [a] may define it, once.
	kindImplicit
	// kindDotted is a table created by a dotted key (a.b = 1). Only dotted
	// keys extend it, and headers may pass through it to define sub-tables,
	// but no header may define it.
	kindDotted
	// kindArray is an array of tables. Each [[header]] starts a new element
	// and forgets the names under it.
	kindArray
	// kindValue is a key with a value, including arrays and inline tables:
	// nothing may extend it. The keys of an inline table hang below it.
	kindValue
	// kindScope is the anonymous parent of the keys of an inline table that
	// is an array element. It has no name and is never looked up.
	kindScope
	// kindCleared is a name under an element of an array of tables that a
	// later [[header]] ended; it never matches again.
	kindCleared
)

// node is a name in the key tree: a table, an array of tables, a key or an
// anonymous scope. Its name is data[nameOff:nameOff+nameLen], the text of a
// bare key or the content of a quoted key without escapes, which is also its
// decoded value.
type node struct {
	nameOff uint32
	nameLen uint32
	hash    uint32 // of the name, as in name.hash
	parent  uint16
	kind    nodeKind
	hashed  bool // in the slots table; anonymous scopes are not
}

// name is one part of a key as scanned: its text is data[off:end].
type name struct {
	off, end int
	hash     uint32
}

// recognizer holds the state of one Clean call. It lives on the caller's
// stack; nothing in it is allocated.
type recognizer struct {
	data  []byte
	pos   int // start of the next line to read
	table int // node of the table that key/value lines belong to
	depth int // arrays and inline tables open around the current value

	nodes  [maxNodes]node // nodes[0] is the root table
	nnodes int
	// slots maps a hash of (parent, name) to 1 + a node index; 0 is free.
	slots [hashSlots]uint16
}

// at returns the byte at i, or 0 past the end. NUL is invalid everywhere in
// TOML, so scanners that reject it need no separate bounds check; the few
// places where the end of input is valid test for it explicitly.
func (r *recognizer) at(i int) byte {
	if i < len(r.data) {
		return r.data[i]
	}
	return 0
}

// skipBlanks skips TOML whitespace, which is spaces and tabs only.
func (r *recognizer) skipBlanks(i int) int {
	for i < len(r.data) && (r.data[i] == ' ' || r.data[i] == '\t') {
		i++
	}
	return i
}

// document reads the whole input, one expression (or blank or comment line)
// at a time, like go-toml's top-level loop.
func (r *recognizer) document() bool {
	r.nnodes = 1 // the root, an explicit table with no name
	for {
		i := r.skipBlanks(r.pos)
		if i >= len(r.data) {
			return true
		}
		var ok bool
		switch r.data[i] {
		case '\n', '\r':
			ok = r.newline(i)
		case '#':
			ok = r.lineEnd(i)
		case '[':
			ok = r.header(i)
		default:
			i, ok = r.keyValue(i, r.table)
			ok = ok && r.lineEnd(i)
		}
		if !ok {
			return false
		}
	}
}

// newline consumes the line break at i, or accepts the end of input, and
// moves to the next line.
func (r *recognizer) newline(i int) bool {
	switch {
	case i >= len(r.data):
		r.pos = i
	case r.data[i] == '\n':
		r.pos = i + 1
	case r.data[i] == '\r' && r.at(i+1) == '\n':
		r.pos = i + 2
	default:
		return false
	}
	return true
}

// lineEnd consumes what may follow an expression: blanks, a comment and the
// line break.
func (r *recognizer) lineEnd(i int) bool {
	i = r.skipBlanks(i)
	if r.at(i) == '#' {
		var ok bool
		if i, ok = r.comment(i); !ok {
			return false
		}
	}
	return r.newline(i)
}

// comment scans a comment from its '#' and returns the offset of the line
// break or end of input that ends it. go-toml refuses control characters
// other than tab (DEL included), a CR not followed by LF, and invalid UTF-8.
func (r *recognizer) comment(i int) (int, bool) {
	d := r.data
	for i++; i < len(d); {
		c := d[i]
		switch {
		case c >= ' ' && c < 0x7f || c == '\t':
			i++
		case c == '\n':
			return i, true
		case c == '\r':
			return i, r.at(i+1) == '\n'
		case c >= utf8.RuneSelf:
			n, ok := validRune(d[i:])
			if !ok {
				return i, false
			}
			i += n
		default:
			return i, false
		}
	}
	return i, true
}

// validRune reports whether b starts with a valid UTF-8 sequence for a
// non-ASCII character, and its length. Go's decoder and go-toml agree on
// validity: no overlong forms, no surrogates, nothing above U+10FFFF.
func validRune(b []byte) (int, bool) {
	_, n := utf8.DecodeRune(b)
	return n, n > 1
}

// header reads a [table] or [[array of tables]] line starting at i.
func (r *recognizer) header(i int) bool {
	arrayTable := r.at(i+1) == '['
	i++
	if arrayTable {
		i++
	}
	parent := 0
	for {
		k, end, ok := r.keyPart(r.skipBlanks(i))
		if !ok {
			return false
		}
		i = r.skipBlanks(end)
		if r.at(i) == '.' {
			if parent, ok = r.headerParent(parent, k); !ok {
				return false
			}
			i++
			continue
		}
		if arrayTable {
			if r.at(i) != ']' || r.at(i+1) != ']' {
				return false
			}
			r.table, ok = r.arrayTableElement(parent, k)
			i += 2
		} else {
			if r.at(i) != ']' {
				return false
			}
			r.table, ok = r.defineTable(parent, k)
			i++
		}
		return ok && r.lineEnd(i)
	}
}

// keyValue reads `key = value` at i, with the key relative to the table or
// inline table scope, and returns the offset after the value.
func (r *recognizer) keyValue(i, scope int) (int, bool) {
	parent := scope
	for {
		k, end, ok := r.keyPart(i)
		if !ok {
			return i, false
		}
		i = r.skipBlanks(end)
		if r.at(i) == '.' {
			if parent, ok = r.dottedParent(parent, k); !ok {
				return i, false
			}
			i = r.skipBlanks(i + 1)
			continue
		}
		if r.at(i) != '=' {
			return i, false
		}
		leaf, ok := r.newKey(parent, k)
		if !ok {
			return i, false
		}
		return r.value(r.skipBlanks(i+1), leaf, false)
	}
}

// keyPart scans one part of a key: a bare key, or a quoted one whose
// content needs no unescaping, so that its text is its name. Keys with
// escapes would need decoding to compare, and are left to the full parser.
func (r *recognizer) keyPart(i int) (name, int, bool) {
	d := r.data
	start := i
	switch r.at(i) {
	case '"', '\'':
		quote := d[i]
		for i++; i < len(d); {
			c := d[i]
			switch {
			case c == quote:
				k := name{off: start + 1, end: i}
				k.hash = hashName(d[k.off:k.end])
				return k, i + 1, true
			case c >= ' ' && c < 0x7f && (c != '\\' || quote == '\'') || c == '\t':
				i++
			case c >= utf8.RuneSelf:
				n, ok := validRune(d[i:])
				if !ok {
					return name{}, i, false
				}
				i += n
			default:
				return name{}, i, false
			}
		}
		return name{}, i, false
	}
	// Bare keys are the common case: hash them while scanning.
	h := uint32(fnvOffset)
	for i < len(d) && isBareKeyByte(d[i]) {
		h = (h ^ uint32(d[i])) * fnvPrime
		i++
	}
	if i == start {
		return name{}, i, false
	}
	return name{off: start, end: i, hash: h}, i, true
}

// Bare key bytes, A-Za-z0-9_-, as bit sets over bytes 0-63 and 64-127.
const (
	bareKeyLow  = 1<<'-' | (1<<10-1)<<'0'
	bareKeyHigh = (1<<26-1)<<('A'-64) | 1<<('_'-64) | (1<<26-1)<<('a'-64)
)

func isBareKeyByte(c byte) bool {
	bits := uint64(bareKeyLow)
	if c >= 64 {
		bits = bareKeyHigh
	}
	return c < 128 && bits>>(c&63)&1 != 0
}

// Key names are hashed with 32-bit FNV-1a.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func hashName(b []byte) uint32 {
	h := uint32(fnvOffset)
	for _, c := range b {
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h
}

// value reads a value at i and returns the offset after it. owner is the
// node of the key the value belongs to. An inline table's keys hang below
// it, or, for an element of an array (inArray), below a new anonymous node
// that hangs below it.
func (r *recognizer) value(i, owner int, inArray bool) (int, bool) {
	switch r.at(i) {
	case '"':
		return r.basicString(i)
	case '\'':
		return r.literalString(i)
	case 't':
		return r.keyword(i, "true")
	case 'f':
		return r.keyword(i, "false")
	case 'i':
		return r.keyword(i, "inf")
	case 'n':
		return r.keyword(i, "nan")
	case '[':
		return r.array(i, owner)
	case '{':
		return r.inlineTable(i, owner, inArray)
	}
	return r.number(i)
}

// keyword matches kw at i. What follows is the caller's concern: go-toml
// too takes `truex` as true followed by garbage.
func (r *recognizer) keyword(i int, kw string) (int, bool) {
	end := i + len(kw)
	return end, end <= len(r.data) && string(r.data[i:end]) == kw
}

// basicString scans a "string" from its opening quote.
func (r *recognizer) basicString(i int) (int, bool) {
	d := r.data
	if r.at(i+1) == '"' && r.at(i+2) == '"' {
		return r.multiLineString(i+3, '"')
	}
	for i++; i < len(d); {
		c := d[i]
		switch {
		case c >= ' ' && c < 0x7f && c != '"' && c != '\\' || c == '\t':
			i++
		case c == '"':
			return i + 1, true
		case c == '\\':
			var ok bool
			if i, ok = r.escape(i + 1); !ok {
				return i, false
			}
		case c >= utf8.RuneSelf:
			n, ok := validRune(d[i:])
			if !ok {
				return i, false
			}
			i += n
		default:
			return i, false // control characters and line breaks
		}
	}
	return i, false
}

// escape checks the escape sequence whose letter is at i, against go-toml's
// set: the TOML 1.0 ones plus \e and \xHH from TOML 1.1. \u and \U must name
// a Unicode scalar value.
func (r *recognizer) escape(i int) (int, bool) {
	switch r.at(i) {
	case '"', '\\', 'b', 'f', 'n', 'r', 't', 'e':
		return i + 1, true
	case 'x':
		_, end, ok := r.hexDigits(i+1, 2)
		return end, ok
	case 'u', 'U':
		n := 4
		if r.at(i) == 'U' {
			n = 8
		}
		v, end, ok := r.hexDigits(i+1, n)
		return end, ok && v <= utf8.MaxRune && (v < 0xD800 || v > 0xDFFF)
	}
	return i, false
}

// hexDigits reads exactly n hexadecimal digits at i.
func (r *recognizer) hexDigits(i, n int) (uint32, int, bool) {
	var v uint32
	for end := i + n; i < end; i++ {
		d, ok := digitValue(r.at(i), 16)
		if !ok {
			return 0, i, false
		}
		v = v<<4 | uint32(d)
	}
	return v, i, true
}

// literalString scans a 'string' from its opening quote.
func (r *recognizer) literalString(i int) (int, bool) {
	d := r.data
	if r.at(i+1) == '\'' && r.at(i+2) == '\'' {
		return r.multiLineString(i+3, '\'')
	}
	for i++; i < len(d); {
		c := d[i]
		switch {
		case c >= ' ' && c < 0x7f && c != '\'' || c == '\t':
			i++
		case c == '\'':
			return i + 1, true
		case c >= utf8.RuneSelf:
			n, ok := validRune(d[i:])
			if !ok {
				return i, false
			}
			i += n
		default:
			return i, false
		}
	}
	return i, false
}

// multiLineString scans a multi-line basic or literal string, whose
// content starts at i, after the three opening quotes. As in go-toml, a run
// of three to five quotes ends the string (up to two belong to the content)
// and more is an error; line breaks are LF or CRLF; basic strings take the
// escapes of single-line ones and a backslash that ends a line.
func (r *recognizer) multiLineString(i int, quote byte) (int, bool) {
	d := r.data
	for i < len(d) {
		c := d[i]
		switch {
		case c == quote:
			run := i
			for i < len(d) && d[i] == quote {
				i++
			}
			if n := i - run; n >= 3 {
				return i, n <= 5
			}
		case c >= ' ' && c < 0x7f && c != '\\' || c == '\t' || c == '\n':
			i++
		case c == '\\':
			if quote == '\'' {
				i++
				continue
			}
			var ok bool
			if i, ok = r.multiLineEscape(i + 1); !ok {
				return i, false
			}
		case c == '\r':
			if r.at(i+1) != '\n' {
				return i, false
			}
			i += 2
		case c >= utf8.RuneSelf:
			n, ok := validRune(d[i:])
			if !ok {
				return i, false
			}
			i += n
		default:
			return i, false
		}
	}
	return i, false
}

// multiLineEscape checks an escape in a multi-line basic string, whose
// letter is at i. A backslash followed by blanks and a line break swallows
// all the whitespace and line breaks after it.
func (r *recognizer) multiLineEscape(i int) (int, bool) {
	switch r.at(i) {
	case ' ', '\t', '\n', '\r':
	default:
		return r.escape(i)
	}
	i = r.skipBlanks(i)
	if r.at(i) == '\r' {
		i++
	}
	if r.at(i) != '\n' {
		return i, false
	}
	for i++; i < len(r.data); i++ {
		switch r.data[i] {
		case ' ', '\t', '\n':
		case '\r':
			// A CR not followed by LF ends the run; the caller refuses it.
			if r.at(i+1) != '\n' {
				return i, true
			}
		default:
			return i, true
		}
	}
	return i, true
}

// array reads [v, ...] from its bracket. Like go-toml, it allows line
// breaks and comments anywhere between elements and a trailing comma.
func (r *recognizer) array(i, owner int) (int, bool) {
	if r.depth >= maxDepth {
		return i, false
	}
	r.depth++
	afterValue := false
	for i++; ; {
		i = r.skipBlanks(i)
		var ok bool
		switch r.at(i) {
		case ']':
			r.depth--
			return i + 1, true
		case '\n':
			i, ok = i+1, true
		case '\r':
			i, ok = i+2, r.at(i+1) == '\n'
		case '#':
			i, ok = r.comment(i)
		case ',':
			i, ok = i+1, afterValue
			afterValue = false
		default:
			if afterValue {
				return i, false
			}
			i, ok = r.value(i, owner, true)
			afterValue = true
		}
		if !ok {
			return i, false
		}
	}
}

// inlineTable reads {k = v, ...} from its brace. Its keys hang below the
// owner's node, or, in an array, below a new anonymous node: every element
// has keys of its own. go-toml follows TOML 1.1 here: line breaks and
// comments between entries, and a trailing comma.
func (r *recognizer) inlineTable(i, owner int, inArray bool) (int, bool) {
	if r.depth >= maxDepth {
		return i, false
	}
	scope := owner
	if inArray {
		var ok bool
		if scope, ok = r.newScope(owner); !ok {
			return i, false
		}
	}
	r.depth++
	afterValue := false
	for i++; ; {
		i = r.skipBlanks(i)
		var ok bool
		switch r.at(i) {
		case '}':
			r.depth--
			return i + 1, true
		case '\n':
			i, ok = i+1, true
		case '\r':
			i, ok = i+2, r.at(i+1) == '\n'
		case '#':
			i, ok = r.comment(i)
		case ',':
			i, ok = i+1, afterValue
			afterValue = false
		default:
			if afterValue {
				return i, false
			}
			i, ok = r.keyValue(i, scope)
			afterValue = true
		}
		if !ok {
			return i, false
		}
	}
}

// number scans an integer or a float, with the syntax of go-toml's
// scanIntOrFloat and the range checks of its decoder, or a date or time,
// which starts like a number.
func (r *recognizer) number(i int) (int, bool) {
	d := r.data
	negative, signed := false, false
	if i < len(d) && (d[i] == '-' || d[i] == '+') {
		negative, signed = d[i] == '-', true
		i++
	}
	if i >= len(d) {
		return i, false
	}
	switch c := d[i]; {
	case c == 'i':
		return r.keyword(i, "inf")
	case c == 'n':
		return r.keyword(i, "nan")
	case !isDigit(c):
		return i, false
	case !signed && isDateTimeStart(d[i:]):
		return dateTime(d, i)
	case c == '0' && i+1 < len(d):
		base := byte(0)
		switch d[i+1] {
		case 'x':
			base = 16
		case 'o':
			base = 8
		case 'b':
			base = 2
		}
		if base != 0 {
			if signed {
				return i, false
			}
			return r.radixInteger(i+2, base)
		}
	}

	leadingZero := d[i] == '0'
	i, whole, wholeDigits, ok := r.decimalDigits(i)
	if !ok || leadingZero && wholeDigits > 1 {
		return i, false
	}
	if i >= len(d) || d[i] != '.' && d[i] != 'e' && d[i] != 'E' {
		limit := uint64(math.MaxInt64)
		if negative {
			limit++
		}
		return i, whole <= limit
	}
	if d[i] == '.' {
		if i, _, _, ok = r.decimalDigits(i + 1); !ok {
			return i, false
		}
	}
	exponent := 0
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		expNegative := false
		if i < len(d) && (d[i] == '-' || d[i] == '+') {
			expNegative = d[i] == '-'
			i++
		}
		var e uint64
		if i, e, _, ok = r.decimalDigits(i); !ok {
			return i, false
		}
		exponent = int(min(e, 1<<20)) //nolint:gosec // bounded by min
		if expNegative {
			exponent = -exponent
		}
	}
	// The value is below 10^(significant whole digits + exponent).
	significant := wholeDigits
	if whole == 0 {
		significant = 0
	}
	return i, significant+exponent <= maxFloatExponent
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// decimalDigits scans digits at i, single underscores allowed between
// them, and returns the end, the value (saturated at MaxUint64) and the
// number of digits. The first byte must be a digit.
func (r *recognizer) decimalDigits(i int) (end int, value uint64, digits int, ok bool) {
	d := r.data
	if i >= len(d) || !isDigit(d[i]) {
		return i, 0, 0, false
	}
	for i < len(d) {
		digit := d[i] - '0'
		if digit > 9 {
			// An underscore must sit between two digits; one came before.
			if d[i] != '_' {
				break
			}
			if i+1 >= len(d) || !isDigit(d[i+1]) {
				return i, 0, 0, false
			}
			i++
			digit = d[i] - '0'
		}
		if value > (math.MaxUint64-9)/10 {
			value = math.MaxUint64
		} else {
			value = value*10 + uint64(digit)
		}
		digits++
		i++
	}
	return i, value, digits, true
}

// radixInteger scans the digits of a 0x, 0o or 0b integer at i. go-toml
// refuses values above MaxInt64.
func (r *recognizer) radixInteger(i int, base byte) (int, bool) {
	shift := 4
	switch base {
	case 8:
		shift = 3
	case 2:
		shift = 1
	}
	if _, ok := digitValue(r.at(i), base); !ok {
		return i, false
	}
	var v uint64
	for {
		c := r.at(i)
		if c == '_' {
			if _, ok := digitValue(r.at(i+1), base); !ok {
				return i, false
			}
			i++
			c = r.data[i]
		}
		d, ok := digitValue(c, base)
		if !ok {
			return i, true
		}
		if v > math.MaxInt64>>shift {
			return i, false
		}
		v = v<<shift | uint64(d)
		i++
	}
}

// digitValue is the value of c as a digit in base 2, 8 or 16.
func digitValue(c byte, base byte) (byte, bool) {
	var d byte
	switch {
	case c >= '0' && c <= '9':
		d = c - '0'
	case c >= 'a' && c <= 'f':
		d = c - 'a' + 10
	case c >= 'A' && c <= 'F':
		d = c - 'A' + 10
	default:
		return 0, false
	}
	return d, d < base
}

// The key tree. Each function below mirrors one step of go-toml's
// seen-tracker: see its CheckTable, CheckArrayTable and CheckKeyValue.

// find returns the live node called k below parent, or -1 and the free slot
// where such a node belongs.
func (r *recognizer) find(parent int, k name) (int, int) {
	want := r.data[k.off:k.end]
	for s := homeSlot(parent, k.hash); ; s = nextSlot(s) {
		n := int(r.slots[s]) - 1
		if n < 0 {
			return -1, s
		}
		nd := &r.nodes[n]
		if nd.hash == k.hash && int(nd.parent) == parent && nd.kind != kindCleared &&
			bytes.Equal(r.data[nd.nameOff:nd.nameOff+nd.nameLen], want) {
			return n, s
		}
	}
}

// homeSlot is where the probe for a name below parent starts.
func homeSlot(parent int, hash uint32) int {
	h := (hash ^ uint32(parent)*0x9E3779B9) * 0x85EBCA6B //nolint:gosec // parent < maxNodes
	return int(h>>16) & (hashSlots - 1)
}

func nextSlot(s int) int { return (s + 1) & (hashSlots - 1) }

// add creates a node; slot is where find said it belongs, or -1 for an
// anonymous node, which is never looked up.
func (r *recognizer) add(parent int, k name, kind nodeKind, slot int) (int, bool) {
	if r.nnodes == maxNodes {
		return 0, false
	}
	n := r.nnodes
	r.nnodes++
	r.nodes[n] = node{
		nameOff: uint32(k.off),         //nolint:gosec // offsets are below maxLen
		nameLen: uint32(k.end - k.off), //nolint:gosec // offsets are below maxLen
		hash:    k.hash,
		parent:  uint16(parent), //nolint:gosec // parent < maxNodes
		kind:    kind,
		hashed:  slot >= 0,
	}
	if slot >= 0 {
		r.slots[slot] = uint16(n + 1) //nolint:gosec // n < maxNodes
	}
	return n, true
}

// newScope makes the anonymous parent of the keys of an inline table in the
// array that is the value of owner.
func (r *recognizer) newScope(owner int) (int, bool) {
	return r.add(owner, name{}, kindScope, -1)
}

// headerParent resolves a part of a header before its last one: a new name
// becomes an implicit table; an existing table of any kind may be passed
// through, a value may not.
func (r *recognizer) headerParent(parent int, k name) (int, bool) {
	n, slot := r.find(parent, k)
	if n < 0 {
		return r.add(parent, k, kindImplicit, slot)
	}
	switch r.nodes[n].kind {
	case kindExplicit, kindImplicit, kindDotted, kindArray:
		return n, true
	}
	return 0, false
}

// defineTable resolves the last part of a [table] header: a new name, or a
// table so far only implied by a longer header.
func (r *recognizer) defineTable(parent int, k name) (int, bool) {
	n, slot := r.find(parent, k)
	if n < 0 {
		return r.add(parent, k, kindExplicit, slot)
	}
	if r.nodes[n].kind != kindImplicit {
		return 0, false
	}
	r.nodes[n].kind = kindExplicit
	return n, true
}

// arrayTableElement resolves the last part of an [[array]] header: a new
// array of tables, or a new element of an existing one, under which all
// names are forgotten.
func (r *recognizer) arrayTableElement(parent int, k name) (int, bool) {
	n, slot := r.find(parent, k)
	if n < 0 {
		return r.add(parent, k, kindArray, slot)
	}
	if r.nodes[n].kind != kindArray {
		return 0, false
	}
	// Descendants always come after their ancestors, so one pass finds
	// them all: a node is a descendant if its parent is n or was cleared.
	allCleared := true
	for i := n + 1; i < r.nnodes; i++ {
		if p := int(r.nodes[i].parent); p == n || r.nodes[p].kind == kindCleared {
			r.nodes[i].kind = kindCleared
		}
		allCleared = allCleared && r.nodes[i].kind == kindCleared
	}
	if allCleared {
		// The usual case, an array of tables whose elements follow each
		// other: give the nodes back, so that long arrays fit.
		for i := r.nnodes - 1; i > n; i-- {
			if r.nodes[i].hashed && !r.unlink(i) {
				return 0, false
			}
		}
		r.nnodes = n + 1
	}
	return n, true
}

// unlink removes node n from the slots table. Nodes are only ever removed
// newest first, so every node inserted after n is gone already, and no probe
// for an older node passes through n's slot: n was inserted into a slot
// that was free when each older node was placed, after its probe had passed
// by. Freeing the slot therefore breaks no probe sequence.
//
// It reports false, and the caller gives up on the document, if n is not in
// the table: that would be a bug here, and a wrong answer must not become an
// endless probe.
func (r *recognizer) unlink(n int) bool {
	nd := &r.nodes[n]
	s := homeSlot(int(nd.parent), nd.hash)
	for range hashSlots {
		if int(r.slots[s]) == n+1 {
			r.slots[s] = 0
			return true
		}
		s = nextSlot(s)
	}
	return false
}

// dottedParent resolves a part of a key/value key before its last one: a
// new name becomes a dotted-key table; only such a table may be extended.
func (r *recognizer) dottedParent(parent int, k name) (int, bool) {
	n, slot := r.find(parent, k)
	if n < 0 {
		return r.add(parent, k, kindDotted, slot)
	}
	return n, r.nodes[n].kind == kindDotted
}

// newKey resolves the last part of a key/value key, which must be new.
func (r *recognizer) newKey(parent int, k name) (int, bool) {
	n, slot := r.find(parent, k)
	if n >= 0 {
		return 0, false
	}
	return r.add(parent, k, kindValue, slot)
}

// Dates and times. go-toml delimits them leniently (scanDateTime) and leaves
// the checks to its decoder (parseLocalDate and friends); the functions
// below do the same, check for check.

// isDateTimeStart is go-toml's test for a value that starts with a digit:
// two digits and a colon start a time, four digits and a dash a date.
func isDateTimeStart(b []byte) bool {
	return len(b) >= 3 && isDigit(b[1]) && b[2] == ':' ||
		len(b) >= 5 && isDigit(b[1]) && isDigit(b[2]) && isDigit(b[3]) && b[4] == '-'
}

// dateTime reads a date, time or date-time value at i, which
// isDateTimeStart accepted.
func dateTime(d []byte, i int) (int, bool) {
	// The token is every byte that may appear in a date-time, including one
	// T or a space followed by a digit as the date/time delimiter.
	start, delim := i, -1
	for ; i < len(d); i++ {
		c := d[i]
		if isDigit(c) || c == ':' || c == '-' || c == '+' || c == '.' || c == 'Z' || c == 'z' {
			continue
		}
		if c == 'T' || c == 't' || c == ' ' && i+1 < len(d) && isDigit(d[i+1]) {
			if delim < 0 {
				delim = i - start
			}
			continue
		}
		break
	}
	tok := d[start:i]
	switch {
	case tok[2] == ':':
		rest, ok := localTime(tok)
		return i, ok && len(rest) == 0
	case delim < 0:
		return i, localDate(tok)
	case !bytes.ContainsAny(tok[delim+1:], "Zz+-"):
		rest, ok := localDateTime(tok)
		return i, ok && len(rest) == 0
	}
	rest, ok := localDateTime(tok)
	switch {
	case !ok || len(rest) == 0:
		return i, false
	case rest[0] == 'Z' || rest[0] == 'z':
		return i, len(rest) == 1
	}
	// A numeric offset, +HH:MM or -HH:MM.
	return i, len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
		twoDigits(rest[1:3], 23) && twoDigits(rest[4:6], 59)
}

// localDate checks YYYY-MM-DD against the calendar.
func localDate(b []byte) bool {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' ||
		!allDigits(b[0:4]) || !twoDigits(b[5:7], 12) || !twoDigits(b[8:10], 31) {
		return false
	}
	year := int(b[0]-'0')*1000 + int(b[1]-'0')*100 + int(b[2]-'0')*10 + int(b[3]-'0')
	month := int(b[5]-'0')*10 + int(b[6]-'0')
	day := int(b[8]-'0')*10 + int(b[9]-'0')
	return month >= 1 && day >= 1 && day <= daysIn(month, year)
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// localDateTime checks a date, a delimiter and a time, and returns what
// follows the time.
func localDateTime(b []byte) ([]byte, bool) {
	if len(b) < 11 || !localDate(b[:10]) || b[10] != 'T' && b[10] != 't' && b[10] != ' ' {
		return nil, false
	}
	return localTime(b[11:])
}

// localTime checks HH:MM, with optional seconds and, after seconds, an
// optional fraction of at least one digit, and returns what follows.
func localTime(b []byte) ([]byte, bool) {
	if len(b) < 5 || !twoDigits(b[0:2], 23) || b[2] != ':' || !twoDigits(b[3:5], 59) {
		return nil, false
	}
	b = b[5:]
	if len(b) == 0 || b[0] != ':' {
		return b, true
	}
	if len(b) < 3 || !twoDigits(b[1:3], 59) {
		return nil, false
	}
	b = b[3:]
	if len(b) == 0 || b[0] != '.' {
		return b, true
	}
	n := 1
	for n < len(b) && isDigit(b[n]) {
		n++
	}
	return b[n:], n > 1
}

// twoDigits reports whether b is two digits making at most limit.
func twoDigits(b []byte, limit int) bool {
	return allDigits(b) && int(b[0]-'0')*10+int(b[1]-'0') <= limit
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}
