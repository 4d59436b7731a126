package native

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// jsonSeeds are inputs on the edges of the grammar and of what the old tree
// parser rejected on top of it; the fuzz targets start from them and the
// regression cases found by fuzzing are appended.
func jsonSeeds() []string {
	deep := func(n int, inner string) string {
		return strings.Repeat("[", n) + inner + strings.Repeat("]", n)
	}
	deepObj := func(n int) string {
		return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n)
	}
	var many strings.Builder
	many.WriteString("{")
	for i := range 40 {
		fmt.Fprintf(&many, "%q: %d, ", fmt.Sprintf("key%02d", i), i)
	}
	many.WriteString(`"key07": 0}`)
	seeds := []string{
		`{"a": [1, 2.5e3, -0, true, false, null, "x\u00e9\"\\"]}`, `[]`, `{}`, `"s"`, `0`, `-0.0e+0`, `1E-7`,
		` [ {"k" : [ ] } ] `, "\"\xff\"", "\t\r\n[1]\t\r\n", "",
		`{"a":1,"a":2}`, `{"a":1,"\u0061":2}`, `{"\u00e9":1,"é":2}`, "{\"\xff\":1,\"\xfe\":2}", `{"\ud800":1,"\udfff":2}`,
		`{"a":{"b":1},"b":{"b":2,"b":3}}`, `[{"a":1},{"a":2}]`, `{"a":[{"a":1,"b":{"a":2}}],"b":[]}`,
		many.String(), strings.Replace(many.String(), `"key07": 0}`, `"key\u0030\u0037": 0}`, 1),
		deep(512, "1"), deep(513, "1"), deep(513, ""), deep(10000, ""), deep(10001, ""), deepObj(513), deep(600, `{"a":1,"a":2}`),
		`[1,]`, `{"a":1,}`, `{"a" 1}`, `{1:2}`, `[01]`, `[1.]`, `[.5]`, `[1e]`, `[1e+]`, `[-]`, `[--1]`, `[+1]`, `[0x1]`,
		`[tru]`, `[nul]`, `[falsey]`, `"\x"`, `"\u12g4"`, `"\u123"`, "\"a\x1fb\"", "\"\x7f\"", `"abc`, `"abc\"`, `{"a":"b"`,
		"\xef\xbb\xbf{}", "{}\x00", "{} {}", "[1 2]", `{"a":1 "b":2}`, "{\"a\":\r\n1}", `["\/\b\f\n\r\t\\\""]`,
		`123456789012345678901234567890`, `{"nbformat": 4.5}`, `[1,2,3,{"x":[[],{}]}]`,
		`[1,2, 3,-4,5e1,0.5, -0,1E+2]`, `[1,-]`, `[1, ,2]`, `[1,  2]`, `[1,2 ,3]`, `[1,2`, `[1,`, `[1,2 3]`, `[1,02]`,
		`{"a":[0.5, 1],"b":0}`, `[[1,2],[3,4]]`, deep(511, "1,2,3"), deep(512, "1,2,3"), deep(513, "1,2,3"),
	}
	return seeds
}

func fastValid(data []byte) bool {
	s := newJSONScan(data)
	if s.start(0) {
		s.skip(0)
	}
	s.end()
	return !s.bad
}

// sameErr compares errors by type, message and offset.
func sameErr(a, b error) bool {
	if (a == nil) != (b == nil) {
		return false
	}
	if a == nil {
		return true
	}
	var sa, sb *json.SyntaxError
	if errors.As(a, &sa) != errors.As(b, &sb) {
		return false
	}
	if sa != nil && sa.Offset != sb.Offset {
		return false
	}
	var pa, pb *jsonPosErr
	if errors.As(a, &pa) != errors.As(b, &pb) {
		return false
	}
	if pa != nil && pa.off != pb.off {
		return false
	}
	return a.Error() == b.Error()
}

// FuzzJSONFastValid: the scanner accepts exactly what json.Valid accepts, and
// parseJSONTree gives the old parser's error (type, offset, message) or the
// same tree.
func FuzzJSONFastValid(f *testing.F) {
	for _, s := range jsonSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := fastValid(data), json.Valid(data); got != want {
			t.Fatalf("valid = %v, json.Valid = %v for %q", got, want, data)
		}
		tree, err := parseJSONTree(data)
		oldTree, oldErr := oldParseJSONTree(data)
		if !sameErr(err, oldErr) {
			t.Fatalf("error %v, old %v for %q", err, oldErr, data)
		}
		if !reflect.DeepEqual(tree, oldTree) {
			t.Fatalf("tree differs for %q", data)
		}
	})
}

// FuzzJSONFastProblems: HY105's JSON verdict, position and message are the
// old ones.
func FuzzJSONFastProblems(f *testing.F) {
	for _, s := range jsonSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, msg := jsonProblems(data)
		op, omsg := oldJSONProblems(data)
		if p != op || msg != omsg {
			t.Fatalf("got %v %q, old %v %q for %q", p, msg, op, omsg, data)
		}
	})
}

func TestJSONFastSeeds(t *testing.T) {
	for _, s := range jsonSeeds() {
		data := []byte(s)
		if got, want := fastValid(data), json.Valid(data); got != want {
			t.Errorf("valid = %v, json.Valid = %v for %.80q", got, want, s)
		}
		p, msg := jsonProblems(data)
		op, omsg := oldJSONProblems(data)
		if p != op || msg != omsg {
			t.Errorf("got %v %q, old %v %q for %.80q", p, msg, op, omsg, s)
		}
	}
}

// TestJSONFastDuplicateKeys covers the hashed index of large objects: a
// duplicate anywhere, spelt plainly or with escapes, nested or not.
func TestJSONFastDuplicateKeys(t *testing.T) {
	for _, n := range []int{1, 2, 15, 16, 17, 40, 300} {
		for _, dupAt := range []int{-1, 0, n / 2, n - 1} {
			for _, esc := range []bool{false, true} {
				var b strings.Builder
				b.WriteString("{\"x\": {")
				for i := range n {
					fmt.Fprintf(&b, "\"k%d\": [%d, {\"k%d\": 0}], ", i, i, i)
				}
				last := "last"
				if dupAt >= 0 {
					last = fmt.Sprintf("k%d", dupAt)
					if esc {
						last = `\u006b` + last[1:]
					}
				}
				fmt.Fprintf(&b, "%q: 1}, \"y\": 2}", last)
				if esc {
					// %q escaped the backslash; undo it so the key has an escape.
					s := strings.Replace(b.String(), `"\\u006b`, `"\u006b`, 1)
					b.Reset()
					b.WriteString(s)
				}
				data := []byte(b.String())
				p, msg := jsonProblems(data)
				op, omsg := oldJSONProblems(data)
				if p != op || msg != omsg {
					t.Fatalf("n=%d dup=%d esc=%v: got %v %q, old %v %q", n, dupAt, esc, p, msg, op, omsg)
				}
				if (dupAt >= 0) != strings.Contains(msg, "duplicate key") {
					t.Fatalf("n=%d dup=%d esc=%v: %q", n, dupAt, esc, msg)
				}
			}
		}
	}
}

// TestJSONFastSWAR checks the eight-bytes-at-a-time helpers against the
// obvious loops for every byte value at every lane.
func TestJSONFastSWAR(t *testing.T) {
	for size := range 20 {
		for at := range size {
			for c := range 256 {
				buf := bytes.Repeat([]byte{'a'}, size)
				buf[at] = byte(c)
				want := len(buf)
				for i, x := range buf {
					if x == '"' || x == '\\' || x < 0x20 {
						want = i
						break
					}
				}
				if got := stringSpecial(buf, 0); got != want {
					t.Fatalf("stringSpecial(%q) = %d, want %d", buf, got, want)
				}
				for i := range buf {
					buf[i] = '7'
				}
				buf[at] = byte(c)
				want = len(buf)
				for i, x := range buf {
					if x < '0' || x > '9' {
						want = i
						break
					}
				}
				if got := skipDigits(buf, 0); got != want {
					t.Fatalf("skipDigits(%q) = %d, want %d", buf, got, want)
				}
			}
		}
	}
}

// TestJSONFastHugeDepth: input nested far past any limit is rejected in
// linear time without recursion.
func TestJSONFastHugeDepth(t *testing.T) {
	data := []byte(strings.Repeat("[", 1<<20) + strings.Repeat("]", 1<<20))
	p, msg := jsonProblems(data)
	op, omsg := oldJSONProblems(data[:len(data):len(data)])
	if p != op || msg != omsg {
		t.Fatalf("got %v %q, old %v %q", p, msg, op, omsg)
	}
}

// TestJSONFastLargeMatchesStreaming: above 4 MiB the old code streamed
// tokens instead of building a tree; the single scan that replaces both gives
// the same answers there too (nesting deeper than maxJSONDepth, which only
// the tree rejected, is now rejected at every size).
func TestJSONFastLargeMatchesStreaming(t *testing.T) {
	if testing.Short() {
		t.Skip("the old streaming decoder takes seconds on 4 MiB")
	}
	var b strings.Builder
	b.WriteString("{\"values\": [")
	for i := 0; b.Len() < 4<<20+1000; i++ {
		fmt.Fprintf(&b, "%d.5, ", i)
	}
	b.WriteString("0],\n \"nested\": {\"a\": {\"b\": [1, {\"c\": \"d\\u00e9\"}]}}")
	body := b.String()
	for name, doc := range map[string]string{
		"valid":       body + "}\n",
		"escaped dup": body + ",\n \"n\\u0065sted\": 1}",
		"nested dup":  strings.Replace(body, `"b": [1`, `"a": [1`, 1) + "}",
		"syntax":      body + ",\n \"x\": tru}",
	} {
		data := []byte(doc)
		p, msg := jsonProblems(data)
		op, omsg := oldJSONProblems(data)
		if p != op || msg != omsg {
			t.Errorf("%s: got %v %q, old %v %q", name, p, msg, op, omsg)
		}
	}
}
