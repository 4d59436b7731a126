// Package yamlfast recognises, without allocating, the small subset of YAML
// that real configuration files use, so that a caller can skip the full
// parser for documents that are certainly fine.
//
// The oracle is github.com/goccy/go-yaml's parser.ParseBytes(data, 0), not
// the YAML specification: Clean only says true where that parser returns no
// error (which includes rejecting duplicate mapping keys). Everything outside
// the subset, and everything where goccy's behaviour is quirky, makes Clean
// answer false, which means "unknown: run the full parser".
//
// The subset, line by line:
//
//   - blank lines and full-line comments at any indentation;
//   - `---` (optionally followed by a comment) and a bare `...` at column 0,
//     where a document after `...` must start with `---`;
//   - block mappings `key: value` and block sequences `- value`, indented
//     with spaces only, including compact forms such as `- key: value` and
//     `- - a`, and sequences at the same indentation as their parent key;
//   - keys that are one-line plain scalars, or quoted scalars without
//     escapes, none containing a single quote (see addKey);
//   - values that are empty (null), one-line plain scalars, one-line single-
//     or double-quoted scalars, one-line flow collections of such scalars,
//     or literal/folded block scalars (`|`, `|-`, `|+`, `>`, `>-`, `>+`)
//     without an explicit indentation indicator;
//   - trailing comments after a space.
//
// Tabs outside comments and block-scalar text, carriage returns, anchors,
// aliases, tags, directives, `?` keys, merge keys, multi-line plain, quoted
// or flow scalars, control characters, invalid UTF-8 and byte order marks
// all give false.
package yamlfast

import (
	"bytes"
	"unicode/utf8"
)

const (
	// maxDepth bounds the nesting of block and flow collections together.
	// mlinit refuses documents nested deeper than 200 levels before parsing;
	// real configuration files stay far below this.
	maxDepth = 64
	// maxKeys bounds the mapping keys remembered for duplicate detection
	// along the current path (a mapping's own keys plus those of its
	// enclosing mappings). Bigger documents go to the full parser.
	maxKeys = 384
	// maxLen keeps offsets within uint32.
	maxLen = 1 << 31
)

// Clean reports whether data is certainly a valid YAML stream that the full
// parser accepts with no error and no duplicate mapping keys. false means
// "unknown": the caller runs the full parser.
func Clean(data []byte) bool {
	if len(data) >= maxLen || bytes.IndexByte(data, '\r') >= 0 {
		// goccy treats a lone CR as a line break and folds CRLF; neither is
		// worth modelling for the fast path.
		return false
	}
	var r recognizer
	r.data = data
	return r.stream()
}

// levelKind tells what a collection on the nesting stack is.
type levelKind uint8

const (
	blockMap levelKind = iota
	blockSeq
	flowMap
	flowSeq
)

// level is one open collection. Block collections are identified by the
// indentation (column) of their entries.
type level struct {
	indent   int
	keysFrom int // keys keysFrom to nkeys-1 belong to this mapping
	kind     levelKind
	// seen is a 128-bit Bloom filter of the mapping's key prints: a new key
	// whose bit is clear cannot be a duplicate, which keeps big flat
	// mappings from costing a scan of all earlier keys per key.
	seen [2]uint64
}

// pendingValue describes an entry whose value was left empty at the end of
// its line (`key:` or `-`): the next content line may supply the value as a
// nested block collection.
type pendingValue struct {
	active  bool
	fromKey bool // a mapping key, which also admits a sequence at its own indentation
	indent  int  // column of the key or of the dash
}

// blockScalar tracks a literal or folded scalar whose text lines follow.
type blockScalar struct {
	active     bool
	keep       bool // `+` chomping
	blankLines bool // a blank line was seen before the first text line
	owner      int  // column of the key or dash that introduced it; text is deeper
	indent     int  // column of the text, -1 until the first text line
	leadSpaces int  // most spaces on a blank line before the first text line
}

// end closes the scalar. goccy mishandles a scalar with no text at all once
// it has blank lines or keeps its final line breaks: the empty text token it
// makes lands at column 1 or ahead of the next node ("could not find
// multi-line content", "non-map value is specified").
func (b *blockScalar) end() bool {
	b.active = false
	return b.indent >= 0 || !b.blankLines && !b.keep
}

// recognizer holds the state of one Clean call. It lives on the caller's
// stack; nothing in it is allocated.
type recognizer struct {
	data      []byte
	pos       int // start of the next line to read
	lineStart int // start of the line being read

	levels [maxDepth]level
	depth  int
	// Mapping keys along the current path, for duplicate detection: the
	// decoded text of key i starts at keyOff[i], and keyPrint[i] holds its
	// length and a few of its bytes, so that comparing two keys rarely
	// needs their text.
	keyOff   [maxKeys]uint32
	keyPrint [maxKeys]uint64
	nkeys    int

	pending pendingValue
	block   blockScalar
	// content is set once the current document has a node; goccy rejects
	// `...` that ends a document without one.
	content bool
	// ended is set by `...` and cleared by `---`. goccy groups a document
	// that follows `...` without `---` in the same token array as the one
	// before, and null values the parser inserts into the first overwrite
	// the second ("value is not allowed in this context").
	ended bool
}

// at returns the byte at i, or '\n' past the end: the last line needs no
// line break, and everywhere in the subset the end of input behaves like one.
func (r *recognizer) at(i int) byte {
	if i < len(r.data) {
		return r.data[i]
	}
	return '\n'
}

// col is the column of offset i on the current line.
func (r *recognizer) col(i int) int { return i - r.lineStart }

func (r *recognizer) skipSpaces(i int) int {
	for i < len(r.data) && r.data[i] == ' ' {
		i++
	}
	return i
}

// stream reads the whole input line by line.
func (r *recognizer) stream() bool {
	for r.pos < len(r.data) {
		if !r.line() {
			return false
		}
	}
	return !r.block.active || r.block.end()
}

// newDocument forgets everything about the previous document: goccy checks
// duplicate keys per document.
func (r *recognizer) newDocument() {
	r.depth, r.nkeys = 0, 0
	r.pending = pendingValue{}
	r.content = false
}

// line reads one line starting at r.pos.
func (r *recognizer) line() bool {
	r.lineStart = r.pos
	p := r.skipSpaces(r.pos)
	indent := p - r.lineStart
	if r.block.active {
		done, ok := r.blockScalarLine(indent, p)
		if done || !ok {
			return ok
		}
	}
	switch r.at(p) {
	case '\n':
		r.pos = p + 1
		return true
	case '#':
		return r.comment(p)
	case '\t':
		return false
	}
	if c := r.data[p]; indent == 0 && (c == '-' || c == '.') {
		if marker, ok := r.documentMarker(p); marker {
			return ok
		}
	}
	return r.contentLine(indent, p)
}

// documentMarker handles `---` and `...` at column 0. marker reports whether
// the line starts with one; ok whether it is accepted.
func (r *recognizer) documentMarker(p int) (marker, ok bool) {
	if !bytes.HasPrefix(r.data[p:], []byte("---")) && !bytes.HasPrefix(r.data[p:], []byte("...")) {
		return false, false
	}
	if r.at(p) == '-' {
		// `---x` is a plain scalar to goccy; only a real marker is taken.
		if c := r.at(p + 3); c != ' ' && c != '\n' {
			return true, false
		}
	}
	// goccy ends the document at any `...` at column 0, even `...x`; and it
	// refuses content after `---` on the same line only for some node kinds.
	// Only a bare marker with an optional comment is accepted, and `...` only
	// after a node.
	if r.at(p) == '.' && !r.content {
		return true, false
	}
	r.newDocument()
	r.ended = r.at(p) == '.'
	return true, r.lineEnd(p + 3)
}

// comment consumes a comment from its '#' to the end of the line.
func (r *recognizer) comment(p int) bool {
	end, ok := r.text(p + 1)
	r.pos = end + 1
	return ok
}

// text scans free text (comments, block scalar lines) up to the line break
// and returns its offset. It rejects control characters other than tab and
// questionable UTF-8, which goccy would accept but which have no place in the
// fast path.
func (r *recognizer) text(i int) (int, bool) {
	d := r.data
	for ; i < len(d); i++ {
		c := d[i]
		switch {
		case c == '\n':
			return i, true
		case c >= utf8.RuneSelf:
			n, ok := r.validRune(i)
			if !ok {
				return i, false
			}
			i += n - 1
		case c < ' ' && c != '\t', c == 0x7f:
			return i, false
		}
	}
	return i, true
}

// validRune checks the multi-byte UTF-8 sequence at i and returns its size.
// Byte order marks, C1 controls and Unicode line separators are refused: the
// YAML specification gives them meanings that goccy does not.
func (r *recognizer) validRune(i int) (int, bool) {
	ru, n := utf8.DecodeRune(r.data[i:])
	switch {
	case ru == utf8.RuneError, ru <= 0x9f, ru == 0xfeff, ru == 0x2028, ru == 0x2029, ru == 0xfffe, ru == 0xffff:
		return n, false
	}
	return n, true
}

// lineEnd accepts optional spaces, then the end of the line or a comment
// preceded by a space, and moves to the next line.
func (r *recognizer) lineEnd(i int) bool {
	j := r.skipSpaces(i)
	switch r.at(j) {
	case '\n':
		r.pos = j + 1
		return true
	case '#':
		return j > i && r.comment(j)
	}
	return false
}

// blockScalarLine handles a line while a literal or folded scalar is open.
// done reports that the line was consumed as part of the scalar; otherwise
// the scalar has ended and the line is read as usual.
func (r *recognizer) blockScalarLine(indent, p int) (done, ok bool) {
	b := &r.block
	if r.at(p) == '\n' {
		if b.indent < 0 {
			b.blankLines = true
			b.leadSpaces = max(b.leadSpaces, indent)
		}
		r.pos = p + 1
		return true, true
	}
	if indent <= b.owner {
		// goccy ends the scalar at the first non-blank line at or left of
		// the column of its key or dash.
		return false, b.end()
	}
	if b.indent < 0 {
		// Leading blank lines may not have more spaces than the first text
		// line (goccy allows one more; the specification none).
		if b.leadSpaces > indent {
			return true, false
		}
		b.indent = indent
	}
	if indent < b.indent || r.data[p] == '\t' {
		// Text left of the scalar's indentation, or a tab where goccy is
		// still measuring indentation.
		return true, false
	}
	end, ok := r.text(p)
	r.pos = end + 1
	return true, ok
}

// contentLine reads a line holding a mapping or sequence entry at column
// indent.
func (r *recognizer) contentLine(indent, p int) bool {
	if r.ended {
		return false
	}
	if r.pending.active {
		pv := r.pending
		r.pending.active = false
		if indent > pv.indent {
			return r.beginCollection(p)
		}
		if indent == pv.indent && pv.fromKey && r.isDash(p) {
			// A sequence may sit at its key's own indentation.
			return r.beginCollection(p)
		}
		// Otherwise the pending value is null.
	}
	if r.depth == 0 {
		return r.beginCollection(p)
	}
	for r.depth > 0 && r.top().indent > indent {
		r.pop()
	}
	if r.depth == 0 || r.top().indent != indent {
		return false
	}
	if r.top().kind == blockSeq {
		if r.isDash(p) {
			return r.seqEntry(p)
		}
		// A sequence at its key's indentation ends at the next key of the
		// mapping that holds it.
		if r.depth < 2 || r.levels[r.depth-2].kind != blockMap || r.levels[r.depth-2].indent != indent {
			return false
		}
		r.pop()
	}
	if r.isDash(p) {
		return false
	}
	return r.mapEntry(p)
}

func (r *recognizer) top() *level { return &r.levels[r.depth-1] }

// push opens a collection; false when nesting is too deep for the fast path.
func (r *recognizer) push(kind levelKind, indent int) bool {
	if r.depth == maxDepth {
		return false
	}
	r.levels[r.depth] = level{indent: indent, kind: kind, keysFrom: r.nkeys}
	r.depth++
	return true
}

// pop closes the innermost collection and forgets its keys.
func (r *recognizer) pop() {
	r.depth--
	r.nkeys = r.levels[r.depth].keysFrom
}

// isDash reports a block sequence indicator: '-' followed by a space or the
// end of the line.
func (r *recognizer) isDash(p int) bool {
	if r.at(p) != '-' {
		return false
	}
	c := r.at(p + 1)
	return c == ' ' || c == '\n'
}

// beginCollection opens a block sequence or mapping whose first entry
// starts at p.
func (r *recognizer) beginCollection(p int) bool {
	r.content = true
	if r.isDash(p) {
		return r.push(blockSeq, r.col(p)) && r.seqEntry(p)
	}
	return r.push(blockMap, r.col(p)) && r.mapEntry(p)
}

// seqEntry reads `- item` at p, where the innermost level is the sequence.
func (r *recognizer) seqEntry(p int) bool {
	q := r.skipSpaces(p + 1)
	switch c := r.at(q); {
	case c == '\n':
		r.pending = pendingValue{active: true, indent: r.col(p)}
		r.pos = q + 1
		return true
	case c == '#':
		r.pending = pendingValue{active: true, indent: r.col(p)}
		return r.comment(q)
	case r.isDash(q):
		return r.beginCollection(q)
	}
	return r.itemNode(q, r.col(p))
}

// itemNode reads the node that follows a sequence dash on the same line: a
// scalar, a flow collection, a block scalar or the first entry of a compact
// mapping (`- key: value`).
func (r *recognizer) itemNode(q, owner int) bool {
	switch r.at(q) {
	case '[', '{', '|', '>':
		return r.inlineValue(q, owner)
	case '"', '\'':
		end, ok := r.quoted(q)
		if !ok {
			return false
		}
		if r.isMappingColon(r.skipSpaces(end)) {
			return r.beginCollection(q)
		}
		return r.lineEnd(end)
	}
	s, ok := r.plain(q)
	if !ok {
		return false
	}
	if s.colon {
		return r.beginCollection(q)
	}
	return r.lineEnd(s.end)
}

// isMappingColon reports ':' followed by a space or the end of the line.
func (r *recognizer) isMappingColon(i int) bool {
	if r.at(i) != ':' {
		return false
	}
	c := r.at(i + 1)
	return c == ' ' || c == '\n'
}

// mapEntry reads `key: value` or `key:` at p, where the innermost level is
// the mapping.
func (r *recognizer) mapEntry(p int) bool {
	colon, ok := r.blockKey(p)
	if !ok {
		return false
	}
	// The colon is followed by a space or the line end, so a '#' here
	// starts a comment.
	q := r.skipSpaces(colon + 1)
	switch c := r.at(q); {
	case c == '\n':
		r.pending = pendingValue{active: true, fromKey: true, indent: r.col(p)}
		r.pos = q + 1
		return true
	case c == '#':
		r.pending = pendingValue{active: true, fromKey: true, indent: r.col(p)}
		return r.comment(q)
	case r.isDash(q):
		// goccy: "block sequence entries are not allowed in this context".
		return false
	}
	return r.inlineValue(q, r.col(p))
}

// blockKey reads a block mapping key at p and registers it with the
// innermost mapping. It returns the offset of the key's ':'.
func (r *recognizer) blockKey(p int) (colon int, ok bool) {
	var from, to int
	switch r.at(p) {
	case '"', '\'':
		end, ok := r.quoted(p)
		if !ok {
			return 0, false
		}
		colon = r.skipSpaces(end)
		if !r.isMappingColon(colon) || !r.simpleQuotedKey(p, end) {
			return 0, false
		}
		from, to = p+1, end-1
	default:
		s, ok := r.plain(p)
		if !ok || !s.colon || s.quote {
			return 0, false
		}
		from, to, colon = p, s.end, s.colonAt
	}
	return colon, r.addKey(from, to)
}

// simpleQuotedKey reports whether the quoted scalar data[p:end] has its
// decoded text between the quotes: no escapes and no quote characters.
// goccy compares keys by their decoded text, and builds the duplicate-key
// index from paths in which a quote inside a key could make two different
// keys collide.
func (r *recognizer) simpleQuotedKey(p, end int) bool {
	inner := r.data[p+1 : end-1]
	return bytes.IndexByte(inner, '\\') < 0 && bytes.IndexByte(inner, '\'') < 0
}

// addKey registers the key text data[from:to] with the innermost mapping,
// failing on a duplicate or when the key store is full.
//
// goccy finds duplicates by path: a key's path is its mapping's path, '.',
// and its text, quoted with single quotes when it contains any of $*.[] (a
// sequence item adds [i]). Without single quotes inside keys such a path
// reads back one way only, so equal paths mean the same mapping and equal
// text; comparing the texts of sibling keys is then exactly goccy's check.
// With them, different keys can collide (`"'x'": {"'y'": 1}` and `x'.'y`),
// which is why keys containing a single quote are refused.
func (r *recognizer) addKey(from, to int) bool {
	text := r.data[from:to]
	fp := keyPrint(text)
	lv := r.top()
	bit := fp * 0x9e3779b97f4a7c15 >> 57 // 7 well-mixed bits
	word, mask := &lv.seen[bit>>6], uint64(1)<<(bit&63)
	if *word&mask != 0 {
		siblings := lv.keysFrom
		for i, other := range r.keyPrint[siblings:r.nkeys] {
			if other == fp {
				off := int(r.keyOff[siblings+i])
				if bytes.Equal(r.data[off:off+len(text)], text) {
					return false
				}
			}
		}
	}
	*word |= mask
	if r.nkeys == maxKeys {
		return false
	}
	r.keyOff[r.nkeys], r.keyPrint[r.nkeys] = uint32(from), fp //nolint:gosec // Clean refuses inputs of maxLen bytes or more
	r.nkeys++
	return true
}

// keyPrint packs a key's length with its first, middle and last two bytes:
// equal keys have equal prints, and sibling keys such as stage1 and stage2
// or train and valid almost never do.
func keyPrint(text []byte) uint64 {
	n := len(text)
	if n == 0 {
		return 0
	}
	return uint64(n)<<32 | uint64(text[0])<<24 | uint64(text[n/2])<<16 | uint64(text[max(n-2, 0)])<<8 | uint64(text[n-1])
}

// inlineValue reads a value that starts at q on the same line as its key or
// dash, whose column is owner, up to the end of the line. Nested block
// collections cannot start here.
func (r *recognizer) inlineValue(q, owner int) bool {
	switch r.at(q) {
	case '[', '{':
		end, ok := r.flow(q)
		return ok && r.lineEnd(end)
	case '|', '>':
		return r.blockScalarHeader(q, owner)
	case '"', '\'':
		end, ok := r.quoted(q)
		return ok && r.lineEnd(end)
	}
	s, ok := r.plain(q)
	return ok && !s.colon && r.lineEnd(s.end)
}

// blockScalarHeader reads `|`, `>` with an optional chomping indicator and
// comment; the text follows on the next lines.
func (r *recognizer) blockScalarHeader(q, owner int) bool {
	i := q + 1
	keep := r.at(i) == '+'
	if c := r.at(i); c == '-' || c == '+' {
		i++
	}
	if !r.lineEnd(i) {
		return false
	}
	r.block = blockScalar{active: true, keep: keep, owner: owner, indent: -1}
	return true
}

// plainScalar describes a plain scalar found by plain.
type plainScalar struct {
	end     int  // end of its text, trailing spaces excluded
	colon   bool // it is a mapping key: ':' followed by a space or line end
	colonAt int
	quote   bool // it contains a single quote
}

// plain scans a one-line plain scalar in block context starting at p. It
// stops before a comment, at the end of the line or at a mapping colon.
func (r *recognizer) plain(p int) (plainScalar, bool) {
	var s plainScalar
	if !isAlnum(r.at(p)) && !r.plainStart(p) {
		return s, false
	}
	d := r.data
	i := p
	for ; i < len(d); i++ {
		c := d[i]
		if isPlainSafe(c) {
			continue
		}
		switch {
		case c == '\n':
			return r.plainEnd(s, p, i), true
		case c == ' ':
			if r.at(i+1) == '#' {
				return r.plainEnd(s, p, i), true
			}
		case c == ':':
			if n := r.at(i + 1); n == ' ' || n == '\n' {
				s.colon, s.colonAt = true, i
				return r.plainEnd(s, p, i), true
			}
		case c == '<':
			// `<<` may be read as a merge key even inside a scalar.
			if r.at(i+1) == '<' {
				return s, false
			}
		case c == '\'':
			s.quote = true
		case c >= utf8.RuneSelf:
			n, ok := r.validRune(i)
			if !ok {
				return s, false
			}
			i += n - 1
		case c < ' ', c == 0x7f:
			return s, false
		}
	}
	return r.plainEnd(s, p, i), true
}

// plainEnd sets the end of a plain scalar that runs from p to i, without
// trailing spaces.
func (r *recognizer) plainEnd(s plainScalar, p, i int) plainScalar {
	for i > p && r.data[i-1] == ' ' {
		i--
	}
	s.end = i
	return s
}

// isPlainSafe reports ASCII bytes that need no further thought inside a
// plain scalar in block context.
func isPlainSafe(c byte) bool {
	return c > ' ' && c < 0x7f && c != ':' && c != '<' && c != '\''
}

// plainStart reports whether a plain scalar may start at p (callers test
// the common alphanumeric case first). Every indicator character is
// excluded, as are those that goccy treats specially at the start of a token
// (the reserved @ and backquote, % for directives, ] and } which close flow
// collections, < for merge keys, and the flow separator ,).
func (r *recognizer) plainStart(p int) bool {
	c := r.at(p)
	switch {
	case c == '-':
		// `- ` is a sequence entry; `-1`, `-x` and `--flag` are scalars.
		n := r.at(p + 1)
		return isPlainSafe(n) || n >= utf8.RuneSelf
	case c >= utf8.RuneSelf:
		_, ok := r.validRune(p)
		return ok
	}
	switch c {
	case '_', '/', '.', '$', '~', '(', ')', '+', '=', '^', ';', '\\':
		return true
	}
	return isAlnum(c)
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// quoted scans a one-line single- or double-quoted scalar at p and returns
// the offset just past its closing quote.
func (r *recognizer) quoted(p int) (int, bool) {
	if r.data[p] == '\'' {
		return r.singleQuoted(p)
	}
	return r.doubleQuoted(p)
}

func (r *recognizer) singleQuoted(p int) (int, bool) {
	d := r.data
	for i := p + 1; i < len(d); i++ {
		switch c := d[i]; {
		case c == '\'':
			if r.at(i+1) != '\'' {
				return i + 1, true
			}
			i++ // '' is an escaped quote
		case c == '\n':
			return 0, false
		case c >= utf8.RuneSelf:
			n, ok := r.validRune(i)
			if !ok {
				return 0, false
			}
			i += n - 1
		case c < ' ', c == 0x7f:
			return 0, false
		}
	}
	return 0, false
}

func (r *recognizer) doubleQuoted(p int) (int, bool) {
	d := r.data
	for i := p + 1; i < len(d); i++ {
		switch c := d[i]; {
		case c == '"':
			return i + 1, true
		case c == '\\':
			n, ok := r.escape(i)
			if !ok {
				return 0, false
			}
			i += n - 1
		case c == '\n':
			return 0, false
		case c >= utf8.RuneSelf:
			n, ok := r.validRune(i)
			if !ok {
				return 0, false
			}
			i += n - 1
		case c < ' ', c == 0x7f:
			return 0, false
		}
	}
	return 0, false
}

// escape checks the escape sequence at i (a backslash) in a double-quoted
// scalar and returns its length. goccy does not check that \x, \u and \U
// are followed by hex digits and may then swallow the closing quote, so
// those are checked here; escaped line breaks and tabs are left to goccy.
func (r *recognizer) escape(i int) (int, bool) {
	switch r.at(i + 1) {
	case '0', 'a', 'b', 't', 'n', 'v', 'f', 'r', 'e', ' ', '"', '/', '\\', 'N', '_', 'L', 'P':
		return 2, true
	case 'x':
		_, ok := r.hex(i+2, 2)
		return 4, ok
	case 'u':
		v, ok := r.hex(i+2, 4)
		// Surrogates need a pair that goccy checks on its own terms.
		return 6, ok && (v < 0xd800 || v > 0xdfff)
	case 'U':
		v, ok := r.hex(i+2, 8)
		return 10, ok && v <= utf8.MaxRune && (v < 0xd800 || v > 0xdfff)
	}
	return 0, false
}

// hex reads n hex digits at i.
func (r *recognizer) hex(i, n int) (rune, bool) {
	var v rune
	for k := i; k < i+n; k++ {
		c := r.at(k)
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// flow reads a one-line flow sequence or mapping at p and returns the offset
// just past its closing bracket.
func (r *recognizer) flow(p int) (int, bool) {
	if r.data[p] == '[' {
		return r.flowSeq(p)
	}
	return r.flowMap(p)
}

// flowSeq reads `[a, b, ...]`. Trailing commas, empty entries and
// single-pair mappings (`[a: b]`) are left to goccy.
func (r *recognizer) flowSeq(p int) (int, bool) {
	if !r.push(flowSeq, 0) {
		return 0, false
	}
	i := r.skipSpaces(p + 1)
	if r.at(i) == ']' {
		r.pop()
		return i + 1, true
	}
	for {
		end, ok := r.flowNode(i)
		if !ok {
			return 0, false
		}
		i = r.skipSpaces(end)
		switch r.at(i) {
		case ',':
			i = r.skipSpaces(i + 1)
			if r.at(i) == ']' {
				return 0, false
			}
		case ']':
			r.pop()
			return i + 1, true
		default:
			return 0, false
		}
	}
}

// flowMap reads `{k: v, ...}` with keys that are plain or simple quoted
// scalars and values that are present.
func (r *recognizer) flowMap(p int) (int, bool) {
	if !r.push(flowMap, 0) {
		return 0, false
	}
	i := r.skipSpaces(p + 1)
	if r.at(i) == '}' {
		r.pop()
		return i + 1, true
	}
	for {
		colon, ok := r.flowKey(i)
		if !ok {
			return 0, false
		}
		i = r.skipSpaces(colon + 1)
		end, ok := r.flowNode(i)
		if !ok {
			return 0, false
		}
		i = r.skipSpaces(end)
		switch r.at(i) {
		case ',':
			i = r.skipSpaces(i + 1)
			if r.at(i) == '}' {
				return 0, false
			}
		case '}':
			r.pop()
			return i + 1, true
		default:
			return 0, false
		}
	}
}

// flowKey reads a flow mapping key at i and its ':' and registers the key.
// goccy splits `a:b` inside a flow mapping into key and value, so a plain key
// needs a space after the colon to be read the same way everywhere. After a
// quoted key (JSON style) the colon may touch the value, except that goccy
// never splits at ":/" (as in http://).
func (r *recognizer) flowKey(i int) (colon int, ok bool) {
	var from, to int
	switch r.at(i) {
	case '"', '\'':
		end, ok := r.quoted(i)
		if !ok || !r.simpleQuotedKey(i, end) {
			return 0, false
		}
		colon = r.skipSpaces(end)
		if r.at(colon) != ':' || r.at(colon+1) == '/' {
			return 0, false
		}
		from, to = i+1, end-1
	default:
		end, next, ok := r.flowPlain(i)
		if !ok || r.at(next) != ':' || r.at(next+1) != ' ' {
			return 0, false
		}
		from, to, colon = i, end, next
	}
	return colon, r.addKey(from, to)
}

// flowNode reads a scalar or nested collection inside a flow collection and
// returns the offset just past it. A scalar followed by ':' would be a key,
// which is not allowed here.
func (r *recognizer) flowNode(i int) (int, bool) {
	switch r.at(i) {
	case '[', '{':
		return r.flow(i)
	case '"', '\'':
		end, ok := r.quoted(i)
		return end, ok && r.at(r.skipSpaces(end)) != ':'
	}
	end, next, ok := r.flowPlain(i)
	return end, ok && r.at(next) != ':'
}

// flowPlain scans a plain scalar inside a flow collection. It returns the end
// of its text (trailing spaces excluded) and the offset of the delimiter
// that stopped it: ',', ']', '}' or ':'. Characters that would open a nested
// collection, a comment or a quoted scalar are refused.
func (r *recognizer) flowPlain(p int) (end, next int, ok bool) {
	if !isAlnum(r.at(p)) && !r.plainStart(p) {
		return 0, 0, false
	}
	d := r.data
	i := p
	for ; i < len(d); i++ {
		c := d[i]
		if isAlnum(c) || c == ' ' || c == '.' || c == '_' || c == '-' || c == '/' {
			continue // the common case, decided in one place
		}
		switch {
		case c == ',', c == ']', c == '}', c == ':':
			e := i
			for e > p && d[e-1] == ' ' {
				e--
			}
			return e, i, true
		case c == '[', c == '{', c == '#', c == '\'', c == '"', c == '\n':
			return 0, 0, false
		case c == '<':
			if r.at(i+1) == '<' {
				return 0, 0, false
			}
		case c >= utf8.RuneSelf:
			n, ok := r.validRune(i)
			if !ok {
				return 0, 0, false
			}
			i += n - 1
		case c < ' ', c == 0x7f:
			return 0, 0, false
		}
	}
	return 0, 0, false
}
