package gates

import (
	"bufio"
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/mlinit/mlinit/checks"
)

// mypyLine matches mypy's text output with --show-column-numbers:
// "src/a.py:3:5: error: Incompatible types ...  [assignment]". Text is parsed
// rather than --output=json because JSON output misses syntax errors
// (python/mypy #21370).
var mypyLine = regexp.MustCompile(`^(.+?):(\d+)(?::(\d+))?: (error|note|warning): (.*)$`) //nolint:gochecknoglobals // compiled once, read-only

func (g *gateRun) mypyConfigured() bool {
	root := g.env.Root
	return table(g.env.Config.Pyproject, "tool", "mypy") != nil ||
		exists(filepath.Join(root, "mypy.ini")) || exists(filepath.Join(root, ".mypy.ini")) ||
		fileContains(filepath.Join(root, "setup.cfg"), "[mypy]")
}

func (g *gateRun) types(ctx context.Context) {
	gc := g.env.Config.Gates.Types
	if !g.selected("GT003") {
		return
	}
	if !enabled(gc) {
		g.skip("GT003", "types gate disabled in [tool.mlinit.gates.types]")
		return
	}
	if len(gc.Command) == 0 && !g.mypyConfigured() {
		g.skip("GT003", "mypy is not configured ([tool.mypy], mypy.ini or setup.cfg [mypy])")
		return
	}
	argv := []string{"mypy"}
	if len(gc.Command) > 0 {
		argv = append([]string(nil), gc.Command...)
	}
	argv = append(argv, "--show-column-numbers", "--no-error-summary", "--no-pretty", "--no-color-output")
	if len(gc.Command) == 0 {
		if _, ok := table(g.env.Config.Pyproject, "tool", "mypy")["files"]; !ok {
			argv = append(argv, ".")
		}
	}
	out, err := g.run(ctx, gc, argv)
	if err != nil {
		g.fault(Types, err, "GT003")
		return
	}
	fs := g.parseMypy(out.Stdout)
	switch {
	case out.ExitCode == 0:
		g.fail("GT003", fs) // notes alone do not fail; see parseMypy
	case out.ExitCode == 1 && len(fs) > 0:
		g.fail("GT003", fs)
	case out.ExitCode == 2 && len(fs) > 0:
		// Blocking errors (syntax errors) exit 2 but are still findings.
		g.fail("GT003", fs)
	default:
		g.fault(Types, crash("mypy", out), "GT003")
	}
}

// parseMypy keeps errors; notes are appended to the error they follow.
func (g *gateRun) parseMypy(stdout []byte) []checks.Finding {
	var fs []checks.Finding
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	for sc.Scan() {
		m := mypyLine.FindStringSubmatch(strings.TrimRight(sc.Text(), "\r"))
		if m == nil {
			continue
		}
		if m[4] == "note" {
			if len(fs) > 0 && fs[len(fs)-1].Path == g.rel(m[1]) {
				fs[len(fs)-1].Message += "\nnote: " + m[5]
			}
			continue
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		sev := checks.Severity(0)
		if m[4] == "warning" {
			sev = checks.Warning
		}
		fs = append(fs, checks.Finding{Path: g.rel(m[1]), Line: line, Column: col, Message: m[5], Severity: sev})
	}
	return fs
}
