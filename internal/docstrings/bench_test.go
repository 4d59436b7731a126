package docstrings

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestMain doubles as a process entry point for bench.sh, so the scan can be timed as a
// whole process (start-up, discovery, reading, scanning) side by side with interrogate:
//
//	MLINIT_DOCSTRINGS_SCAN=DIR [MLINIT_DOCSTRINGS_PATHS="a b"] ./docstrings.test
//
// prints "TOTAL <total> <missing> <covered> <percent>" for DIR with interrogate's defaults.
func TestMain(m *testing.M) {
	if dir := os.Getenv("MLINIT_DOCSTRINGS_SCAN"); dir != "" {
		os.Exit(scanMain(dir, strings.Fields(os.Getenv("MLINIT_DOCSTRINGS_PATHS"))))
	}
	os.Exit(m.Run())
}

func scanMain(dir string, paths []string) int {
	rep, err := Scan(context.Background(), dir, paths, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for _, e := range rep.Errors {
		fmt.Fprintln(os.Stderr, "error:", e.Error())
	}
	fmt.Printf("TOTAL %d %d %d %.1f%%\n", rep.Total, rep.Missing, rep.Covered, rep.Percent)
	return 0
}

// BenchmarkScan scans generated trees of growing size; ns/op divided by the file count
// stays flat when time is linear in input size (compare the ns/file metric across sizes).
func BenchmarkScan(b *testing.B) {
	for _, files := range []int{250, 1000, 4000} {
		dir := b.TempDir()
		writeCorpus(b, dir, 7, files, 13)
		var size int64
		rep, err := Scan(context.Background(), dir, nil, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range rep.Files {
			if st, err := os.Stat(dir + "/" + f.Path); err == nil {
				size += st.Size()
			}
		}
		b.Run(fmt.Sprintf("files=%d", files), func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := Scan(context.Background(), dir, nil, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(rep.Files)), "ns/file")
		})
	}
}

// BenchmarkTokenize measures the tokenizer alone on a large generated module.
func BenchmarkTokenize(b *testing.B) {
	var sb strings.Builder
	fx := fixtures()
	for i := 0; sb.Len() < 1<<20; i++ {
		sb.WriteString(fx[i%30].src)
		sb.WriteString("\n")
	}
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if _, err := Tokenize(src); err != nil {
			b.Fatal(err)
		}
	}
}
