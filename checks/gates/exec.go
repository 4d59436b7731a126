package gates

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Cmd is one tool invocation: argv (no shell), working directory, environment.
type Cmd struct {
	Argv    []string
	Dir     string
	Env     []string
	Timeout time.Duration
}

// Output is what a finished tool left behind.
type Output struct {
	Stdout, Stderr []byte
	ExitCode       int
}

// Runner runs a command to completion. Tests replace it with canned outputs.
type Runner interface {
	Run(ctx context.Context, c Cmd) (Output, error)
}

// ToolError means a tool could not be run to a verdict: it is missing, did not
// start, crashed or timed out. The run exits 3.
type ToolError struct {
	Gate string
	Msg  string
}

func (e *ToolError) Error() string { return e.Gate + " gate: " + e.Msg }

// ExecRunner runs real processes, each in its own process group so a timeout or
// Ctrl-C kills the tool and everything it started (pytest workers, uv's child).
type ExecRunner struct{}

// Run implements Runner.
func (ExecRunner) Run(ctx context.Context, c Cmd) (Output, error) {
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, c.Argv[0], c.Argv[1:]...) //nolint:gosec // argv comes from the project's config or mlinit's defaults, never a shell
	cmd.Dir = c.Dir
	cmd.Env = c.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Stdin = nil
	setProcessGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	out := Output{Stdout: stdout.Bytes(), Stderr: stderr.Bytes()}
	if cmd.ProcessState != nil {
		out.ExitCode = cmd.ProcessState.ExitCode()
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return out, fmt.Errorf("%s timed out after %s", filepath.Base(c.Argv[0]), c.Timeout)
	case ctx.Err() != nil:
		return out, ctx.Err()
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return out, err
	}
	if out.ExitCode < 0 {
		// Killed by a signal: a crash, whatever the tool would have said.
		return out, fmt.Errorf("%s was killed (%s)", filepath.Base(c.Argv[0]), cmd.ProcessState)
	}
	return out, nil
}

// Project is what tool resolution looks at.
type Project struct {
	Root     string
	Getenv   func(string) (string, bool)
	LookPath func(string) (string, error)
}

// Resolve finds how to run tool in the project's environment, in this order: the
// active virtualenv ($VIRTUAL_ENV), the project's .venv, `uv run` when uv.lock
// exists, `poetry run` when poetry.lock exists, then PATH. The error names the
// install command that fits the project.
func (p Project) Resolve(tool string) ([]string, error) {
	bin := "bin"
	exe := tool
	if runtime.GOOS == "windows" {
		bin, exe = "Scripts", tool+".exe"
	}
	if venv, ok := p.Getenv("VIRTUAL_ENV"); ok && venv != "" {
		if c := filepath.Join(venv, bin, exe); isExec(c) {
			return []string{c}, nil
		}
	}
	if c := filepath.Join(p.Root, ".venv", bin, exe); isExec(c) {
		return []string{c}, nil
	}
	if exists(filepath.Join(p.Root, "uv.lock")) {
		if uv, err := p.LookPath("uv"); err == nil {
			return []string{uv, "run", "--frozen", "--", tool}, nil
		}
	}
	if exists(filepath.Join(p.Root, "poetry.lock")) {
		if poetry, err := p.LookPath("poetry"); err == nil {
			return []string{poetry, "run", tool}, nil
		}
	}
	if c, err := p.LookPath(tool); err == nil {
		return []string{c}, nil
	}
	return nil, fmt.Errorf("%s not found in the project environment (no $VIRTUAL_ENV or .venv with it, not on PATH); install it with: %s",
		tool, p.InstallHint(tool))
}

// InstallHint is the command that adds tool to this project.
func (p Project) InstallHint(tool string) string {
	pkg := tool
	if tool == "sphinx-build" {
		pkg = "sphinx"
	}
	switch {
	case exists(filepath.Join(p.Root, "uv.lock")):
		return "uv add --dev " + pkg
	case exists(filepath.Join(p.Root, "poetry.lock")):
		return "poetry add --group dev " + pkg
	case exists(filepath.Join(p.Root, "pixi.lock")):
		return "pixi add --pypi " + pkg
	}
	return "python -m pip install " + pkg + " (inside the project's virtualenv)"
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && (runtime.GOOS == "windows" || fi.Mode()&0o111 != 0)
}

// notFoundInEnv recognises "the wrapper started but the tool is not installed"
// from uv run and poetry run, which would otherwise look like a crash.
func notFoundInEnv(out Output) bool {
	s := string(out.Stderr)
	return strings.Contains(s, "Failed to spawn") || strings.Contains(s, "Command not found") ||
		strings.Contains(s, "No such file or directory (os error 2)")
}
