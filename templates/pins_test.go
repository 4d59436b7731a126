package templates

import (
	"strings"
	"testing"
)

// TestLinterPinsMatchHookRevs: a linter in the dev group must be the exact version its
// pre-commit hook runs, or a generated project fails mlinit check's RX009 (and local,
// hook and CI runs disagree).
func TestLinterPinsMatchHookRevs(t *testing.T) {
	v, err := LoadVersions()
	if err != nil {
		t.Fatal(err)
	}
	for tool, hookRepo := range map[string]string{
		"ruff": "astral-sh/ruff-pre-commit", "black": "psf/black-pre-commit-mirror",
		"isort": "PyCQA/isort", "flake8": "PyCQA/flake8",
	} {
		want := "==" + strings.TrimPrefix(v.Hooks[hookRepo].Rev, "v")
		if got := v.Tools[tool].Requirement; got != want {
			t.Errorf("tools.%s requirement = %q, want %q (the rev of %s)", tool, got, want, hookRepo)
		}
	}
}
