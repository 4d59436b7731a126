package tomlfast

import (
	"bytes"
	"testing"
)

// FuzzCleanImpliesOracle is the soundness property: whenever Clean says
// true, go-toml must accept the input.
func FuzzCleanImpliesOracle(f *testing.F) {
	for _, set := range [][]string{cleanCases, invalidCases, unsupportedCases, realisticCases, regressionCases} {
		for _, s := range set {
			f.Add([]byte(s))
		}
	}
	for _, d := range tomlTestSuite(f) {
		f.Add(d.Data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !Clean(data) {
			return
		}
		if err := oracle(data); err != nil {
			t.Fatalf("Clean(%q) = true but go-toml rejects it: %v", data, err)
		}
	})
}

// FuzzCleanMutations starts from documents Clean recognises and applies
// TOML-aware edits that byte-level mutation rarely finds (duplicating a
// line, giving a line another line's key, turning a key into a header or a
// header into an array-of-tables header, moving lines), so that the fuzzer
// works near the boundary of the subset, where the semantic rules live.
func FuzzCleanMutations(f *testing.F) {
	args := []string{"a", "[", "[[", ".", "=", "\"", "'", "{", ",", "#", "\n", "1_0", "e5", "\\u", "\"\"\"", "1979-05-27", "07:32:00", "T", "Z", "-07:00"}
	seeds := append(append([]string{}, cleanCases...), realisticCases...)
	for _, d := range tomlTestSuite(f) {
		if Clean(d.Data) {
			seeds = append(seeds, string(d.Data))
		}
	}
	for i, s := range seeds {
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
			t.Fatalf("Clean(%q) = true but go-toml rejects it: %v", v, err)
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
	other := lines[int(op/8)%len(lines)]
	switch op % 8 {
	case 0: // insert arg
		return append(append(append([]byte{}, doc[:at]...), arg...), doc[at:]...)
	case 1: // delete a run of bytes
		end := min(at+1+len(arg), len(doc))
		return append(append([]byte{}, doc[:at]...), doc[end:]...)
	case 2: // duplicate the line
		return replaceLine(line, line)
	case 3: // give the line the key of another line
		k, m := bytes.IndexByte(line, '='), bytes.IndexByte(other, '=')
		if k < 0 || m < 0 {
			return doc
		}
		return replaceLine(append(append([]byte{}, other[:m]...), line[k:]...))
	case 4: // turn the line's key into a header, with arg as a prefix
		k := bytes.IndexByte(line, '=')
		if k < 0 {
			return doc
		}
		key := bytes.TrimSpace(line[:k])
		return replaceLine(line, []byte("["+string(arg)+string(key)+"]\n"))
	case 5: // turn a header into an array-of-tables header, or back
		t := bytes.TrimSpace(line)
		switch {
		case bytes.HasPrefix(t, []byte("[[")) && bytes.HasSuffix(t, []byte("]]")):
			return replaceLine(append(t[1:len(t)-1:len(t)-1], '\n'))
		case bytes.HasPrefix(t, []byte("[")) && bytes.HasSuffix(t, []byte("]")):
			return replaceLine([]byte("[" + string(t) + "]\n"))
		}
		return doc
	case 6: // copy another line before this one
		return replaceLine(other, line)
	default: // move the line after the next one
		if li+1 >= len(lines) {
			return doc
		}
		lines[li], lines[li+1] = lines[li+1], lines[li]
		return bytes.Join(lines, nil)
	}
}
