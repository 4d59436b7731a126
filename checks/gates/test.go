package gates

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/mlinit/mlinit/checks"
)

// pytest exit codes (pytest.ExitCode).
const (
	pytestOK          = 0
	pytestTestsFailed = 1
	pytestNoTests     = 5
)

type junitTestcase struct {
	Classname string          `xml:"classname,attr"`
	Name      string          `xml:"name,attr"`
	File      string          `xml:"file,attr"`
	Line      int             `xml:"line,attr"`
	Failure   *junitOutcome   `xml:"failure"`
	Error     *junitOutcome   `xml:"error"`
	Children  []junitTestcase `xml:"testcase"`
}

type junitOutcome struct {
	Message string `xml:"message,attr"`
	Body    string `xml:",chardata"`
}

type junitNode struct {
	Suites []junitNode     `xml:"testsuite"`
	Cases  []junitTestcase `xml:"testcase"`
}

func (g *gateRun) coverageSettings() (failUnder float64, precision int, ok bool) {
	rep := table(g.env.Config.Pyproject, "tool", "coverage", "report")
	if v, found := rep["fail_under"]; found {
		failUnder, ok = number(v)
	}
	if !ok && g.env.Config.Gates.Test.FailUnder != nil {
		failUnder, ok = *g.env.Config.Gates.Test.FailUnder, true
	}
	if p, found := number(rep["precision"]); found {
		precision = int(p)
	}
	return failUnder, precision, ok
}

// usesPytestCov reports whether pytest already measures coverage (pytest-cov's
// --cov in addopts or in the configured command); then mlinit does not wrap
// pytest in `coverage run` but still reads the data itself.
func (g *gateRun) usesPytestCov(command []string) bool {
	for _, a := range command {
		if strings.HasPrefix(a, "--cov") {
			return true
		}
	}
	ini := table(g.env.Config.Pyproject, "tool", "pytest", "ini_options")
	if ini == nil {
		ini = table(g.env.Config.Pyproject, "tool", "pytest")
	}
	switch v := ini["addopts"].(type) {
	case string:
		return strings.Contains(v, "--cov")
	case []any:
		for _, a := range v {
			if s, ok := a.(string); ok && strings.HasPrefix(s, "--cov") {
				return true
			}
		}
	}
	return false
}

func (g *gateRun) test(ctx context.Context) {
	gc := g.env.Config.Gates.Test
	wantTests, wantCov := g.selected("GT004"), g.selected("GT005")
	if !wantTests && !wantCov {
		return
	}
	if !enabled(gc) {
		g.skip("GT004", "test gate disabled in [tool.mlinit.gates.test]")
		g.skip("GT005", "test gate disabled in [tool.mlinit.gates.test]")
		return
	}
	failUnder, precision, covConfigured := g.coverageSettings()
	measure := wantCov && covConfigured
	junit := filepath.Join(g.env.TempDir, "junit.xml")
	argv := []string{"pytest"}
	if len(gc.Command) > 0 {
		argv = append([]string(nil), gc.Command...)
	}
	argv = append(argv, "--junitxml="+junit)
	if measure && !g.usesPytestCov(argv) && filepath.Base(argv[0]) == "pytest" {
		argv = append([]string{"coverage", "run", "-m", "pytest"}, argv[1:]...)
	}
	out, err := g.run(ctx, gc, argv)
	if err != nil {
		g.fault(Test, err, "GT004", "GT005")
		return
	}
	switch out.ExitCode {
	case pytestOK, pytestTestsFailed:
		fs, perr := g.parseJUnit(junit)
		if perr != nil {
			g.fault(Test, perr, "GT004", "GT005")
			return
		}
		if out.ExitCode == pytestTestsFailed && len(fs) == 0 {
			fs = []checks.Finding{{Message: "pytest reported failures; see its output"}}
		}
		if wantTests {
			g.fail("GT004", fs)
		}
	case pytestNoTests:
		if wantTests {
			g.fail("GT004", []checks.Finding{{Message: "no tests collected (pytest exit 5): a test gate with no tests proves nothing"}})
		}
		if wantCov {
			g.skip("GT005", "no tests ran")
		}
		return
	default:
		g.fault(Test, crash(strings.Join(argv[:min(len(argv), 4)], " "), out), "GT004", "GT005")
		return
	}
	if !wantCov {
		return
	}
	if !covConfigured {
		g.skip("GT005", "no coverage threshold ([tool.coverage.report] fail_under)")
		return
	}
	pct, err := g.combinedCoverage(ctx)
	if err != nil {
		g.fault(Test, err, "GT005")
		return
	}
	if shouldFailUnder(pct, failUnder, precision) {
		g.fail("GT005", []checks.Finding{{Path: "pyproject.toml", Message: fmt.Sprintf("coverage %.*f%% is below fail_under %g%% (combined data, computed by mlinit)", precision, pct, failUnder)}})
		return
	}
	g.pass("GT005", fmt.Sprintf("coverage %.*f%% (fail_under %g%%)", precision, pct, failUnder))
}

// shouldFailUnder copies coverage.py's results.should_fail_under: 100 means
// exactly 100; otherwise the total rounded to the configured precision is compared.
func shouldFailUnder(total, failUnder float64, precision int) bool {
	if failUnder >= 100 && total < 100 {
		return true
	}
	scale := math.Pow(10, float64(precision))
	return math.RoundToEven(total*scale)/scale < failUnder
}

// combinedCoverage combines parallel data files (xdist, subprocesses) and reads
// the total from `coverage json`, never from a plugin's exit status.
func (g *gateRun) combinedCoverage(ctx context.Context) (float64, error) {
	gc := g.env.Config.Gates.Test
	if matches, _ := filepath.Glob(filepath.Join(g.env.Root, ".coverage.*")); len(matches) > 0 {
		out, err := g.run(ctx, gc, []string{"coverage", "combine", "--keep"})
		if err != nil {
			return 0, err
		}
		if out.ExitCode != 0 && !strings.Contains(string(out.Stdout)+string(out.Stderr), "No data to combine") {
			return 0, crash("coverage combine", out)
		}
	}
	report := filepath.Join(g.env.TempDir, "coverage.json")
	out, err := g.run(ctx, gc, []string{"coverage", "json", "-o", report})
	if err != nil {
		return 0, err
	}
	// coverage exits 2 when the total is under its own fail_under: the data is
	// still written, and mlinit makes the comparison itself.
	if out.ExitCode != 0 && out.ExitCode != 2 {
		return 0, crash("coverage json", out)
	}
	data, err := os.ReadFile(report) //nolint:gosec // written by coverage into mlinit's temp dir
	if err != nil {
		return 0, fmt.Errorf("coverage json wrote no report: %w", err)
	}
	var doc struct {
		Totals struct {
			PercentCovered *float64 `json:"percent_covered"`
		} `json:"totals"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.Totals.PercentCovered == nil {
		return 0, fmt.Errorf("coverage json: no totals.percent_covered in the report")
	}
	return *doc.Totals.PercentCovered, nil
}

// parseJUnit turns failed and errored test cases into findings. pytest's default
// xunit2 report has no file attribute, so the file is derived from the classname
// when that file exists.
func (g *gateRun) parseJUnit(path string) ([]checks.Finding, error) {
	data, err := os.ReadFile(path) //nolint:gosec // written by pytest into mlinit's temp dir
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("pytest wrote no JUnit report (is --junitxml overridden?)")
	}
	if err != nil {
		return nil, err
	}
	var root junitNode
	if err := xml.Unmarshal(data, &root); err != nil {
		// The root may be <testsuites> or a bare <testsuite>; both decode into
		// junitNode, so an error here means the XML itself is broken.
		return nil, fmt.Errorf("reading pytest's JUnit report: %w", err)
	}
	var fs []checks.Finding
	var walk func(n junitNode)
	walk = func(n junitNode) {
		for _, tc := range n.Cases {
			outcome, kind := tc.Failure, "failed"
			if outcome == nil {
				outcome, kind = tc.Error, "error"
			}
			if outcome == nil {
				continue
			}
			f := checks.Finding{Path: g.testFile(tc), Message: fmt.Sprintf("%s %s: %s", testID(tc), kind, firstLine(outcome.Message))}
			if tc.File != "" {
				f.Line = tc.Line + 1 // pytest writes 0-based line numbers (xunit1)
			}
			fs = append(fs, f)
		}
		for _, s := range n.Suites {
			walk(s)
		}
	}
	walk(root)
	return fs, nil
}

func testID(tc junitTestcase) string {
	if tc.Classname == "" {
		return tc.Name
	}
	return tc.Classname + "::" + tc.Name
}

func (g *gateRun) testFile(tc junitTestcase) string {
	if tc.File != "" {
		return g.rel(tc.File)
	}
	parts := strings.Split(tc.Classname, ".")
	for i := len(parts); i > 0; i-- {
		p := filepath.Join(parts[:i]...) + ".py"
		if exists(filepath.Join(g.env.Root, p)) {
			return filepath.ToSlash(p)
		}
	}
	return ""
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
