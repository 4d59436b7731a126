//go:build unix

package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Symlink loops, links out of the tree, non-UTF-8 names and FIFOs are listed
// or skipped without hanging, following or crashing.
func TestAwkwardTrees(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a/b.txt": "BAD\n"})
	for _, l := range [][2]string{{".", "loop"}, {"/etc", "etc"}, {"a", "a/self"}} {
		if err := os.Symlink(l[0], filepath.Join(dir, l[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "caf\xe9.txt"), []byte("BAD\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), Options{Root: dir, Checks: fakeChecks()[4:5], Files: true, List: walkList})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range rep.Results[0].Findings {
		paths = append(paths, f.Path)
	}
	if strings.Join(paths, ",") != "a/b.txt,caf\xe9.txt" {
		t.Errorf("findings on %q", paths)
	}
	if rep.Files != 5 { // a/b.txt, café, loop, etc, a/self (links listed, not followed); the FIFO is skipped
		t.Errorf("files = %d", rep.Files)
	}
}

// A dangling link is listed with its target and marked broken; a good one
// is not, and neither is ever opened.
func TestSymlinkTargets(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"v2/model.txt": "x\n"})
	for _, l := range [][2]string{{"v2", "latest"}, {"v3", "dangling"}, {"loop2", "loop1"}, {"loop1", "loop2"}} {
		if err := os.Symlink(l[0], filepath.Join(dir, l[1])); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close() //nolint:errcheck // test
	ld := &loader{root: root, dir: dir + string(filepath.Separator), limit: DefaultReadLimit}
	for name, want := range map[string]struct {
		target string
		broken bool
	}{"latest": {"v2", false}, "dangling": {"v3", true}, "loop1": {"loop2", true}} {
		f, ok, err := ld.load(name)
		if err != nil || !ok || !f.Link || f.LinkTarget != want.target || f.LinkBroken != want.broken || f.Data != nil {
			t.Errorf("%s: ok=%v err=%v link=%v target=%q broken=%v data=%q", name, ok, err, f.Link, f.LinkTarget, f.LinkBroken, f.Data)
		}
	}
}
