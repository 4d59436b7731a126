package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/templates"
)

// The gate checkers must reject what they are there to catch; otherwise a green
// e2e run would prove nothing.

func TestCheckDockerfileRejects(t *testing.T) {
	a := coveringRows()[0].answers() // env=uv, docker=cpu
	bad := []byte(`FROM python:latest AS builder
RUN pip install numpy
FROM python
USER root
ENTRYPOINT python commands.py
`)
	msgs := strings.Join(checkDockerfile(bad, a), "\n")
	for _, want := range []string{`uses tag "latest"`, `has no explicit tag`, `runs as "root"`, `exec-form`, `installs from the lockfile`, `uv.lock`} {
		if !strings.Contains(msgs, want) {
			t.Errorf("checkDockerfile did not report %q; got:\n%s", want, msgs)
		}
	}
	good := []byte(`FROM python:3.11-slim AS builder
RUN --mount=type=bind,source=uv.lock,target=uv.lock uv sync --locked
FROM python:3.11-slim
USER app
ENTRYPOINT ["python", "commands.py"]
`)
	if msgs := checkDockerfile(good, a); len(msgs) != 0 {
		t.Errorf("checkDockerfile rejected a good Dockerfile: %v", msgs)
	}
}

func TestCheckWorkflowRejects(t *testing.T) {
	v, err := templates.LoadVersions()
	if err != nil {
		t.Fatal(err)
	}
	a := coveringRows()[0].answers()
	bad := []byte(`name: CI
on: push
permissions: write-all
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.13"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@0123456789012345678901234567890123456789 # v7.0.0
      - uses: some/unknown@0123456789012345678901234567890123456789 # v1.0.0
`)
	msgs := strings.Join(checkWorkflow(bad, a, v), "\n")
	for _, want := range []string{`pinned to "v4"`, "pinned to", "not in the versions catalogue", "permissions", "concurrency", "lacks the minimum Python", "no lint job"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("checkWorkflow did not report %q; got:\n%s", want, msgs)
		}
	}
}

func TestActionlintFindsShellProblems(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".github", "workflows", "bad.yml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.head_commit.message }} $UNQUOTED\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	msgs := strings.Join(actionlint(t, p), "\n")
	for _, want := range []string{"shellcheck", "untrusted"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("actionlint did not report %q; got:\n%s", want, msgs)
		}
	}
}
