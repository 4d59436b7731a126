package native

import (
	"errors"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// pos is a 1-based location.
type pos struct{ Line, Col int }

// tomlIndex maps dotted key paths ("tool.ruff.line-length") to where the key
// is written, so findings about decoded values can point at the source. The
// decoded map loses positions; the unstable parser keeps them.
type tomlIndex map[string]pos

// indexTOML builds the index; on a parse error it returns what it saw so far.
func indexTOML(data []byte) tomlIndex {
	idx := tomlIndex{}
	var p unstable.Parser
	p.Reset(data)
	var cur []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			cur = cur[:0]
			it := e.Key()
			var first *unstable.Node
			for it.Next() {
				if first == nil {
					first = it.Node()
				}
				cur = append(cur, string(it.Node().Data))
			}
			if first != nil {
				// Parent tables defined implicitly ([a.b] defines a) point here too.
				sh := p.Shape(first.Raw)
				for i := range cur {
					k := strings.Join(cur[:i+1], ".")
					if _, ok := idx[k]; !ok {
						idx[k] = pos{sh.Start.Line, sh.Start.Column}
					}
				}
			}
			cur = append([]string(nil), cur...)
		case unstable.KeyValue:
			indexKeyValue(&p, idx, cur, e)
		}
	}
	return idx
}

func indexKeyValue(p *unstable.Parser, idx tomlIndex, prefix []string, e *unstable.Node) {
	keys := append([]string(nil), prefix...)
	it := e.Key()
	var first *unstable.Node
	for it.Next() {
		if first == nil {
			first = it.Node()
		}
		keys = append(keys, string(it.Node().Data))
	}
	if first == nil {
		return
	}
	k := strings.Join(keys, ".")
	if _, ok := idx[k]; !ok {
		sh := p.Shape(first.Raw)
		idx[k] = pos{sh.Start.Line, sh.Start.Column}
	}
	v := e.Value()
	if v != nil && v.Kind == unstable.InlineTable {
		ch := v.Children()
		for ch.Next() {
			if ch.Node().Kind == unstable.KeyValue {
				indexKeyValue(p, idx, keys, ch.Node())
			}
		}
	}
}

// at returns the position of the longest known prefix of key (so a missing
// key points at its table), or line 1 when nothing matches.
func (t tomlIndex) at(key string) (int, int) {
	for k := key; k != ""; {
		if p, ok := t[k]; ok {
			return p.Line, p.Col
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 1, 1
}

// tomlErrPos extracts a position from a go-toml error, re-parsing when the
// error came from elsewhere (for example the engine's own decode).
func tomlErrPos(err error, data []byte) (line, col int, msg string) {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		l, c := de.Position()
		return l, c, de.Error()
	}
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) && len(sm.Errors) > 0 {
		l, c := sm.Errors[0].Position()
		return l, c, sm.Errors[0].Error()
	}
	if data != nil {
		var v map[string]any
		if err2 := toml.Unmarshal(data, &v); err2 != nil && errors.As(err2, &de) {
			l, c := de.Position()
			return l, c, de.Error()
		}
	}
	return 0, 0, err.Error()
}

// parseTOML decodes a document into a generic map.
func parseTOML(data []byte) (map[string]any, error) {
	var v map[string]any
	err := toml.Unmarshal(data, &v)
	return v, err
}
