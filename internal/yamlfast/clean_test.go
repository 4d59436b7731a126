package yamlfast

import (
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
		if Clean([]byte(doc)) {
			t.Errorf("Clean(%q) = true, want false", doc)
		}
	}
}

// TestOracleRejectsDuplicateKeys pins the goccy behaviour the fast path
// relies on: duplicate keys are errors by default, at every level and
// whatever the quoting.
func TestOracleRejectsDuplicateKeys(t *testing.T) {
	for _, doc := range []string{
		"a: 1\na: 2\n",
		"a: 1\n'a': 2\n",
		"x:\n  y:\n    a: 1\n    \"a\": 2\n",
		"- a: 1\n  a: 2\n",
		"a: {b: 1, b: 2}\n",
	} {
		err := oracle([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), "already defined") {
			t.Errorf("oracle(%q) = %v, want a duplicate key error", doc, err)
		}
	}
}

func TestCleanDepthLimit(t *testing.T) {
	var b strings.Builder
	for i := range maxDepth + 1 {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("k:\n")
	}
	b.WriteString(strings.Repeat(" ", maxDepth+1) + "k: 1\n")
	if Clean([]byte(b.String())) {
		t.Errorf("Clean accepts %d nested mappings", maxDepth+2)
	}
	if deep := strings.Repeat("- ", maxDepth+1) + "x\n"; Clean([]byte(deep)) {
		t.Errorf("Clean accepts %d nested sequences", maxDepth+1)
	}
	if deep := "a: " + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + "\n"; Clean([]byte(deep)) {
		t.Errorf("Clean accepts %d nested flow sequences", maxDepth)
	}
	if shallow := strings.Repeat("- ", 20) + "x\n"; !Clean([]byte(shallow)) {
		t.Errorf("Clean rejects 20 nested sequences")
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
				t.Errorf("Clean(%q) = true but goccy rejects it: %v", doc, err)
			}
		}
	}
}

// TestGoccyQuirks pins behaviour of the oracle that differs from the YAML
// specification and that the recogniser is built around. If goccy changes,
// this test says which assumption to revisit.
func TestGoccyQuirks(t *testing.T) {
	for _, q := range []struct {
		doc     string
		rejects bool
		why     string
	}{
		{
			"\"'x'\":\n  \"'y'\": 1\n\"x'.'y\": 2\n", true,
			"duplicate keys are found by path ($.'x'.'y' twice), so quotes inside keys make distinct keys collide",
		},
		{"a: {a:1, a:2}\n", true, "inside a flow mapping a:1 is key a with value 1, so the keys clash"},
		{"a: {\"k\":/}\n", true, "inside a flow mapping :/ never separates a key from its value"},
		{"a: \"\\u12\"\nb: c\n", true, "a short \\u escape reads past the closing quote"},
		{"a: ]\n", true, "] opening a block value closes a flow sequence that was never opened"},
		{"a: }\n", false, "} opening a block value is a plain scalar"},
		{"a: %x\n", true, "% opening a value on an unindented line starts a directive"},
		{"a: x<<: 3\n", true, "<< followed by ':' is a merge key even inside a scalar"},
		{"a: \"a\"#c\n", false, "# straight after a closing quote starts a comment"},
		{"a: 1\n...x\n", true, "any ... at column 0 ends the document, even ...x"},
		{"a: |+\nb: 1\n", true, "a kept block scalar without text has no content token"},
		{"a: |\n  \n# c\nb: 1\n", true, "an empty block scalar with a blank line misplaces its empty text"},
		{"a: 1\n---\n...\n---\nb: 2\n", true, "... directly after --- makes the next --- an unexpected scalar"},
		{
			"a:\nb:\n...\na:\nb:\n", true,
			"a document after ... without --- shares the token array of the one before, whose implicit nulls overwrite it",
		},
		{"a: 1\n...\nb:\nc:\n", false, "the same without implicit nulls before the ... is fine"},
		{"'p: {q': 1}\np.q: 2\n", false, "keys with dots are quoted in paths, so these do not collide"},
	} {
		err := oracle([]byte(q.doc))
		if (err != nil) != q.rejects {
			t.Errorf("goccy on %q: error = %v, want rejection %v (%s)", q.doc, err, q.rejects, q.why)
		}
		if q.rejects && Clean([]byte(q.doc)) {
			t.Errorf("Clean(%q) = true, but goccy rejects it", q.doc)
		}
	}
}
