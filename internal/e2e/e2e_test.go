package e2e

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// step is one numbered gate of the issue, run as its own subtest. Steps that
// need the installed environment are skipped (saying why) once install failed;
// the install failure itself is what fails the answer set.
type step struct {
	name         string
	needsInstall bool
	fn           func(t *testing.T, p *proj)
}

func steps() []step {
	return []step{
		{"1-install", false, installStep},
		{"2-lint", true, lintStep},
		{"3-pytest", true, pytestStep},
		{"4-docs", true, docsStep},
		{"5-build", false, buildStep},
		{"6-pre-commit-config", false, preCommitStep},
		{"7-workflows-and-dockerfile", false, staticStep},
		{"8-commands", true, commandsStep},
		{"9-mlinit-check", true, mlinitCheckStep},
	}
}

// mlinitCheckStep runs `mlinit check` in the fresh, installed project: the native
// checks and every gate must pass. The project is made its own git work tree with
// everything staged, as before a first commit (the lockfile included). torch sets
// leave out the types and test gates: torch is not installed here (see installStep),
// so strict mypy and coverage cannot pass without it; steps 2 and 3 cover them.
func mlinitCheckStep(t *testing.T, p *proj) {
	t.Helper()
	if p.set.a.Env == "conda" {
		// No conda solver here, so no conda-lock.yml (see installStep): say so in
		// the project's own config, where the report shows the reason.
		pyproject := filepath.Join(p.dir, "pyproject.toml")
		data, err := os.ReadFile(pyproject)
		if err != nil {
			t.Fatal(err)
		}
		const table = "[tool.mlinit]\n"
		if !bytes.Contains(data, []byte(table)) {
			t.Fatalf("answer set %s: pyproject.toml has no %q", p.set.name, table)
		}
		data = bytes.Replace(data, []byte(table), []byte(table+"ignore = { RX001 = \"conda-lock is not run by the e2e suite\" }\n"), 1)
		if err := os.WriteFile(pyproject, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p.run(t, "git", "init", "-q", "-b", "main")
	p.run(t, "git", "add", "-A")
	gates := "repo,lint,types,test,docs"
	if torch(p.set.a) {
		gates = "repo,lint,docs"
	}
	p.run(t, p.s.mlinit, "check", "--gate", gates)
}

// TestE2E renders every answer set of the covering array and runs the gates of a
// fresh project against it with the real tools. Sets run in parallel (go test's
// -parallel, GOMAXPROCS by default); steps of one set run in order.
func TestE2E(t *testing.T) {
	s := newSuite(t)
	for _, set := range coveringSet() {
		t.Run(set.name, func(t *testing.T) {
			t.Parallel()
			p := s.render(t, set)
			installed := true
			for _, st := range steps() {
				ok := t.Run(st.name, func(t *testing.T) {
					if st.needsInstall && !installed {
						t.Skip("not run: step 1-install failed for this answer set")
					}
					st.fn(t, p)
				})
				if st.name == "1-install" {
					installed = ok
				}
			}
		})
	}
}

// installStep installs the project the way its README says, from a fresh lock.
// torch is never installed (gigabytes of CUDA wheels): torch answer sets lock the
// full dependency set, then install everything but torch and the packages only it
// pulls in, so their model tests skip with the generated reason while every
// other gate runs for real.
func installStep(t *testing.T, p *proj) {
	t.Helper()
	switch p.set.a.Env {
	case "uv":
		p.run(t, "uv", "lock")
		args := []string{"sync", "--locked", "--all-groups"}
		if torch(p.set.a) {
			for _, name := range uvLockTorchFamily(t, p) {
				args = append(args, "--no-install-package", name)
			}
		}
		p.run(t, "uv", args...)
	case "poetry":
		if !pypiVersionJSON(t) {
			// Poetry reads package metadata from PyPI's per-version JSON API;
			// where that is unavailable (some mirrors and proxies), point it at
			// the same index through the simple API. Real PyPI needs no change.
			t.Log("PyPI's per-version JSON API is unavailable: locking through https://pypi.org/simple/ instead")
			f, err := os.OpenFile(filepath.Join(p.dir, "pyproject.toml"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.WriteString("\n[[tool.poetry.source]]\nname = \"pypi-simple\"\nurl = \"https://pypi.org/simple/\"\npriority = \"primary\"\n")
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		p.run(t, "poetry", "lock")
		p.run(t, "poetry", "check", "--lock")
		p.run(t, "poetry", "env", "use", p.s.python)
		if torch(p.set.a) {
			// Poetry cannot leave out a main dependency; present torch's family
			// as installed at the locked versions so it skips them, then take
			// the placeholders away again.
			fakes := fakeTorchFamily(t, p)
			defer func() {
				for _, f := range fakes {
					if err := os.RemoveAll(f); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		p.run(t, "poetry", "install", "--all-groups")
	case "pip":
		// Without --generate-hashes: pip-tools 7.6 no longer matches the file
		// URLs of PyPI's JSON API (now relative) to the index's, so it downloads
		// and hashes every file of every release it pins — gigabytes for numpy,
		// scipy or torch. The resolution, which is what can fail, is the same.
		p.run(t, "pip-compile", "--quiet", "requirements.in")
		p.run(t, "pip-compile", "--quiet", "requirements-dev.in")
		p.run(t, p.s.python, "-m", "venv", ".venv")
		args := []string{"-m", "pip", "install", "-r", "requirements.txt", "-r", "requirements-dev.txt"}
		if torch(p.set.a) {
			// The locks hold the full closure, so nothing needs resolving.
			args = []string{"-m", "pip", "install", "--no-deps", "-r", withoutTorchFamily(t, p, "requirements.txt"), "-r", "requirements-dev.txt"}
		}
		p.run(t, p.venvBin("python"), args...)
		p.run(t, p.venvBin("python"), "-m", "pip", "install", "--no-deps", "-e", ".")
	case "conda":
		// No conda solver in the suite: environment.yml is checked structurally,
		// then an equivalent environment (the same pip section) is made with uv
		// so the remaining gates run against the generated code.
		checkEnvironmentYML(t, p)
		p.run(t, "uv", "venv", "--python", p.s.python, ".venv")
		args := []string{"pip", "install", "--python", p.venvBin("python"), "-e", ".", "--group", "dev", "--group", "test"}
		if p.set.a.Docs != "none" {
			args = append(args, "--group", "docs")
		}
		if torch(p.set.a) {
			// A never-true marker removes torch from the resolution.
			ov := filepath.Join(t.TempDir(), "overrides.txt")
			if err := os.WriteFile(ov, []byte("torch ; sys_platform == 'never'\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			args = append(args, "--override", ov)
		}
		p.run(t, "uv", args...)
	default:
		t.Fatalf("answer set %s: unknown env %q", p.set.name, p.set.a.Env)
	}
}

// uvLockTorchFamily lists the torch-family packages in uv.lock.
func uvLockTorchFamily(t *testing.T, p *proj) []string {
	t.Helper()
	var lock struct {
		Package []struct {
			Name string `toml:"name"`
		} `toml:"package"`
	}
	if err := toml.Unmarshal(p.read(t, "uv.lock"), &lock); err != nil {
		t.Fatalf("answer set %s: uv.lock: %v", p.set.name, err)
	}
	var names []string
	for _, pkg := range lock.Package {
		if torchFamily(pkg.Name) {
			names = append(names, pkg.Name)
		}
	}
	if !slices.Contains(names, "torch") {
		t.Fatalf("answer set %s: uv.lock does not lock torch", p.set.name)
	}
	return names
}

// fakeTorchFamily writes placeholder dist-info directories for the torch-family
// packages of poetry.lock into the project venv (creating it) and returns them.
func fakeTorchFamily(t *testing.T, p *proj) []string {
	t.Helper()
	var lock struct {
		Package []struct {
			Name    string `toml:"name"`
			Version string `toml:"version"`
		} `toml:"package"`
	}
	if err := toml.Unmarshal(p.read(t, "poetry.lock"), &lock); err != nil {
		t.Fatalf("answer set %s: poetry.lock: %v", p.set.name, err)
	}
	site := strings.TrimSpace(p.run(t, p.venvBin("python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"))
	var made []string
	for _, pkg := range lock.Package {
		if !torchFamily(pkg.Name) {
			continue
		}
		dir := filepath.Join(site, strings.ReplaceAll(pkg.Name, "-", "_")+"-"+pkg.Version+".dist-info")
		meta := "Metadata-Version: 2.1\nName: " + pkg.Name + "\nVersion: " + pkg.Version + "\n"
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, body := range map[string]string{"METADATA": meta, "INSTALLER": "mlinit-e2e\n", "RECORD": ""} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		made = append(made, dir)
	}
	if len(made) == 0 {
		t.Fatalf("answer set %s: poetry.lock does not lock torch", p.set.name)
	}
	return made
}

// withoutTorchFamily writes a copy of a pip-compile lock without the torch-family
// requirement blocks and returns its path.
func withoutTorchFamily(t *testing.T, p *proj, lock string) string {
	t.Helper()
	var out bytes.Buffer
	skipping, dropped := false, 0
	for line := range strings.Lines(string(p.read(t, lock))) {
		trimmed := strings.TrimSpace(line)
		startsBlock := line != "" && line[0] != ' ' && line[0] != '\t' && line[0] != '#' && trimmed != ""
		if startsBlock {
			name, _, _ := strings.Cut(trimmed, "==")
			name, _, _ = strings.Cut(name, "[")
			skipping = torchFamily(name)
			if skipping {
				dropped++
			}
		}
		if !skipping {
			out.WriteString(line)
		}
	}
	if dropped == 0 {
		t.Fatalf("answer set %s: %s does not lock torch", p.set.name, lock)
	}
	path := filepath.Join(p.dir, "requirements-notorch.txt")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkEnvironmentYML is the structural gate of conda projects: the file parses,
// uses conda-forge without defaults, pins the answer's Python and lists pinned
// packages, including the editable project.
func checkEnvironmentYML(t *testing.T, p *proj) {
	t.Helper()
	var env struct {
		Name         string   `yaml:"name"`
		Channels     []string `yaml:"channels"`
		Dependencies []any    `yaml:"dependencies"`
		Platforms    []string `yaml:"platforms"`
	}
	if err := yaml.Unmarshal(p.read(t, "environment.yml"), &env); err != nil {
		t.Fatalf("answer set %s, step %s: environment.yml: %v", p.set.name, stepName(t), err)
	}
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("answer set %s, step %s: environment.yml: "+format, append([]any{p.set.name, stepName(t)}, args...)...)
	}
	if env.Name != p.set.a.Name {
		fail("name %q, want %q", env.Name, p.set.a.Name)
	}
	if !slices.Contains(env.Channels, "conda-forge") || !slices.Contains(env.Channels, "nodefaults") {
		fail("channels %v, want conda-forge and nodefaults", env.Channels)
	}
	if len(env.Platforms) == 0 {
		fail("no conda-lock platforms")
	}
	var conda, pip []string
	for _, d := range env.Dependencies {
		switch v := d.(type) {
		case string:
			conda = append(conda, v)
		case map[string]any:
			items, _ := v["pip"].([]any)
			for _, it := range items {
				s, _ := it.(string)
				pip = append(pip, s)
			}
		}
	}
	if !slices.Contains(conda, "python="+p.set.a.Python) {
		fail("dependencies %v do not pin python=%s", conda, p.set.a.Python)
	}
	if !slices.Contains(pip, "-e .") {
		fail("pip section %v does not install the project", pip)
	}
	for _, req := range pip {
		if req != "-e ." && !strings.ContainsAny(req, "=<>~") {
			fail("pip requirement %q has no version bound", req)
		}
	}
}

// lintStep runs the answer set's linters and formatters in check mode, and mypy
// when chosen: a fresh project is clean.
func lintStep(t *testing.T, p *proj) {
	t.Helper()
	if p.set.a.Lint == "ruff" {
		p.check(t, p.venvBin("ruff"), "check", ".")
		p.check(t, p.venvBin("ruff"), "format", "--check", ".")
	} else {
		p.check(t, p.venvBin("black"), "--check", ".")
		p.check(t, p.venvBin("isort"), "--check-only", ".")
		p.check(t, p.venvBin("flake8"), ".")
		// The classic preset's prettier hook, at the catalogued rev, over the
		// file types the hook selects (it honours .gitignore, so .venv is out).
		prettier := "prettier@" + strings.TrimPrefix(p.data.V.Hooks["rbubley/mirrors-prettier"].Rev, "v")
		p.check(t, "npx", "--yes", prettier, "--check", "**/*.{md,yml,yaml,json}")
	}
	if p.set.a.Typecheck == "mypy" {
		var args []string
		if torch(p.set.a) {
			// Without torch installed its classes are Any, and strict mode's
			// disallow-subclassing-any rejects every nn.Module subclass; that one
			// check depends on torch being present, every other one still runs.
			args = append(args, "--allow-subclassing-any")
		}
		p.check(t, p.venvBin("mypy"), args...)
	}
}

// pytestStep runs the generated tests; only torch tests may skip, and only for
// the missing torch.
func pytestStep(t *testing.T, p *proj) {
	t.Helper()
	out := p.run(t, p.venvBin("pytest"), "-p", "no:cacheprovider")
	if !torch(p.set.a) && strings.Contains(out, "SKIPPED") {
		t.Errorf("answer set %s, step %s: tests were skipped without torch being involved:\n%s", p.set.name, stepName(t), out)
	}
}

// docsStep builds the docs with warnings as errors; with docs=none it checks no
// docs tooling was generated.
func docsStep(t *testing.T, p *proj) {
	t.Helper()
	switch p.set.a.Docs {
	case "mkdocs", "sphinx":
		// Exactly the command the project's docs and CI give.
		cmd := strings.Fields(p.data.DocsBuild())
		p.run(t, p.venvBin(cmd[0]), cmd[1:]...)
	default:
		for _, f := range []string{"mkdocs.yml", "docs/conf.py", ".github/workflows/docs.yml"} {
			if p.exists(f) {
				t.Errorf("answer set %s, step %s: docs=none but %s was generated", p.set.name, stepName(t), f)
			}
		}
	}
}

// buildStep builds the sdist and wheel with the env manager's frontend, then
// installs the wheel into a fresh environment and imports the package.
func buildStep(t *testing.T, p *proj) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "dist")
	if p.set.a.Env == "uv" {
		p.run(t, "uv", "build", "--out-dir", out)
	} else {
		p.run(t, "pyproject-build", "--outdir", out, ".")
	}
	wheels, _ := filepath.Glob(filepath.Join(out, "*.whl"))
	sdists, _ := filepath.Glob(filepath.Join(out, "*.tar.gz"))
	if len(wheels) != 1 || len(sdists) != 1 {
		t.Fatalf("answer set %s, step %s: want one wheel and one sdist, got %v %v", p.set.name, stepName(t), wheels, sdists)
	}
	venv := filepath.Join(t.TempDir(), "venv")
	p.run(t, "uv", "venv", "--python", p.s.python, venv)
	args := []string{"pip", "install", "--python", filepath.Join(venv, "bin", "python"), wheels[0]}
	if torch(p.set.a) {
		args = append(args, "--no-deps") // the import below needs no torch
	}
	p.run(t, "uv", args...)
	// Run outside the project so the import can only come from the wheel.
	p.runIn(t, venv, filepath.Join(venv, "bin", "python"), "-c",
		"import importlib.metadata as m, "+p.set.a.Package+" as pkg; assert pkg.__version__ == m.version('"+p.set.a.Name+"'), pkg.__version__")
}

// preCommitStep validates the generated pre-commit config with pre-commit itself
// (no hook repository is fetched).
func preCommitStep(t *testing.T, p *proj) {
	t.Helper()
	p.run(t, "pre-commit", "validate-config", ".pre-commit-config.yaml")
	checkPreCommitRevs(t, p.set.name, p.read(t, ".pre-commit-config.yaml"), p.data.V)
}

// staticStep lints the CI files and checks the Dockerfile.
func staticStep(t *testing.T, p *proj) {
	t.Helper()
	checkDelivery(t, p.set.name, p.dir, p.set.a, p.data.V)
}

// commandsStep runs the single entry point: --help always; train then infer for
// the frameworks that need no torch, checking the model, plots and predictions
// land where the config says.
func commandsStep(t *testing.T, p *proj) {
	t.Helper()
	py := p.venvBin("python")
	p.run(t, py, "commands.py", "--help")
	if p.set.a.Data == "dvc" {
		checkDVC(t, p)
	}
	if torch(p.set.a) {
		return
	}
	var overrides []string
	if p.set.a.Data == "dvc" {
		overrides = append(overrides, "data.pull=false") // no remote holds data yet
	}
	switch p.set.a.Tracking {
	case "mlflow":
		overrides = append(overrides, "logger.tracking_uri='sqlite:///mlflow.db'") // no server on 127.0.0.1:8080
	case "wandb":
		overrides = append(overrides, "logger.mode=offline")
	}
	p.run(t, py, append([]string{"commands.py", "train"}, overrides...)...)
	where := configuredPaths(t, p)
	if !p.exists(where.model) {
		t.Errorf("answer set %s, step %s: train wrote no %s", p.set.name, stepName(t), where.model)
	}
	plots, _ := filepath.Glob(filepath.Join(p.dir, where.plots, "*.svg"))
	if len(plots) == 0 {
		t.Errorf("answer set %s, step %s: train wrote no plot into %s/", p.set.name, stepName(t), where.plots)
	}
	p.run(t, py, append([]string{"commands.py", "infer"}, overrides...)...)
	if !p.exists(where.predictions) {
		t.Errorf("answer set %s, step %s: infer wrote no %s", p.set.name, stepName(t), where.predictions)
	}
}

// outputs are where the generated config says train and infer write.
type outputs struct{ model, plots, predictions string }

// configuredPaths reads the output locations from the Hydra configs; without
// Hydra the defaults live in config.py and equal the Hydra defaults.
func configuredPaths(t *testing.T, p *proj) outputs {
	t.Helper()
	out := outputs{model: "models/", plots: "plots", predictions: "data/processed/predictions.csv"}
	out.model += map[string]string{"none": "model.npz", "sklearn": "model.joblib"}[p.set.a.Framework]
	if p.set.a.Config != "hydra" {
		return out
	}
	var root struct {
		Paths struct {
			Data   string `yaml:"data_dir"`
			Models string `yaml:"models_dir"`
			Plots  string `yaml:"plots_dir"`
		} `yaml:"paths"`
	}
	var model struct {
		File string `yaml:"file"`
	}
	var infer struct {
		Output string `yaml:"output_file"`
	}
	for rel, v := range map[string]any{"configs/config.yaml": &root, "configs/model/default.yaml": &model, "configs/infer/default.yaml": &infer} {
		if err := yaml.Unmarshal(p.read(t, rel), v); err != nil {
			t.Fatalf("answer set %s, step %s: %s: %v", p.set.name, stepName(t), rel, err)
		}
	}
	return outputs{
		model:       root.Paths.Models + "/" + model.File,
		plots:       root.Paths.Plots,
		predictions: root.Paths.Data + "/" + infer.Output,
	}
}

// checkDVC has the project's own dvc read its DVC files: the default remote is
// the generated one and dvc.yaml's pipeline has a train stage running
// commands.py train. dvc needs a git repository, so the DVC files are copied into
// a scratch one.
func checkDVC(t *testing.T, p *proj) {
	t.Helper()
	dir := t.TempDir()
	for _, rel := range []string{".dvc/config", ".dvc/.gitignore", ".dvcignore", "dvc.yaml"} {
		dst := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, p.read(t, rel), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p.runIn(t, dir, "git", "init", "--quiet")
	dvc := p.venvBin("dvc")
	if got := strings.TrimSpace(p.runIn(t, dir, dvc, "remote", "default")); got != "storage" {
		t.Errorf("answer set %s, step %s: dvc remote default = %q, want storage", p.set.name, stepName(t), got)
	}
	if out := p.runIn(t, dir, dvc, "dag"); !strings.Contains(out, "train") {
		t.Errorf("answer set %s, step %s: dvc dag has no train stage:\n%s", p.set.name, stepName(t), out)
	}
	var pipeline struct {
		Stages map[string]struct {
			Cmd string `yaml:"cmd"`
		} `yaml:"stages"`
	}
	if err := yaml.Unmarshal(p.read(t, "dvc.yaml"), &pipeline); err != nil {
		t.Fatalf("answer set %s, step %s: dvc.yaml: %v", p.set.name, stepName(t), err)
	}
	if cmd := pipeline.Stages["train"].Cmd; !strings.HasSuffix(cmd, "python commands.py train") {
		t.Errorf("answer set %s, step %s: dvc.yaml train stage runs %q, want python commands.py train", p.set.name, stepName(t), cmd)
	}
}

// pypiVersionJSON reports whether PyPI's per-version JSON API answers, which
// Poetry needs to lock against PyPI.
func pypiVersionJSON(t *testing.T) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://pypi.org/pypi/pip/25.3/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
