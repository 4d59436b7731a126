package cmd

import (
	"context"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/internal/buildinfo"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
)

func TestExecuteExitCodes(t *testing.T) {
	tests := []struct {
		args       []string
		wantCode   int
		wantStderr string
	}{
		{args: []string{"version"}, wantCode: 0},
		{args: []string{"nosuch"}, wantCode: 2, wantStderr: `mlinit: unknown command "nosuch" for "mlinit"; see 'mlinit --help'`},
		{args: []string{"--nosuch"}, wantCode: 2, wantStderr: `mlinit: unknown flag: --nosuch; see 'mlinit --help'`},
		{args: []string{"version", "--json=maybe"}, wantCode: 2},
		{args: []string{"completion", "tcsh"}, wantCode: 2},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ios, _, stdout, stderr := iostreams.Test()
			f := &cmdutil.Factory{IOStreams: ios, Build: buildinfo.Info{Version: "1.0.0"}}
			code := Execute(context.Background(), f, tt.args)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tt.wantCode, stderr)
			}
			if tt.wantCode != 0 {
				if stdout.Len() != 0 {
					t.Errorf("stdout not empty on error: %q", stdout)
				}
				if n := strings.Count(stderr.String(), "\n"); n != 1 {
					t.Errorf("want exactly one stderr line, got %d: %q", n, stderr)
				}
			}
			if tt.wantStderr != "" && strings.TrimSpace(stderr.String()) != tt.wantStderr {
				t.Errorf("stderr = %q, want %q", stderr, tt.wantStderr)
			}
		})
	}
}

func TestExecuteInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios}
	// A cancelled root context turns a failing command into exit 130.
	if code := Execute(ctx, f, []string{"nosuch"}); code != cmdutil.ExitInterrupted {
		t.Errorf("exit %d, want 130", code)
	}
}

func TestNoInputDisablesPrompting(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	ios.SetStdinTTY(true)
	ios.SetStdoutTTY(true)
	f := &cmdutil.Factory{IOStreams: ios}
	if code := Execute(context.Background(), f, []string{"--no-input", "version"}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if ios.CanPrompt() {
		t.Error("--no-input must disable prompting")
	}
}
