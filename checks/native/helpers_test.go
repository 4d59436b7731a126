package native

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

// checkByID finds a registered check; tests go through All() so the
// registry wiring is exercised too.
func checkByID(t *testing.T, id string) *checks.Check {
	t.Helper()
	for _, c := range All() {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("check %s is not registered", id)
	return nil
}

// memRepo builds a repository from path -> content; every file is tracked.
func memRepo(t *testing.T, files map[string]string) *checks.Repo {
	t.Helper()
	r := &checks.Repo{Root: t.TempDir(), Git: true}
	for p, c := range files {
		f := &checks.File{Path: p, Data: []byte(c), Size: int64(len(c))}
		r.Files = append(r.Files, f)
		r.Tracked = append(r.Tracked, p)
		if p == "pyproject.toml" {
			r.PyprojectRaw = []byte(c)
			doc, err := parseTOML([]byte(c))
			if err != nil {
				r.PyprojectErr = err
			} else {
				r.Pyproject = doc
			}
		}
	}
	sort.Slice(r.Files, func(i, j int) bool { return r.Files[i].Path < r.Files[j].Path })
	sort.Strings(r.Tracked)
	return r
}

// dirRepo loads a fixture directory under testdata as a repository.
func dirRepo(t *testing.T, dir string) *checks.Repo {
	t.Helper()
	files := map[string]string{}
	root := filepath.Join("testdata", dir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return memRepo(t, files)
}

func runRepo(t *testing.T, id string, r *checks.Repo, opts checks.Options) ([]checks.Finding, string) {
	t.Helper()
	c := checkByID(t, id)
	if c.Repo == nil {
		t.Fatalf("%s is not a repo check", id)
	}
	if opts == nil {
		opts = checks.Options{}
	}
	fs, skip := c.Repo(r, opts)
	validate(t, id, fs)
	return fs, skip
}

func runFile(t *testing.T, id, path, content string, opts checks.Options) []checks.Finding {
	t.Helper()
	c := checkByID(t, id)
	if c.File == nil {
		t.Fatalf("%s is not a file check", id)
	}
	if opts == nil {
		opts = checks.Options{}
	}
	fs := c.File(&checks.File{Path: path, Data: []byte(content), Size: int64(len(content))}, opts)
	validate(t, id, fs)
	return fs
}

// validate enforces the finding contract: own ID, one-line message, sane positions.
func validate(t *testing.T, id string, fs []checks.Finding) {
	t.Helper()
	for _, f := range fs {
		if f.CheckID != id {
			t.Errorf("finding has ID %s, want %s: %+v", f.CheckID, id, f)
		}
		if f.Message == "" || strings.Contains(f.Message, "\n") {
			t.Errorf("message must be one non-empty line: %q", f.Message)
		}
		if f.Line < 0 || f.Column < 0 || (f.Column > 0 && f.Line == 0) {
			t.Errorf("bad position %d:%d", f.Line, f.Column)
		}
		if strings.Contains(f.Path, "\\") || strings.HasPrefix(f.Path, "/") {
			t.Errorf("path must be slash-separated and relative: %q", f.Path)
		}
	}
}

func messages(fs []checks.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Path)
		b.WriteString(":")
		b.WriteString(strconv.Itoa(f.Line))
		b.WriteString(": ")
		b.WriteString(f.Message)
		b.WriteString("\n")
	}
	return b.String()
}
