package generate

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/internal/project"
)

// FuzzBuildPaths: whatever path a renderer produces, Build either refuses it
// with a *PathError or it is a relative path that stays under the target.
func FuzzBuildPaths(f *testing.F) {
	for _, p := range []string{"a", "../a", "/a", "a/../b", "a//b", `a\b`, ".", "a/.", ".mlinit.toml", "C:/x", "a\x00b", "src/pkg/__init__.py"} {
		f.Add(p)
	}
	a, _, err := project.Validate(project.Defaults("demo", 2026))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, p string) {
		tr, err := Build([]File{{Path: p, Mode: 0o644, Data: []byte("x\n")}}, a, "1", "1")
		if err != nil {
			var pe *PathError
			if !errors.As(err, &pe) {
				t.Fatalf("untyped error %T %v", err, err)
			}
			return
		}
		target := filepath.Join("root", "target")
		for _, f := range tr.Files {
			full := filepath.Join(target, filepath.FromSlash(f.Path))
			if !strings.HasPrefix(full, target+string(filepath.Separator)) || filepath.IsAbs(f.Path) {
				t.Fatalf("path %q escapes the target: %s", f.Path, full)
			}
		}
	})
}
