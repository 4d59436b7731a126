package native

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/mlinit/mlinit/checks"
)

// refScanner is HY202's scanner as it was before literals were anchored on
// rare bytes: one byte search per distinct first byte of the literals, and
// the regexps run on windows around the occurrences. It is kept verbatim
// (renamed) as the oracle the anchored scanner is held to.
type refScanner struct {
	rules  []secretRule
	firsts []byte
	groups [][]refLiteralRef
}

type refLiteralRef struct {
	ri, j int
	lit   []byte
}

func newRefScanner(rules []secretRule) *refScanner {
	s := &refScanner{rules: rules}
	for ri, r := range rules {
		for j, l := range r.literals {
			k := bytes.IndexByte(s.firsts, l[0])
			if k < 0 {
				s.firsts = append(s.firsts, l[0])
				s.groups = append(s.groups, nil)
				k = len(s.firsts) - 1
			}
			s.groups[k] = append(s.groups[k], refLiteralRef{ri: ri, j: j, lit: []byte(l)})
		}
	}
	return s
}

func (s *refScanner) refScan(data []byte) []secretHit {
	found := s.refLiteralOccurrences(data)
	if found == nil {
		return nil
	}
	var out []secretHit
	for ri, r := range s.rules {
		for _, w := range s.refWindows(data, found, ri) {
			for core0 := w[0]; core0 < w[1]; core0 += secretChunk {
				core1 := min(core0+secretChunk, w[1])
				a, b := max(w[0], core0-r.back), min(w[1], core1+maxTokenLen)
				for _, m := range r.re.FindAllSubmatchIndex(data[a:b], -1) {
					s, e := m[2*r.group], m[2*r.group+1]
					if s < 0 || a+s < core0 || a+s >= core1 {
						continue
					}
					tok := string(data[a+s : a+e])
					if shannon(tok) < r.entropy || placeholder(tok) {
						continue
					}
					out = append(out, secretHit{off: a + s, rule: r.name})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].off < out[j].off })
	return out
}

func (s *refScanner) refWindows(data []byte, found [][][]int, ri int) [][2]int {
	var occ []int
	for _, o := range found[ri] {
		occ = append(occ, o...)
	}
	return refWindowsAround(occ, len(data), s.rules[ri].back)
}

func (s *refScanner) refLiteralOccurrences(data []byte) [][][]int {
	var found [][][]int
	for k, c := range s.firsts {
		group := s.groups[k]
		for off := 0; off < len(data); off++ {
			i := bytes.IndexByte(data[off:], c)
			if i < 0 {
				break
			}
			off += i
			var next byte
			if off+1 < len(data) {
				next = data[off+1]
			}
			for _, l := range group {
				if (len(l.lit) > 1 && l.lit[1] != next) || !bytes.HasPrefix(data[off:], l.lit) {
					continue
				}
				if found == nil {
					found = s.refEmptyFound()
				}
				prev := found[l.ri][l.j]
				if n := len(prev); n == 0 || off >= prev[n-1]+len(l.lit) {
					found[l.ri][l.j] = append(prev, off)
				}
			}
		}
	}
	return found
}

func (s *refScanner) refEmptyFound() [][][]int {
	found := make([][][]int, len(s.rules))
	for ri, r := range s.rules {
		found[ri] = make([][]int, len(r.literals))
	}
	return found
}

func refWindowsAround(occ []int, n, back int) [][2]int {
	if len(occ) == 0 {
		return nil
	}
	sort.Ints(occ)
	var ws [][2]int
	for _, o := range occ {
		a, b := max(0, o-back), min(n, o+maxTokenLen)
		if k := len(ws); k > 0 && a <= ws[k-1][1] {
			ws[k-1][1] = max(ws[k-1][1], b)
			continue
		}
		ws = append(ws, [2]int{a, b})
	}
	return ws
}

// refHY202 is HY202 on the reference scanner.
func refHY202(s *refScanner, f *checks.File) []checks.Finding {
	if f.Data == nil || f.Binary {
		return nil
	}
	var out []checks.Finding
	hits := s.refScan(f.Data)
	if len(hits) == 0 {
		return nil
	}
	li := newLineIndex(f.Data)
	for _, h := range hits {
		l, c := li.at(h.off)
		out = append(out, finding("HY202", f.Path, l, c,
			fmt.Sprintf("%s committed; revoke it now, remove it from history, and load it from the environment or a secret store", h.rule)))
	}
	return out
}
