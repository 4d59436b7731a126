package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/config"
	"github.com/mlinit/mlinit/checks/native"
	"github.com/mlinit/mlinit/internal/benchcorpus"
)

// BenchmarkRepoGate times what `mlinit check --gate repo` does (listing, reading,
// every native check) on a synthetic corpus. MLINIT_BENCH_CORPUS names an
// existing corpus (go run ./internal/cmd/benchcorpus); otherwise a small one is
// generated for the run. The full-size figure comes from hyperfine on the binary.
func BenchmarkRepoGate(b *testing.B) {
	dir := benchDir(b)
	cfg, err := config.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	cs := native.All()
	b.ResetTimer()
	for b.Loop() {
		rep, err := Run(context.Background(), Options{Root: dir, Checks: cs, Config: cfg, Files: true, Repo: true})
		if err != nil {
			b.Fatal(err)
		}
		if !rep.Failed() {
			b.Fatal("the corpus has planted problems; the run must fail")
		}
	}
}

// BenchmarkRepoGateCached is BenchmarkRepoGate with the results cache warm:
// unchanged files are only stat'ed.
func BenchmarkRepoGateCached(b *testing.B) {
	dir := benchDir(b)
	cfg, err := config.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	cs := native.All()
	opts := Options{Root: dir, Checks: cs, Config: cfg, Files: true, Repo: true, CacheDir: filepath.Join(b.TempDir(), "cache"), CacheSalt: "bench"}
	if _, err := Run(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		rep, err := Run(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		if !rep.Failed() {
			b.Fatal("the corpus has planted problems; the run must fail")
		}
	}
}

// BenchmarkEngineOnly is the engine's own cost — listing, reading, scheduling,
// post-processing — with one check that does nothing.
func BenchmarkEngineOnly(b *testing.B) {
	dir := benchDir(b)
	noop := &checks.Check{
		Meta: checks.Meta{ID: "XX001", Scope: checks.ScopeFile, Severity: checks.Error},
		File: func(*checks.File, checks.Options) []checks.Finding { return nil },
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(context.Background(), Options{Root: dir, Checks: []*checks.Check{noop}, Files: true, Repo: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchDir(b *testing.B) string {
	b.Helper()
	if dir := os.Getenv("MLINIT_BENCH_CORPUS"); dir != "" {
		return dir
	}
	dir := filepath.Join(b.TempDir(), "corpus")
	if _, err := benchcorpus.Generate(benchcorpus.Options{Dir: dir, Files: 2000, Bytes: 25 << 20}); err != nil {
		b.Fatal(err)
	}
	return dir
}
