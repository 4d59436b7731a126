package native

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

func readFixture(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHY301(t *testing.T) {
	dirty := readFixture(t, "notebooks/dirty.ipynb")
	clean := readFixture(t, "notebooks/stripped.ipynb")
	runFileCases(t, "HY301", []fileCase{
		{name: "outputs", path: "nb/a.ipynb", content: dirty, want: []string{"cell 1 has 2 outputs"}, lines: []int{16}},
		{name: "clean", path: "nb/a.ipynb", content: clean},
		{name: "keep policy", path: "nb/a.ipynb", content: dirty, opts: checks.Options{"outputs": "keep"}},
		{name: "allow-list", path: "docs/examples/a.ipynb", content: dirty, opts: checks.Options{"keep-output": []any{"docs/examples/*.ipynb"}}},
		{name: "under max size", path: "a.ipynb", content: dirty, opts: checks.Options{"max-output-kb": int64(10)}},
		{name: "broken is HY305's", path: "a.ipynb", content: "{"},
		{name: "not a notebook", path: "a.json", content: dirty},
	})
}

func TestHY302(t *testing.T) {
	dirty := readFixture(t, "notebooks/dirty.ipynb")
	clean := readFixture(t, "notebooks/stripped.ipynb")
	runFileCases(t, "HY302", []fileCase{
		{name: "volatile", path: "a.ipynb", content: dirty, want: []string{`"widgets"`, "execution_count 3", `"ExecuteTime"`, `"scrolled"`, `"collapsed"`}, lines: []int{70, 5, 8, 11, 56}},
		{name: "signature", path: "a.ipynb", content: strings.Replace(clean, `"metadata": {
  "kernelspec"`, `"metadata": {
  "signature": "sha256:0",
  "kernelspec"`, 1), want: []string{`"signature"`}, lines: []int{41}},
		{name: "clean", path: "a.ipynb", content: clean},
		{name: "keep keys", path: "a.ipynb", content: dirty, opts: checks.Options{"keep-keys": []any{"metadata.widgets", "cell.metadata.scrolled", "metadata.signature"}, "keep-count": true}, want: []string{`"ExecuteTime"`, `"collapsed"`}},
		{name: "extra keys", path: "a.ipynb", content: clean, opts: checks.Options{"extra-keys": []any{"metadata.kernelspec", "cell.metadata.tags"}}, want: []string{`"kernelspec"`, `"tags"`}},
	})
}

// TestNotebookFixMatchesNbstripout: applying the HY301 and HY302 fixes gives
// byte-for-byte what `nbstripout --keep-id` 0.9.1 wrote for the same file.
func TestNotebookFixMatchesNbstripout(t *testing.T) {
	dirty := readFixture(t, "notebooks/dirty.ipynb")
	want := readFixture(t, "notebooks/stripped.ipynb")
	f := &checks.File{Path: "a.ipynb", Data: []byte(dirty)}
	out, changed := checkByID(t, "HY301").Fix(f, checks.Options{})
	if !changed {
		t.Fatal("HY301 fix changed nothing")
	}
	f.Data = out
	out, changed = checkByID(t, "HY302").Fix(f, checks.Options{})
	if !changed {
		t.Fatal("HY302 fix changed nothing")
	}
	if string(out) != want {
		t.Fatalf("fixed notebook differs from nbstripout:\n%s", out)
	}
	// Idempotent: fixing a clean notebook changes nothing, checks pass.
	f.Data = out
	for _, id := range []string{"HY301", "HY302"} {
		if _, changed := checkByID(t, id).Fix(f, checks.Options{}); changed {
			t.Errorf("%s fix not idempotent", id)
		}
		if fs := checkByID(t, id).File(f, checks.Options{}); len(fs) > 0 {
			t.Errorf("%s still reports after fix: %s", id, messages(fs))
		}
	}
}

func TestNotebookFixKeepsIndent(t *testing.T) {
	src := "{\n  \"cells\": [\n    {\n      \"cell_type\": \"code\",\n      \"execution_count\": 1,\n      \"metadata\": {},\n      \"outputs\": [],\n      \"source\": []\n    }\n  ],\n  \"metadata\": {},\n  \"nbformat\": 4,\n  \"nbformat_minor\": 4\n}\n"
	out, changed := checkByID(t, "HY302").Fix(&checks.File{Path: "a.ipynb", Data: []byte(src)}, checks.Options{})
	want := strings.Replace(src, `"execution_count": 1`, `"execution_count": null`, 1)
	if !changed || string(out) != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
}

func TestHY305(t *testing.T) {
	clean := readFixture(t, "notebooks/stripped.ipynb")
	runFileCases(t, "HY305", []fileCase{
		{name: "valid", path: "a.ipynb", content: clean},
		{name: "dirty is valid", path: "a.ipynb", content: readFixture(t, "notebooks/dirty.ipynb")},
		{name: "not json", path: "a.ipynb", content: "{\n \"cells\": [\n  {,\n", want: []string{"not valid JSON"}, lines: []int{3}},
		{name: "truncated", path: "a.ipynb", content: "{\n \"cells\": [", want: []string{"not valid JSON"}},
		{name: "duplicate id", path: "a.ipynb", content: strings.Replace(clean, `"id": "cell-3"`, `"id": "cell-1"`, 1), want: []string{"duplicates"}, lines: []int{32}},
		{name: "bad id", path: "a.ipynb", content: strings.Replace(clean, `"id": "cell-3"`, `"id": "bad id!"`, 1), want: []string{"invalid"}},
		{name: "missing id", path: "a.ipynb", content: strings.Replace(clean, `"id": "cell-3",`, ``, 1), want: []string{"no \"id\""}},
		{name: "4.4 needs no ids", path: "a.ipynb", content: strings.Replace(strings.Replace(clean, `"id": "cell-3",`, ``, 1), `"nbformat_minor": 5`, `"nbformat_minor": 4`, 1)},
		{name: "bad cell type", path: "a.ipynb", content: strings.Replace(clean, `"cell_type": "markdown"`, `"cell_type": "heading"`, 1), want: []string{"unknown cell_type"}},
		{name: "nbformat 3", path: "a.ipynb", content: strings.Replace(clean, `"nbformat": 4`, `"nbformat": 3`, 1), want: []string{"nbformat 3"}},
		{name: "array", path: "a.ipynb", content: "[]", want: []string{"JSON object"}},
		{name: "duplicate key", path: "a.ipynb", content: "{\"cells\": [], \"cells\": []}", want: []string{"duplicate key"}},
	})
}

func FuzzNotebook(f *testing.F) {
	f.Add(readFixtureF(f, "notebooks/dirty.ipynb"))
	f.Add([]byte(`{"cells":[{"cell_type":"code","outputs":[1],"execution_count":2}],"nbformat":4,"nbformat_minor":5}`))
	f.Add([]byte(`[[[[[[`))
	e := newEnv()
	f.Fuzz(func(t *testing.T, data []byte) {
		file := &checks.File{Path: "a.ipynb", Data: data}
		_ = e.hy305(file, nil)
		_ = hy301(file, checks.Options{})
		_ = hy302(file, checks.Options{})
		out, changed := fixOutputs(file, checks.Options{})
		if changed {
			// A fix must produce a readable notebook that the check accepts.
			if _, err := readNotebook(out); err != nil {
				t.Fatalf("fix produced unreadable JSON: %v", err)
			}
			if fs := hy301(&checks.File{Path: "a.ipynb", Data: out}, checks.Options{}); len(fs) > 0 {
				t.Fatalf("fix left outputs: %v", fs)
			}
		}
		if out, changed := fixMetadata(file, checks.Options{}); changed && !bytes.HasSuffix(out, []byte("\n")) {
			t.Fatal("no final newline")
		}
	})
}

func readFixtureF(f *testing.F, p string) []byte {
	f.Helper()
	b, err := os.ReadFile("testdata/" + p)
	if err != nil {
		f.Fatal(err)
	}
	return b
}
