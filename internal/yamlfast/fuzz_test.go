package yamlfast

import (
	"bytes"
	"testing"
)

// FuzzCleanImpliesOracle is the soundness property: whenever Clean says
// true, goccy must accept the input.
func FuzzCleanImpliesOracle(f *testing.F) {
	for _, set := range [][]string{cleanCases, invalidCases, unsupportedCases, regressionCases} {
		for _, s := range set {
			f.Add([]byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !Clean(data) {
			return
		}
		if err := oracle(data); err != nil {
			t.Fatalf("Clean(%q) = true but goccy rejects it: %v", data, err)
		}
	})
}

// FuzzCleanMutations starts from documents Clean recognises and applies
// YAML-aware edits that byte-level mutation rarely finds (copying another
// line's key, duplicating or re-indenting a line), so that the fuzzer works
// near the boundary of the subset.
func FuzzCleanMutations(f *testing.F) {
	args := []string{"- ", ":", "  ", " #", "'", "\"", "[", "{", "a: b", "\n", "\t", "|"}
	for i, s := range append(append([]string{}, cleanCases...), realisticCases...) {
		f.Add([]byte(s), uint8(i), uint16(i*7), []byte(args[i%len(args)]))
	}
	f.Fuzz(func(t *testing.T, doc []byte, op uint8, at uint16, arg []byte) {
		if len(doc) == 0 {
			return
		}
		v := mutate(doc, op, int(at)%len(doc), arg)
		if !Clean(v) {
			return
		}
		if err := oracle(v); err != nil {
			t.Fatalf("Clean(%q) = true but goccy rejects it: %v", v, err)
		}
	})
}

// mutate applies one edit, chosen by op, around offset at.
func mutate(doc []byte, op uint8, at int, arg []byte) []byte {
	lines := bytes.SplitAfter(doc, []byte("\n"))
	li := bytes.Count(doc[:at], []byte("\n"))
	if li >= len(lines) {
		li = len(lines) - 1
	}
	replaceLine := func(repl ...[]byte) []byte {
		out := make([][]byte, 0, len(lines)+len(repl))
		out = append(out, lines[:li]...)
		out = append(out, repl...)
		return bytes.Join(append(out, lines[li+1:]...), nil)
	}
	line := lines[li]
	switch op % 6 {
	case 0: // insert arg
		return append(append(append([]byte{}, doc[:at]...), arg...), doc[at:]...)
	case 1: // delete a run of bytes
		end := min(at+1+len(arg), len(doc))
		return append(append([]byte{}, doc[:at]...), doc[end:]...)
	case 2: // duplicate the line
		return replaceLine(line, line)
	case 3: // re-indent the line
		n := 0
		if len(arg) > 0 {
			n = int(arg[0]%7) - 3
		}
		trimmed := bytes.TrimLeft(line, " ")
		indent := max(len(line)-len(trimmed)+n, 0)
		return replaceLine(append(bytes.Repeat([]byte(" "), indent), trimmed...))
	case 4: // give the line the key of another line
		other := lines[int(op/6)%len(lines)]
		k, m := bytes.IndexByte(line, ':'), bytes.IndexByte(other, ':')
		if k < 0 || m < 0 {
			return doc
		}
		return replaceLine(append(append([]byte{}, other[:m]...), line[k:]...))
	default: // move the line after another one
		if li+1 >= len(lines) {
			return doc
		}
		lines[li], lines[li+1] = lines[li+1], lines[li]
		return bytes.Join(lines, nil)
	}
}
