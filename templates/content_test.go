package templates

import (
	"slices"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// pyproject is the part of a generated pyproject.toml the tests inspect.
type pyproject struct {
	BuildSystem struct {
		Requires     []string `toml:"requires"`
		BuildBackend string   `toml:"build-backend"`
	} `toml:"build-system"`
	Project struct {
		Name           string   `toml:"name"`
		RequiresPython string   `toml:"requires-python"`
		License        string   `toml:"license"`
		Dependencies   []string `toml:"dependencies"`
	} `toml:"project"`
	Groups map[string][]string `toml:"dependency-groups"`
	Tool   map[string]any      `toml:"tool"`
}

func renderMap(t *testing.T, overrides ...string) map[string]string {
	t.Helper()
	files, err := Render(answers(t, overrides...))
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string]string, len(files))
	for _, f := range files {
		m[f.Path] = string(f.Data)
	}
	return m
}

func TestPyprojectPerEnv(t *testing.T) {
	for _, tc := range []struct {
		env, backend, requires string
		extra                  []string // files only this env manager gets
	}{
		{"uv", "uv_build", "uv_build>=0.13.0,<0.14", nil},
		{"poetry", "poetry.core.masonry.api", "poetry-core>=2.0.0,<3.0.0", nil},
		{"pip", "setuptools.build_meta", "setuptools>=77", []string{"requirements.in", "requirements-dev.in"}},
		{"conda", "hatchling.build", "hatchling>=1.27", []string{"environment.yml"}},
	} {
		t.Run(tc.env, func(t *testing.T) {
			files := renderMap(t, "env="+tc.env, "python=3.11")
			var p pyproject
			if err := toml.Unmarshal([]byte(files["pyproject.toml"]), &p); err != nil {
				t.Fatal(err)
			}
			if p.BuildSystem.BuildBackend != tc.backend || !slices.Equal(p.BuildSystem.Requires, []string{tc.requires}) {
				t.Errorf("build-system = %+v", p.BuildSystem)
			}
			if p.Project.RequiresPython != ">=3.11" || p.Project.License != "MIT" || p.Project.Name != "my-project" {
				t.Errorf("project = %+v", p.Project)
			}
			for _, g := range []string{"dev", "test", "docs"} {
				if len(p.Groups[g]) == 0 {
					t.Errorf("dependency group %s is empty", g)
				}
			}
			for _, f := range []string{"requirements.in", "requirements-dev.in", "environment.yml"} {
				if _, ok := files[f]; ok != slices.Contains(tc.extra, f) {
					t.Errorf("%s present = %v", f, ok)
				}
			}
			if got := files[".python-version"]; got != "3.11\n" {
				t.Errorf(".python-version = %q", got)
			}
		})
	}
}

func TestToolSectionsFollowAnswers(t *testing.T) {
	for _, tc := range []struct {
		overrides     []string
		tools, absent []string
		files, nofile []string
	}{
		{
			overrides: nil,
			tools:     []string{"ruff", "pytest", "coverage", "mypy", "interrogate", "mlinit"},
			absent:    []string{"black", "isort", "flake8"},
			files:     []string{"src/my_project/py.typed", "configs/logger/mlflow.yaml", "notebooks/README.md"},
			nofile:    []string{".flake8"},
		},
		{
			overrides: []string{"lint=classic", "typecheck=none", "config=none", "notebooks=no"},
			tools:     []string{"black", "isort", "flake8", "pytest", "coverage", "interrogate", "mlinit"},
			absent:    []string{"ruff", "mypy"},
			files:     []string{".flake8"},
			nofile:    []string{"src/my_project/py.typed", "configs/config.yaml", "notebooks/README.md"},
		},
	} {
		files := renderMap(t, tc.overrides...)
		var p pyproject
		if err := toml.Unmarshal([]byte(files["pyproject.toml"]), &p); err != nil {
			t.Fatal(err)
		}
		for _, k := range tc.tools {
			if _, ok := p.Tool[k]; !ok {
				t.Errorf("%v: [tool.%s] missing", tc.overrides, k)
			}
		}
		for _, k := range tc.absent {
			if _, ok := p.Tool[k]; ok {
				t.Errorf("%v: [tool.%s] present", tc.overrides, k)
			}
		}
		for _, f := range tc.files {
			if _, ok := files[f]; !ok {
				t.Errorf("%v: %s missing", tc.overrides, f)
			}
		}
		for _, f := range tc.nofile {
			if _, ok := files[f]; ok {
				t.Errorf("%v: %s present", tc.overrides, f)
			}
		}
	}
}

func TestDependenciesFollowStack(t *testing.T) {
	for _, tc := range []struct {
		overrides []string
		want, not []string
	}{
		{[]string{"framework=none", "tracking=none", "data=none", "config=none", "cli=none"}, []string{"numpy"}, []string{"torch", "fire", "hydra-core", "mlflow", "dvc"}},
		{[]string{"framework=sklearn", "tracking=wandb"}, []string{"scikit-learn", "joblib", "wandb", "fire", "hydra-core"}, []string{"torch"}},
		{[]string{"framework=lightning", "tracking=tensorboard", "data=dvc", "dvc-remote=s3"}, []string{"torch", "lightning", "onnx", "tensorboardX", "dvc[s3]"}, []string{"mlflow"}},
	} {
		files := renderMap(t, tc.overrides...)
		var p pyproject
		if err := toml.Unmarshal([]byte(files["pyproject.toml"]), &p); err != nil {
			t.Fatal(err)
		}
		names := make([]string, len(p.Project.Dependencies))
		for i, d := range p.Project.Dependencies {
			names[i] = strings.FieldsFunc(d, func(r rune) bool { return strings.ContainsRune("<>=!~ ", r) })[0]
		}
		for _, w := range tc.want {
			if !slices.Contains(names, w) {
				t.Errorf("%v: dependencies %v lack %s", tc.overrides, names, w)
			}
		}
		for _, n := range tc.not {
			if slices.Contains(names, n) {
				t.Errorf("%v: dependencies %v include %s", tc.overrides, names, n)
			}
		}
	}
}

func TestGitignoreKeepsSkeleton(t *testing.T) {
	gi := renderMap(t)[".gitignore"]
	for _, line := range []string{
		"/data/*", "!/data/*/.gitkeep", "!/data/*/*.dvc", "/models/*", "!/models/.gitkeep",
		"/mlruns/", "/wandb/", "/outputs/", "/multirun/", "/lightning_logs/", "*.ckpt", "*.onnx", ".dvc/cache",
	} {
		if !slices.Contains(strings.Split(gi, "\n"), line) {
			t.Errorf(".gitignore lacks %q", line)
		}
	}
	if strings.Contains(gi, "\nplots/") || strings.Contains(gi, "\n/plots") {
		t.Error(".gitignore must not ignore plots/ (the homework commits plots)")
	}
}
