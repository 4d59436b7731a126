package native

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mlinit/mlinit/checks"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// ynode is a position-carrying view of a YAML document. It is built from the
// parser's AST only: tags (!!python/name:…, !reference) are kept as plain
// values and never resolved or executed.
type ynode struct {
	Kind  ykind
	Line  int
	Col   int
	Value string   // scalars
	Keys  []*ynode // mapping keys (scalars), parallel to Vals
	Vals  []*ynode // mapping values
	Items []*ynode // sequence items
}

type ykind int

const (
	yScalar ykind = iota + 1
	yMap
	ySeq
	yNull
)

// get returns the value for a mapping key, or nil.
func (n *ynode) get(key string) *ynode {
	if n == nil || n.Kind != yMap {
		return nil
	}
	for i, k := range n.Keys {
		if k.Value == key {
			return n.Vals[i]
		}
	}
	return nil
}

// keyNode returns the key node itself (for positions), or nil.
func (n *ynode) keyNode(key string) *ynode {
	if n == nil || n.Kind != yMap {
		return nil
	}
	for _, k := range n.Keys {
		if k.Value == key {
			return k
		}
	}
	return nil
}

// str returns a scalar's text, "" otherwise.
func (n *ynode) str() string {
	if n == nil || n.Kind != yScalar {
		return ""
	}
	return n.Value
}

// yamlErr is a parse error with a location.
type yamlErr struct {
	Line, Col int
	Msg       string
}

// parseYAML parses every document of a YAML stream. Duplicate mapping keys are
// errors (the parser rejects them), as are syntax errors.
func parseYAML(data []byte) ([]*ynode, *yamlErr) {
	if off := tooDeep(data, maxYAMLDepth); off >= 0 {
		// The parser recurses per nesting level; refuse hostile depth up front.
		l, c := lineCol(data, off)
		return nil, &yamlErr{Line: l, Col: c, Msg: fmt.Sprintf("nesting deeper than %d levels", maxYAMLDepth)}
	}
	f, err := parseYAMLAST(data)
	if err != nil {
		return nil, toYAMLErr(err)
	}
	var docs []*ynode
	for _, d := range f.Docs {
		if d == nil || d.Body == nil {
			docs = append(docs, &ynode{Kind: yNull, Line: 1, Col: 1})
			continue
		}
		docs = append(docs, convertYAML(d.Body, 0))
	}
	return docs, nil
}

// parseYAMLAST guards against parser panics on hostile input: a malformed
// file must become a finding, never crash the run.
func parseYAMLAST(data []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("YAML parser failure: %v", r)
		}
	}()
	return parser.ParseBytes(data, 0)
}

func toYAMLErr(err error) *yamlErr {
	var ye yaml.Error
	if errors.As(err, &ye) {
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			return &yamlErr{Line: tk.Position.Line, Col: tk.Position.Column, Msg: oneLine(ye.GetMessage())}
		}
		return &yamlErr{Line: 1, Col: 1, Msg: oneLine(ye.GetMessage())}
	}
	return &yamlErr{Line: 1, Col: 1, Msg: oneLine(err.Error())}
}

// oneLine keeps the first line of a multi-line message.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

const maxYAMLDepth = 200

// tooDeep returns the offset where flow collections ([ {) or block sequence
// indicators on one line ("- - -") nest deeper than limit, or -1. Quotes and
// comments are skipped approximately; real configs are nowhere near the limit.
func tooDeep(data []byte, limit int) int {
	depth, dashes := 0, 0
	var quote byte
	lineStart := true
	for i := 0; i < len(data); i++ {
		c := data[i]
		if quote != 0 {
			if c == quote || c == '\n' {
				quote = 0
			}
			continue
		}
		switch c {
		case '\n':
			lineStart, dashes = true, 0
			continue
		case '\'', '"':
			quote = c
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case '[', '{':
			depth++
			if depth > limit {
				return i
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		case '-':
			if lineStart && i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\n') {
				dashes++
				if dashes > limit {
					return i
				}
				continue
			}
		case ' ', '\t':
			continue
		}
		lineStart = false
	}
	return -1
}

func convertYAML(n ast.Node, depth int) *ynode {
	if n == nil {
		return &ynode{Kind: yNull}
	}
	line, col := 0, 0
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		line, col = tk.Position.Line, tk.Position.Column
	}
	if depth > maxYAMLDepth {
		return &ynode{Kind: yNull, Line: line, Col: col}
	}
	switch v := n.(type) {
	case *ast.MappingNode:
		out := &ynode{Kind: yMap, Line: line, Col: col}
		for _, mv := range v.Values {
			addMapValue(out, mv, depth)
		}
		return out
	case *ast.MappingValueNode:
		out := &ynode{Kind: yMap, Line: line, Col: col}
		addMapValue(out, v, depth)
		return out
	case *ast.SequenceNode:
		out := &ynode{Kind: ySeq, Line: line, Col: col}
		for _, it := range v.Values {
			out.Items = append(out.Items, convertYAML(it, depth+1))
		}
		return out
	case *ast.TagNode:
		inner := convertYAML(v.Value, depth+1)
		if v.Value == nil {
			// A bare tag such as `!!python/name:mod.fn` carries its payload in the tag.
			return &ynode{Kind: yScalar, Line: line, Col: col, Value: v.Start.Value}
		}
		return inner
	case *ast.AnchorNode:
		return convertYAML(v.Value, depth+1)
	case *ast.AliasNode:
		return &ynode{Kind: yScalar, Line: line, Col: col, Value: "*alias"}
	case *ast.NullNode:
		return &ynode{Kind: yNull, Line: line, Col: col}
	case *ast.StringNode:
		return &ynode{Kind: yScalar, Line: line, Col: col, Value: v.Value}
	case *ast.LiteralNode:
		s := ""
		if v.Value != nil {
			s = v.Value.Value
		}
		return &ynode{Kind: yScalar, Line: line, Col: col, Value: s}
	case *ast.MappingKeyNode:
		return convertYAML(v.Value, depth+1)
	case *ast.DocumentNode:
		return convertYAML(v.Body, depth+1)
	}
	// Integers, floats, booleans and the rest: keep their source text.
	s := ""
	if tk := n.GetToken(); tk != nil {
		s = tk.Value
	}
	return &ynode{Kind: yScalar, Line: line, Col: col, Value: s}
}

func addMapValue(out *ynode, mv *ast.MappingValueNode, depth int) {
	if mv == nil {
		return
	}
	k := convertYAML(mv.Key, depth+1)
	if k.Kind != yScalar {
		k = &ynode{Kind: yScalar, Line: k.Line, Col: k.Col, Value: ""}
	}
	out.Keys = append(out.Keys, k)
	out.Vals = append(out.Vals, convertYAML(mv.Value, depth+1))
}

// items returns a sequence's items; nil for absent or non-sequence nodes.
func (n *ynode) items() []*ynode {
	if n == nil || n.Kind != ySeq {
		return nil
	}
	return n.Items
}

// loc is the node's position, 1:1 when the node is absent.
func (n *ynode) loc() (int, int) {
	if n == nil || n.Line == 0 {
		return 1, 1
	}
	return n.Line, max(n.Col, 1)
}

// yamlOf parses a file's YAML once per content and shares the result between
// checks (HY105 and the CI checks all read workflows); the nodes are read-only.
func yamlOf(f *checks.File) ([]*ynode, *yamlErr) {
	type parsed struct {
		docs []*ynode
		err  *yamlErr
	}
	v, _ := f.Memo("native/yaml", func() any {
		d, e := parseYAML(f.Data)
		return parsed{d, e}
	}).(parsed)
	return v.docs, v.err
}
