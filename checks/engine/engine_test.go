package engine

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/config"
	"github.com/mlinit/mlinit/internal/toolcheck"
)

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil { //nolint:gosec // test fixture
			t.Fatal(err)
		}
	}
}

// fakeChecks: TD001 flags lines containing "BAD" (file scope, fixable: it
// rewrites BAD to ok), TD002 lists every file (repo scope), TD003 requires TD002
// and TD004 requires TD001.
func fakeChecks() []*checks.Check {
	bad := &checks.Check{
		Meta: checks.Meta{ID: "TD001", Title: "No BAD", Severity: checks.Error, Scope: checks.ScopeFile, Fixable: true},
		File: func(f *checks.File, _ checks.Options) []checks.Finding {
			var out []checks.Finding
			for i, l := range bytes.Split(f.Data, []byte("\n")) {
				if c := bytes.Index(l, []byte("BAD")); c >= 0 {
					out = append(out, checks.Finding{Path: f.Path, Line: i + 1, Column: c + 1, Message: "BAD found"})
				}
			}
			return out
		},
		Fix: func(f *checks.File, _ checks.Options) ([]byte, bool) {
			out := bytes.ReplaceAll(f.Data, []byte("BAD"), []byte("ok"))
			return out, !bytes.Equal(out, f.Data)
		},
	}
	list := &checks.Check{
		Meta: checks.Meta{ID: "TD002", Title: "Big files", Severity: checks.Warning, Scope: checks.ScopeRepo},
		Repo: func(r *checks.Repo, o checks.Options) ([]checks.Finding, string) {
			var out []checks.Finding
			for _, f := range r.Files {
				if f.Size > int64(o.Int("max-bytes", 1000)) {
					out = append(out, checks.Finding{Path: f.Path, Message: fmt.Sprintf("%d bytes (binary=%v lfs=%v)", f.Size, f.Binary, f.LFS)})
				}
			}
			return out, ""
		},
	}
	dep := &checks.Check{
		Meta: checks.Meta{ID: "TD003", Title: "Needs TD002", Severity: checks.Info, Scope: checks.ScopeRepo, Requires: []string{"TD002"}},
		Repo: func(*checks.Repo, checks.Options) ([]checks.Finding, string) { return nil, "" },
	}
	dep2 := &checks.Check{
		Meta: checks.Meta{ID: "TD004", Title: "Needs TD001", Severity: checks.Info, Scope: checks.ScopeFile, Requires: []string{"TD001"}},
		File: func(*checks.File, checks.Options) []checks.Finding { return nil },
	}
	skip := &checks.Check{
		Meta: checks.Meta{ID: "TD005", Title: "Not applicable", Severity: checks.Error, Scope: checks.ScopeRepo},
		Repo: func(*checks.Repo, checks.Options) ([]checks.Finding, string) { return nil, "no workflows" },
	}
	panicky := &checks.Check{
		Meta: checks.Meta{ID: "TD006", Title: "Panics", Severity: checks.Error, Scope: checks.ScopeFile},
		File: func(f *checks.File, _ checks.Options) []checks.Finding {
			if f.Path == "boom.txt" {
				panic("kaboom")
			}
			return nil
		},
	}
	return []*checks.Check{skip, dep2, dep, list, bad, panicky}
}

func summary(rep *Report) string {
	var b strings.Builder
	for _, r := range rep.Results {
		fmt.Fprintf(&b, "%s %s %s\n", r.Check.ID, r.Status, r.Reason)
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "  %s:%d:%d %s %s fixed=%v\n", f.Path, f.Line, f.Column, f.Severity, f.Message, f.Fixed)
		}
	}
	for _, ig := range rep.Ignored {
		fmt.Fprintf(&b, "ignored %s %q\n", ig.Meta.ID, ig.Reason)
	}
	fmt.Fprintf(&b, "files=%d suppressed=%d fixes=%v errors=%v\n", rep.Files, rep.Suppressed, rep.Fixes, rep.Errors)
	return b.String()
}

func TestRunWalk(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".gitignore":       "build/\n*.log\n!keep.log\n/top.txt\n",
		".gitattributes":   "*.pt filter=lfs diff=lfs merge=lfs -text\n",
		"a.py":             "x = 1\ny = BAD\n",
		"sub/b.py":         "# mlinit: ignore[TD001] fixture\nBAD = 2\nBAD # mlinit: ignore[TD] same line\nfine\nBAD\n",
		"sub/top.txt":      "BAD\n",
		"top.txt":          "BAD\n",
		"build/x.py":       "BAD\n",
		"debug.log":        "BAD\n",
		"keep.log":         "fine\n",
		"model.pt":         strings.Repeat("\x00", 2000),
		"data/raw/big.csv": strings.Repeat("BAD,", 10),
		"sub/.gitignore":   "*.tmp\n",
		"sub/c.tmp":        "BAD\n",
		"boom.txt":         "x\n",
	})
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "escape")); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Exclude = []string{"data/raw"}
	cfg.Severity["TD002"] = checks.Error
	cfg.Ignore = []config.Ignore{{ID: "TD003", Reason: "not needed here"}}
	cfg.Checks["TD002"] = checks.Options{"max-bytes": int64(1500)}
	rep, err := Run(context.Background(), Options{
		Root: dir, Checks: fakeChecks(), Config: cfg, Files: true, Repo: true, Jobs: 3,
		List: walkList,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `TD001 fail 
  a.py:2:5 error BAD found fixed=false
  sub/b.py:5:1 error BAD found fixed=false
  sub/top.txt:1:1 error BAD found fixed=false
TD002 fail 
  model.pt:0:0 error 2000 bytes (binary=true lfs=true) fixed=false
TD004 skip requires TD001, which failed
TD005 skip no workflows
TD006 skip internal error (see errors)
ignored TD003 "not needed here"
files=10 suppressed=2 fixes=[] errors=[check TD006 panicked on boom.txt: kaboom]
`
	if got := summary(rep); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if !rep.Failed() {
		t.Error("report should fail at level error")
	}
}

func TestRunIsDeterministicAndSplitInvariant(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 60 {
		files[fmt.Sprintf("pkg%d/m%d.py", i%7, i)] = strings.Repeat("ok\n", i%5) + "BAD\n"
	}
	writeTree(t, dir, files)
	run := func(paths []string, jobs int) []checks.Finding {
		rep, err := Run(context.Background(), Options{Root: dir, Checks: fakeChecks(), Files: true, Paths: paths, Jobs: jobs, List: walkList})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rep.Results {
			if r.Check.ID == "TD001" {
				return r.Findings
			}
		}
		return nil
	}
	all := run(nil, 1)
	if len(all) != 60 {
		t.Fatalf("%d findings", len(all))
	}
	if again := run(nil, 4); !reflect.DeepEqual(all, again) {
		t.Error("output differs with another worker count")
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	var split []checks.Finding
	for i := 0; i < len(names); i += 13 {
		split = append(split, run(names[i:min(i+13, len(names))], 2)...)
	}
	SortFindings(split)
	if !reflect.DeepEqual(all, split) {
		t.Error("splitting the file list changed the findings")
	}
	if got := run([]string{"pkg3"}, 2); len(got) == 0 || !strings.HasPrefix(got[0].Path, "pkg3/") {
		t.Errorf("directory argument: %v", got)
	}
}

func TestFix(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": "BAD\nfine\n", "b.py": "fine\n"})
	if err := os.Chmod(filepath.Join(dir, "a.py"), 0o755); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), Options{Root: dir, Checks: fakeChecks()[4:5], Files: true, Fix: true, List: walkList})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() || len(rep.Fixes) != 1 || rep.Fixes[0] != (FixRecord{Path: "a.py", CheckID: "TD001"}) {
		t.Fatalf("report: %s", summary(rep))
	}
	data, _ := os.ReadFile(filepath.Join(dir, "a.py"))
	if string(data) != "ok\nfine\n" {
		t.Errorf("content %q", data)
	}
	fi, _ := os.Stat(filepath.Join(dir, "a.py"))
	if fi.Mode().Perm() != 0o755 {
		t.Errorf("mode changed to %v", fi.Mode())
	}
	if rep.Results[0].Status != checks.Pass || !rep.Results[0].Findings[0].Fixed {
		t.Errorf("result %+v", rep.Results[0])
	}
}

func TestSelection(t *testing.T) {
	cfg := config.Default()
	cfg.Select = []string{"HY", "LP001"}
	cfg.Ignore = []config.Ignore{{ID: "HY1", Reason: "broad"}, {ID: "HY104", Reason: "specific"}}
	s := NewSelection(cfg)
	tests := []struct {
		id       string
		run, ign bool
		reason   string
	}{
		{"HY201", true, false, ""},
		{"LP001", true, false, ""},
		{"LP002", false, false, ""},
		{"HY101", false, true, "broad"},
		{"HY104", false, true, "specific"},
	}
	for _, tt := range tests {
		run, ign, reason := s.Selected(tt.id)
		if run != tt.run || ign != tt.ign || reason != tt.reason {
			t.Errorf("%s: %v %v %q", tt.id, run, ign, reason)
		}
	}
}

func TestSuppressed(t *testing.T) {
	f := []byte("a\n# mlinit: ignore[HY104, HY2] merge fixture\nb\n<!-- mlinit: ignore[DC005] -->\nc\n")
	tests := []struct {
		line int
		id   string
		want bool
	}{
		{2, "HY104", true},
		{3, "HY104", true},
		{3, "HY201", true},
		{4, "HY104", false},
		{5, "DC005", true},
		{1, "HY104", false},
		{5, "DC0", false},
	}
	for _, tt := range tests {
		if got := suppressed(f, checks.Finding{CheckID: tt.id, Line: tt.line}); got != tt.want {
			t.Errorf("line %d %s: %v", tt.line, tt.id, got)
		}
	}
}

func TestPatterns(t *testing.T) {
	ig := &ignorer{}
	ig.add(parsePatterns("", []byte("*.pyc\n/dist\nbuild/\ndocs/**/*.html\n!docs/keep.html\n# comment\n\n")))
	ig.add(parsePatterns("sub", []byte("local.txt\n/only-here\n")))
	tests := []struct {
		path string
		dir  bool
		want bool
	}{
		{"a.pyc", false, true},
		{"x/y/a.pyc", false, true},
		{"dist", true, true},
		{"x/dist", true, false},
		{"build", true, true},
		{"build", false, false},
		{"docs/a/b.html", false, true},
		{"docs/keep.html", false, false},
		{"sub/local.txt", false, true},
		{"sub/deep/local.txt", false, true},
		{"local.txt", false, false},
		{"sub/only-here", false, true},
		{"sub/x/only-here", false, false},
	}
	for _, tt := range tests {
		if got := ig.ignored(tt.path, tt.dir); got != tt.want {
			t.Errorf("%s (dir=%v): %v", tt.path, tt.dir, got)
		}
	}
	lfs := &lfsRules{patterns: parseAttributes("", []byte("*.pt filter=lfs\nmodels/** filter=lfs\nmodels/small.bin -filter\n"))}
	for p, want := range map[string]bool{"a.pt": true, "x/a.pt": true, "models/a/b.bin": true, "models/small.bin": false, "a.py": false} {
		if lfs.lfs(p) != want {
			t.Errorf("lfs %s != %v", p, want)
		}
	}
	ex := excluder{globs: []string{"*.csv", "data/raw", "docs/_build/"}}
	for p, want := range map[string]bool{"a.csv": true, "x/y.csv": true, "data/raw/a.py": true, "data/a.py": false, "docs/_build/x.html": true, "csv": false} {
		if ex.excluded(p) != want {
			t.Errorf("excluded %s != %v", p, want)
		}
	}
}

func TestGitList(t *testing.T) {
	toolcheck.Require(t, "git")
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{".gitignore": "*.log\n", "a.py": "x\n", "b.log": "x\n", "new.py": "y\n", "sub/c.py": "z\n"})
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "a.py", ".gitignore", "sub/c.py")
	l, err := List(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if !l.Git || strings.Join(l.Paths, ",") != ".gitignore,a.py,new.py,sub/c.py" || !slices.Contains(l.Tracked, "a.py") || slices.Contains(l.Tracked, "new.py") {
		t.Errorf("listing %+v", l)
	}
	// From a subdirectory, paths are relative to it.
	l, err = List(context.Background(), filepath.Join(dir, "sub"))
	if err != nil || strings.Join(l.Paths, ",") != "c.py" {
		t.Errorf("sub listing %+v %v", l, err)
	}
	if p := GitPrefix(context.Background(), filepath.Join(dir, "sub")); p != "sub/" {
		t.Errorf("prefix %q", p)
	}
	if p := GitPrefix(context.Background(), t.TempDir()); p != "" {
		t.Errorf("prefix outside git %q", p)
	}
}

func TestLoadLimits(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"big.txt":  strings.Repeat("a", 5000),
		"big.bin":  "\x00" + strings.Repeat("a", 5000),
		"ptr.bin":  "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n",
		"text.txt": "hello\n",
	})
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	ld := &loader{root: root, dir: dir + string(filepath.Separator), limit: 1000}
	for name, want := range map[string]checks.File{
		"big.txt":  {Path: "big.txt", Size: 5000},
		"big.bin":  {Path: "big.bin", Size: 5001, Binary: true},
		"ptr.bin":  {Path: "ptr.bin", Size: 66, LFS: true},
		"text.txt": {Path: "text.txt", Size: 6, Data: []byte("hello\n")},
	} {
		f, ok, err := ld.load(name)
		if err != nil || !ok {
			t.Fatalf("%s: %v %v", name, ok, err)
		}
		if name == "ptr.bin" {
			f.Data = nil
		}
		got := checks.File{Path: f.Path, Data: f.Data, Size: f.Size, Binary: f.Binary, Exec: f.Exec, LFS: f.LFS, Link: f.Link}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v", name, got)
		}
	}
}

func TestRelative(t *testing.T) {
	got, err := Relative("/p", "/p/sub", []string{"a.py", "../b.py", "/p/c/d.py", "."})
	if err != nil || strings.Join(got, ",") != "sub/a.py,b.py,c/d.py,sub" {
		t.Errorf("%v %v", got, err)
	}
	if _, err := Relative("/p", "/p", []string{"../x"}); err == nil {
		t.Error("path outside the root accepted")
	}
}

// A repo check's fix rewrites the files its findings name, also content the
// engine had let go (Python sources), without deadlocking.
func TestRepoFix(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": "TODO\n", "b.txt": "TODO\n", "c.txt": "fine\n"})
	c := &checks.Check{
		Meta: checks.Meta{ID: "TD010", Title: "No TODO", Severity: checks.Error, Scope: checks.ScopeRepo, Fixable: true},
		Repo: func(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
			var out []checks.Finding
			for _, f := range r.Files {
				if data, _ := os.ReadFile(filepath.Join(r.Root, f.Path)); bytes.Contains(data, []byte("TODO")) {
					out = append(out, checks.Finding{Path: f.Path, Line: 1, Message: "TODO"})
				}
			}
			return out, ""
		},
		Fix: func(f *checks.File, _ checks.Options) ([]byte, bool) {
			return bytes.ReplaceAll(f.Data, []byte("TODO"), []byte("DONE")), bytes.Contains(f.Data, []byte("TODO"))
		},
	}
	rep, err := Run(context.Background(), Options{Root: dir, Checks: []*checks.Check{c}, Repo: true, Files: true, Fix: true, List: walkList})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() || len(rep.Fixes) != 2 {
		t.Fatalf("%s", summary(rep))
	}
	for _, n := range []string{"a.py", "b.txt"} {
		if data, _ := os.ReadFile(filepath.Join(dir, n)); string(data) != "DONE\n" {
			t.Errorf("%s: %q", n, data)
		}
	}
}

func TestFindRoot(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"proj/pyproject.toml": "", "proj/src/pkg/x.py": "", "other/.git/HEAD": "", "other/a/b.py": ""})
	tests := map[string]string{
		"proj/src/pkg": "proj", // nearest pyproject.toml
		"proj":         "proj",
		"other/a":      "other", // no pyproject: the work tree's top
		".":            ".",     // neither: where we are
	}
	for from, want := range tests {
		if got := FindRoot(filepath.Join(dir, from)); got != filepath.Join(dir, want) {
			t.Errorf("FindRoot(%s) = %s", from, got)
		}
	}
}
