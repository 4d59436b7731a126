package native

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"math/bits"
	"unicode/utf8"
)

// jsonScan validates a JSON document in one pass, accepting exactly what
// json.Valid accepts, while finding what the old tree parser rejected on top:
// duplicate object keys and values nested deeper than maxJSONDepth. Nothing is
// materialised: callers that want values (the notebook view) walk the shallow
// levels themselves with open/next/key/start and hand everything deeper to
// skip, which keeps one scan per file and no allocation per node or string.
//
// Syntax errors only set bad; err then asks encoding/json for its message and
// offset, so reports stay word for word what they were (errors are rare).
type jsonScan struct {
	data []byte
	i    int
	bad  bool // not valid JSON

	// semOff/semMsg hold the first duplicate key or too-deep value in
	// document order (semOff < 0: none). Once one is found, keys are no
	// longer tracked: only syntax errors can still change the verdict.
	semOff int
	semMsg string

	// objLow and objHigh record, per nesting depth, whether the open
	// container there is an object: a bit each, in a word for the depths
	// real documents have and a slice (at most 157 words, encoding/json's
	// depth limit) beyond.
	objLow  uint64
	objHigh []uint64

	keys    []keyRef // keys of the open objects, innermost object's last
	decoded [][]byte // keys with escapes or invalid UTF-8, decoded
	frames  []keyFrame
	seed    maphash.Seed
	seeded  bool
}

// keyFrame is one open object: its keys are keys[mark:]. lens has bit
// len(key)%64 set for each of them, so a key of a new length (every key of a
// typical small object) is known to be new without comparing. Large objects
// (vocabularies, lookup tables) get a hash index so duplicate detection
// stays linear.
type keyFrame struct {
	mark int
	lens uint64
	idx  map[uint64]int
}

const (
	// jsonMaxNesting is encoding/json's limit on open containers: the
	// container that would make it 10001 is a syntax error.
	jsonMaxNesting = 10000
	// keyIndexAt is the object size from which keys are hashed instead of
	// compared one by one.
	keyIndexAt = 16

	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

func newJSONScan(data []byte) jsonScan {
	return jsonScan{data: data, semOff: -1, keys: make([]keyRef, 0, 16), frames: make([]keyFrame, 0, 8)}
}

// setObj records the kind of the container opened at depth.
func (s *jsonScan) setObj(depth int, obj bool) {
	var bit uint64
	if obj {
		bit = 1
	}
	if depth < 64 {
		s.objLow = s.objLow&^(1<<depth) | bit<<depth
		return
	}
	w := (depth - 64) >> 6
	for len(s.objHigh) <= w {
		s.objHigh = append(s.objHigh, 0)
	}
	s.objHigh[w] = s.objHigh[w]&^(1<<(depth&63)) | bit<<(depth&63)
}

// isObj reports whether the container open at depth is an object.
func (s *jsonScan) isObj(depth int) bool {
	if depth < 64 {
		return s.objLow&(1<<depth) != 0
	}
	return s.objHigh[(depth-64)>>6]&(1<<(depth&63)) != 0
}

// validateJSON checks a whole document: nil, a *json.SyntaxError, or a
// *jsonPosErr for a duplicate key or excessive nesting.
func validateJSON(data []byte) error {
	s := newJSONScan(data)
	if s.start(0) {
		s.skip(0)
	}
	s.end()
	return s.err()
}

// end checks that only whitespace follows the top-level value.
func (s *jsonScan) end() {
	if s.bad {
		return
	}
	s.ws()
	if s.i != len(s.data) {
		s.bad = true
	}
}

func (s *jsonScan) err() error {
	if s.bad {
		// encoding/json words the message and finds the offset; it stops at
		// the first error, so this costs no more than the scan that failed.
		var v any
		err := json.Unmarshal(s.data, &v)
		if err == nil {
			err = &jsonPosErr{off: len(s.data), msg: "invalid JSON"}
		}
		return err
	}
	if s.semOff >= 0 {
		return &jsonPosErr{off: s.semOff, msg: s.semMsg}
	}
	return nil
}

func (s *jsonScan) ws() { s.i = skipWS(s.data, s.i) }

// skipWS returns the index of the first non-whitespace byte at or after i.
func skipWS(d []byte, i int) int {
	for i < len(d) && d[i] <= ' ' && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t') {
		i++
	}
	return i
}

// start skips whitespace to the value expected at s.i, which sits at the
// given nesting depth, and records the depth error the old parser raised there.
func (s *jsonScan) start(depth int) bool {
	s.ws()
	if s.i >= len(s.data) {
		s.bad = true
		return false
	}
	s.checkDepth(s.i, depth)
	return true
}

// checkDepth records the error the old tree parser raised for a value at i
// nested deeper than maxJSONDepth, unless an earlier one is recorded.
func (s *jsonScan) checkDepth(i, depth int) {
	if depth > maxJSONDepth && s.semOff < 0 {
		s.semOff, s.semMsg = i, "JSON nested too deeply"
	}
}

// open consumes the '{' or '[' at s.i, a container at the given depth, and
// reports whether it has a first member or item; s.i is then at its key or
// value (the caller calls key or start). An empty container is consumed whole.
func (s *jsonScan) open(depth int) bool {
	i, more := s.openAt(s.i, depth)
	if i < 0 {
		s.bad = true
		return false
	}
	s.i = i
	return more
}

// openAt is open for a position held by the caller: i < 0 means the input
// is not JSON.
func (s *jsonScan) openAt(i, depth int) (int, bool) {
	d := s.data
	c := d[i]
	if depth >= jsonMaxNesting {
		return -1, false
	}
	obj := c == '{'
	s.setObj(depth, obj)
	if i = skipWS(d, i+1); i >= len(d) {
		return -1, false
	}
	if d[i] == c+2 { // '}' and ']' follow their openers by two
		return i + 1, false
	}
	if obj {
		s.frames = append(s.frames, keyFrame{mark: len(s.keys)})
	}
	return i, true
}

// next follows a member or item of the container open at depth: it consumes
// a ',' and reports true (s.i at the next key or value), or consumes the
// closing bracket and reports false.
func (s *jsonScan) next(depth int) bool {
	if s.bad {
		return false
	}
	d, i := s.data, s.i
	if i >= len(d) || d[i] != ',' { // usually value, next
		if i = skipWS(d, i); i >= len(d) {
			s.bad = true
			return false
		}
	}
	switch d[i] {
	case ',':
		s.i = skipWS(d, i+1)
		return true
	case '}':
		if s.isObj(depth) {
			s.i = i + 1
			s.popFrame()
			return false
		}
	case ']':
		if !s.isObj(depth) {
			s.i = i + 1
			return false
		}
	}
	s.bad = true
	return false
}

func (s *jsonScan) popFrame() {
	f := s.frames[len(s.frames)-1]
	s.keys = s.keys[:f.mark]
	s.frames = s.frames[:len(s.frames)-1]
}

// key reads a member's key and the ':' after it, checks the key against the
// object's earlier keys, and leaves s.i at the value (already start-checked at
// depth+1). It returns the decoded key — a slice of the input unless the key
// has escapes or invalid UTF-8 — or nil once the verdict is an error anyway.
func (s *jsonScan) key(depth int) []byte {
	i, k := s.keyAt(s.i, depth)
	if i < 0 {
		s.bad = true
		return nil
	}
	s.i = i
	return k
}

// keyAt is key for a position held by the caller: it returns the value's
// index, or -1 when the input is not JSON.
func (s *jsonScan) keyAt(i, depth int) (int, []byte) {
	d := s.data
	if i >= len(d) || d[i] != '"' {
		return -1, nil
	}
	end, esc := scanString(d, i)
	if end < 0 {
		return -1, nil
	}
	var k []byte
	if s.semOff < 0 {
		ref := keyRef{off: i + 1, end: end - 1}
		k = d[ref.off:ref.end]
		if esc || !isASCII(k) && !utf8.Valid(k) {
			k = decodeJSONString(d[i:end])
			ref = keyRef{off: len(s.decoded), end: -1}
			s.decoded = append(s.decoded, k)
		}
		s.addKey(k, ref, i)
	}
	i = end
	if i >= len(d) || d[i] != ':' { // usually "key": value
		if i = skipWS(d, i); i >= len(d) || d[i] != ':' {
			return -1, nil
		}
	}
	if i = skipWS(d, i+1); i >= len(d) {
		return -1, nil
	}
	s.checkDepth(i, depth+1)
	return i, k
}

// keyRef locates a key without a pointer (so recording one costs no write
// barrier): data[off:end], or decoded[off] when end < 0.
type keyRef struct{ off, end int }

func (s *jsonScan) keyBytes(r keyRef) []byte {
	if r.end < 0 {
		return s.decoded[r.off]
	}
	return s.data[r.off:r.end]
}

// unquoteJSON decodes a valid string token exactly as encoding/json does
// (invalid UTF-8 and lone surrogates become U+FFFD).
func unquoteJSON(tok []byte) string {
	var v string
	_ = json.Unmarshal(tok, &v) // cannot fail: the scan validated the token
	return v
}

func decodeJSONString(tok []byte) []byte { return []byte(unquoteJSON(tok)) }

// addKey records a key of the innermost open object, or the duplicate error.
func (s *jsonScan) addKey(k []byte, ref keyRef, koff int) {
	f := &s.frames[len(s.frames)-1]
	dup := false
	if f.idx == nil {
		if bit := uint64(1) << (len(k) & 63); f.lens&bit == 0 {
			f.lens |= bit
		} else {
			for _, p := range s.keys[f.mark:] {
				if (p.end-p.off == len(k) || p.end < 0) && bytes.Equal(s.keyBytes(p), k) {
					dup = true
					break
				}
			}
		}
		if !dup && len(s.keys)-f.mark+1 >= keyIndexAt {
			f.idx = make(map[uint64]int, 2*keyIndexAt)
			for j := f.mark; j < len(s.keys); j++ {
				f.idx[s.hash(s.keyBytes(s.keys[j]))] = j
			}
			f.idx[s.hash(k)] = len(s.keys)
		}
	} else {
		h := s.hash(k)
		if j, ok := f.idx[h]; ok {
			dup = bytes.Equal(s.keyBytes(s.keys[j]), k)
			if !dup {
				// A true 64-bit collision: settle it the slow way.
				for _, p := range s.keys[f.mark:] {
					if bytes.Equal(s.keyBytes(p), k) {
						dup = true
						break
					}
				}
			}
		} else {
			f.idx[h] = len(s.keys)
		}
	}
	if dup {
		s.semOff, s.semMsg = koff, fmt.Sprintf("duplicate key %q", string(k))
		return
	}
	s.keys = append(s.keys, ref)
}

func (s *jsonScan) hash(k []byte) uint64 {
	if !s.seeded {
		s.seed, s.seeded = maphash.MakeSeed(), true
	}
	return maphash.Bytes(s.seed, k)
}

// skip validates the value at s.i (start-checked, at the given depth) and
// moves past it, returning how many items or members it has if it is a
// container. It is iterative, so nesting costs no Go stack, and keeps its
// position in a local: this loop is where nearly all bytes are crossed.
func (s *jsonScan) skip(depth int) int {
	d := s.data
	i := s.i
	n := 0
	nest := 0 // containers this call opened and has not closed yet
	for {
		// i is at the first byte of a value at depth+nest, start-checked.
		switch c := d[i]; {
		case c == '"':
			i, _ = scanString(d, i)
		case c-'0' < 10 || c == '-':
			i = scanNumber(d, i)
			if nest > 0 && i >= 0 {
				i, n = s.numberRun(i, depth+nest-1, nest == 1, n)
			}
		case c == '{' || c == '[':
			cd := depth + nest
			var more bool
			if i, more = s.openAt(i, cd); !more {
				break // empty (or broken): a complete value either way
			}
			nest++
			if nest == 1 {
				n++
			}
			if c == '{' {
				i, _ = s.keyAt(i, cd)
			} else {
				s.checkDepth(i, cd+1)
			}
			if i < 0 {
				s.bad = true
				return n
			}
			continue
		case c == 't':
			i = scanLiteral(d, i, "true")
		case c == 'f':
			i = scanLiteral(d, i, "false")
		case c == 'n':
			i = scanLiteral(d, i, "null")
		default:
			i = -1
		}
		if i < 0 {
			s.bad = true
			return n
		}
		// A value ended: close containers until one has a next value.
		for {
			if nest == 0 {
				s.i = i
				return n
			}
			if i >= len(d) || d[i] != ',' { // usually value, next
				if i = skipWS(d, i); i >= len(d) {
					s.bad = true
					return n
				}
			}
			cd := depth + nest - 1
			obj := s.isObj(cd)
			if c := d[i]; c != ',' {
				if obj && c == '}' || !obj && c == ']' {
					i++
					nest--
					if obj {
						s.popFrame()
					}
					continue
				}
				s.bad = true
				return n
			}
			if nest == 1 {
				n++
			}
			i = skipWS(d, i+1)
			switch {
			case obj:
				i, _ = s.keyAt(i, cd)
			case i >= len(d):
				i = -1
			default:
				s.checkDepth(i, cd+1)
			}
			if i < 0 {
				s.bad = true
				return n
			}
			break
		}
	}
}

// numberRun crosses the rest of a run of numbers in the container open at
// depth, from i just after one of them, as long as the container is an array
// and the numbers are separated by a comma and at most a space: the shape of
// embeddings and tables, which would otherwise go through the general loop
// once per number. count says whether to count them in n (the container is
// the one skip reports on). It stops anywhere else, leaving the general loop
// to handle (or reject) what follows; -1 means a malformed number.
func (s *jsonScan) numberRun(i, depth int, count bool, n int) (int, int) {
	d := s.data
	if depth+1 > maxJSONDepth || s.isObj(depth) {
		return i, n
	}
	for i+1 < len(d) && d[i] == ',' {
		j := i + 1
		if d[j] == ' ' {
			j++
		}
		if j >= len(d) || (d[j]-'0' >= 10 && d[j] != '-') {
			break
		}
		if i = scanNumber(d, j); i < 0 {
			return i, n
		}
		if count {
			n++
		}
	}
	return i, n
}

// scanLiteral returns the index after want at i, or -1.
func scanLiteral(d []byte, i int, want string) int {
	if len(d)-i < len(want) || string(d[i:i+len(want)]) != want {
		return -1
	}
	return i + len(want)
}

// scanNumber returns the index after the number at i, or -1; the grammar is
// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. What may follow it is the
// container's business.
func scanNumber(d []byte, i int) int {
	if d[i] == '-' {
		if i++; i == len(d) {
			return -1
		}
	}
	switch c := d[i]; {
	case c == '0':
		i++
	case c-'1' < 9:
		i = skipDigits(d, i+1)
	default:
		return -1
	}
	if i < len(d) && d[i] == '.' {
		j := skipDigits(d, i+1)
		if j == i+1 {
			return -1
		}
		i = j
	}
	if i < len(d) && d[i]|0x20 == 'e' {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := skipDigits(d, i)
		if j == i {
			return -1
		}
		i = j
	}
	return i
}

// skipDigits returns the index of the first non-digit at or after i, eight
// bytes at a time.
func skipDigits(d []byte, i int) int {
	for i+8 <= len(d) {
		w := binary.LittleEndian.Uint64(d[i:])
		// High bit set per byte below '0' (borrow), above '9' (carry into
		// bit 7) or >= 0x80. Borrows and carries only spill into bytes above
		// a flagged one, so the lowest flag is exact.
		m := ((w-'0'*swarOnes)&^w | (w + (0x7f-'9')*swarOnes) | w) & swarHigh
		if m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(d) && d[i]-'0' < 10 {
		i++
	}
	return i
}

// scanString returns the index after the string token at i (its opening
// quote), or -1, and whether it has escapes. Runs of plain bytes are crossed
// eight at a time (stringSpecial's loop, inlined: most strings are short).
func scanString(d []byte, i int) (int, bool) {
	esc := false
	i++
	for {
		for i+8 <= len(d) {
			w := binary.LittleEndian.Uint64(d[i:])
			q := w ^ '"'*swarOnes
			b := w ^ '\\'*swarOnes
			m := ((q-swarOnes)&^q | (b-swarOnes)&^b | (w-0x20*swarOnes)&^w) & swarHigh
			if m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i+8 > len(d) {
			if i = stringSpecial(d, i); i >= len(d) {
				return -1, esc
			}
		}
		switch d[i] {
		case '"':
			return i + 1, esc
		case '\\':
			esc = true
			if i+1 >= len(d) {
				return -1, esc
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if len(d)-i < 6 || !isHex(d[i+2]) || !isHex(d[i+3]) || !isHex(d[i+4]) || !isHex(d[i+5]) {
					return -1, esc
				}
				i += 6
			default:
				return -1, esc
			}
		default: // a control character
			return -1, esc
		}
	}
}

// stringSpecial returns the index of the first '"', '\\' or control byte at
// or after i, or len(d). Bytes >= 0x80 are plain: encoding/json accepts
// invalid UTF-8 inside strings.
func stringSpecial(d []byte, i int) int {
	for i+8 <= len(d) {
		w := binary.LittleEndian.Uint64(d[i:])
		q := w ^ '"'*swarOnes
		b := w ^ '\\'*swarOnes
		// Per byte: zero after the xor (quote, backslash) or below 0x20.
		// Each term is exact at its lowest flagged byte, so their union is.
		m := ((q-swarOnes)&^q | (b-swarOnes)&^b | (w-0x20*swarOnes)&^w) & swarHigh
		if m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(d) {
		if c := d[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
		i++
	}
	return i
}

// isASCII is the common case of utf8.Valid for keys, without its call.
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&swarHigh != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c-'0' < 10 || (c|0x20)-'a' < 6
}
