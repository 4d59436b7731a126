package native

import "testing"

func TestDC001(t *testing.T) {
	runRepoCases(t, "DC001", []repoCase{
		{name: "mkdocs", files: map[string]string{"mkdocs.yml": "site_name: x\n", "docs/index.md": ""}},
		{name: "sphinx", files: map[string]string{"docs/conf.py": ""}},
		{name: "zensical", files: map[string]string{"zensical.toml": ""}},
		{name: "none", files: map[string]string{"a.py": ""}, want: []string{"no docs/"}},
		{name: "docs without builder", files: map[string]string{"docs/index.md": ""}, want: []string{"no builder config"}},
	})
}

func TestDC002(t *testing.T) {
	strict := "site_name: x\nstrict: true\nvalidation:\n  omitted_files: warn\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
	runRepoCases(t, "DC002", []repoCase{
		{name: "mkdocs strict", files: map[string]string{"mkdocs.yml": strict}},
		{name: "mkdocs lax", files: map[string]string{"mkdocs.yml": "site_name: x\nstrict: false\n"}, want: []string{"strict: true", "validation"}, line: 2},
		{name: "sphinx ci", files: map[string]string{"docs/conf.py": "", ".github/workflows/docs.yml": "name: d\non: push\njobs:\n  a:\n    steps:\n      - run: sphinx-build -W --keep-going docs out\n"}},
		{name: "sphinx makefile", files: map[string]string{"docs/conf.py": "", "docs/Makefile": "SPHINXOPTS ?= -W --keep-going\n"}},
		{name: "sphinx lax", files: map[string]string{"docs/conf.py": "", "tox.ini": "[testenv:docs]\ncommands = sphinx-build docs out\n"}, want: []string{"-W --keep-going"}},
		{name: "rtd", files: map[string]string{"docs/conf.py": "", ".readthedocs.yaml": "version: 2\nsphinx:\n  configuration: docs/conf.py\n"}, want: []string{"no strict Sphinx", "fail_on_warning"}},
		{name: "rtd strict", files: map[string]string{"docs/conf.py": "", ".readthedocs.yaml": "version: 2\nsphinx:\n  configuration: docs/conf.py\n  fail_on_warning: true\n"}},
		{name: "no docs", files: map[string]string{"a": ""}, skip: true},
	})
}
