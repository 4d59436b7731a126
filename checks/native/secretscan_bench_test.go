package native

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// textFiles reads the text files under dir (as the engine classifies them),
// keeping every stride-th until they add up to limit bytes (0: no limit).
func textFiles(tb testing.TB, dir string, stride, limit int) ([][]byte, int64) {
	tb.Helper()
	var files [][]byte
	var total int64
	seen := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			return err
		}
		if limit > 0 && total >= int64(limit) {
			return filepath.SkipAll
		}
		data, err := os.ReadFile(p) //nolint:gosec // benchmark corpus
		if err != nil || bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
			return err
		}
		if seen++; (seen-1)%stride == 0 {
			files = append(files, data)
			total += int64(len(data))
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files, total
}

func benchScanners(b *testing.B, files [][]byte, total int64) {
	b.Helper()
	e := newEnv()
	ref := newRefScanner(secretRules())
	b.Run("reference", func(b *testing.B) {
		benchCPU(b, total, func() {
			for _, f := range files {
				_ = ref.refScan(f)
			}
		})
	})
	b.Run("anchored", func(b *testing.B) {
		benchCPU(b, total, func() {
			for _, f := range files {
				_ = e.secrets.scan(f)
			}
		})
	})
}

// benchCPU runs op b.N times, reporting its thread CPU time per run
// (cpu-ns/op) beside the wall time.
func benchCPU(b *testing.B, size int64, op func()) {
	b.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.SetBytes(size)
	start, n := threadCPU(), 0
	for b.Loop() {
		op()
		n++
	}
	b.ReportMetric(float64(threadCPU()-start)/float64(n), "cpu-ns/op")
}

// BenchmarkSecretScanHot times both scanners on cache-resident files, as in
// the engine, which checks each file right after reading it: this package's
// own sources (real Go, some with token literals), and when
// MLINIT_BENCH_CORPUS names a corpus, ~512 KB of its text files.
func BenchmarkSecretScanHot(b *testing.B) {
	src, _ := textFiles(b, ".", 1, 0)
	var gosrc [][]byte
	var gototal int64
	for _, f := range src {
		if !bytes.HasPrefix(f, []byte("package ")) {
			continue // testdata
		}
		gosrc = append(gosrc, f)
		gototal += int64(len(f))
	}
	b.Run("gosrc", func(b *testing.B) { benchScanners(b, gosrc, gototal) })
	if dir := os.Getenv("MLINIT_BENCH_CORPUS"); dir != "" {
		files, total := textFiles(b, dir, 97, 512<<10)
		b.Run("corpus", func(b *testing.B) { benchScanners(b, files, total) })
	}
	// Worst case for both: every byte an anchor or a first byte.
	for _, s := range []string{"-", "x", "hghsp"} {
		data := []byte(strings.Repeat(s, 64<<10/len(s)))
		b.Run("dense"+s, func(b *testing.B) { benchScanners(b, [][]byte{data}, int64(len(data))) })
	}
}

// BenchmarkSecretScanCorpus times both scanners over every text file of the
// corpus named by MLINIT_BENCH_CORPUS, as BenchmarkCorpusChecks/HY202 does.
func BenchmarkSecretScanCorpus(b *testing.B) {
	dir := os.Getenv("MLINIT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set MLINIT_BENCH_CORPUS to a corpus directory")
	}
	files, total := textFiles(b, dir, 1, 0)
	benchScanners(b, files, total)
}
