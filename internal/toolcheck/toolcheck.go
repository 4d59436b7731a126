// Package toolcheck finds the external tools that end-to-end tests drive. A test that
// needs a tool fails when it is missing, unless MLINIT_E2E=0 says to skip such tests.
package toolcheck

import (
	"os"
	"os/exec"
	"testing"
)

// E2EDisabled reports whether the user explicitly turned real-tool tests off.
func E2EDisabled() bool {
	return os.Getenv("MLINIT_E2E") == "0"
}

// Require returns the path of each named tool, failing the test when one is missing
// and skipping it (with that reason) only when MLINIT_E2E=0.
func Require(tb testing.TB, names ...string) []string {
	tb.Helper()
	if E2EDisabled() {
		tb.Skipf("skipped: MLINIT_E2E=0 (needs %v)", names)
	}
	paths := make([]string, 0, len(names))
	for _, n := range names {
		p, err := exec.LookPath(n)
		if err != nil {
			tb.Fatalf("%s is not on PATH: run `make tools` (or `make test`, which installs it), or set MLINIT_E2E=0 to skip real-tool tests", n)
		}
		paths = append(paths, p)
	}
	return paths
}
