package native

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

// TestExternalDir runs every native check on a real project directory when
// MLINIT_NATIVE_DIR names one (a development aid: e.g. a fresh `mlinit new`
// project must come out clean). Every file counts as tracked.
func TestExternalDir(t *testing.T) {
	root := os.Getenv("MLINIT_NATIVE_DIR")
	if root == "" {
		t.Skip("set MLINIT_NATIVE_DIR to run")
	}
	r := &checks.Repo{Root: root, Git: true}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		info, _ := d.Info()
		data, _ := os.ReadFile(p)
		f := &checks.File{Path: rel, Size: info.Size(), Exec: info.Mode()&0o111 != 0}
		if bytes.IndexByte(data, 0) >= 0 {
			f.Binary = true
		} else {
			f.Data = data
		}
		r.Files = append(r.Files, f)
		r.Tracked = append(r.Tracked, rel)
		if rel == "pyproject.toml" {
			r.PyprojectRaw = data
			r.Pyproject, r.PyprojectErr = parseTOML(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(r.Files, func(i, j int) bool { return r.Files[i].Path < r.Files[j].Path })
	sort.Strings(r.Tracked)
	for _, c := range All() {
		var out []checks.Finding
		skip := ""
		if c.Repo != nil {
			out, skip = c.Repo(r, checks.Options{})
		} else {
			for _, f := range r.Files {
				out = append(out, c.File(f, checks.Options{})...)
			}
		}
		if skip != "" {
			t.Logf("%s skipped: %s", c.ID, skip)
		}
		for _, f := range out {
			t.Errorf("%s %s:%d:%d %s", f.CheckID, f.Path, f.Line, f.Column, f.Message)
		}
	}
}
