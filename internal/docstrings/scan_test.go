package docstrings

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestScanDiscovery pins interrogate's file selection (checked against interrogate by
// TestDifferentialCorpus): .py only, the always-excluded top-level directories matched as
// prefixes, excludes as fnmatch prefixes relative to the root, hidden directories included.
func TestScanDiscovery(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.py":              "'''Doc.'''\n",
		"b.pyi":             "def stub(): ...\n",
		"notes.txt":         "def x(): pass\n",
		".hidden/c.py":      "def c(): pass\n",
		".venv/d.py":        "def d(): pass\n",
		".venv2/e.py":       "def e(): pass\n",
		"venv/f.py":         "def f(): pass\n",
		"sub/.venv/g.py":    "def g(): pass\n",
		"sub/__init__.py":   "",
		"build/h.py":        "def h(): pass\n",
		"build2/i.py":       "def i(): pass\n",
		"gen/x_pb2.py":      "def j(): pass\n",
		"gen/y.py":          "def k(): '''doc'''\n",
		"broken/syntax.py":  "def oops(:\n    'doc\n",
		"broken/python2.py": "print 'hi'\n",
	})
	ctx := context.Background()
	rep, err := Scan(ctx, dir, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range rep.Files {
		paths = append(paths, f.Path)
	}
	want := "a.py .hidden/c.py build/h.py build2/i.py gen/x_pb2.py gen/y.py sub/__init__.py sub/.venv/g.py"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("files:\n got %s\nwant %s", got, want)
	}
	// a.py 1/1, c 2/0, h 2/0, i 2/0, x_pb2 2/0, y 2/1, __init__ 1/0, g 2/0
	if rep.Total != 14 || rep.Covered != 2 || rep.Missing != 12 {
		t.Errorf("totals %d/%d/%d, want 14/2/12", rep.Total, rep.Covered, rep.Missing)
	}
	if len(rep.Errors) != 2 || rep.Errors[0].File != "broken/python2.py" || rep.Errors[1].File != "broken/syntax.py" || rep.Errors[0].Line != 1 {
		t.Errorf("errors = %+v", rep.Errors)
	}
	if len(rep.Missed) != 12 || rep.Missed[0].File != ".hidden/c.py" || rep.Missed[1].Name != "c" || rep.Missed[1].Line != 1 || rep.Missed[1].Kind != "function" {
		t.Errorf("missed = %+v", rep.Missed)
	}

	rep, err = Scan(ctx, dir, nil, Options{Exclude: []string{"build", "gen/*_pb2", "broken"}, IgnoreInitModule: true, Ext: []string{"pyi"}})
	if err != nil {
		t.Fatal(err)
	}
	paths = paths[:0]
	for _, f := range rep.Files {
		paths = append(paths, f.Path)
	}
	if got, want := strings.Join(paths, " "), "a.py b.pyi .hidden/c.py gen/y.py sub/.venv/g.py"; got != want {
		t.Errorf("with excludes:\n got %s\nwant %s", got, want)
	}
	if len(rep.Errors) != 0 {
		t.Errorf("excluded broken files still reported: %v", rep.Errors)
	}

	// Explicit paths: a file is taken as is; each directory gets its own always-excluded
	// ".venv" etc.; a non-Python file is refused.
	rep, err = Scan(ctx, dir, []string{"gen/y.py", "sub"}, Options{})
	if err != nil || rep.Total != 3 || rep.Covered != 1 {
		t.Errorf("explicit paths: %+v, %v", rep, err)
	}
	if _, err := Scan(ctx, dir, []string{"notes.txt"}, Options{}); err == nil || !strings.Contains(err.Error(), "invalid file") {
		t.Errorf("non-Python file: %v", err)
	}
	if _, err := Scan(ctx, dir, []string{"missing"}, Options{}); err == nil {
		t.Error("missing path accepted")
	}
	if _, err := Scan(ctx, t.TempDir(), nil, Options{}); !errors.Is(err, ErrNoFiles) {
		t.Errorf("empty tree: %v, want ErrNoFiles", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Scan(cancelled, dir, nil, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled scan: %v", err)
	}
}

func TestFnmatch(t *testing.T) {
	for _, tc := range []struct {
		pat, name string
		want      bool
	}{
		{"/r/build*", "/r/build/x.py", true},
		{"/r/build*", "/r/build2/x.py", true},
		{"/r/*/tests*", "/r/a/b/tests/x.py", true}, // '*' crosses '/'
		{"/r/x?.py*", "/r/x1.py", true},
		{"/r/[ab].py*", "/r/b.py", true},
		{"/r/[!ab].py*", "/r/b.py", false},
		{"/r/[!ab].py*", "/r/c.py", true},
		{"/r/[a.py*", "/r/[a.py", true}, // unclosed set is literal
		{"/r/a.py*", "/r/aXpy", false},
	} {
		re, err := fnmatchRegexp(tc.pat)
		if err != nil {
			t.Fatal(err)
		}
		if got := re.MatchString(tc.name); got != tc.want {
			t.Errorf("fnmatch(%q, %q) = %v, want %v", tc.name, tc.pat, got, tc.want)
		}
	}
}

func TestWriteTable(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"pkg/m.py": "'''Doc.'''\nclass A:\n    def f(self):\n        '''Doc.'''\n    def g(self): pass\n",
		"full.py":  "'''Doc.'''\n",
	})
	rep, err := Scan(context.Background(), dir, nil, Options{FailUnder: 80, OmitCoveredFiles: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	rep.WriteTable(&b)
	out := b.String()
	for _, want := range []string{
		"| pkg/m.py (module) |", "|   A (L2)          |  MISSED |", "|     g (L5)        |  MISSED |",
		"| pkg/m.py |     4 |    2 |     2 |    50% |", "| TOTAL    |     5 |    2 |     3 |  60.0% |",
		"RESULT: FAILED (minimum: 80.0%, actual: 60.0%)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "full.py") {
		t.Errorf("omit-covered-files: full.py listed:\n%s", out)
	}
}
