// Package gates wraps the project's own tools — ruff (or black, isort, flake8),
// mypy, pytest with coverage, mkdocs or sphinx — as checks GT001–GT007. Tools run
// in the project's environment by argv (no shell), each with a timeout and in its
// own process group; their machine-readable output becomes findings. A tool that
// is missing, crashes or times out is an error of the run (exit 3), never a pass.
package gates

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/config"
)

// Gate names as --gate takes them ("repo" is the native checks, not here).
const (
	Lint  = "lint"
	Types = "types"
	Test  = "test"
	Docs  = "docs"
)

// Names lists the tool gates in run order.
func Names() []string { return []string{Lint, Types, Test, Docs} }

// DefaultTimeout bounds one tool run when the configuration sets none.
const DefaultTimeout = 15 * time.Minute

// Checks are the catalogue entries of the gates (GT001–GT007), used for
// selection, configuration validation and reporting.
func Checks() []*checks.Check {
	mk := func(id, title, help string, fix bool) *checks.Check {
		return &checks.Check{Meta: checks.Meta{ID: id, Title: title, Severity: checks.Error, Scope: checks.ScopeGate, Fixable: fix, Help: help}}
	}
	return []*checks.Check{
		mk("GT001", "Lint passes (ruff check, or flake8)", "Runs `ruff check` (or flake8 when the project uses the classic toolchain) with the project's own configuration. `--fix` runs `ruff check --fix`.", true),
		mk("GT002", "Code is formatted (ruff format, or black and isort)", "Runs `ruff format --check` (or `black --check` and `isort --check-only`). `--fix` formats the code.", true),
		mk("GT003", "Type check passes (mypy)", "Runs mypy when the project configures it (`[tool.mypy]`, `mypy.ini`, `setup.cfg`).", false),
		mk("GT004", "Tests pass (pytest)", "Runs pytest with a JUnit XML report. \"No tests collected\" (exit 5) is a failure.", false),
		mk("GT005", "Coverage meets fail_under", "Coverage is computed by mlinit from the combined coverage data (`coverage json`) and compared with `[tool.coverage.report] fail_under`; plugin exit codes are not trusted.", false),
		mk("GT006", "Docstring coverage meets fail-under", "Docstring coverage over the whole configured scope, thresholds from `[tool.mlinit.docs]` or `[tool.interrogate]`.", false),
		mk("GT007", "Docs build in strict mode", "`mkdocs build --strict` or `sphinx-build -W --keep-going` when the project has docs.", false),
	}
}

// DocsCoverageResult is what the docstring-coverage scanner reports. The scanner
// applies interrogate's own threshold comparison (its rounding), so it decides
// Passed.
type DocsCoverageResult struct {
	Covered, Total int
	Percent        float64
	FailUnder      float64
	Passed         bool
	// Findings list undocumented objects (shown as info findings).
	Findings []checks.Finding
	// Errors are files that could not be measured; any makes the gate fail.
	Errors []checks.Finding
	// Coverage is the per-file table and totals, for JSON and text reports.
	Coverage *checks.DocstringCoverage
}

// DocsCoverageFunc measures docstring coverage of the whole project at root.
// interrogate is the [tool.interrogate] table and override the [tool.mlinit.docs]
// table (interrogate option names, applied on top); either may be nil.
type DocsCoverageFunc func(ctx context.Context, root string, interrogate, override map[string]any) (*DocsCoverageResult, error)

// Env is everything the gates need.
type Env struct {
	Root     string
	Config   *config.Config
	Getenv   func(string) (string, bool)
	Environ  []string // environment of the tools
	LookPath func(string) (string, error)
	Runner   Runner
	Fix      bool
	TempDir  string // scratch space for reports (junit.xml, coverage.json)
	// Selected says whether a GT check runs (select/ignore); nil means all.
	Selected func(id string) bool
	// DocsCoverage is the docstring scanner; nil skips GT006.
	DocsCoverage DocsCoverageFunc
}

// Run executes the named gates in parallel and returns their results (sorted by
// ID) and the errors that stopped any of them.
func Run(ctx context.Context, env *Env, names []string) ([]*checks.Result, []string) {
	metas := map[string]*checks.Check{}
	for _, c := range Checks() {
		metas[c.ID] = c
	}
	g := &gateRun{env: env, meta: metas, project: Project{Root: env.Root, Getenv: env.Getenv, LookPath: env.LookPath}}
	fns := map[string]func(context.Context){Lint: g.lint, Types: g.types, Test: g.test, Docs: g.docs}
	var wg sync.WaitGroup
	for _, n := range names {
		fn := fns[n]
		if fn == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(ctx)
		}()
	}
	wg.Wait()
	sort.Slice(g.results, func(i, j int) bool { return g.results[i].Check.ID < g.results[j].Check.ID })
	sort.Strings(g.errors)
	// One missing tool breaks several checks of a gate; say so once.
	errs := g.errors[:0]
	for i, e := range g.errors {
		if i == 0 || e != g.errors[i-1] {
			errs = append(errs, e)
		}
	}
	return g.results, errs
}

type gateRun struct {
	env     *Env
	meta    map[string]*checks.Check
	project Project

	mu      sync.Mutex
	results []*checks.Result
	errors  []string
}

func (g *gateRun) selected(id string) bool {
	return g.env.Selected == nil || g.env.Selected(id)
}

func (g *gateRun) add(id string, status checks.Status, reason string, fs []checks.Finding) *checks.Result {
	c := g.meta[id]
	for i := range fs {
		fs[i].CheckID = id
		if fs[i].Severity == 0 {
			fs[i].Severity = c.Severity
		}
		if override, ok := g.env.Config.Severity[id]; ok {
			fs[i].Severity = override
		}
	}
	switch {
	case status == checks.Pass && len(fs) > 0:
		status = checks.Fail
	case status == checks.Fail && len(fs) == 0:
		status = checks.Pass
	}
	r := &checks.Result{Check: c, Status: status, Reason: reason, Findings: fs}
	g.mu.Lock()
	g.results = append(g.results, r)
	g.mu.Unlock()
	return r
}

func (g *gateRun) pass(id, note string) *checks.Result { return g.add(id, checks.Pass, note, nil) }

func (g *gateRun) skip(id, reason string) *checks.Result { return g.add(id, checks.Skip, reason, nil) }

func (g *gateRun) fail(id string, fs []checks.Finding) *checks.Result {
	return g.add(id, checks.Fail, "", fs)
}

// fault records a tool error and marks the checks it covers as skipped so the
// report says why they have no verdict.
func (g *gateRun) fault(gate string, err error, ids ...string) {
	g.mu.Lock()
	g.errors = append(g.errors, (&ToolError{Gate: gate, Msg: err.Error()}).Error())
	g.mu.Unlock()
	for _, id := range ids {
		g.add(id, checks.Skip, "could not run: "+err.Error(), nil)
	}
}

func (g *gateRun) timeout(gc config.Gate) time.Duration {
	switch {
	case gc.Timeout > 0:
		return gc.Timeout
	case g.env.Config.Gates.Timeout > 0:
		return g.env.Config.Gates.Timeout
	}
	return DefaultTimeout
}

// run resolves argv[0] in the project environment and runs the command.
func (g *gateRun) run(ctx context.Context, gc config.Gate, argv []string) (Output, error) {
	prefix, err := g.project.Resolve(argv[0])
	if err != nil {
		return Output{}, err
	}
	full := append(prefix, argv[1:]...)
	out, err := g.env.Runner.Run(ctx, Cmd{Argv: full, Dir: g.env.Root, Env: g.env.Environ, Timeout: g.timeout(gc)})
	if err != nil {
		return out, err
	}
	if len(prefix) > 1 && notFoundInEnv(out) {
		return out, fmt.Errorf("%s not installed in the project environment; install it with: %s", argv[0], g.project.InstallHint(argv[0]))
	}
	return out, nil
}

// crash describes an abnormal tool exit with the tail of its output.
func crash(tool string, out Output) error {
	tail := strings.TrimSpace(string(out.Stderr))
	if tail == "" {
		tail = strings.TrimSpace(string(out.Stdout))
	}
	if lines := strings.Split(tail, "\n"); len(lines) > 5 {
		tail = strings.Join(lines[len(lines)-5:], "\n")
	}
	if tail != "" {
		tail = ": " + tail
	}
	return fmt.Errorf("%s exited with status %d%s", tool, out.ExitCode, tail)
}

// rel turns a tool's path (absolute, or relative to the root) into a slash path
// relative to the root.
func (g *gateRun) rel(p string) string {
	if filepath.IsAbs(p) {
		if r, err := filepath.Rel(g.env.Root, p); err == nil && !strings.HasPrefix(r, "..") {
			p = r
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}

// enabled reports whether a gate is switched on; unset means "when it applies".
func enabled(gc config.Gate) bool { return gc.Enabled == nil || *gc.Enabled }

// table walks nested pyproject tables: table(py, "tool", "coverage", "report").
func table(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}

func fileContains(path, needle string) bool {
	data, err := os.ReadFile(path) //nolint:gosec // project configuration files
	return err == nil && strings.Contains(string(data), needle)
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	case string: // coverage.py accepts strings in its config
		var f float64
		if _, err := fmt.Sscanf(n, "%g", &f); err == nil {
			return f, true
		}
	}
	return 0, false
}
