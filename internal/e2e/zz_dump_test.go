package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mlinit/mlinit/templates"
)

func TestDump(t *testing.T) {
	for _, s := range coveringSet() {
		if s.name != os.Getenv("SET") {
			continue
		}
		files, err := templates.Render(s.a)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join("/tmp/dump", s.name)
		os.RemoveAll(dir)
		if err := writeTree(dir, files); err != nil {
			t.Fatal(err)
		}
	}
}
