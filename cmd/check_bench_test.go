package cmd

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/mlinit/mlinit/checks/native"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
)

// BenchmarkCheckCommand is `mlinit check --gate repo --format json` in
// process, reporters included, on the corpus MLINIT_BENCH_CORPUS names (go
// run ./internal/cmd/benchcorpus); MLINIT_BENCH_ARGS adds flags such as
// --no-cache. The process figures come from hyperfine (make bench).
func BenchmarkCheckCommand(b *testing.B) {
	dir := os.Getenv("MLINIT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set MLINIT_BENCH_CORPUS to a corpus directory")
	}
	args := []string{"--gate", "repo", "--format", "json"}
	if extra := os.Getenv("MLINIT_BENCH_ARGS"); extra != "" {
		args = append(args, extra)
	}
	for b.Loop() {
		ios, _, _, _ := iostreams.Test()
		ios.Out = io.Discard
		f := &cmdutil.Factory{IOStreams: ios, Now: time.Now}
		cmd := NewCmdCheck(f, func(o *CheckOptions) error {
			o.Getwd = func() (string, error) { return dir, nil }
			o.Checks = native.All
			o.CacheSalt = func() string { return "bench" }
			return checkRun(context.Background(), o)
		})
		cmd.SetArgs(args)
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
		_ = cmd.Execute() // exit 1: the corpus has planted problems
	}
}
