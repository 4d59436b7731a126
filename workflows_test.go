package main

import (
	"path/filepath"
	"testing"

	"github.com/mlinit/mlinit/internal/toolcheck"
)

// TestRepoWorkflows lints this repository's own workflows with actionlint (and
// shellcheck on their run: blocks): any finding fails.
func TestRepoWorkflows(t *testing.T) {
	sc := toolcheck.Require(t, "shellcheck")[0]
	paths, err := filepath.Glob(".github/workflows/*.yml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no workflows found: %v", err)
	}
	findings, err := toolcheck.Actionlint(sc, paths...)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Error(f)
	}
}
