package tomlfast

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestCleanAcceptsSubset(t *testing.T) {
	for _, doc := range cleanCases {
		if err := oracle([]byte(doc)); err != nil {
			t.Errorf("oracle rejects clean case %q: %v", doc, err)
		}
		if !Clean([]byte(doc)) {
			t.Errorf("Clean(%q) = false, want true", doc)
		}
	}
}

func TestCleanRejectsInvalid(t *testing.T) {
	for _, doc := range invalidCases {
		if err := oracle([]byte(doc)); err == nil {
			t.Errorf("oracle accepts invalid case %q", doc)
		}
		if Clean([]byte(doc)) {
			t.Errorf("Clean(%q) = true, want false", doc)
		}
	}
}

func TestCleanRejectsUnsupported(t *testing.T) {
	for _, doc := range unsupportedCases {
		if err := oracle([]byte(doc)); err != nil {
			t.Errorf("oracle rejects unsupported case %q: %v", doc, err)
		}
		if Clean([]byte(doc)) {
			t.Errorf("Clean(%q) = true, want false", doc)
		}
	}
}

func TestCleanRealistic(t *testing.T) {
	for i, doc := range realisticCases {
		if err := oracle([]byte(doc)); err != nil {
			t.Errorf("realistic case %d: oracle rejects it: %v", i, err)
		}
		if !Clean([]byte(doc)) {
			t.Errorf("realistic case %d: Clean = false, want true", i)
		}
	}
}

func TestRegressions(t *testing.T) {
	for _, doc := range regressionCases {
		if Clean([]byte(doc)) {
			if err := oracle([]byte(doc)); err != nil {
				t.Errorf("Clean(%q) = true but go-toml rejects it: %v", doc, err)
			}
		}
	}
}

// TestCleanEveryPrefix cuts every clean document at every byte: a prefix is
// often invalid (an open string, array or header), and a recogniser that
// trusts the end of input goes wrong there.
func TestCleanEveryPrefix(t *testing.T) {
	for _, doc := range append(append([]string{}, cleanCases...), realisticCases...) {
		for i := range len(doc) {
			p := []byte(doc[:i])
			if Clean(p) {
				if err := oracle(p); err != nil {
					t.Errorf("Clean(%q) = true but go-toml rejects it: %v", p, err)
				}
			}
		}
	}
}

// TestGoTOMLQuirks pins behaviour of the oracle that differs from the TOML
// 1.0 specification, or that the recogniser is built around. If go-toml
// changes, this test says which assumption to revisit.
func TestGoTOMLQuirks(t *testing.T) {
	for _, q := range []struct {
		doc     string
		rejects bool
		why     string
	}{
		{"\ufeffa = 1\n", true, "a byte order mark is read as the start of a key"},
		{"a = \"\\e\\x41\"\n", false, "the TOML 1.1 escapes \\e and \\xHH are accepted"},
		{"a = {\n  b = 1,\n}\n", false, "inline tables may span lines and end with a comma (TOML 1.1)"},
		{"a = 07:32\n", false, "seconds are optional in times (TOML 1.1)"},
		{"a = 1e-400\n", false, "a float that underflows to zero is accepted"},
		{"a = 1e309\n", true, "a float that overflows is rejected (strconv: value out of range)"},
		{"a = 0e999\n", false, "zero with a huge exponent is zero"},
		{"a = 9223372036854775808\n", true, "integers must fit in int64"},
		{"a = 0x8000000000000000\n", true, "hexadecimal integers must fit in int64 too"},
		{"a = 1979-02-30\n", true, "dates are checked against the calendar"},
		{"a.b = 1\n[a.c]\n", false, "a header may define a sub-table of a dotted-key table"},
		{"a.b = 1\n[a]\n", true, "but not the dotted-key table itself"},
		{"[[a]]\n[a.b]\n[[a]]\n[a.b]\n", false, "each element of an array of tables starts afresh"},
		{"[a.b]\n[a]\nb = 1\n", true, "a key may not reuse the name of an implicit sub-table"},
		{"[a.b]\n[a]\nb.c = 1\n", true, "nor extend it with a dotted key"},
		{"'' = 1\n\"\" = 2\n", true, "the empty key is a key like any other"},
		{"a = 1\n\"a\" = 2\n", true, "keys compare by their decoded value, whatever the quoting"},
		{"a = [1, \"a\", [true]]\n", false, "arrays may mix types"},
		{"a = true#c\n", false, "a comment needs no space before it"},
		{"a = 1\r\n", false, "CRLF line breaks are accepted"},
		{"a = 1 # \r\n", false, "also after a comment"},
		{"# \x7f\n", true, "DEL is a control character, even in comments"},
	} {
		err := oracle([]byte(q.doc))
		if (err != nil) != q.rejects {
			t.Errorf("go-toml on %q: error = %v, want rejection %v (%s)", q.doc, err, q.rejects, q.why)
		}
		if q.rejects && Clean([]byte(q.doc)) {
			t.Errorf("Clean(%q) = true, but go-toml rejects it", q.doc)
		}
	}
}

// TestCleanDepthLimit checks the bound on nesting. go-toml allows 10000
// levels, so deeper documents are valid, but the recogniser leaves them to
// it; and a huge nesting depth must not overflow the stack.
func TestCleanDepthLimit(t *testing.T) {
	arrays := func(n int) []byte {
		return []byte("a = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n")
	}
	tables := func(n int) []byte {
		return []byte("a = " + strings.Repeat("{b = ", n) + "1" + strings.Repeat("}", n) + "\n")
	}
	mixed := func(n int) []byte {
		return []byte("a = " + strings.Repeat("[{b = ", n/2) + "1" + strings.Repeat("}]", n/2) + "\n")
	}
	for _, nest := range []struct {
		what string
		doc  func(int) []byte
	}{{"arrays", arrays}, {"inline tables", tables}, {"arrays and inline tables", mixed}} {
		if doc := nest.doc(maxDepth); !Clean(doc) {
			t.Errorf("Clean rejects %d levels of %s", maxDepth, nest.what)
		}
		if doc := nest.doc(maxDepth + 2); Clean(doc) {
			t.Errorf("Clean accepts %d levels of %s", maxDepth+2, nest.what)
		}
		if doc := nest.doc(maxDepth + 2); oracle(doc) != nil {
			t.Errorf("oracle rejects %d levels of %s", maxDepth+2, nest.what)
		}
	}
	if huge := arrays(1 << 20); Clean(huge) {
		t.Errorf("Clean accepts %d levels of arrays", 1<<20)
	}
}

// TestCleanNodeLimit checks that documents with more names than the tree
// holds are left to the full parser, and that the last name that fits is
// still checked for duplicates.
func TestCleanNodeLimit(t *testing.T) {
	var b strings.Builder
	for i := range maxNodes - 1 {
		fmt.Fprintf(&b, "k%d = %d\n", i, i)
	}
	fits := b.String()
	if !Clean([]byte(fits)) {
		t.Errorf("Clean rejects %d keys", maxNodes-1)
	}
	if Clean([]byte(fits + "k0 = 1\n")) {
		t.Error("Clean accepts a duplicate key in a full tree")
	}
	if Clean([]byte(fits + "extra = 1\n")) {
		t.Errorf("Clean accepts %d keys", maxNodes)
	}
}

func TestCleanDoesNotAllocate(t *testing.T) {
	for _, d := range benchDocs() {
		if !Clean(d.Data) {
			t.Fatalf("%s: Clean rejects the benchmark document", d.Name)
		}
		if n := testing.AllocsPerRun(100, func() { Clean(d.Data) }); n != 0 {
			t.Errorf("%s: Clean allocates %.1f times per call", d.Name, n)
		}
	}
}

// TestCleanLongArrayOfTables checks that the names under an element of an
// array of tables are given back when the next element starts, so that long
// arrays (test-case tables, package indexes) fit, and that duplicates are
// still found in the last element.
func TestCleanLongArrayOfTables(t *testing.T) {
	var b strings.Builder
	b.WriteString("title = \"cases\"\n[meta]\nversion = 1\n")
	for i := range 3 * maxNodes {
		fmt.Fprintf(&b, "[[test]]\nname = \"t%d\"\nmatches = [{id = 0, span = [0, 1]}, {id = 1}]\n[test.sub]\nx = 1\n", i)
	}
	doc := b.String()
	if !Clean([]byte(doc)) {
		t.Fatalf("Clean rejects an array of %d tables", 3*maxNodes)
	}
	for _, bad := range []string{"x = 2\n", "[test.sub]\n", "[meta]\n", "title = 1\n[meta.version]\n"} {
		if d := []byte(doc + bad); Clean(d) || oracle(d) == nil {
			t.Errorf("Clean or go-toml accepts the array of tables followed by %q", bad)
		}
	}
	// Elements interleaved with other tables cannot give their names back;
	// such a document runs out of nodes, and Clean must then say false.
	b.Reset()
	for i := range maxNodes {
		fmt.Fprintf(&b, "[[test]]\nname = %d\n[other%d]\n", i, i)
	}
	if d := []byte(b.String()); Clean(d) {
		t.Errorf("Clean accepts %d interleaved tables", 2*maxNodes)
	}
}

// TestUnlink fills the slots table with names whose probe clusters overlap
// and removes them newest first, as arrayTableElement does, checking after
// every removal that all remaining names are found and the removed one is
// not: unlink relies on that order to free slots without moving entries.
func TestUnlink(t *testing.T) {
	var data bytes.Buffer
	var names []name
	for i := range maxNodes - 1 {
		off := data.Len()
		fmt.Fprintf(&data, "k%d.", i)
		k := name{off: off, end: data.Len() - 1}
		k.hash = hashName(data.Bytes()[k.off:k.end])
		names = append(names, k)
	}
	var r recognizer
	r.data = data.Bytes()
	r.nnodes = 1
	parents := make([]int, len(names))
	for i, k := range names {
		parents[i] = i % 3 // names below the root and two other nodes
		n, slot := r.find(parents[i], k)
		if n >= 0 {
			t.Fatalf("name %d found before it was added", i)
		}
		if _, ok := r.add(parents[i], k, kindValue, slot); !ok {
			t.Fatal("node table full")
		}
	}
	for last := len(names) - 1; last >= 0; last-- {
		r.unlink(last + 1)
		r.nnodes = last + 1
		if n, _ := r.find(parents[last], names[last]); n >= 0 {
			t.Fatalf("name %d found after unlink", last)
		}
		for i := range last {
			if n, _ := r.find(parents[i], names[i]); n != i+1 {
				t.Fatalf("after unlinking %d, name %d is found as node %d", last, i, n)
			}
		}
	}
	if r.slots != [hashSlots]uint16{} {
		t.Error("slots left after unlinking every node")
	}
}
