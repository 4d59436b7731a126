package native

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

// The shapes internal/benchcorpus writes: ~25 KB notebooks (one in ten with
// outputs and counts) and ~4 KB JSON files of floats. With
// MLINIT_BENCH_CORPUS set the benchmarks read that corpus's files instead.

func benchNotebook(r *rand.Rand, i, size int, outputs bool) []byte {
	var cells []string
	total := 0
	for c := 0; total < size; c++ {
		src := fmt.Sprintf(`"import numpy as np\n", "x = np.arange(%d)\n", "x.mean()"`, r.IntN(1000))
		out := "[]"
		count := "null"
		if outputs {
			count = fmt.Sprint(c + 1)
			out = fmt.Sprintf(`[{"data": {"text/plain": ["%s"]}, "execution_count": %d, "metadata": {}, "output_type": "execute_result"}]`,
				strings.Repeat("0.5 ", 40), c+1)
		}
		cell := fmt.Sprintf(`  {"cell_type": "code", "execution_count": %s, "id": "c%d-%d", "metadata": {}, "outputs": %s, "source": [%s]}`,
			count, i, c, out, src)
		cells = append(cells, cell)
		total += len(cell)
	}
	return []byte(fmt.Sprintf("{\n \"cells\": [\n%s\n ],\n \"metadata\": {\"kernelspec\": {\"display_name\": \"Python 3\", \"language\": \"python\", \"name\": \"python3\"}},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n",
		strings.Join(cells, ",\n")))
}

func benchNumericJSON(r *rand.Rand, i, size int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"id\": %d,\n  \"values\": [", i)
	for j := 0; b.Len() < size; j++ {
		if j > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%.6f", r.Float64())
	}
	b.WriteString("]\n}\n")
	return b.Bytes()
}

// benchDocs returns the corpus's files with the extension when
// MLINIT_BENCH_CORPUS names one (go run ./internal/cmd/benchcorpus), else
// nil: the benchmarks then generate the same shapes.
func benchDocs(b *testing.B, ext string) [][]byte {
	b.Helper()
	dir := os.Getenv("MLINIT_BENCH_CORPUS")
	if dir == "" {
		return nil
	}
	var docs [][]byte
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ext {
			return err
		}
		data, err := os.ReadFile(p) //nolint:gosec // the benchmark corpus
		docs = append(docs, data)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return docs
}

func benchNotebooks(b *testing.B) ([]*checks.File, int64) {
	b.Helper()
	docs := benchDocs(b, ".ipynb")
	if docs == nil {
		r := rand.New(rand.NewPCG(1, 2))
		for i := range 20 {
			docs = append(docs, benchNotebook(r, i, 25<<10, i%10 == 0))
		}
	}
	var files []*checks.File
	var total int64
	for i, d := range docs {
		f := checks.NewFile(fmt.Sprintf("notebooks/nb%04d.ipynb", i))
		f.Data = d
		total += int64(len(d))
		files = append(files, f)
	}
	return files, total
}

// BenchmarkNotebookChecks: HY301, HY302 and HY305 over the same notebooks,
// sharing one parse per file as in the engine.
func BenchmarkNotebookChecks(b *testing.B) {
	files, total := benchNotebooks(b)
	e := newEnv()
	cellID := regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)
	opts := checks.Options{}
	run := func(b *testing.B, check func(f *checks.File)) {
		b.Helper()
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			for _, f := range files {
				f.ForgetMemo()
				check(f)
			}
		}
	}
	b.Run("old", func(b *testing.B) {
		run(b, func(f *checks.File) {
			oldHY301(f, opts)
			oldHY302(f, opts)
			oldHY305(f, cellID)
		})
	})
	b.Run("new", func(b *testing.B) {
		run(b, func(f *checks.File) {
			hy301(f, opts)
			hy302(f, opts)
			e.hy305(f, opts)
		})
	})
}

// BenchmarkJSONProblems: HY105's JSON validation on the corpus's numeric
// files and, for string-heavy data, on its notebooks.
func BenchmarkJSONProblems(b *testing.B) {
	numeric := benchDocs(b, ".json")
	if numeric == nil {
		r := rand.New(rand.NewPCG(3, 4))
		for i := range 50 {
			numeric = append(numeric, benchNumericJSON(r, i, 4<<10))
		}
	}
	nbs, _ := benchNotebooks(b)
	var notebooks [][]byte
	for _, f := range nbs {
		notebooks = append(notebooks, f.Data)
	}
	for _, set := range []struct {
		name string
		docs [][]byte
	}{{"numeric", numeric}, {"notebook", notebooks}} {
		var total int64
		for _, d := range set.docs {
			total += int64(len(d))
		}
		for _, impl := range []struct {
			name string
			fn   func([]byte) (pos, string)
		}{{"old", oldJSONProblems}, {"new", jsonProblems}} {
			b.Run(set.name+"/"+impl.name, func(b *testing.B) {
				b.SetBytes(total)
				b.ReportAllocs()
				for b.Loop() {
					for _, d := range set.docs {
						impl.fn(d) // the corpus plants a few broken files
					}
				}
			})
		}
	}
}
