package templates

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/mlinit/mlinit/internal/golden"
)

// goldenSets are the answer sets whose whole rendered tree is kept under
// testdata/golden/<name>.txtar; review the diff after `go test -update`.
func goldenSets() map[string][]string {
	return map[string][]string{
		"defaults":               nil,
		"classic-poetry-sphinx":  {"lint=classic", "env=poetry", "docs=sphinx"},
		"conda-sklearn-nodocker": {"env=conda", "framework=sklearn", "docker=none"},
		"pip-lightning-cuda-dvc-wandb": {
			"env=pip", "framework=lightning", "docker=cuda", "data=dvc", "tracking=wandb",
		},
		"everything-none": {
			"typecheck=none", "framework=none", "config=none", "cli=none", "tracking=none",
			"data=none", "docs=none", "ci=none", "docker=none", "notebooks=no",
			"license=proprietary",
		},
	}
}

func TestGolden(t *testing.T) {
	for name, overrides := range goldenSets() {
		t.Run(name, func(t *testing.T) {
			files, err := Render(answers(t, overrides...))
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, "testdata/golden/"+name+".txtar", archive(overrides, files))
		})
	}
}

// archive formats a rendered tree as txtar; the comment records the answers and
// the mode of every file that is not 0644.
func archive(overrides []string, files []File) []byte {
	var comment strings.Builder
	fmt.Fprintf(&comment, "mlinit templates %s; answers: defaults %s\n", Version(), strings.Join(overrides, " "))
	ar := &txtar.Archive{}
	for _, f := range files {
		if f.Mode != 0o644 {
			fmt.Fprintf(&comment, "mode %04o %s\n", f.Mode, f.Path)
		}
		ar.Files = append(ar.Files, txtar.File{Name: f.Path, Data: f.Data})
	}
	ar.Comment = []byte(comment.String())
	return txtar.Format(ar)
}
