package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/mlinit/mlinit/cmd"
	"github.com/mlinit/mlinit/internal/buildinfo"
)

// TestMain lets testscript run this test binary as the `mlinit` command, so the
// scripts exercise the real binary's main path without a separate build.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"mlinit": func() {
			os.Exit(cmd.Main(buildinfo.Resolve("0.0.0-test", "testcommit", "2026-01-01T00:00:00Z", nil)))
		},
	})
}

func TestScript(t *testing.T) {
	testscript.Run(t, scriptParams(t, "testdata/script"))
}

// scriptParams makes every script hermetic: HOME and the XDG dirs inside $WORK,
// no colour, no prompts, no update notice, no CI variables leaking in from the host.
func scriptParams(t *testing.T, dir string) testscript.Params {
	t.Helper()
	return testscript.Params{
		Dir:                 dir,
		RequireExplicitExec: true,
		Condition:           toolCondition,
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, "home")
			env.Setenv("HOME", home)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			env.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
			env.Setenv("NO_COLOR", "1")
			env.Setenv("MLINIT_NO_UPDATE_NOTIFIER", "1")
			env.Setenv("GITHUB_ACTIONS", "")
			env.Setenv("GITHUB_STEP_SUMMARY", "")
			env.Setenv("CI", "")
			env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			env.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
			return os.MkdirAll(home, 0o755)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":      cmdExits,
			"fakegithub": cmdFakeGitHub,
		},
	}
}

// toolCondition is the condition [tool:NAME]: true when NAME is on PATH. A
// missing tool fails the script, as in the e2e tests, unless MLINIT_E2E=0,
// where the condition is false and the script's `[!tool:git] skip` says why.
func toolCondition(cond string) (bool, error) {
	tool, ok := strings.CutPrefix(cond, "tool:")
	if !ok {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	if _, err := exec.LookPath(tool); err == nil {
		return true, nil
	}
	if os.Getenv("MLINIT_E2E") == "0" {
		return false, nil
	}
	return false, fmt.Errorf("%s is not on PATH: install it, or set MLINIT_E2E=0 to skip real-tool tests", tool)
}

// cmdExits runs a command and asserts its exact exit code, which plain `! exec`
// cannot: "exits 2 mlinit nosuch". Its output stays available to stdout/stderr.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			ts.Fatalf("exits: %v", err)
		}
		got = exitErr.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}
