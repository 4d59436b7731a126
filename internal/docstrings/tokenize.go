package docstrings

import (
	"bytes"
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"
)

// TokenKind classifies a token. Only the distinctions the structural pass needs exist:
// operators other than brackets are kept as single bytes, numbers are opaque.
type TokenKind uint8

// Token kinds produced by Tokenize.
const (
	TokEOF TokenKind = iota
	TokName
	TokNumber
	TokString
	TokOp
	TokNewline
	TokIndent
	TokDedent
)

func (k TokenKind) String() string {
	switch k {
	case TokEOF:
		return "EOF"
	case TokName:
		return "NAME"
	case TokNumber:
		return "NUMBER"
	case TokString:
		return "STRING"
	case TokOp:
		return "OP"
	case TokNewline:
		return "NEWLINE"
	case TokIndent:
		return "INDENT"
	case TokDedent:
		return "DEDENT"
	}
	return fmt.Sprintf("TokenKind(%d)", uint8(k))
}

// String token flags, from the prefix.
const (
	StrRaw uint8 = 1 << iota
	StrBytes
	StrFormat   // f-string
	StrTemplate // t-string (Python 3.14)
)

// Token is one lexical token. Start/End are byte offsets of the whole token in the source;
// for strings BodyStart/BodyEnd delimit the text between the quotes.
type Token struct {
	Kind      TokenKind
	Op        byte // first byte of an operator (brackets, ':', ';', '@', '.', …)
	Flags     uint8
	Line      int32
	Start     int32
	End       int32
	BodyStart int32
	BodyEnd   int32
}

// SyntaxError is a position in a file the scanner cannot make sense of. interrogate (via
// ast.parse) would abort on the same file.
type SyntaxError struct {
	Line int
	Col  int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d:%d: %s", e.Line, e.Col, e.Msg) }

// Limits mirror CPython's (MAXLEVEL for brackets, MAXFSTRINGLEVEL for f-strings) so that
// adversarial input is rejected the same way instead of recursing without bound.
const (
	maxBracketDepth = 200
	maxFStringDepth = 150
	maxIndentDepth  = 100
)

type bracket struct {
	ch   byte
	line int
	col  int
}

type tokenizer struct {
	src        []byte
	pos        int
	line       int
	lineStart  int
	toks       []Token
	indents    []int
	altIndents []int
	parens     []bracket
	lineHasTok bool
}

// Tokenize splits Python source into tokens. It accepts a UTF-8 BOM, CRLF and CR line
// endings, tabs in indentation (rejecting inconsistent use like CPython's TabError), every
// string prefix and PEP 701 nested f-strings. It runs in time linear in len(src).
func Tokenize(src []byte) ([]Token, error) {
	return tokenizeInto(nil, src)
}

// tokenizeInto is Tokenize appending to buf[:0], so a caller measuring many files can reuse
// one token buffer instead of allocating and zeroing a new one per file.
func tokenizeInto(buf []Token, src []byte) ([]Token, error) {
	if len(src) >= math.MaxInt32 {
		return nil, &SyntaxError{Line: 1, Col: 1, Msg: "file too large (2 GiB or more)"}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line := 1 + bytes.Count(src[:i], []byte{'\n'})
		return nil, &SyntaxError{Line: line, Col: 1, Msg: "source code cannot contain null bytes"}
	}
	if !utf8.Valid(src) {
		line := 1
		for i := 0; i < len(src); {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if src[i] == '\n' {
				line++
			}
			i += size
		}
		return nil, &SyntaxError{Line: line, Col: 1, Msg: "file is not valid UTF-8 (interrogate reads files as UTF-8)"}
	}
	t := &tokenizer{src: src, line: 1, indents: []int{0}, altIndents: []int{0}}
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		t.pos = 3
		t.lineStart = 3
	}
	t.toks = buf[:0]
	if want := len(src)/5 + 8; cap(t.toks) < want {
		// A rough preallocation: about one token per 5 bytes is typical of Python source.
		t.toks = make([]Token, 0, want)
	}
	if err := t.run(); err != nil {
		return nil, err
	}
	return t.toks, nil
}

func (t *tokenizer) errAt(pos int, format string, args ...any) error {
	return &SyntaxError{Line: t.line, Col: pos - t.lineStart + 1, Msg: fmt.Sprintf(format, args...)}
}

// nl reports the length of the line ending at p (0 if none). Universal newlines: interrogate
// opens files in text mode, so "\r" alone also ends a line.
func (t *tokenizer) nl(p int) int {
	if p >= len(t.src) {
		return 0
	}
	switch t.src[p] {
	case '\n':
		return 1
	case '\r':
		if p+1 < len(t.src) && t.src[p+1] == '\n' {
			return 2
		}
		return 1
	}
	return 0
}

func (t *tokenizer) newline(n int) {
	t.pos += n
	t.line++
	t.lineStart = t.pos
}

func (t *tokenizer) emit(tok Token) {
	tok.Line = i32(t.line)
	t.toks = append(t.toks, tok)
	t.lineHasTok = true
}

func (t *tokenizer) run() error {
	atLineStart := true
	src := t.src
	n := len(src)
	for {
		if atLineStart && len(t.parens) == 0 {
			col, alt := 0, 0
			for t.pos < n {
				c := src[t.pos]
				if c != ' ' && c != '\t' && c != '\f' {
					break
				}
				switch c {
				case ' ':
					col++
					alt++
				case '\t':
					col = (col/8 + 1) * 8
					alt++
				default: // form feed resets the column, as in CPython
					col, alt = 0, 0
				}
				t.pos++
			}
			if t.pos >= n {
				break
			}
			c := src[t.pos]
			if c == '#' || c == '\n' || c == '\r' {
				// Blank or comment-only line: no indentation change (an NL token in CPython).
				for t.pos < n && src[t.pos] != '\n' && src[t.pos] != '\r' {
					t.pos++
				}
				if k := t.nl(t.pos); k > 0 {
					t.newline(k)
				}
				continue
			}
			if err := t.indent(col, alt); err != nil {
				return err
			}
			atLineStart = false
		}
		if t.pos >= n {
			break
		}
		c := src[t.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\f':
			t.pos++
		case c == '#':
			for t.pos < n && src[t.pos] != '\n' && src[t.pos] != '\r' {
				t.pos++
			}
		case c == '\n' || c == '\r':
			k := t.nl(t.pos)
			if len(t.parens) == 0 && t.lineHasTok {
				t.emit(Token{Kind: TokNewline, Start: i32(t.pos), End: i32(t.pos + k)})
				t.lineHasTok = false
				atLineStart = true
			} else if len(t.parens) == 0 {
				atLineStart = true
			}
			t.newline(k)
		case c == '\\':
			k := t.nl(t.pos + 1)
			if k == 0 {
				if t.pos+1 >= n {
					return t.errAt(t.pos, "unexpected EOF while parsing")
				}
				return t.errAt(t.pos, "unexpected character after line continuation character")
			}
			t.pos++
			t.newline(k)
		case c == '"' || c == '\'':
			if err := t.stringToken(t.pos, t.pos, 0); err != nil {
				return err
			}
		case isDigit(c) || (c == '.' && t.pos+1 < n && isDigit(src[t.pos+1])):
			start := t.pos
			if err := t.skipNumber(); err != nil {
				return err
			}
			t.emit(Token{Kind: TokNumber, Start: i32(start), End: i32(t.pos)})
		case c == '(' || c == '[' || c == '{':
			if len(t.parens) >= maxBracketDepth {
				return t.errAt(t.pos, "too many nested parentheses")
			}
			t.parens = append(t.parens, bracket{ch: c, line: t.line, col: t.pos - t.lineStart + 1})
			t.emit(Token{Kind: TokOp, Op: c, Start: i32(t.pos), End: i32(t.pos + 1)})
			t.pos++
		case c == ')' || c == ']' || c == '}':
			if len(t.parens) == 0 {
				return t.errAt(t.pos, "unmatched '%c'", c)
			}
			open := t.parens[len(t.parens)-1]
			if closing(open.ch) != c {
				return t.errAt(t.pos, "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open.ch)
			}
			t.parens = t.parens[:len(t.parens)-1]
			t.emit(Token{Kind: TokOp, Op: c, Start: i32(t.pos), End: i32(t.pos + 1)})
			t.pos++
		case c < 0x80 && isIdentStart(c):
			if err := t.nameOrString(); err != nil {
				return err
			}
		case c >= 0x80:
			r, _ := utf8.DecodeRune(src[t.pos:])
			if !isIdentStartRune(r) {
				return t.badChar(r)
			}
			if err := t.nameOrString(); err != nil {
				return err
			}
		case c < 0x20 || c == 0x7f:
			return t.errAt(t.pos, "invalid non-printable character U+%04X", c)
		case c == '`' || c == '$' || c == '?' || (c == '!' && (t.pos+1 >= n || src[t.pos+1] != '=')) ||
			(c == '<' && t.pos+1 < n && src[t.pos+1] == '>'):
			// Python 2 backticks and "<>", and characters Python 3 has no use for outside
			// f-strings.
			return t.errAt(t.pos, "invalid syntax")
		default:
			t.emit(Token{Kind: TokOp, Op: c, Start: i32(t.pos), End: i32(t.pos + 1)})
			t.pos++
		}
	}
	if len(t.parens) > 0 {
		open := t.parens[len(t.parens)-1]
		return &SyntaxError{Line: open.line, Col: open.col, Msg: fmt.Sprintf("'%c' was never closed", open.ch)}
	}
	if t.lineHasTok {
		t.emit(Token{Kind: TokNewline, Start: i32(n), End: i32(n)})
	}
	for len(t.indents) > 1 {
		t.indents = t.indents[:len(t.indents)-1]
		t.toks = append(t.toks, Token{Kind: TokDedent, Line: i32(t.line), Start: i32(n), End: i32(n)})
	}
	t.toks = append(t.toks, Token{Kind: TokEOF, Line: i32(t.line), Start: i32(n), End: i32(n)})
	return nil
}

func (t *tokenizer) badChar(r rune) error {
	if unicode.IsPrint(r) {
		return t.errAt(t.pos, "invalid character '%c' (U+%04X)", r, r)
	}
	return t.errAt(t.pos, "invalid non-printable character U+%04X", r)
}

// indent compares the indentation of a new logical line with the stack, as CPython does:
// col counts tabs to the next multiple of 8, alt counts them as 1; the two must agree on
// the ordering or the file mixes tabs and spaces ambiguously (TabError).
func (t *tokenizer) indent(col, alt int) error {
	top := len(t.indents) - 1
	switch {
	case col == t.indents[top]:
		if alt != t.altIndents[top] {
			return t.errAt(t.pos, "inconsistent use of tabs and spaces in indentation")
		}
	case col > t.indents[top]:
		if alt <= t.altIndents[top] {
			return t.errAt(t.pos, "inconsistent use of tabs and spaces in indentation")
		}
		if len(t.indents) >= maxIndentDepth {
			return t.errAt(t.pos, "too many levels of indentation")
		}
		t.indents = append(t.indents, col)
		t.altIndents = append(t.altIndents, alt)
		t.toks = append(t.toks, Token{Kind: TokIndent, Line: i32(t.line), Start: i32(t.pos), End: i32(t.pos)})
	default:
		for len(t.indents) > 1 && col < t.indents[len(t.indents)-1] {
			t.indents = t.indents[:len(t.indents)-1]
			t.altIndents = t.altIndents[:len(t.altIndents)-1]
			t.toks = append(t.toks, Token{Kind: TokDedent, Line: i32(t.line), Start: i32(t.pos), End: i32(t.pos)})
		}
		top = len(t.indents) - 1
		if col != t.indents[top] {
			return t.errAt(t.pos, "unindent does not match any outer indentation level")
		}
		if alt != t.altIndents[top] {
			return t.errAt(t.pos, "inconsistent use of tabs and spaces in indentation")
		}
	}
	return nil
}

// i32 narrows an offset or line number for Token. Tokenize rejects sources of 2 GiB or more,
// so every offset and line number fits.
func i32(v int) int32 {
	return int32(v) //nolint:gosec // G115: bounded by the size check in tokenizeInto
}

func closing(open byte) byte {
	switch open {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentByte(c byte) bool { return isIdentStart(c) || isDigit(c) }

// Identifier classes approximate XID_Start/XID_Continue with Go's unicode tables.
func isIdentStartRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r)
}

func isIdentContRune(r rune) bool {
	return isIdentStartRune(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc) ||
		unicode.Is(unicode.Other_ID_Continue, r)
}

// skipNumber consumes a numeric literal following Python's grammar closely enough that a
// keyword glued to a number ("1if x else 2") is a separate token, and reports literals
// Python 3 rejects (leading zeros, as in Python 2 octals).
func (t *tokenizer) skipNumber() error {
	src := t.src
	n := len(src)
	start := t.pos
	digits := func(ok func(byte) bool) {
		for t.pos < n && (ok(src[t.pos]) || src[t.pos] == '_') {
			t.pos++
		}
	}
	if src[t.pos] == '0' && t.pos+1 < n {
		switch src[t.pos+1] | 0x20 {
		case 'x':
			t.pos += 2
			digits(func(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') })
			return nil
		case 'o':
			t.pos += 2
			digits(func(c byte) bool { return c >= '0' && c <= '7' })
			return nil
		case 'b':
			t.pos += 2
			digits(func(c byte) bool { return c == '0' || c == '1' })
			return nil
		}
	}
	digits(isDigit)
	intEnd := t.pos
	isFloat := false
	if t.pos < n && src[t.pos] == '.' {
		isFloat = true
		t.pos++
		digits(isDigit)
	}
	if t.pos < n && src[t.pos]|0x20 == 'e' {
		p := t.pos + 1
		if p < n && (src[p] == '+' || src[p] == '-') {
			p++
		}
		if p < n && isDigit(src[p]) {
			isFloat = true
			t.pos = p
			digits(isDigit)
		}
	}
	if t.pos < n && src[t.pos]|0x20 == 'j' {
		isFloat = true
		t.pos++
	}
	if !isFloat && intEnd-start > 1 && src[start] == '0' {
		for _, c := range src[start:intEnd] {
			if c != '0' && c != '_' {
				return t.errAt(start, "leading zeros in decimal integer literals are not permitted")
			}
		}
	}
	return nil
}

// stringPrefix returns the flags of a valid string prefix (any case) and whether it is one.
func stringPrefix(p []byte) (uint8, bool) {
	if len(p) > 2 {
		return 0, false
	}
	var f uint8
	seen := 0
	for _, c := range p {
		switch c | 0x20 {
		case 'r':
			if f&StrRaw != 0 {
				return 0, false
			}
			f |= StrRaw
		case 'b':
			f |= StrBytes
			seen++
		case 'f':
			f |= StrFormat
			seen++
		case 't':
			f |= StrTemplate
			seen++
		case 'u':
			if len(p) != 1 {
				return 0, false
			}
		default:
			return 0, false
		}
	}
	if seen > 1 {
		return 0, false
	}
	return f, true
}

func (t *tokenizer) scanIdent() {
	src := t.src
	for t.pos < len(src) {
		c := src[t.pos]
		if c < 0x80 {
			if !isIdentByte(c) {
				return
			}
			t.pos++
			continue
		}
		r, size := utf8.DecodeRune(src[t.pos:])
		if !isIdentContRune(r) {
			return
		}
		t.pos += size
	}
}

func (t *tokenizer) nameOrString() error {
	start := t.pos
	t.scanIdent()
	if t.pos < len(t.src) && (t.src[t.pos] == '"' || t.src[t.pos] == '\'') {
		if flags, ok := stringPrefix(t.src[start:t.pos]); ok {
			return t.stringToken(start, t.pos, flags)
		}
	}
	t.emit(Token{Kind: TokName, Start: i32(start), End: i32(t.pos)})
	return nil
}

// stringToken scans a string literal whose prefix starts at start and quote at q.
func (t *tokenizer) stringToken(start, q int, flags uint8) error {
	line := t.line
	t.pos = q
	bodyStart, bodyEnd, err := t.scanString(flags, 0)
	if err != nil {
		return err
	}
	t.toks = append(t.toks, Token{
		Kind: TokString, Flags: flags, Line: i32(line), Start: i32(start), End: i32(t.pos),
		BodyStart: i32(bodyStart), BodyEnd: i32(bodyEnd),
	})
	t.lineHasTok = true
	return nil
}

// scanString consumes a string starting at the opening quote at t.pos and returns the body
// offsets. depth counts enclosing f-string replacement fields.
func (t *tokenizer) scanString(flags uint8, depth int) (int, int, error) {
	src := t.src
	n := len(src)
	q := src[t.pos]
	startLine, startCol := t.line, t.pos-t.lineStart+1
	triple := t.pos+2 < n && src[t.pos+1] == q && src[t.pos+2] == q
	if triple {
		t.pos += 3
	} else {
		t.pos++
	}
	bodyStart := t.pos
	unterminated := func() error {
		kind := "string literal"
		if flags&StrFormat != 0 {
			kind = "f-string literal"
		} else if flags&StrTemplate != 0 {
			kind = "t-string literal"
		}
		if triple {
			kind = "triple-quoted " + kind
		}
		return &SyntaxError{Line: startLine, Col: startCol, Msg: "unterminated " + kind}
	}
	formatted := flags&(StrFormat|StrTemplate) != 0
	if formatted && depth >= maxFStringDepth {
		return 0, 0, t.errAt(t.pos, "too many nested f-strings")
	}
	for t.pos < n {
		c := src[t.pos]
		switch {
		case c == q:
			if !triple {
				t.pos++
				return bodyStart, t.pos - 1, nil
			}
			if t.pos+2 < n && src[t.pos+1] == q && src[t.pos+2] == q {
				t.pos += 3
				return bodyStart, t.pos - 3, nil
			}
			t.pos++
		case c == '\\':
			t.pos++
			if t.pos >= n {
				return 0, 0, unterminated()
			}
			if k := t.nl(t.pos); k > 0 {
				t.newline(k)
				continue
			}
			nc := src[t.pos]
			if formatted {
				// In f-strings a backslash never escapes a brace; "\N{...}" is a named escape.
				if nc == '{' || nc == '}' {
					continue
				}
				if nc == 'N' && flags&StrRaw == 0 && t.pos+1 < n && src[t.pos+1] == '{' {
					end := bytes.IndexByte(src[t.pos:], '}')
					// Look for a line break only up to the '}' so the scan stays linear.
					if end < 0 || bytes.ContainsAny(src[t.pos:t.pos+end], "\r\n") {
						return 0, 0, unterminated()
					}
					t.pos += end + 1
					continue
				}
			}
			t.pos++
		case c == '\n' || c == '\r':
			if !triple {
				return 0, 0, unterminated()
			}
			t.newline(t.nl(t.pos))
		case formatted && c == '{':
			if t.pos+1 < n && src[t.pos+1] == '{' {
				t.pos += 2
				continue
			}
			t.pos++
			if err := t.replacementField(q, triple, depth+1); err != nil {
				return 0, 0, err
			}
		case formatted && c == '}':
			if t.pos+1 < n && src[t.pos+1] == '}' {
				t.pos += 2
				continue
			}
			return 0, 0, t.errAt(t.pos, "f-string: single '}' is not allowed")
		default:
			t.pos++
		}
	}
	return 0, 0, unterminated()
}

// replacementField consumes an f-string replacement field after its '{' up to and including
// the matching '}'. Per PEP 701 the expression may contain any string, including ones that
// reuse the enclosing quote, comments and newlines.
func (t *tokenizer) replacementField(q byte, triple bool, depth int) error {
	src := t.src
	n := len(src)
	startLine, startCol := t.line, t.pos-t.lineStart
	var arr [16]byte
	stack := arr[:0] // open brackets of the expression
	for t.pos < n {
		c := src[t.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\f':
			t.pos++
		case c == '\n' || c == '\r':
			t.newline(t.nl(t.pos))
		case c == '#':
			for t.pos < n && src[t.pos] != '\n' && src[t.pos] != '\r' {
				t.pos++
			}
		case c == '\\':
			k := t.nl(t.pos + 1)
			if k == 0 {
				return t.errAt(t.pos, "f-string expression part cannot include a backslash")
			}
			t.pos++
			t.newline(k)
		case c == '"' || c == '\'':
			if _, _, err := t.scanString(0, depth); err != nil {
				return err
			}
		case c < 0x80 && isIdentStart(c), c >= 0x80:
			start := t.pos
			t.scanIdent()
			if t.pos == start {
				r, _ := utf8.DecodeRune(src[t.pos:])
				return t.badChar(r)
			}
			if t.pos < n && (src[t.pos] == '"' || src[t.pos] == '\'') {
				if flags, ok := stringPrefix(src[start:t.pos]); ok {
					if _, _, err := t.scanString(flags, depth); err != nil {
						return err
					}
				}
			}
		case isDigit(c) || (c == '.' && t.pos+1 < n && isDigit(src[t.pos+1])):
			if err := t.skipNumber(); err != nil {
				return err
			}
		case c == '(' || c == '[' || c == '{':
			if len(stack) >= maxBracketDepth {
				return t.errAt(t.pos, "too many nested parentheses")
			}
			stack = append(stack, c)
			t.pos++
		case c == ')' || c == ']' || c == '}':
			if len(stack) == 0 {
				t.pos++
				if c == '}' {
					return nil
				}
				return t.errAt(t.pos-1, "f-string: unmatched '%c'", c)
			}
			open := stack[len(stack)-1]
			if closing(open) != c {
				return t.errAt(t.pos, "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open)
			}
			stack = stack[:len(stack)-1]
			t.pos++
		case c == '!' && len(stack) == 0 && (t.pos+1 >= n || src[t.pos+1] != '='):
			t.pos++ // conversion (!r, !s, !a): the name follows, then ':' or '}'
		case c == ':' && len(stack) == 0:
			t.pos++
			return t.formatSpec(q, triple, depth)
		case c < 0x20 || c == 0x7f:
			return t.errAt(t.pos, "invalid non-printable character U+%04X", c)
		default:
			t.pos++
		}
	}
	return &SyntaxError{Line: startLine, Col: startCol, Msg: "f-string: expecting '}'"}
}

// formatSpec consumes a format spec (literal text with nested replacement fields) up to and
// including the '}' that closes its field.
func (t *tokenizer) formatSpec(q byte, triple bool, depth int) error {
	src := t.src
	n := len(src)
	for t.pos < n {
		c := src[t.pos]
		switch c {
		case '}':
			t.pos++
			return nil
		case '{':
			t.pos++
			if depth+1 >= maxFStringDepth {
				return t.errAt(t.pos, "too many nested f-strings")
			}
			if err := t.replacementField(q, triple, depth+1); err != nil {
				return err
			}
		case q:
			if !triple || (t.pos+2 < n && src[t.pos+1] == q && src[t.pos+2] == q) {
				return t.errAt(t.pos, "f-string: expecting '}'")
			}
			t.pos++
		case '\\':
			t.pos++
			if k := t.nl(t.pos); k > 0 {
				t.newline(k)
			} else if t.pos < n && src[t.pos] != '{' && src[t.pos] != '}' {
				t.pos++
			}
		case '\n', '\r':
			if !triple {
				return t.errAt(t.pos, "f-string: newlines are not allowed in format specifiers for single quoted f-strings")
			}
			t.newline(t.nl(t.pos))
		default:
			t.pos++
		}
	}
	return t.errAt(t.pos, "f-string: expecting '}'")
}
