package templates

import (
	"path"
	"slices"
	"strings"
)

// Values derived for the delivery templates (pre-commit, Docker, CI, docs, DVC).
// They are methods rather than Data fields so the core data code stays untouched;
// each is a pure function of the answers and the catalogue.

// Run is the prefix that runs a command inside the project environment, as the
// README and CI spell it: "uv run " or "poetry run "; empty for pip and conda,
// whose environment is activated (or on PATH in CI).
func (d Data) Run() string {
	switch {
	case d.UV:
		return "uv run "
	case d.Poetry:
		return "poetry run "
	}
	return ""
}

// SetupCommands are the shell commands that create the development environment
// from the lockfile, for the getting-started page.
func (d Data) SetupCommands() []string {
	switch {
	case d.UV:
		return []string{"uv sync --all-groups", "uv run pre-commit install"}
	case d.Poetry:
		return []string{"poetry sync --all-groups", "poetry run pre-commit install"}
	case d.Pip:
		return []string{
			"python -m venv .venv && . .venv/bin/activate",
			"python -m pip install --require-hashes -r " + d.PipLock() + " -r " + d.PipDevLock(),
			"python -m pip install --no-deps -e .",
			"pre-commit install",
		}
	}
	return []string{
		"conda env create --file environment.yml",
		"conda activate " + d.Name,
		"pre-commit install",
	}
}

// PipLock is the hash-pinned runtime lock of the pip env manager (written by
// pip-compile --generate-hashes), used by the Docker image.
func (d Data) PipLock() string { return "requirements.txt" }

// PipDevLock is the hash-pinned lock of the development, test and docs tools
// (constrained to PipLock's versions); CI installs both.
func (d Data) PipDevLock() string { return "requirements-dev.txt" }

// LockFiles are the files whose content keys CI dependency caches.
func (d Data) LockFiles() []string {
	switch {
	case d.UV:
		return []string{"uv.lock"}
	case d.Poetry:
		return []string{"poetry.lock"}
	case d.Pip:
		return []string{d.PipLock(), d.PipDevLock()}
	}
	return []string{"environment.yml"}
}

// DocsBuild is the docs build command into the builder's usual output
// directory; warnings fail it.
func (d Data) DocsBuild() string {
	if d.Sphinx {
		return d.DocsBuildTo("docs/_build/html")
	}
	return "mkdocs build --strict"
}

// DocsBuildTo is the docs build command writing the site into dir (Pages
// deployments); warnings fail it.
func (d Data) DocsBuildTo(dir string) string {
	if d.Sphinx {
		return "sphinx-build -W --keep-going -b html docs " + dir
	}
	return "mkdocs build --strict --site-dir " + dir
}

// TestPythons is the CI test matrix: the minimum supported Python (the python
// answer, which is requires-python's floor) and the newest catalogued one. Conda
// pins the interpreter in environment.yml, so it tests that one only.
func (d Data) TestPythons() []string {
	newest := d.Python
	for _, v := range d.V.Python.Supported {
		if minorOf(v) > minorOf(newest) {
			newest = v
		}
	}
	if d.Conda || newest == d.Python {
		return []string{d.Python}
	}
	return []string{d.Python, newest}
}

// minorOf returns the minor number of "3.N", or -1.
func minorOf(v string) int {
	_, minor, ok := strings.Cut(v, ".")
	if !ok {
		return -1
	}
	n := 0
	for _, c := range minor {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// PythonImageVar is the Python base image with the version left to a CI
// variable, for GitLab's test matrix.
func (d Data) PythonImageVar() (string, error) {
	return d.V.image("python", "${PYTHON_VERSION}")
}

// FlakePlugins are the flake8 plugins the classic pre-commit hook installs.
func (d Data) FlakePlugins() ([]string, error) {
	r, err := d.V.req("flake8-bugbear")
	if err != nil {
		return nil, err
	}
	return []string{r}, nil
}

// APIModules are the package's modules for the API reference page, taken from
// the core manifest so the docs follow the code that is actually generated.
func (d Data) APIModules() []string {
	mods := []string{d.Package}
	prefix := "src/" + PackagePlaceholder + "/"
	for _, e := range coreEntries(d) {
		rel, ok := strings.CutPrefix(e.Out, prefix)
		if !ok || strings.Contains(rel, "/") || path.Ext(rel) != ".py" || rel == "__init__.py" {
			continue
		}
		mods = append(mods, d.Package+"."+strings.TrimSuffix(rel, ".py"))
	}
	slices.Sort(mods[1:])
	return mods
}

// DocsMockImports are the heavy imports Sphinx autodoc mocks instead of importing.
func (d Data) DocsMockImports() []string {
	mocks := []string{"torch"}
	if d.Lightning {
		mocks = append(mocks, "lightning")
	}
	return append(mocks, "onnx", "onnxscript")
}

// DVCRemoteURL is the default remote of .dvc/config for the dvc-remote answer.
// The local remote is a directory next to the repository (relative paths in
// .dvc/config are resolved from .dvc/); cloud remotes name a bucket or folder
// after the project, to be created (or edited) by the user.
func (d Data) DVCRemoteURL() string {
	switch d.DVCRemote {
	case "s3":
		return "s3://" + d.Name + "-data/dvc"
	case "gcs":
		return "gs://" + d.Name + "-data/dvc"
	case "gdrive":
		return "gdrive://root/" + d.Name + "-dvc"
	}
	return "../../" + d.Name + "-dvc-storage"
}
