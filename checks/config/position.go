package config

import (
	"github.com/bmatcuk/doublestar/v4"
	"github.com/pelletier/go-toml/v2/unstable"
)

// KeyPosition finds where a dotted key path is written in a TOML document: the
// key itself when present, otherwise the first key under it (a table written as
// dotted keys), otherwise its nearest written ancestor (a value inside an inline
// table). It returns 0, 0 when nothing matches or the document does not parse.
// Config findings use it to carry pyproject.toml:line:col.
func KeyPosition(data []byte, path []string) (line, col int) {
	if len(data) == 0 || len(path) == 0 {
		return 0, 0
	}
	p := &unstable.Parser{}
	p.Reset(data)
	var table []string
	bestScore, bestLen := 0, 0
	var best unstable.Range
	consider := func(full []string, r unstable.Range) {
		score := 0
		switch {
		case equal(full, path):
			score = 3
		case hasPrefix(full, path):
			score = 2
		case hasPrefix(path, full):
			score = 1
		default:
			return
		}
		// Prefer the better kind of match; among ancestors, the deepest one.
		if score > bestScore || (score == 1 && bestScore == 1 && len(full) > bestLen) {
			bestScore, bestLen, best = score, len(full), r
		}
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table, _ = keyParts(e.Key())
			consider(table, firstKeyRange(e))
		case unstable.KeyValue:
			parts, r := keyParts(e.Key())
			consider(append(append([]string(nil), table...), parts...), r)
		}
		if bestScore == 3 {
			break
		}
	}
	if bestScore == 0 || best.Length == 0 && best.Offset == 0 {
		return 0, 0
	}
	s := p.Shape(best)
	return s.Start.Line, s.Start.Column
}

func keyParts(it unstable.Iterator) ([]string, unstable.Range) {
	var parts []string
	var first unstable.Range
	for it.Next() {
		n := it.Node()
		if len(parts) == 0 {
			first = n.Raw
		}
		parts = append(parts, string(n.Data))
	}
	return parts, first
}

func firstKeyRange(n *unstable.Node) unstable.Range {
	it := n.Key()
	if it.Next() {
		return it.Node().Raw
	}
	return n.Raw
}

func equal(a, b []string) bool {
	return len(a) == len(b) && hasPrefix(a, b)
}

// hasPrefix reports whether s starts with prefix.
func hasPrefix(s, prefix []string) bool {
	if len(prefix) > len(s) {
		return false
	}
	for i := range prefix {
		if s[i] != prefix[i] {
			return false
		}
	}
	return true
}

func validGlob(g string) bool {
	return g != "" && doublestar.ValidatePattern(g)
}
