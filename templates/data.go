package templates

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/mlinit/mlinit/internal/project"
)

// Data is what every template is executed with: the validated answers, values
// derived from them once (so templates test booleans instead of re-deriving
// string comparisons), and the versions catalogue. It is a struct, not a map, so a
// misspelt field is a template error.
type Data struct {
	// The answers, copied field by field rather than embedding project.Answers:
	// text/template resolves fields of an embedded struct through a slow
	// reflective search, and rendering is on the hot path of `mlinit new`.
	Name, Package, Description, Author, Email string
	License                                   string
	Year                                      int
	Python, Env, Lint, Typecheck, Framework   string
	Config, CLI, Tracking, Data, DVCRemote    string
	Docs, CI, Docker                          string
	Notebooks                                 bool

	// PackageUpper is the import name upper-cased, for <PKG>_CONFIG_DIR-style
	// environment variables.
	PackageUpper string

	// Booleans derived from single answers.
	Ruff, Classic        bool // lint
	Mypy                 bool // typecheck
	Hydra, Fire          bool // config, cli
	DVC                  bool // data
	Torch, Lightning     bool // framework uses torch; framework is lightning
	Sklearn, NumpyOnly   bool // framework sklearn; framework none
	UV, Poetry, Pip      bool // env
	Conda                bool // env
	Tracker              bool // tracking is not none
	MLflow, WandB, TBX   bool // tracking (TBX: tensorboard through tensorboardX)
	MkDocs, Sphinx       bool // docs
	GitHub, GitLab       bool // ci
	DockerCPU, DockerGPU bool // docker
	Proprietary          bool // license

	// Deps are the runtime dependencies of the project (PEP 508 strings, sorted
	// by name), computed once so pyproject, requirements.in and environment.yml
	// agree.
	Deps []string
	// DevDeps, TestDeps and DocsDeps are the PEP 735 dependency groups.
	DevDeps, TestDeps, DocsDeps []string

	// V is the versions catalogue.
	V Versions
	// Mlinit is the mlinit release the project's hooks and CI pin.
	Mlinit Release
}

// newData derives Data from validated answers and the catalogue.
func newData(a project.Answers, v Versions) (Data, error) {
	d := Data{
		Name: a.Name, Package: a.Package, Description: a.Description,
		Author: a.Author, Email: a.Email, License: a.License, Year: a.Year,
		Python: a.Python, Env: a.Env, Lint: a.Lint, Typecheck: a.Typecheck,
		Framework: a.Framework, Config: a.Config, CLI: a.CLI, Tracking: a.Tracking,
		Data: a.Data, DVCRemote: a.DVCRemote, Docs: a.Docs, CI: a.CI,
		Docker: a.Docker, Notebooks: a.Notebooks, V: v,
		Mlinit: Release{Version: v.Mlinit.Version, Commit: v.Mlinit.Commit},
	}
	d.PackageUpper = strings.ToUpper(a.Package)
	if !slices.Contains(v.Python.Supported, a.Python) {
		return Data{}, &answerError{key: "python", value: a.Python}
	}

	d.Ruff, d.Classic = a.Lint == "ruff", a.Lint == "classic"
	d.Mypy = a.Typecheck == "mypy"
	d.Hydra, d.Fire = a.Config == "hydra", a.CLI == "fire"
	d.DVC = a.Data == "dvc"
	d.Lightning = a.Framework == "lightning"
	d.Torch = a.Framework == "pytorch" || d.Lightning
	d.Sklearn, d.NumpyOnly = a.Framework == "sklearn", a.Framework == "none"
	d.UV, d.Poetry, d.Pip, d.Conda = a.Env == "uv", a.Env == "poetry", a.Env == "pip", a.Env == "conda"
	d.MLflow, d.WandB, d.TBX = a.Tracking == "mlflow", a.Tracking == "wandb", a.Tracking == "tensorboard"
	d.Tracker = d.MLflow || d.WandB || d.TBX
	d.MkDocs, d.Sphinx = a.Docs == "mkdocs", a.Docs == "sphinx"
	d.GitHub, d.GitLab = a.CI == "github", a.CI == "gitlab"
	d.DockerCPU, d.DockerGPU = a.Docker == "cpu", a.Docker == "cuda"
	d.Proprietary = a.License == "proprietary"

	if err := d.dependencies(); err != nil {
		return Data{}, err
	}
	return d, nil
}

// dependencies fills Deps and the groups from the answers and the catalogue.
func (d *Data) dependencies() error {
	var errs []error
	req := func(list *[]string, names ...string) {
		for _, n := range names {
			r, err := d.V.req(n)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			*list = append(*list, r)
		}
	}
	req(&d.Deps, "numpy")
	if d.Fire {
		req(&d.Deps, "fire")
	}
	if d.Hydra {
		req(&d.Deps, "hydra-core", "omegaconf")
	}
	switch {
	case d.Sklearn:
		req(&d.Deps, "scikit-learn", "joblib")
	case d.Lightning:
		req(&d.Deps, "torch", "lightning", "onnx", "onnxscript")
	case d.Torch:
		req(&d.Deps, "torch", "onnx", "onnxscript")
	}
	switch {
	case d.MLflow:
		req(&d.Deps, "mlflow")
	case d.WandB:
		req(&d.Deps, "wandb")
	case d.TBX:
		req(&d.Deps, "tensorboardX")
	}
	if d.DVC {
		dvc, err := d.V.req("dvc")
		if err != nil {
			errs = append(errs, err)
		} else {
			if extra := dvcExtra(d.DVCRemote); extra != "" {
				dvc = strings.Replace(dvc, "dvc", "dvc["+extra+"]", 1)
			}
			d.Deps = append(d.Deps, dvc)
		}
	}
	sortByName(d.Deps)

	req(&d.TestDeps, "pytest", "pytest-cov")
	req(&d.DevDeps, "pre-commit", "interrogate")
	if d.Ruff {
		req(&d.DevDeps, "ruff")
	} else {
		req(&d.DevDeps, "black", "isort", "flake8", "flake8-bugbear")
	}
	if d.Mypy {
		req(&d.DevDeps, "mypy")
	}
	if d.TBX {
		req(&d.DevDeps, "tensorboard")
	}
	sortByName(d.DevDeps)
	switch {
	case d.MkDocs:
		req(&d.DocsDeps, "mkdocs", "mkdocs-material", "mkdocstrings")
		// mkdocstrings needs its python handler extra.
		for i, r := range d.DocsDeps {
			if strings.HasPrefix(r, "mkdocstrings") {
				d.DocsDeps[i] = "mkdocstrings[python]" + strings.TrimPrefix(r, "mkdocstrings")
			}
		}
	case d.Sphinx:
		req(&d.DocsDeps, "sphinx", "furo", "myst-parser")
	}
	return errors.Join(errs...)
}

// dvcExtra maps a DVC remote to the pip extra that installs its client.
func dvcExtra(remote string) string {
	switch remote {
	case "s3":
		return "s3"
	case "gcs":
		return "gs"
	case "gdrive":
		return "gdrive"
	}
	return ""
}

// sortByName orders requirement strings case-insensitively, as formatters do.
func sortByName(list []string) {
	slices.SortStableFunc(list, func(a, b string) int {
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	})
}

// answerError reports an answer the templates cannot use (answers are validated
// upstream, so this means a bug in the caller).
type answerError struct{ key, value string }

func (e *answerError) Error() string {
	return "templates: unusable answer " + e.key + "=" + strconv.Quote(e.value)
}
