package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/gates"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
)

func TestNewCmdCheckFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
		check   func(t *testing.T, o *CheckOptions)
	}{
		{name: "defaults", args: nil, check: func(t *testing.T, o *CheckOptions) {
			t.Helper()
			if strings.Join(o.Gates, ",") != "repo,lint,types,test,docs" || o.Changed != "" || o.Jobs != 0 || o.gatesGiven {
				t.Errorf("%+v", o)
			}
		}},
		{name: "gates and paths", args: []string{"--gate", "repo,lint", "--gate", "lint", "a.py", "b.py"}, check: func(t *testing.T, o *CheckOptions) {
			t.Helper()
			if strings.Join(o.Gates, ",") != "repo,lint" || strings.Join(o.Paths, ",") != "a.py,b.py" || !o.gatesGiven {
				t.Errorf("%+v", o)
			}
		}},
		{name: "changed without ref", args: []string{"--changed"}, check: func(t *testing.T, o *CheckOptions) {
			t.Helper()
			if o.Changed != changedAuto {
				t.Errorf("changed = %q", o.Changed)
			}
		}},
		{name: "changed with ref", args: []string{"--changed=origin/dev"}, check: func(t *testing.T, o *CheckOptions) {
			t.Helper()
			if o.Changed != "origin/dev" {
				t.Errorf("changed = %q", o.Changed)
			}
		}},
		{
			name: "formats", args: []string{"--format", "text", "--format", "sarif=x.sarif", "--fix", "--jobs", "3", "--fail-level", "warning", "--all"},
			check: func(t *testing.T, o *CheckOptions) {
				t.Helper()
				if len(o.Formats) != 2 || !o.Fix || o.Jobs != 3 || o.FailLevel != "warning" || !o.All {
					t.Errorf("%+v", o)
				}
			},
		},
		{name: "bad gate", args: []string{"--gate", "lint,nope"}, wantErr: `invalid value "nope" for --gate`},
		{name: "empty gate", args: []string{"--gate", ""}, wantErr: "--gate needs at least one"},
		{name: "bad level", args: []string{"--fail-level", "loud"}, wantErr: "--fail-level"},
		{name: "two stdout formats", args: []string{"--format", "json", "--format", "junit"}, wantErr: "both write to stdout"},
		{name: "negative jobs", args: []string{"--jobs", "-2"}, wantErr: "--jobs"},
		{name: "changed and paths", args: []string{"--changed", "x.py"}, wantErr: "--changed and PATH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			var got *CheckOptions
			cmd := NewCmdCheck(&cmdutil.Factory{IOStreams: ios}, func(o *CheckOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &fe) {
					t.Fatalf("err = %v, want usage error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, got)
		})
	}
}

func fakeNative() []*checks.Check {
	return []*checks.Check{{
		Meta: checks.Meta{ID: "HY104", Title: "No merge-conflict markers", Severity: checks.Error, Scope: checks.ScopeFile},
		File: func(f *checks.File, _ checks.Options) []checks.Finding {
			if bytes.Contains(f.Data, []byte("<<<<<<<")) {
				return []checks.Finding{{Path: f.Path, Line: 1, Column: 1, Message: "conflict marker"}}
			}
			return nil
		},
	}, {
		Meta: checks.Meta{ID: "LP001", Title: "pyproject.toml exists", Severity: checks.Warning, Scope: checks.ScopeRepo},
		Repo: func(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
			if r.Pyproject == nil {
				return []checks.Finding{{Path: "pyproject.toml", Message: "missing"}}, ""
			}
			return nil, ""
		},
	}}
}

type stubRunner func(c gates.Cmd) (gates.Output, error)

func (s stubRunner) Run(_ context.Context, c gates.Cmd) (gates.Output, error) { return s(c) }

func runCheck(t *testing.T, dir string, env map[string]string, runner gates.Runner, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	ios.SetEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	fixed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := &cmdutil.Factory{IOStreams: ios, Now: func() time.Time { return fixed }}
	cmd := NewCmdCheck(f, func(o *CheckOptions) error {
		o.Getwd = func() (string, error) { return dir, nil }
		o.Checks = fakeNative
		o.Runner = runner
		o.LookPath = func(name string) (string, error) { return "/usr/bin/" + name, nil }
		o.Environ = func() []string { return nil }
		return checkRun(context.Background(), o)
	})
	cmd.SetArgs(args)
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	err = cmd.Execute()
	return out.String(), errOut.String(), err
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheckRunExitCodes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n", "a.py": "x = 1\n"})
	noTools := stubRunner(func(c gates.Cmd) (gates.Output, error) {
		return gates.Output{}, errors.New("unexpected tool " + c.Argv[0])
	})

	out, _, err := runCheck(t, dir, nil, noTools, "--gate", "repo")
	if err != nil {
		t.Fatalf("clean tree: %v", err)
	}
	if out != "OK: 2 checks: 2 passed, 0 failed, 0 skipped, 0 ignored; 0 errors, 0 warnings, 0 info; 2 files (fail level: error)\n" {
		t.Errorf("clean output %q", out)
	}

	writeFiles(t, dir, map[string]string{"b.py": "<<<<<<< HEAD\n"})
	_, _, err = runCheck(t, dir, nil, noTools, "--gate", "repo")
	var exitErr *cmdutil.ExitError
	if !errors.As(err, &exitErr) || exitErr.Code != cmdutil.ExitFindings || exitErr.Err != nil {
		t.Fatalf("findings: err = %v", err)
	}
	// File arguments: only that file's checks; the other file is not looked at.
	if _, _, err = runCheck(t, dir, nil, noTools, "a.py"); err != nil {
		t.Errorf("a.py alone: %v", err)
	}
}

func TestCheckRunGateErrorExits3(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"pyproject.toml": "[tool.ruff]\n"})
	crash := stubRunner(func(c gates.Cmd) (gates.Output, error) {
		return gates.Output{ExitCode: 2, Stderr: []byte("ruff: panic")}, nil
	})
	out, _, err := runCheck(t, dir, nil, crash, "--gate", "lint")
	var exitErr *cmdutil.ExitError
	if !errors.As(err, &exitErr) || exitErr.Code != cmdutil.ExitInternal || !strings.Contains(err.Error(), "ruff check exited with status 2") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(out, "Errors:") || !strings.HasPrefix(lastLine(out), "ERROR: ") {
		t.Errorf("report: %s", out)
	}
}

func TestCheckRunGitHubActions(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n", "b.py": "<<<<<<< HEAD\n"})
	summary := filepath.Join(t.TempDir(), "summary.md")
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}
	out, _, err := runCheck(t, dir, env, nil, "--gate", "repo", "--format", "json=report.json")
	var exitErr *cmdutil.ExitError
	if !errors.As(err, &exitErr) || exitErr.Code != cmdutil.ExitFindings {
		t.Fatalf("err = %v", err)
	}
	if out != "::error file=b.py,line=1,col=1,title=HY104 No merge-conflict markers::conflict marker\n" {
		t.Errorf("annotations %q", out)
	}
	md, err := os.ReadFile(summary)
	if err != nil || !strings.Contains(string(md), "## mlinit check: ❌ failed") {
		t.Errorf("summary %q %v", md, err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "report.json")); err != nil || !bytes.Contains(data, []byte(`"check": "HY104"`)) {
		t.Errorf("json file: %v", err)
	}
}

func TestCheckRunConfigError(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"pyproject.toml": "[tool.mlinit]\nselct = [\"HY\"]\n"})
	_, _, err := runCheck(t, dir, nil, nil, "--gate", "repo")
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), `pyproject.toml:2:1: unknown key "selct"`) {
		t.Errorf("err = %v", err)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// Gate findings honour the same inline comment as native ones.
func TestCheckRunSuppressesGateFindingsInline(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"pyproject.toml": "[project]\nname = \"x\"\n\n[tool.ruff]\n",
		"a.py":           "import sys\nimport os  # mlinit: ignore[GT001] re-exported for plugins\n",
	})
	ruff := stubRunner(func(c gates.Cmd) (gates.Output, error) {
		if len(c.Argv) > 1 && c.Argv[1] == "format" {
			return gates.Output{}, nil
		}
		out := fmt.Sprintf(`[{"code":"F401","message":"sys imported but unused","filename":%q,"location":{"row":1,"column":8}},`+
			`{"code":"F401","message":"os imported but unused","filename":%q,"location":{"row":2,"column":8}}]`,
			filepath.Join(dir, "a.py"), filepath.Join(dir, "a.py"))
		return gates.Output{ExitCode: 1, Stdout: []byte(out)}, nil
	})
	out, _, err := runCheck(t, dir, nil, ruff, "--gate", "lint", "--format", "json")
	var exitErr *cmdutil.ExitError
	if !errors.As(err, &exitErr) || exitErr.Code != cmdutil.ExitFindings {
		t.Fatalf("err = %v\n%s", err, out)
	}
	if strings.Contains(out, "os imported") || !strings.Contains(out, "sys imported") || !strings.Contains(out, `"suppressed": 1`) {
		t.Errorf("line 2 must be silenced, line 1 reported:\n%s", out)
	}
}
