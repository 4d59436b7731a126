package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mlinit/mlinit/internal/project"
	"github.com/mlinit/mlinit/internal/toolcheck"
	"github.com/mlinit/mlinit/templates"
)

// cmdTimeout bounds one tool invocation; a cold lock or install of a large stack
// stays well under it.
const cmdTimeout = 10 * time.Minute

// suite is what every answer set shares: where caches live and the tools found
// on PATH.
type suite struct {
	cacheDir string // <repo>/.cache
	python   string // the e2e interpreter (python3.11)
	mlinit   string // this repository's mlinit, built once for step 9
}

// newSuite finds the cache directory ($MLINIT_CACHE_DIR, else the repository's
// .cache) and checks that every tool
// the suite drives is on PATH (failing by name, or skipping when MLINIT_E2E=0).
func newSuite(t *testing.T) *suite {
	t.Helper()
	paths := toolcheck.Require(t, "python"+e2ePython, "uv", "poetry", "pip-compile", "pre-commit", "shellcheck", "pyproject-build", "npx", "git")
	cache := os.Getenv("MLINIT_CACHE_DIR") // the Makefile's cache root; CI may move it
	if cache == "" {
		root, err := repoRoot()
		if err != nil {
			t.Fatal(err)
		}
		cache = filepath.Join(root, ".cache")
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	// Step 9 runs the real binary in each project, as a user would.
	bin := filepath.Join(t.TempDir(), "mlinit")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build mlinit: %v\n%s", err, out)
	}
	return &suite{cacheDir: cache, python: paths[0], mlinit: bin}
}

// repoRoot walks up from the test's directory to the module root.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("e2e: no go.mod above the working directory")
		}
		dir = parent
	}
}

// environ is the environment of every tool run: the caller's, with caches under
// .cache/ (so warm runs are fast), no interpreter downloads, no interaction, no
// activated virtualenv leaking in, and trackers kept off the network.
func (s *suite) environ() []string {
	drop := map[string]bool{"VIRTUAL_ENV": true, "CONDA_PREFIX": true, "PYTHONPATH": true, "PYTHONHOME": true}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !drop[k] {
			env = append(env, kv)
		}
	}
	return append(env,
		"UV_CACHE_DIR="+filepath.Join(s.cacheDir, "uv"),
		"UV_PYTHON_DOWNLOADS=never",
		"UV_NO_PROGRESS=1",
		"POETRY_CACHE_DIR="+filepath.Join(s.cacheDir, "poetry"),
		"POETRY_VIRTUALENVS_IN_PROJECT=true",
		"POETRY_NO_INTERACTION=1",
		"PIP_CACHE_DIR="+filepath.Join(s.cacheDir, "pip"),
		"PIP_DISABLE_PIP_VERSION_CHECK=1",
		"PRE_COMMIT_HOME="+filepath.Join(s.cacheDir, "pre-commit"),
		"WANDB_MODE=offline",
		"MPLBACKEND=Agg",
		"PYTHONDONTWRITEBYTECODE=1",
		"NO_COLOR=1",
		"npm_config_cache="+filepath.Join(s.cacheDir, "npm"),
		"npm_config_update_notifier=false",
	)
}

// proj is one rendered project under test.
type proj struct {
	s    *suite
	set  answerSet
	dir  string
	data templates.Data
}

// render writes the project for a into a fresh directory.
func (s *suite) render(t *testing.T, set answerSet) *proj {
	t.Helper()
	files, err := templates.Render(set.a)
	if err != nil {
		t.Fatalf("answer set %s: render: %v", set.name, err)
	}
	d, err := templates.NewData(set.a)
	if err != nil {
		t.Fatalf("answer set %s: template data: %v", set.name, err)
	}
	// A fixed directory per answer set, so caches that tools keep inside the
	// project survive between runs; every file but those caches is removed and
	// rendered afresh.
	dir := filepath.Join(s.cacheDir, "e2e", set.name, set.a.Name)
	if err := resetDir(dir, keptCaches(set)); err != nil {
		t.Fatalf("answer set %s: %v", set.name, err)
	}
	if err := writeTree(dir, files); err != nil {
		t.Fatalf("answer set %s: write: %v", set.name, err)
	}
	return &proj{s: s, set: set, dir: dir, data: d}
}

// keptCaches are the entries of a previous run's project that a new run keeps:
// mypy's incremental cache (it re-checks any file whose content changed) and,
// for uv, the environment, which `uv sync --locked` makes exactly match the new
// lock. Other managers get a new environment every run.
func keptCaches(set answerSet) []string {
	keep := []string{".mypy_cache"}
	if set.a.Env == "uv" {
		keep = append(keep, ".venv")
	}
	return keep
}

// resetDir empties dir (creating it) except for the named top-level entries.
func resetDir(dir string, keep []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if slices.Contains(keep, e.Name()) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// writeTree writes rendered files below dir with their modes.
func writeTree(dir string, files []templates.File) error {
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, f.Mode); err != nil {
			return err
		}
	}
	return nil
}

// run runs a tool in the project directory (or in dir when given, relative to
// it) and fails the step with the answer set, the step, the command line and
// the tool's output.
func (p *proj) run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := p.try(t, "", name, args...)
	if err != nil {
		t.Fatalf("answer set %s, step %s: `%s` failed: %v\n%s", p.set.name, stepName(t), cmdline(name, args), err, out)
	}
	return out
}

// check is run for independent checks: a failure is reported and the step
// goes on, so one run lists every tool that is not clean.
func (p *proj) check(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := p.try(t, "", name, args...); err != nil {
		t.Errorf("answer set %s, step %s: `%s` failed: %v\n%s", p.set.name, stepName(t), cmdline(name, args), err, out)
	}
}

// runIn is run with a working directory other than the project root.
func (p *proj) runIn(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	out, err := p.try(t, dir, name, args...)
	if err != nil {
		t.Fatalf("answer set %s, step %s: `%s` (in %s) failed: %v\n%s", p.set.name, stepName(t), cmdline(name, args), dir, err, out)
	}
	return out
}

// try runs a tool and returns its combined output and error.
func (p *proj) try(t *testing.T, dir, name string, args ...string) (string, error) {
	t.Helper()
	if dir == "" {
		dir = p.dir
	}
	ctx, cancel := context.WithTimeout(t.Context(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = p.s.environ()
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("%w (timed out after %s)", err, cmdTimeout)
	}
	return tail(buf.String(), 12000), err
}

// venvBin is a tool inside the project's environment.
func (p *proj) venvBin(tool string) string {
	return filepath.Join(p.dir, ".venv", "bin", tool)
}

// stepName is the last element of the subtest name.
func stepName(t *testing.T) string {
	t.Helper()
	n := t.Name()
	return n[strings.LastIndexByte(n, '/')+1:]
}

func cmdline(name string, args []string) string {
	return strings.TrimSpace(filepath.Base(name) + " " + strings.Join(args, " "))
}

// tail keeps the end of long tool output, where the error usually is.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// exists reports whether the project has the file.
func (p *proj) exists(rel string) bool {
	_, err := os.Stat(filepath.Join(p.dir, filepath.FromSlash(rel)))
	return err == nil
}

// read returns a project file.
func (p *proj) read(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(p.dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("answer set %s, step %s: %v", p.set.name, stepName(t), err)
	}
	return b
}

// torch reports whether the answer set's framework needs torch, which the suite
// never installs.
func torch(a project.Answers) bool {
	return a.Framework == "pytorch" || a.Framework == "lightning"
}

// torchFamily reports whether a distribution is torch or one of the multi-GB
// packages only torch pulls in (CUDA runtime wheels, triton), by normalised name.
func torchFamily(name string) bool {
	n := strings.ToLower(strings.NewReplacer("_", "-", ".", "-").Replace(name))
	return strings.HasPrefix(n, "torch") || strings.HasPrefix(n, "nvidia-") ||
		strings.HasPrefix(n, "cuda-") || n == "triton"
}
