package e2e

import (
	"fmt"
	"slices"
	"testing"

	"github.com/mlinit/mlinit/internal/project"
)

// e2ePython is the interpreter every e2e project targets (issue: generate with
// --python 3.11): the oldest Python the suite's machines are sure to have.
const e2ePython = "3.11"

// row is one answer set of the covering array, before free-text answers.
type row struct {
	env, framework, lint, docs             string
	typecheck, config, cli, tracking, data string
	remote, ci, docker, license            string
	notebooks                              bool
}

// coveringRows is the e2e matrix. env × framework × lint × docs come from an
// orthogonal array over GF(4) (rows a,b; columns a, b, a+b, a+2b), so every pair
// of values of those four options appears in some row; the other options are
// spread so each value appears at least once, with the expensive ones placed
// where they cost least:
//   - mlflow (slow to import and to migrate its database) is run by one framework
//     none set and one torch set; dvc (many dependencies, slow for pip-compile and
//     poetry to resolve) sits on uv and conda rows, whose installs use uv;
//   - docker=cuda only with a torch framework (the generator rejects the rest);
//   - uv rows with torch have docker=none: with a Dockerfile the project pins torch
//     to the official PyTorch wheel index, which this suite cannot assume is
//     reachable (only PyPI is);
//   - conda rows are checked structurally (no conda solver in the suite).
//
// torch itself is never installed (a multi-gigabyte download): see installStep.
func coveringRows() []row {
	return []row{
		{"uv", "none", "ruff", "mkdocs", "mypy", "hydra", "fire", "mlflow", "dvc", "local", "github", "cpu", "MIT", true},
		{"uv", "sklearn", "classic", "none", "none", "hydra", "fire", "wandb", "dvc", "s3", "gitlab", "cpu", "Apache-2.0", false},
		{"uv", "pytorch", "ruff", "mkdocs", "mypy", "hydra", "fire", "tensorboard", "dvc", "gcs", "github", "none", "BSD-3-Clause", true},
		{"uv", "lightning", "classic", "sphinx", "none", "hydra", "fire", "mlflow", "none", "local", "github", "none", "proprietary", false},
		{"poetry", "none", "classic", "sphinx", "mypy", "none", "none", "none", "none", "local", "github", "cpu", "MIT", false},
		{"poetry", "sklearn", "ruff", "mkdocs", "mypy", "hydra", "fire", "tensorboard", "none", "local", "github", "cpu", "Apache-2.0", true},
		{"poetry", "pytorch", "classic", "none", "none", "hydra", "fire", "none", "none", "local", "gitlab", "cuda", "MIT", false},
		{"poetry", "lightning", "ruff", "mkdocs", "none", "hydra", "none", "wandb", "none", "local", "none", "cpu", "BSD-3-Clause", false},
		{"pip", "none", "ruff", "none", "none", "hydra", "fire", "none", "none", "local", "gitlab", "none", "proprietary", false},
		{"pip", "sklearn", "classic", "mkdocs", "mypy", "hydra", "fire", "wandb", "none", "local", "github", "cpu", "MIT", true},
		{"pip", "pytorch", "ruff", "sphinx", "mypy", "hydra", "fire", "none", "none", "local", "github", "cuda", "Apache-2.0", false},
		{"pip", "lightning", "classic", "mkdocs", "none", "none", "fire", "tensorboard", "none", "local", "none", "cpu", "MIT", false},
		{"conda", "none", "classic", "mkdocs", "none", "hydra", "fire", "wandb", "dvc", "s3", "github", "cpu", "MIT", true},
		{"conda", "sklearn", "ruff", "sphinx", "mypy", "hydra", "fire", "wandb", "none", "local", "gitlab", "cpu", "BSD-3-Clause", false},
		{"conda", "pytorch", "classic", "mkdocs", "none", "hydra", "fire", "tensorboard", "dvc", "gdrive", "github", "cuda", "MIT", false},
		{"conda", "lightning", "ruff", "none", "mypy", "hydra", "fire", "none", "none", "local", "none", "cuda", "Apache-2.0", true},
	}
}

// answerSet is one named e2e project.
type answerSet struct {
	name string
	a    project.Answers
}

// coveringSet turns the rows into full answers; the name says the four paired
// options, which identify a row uniquely.
func coveringSet() []answerSet {
	rows := coveringRows()
	sets := make([]answerSet, 0, len(rows))
	for _, r := range rows {
		sets = append(sets, answerSet{
			name: fmt.Sprintf("%s-%s-%s-%s", r.env, r.lint, r.framework, r.docs),
			a:    r.answers(),
		})
	}
	return sets
}

func (r row) answers() project.Answers {
	a := r.fullAnswers()
	if r.license == "MIT" {
		// As `mlinit new --yes` leaves them: free text empty (never read from git).
		a.Description, a.Author, a.Email = "", "", ""
	}
	return a
}

func (r row) fullAnswers() project.Answers {
	return project.Answers{
		Name:        "demo-model",
		Package:     "demo_model",
		Description: "An end-to-end test project.",
		Author:      "Ada Lovelace",
		Email:       "ada@example.com",
		License:     r.license,
		Year:        2026,
		Python:      e2ePython,
		Env:         r.env,
		Lint:        r.lint,
		Typecheck:   r.typecheck,
		Framework:   r.framework,
		Config:      r.config,
		CLI:         r.cli,
		Tracking:    r.tracking,
		Data:        r.data,
		DVCRemote:   r.remote,
		Docs:        r.docs,
		CI:          r.ci,
		Docker:      r.docker,
		Notebooks:   r.notebooks,
	}
}

// value returns the answer for an enumerated option key.
func value(a project.Answers, key string) string {
	switch key {
	case "license":
		return a.License
	case "python":
		return a.Python
	case "env":
		return a.Env
	case "lint":
		return a.Lint
	case "typecheck":
		return a.Typecheck
	case "framework":
		return a.Framework
	case "config":
		return a.Config
	case "cli":
		return a.CLI
	case "tracking":
		return a.Tracking
	case "data":
		return a.Data
	case "dvc-remote":
		if a.Data != "dvc" {
			return "" // the remote only matters with DVC
		}
		return a.DVCRemote
	case "docs":
		return a.Docs
	case "ci":
		return a.CI
	case "docker":
		return a.Docker
	}
	panic("unknown option " + key)
}

// TestCoveringSet keeps the matrix honest: every value of every option (python
// aside: the suite targets one interpreter) and every notebooks value appears,
// and every pair of env, lint, framework and docs values appears together.
func TestCoveringSet(t *testing.T) {
	sets := coveringSet()
	names := map[string]bool{}
	for _, s := range sets {
		if names[s.name] {
			t.Errorf("duplicate answer set name %s", s.name)
		}
		names[s.name] = true
	}
	choices := map[string][]string{}
	for _, c := range project.Choices() {
		choices[c.Key] = c.Values
		if c.Key == "python" {
			continue
		}
		for _, v := range c.Values {
			if !slices.ContainsFunc(sets, func(s answerSet) bool { return value(s.a, c.Key) == v }) {
				t.Errorf("no answer set has %s=%s", c.Key, v)
			}
		}
	}
	for _, nb := range []bool{true, false} {
		if !slices.ContainsFunc(sets, func(s answerSet) bool { return s.a.Notebooks == nb }) {
			t.Errorf("no answer set has notebooks=%v", nb)
		}
	}
	paired := []string{"env", "lint", "framework", "docs"}
	for i, k1 := range paired {
		for _, k2 := range paired[i+1:] {
			for _, v1 := range choices[k1] {
				for _, v2 := range choices[k2] {
					if !slices.ContainsFunc(sets, func(s answerSet) bool {
						return value(s.a, k1) == v1 && value(s.a, k2) == v2
					}) {
						t.Errorf("no answer set has %s=%s with %s=%s", k1, v1, k2, v2)
					}
				}
			}
		}
	}
	for _, s := range sets {
		if s.a.Docker == "cuda" && s.a.Framework != "pytorch" && s.a.Framework != "lightning" {
			t.Errorf("%s: docker=cuda needs a torch framework", s.name)
		}
	}
}
