// Package golden compares test output with files under testdata and rewrites them
// when tests run with -update.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// update is the one -update flag shared by every golden test in a test binary.
var update = flag.Bool("update", false, "rewrite golden files with the current output") //nolint:gochecknoglobals // test flag, registered once per test binary

// Updating reports whether the run rewrites golden files.
func Updating() bool { return *update }

// Assert compares got with the golden file at path (relative to the test's package),
// rewriting it instead under -update.
func Assert(tb testing.TB, path string, got []byte) {
	tb.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil { //nolint:gosec // golden files are ordinary repository files
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path) //nolint:gosec // path comes from the test itself
	if err != nil {
		tb.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(want, got) {
		tb.Errorf("%s differs from the output (run with -update and review the diff):\n%s", path, diff(want, got))
	}
}

// diff shows the first differing line, enough to find the change in a large file.
func diff(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + string(w) + "\n  got:  " + string(g)
		}
	}
	return "(no line differs; trailing bytes differ)"
}
