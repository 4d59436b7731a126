package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteProject writes a rendered project to $MLINIT_RENDER_OUT for manual
// checks with the real Python tools (ruff, mypy, pytest); it is skipped
// otherwise. $MLINIT_RENDER_SET overrides answers: "env=pip,framework=sklearn".
func TestWriteProject(t *testing.T) {
	dir := os.Getenv("MLINIT_RENDER_OUT")
	if dir == "" {
		t.Skip("set MLINIT_RENDER_OUT to write a rendered project")
	}
	var overrides []string
	for _, kv := range strings.Split(os.Getenv("MLINIT_RENDER_SET"), ",") {
		if kv != "" {
			overrides = append(overrides, kv)
		}
	}
	a := answers(t, overrides...)
	files, err := Render(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, f.Mode); err != nil {
			t.Fatal(err)
		}
	}
}
