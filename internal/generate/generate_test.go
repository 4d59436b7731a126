package generate

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/internal/project"
	"github.com/mlinit/mlinit/internal/toolcheck"
)

func answers(t *testing.T) project.Answers {
	t.Helper()
	a, _, err := project.Validate(project.Defaults("demo", 2026))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func sampleFiles() []File {
	return []File{
		{Path: "src/demo/__init__.py", Mode: 0o644, Data: []byte("")},
		{Path: "README.md", Mode: 0o644, Data: []byte("# demo\n")},
		{Path: "scripts/run.sh", Mode: 0o755, Data: []byte("#!/bin/sh\necho hi\n")},
		{Path: ".github/workflows/ci.yml", Mode: 0o644, Data: []byte("on: push\n")},
	}
}

func tree(t *testing.T) *Tree {
	t.Helper()
	tr, err := Build(sampleFiles(), answers(t), "1.0.0", "7")
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestBuildAddsRecordAndSorts(t *testing.T) {
	tr := tree(t)
	var paths []string
	for _, f := range tr.Files {
		paths = append(paths, f.Path)
	}
	want := []string{".github/workflows/ci.yml", project.RecordName, "README.md", "scripts/run.sh", "src/demo/__init__.py"}
	if !slices.Equal(paths, want) {
		t.Fatalf("paths = %v", paths)
	}
	rec := tr.Files[1]
	f, err := project.DecodeAnswers(rec.Data, rec.Path)
	if err != nil {
		t.Fatalf("record is not a valid answers file: %v", err)
	}
	if f.Answers != answers(t) || f.MlinitVersion != "1.0.0" || f.TemplateVersion != "7" {
		t.Errorf("record = %+v", f)
	}
	if len(f.Files) != 4 || f.Files["README.md"] != tr.Files[2].SHA256() {
		t.Errorf("record files = %v", f.Files)
	}
	if _, ok := f.Files[project.RecordName]; ok {
		t.Error("the record lists itself")
	}
}

func TestDigestIsDeterministicAndSensitive(t *testing.T) {
	a, b := tree(t), tree(t)
	if a.Digest() != b.Digest() || len(a.Digest()) != 64 {
		t.Fatalf("digests differ: %s %s", a.Digest(), b.Digest())
	}
	b.Files[3].Mode = 0o644
	if a.Digest() == b.Digest() {
		t.Error("digest ignores modes")
	}
	c := tree(t)
	c.Files[2].Data = []byte("# Demo\n")
	if a.Digest() == c.Digest() {
		t.Error("digest ignores content")
	}
	s := a.Summarize(nil)
	if s.TreeSHA256 != a.Digest() || len(s.Files) != 5 || s.Files[3].Mode != "0755" || s.Files[2].Bytes != 7 {
		t.Errorf("summary = %+v", s)
	}
}

func TestBuildRejectsBadFiles(t *testing.T) {
	tests := []struct {
		name string
		f    File
	}{
		{"absolute", File{Path: "/etc/passwd", Mode: 0o644}},
		{"dotdot", File{Path: "../x", Mode: 0o644}},
		{"inner dotdot", File{Path: "a/../../x", Mode: 0o644}},
		{"dot", File{Path: "./x", Mode: 0o644}},
		{"empty element", File{Path: "a//x", Mode: 0o644}},
		{"backslash", File{Path: `a\x`, Mode: 0o644}},
		{"empty", File{Path: "", Mode: 0o644}},
		{"record", File{Path: project.RecordName, Mode: 0o644}},
		{"duplicate", File{Path: "README.md", Mode: 0o644}},
		{"case duplicate", File{Path: "readme.MD", Mode: 0o644}},
		{"file is dir", File{Path: "src/demo/__init__.py/x", Mode: 0o644}},
		{"mode", File{Path: "x", Mode: 0o600}},
		{"crlf", File{Path: "x", Mode: 0o644, Data: []byte("a\r\nb")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(append(sampleFiles(), tt.f), answers(t), "1", "1")
			var pe *PathError
			if !errors.As(err, &pe) {
				t.Fatalf("want *PathError, got %v", err)
			}
		})
	}
}

// readTree returns path → mode of every file under dir.
func readTree(t *testing.T, dir string) map[string]fs.FileMode {
	t.Helper()
	got := map[string]fs.FileMode{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, _ := d.Info()
		if d.IsDir() {
			if info.Mode().Perm() != 0o755 && rel != "." {
				t.Errorf("dir %s has mode %v", rel, info.Mode().Perm())
			}
			return nil
		}
		got[filepath.ToSlash(rel)] = info.Mode().Perm()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWriteNewDirectory(t *testing.T) {
	old := setUmask(0o077) // modes must not depend on the user's umask
	defer setUmask(old)
	parent := t.TempDir()
	dir := filepath.Join(parent, "nested", "demo")
	tr := tree(t)
	res, err := Write(t.Context(), tr, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 5 || len(res.Skipped) != 0 {
		t.Errorf("result = %+v", res)
	}
	got := readTree(t, dir)
	for _, f := range tr.Files {
		if got[f.Path] != f.Mode {
			t.Errorf("%s: mode %v, want %v", f.Path, got[f.Path], f.Mode)
		}
		b, _ := os.ReadFile(filepath.Join(dir, f.Path))
		if string(b) != string(f.Data) {
			t.Errorf("%s: content differs", f.Path)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(parent, "nested"))
	if len(entries) != 1 {
		t.Errorf("staging left behind: %v", entries)
	}
}

func TestWriteRefusesNonEmpty(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Write(t.Context(), tree(t), dir, false)
	var te *TargetError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("want *TargetError mentioning --force, got %v", err)
	}
	if got := readTree(t, dir); len(got) != 1 {
		t.Errorf("refused write changed the target: %v", got)
	}
	file := filepath.Join(dir, "keep.txt")
	if _, err := Write(t.Context(), tree(t), file, true); !errors.As(err, &te) {
		t.Errorf("a file as target: %v", err)
	}
}

func TestWriteForceSkipsExisting(t *testing.T) {
	dir := t.TempDir()
	mine := map[string]string{"README.md": "my readme\n", "scripts": "a file where a directory goes\n"}
	for p, c := range mine {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tr := tree(t)
	planned, err := Plan(tr, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Write(t.Context(), tr, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	wantSkipped := []string{"README.md", "scripts/run.sh"}
	if !slices.Equal(res.Skipped, wantSkipped) || !slices.Equal(planned.Skipped, wantSkipped) {
		t.Errorf("skipped = %v, planned %v", res.Skipped, planned.Skipped)
	}
	if !slices.Equal(res.Written, planned.Written) || len(res.Written) != 3 {
		t.Errorf("written = %v, planned %v", res.Written, planned.Written)
	}
	for p, c := range mine {
		b, _ := os.ReadFile(filepath.Join(dir, p))
		if string(b) != c {
			t.Errorf("%s was overwritten", p)
		}
	}
	if got := readTree(t, dir); got["src/demo/__init__.py"] != 0o644 || got[project.RecordName] != 0o644 {
		t.Errorf("tree = %v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".mlinit-") {
			t.Errorf("staging left behind: %s", e.Name())
		}
	}
}

func TestWriteIntoEmptyDirectoryKeepsIt(t *testing.T) {
	dir := t.TempDir()
	before, _ := os.Stat(dir)
	if _, err := Write(t.Context(), tree(t), dir, false); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(dir)
	if !os.SameFile(before, after) {
		t.Error("an existing directory was replaced (a shell inside it would lose its cwd)")
	}
	if len(readTree(t, dir)) != 5 {
		t.Error("files missing")
	}
}

func TestWriteCancelledLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Write(ctx, tree(t), filepath.Join(parent, "new", "demo"), false); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	existing := filepath.Join(parent, "existing")
	if err := os.Mkdir(existing, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(ctx, tree(t), existing, false); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "existing" {
		t.Errorf("left behind: %v", entries)
	}
	if got := readTree(t, existing); len(got) != 0 {
		t.Errorf("existing dir got files: %v", got)
	}
}

func TestLinkInRollsBack(t *testing.T) {
	parent := t.TempDir()
	stage := filepath.Join(parent, "stage")
	target := filepath.Join(parent, "target")
	for _, d := range []string{filepath.Join(stage, "a"), target} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(stage, "a", "one"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// "a/missing" was never staged, so linking it fails after "a/one" succeeded.
	_, err := linkIn(t.Context(), parent, "stage", "target", []string{"a/one", "a/missing"})
	if err == nil {
		t.Fatal("want error")
	}
	if got := readTree(t, target); len(got) != 0 {
		t.Errorf("not rolled back: %v", got)
	}
	if _, err := os.Stat(filepath.Join(target, "a")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("directory made by the failed run left behind")
	}
}

func TestGit(t *testing.T) {
	toolcheck.Require(t, "git")
	g := NewGit(os.Getenv("PATH"))
	dir := t.TempDir()
	if g.InsideWorkTree(t.Context(), dir) {
		t.Skip("temp dir is inside a work tree")
	}
	if err := g.Init(t.Context(), dir); err != nil {
		t.Fatal(err)
	}
	if !g.InsideWorkTree(t.Context(), dir) {
		t.Error("not a work tree after init")
	}
	head, _ := os.ReadFile(filepath.Join(dir, ".git", "HEAD"))
	if string(head) != "ref: refs/heads/main\n" {
		t.Errorf("HEAD = %q", head)
	}
	if NewGit("").Available() {
		t.Error("git found on an empty PATH")
	}
}
