package native

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
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

// BenchmarkCorpusChecks times each file check alone over every file of the
// corpus named by MLINIT_BENCH_CORPUS (go run ./internal/cmd/benchcorpus), so
// a regression shows up against the check that caused it.
func BenchmarkCorpusChecks(b *testing.B) {
	dir := os.Getenv("MLINIT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set MLINIT_BENCH_CORPUS to a corpus directory")
	}
	var files []*checks.File
	var total int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && d.Name() == ".git" {
				return filepath.SkipDir
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, _ := d.Info()
		data, _ := os.ReadFile(p) //nolint:gosec // benchmark corpus
		f := &checks.File{Path: filepath.ToSlash(rel), Size: info.Size(), Exec: info.Mode()&0o111 != 0}
		if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
			f.Binary = true
		} else {
			f.Data = data
			total += int64(len(data))
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range All() {
		if c.File == nil {
			continue
		}
		b.Run(c.ID, func(b *testing.B) {
			b.SetBytes(total)
			for b.Loop() {
				for _, f := range files {
					c.File(f, checks.Options{})
				}
			}
		})
	}
}
