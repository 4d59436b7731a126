package gates

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/config"
)

// fakeRunner answers by the tool's base name and records every argv.
type fakeRunner struct {
	mu      sync.Mutex
	calls   []string
	answers map[string]func(c Cmd) (Output, error)
}

func (f *fakeRunner) Run(_ context.Context, c Cmd) (Output, error) {
	f.mu.Lock()
	f.calls = append(f.calls, strings.Join(c.Argv, " "))
	f.mu.Unlock()
	key := filepath.Base(c.Argv[0])
	if len(c.Argv) > 1 {
		key += " " + c.Argv[1]
	}
	if a, ok := f.answers[key]; ok {
		return a(c)
	}
	return Output{}, fmt.Errorf("unexpected command %v", c.Argv)
}

func answer(code int, stdout, stderr string) func(Cmd) (Output, error) {
	return func(Cmd) (Output, error) {
		return Output{ExitCode: code, Stdout: []byte(stdout), Stderr: []byte(stderr)}, nil
	}
}

func newEnv(t *testing.T, pyproject string, runner Runner, onPath ...string) *Env {
	t.Helper()
	root := t.TempDir()
	cfg := config.Default()
	if pyproject != "" {
		if err := os.WriteFile(filepath.Join(root, "pyproject.toml"), []byte(pyproject), 0o600); err != nil {
			t.Fatal(err)
		}
		var err error
		if cfg, err = config.Parse([]byte(pyproject)); err != nil {
			t.Fatal(err)
		}
	}
	path := map[string]bool{}
	for _, p := range onPath {
		path[p] = true
	}
	return &Env{
		Root: root, Config: cfg, Runner: runner, TempDir: t.TempDir(),
		Getenv: func(string) (string, bool) { return "", false },
		LookPath: func(name string) (string, error) {
			if path[name] {
				return "/usr/bin/" + name, nil
			}
			return "", errors.New("not found")
		},
	}
}

func resultsByID(rs []*checks.Result) map[string]*checks.Result {
	m := map[string]*checks.Result{}
	for _, r := range rs {
		m[r.Check.ID] = r
	}
	return m
}

func TestLintRuff(t *testing.T) {
	r := &fakeRunner{answers: map[string]func(Cmd) (Output, error){}}
	env := newEnv(t, "[tool.ruff]\nline-length = 100\n", r, "ruff")
	ruffJSON := fmt.Sprintf(`[{"code":"F401","message":"`+"`os`"+` imported but unused","filename":%q,"url":"https://docs.astral.sh/ruff/rules/unused-import","location":{"row":1,"column":8}}]`,
		filepath.Join(env.Root, "src", "a.py"))
	r.answers["ruff check"] = answer(0, ruffJSON, "")
	r.answers["ruff format"] = answer(1, "Would reformat: src/b.py\n1 file would be reformatted\n", "")
	res, errs := Run(context.Background(), env, []string{Lint})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m := resultsByID(res)
	gt1 := m["GT001"]
	if gt1.Status != checks.Fail || len(gt1.Findings) != 1 {
		t.Fatalf("GT001 %+v", gt1)
	}
	f := gt1.Findings[0]
	if f.Path != "src/a.py" || f.Line != 1 || f.Column != 8 || !strings.HasPrefix(f.Message, "F401 `os` imported") || f.Severity != checks.Error || f.CheckID != "GT001" {
		t.Errorf("finding %+v", f)
	}
	if gt2 := m["GT002"]; gt2.Status != checks.Fail || gt2.Findings[0].Path != "src/b.py" {
		t.Errorf("GT002 %+v", gt2)
	}
}

func TestLintClassicDetected(t *testing.T) {
	r := &fakeRunner{answers: map[string]func(Cmd) (Output, error){
		"black --check":           answer(1, "", "would reformat /x/y.py\nOh no!\n"),
		"flake8 --format=default": answer(1, "./src/a.py:3:1: E302 expected 2 blank lines, found 1\n", ""),
	}}
	env := newEnv(t, "[tool.black]\nline-length = 88\n", r, "black", "flake8")
	if err := os.WriteFile(filepath.Join(env.Root, ".flake8"), []byte("[flake8]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, errs := Run(context.Background(), env, []string{Lint})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m := resultsByID(res)
	if f := m["GT001"].Findings; len(f) != 1 || f[0].Path != "src/a.py" || f[0].Line != 3 || !strings.HasPrefix(f[0].Message, "E302") {
		t.Errorf("GT001 %+v", f)
	}
	if f := m["GT002"].Findings; len(f) != 1 || f[0].Path != "/x/y.py" {
		t.Errorf("GT002 %+v", f)
	}
}

func TestMissingToolIsAnError(t *testing.T) {
	env := newEnv(t, "", &fakeRunner{}, "uv")
	if err := os.WriteFile(filepath.Join(env.Root, "uv.lock"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	env.LookPath = func(string) (string, error) { return "", errors.New("nope") }
	res, errs := Run(context.Background(), env, []string{Lint})
	if len(errs) != 1 || !strings.Contains(errs[0], "uv add --dev ruff") {
		t.Fatalf("errors %v", errs)
	}
	for _, r := range res {
		if r.Status != checks.Skip {
			t.Errorf("%s status %s, want skip with the error", r.Check.ID, r.Status)
		}
	}
}

func TestResolveOrder(t *testing.T) {
	root := t.TempDir()
	venv := t.TempDir()
	mk := func(dir string) string {
		bin := filepath.Join(dir, "bin")
		if err := os.MkdirAll(bin, 0o755); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(bin, "ruff")
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil { //nolint:gosec // executable fixture
			t.Fatal(err)
		}
		return p
	}
	if runtime.GOOS == "windows" {
		t.Skip("unix layout")
	}
	onPath := func(name string) (string, error) { return "/usr/bin/" + name, nil }
	p := Project{Root: root, Getenv: func(string) (string, bool) { return "", false }, LookPath: onPath}
	if err := os.WriteFile(filepath.Join(root, "poetry.lock"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, _ := p.Resolve("ruff"); strings.Join(got, " ") != "/usr/bin/poetry run ruff" {
		t.Errorf("poetry: %v", got)
	}
	if err := os.WriteFile(filepath.Join(root, "uv.lock"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, _ := p.Resolve("ruff"); strings.Join(got, " ") != "/usr/bin/uv run --frozen -- ruff" {
		t.Errorf("uv: %v", got)
	}
	local := mk(filepath.Join(root, ".venv"))
	if got, _ := p.Resolve("ruff"); len(got) != 1 || got[0] != local {
		t.Errorf(".venv: %v", got)
	}
	active := mk(venv)
	p.Getenv = func(k string) (string, bool) { return venv, k == "VIRTUAL_ENV" }
	if got, _ := p.Resolve("ruff"); len(got) != 1 || got[0] != active {
		t.Errorf("VIRTUAL_ENV: %v", got)
	}
}

func TestTypes(t *testing.T) {
	r := &fakeRunner{answers: map[string]func(Cmd) (Output, error){
		"mypy --show-column-numbers": answer(1, "src/a.py:3:5: error: Incompatible types in assignment  [assignment]\nsrc/a.py:3:5: note: See docs\n", ""),
	}}
	env := newEnv(t, "[tool.mypy]\nstrict = true\n", r, "mypy")
	res, errs := Run(context.Background(), env, []string{Types})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	f := res[0].Findings
	if len(f) != 1 || f[0].Line != 3 || f[0].Column != 5 || !strings.Contains(f[0].Message, "note: See docs") {
		t.Errorf("findings %+v", f)
	}
	if !strings.HasSuffix(r.calls[0], " .") {
		t.Errorf("mypy without files gets '.': %s", r.calls[0])
	}
	// Unconfigured: skipped, tool never run.
	env = newEnv(t, "", &fakeRunner{}, "mypy")
	res, _ = Run(context.Background(), env, []string{Types})
	if res[0].Status != checks.Skip {
		t.Errorf("unconfigured mypy: %+v", res[0])
	}
	// Crash: exit 2 without findings.
	r2 := &fakeRunner{answers: map[string]func(Cmd) (Output, error){"mypy --show-column-numbers": answer(2, "", "Traceback...\nKeyError\n")}}
	env = newEnv(t, "[tool.mypy]\n", r2, "mypy")
	if _, errs := Run(context.Background(), env, []string{Types}); len(errs) != 1 || !strings.Contains(errs[0], "KeyError") {
		t.Errorf("crash errors %v", errs)
	}
}

const junitXML = `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="1" tests="2">
<testcase classname="tests.test_a" name="test_ok" time="0.001"/>
<testcase classname="tests.test_a" name="test_bad" time="0.001"><failure message="assert 1 == 2">long trace</failure></testcase>
</testsuite></testsuites>`

func TestTestGateWithCoverage(t *testing.T) {
	r := &fakeRunner{answers: map[string]func(Cmd) (Output, error){}}
	env := newEnv(t, "[tool.coverage.report]\nfail_under = 90\n", r, "coverage", "pytest")
	if err := os.MkdirAll(filepath.Join(env.Root, "tests"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(env.Root, "tests", "test_a.py"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r.answers["coverage run"] = func(c Cmd) (Output, error) {
		for _, a := range c.Argv {
			if p, ok := strings.CutPrefix(a, "--junitxml="); ok {
				if err := os.WriteFile(p, []byte(junitXML), 0o600); err != nil {
					return Output{}, err
				}
			}
		}
		return Output{ExitCode: 1}, nil
	}
	r.answers["coverage json"] = func(c Cmd) (Output, error) {
		return Output{ExitCode: 2}, os.WriteFile(c.Argv[len(c.Argv)-1], []byte(`{"totals":{"percent_covered":89.4}}`), 0o600)
	}
	res, errs := Run(context.Background(), env, []string{Test})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m := resultsByID(res)
	if f := m["GT004"].Findings; len(f) != 1 || f[0].Path != "tests/test_a.py" || !strings.Contains(f[0].Message, "test_bad failed: assert 1 == 2") {
		t.Errorf("GT004 %+v", f)
	}
	if f := m["GT005"].Findings; len(f) != 1 || !strings.Contains(f[0].Message, "coverage 89% is below fail_under 90%") {
		t.Errorf("GT005 %+v", m["GT005"])
	}
	if !strings.HasPrefix(r.calls[0], "/usr/bin/coverage run -m pytest --junitxml=") {
		t.Errorf("pytest not wrapped in coverage: %v", r.calls)
	}
}

func TestNoTestsCollectedFails(t *testing.T) {
	r := &fakeRunner{answers: map[string]func(Cmd) (Output, error){"pytest --junitxml": nil}}
	r.answers = map[string]func(Cmd) (Output, error){}
	env := newEnv(t, "", r, "pytest")
	env.Runner = runnerFunc(func(_ context.Context, c Cmd) (Output, error) { return Output{ExitCode: 5}, nil })
	res, errs := Run(context.Background(), env, []string{Test})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m := resultsByID(res)
	if m["GT004"].Status != checks.Fail || !strings.Contains(m["GT004"].Findings[0].Message, "no tests collected") {
		t.Errorf("GT004 %+v", m["GT004"])
	}
	if m["GT005"].Status != checks.Skip {
		t.Errorf("GT005 %+v", m["GT005"])
	}
}

type runnerFunc func(context.Context, Cmd) (Output, error)

func (f runnerFunc) Run(ctx context.Context, c Cmd) (Output, error) { return f(ctx, c) }

func TestShouldFailUnder(t *testing.T) {
	tests := []struct {
		total, under float64
		prec         int
		want         bool
	}{
		{89.6, 90, 0, false}, {89.4, 90, 0, true}, {89.95, 90, 1, false}, {99.99, 100, 2, true}, {100, 100, 0, false}, {50, 0, 0, false},
	}
	for _, tt := range tests {
		if got := shouldFailUnder(tt.total, tt.under, tt.prec); got != tt.want {
			t.Errorf("%v < %v (p%d) = %v", tt.total, tt.under, tt.prec, got)
		}
	}
}

func TestDocs(t *testing.T) {
	r := &fakeRunner{answers: map[string]func(Cmd) (Output, error){
		"mkdocs build": answer(1, "", "INFO    -  Building documentation...\nWARNING -  Doc file 'index.md' contains a link 'missing.md', but the target is not found.\nAborted with 1 warnings in strict mode!\n"),
	}}
	env := newEnv(t, "[tool.interrogate]\nfail-under = 80\n", r, "mkdocs")
	if err := os.WriteFile(filepath.Join(env.Root, "mkdocs.yml"), []byte("site_name: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	env.DocsCoverage = func(_ context.Context, _ string, interrogate, _ map[string]any) (*DocsCoverageResult, error) {
		got = interrogate
		return &DocsCoverageResult{
			Covered: 7, Total: 10, Percent: 70, FailUnder: 80,
			Findings: []checks.Finding{{Path: "src/a.py", Line: 3, Message: "f has no docstring"}},
		}, nil
	}
	res, errs := Run(context.Background(), env, []string{Docs})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m := resultsByID(res)
	if f := m["GT007"].Findings; len(f) != 1 || f[0].Path != "mkdocs.yml" || !strings.Contains(f[0].Message, "missing.md") {
		t.Errorf("GT007 %+v", f)
	}
	if got["fail-under"] != int64(80) {
		t.Errorf("[tool.interrogate] not passed through: %+v", got)
	}
	f := m["GT006"].Findings
	if len(f) != 2 || !strings.Contains(f[0].Message, "70.0% (7/10), fail-under 80%: below") || f[1].Severity != checks.Info {
		t.Errorf("GT006 %+v", m["GT006"])
	}
}

func TestSelectionSkipsGateChecks(t *testing.T) {
	r := &fakeRunner{answers: map[string]func(Cmd) (Output, error){"ruff format": answer(0, "", "")}}
	env := newEnv(t, "", r, "ruff")
	env.Selected = func(id string) bool { return id != "GT001" }
	res, errs := Run(context.Background(), env, []string{Lint})
	if len(errs) > 0 || len(res) != 1 || res[0].Check.ID != "GT002" || res[0].Status != checks.Pass {
		t.Errorf("res %+v errs %v", res, errs)
	}
}

func TestExecRunnerTimeoutKillsGroup(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("process groups")
	}
	dir := t.TempDir()
	marker := filepath.Join(dir, "child-alive")
	// The child outlives the shell unless the whole group is killed.
	script := fmt.Sprintf("(sleep 2; touch %s) & sleep 30", marker)
	start := time.Now()
	_, err := ExecRunner{}.Run(context.Background(), Cmd{Argv: []string{"/bin/sh", "-c", script}, Dir: dir, Timeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 4*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
	time.Sleep(2500 * time.Millisecond)
	if _, err := os.Stat(marker); err == nil {
		t.Error("child process survived the timeout")
	}
}

func TestExecRunnerExitCode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sh")
	}
	out, err := ExecRunner{}.Run(context.Background(), Cmd{Argv: []string{"/bin/sh", "-c", "echo hi; exit 3"}})
	if err != nil || out.ExitCode != 3 || string(out.Stdout) != "hi\n" {
		t.Errorf("%+v %v", out, err)
	}
}
