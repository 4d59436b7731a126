package native

import (
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

// BenchmarkFileChecks measures all file checks over typical files; the
// engine's budget is ~200 ms for 20,000 files on 2 cores.
func BenchmarkFileChecks(b *testing.B) {
	py := strings.Repeat("def f(x):\n    return x + 1  # comment\n\n", 300)
	yml := strings.Repeat("key: value\nlist:\n  - a\n  - b\nnested:\n  k: 1\n", 200)
	js := "{" + strings.Repeat(`"k": [1, 2, {"a": "b"}], `, 300) + `"z": 0}`
	files := []*checks.File{
		{Path: "src/pkg/mod.py", Data: []byte(py)},
		{Path: "conf/a.yaml", Data: []byte(yml)},
		{Path: "data/a.json", Data: []byte(js)},
	}
	var fileChecks []*checks.Check
	for _, c := range All() {
		if c.File != nil {
			fileChecks = append(fileChecks, c)
		}
	}
	for _, f := range files {
		b.Run(f.Path, func(b *testing.B) {
			b.SetBytes(int64(len(f.Data)))
			for i := 0; i < b.N; i++ {
				for _, c := range fileChecks {
					c.File(f, checks.Options{})
				}
			}
		})
	}
}
