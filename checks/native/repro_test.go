package native

import (
	"slices"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

func TestRX001(t *testing.T) {
	untracked := memRepo(t, goodRepo())
	untracked.Tracked = slices.DeleteFunc(untracked.Tracked, func(p string) bool { return p == "uv.lock" })
	fs, _ := runRepo(t, "RX001", untracked, nil)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "not tracked") {
		t.Fatalf("untracked lock: %s", messages(fs))
	}
	// Without a lock: an error once something is committed, a warning before.
	noLock := memRepo(t, with(goodRepo(), "uv.lock", "<delete>"))
	if fs, _ := runRepo(t, "RX001", noLock, nil); len(fs) != 1 || fs[0].Severity == checks.Warning {
		t.Fatalf("committed project without a lock: want one error-level finding, got %s", messages(fs))
	}
	noLock.Tracked = nil
	if fs, _ := runRepo(t, "RX001", noLock, nil); len(fs) != 1 || fs[0].Severity != checks.Warning || !strings.Contains(fs[0].Message, "yet") {
		t.Fatalf("fresh project without a lock: want one warning, got %s", messages(fs))
	}
	runRepoCases(t, "RX001", []repoCase{
		{name: "uv ok", files: goodRepo()},
		{name: "no lock", files: with(goodRepo(), "uv.lock", "<delete>"), want: []string{"no uv.lock"}},
		{name: "poetry", files: with(goodRepo(), "uv.lock", "<delete>", "pyproject.toml", goodPyproject+"\n[tool.poetry]\npackage-mode = false\n"), want: []string{"no poetry.lock"}},
		{name: "poetry ok", files: with(goodRepo(), "uv.lock", "<delete>", "poetry.lock", "", "pyproject.toml", goodPyproject+"\n[tool.poetry]\n")},
		{name: "hashed requirements", files: with(goodRepo(), "uv.lock", "<delete>", "requirements.txt", "x==1 --hash=sha256:ab\n")},
		{name: "pip-tools ok", files: with(goodRepo(), "uv.lock", "<delete>", "requirements.in", "numpy\n", "requirements.txt", "numpy==2.0\n")},
		{name: "pip-tools uncompiled", files: with(goodRepo(), "uv.lock", "<delete>", "requirements.in", "numpy\n"), want: []string{"no requirements.txt for pip-tools"}},
		{name: "conda ok", files: with(goodRepo(), "uv.lock", "<delete>", "environment.yml", "name: x\n", "conda-lock.yml", "x: 1\n")},
		{name: "conda unlocked", files: with(goodRepo(), "uv.lock", "<delete>", "environment.yml", "name: x\n"), want: []string{"no conda-lock.yml for conda"}},
		{name: "no pyproject", files: with(goodRepo(), "pyproject.toml", "<delete>"), skip: true},
	})
}

func TestNormPySpec(t *testing.T) {
	for in, want := range map[string]string{">=3.10": ">=3.10", "~=3.10": "<4,>=3.10", ">=3.10, <4": "<4,>=3.10", "~=3.10.2": "<3.11,>=3.10.2"} {
		if got := normPySpec(in); got != want {
			t.Errorf("normPySpec(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSatisfies(t *testing.T) {
	e := newEnv()
	cases := []struct {
		v, spec string
		want    bool
	}{
		{"3.12", ">=3.10", true},
		{"3.9", ">=3.10", false},
		{"3.12.1", ">=3.10,<3.13", true},
		{"3.13", ">=3.10,<3.13", false},
		{"3.11", "~=3.10", true},
		{"4.0", "~=3.10", false},
		{"3.11.4", "==3.11.*", true},
		{"3.12", "==3.11.*", false},
		{"3.12", "!=3.12.*", false},
		{"pypy3.10", ">=3.10", true},
	}
	for _, c := range cases {
		if got := e.satisfies(c.v, c.spec); got != c.want {
			t.Errorf("satisfies(%q, %q) = %v", c.v, c.spec, got)
		}
	}
}

func TestRX004(t *testing.T) {
	wf := func(with string) string {
		return "name: ci\non: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-python@v5\n        with:\n" + with
	}
	runRepoCases(t, "RX004", []repoCase{
		{name: "ok", files: goodRepo()},
		{name: "missing", files: with(goodRepo(), ".python-version", "<delete>"), want: []string{"no .python-version"}},
		{name: "excluded", files: with(goodRepo(), ".python-version", "3.9\n"), want: []string{"excludes"}, line: 1},
		{name: "file in CI", files: with(goodRepo(), ".github/workflows/ci.yml", wf("          python-version-file: .python-version\n"))},
		{name: "same in CI", files: with(goodRepo(), ".github/workflows/ci.yml", wf("          python-version: \"3.12\"\n"))},
		{name: "drift in CI", files: with(goodRepo(), ".github/workflows/ci.yml", wf("          python-version: \"3.11\"\n")), want: []string{"pins 3.12"}, line: 9},
		{name: "matrix", files: with(goodRepo(), ".github/workflows/ci.yml", wf("          python-version: ${{ matrix.py }}\n"))},
	})
}

type fileCase struct {
	name, path, content string
	opts                checks.Options
	want                []string
	lines               []int
}

func runFileCases(t *testing.T, id string, cases []fileCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := runFile(t, id, c.path, c.content, c.opts)
			if len(fs) != len(c.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(fs), len(c.want), messages(fs))
			}
			for i, w := range c.want {
				if !strings.Contains(fs[i].Message, w) {
					t.Errorf("finding %d = %q, want it to mention %q", i, fs[i].Message, w)
				}
				if fs[i].Path != c.path {
					t.Errorf("path = %q", fs[i].Path)
				}
				if i < len(c.lines) && fs[i].Line != c.lines[i] {
					t.Errorf("finding %d line = %d, want %d", i, fs[i].Line, c.lines[i])
				}
			}
		})
	}
}

func TestRX006(t *testing.T) {
	runFileCases(t, "RX006", []fileCase{
		{name: "pinned", path: "Dockerfile", content: "FROM python:3.12-slim@sha256:abc\nFROM python:3.12.4-slim AS build\nFROM build\nFROM scratch\nFROM ${BASE}\n"},
		{name: "untagged", path: "Dockerfile", content: "# base\nFROM python\n", want: []string{"no tag"}, lines: []int{2}},
		{name: "latest", path: "docker/app.Dockerfile", content: "FROM --platform=linux/amd64 ubuntu:latest AS x\n", want: []string{"latest"}, lines: []int{1}},
		{name: "registry port", path: "Dockerfile", content: "FROM localhost:5000/img\n", want: []string{"no tag"}},
		{name: "cuda partial", path: "Dockerfile", content: "FROM nvidia/cuda:12.4-runtime\nFROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\nFROM pytorch/pytorch:latest-gpu\n", want: []string{"not fully specified", "latest"}, lines: []int{1, 3}},
		{name: "not a dockerfile", path: "notes.txt", content: "FROM python\n"},
	})
	fs := runFile(t, "RX006", "Dockerfile", "FROM nvidia/cuda:12.4-runtime\n", nil)
	if len(fs) != 1 || fs[0].Severity != checks.Warning {
		t.Fatalf("CUDA tag finding must be a warning: %+v", fs)
	}
}

func TestRX007(t *testing.T) {
	runFileCases(t, "RX007", []fileCase{
		{name: "locked", path: "Dockerfile", content: "FROM x:1\nRUN uv sync --locked --no-dev\nRUN pip install --require-hashes -r requirements.txt\nRUN pip install .\nRUN pip install torch==2.3.1\n"},
		{name: "bare pip", path: "Dockerfile", content: "FROM x:1\nRUN apt-get update && \\\n    pip install --no-cache-dir torch numpy\n", want: []string{"torch numpy"}, lines: []int{2}},
		{name: "python -m pip", path: "Dockerfile", content: "RUN python -m pip install requests\n", want: []string{"requests"}},
		{name: "uv pip", path: "Dockerfile", content: "RUN uv pip install --system fastapi\n", want: []string{"fastapi"}},
		{name: "uv sync unlocked", path: "Dockerfile", content: "RUN uv sync\n", want: []string{"--locked"}},
		{name: "requirements without hashes", path: "Dockerfile", content: "RUN pip install -r requirements.txt\n", want: []string{"--require-hashes"}},
		{name: "json form", path: "Dockerfile", content: "FROM x:1\nRUN [\"pip\", \"install\", \"flask\"]\n", want: []string{"flask"}, lines: []int{2}},
		{name: "heredoc", path: "Dockerfile", content: "# syntax=docker/dockerfile:1\nFROM x:1\nRUN <<EOF\nset -e\npip install rich\nuv sync --locked\nEOF\n", want: []string{"rich"}, lines: []int{3}},
		{name: "escape directive", path: "Dockerfile", content: "# escape=`\nFROM x:1\nRUN pip install `\n    numpy\n", want: []string{"numpy"}, lines: []int{3}},
		{name: "template", path: "Dockerfile.tmpl", content: "RUN pip install x\n"},
	})
}

func TestRX008(t *testing.T) {
	runFileCases(t, "RX008", []fileCase{
		{name: "pinned", path: "requirements.txt", content: "# c\nnumpy==1.26.4 ; python_version >= \"3.10\"\ntorch==2.3.1 \\\n    --hash=sha256:aa\n-r base.txt\n--index-url https://x\n-e .\ngit+https://github.com/a/b@0123456789abcdef0123456789abcdef01234567#egg=b\n"},
		{name: "loose", path: "requirements-dev.txt", content: "numpy>=1.26\npandas\nrich==13.*\n", want: []string{"numpy>=1.26", "pandas", "rich==13.*"}, lines: []int{1, 2, 3}},
		{name: "vcs branch", path: "requirements/base.txt", content: "git+https://github.com/a/b@main\n", want: []string{"commit"}},
		{name: "not requirements", path: "notes.txt", content: "numpy\n"},
		{name: "in files are inputs", path: "requirements.in", content: "numpy\n"},
	})
}

func TestRX009(t *testing.T) {
	pc := func(rev string) string {
		return "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: " + rev + "\n    hooks:\n      - id: ruff-check\n"
	}
	uvLock := "version = 1\n[[package]]\nname = \"ruff\"\nversion = \"0.7.0\"\n"
	poetryLock := "[[package]]\nname = \"ruff\"\nversion = \"0.7.0\"\n[metadata]\ncontent-hash = \"x\"\n"
	runRepoCases(t, "RX009", []repoCase{
		{name: "match", files: with(goodRepo(), ".pre-commit-config.yaml", pc("v0.7.0"), "uv.lock", uvLock)},
		{name: "drift uv", files: with(goodRepo(), ".pre-commit-config.yaml", pc("v0.6.9"), "uv.lock", uvLock), want: []string{"v0.6.9 differs from ruff 0.7.0 in uv.lock"}, line: 3},
		{name: "drift poetry", files: with(goodRepo(), ".pre-commit-config.yaml", pc("v0.6.9"), "uv.lock", "<delete>", "poetry.lock", poetryLock), want: []string{"poetry.lock"}},
		{name: "branch", files: with(goodRepo(), ".pre-commit-config.yaml", pc("main"), "uv.lock", uvLock), want: []string{"branch"}},
		{name: "sha", files: with(goodRepo(), ".pre-commit-config.yaml", pc("0123456789abcdef0123456789abcdef01234567"), "uv.lock", uvLock)},
		{name: "group pin", files: with(goodRepo(), ".pre-commit-config.yaml", pc("v0.6.9"), "uv.lock", "<delete>", "pyproject.toml", goodPyproject+"\n[dependency-groups]\ndev = [\"ruff==0.7.0\"]\n"), want: []string{"pinned in pyproject.toml"}},
		{name: "unknown tool", files: with(goodRepo(), ".pre-commit-config.yaml", "repos:\n  - repo: https://github.com/x/y\n    rev: v1.0.0\n    hooks: [{id: y}]\n", "uv.lock", uvLock)},
		{name: "no config", files: with(goodRepo(), ".pre-commit-config.yaml", "<delete>"), skip: true},
	})
}
