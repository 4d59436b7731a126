package native

import (
	"testing"

	"github.com/mlinit/mlinit/checks"
)

func TestWorkflowFileChecks(t *testing.T) {
	good := readFixture(t, "workflows/good.yml")
	bad := readFixture(t, "workflows/bad.yml")
	const gp, bp = ".github/workflows/ci.yml", ".github/workflows/bad.yml"
	runFileCases(t, "CI002", []fileCase{
		{name: "good", path: gp, content: good},
		{name: "no name", path: bp, content: bad, want: []string{"no top-level `name:`"}, lines: []int{1}},
		{name: "broken", path: bp, content: "name: x\non: [push\njobs: {}\n", want: []string{"does not parse"}},
		{name: "scalar", path: bp, content: "just text\n", want: []string{"mapping"}},
		{name: "no jobs", path: bp, content: "name: x\non: push\n", want: []string{"no `jobs:`"}},
		{name: "not a workflow", path: ".github/dependabot.yml", content: "version: 2\n"},
	})
	runFileCases(t, "CI005", []fileCase{
		{name: "good", path: gp, content: good},
		{name: "write-all", path: bp, content: bad, want: []string{"write access"}, lines: []int{2}},
		{name: "missing", path: bp, content: "name: x\non: push\njobs:\n  a:\n    runs-on: x\n", want: []string{"no top-level"}},
		{name: "per job", path: bp, content: "name: x\non: push\njobs:\n  a:\n    permissions:\n      contents: write\n", want: nil},
		{name: "read map", path: bp, content: "name: x\non: push\npermissions:\n  contents: read\n  pull-requests: none\njobs: {}\n"},
		{name: "write map", path: bp, content: "name: x\non: push\npermissions:\n  contents: write\njobs: {}\n", want: []string{"write"}, lines: []int{3}},
	})
	runFileCases(t, "CI006", []fileCase{
		{name: "good", path: gp, content: good},
		{name: "bad", path: bp, content: bad, want: []string{"persist-credentials"}, lines: []int{7}},
	})
	runFileCases(t, "CI007", []fileCase{
		{name: "good", path: gp, content: good},
		{name: "bad", path: bp, content: bad, want: []string{"github.event.issue.title", "inputs.name", "github.head_ref"}, lines: []int{11, 11, 14}},
	})
	runFileCases(t, "CI008", []fileCase{
		{name: "good", path: gp, content: good},
		{name: "bad", path: bp, content: bad, want: []string{"org/repo/.github/workflows/x.yml@main", "some/action@v1"}, lines: []int{16, 8}},
		{name: "all policy", path: gp, content: good, opts: checks.Options{"policy": "all"}, want: []string{"actions/checkout@v4"}},
	})
}

func TestCI001(t *testing.T) {
	good := readFixture(t, "workflows/good.yml")
	r := memRepo(t, map[string]string{".github/workflows/a.yml": "name: x\non: push\njobs: {}\n", ".github/workflows/b.yml": "name: y\non: [pull_request]\njobs: {}\n"})
	if fs, _ := runRepo(t, "CI001", r, nil); len(fs) != 1 || fs[0].Path != ".github/workflows/b.yml" || fs[0].Line != 1 {
		t.Fatalf("CI001 must point at the pull_request workflow: %+v", fs)
	}
	runRepoCases(t, "CI001", []repoCase{
		{name: "runs", files: map[string]string{".github/workflows/ci.yml": good}},
		{name: "action", files: map[string]string{".github/workflows/ci.yml": "name: x\non: [pull_request]\njobs:\n  a:\n    steps:\n      - uses: mlinit/mlinit@0123456789abcdef0123456789abcdef01234567\n"}},
		{name: "push only", files: map[string]string{".github/workflows/ci.yml": "name: x\non: push\njobs:\n  a:\n    steps:\n      - run: mlinit check\n"}, want: []string{"pull_request"}},
		{name: "points at the PR workflow", files: map[string]string{".github/workflows/a.yml": "name: x\non: push\njobs: {}\n", ".github/workflows/b.yml": "name: y\non: [pull_request]\njobs: {}\n"}, want: []string{"no workflow"}},
		{name: "not run", files: map[string]string{".github/workflows/ci.yml": "name: x\non: pull_request\njobs:\n  a:\n    steps:\n      - run: pytest\n"}, want: []string{"no workflow"}},
		{name: "no workflows", files: map[string]string{"a.py": ""}, skip: true},
	})
}

const (
	ruffHook   = "  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.7.0\n    hooks:\n"
	mlinitHook = "  - repo: https://github.com/mlinit/mlinit\n    rev: v1.0.0\n    hooks:\n      - id: mlinit-files\n      - id: mlinit-repo\n"
)

func TestCI013(t *testing.T) {
	runRepoCases(t, "CI013", []repoCase{
		{name: "ok", files: map[string]string{".pre-commit-config.yaml": "repos:\n" + mlinitHook + ruffHook + "      - id: ruff-check\n        args: [--fix, --show-fixes]\n      - id: ruff-format\n"}},
		{name: "missing", files: map[string]string{"a.py": ""}, want: []string{"no .pre-commit-config.yaml"}},
		{name: "no mlinit", files: map[string]string{".pre-commit-config.yaml": "repos: []\n"}, want: []string{"no mlinit hook"}},
		{name: "local mlinit", files: map[string]string{".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n      - id: health\n        entry: mlinit check --hook\n        language: system\n"}},
		{name: "legacy ruff id", files: map[string]string{".pre-commit-config.yaml": "repos:\n" + mlinitHook + ruffHook + "      - id: ruff\n        args: [--fix]\n"}, want: []string{"legacy id", "--show-fixes"}, line: 10},
		{name: "broken", files: map[string]string{".pre-commit-config.yaml": "repos: [\n"}, skip: true},
	})
}

func TestCI014(t *testing.T) {
	runRepoCases(t, "CI014", []repoCase{
		{name: "ok", files: map[string]string{".pre-commit-config.yaml": "repos:\n" + mlinitHook + "  - repo: local\n    hooks:\n      - id: tests\n        name: tests\n        entry: uv run pytest -q\n        language: system\n        pass_filenames: false\n"}},
		{name: "interrogate", files: map[string]string{".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/econchick/interrogate\n    rev: 1.7.0\n    hooks:\n      - id: interrogate\n"}, want: []string{"interrogate #60"}, line: 5},
		{name: "local pytest", files: map[string]string{".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n      - id: tests\n        entry: pytest\n        language: system\n"}, want: []string{"repo-level"}},
		{name: "local mlinit repo", files: map[string]string{".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n      - id: mlinit-check-repo\n        entry: mlinit check --gate repo\n        language: system\n"}, want: []string{"repo-level"}},
		{name: "local mlinit file hook", files: map[string]string{".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n      - id: mlinit-check\n        entry: mlinit check\n        language: system\n"}},
		{name: "none", files: map[string]string{"a": ""}, skip: true},
	})
}
