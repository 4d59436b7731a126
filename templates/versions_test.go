package templates

import (
	"strings"
	"testing"
)

func TestVersionsCatalogue(t *testing.T) {
	v, err := LoadVersions()
	if err != nil {
		t.Fatal(err)
	}
	// Everything §12 of the reference lists is present.
	for _, name := range []string{
		"uv", "uv_build", "poetry", "poetry-core", "pdm", "hatch", "hatchling",
		"setuptools", "pip-tools", "conda-lock", "pre-commit", "ruff", "mypy", "pytest", "pytest-cov",
		"fire", "hydra-core", "dvc", "mlflow", "mkdocs", "mkdocs-material", "mkdocstrings", "zensical", "torch",
	} {
		if _, ok := v.Tools[name]; !ok {
			t.Errorf("tools.%s missing", name)
		}
	}
	if len(v.Hooks) != 15 {
		t.Errorf("%d hook repositories, want the 15 of §12.2", len(v.Hooks))
	}
	if len(v.Actions) != 13 {
		t.Errorf("%d actions, want the 13 distinct actions of §12.3", len(v.Actions))
	}
	got, err := v.action("actions/checkout")
	if want := "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"; err != nil || got != want {
		t.Errorf("action = %q, %v; want %q", got, err, want)
	}
	if got, err := v.image("python", "3.11"); err != nil || got != "python:3.11-slim-trixie" {
		t.Errorf("image = %q, %v", got, err)
	}
	if got, err := v.req("ruff"); err != nil || got != "ruff==0.17.0" {
		t.Errorf("req = %q, %v", got, err)
	}
	for _, f := range []func(string) (string, error){v.req, v.pin, v.rev, v.action, v.spec} {
		if _, err := f("no-such-thing"); err == nil {
			t.Error("an unknown catalogue name did not fail")
		}
	}
}

func TestVersionsLoaderIsStrict(t *testing.T) {
	for name, tc := range map[string]struct{ toml, want string }{
		"unknown key": {
			"schema = 1\nchecked = \"2026-01-01\"\n[python]\ndefault = \"3.12\"\nchecked = \"2026-01-01\"\nsurprise = 1\n",
			"surprise",
		},
		"bad sha": {
			"schema = 1\nchecked = \"2026-01-01\"\n[python]\nchecked = \"2026-01-01\"\n" +
				"[actions.\"a/b\"]\nversion = \"v1\"\nsha = \"main\"\nchecked = \"2026-01-01\"\n",
			"40-hex",
		},
		"bad date": {
			"schema = 1\nchecked = \"yesterday\"\n[python]\nchecked = \"2026-01-01\"\n",
			"YYYY-MM-DD",
		},
		"latest tag": {
			"schema = 1\nchecked = \"2026-01-01\"\n[python]\nchecked = \"2026-01-01\"\n" +
				"[images.x]\nname = \"python\"\ntag = \"latest\"\nchecked = \"2026-01-01\"\n",
			"non-latest",
		},
		"wrong type": {"schema = \"one\"\n", "schema"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parseVersions([]byte(tc.toml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}
