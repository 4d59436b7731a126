package docstrings

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// NodeType is the ast class interrogate records for a node; the counting rules depend on
// the exact class (an AsyncFunctionDef is not a "FunctionDef" for nesting purposes).
type NodeType uint8

// Node types, named after Python's ast classes.
const (
	Module NodeType = iota
	ClassDef
	FunctionDef
	AsyncFunctionDef
)

func (t NodeType) String() string {
	switch t {
	case Module:
		return "Module"
	case ClassDef:
		return "ClassDef"
	case FunctionDef:
		return "FunctionDef"
	case AsyncFunctionDef:
		return "AsyncFunctionDef"
	}
	return "?"
}

// decoKind is the ast class of a decorator expression as far as interrogate inspects it:
// it only looks at Name.id, Attribute.attr and Attribute.value.id.
type decoKind uint8

const (
	decoOther decoKind = iota
	decoName
	decoAttr
)

type decorator struct {
	kind    decoKind
	id      string // Name.id
	attr    string // Attribute.attr
	valueID string // Attribute.value.id when the value is a Name
}

// defNode is one module, class or function found in a file, in source (pre-)order.
type defNode struct {
	typ    NodeType
	name   string
	line   int
	parent int // index into the file's node slice; -1 for the module
	decos  []decorator
	hasDoc bool // a docstring with at least one non-whitespace character
}

// parseDefs extracts the definition tree from a token stream. Definitions can only start a
// logical line, so the pass works line by line, tracking indentation depth to know which
// class or function encloses each definition. It also rejects indentation that CPython's
// parser would reject, because interrogate cannot measure such a file.
func parseDefs(src []byte, toks []Token) ([]defNode, error) {
	nodes := []defNode{{typ: Module, parent: -1}}
	type scope struct {
		node, depth int
	}
	var scopes []scope
	var decos []decorator
	depth := 0
	pending, pendingDepth := -1, 0
	prevColon := false
	first := true
	i := 0
	for {
		sawIndent := false
		for toks[i].Kind == TokIndent || toks[i].Kind == TokDedent {
			if toks[i].Kind == TokIndent {
				depth++
				sawIndent = true
			} else {
				depth--
			}
			i++
		}
		if toks[i].Kind == TokEOF {
			if prevColon {
				return nil, &SyntaxError{Line: int(toks[i].Line), Col: 1, Msg: "expected an indented block"}
			}
			break
		}
		start := i
		for toks[i].Kind != TokNewline && toks[i].Kind != TokEOF {
			i++
		}
		line := toks[start:i]
		if toks[i].Kind == TokNewline {
			i++
		}
		if sawIndent && !prevColon {
			return nil, &SyntaxError{Line: int(line[0].Line), Col: 1, Msg: "unexpected indent"}
		}
		if prevColon && !sawIndent {
			return nil, &SyntaxError{Line: int(line[0].Line), Col: 1, Msg: "expected an indented block"}
		}
		if err := checkAdjacent(src, line); err != nil {
			return nil, err
		}
		last := line[len(line)-1]
		prevColon = last.Kind == TokOp && last.Op == ':'

		for len(scopes) > 0 && scopes[len(scopes)-1].depth >= depth {
			scopes = scopes[:len(scopes)-1]
		}
		if pending >= 0 {
			nodes[pending].hasDoc = docstring(src, firstStatement(line))
			scopes = append(scopes, scope{node: pending, depth: pendingDepth})
			pending = -1
		}
		if first {
			nodes[0].hasDoc = docstring(src, firstStatement(line))
			first = false
		}

		t0 := line[0]
		if t0.Kind == TokOp && t0.Op == '@' {
			decos = append(decos, classifyDecorator(src, line[1:]))
			continue
		}
		j := 0
		var typ NodeType
		switch {
		case isKeyword(src, t0, "def"):
			typ = FunctionDef
		case isKeyword(src, t0, "class"):
			typ = ClassDef
		case isKeyword(src, t0, "async") && len(line) > 1 && isKeyword(src, line[1], "def"):
			typ, j = AsyncFunctionDef, 1
		default:
			decos = nil
			continue
		}
		if j+1 >= len(line) || line[j+1].Kind != TokName {
			return nil, &SyntaxError{Line: int(t0.Line), Col: 1, Msg: "invalid syntax: expected a name after '" + string(text(src, line[j])) + "'"}
		}
		parent := 0
		if len(scopes) > 0 {
			parent = scopes[len(scopes)-1].node
		}
		nodes = append(nodes, defNode{typ: typ, name: string(text(src, line[j+1])), line: int(t0.Line), parent: parent, decos: decos})
		decos = nil
		idx := len(nodes) - 1
		// The header ends at the first ':' outside brackets (type parameters, arguments,
		// bases and annotations are all bracketed or colon-free).
		level, k := 0, -1
		for m := j + 2; m < len(line); m++ {
			tk := line[m]
			if tk.Kind != TokOp {
				continue
			}
			switch tk.Op {
			case '(', '[', '{':
				level++
			case ')', ']', '}':
				level--
			case ':':
				if level == 0 {
					k = m
				}
			}
			if k >= 0 {
				break
			}
		}
		if k < 0 {
			return nil, &SyntaxError{Line: int(t0.Line), Col: 1, Msg: "expected ':'"}
		}
		if k == len(line)-1 {
			pending, pendingDepth = idx, depth
		} else {
			nodes[idx].hasDoc = docstring(src, firstStatement(line[k+1:]))
		}
	}
	return nodes, nil
}

// checkAdjacent rejects two atoms in a row (other than string concatenation and a soft
// keyword opening a statement): never valid Python 3, typical of Python 2 code such as
// `print "x"`, `exec code` or `10L`, which ast.parse and so interrogate reject.
func checkAdjacent(src []byte, line []Token) error {
	atom := func(t Token) bool {
		switch t.Kind {
		case TokNumber, TokString:
			return true
		case TokName:
			return !isHardKeyword(text(src, t))
		}
		return false
	}
	for m := 1; m < len(line); m++ {
		a, b := line[m-1], line[m]
		if !atom(a) || !atom(b) || (a.Kind == TokString && b.Kind == TokString) {
			continue
		}
		if m == 1 && a.Kind == TokName {
			switch string(text(src, a)) {
			case "match", "case", "type", "lazy":
				continue
			}
		}
		col := int(b.Start) - bytes.LastIndexAny(src[:b.Start], "\r\n")
		return &SyntaxError{Line: int(b.Line), Col: col, Msg: "invalid syntax"}
	}
	return nil
}

func text(src []byte, t Token) []byte { return src[t.Start:t.End] }

func isKeyword(src []byte, t Token, kw string) bool {
	return t.Kind == TokName && string(src[t.Start:t.End]) == kw
}

// firstStatement returns the tokens of the first simple statement of a logical line.
func firstStatement(line []Token) []Token {
	level := 0
	for i, t := range line {
		if t.Kind != TokOp {
			continue
		}
		switch t.Op {
		case '(', '[', '{':
			level++
		case ')', ']', '}':
			level--
		case ';':
			if level == 0 {
				return line[:i]
			}
		}
	}
	return line
}

// stripParens removes parentheses that enclose the whole token slice: in the ast they leave
// no trace, so ("doc") is still a constant. One pass over the slice: the k-th opening
// parenthesis from the left can only be stripped if it closes at the k-th token from the
// right.
func stripParens(toks []Token) []Token {
	lead := 0
	for lead < len(toks) && toks[lead].Kind == TokOp && toks[lead].Op == '(' {
		lead++
	}
	if lead == 0 {
		return toks
	}
	level := 0
	strip := lead
	for i, t := range toks {
		if t.Kind != TokOp {
			continue
		}
		switch t.Op {
		case '(', '[', '{':
			level++
		case ')', ']', '}':
			level--
			// This closes leading parenthesis number `level` (0-based) if level < lead.
			if level < strip && i != len(toks)-1-level {
				strip = level
			}
		}
	}
	if strip > len(toks)/2 {
		strip = len(toks) / 2
	}
	return toks[strip : len(toks)-strip]
}

// docstring reports whether a statement is a str constant expression (what
// ast.get_docstring accepts: plain or implicitly concatenated non-bytes, non-f, non-t string
// literals) whose value has a non-whitespace character (interrogate strips it).
func docstring(src []byte, stmt []Token) bool {
	stmt = stripParens(stmt)
	if len(stmt) == 0 {
		return false
	}
	for _, t := range stmt {
		if t.Kind != TokString || t.Flags&(StrBytes|StrFormat|StrTemplate) != 0 {
			return false
		}
	}
	for _, t := range stmt {
		if hasNonSpace(src[t.BodyStart:t.BodyEnd], t.Flags&StrRaw != 0) {
			return true
		}
	}
	return false
}

// classifyDecorator reduces a decorator expression to the shape interrogate inspects.
func classifyDecorator(src []byte, toks []Token) decorator {
	toks = stripParens(toks)
	if len(toks) == 1 && toks[0].Kind == TokName && !isHardKeyword(text(src, toks[0])) {
		return decorator{kind: decoName, id: string(text(src, toks[0]))}
	}
	// primary: atom trailer* where the last trailer is ".NAME".
	if len(toks) < 3 {
		return decorator{}
	}
	lastT := toks[len(toks)-1]
	dot := toks[len(toks)-2]
	if lastT.Kind != TokName || dot.Kind != TokOp || dot.Op != '.' {
		return decorator{}
	}
	value := toks[:len(toks)-2]
	if !isPrimary(src, value) {
		return decorator{}
	}
	d := decorator{kind: decoAttr, attr: string(text(src, lastT))}
	if v := stripParens(value); len(v) == 1 && v[0].Kind == TokName {
		d.valueID = string(text(src, v[0]))
	}
	return d
}

// isPrimary reports whether toks form a Python "primary" (atom followed by attribute,
// call and subscript trailers) with no operator at the top level.
func isPrimary(src []byte, toks []Token) bool {
	i := 0
	skipGroup := func() bool {
		level := 0
		for ; i < len(toks); i++ {
			t := toks[i]
			if t.Kind != TokOp {
				continue
			}
			switch t.Op {
			case '(', '[', '{':
				level++
			case ')', ']', '}':
				level--
				if level == 0 {
					i++
					return true
				}
			}
		}
		return false
	}
	if len(toks) == 0 {
		return false
	}
	switch t := toks[0]; {
	case t.Kind == TokName:
		if isHardKeyword(text(src, t)) && string(text(src, t)) != "None" && string(text(src, t)) != "True" && string(text(src, t)) != "False" {
			return false
		}
		i = 1
	case t.Kind == TokNumber:
		i = 1
	case t.Kind == TokString:
		for i < len(toks) && toks[i].Kind == TokString {
			i++
		}
	case t.Kind == TokOp && (t.Op == '(' || t.Op == '[' || t.Op == '{'):
		if !skipGroup() {
			return false
		}
	default:
		return false
	}
	for i < len(toks) {
		t := toks[i]
		switch {
		case t.Kind == TokOp && t.Op == '.' && i+1 < len(toks) && toks[i+1].Kind == TokName:
			i += 2
		case t.Kind == TokOp && (t.Op == '(' || t.Op == '['):
			if !skipGroup() {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func isHardKeyword(b []byte) bool {
	switch string(b) {
	case "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
		"def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
		"in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
		"with", "yield":
		return true
	}
	return false
}

// pyIsSpace is Python's str.isspace for one code point: Go's unicode.IsSpace plus the
// information separators U+001C..U+001F, which Python also treats as whitespace.
func pyIsSpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// hasNonSpace evaluates a string literal body (escape sequences included, unless raw) and
// reports whether the value contains a character Python's str.strip would keep.
func hasNonSpace(body []byte, raw bool) bool {
	for i := 0; i < len(body); {
		c := body[i]
		if c == '\\' && !raw && i+1 < len(body) {
			r, n, ok := evalEscape(body[i+1:])
			i += 1 + n
			if !ok {
				continue // line continuation: contributes nothing
			}
			if !pyIsSpace(r) {
				return true
			}
			continue
		}
		r, size := utf8.DecodeRune(body[i:])
		i += size
		if !pyIsSpace(r) {
			return true
		}
	}
	return false
}

// evalEscape decodes the escape after a backslash. It returns the character value, the
// bytes consumed and ok=false when the escape produces no character (backslash-newline).
// Unknown escapes keep the backslash, which is not whitespace.
func evalEscape(b []byte) (rune, int, bool) {
	c := b[0]
	switch c {
	case '\n':
		return 0, 1, false
	case '\r':
		if len(b) > 1 && b[1] == '\n' {
			return 0, 2, false
		}
		return 0, 1, false
	case 'n':
		return '\n', 1, true
	case 't':
		return '\t', 1, true
	case 'r':
		return '\r', 1, true
	case 'f':
		return '\f', 1, true
	case 'v':
		return '\v', 1, true
	case 'a':
		return 7, 1, true
	case 'b':
		return 8, 1, true
	case '\\', '\'', '"':
		return rune(c), 1, true
	case 'x':
		return hexEscape(b, 2)
	case 'u':
		return hexEscape(b, 4)
	case 'U':
		return hexEscape(b, 8)
	case 'N':
		if len(b) > 1 && b[1] == '{' {
			for j := 2; j < len(b); j++ {
				if b[j] == '}' {
					if namedSpace(string(b[2:j])) {
						return ' ', j + 1, true
					}
					return 'N', j + 1, true
				}
			}
		}
		return '\\', 0, true
	}
	if c >= '0' && c <= '7' {
		v, n := rune(0), 0
		for n < 3 && n < len(b) && b[n] >= '0' && b[n] <= '7' {
			v = v*8 + rune(b[n]-'0')
			n++
		}
		return v, n, true
	}
	return '\\', 0, true
}

func hexEscape(b []byte, digits int) (rune, int, bool) {
	if len(b) < 1+digits {
		return '\\', 0, true
	}
	v := rune(0)
	for _, h := range b[1 : 1+digits] {
		switch {
		case h >= '0' && h <= '9':
			v = v*16 + rune(h-'0')
		case h >= 'a' && h <= 'f':
			v = v*16 + rune(h-'a'+10)
		case h >= 'A' && h <= 'F':
			v = v*16 + rune(h-'A'+10)
		default:
			return '\\', 0, true
		}
	}
	return v, 1 + digits, true
}

// namedSpace reports whether a \N{...} name (or alias) denotes a whitespace character. Only
// whitespace names matter: any other valid name yields a non-whitespace character.
func namedSpace(name string) bool {
	up := []byte(name)
	for i, c := range up {
		if c >= 'a' && c <= 'z' {
			up[i] = c - 32
		}
	}
	switch string(up) {
	case "SPACE", "SP", "NO-BREAK SPACE", "NBSP", "EN QUAD", "EM QUAD", "EN SPACE", "EM SPACE",
		"THREE-PER-EM SPACE", "FOUR-PER-EM SPACE", "SIX-PER-EM SPACE", "FIGURE SPACE",
		"PUNCTUATION SPACE", "THIN SPACE", "HAIR SPACE", "LINE SEPARATOR", "PARAGRAPH SEPARATOR",
		"NARROW NO-BREAK SPACE", "NNBSP", "MEDIUM MATHEMATICAL SPACE", "MMSP", "IDEOGRAPHIC SPACE",
		"OGHAM SPACE MARK", "CHARACTER TABULATION", "HORIZONTAL TABULATION", "TAB", "HT",
		"LINE FEED", "LINE FEED (LF)", "NEW LINE", "END OF LINE", "LF", "NL", "EOL",
		"LINE TABULATION", "VERTICAL TABULATION", "VT", "FORM FEED", "FORM FEED (FF)", "FF",
		"CARRIAGE RETURN", "CARRIAGE RETURN (CR)", "CR", "NEXT LINE", "NEXT LINE (NEL)", "NEL",
		"INFORMATION SEPARATOR ONE", "INFORMATION SEPARATOR TWO", "INFORMATION SEPARATOR THREE",
		"INFORMATION SEPARATOR FOUR", "FILE SEPARATOR", "GROUP SEPARATOR", "RECORD SEPARATOR",
		"UNIT SEPARATOR", "FS", "GS", "RS", "US":
		return true
	}
	return false
}
