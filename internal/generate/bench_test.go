package generate_test

import (
	"testing"

	"github.com/mlinit/mlinit/internal/generate"
	"github.com/mlinit/mlinit/internal/project"
	"github.com/mlinit/mlinit/templates"
)

// BenchmarkDefaultTree measures what `mlinit new --yes` does before touching the
// disk: validate the default answers, render every template and build the tree
// with its record and digest.
func BenchmarkDefaultTree(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		a, _, err := project.Validate(project.Defaults("my-project", 2026))
		if err != nil {
			b.Fatal(err)
		}
		rendered, err := templates.Render(a)
		if err != nil {
			b.Fatal(err)
		}
		files := make([]generate.File, len(rendered))
		for i, f := range rendered {
			files[i] = generate.File{Path: f.Path, Mode: f.Mode, Data: f.Data}
		}
		tree, err := generate.Build(files, a, "bench", templates.Version())
		if err != nil {
			b.Fatal(err)
		}
		if len(tree.Digest()) != 64 {
			b.Fatal("bad digest")
		}
	}
}
