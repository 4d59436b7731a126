package report

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

// encodingJSON is what the report printer wrote before it had its own writer.
func encodingJSON(tb testing.TB, r *JSONReport) []byte {
	tb.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func assertSameJSON(tb testing.TB, r *JSONReport) {
	tb.Helper()
	var buf bytes.Buffer
	if err := writeJSONReport(&buf, r); err != nil {
		tb.Fatal(err)
	}
	if got, want := buf.Bytes(), encodingJSON(tb, r); !bytes.Equal(got, want) {
		tb.Fatalf("writeJSONReport differs from encoding/json:\n%s\nwant:\n%s", got, want)
	}
}

// trickyStrings exercise every escaping rule: HTML characters, controls,
// quotes, invalid UTF-8, U+2028/U+2029, U+FFFD itself and multi-byte runes.
func trickyStrings() []string {
	return []string{
		"", "plain", `quote " and \ backslash`, "<script>&</script>", "tab\tnew\nline\rcr",
		"\b\f\x00\x01\x1f\x7f", "\xff\xfe invalid", "a\u2028b\u2029c", "\ufffd", "héllo wörld 日本 🚀",
		"\xe2\x80", "trailing \xe2\x80\xa8", "%0A and :", "emoji \U0001F600 end",
	}
}

func TestJSONWriterMatchesEncodingJSON(t *testing.T) {
	ms := int64(12)
	doc := &JSONReport{
		SchemaVersion: 1, Tool: JSONTool{Name: "mlinit", Version: "1.2.3"}, FailLevel: "error",
		Checks: []JSONCheck{}, Ignored: []JSONIgnored{}, Findings: []JSONFinding{}, Fixes: []JSONFix{}, Errors: []string{},
	}
	assertSameJSON(t, doc) // every collection empty
	doc.Summary.ElapsedMS = &ms
	doc.Docstrings = &checks.DocstringCoverage{
		Total: 3, Covered: 2, Missing: 1, Percent: 66.66666666666667, FailUnder: 80,
		Files: []checks.DocstringFile{{Path: "src/<a>.py", Total: 3, Covered: 2, Missing: 1, Percent: 66.7}},
	}
	for _, s := range trickyStrings() {
		doc.Checks = append(doc.Checks, JSONCheck{ID: "HY104", Title: s, Family: "HY", Scope: "file", Severity: "error", Status: "fail", Reason: s, URL: s, Fixable: true, Findings: 2})
		doc.Ignored = append(doc.Ignored, JSONIgnored{ID: "DC007", Title: s, Reason: s})
		doc.Findings = append(doc.Findings, JSONFinding{Check: "HY104", Path: s, Line: 3, Column: 1, Severity: "error", Message: s},
			JSONFinding{Check: "LP001", Severity: "warning", Message: s, Fixed: true})
		doc.Fixes = append(doc.Fixes, JSONFix{Path: s, Check: "HY106"})
		doc.Errors = append(doc.Errors, s)
	}
	assertSameJSON(t, doc)
	doc.Docstrings.Files = nil
	assertSameJSON(t, doc)
	for len(doc.Findings) < 3000 { // several 64 KiB pieces
		doc.Findings = append(doc.Findings, doc.Findings...)
	}
	assertSameJSON(t, doc)
}

func FuzzJSONWriter(f *testing.F) {
	for _, s := range trickyStrings() {
		f.Add(s, s, 1, 0)
	}
	f.Fuzz(func(t *testing.T, path, msg string, line, col int) {
		doc := &JSONReport{
			SchemaVersion: 1, Tool: JSONTool{Name: "mlinit", Version: msg}, FailLevel: "error",
			Checks: []JSONCheck{{ID: "X", Title: msg, Reason: path}}, Ignored: []JSONIgnored{}, Fixes: []JSONFix{}, Errors: []string{path},
			Findings: []JSONFinding{{Check: "X", Path: path, Line: line, Column: col, Severity: "info", Message: msg}},
		}
		assertSameJSON(t, doc)
	})
}

func BenchmarkJSONReport(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // deterministic benchmark data
	doc := &JSONReport{
		SchemaVersion: 1, Tool: JSONTool{Name: "mlinit", Version: "1.2.3"}, FailLevel: "error",
		Checks: []JSONCheck{}, Ignored: []JSONIgnored{}, Fixes: []JSONFix{}, Errors: []string{},
	}
	for i := range 13000 {
		doc.Findings = append(doc.Findings, JSONFinding{
			Check: "HY301", Path: "notebooks/nb0042.ipynb", Line: i, Column: r.IntN(80),
			Severity: "error", Message: "cell 12 has 1 output; strip outputs before committing (fixable with --fix)",
		})
	}
	b.Run("writer", func(b *testing.B) {
		for b.Loop() {
			if err := writeJSONReport(io.Discard, doc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			encodingJSON(b, doc)
		}
	})
}
