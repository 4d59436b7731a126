package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/engine"
	"github.com/mlinit/mlinit/internal/golden"
)

func meta(id, title string, sev checks.Severity, scope checks.Scope) *checks.Check {
	return &checks.Check{Meta: checks.Meta{ID: id, Title: title, Severity: sev, Scope: scope}}
}

// sample is a report with every kind of entry: failures at each severity, a fixed
// finding, a skip, an ignored check, a repository-wide finding, an error, and
// messages that need escaping.
func sample() *engine.Report {
	hy104 := meta("HY104", "No merge conflict markers", checks.Error, checks.ScopeFile)
	hy106 := meta("HY106", "Files end with a newline", checks.Warning, checks.ScopeFile)
	hy106.Fixable = true
	lp001 := meta("LP001", "pyproject.toml exists", checks.Error, checks.ScopeRepo)
	ci001 := meta("CI001", "Workflows exist", checks.Warning, checks.ScopeRepo)
	gt001 := meta("GT001", "Lint (ruff check)", checks.Error, checks.ScopeGate)
	dc001 := meta("DC001", "README exists", checks.Info, checks.ScopeRepo)
	rep := &engine.Report{
		FailLevel:  checks.Error,
		Files:      42,
		Suppressed: 1,
		Results: []*checks.Result{
			{Check: ci001, Status: checks.Skip, Reason: "no .github/workflows directory"},
			{Check: dc001, Status: checks.Fail, Findings: []checks.Finding{{CheckID: "DC001", Message: "README has no usage section", Severity: checks.Info}}},
			{Check: gt001, Status: checks.Fail, Findings: []checks.Finding{
				{CheckID: "GT001", Path: "src/my pkg/a,b.py", Line: 3, Column: 7, Message: "F401 `os` imported but unused: 100% sure", Severity: checks.Error},
			}},
			{Check: hy104, Status: checks.Fail, Findings: []checks.Finding{
				{CheckID: "HY104", Path: "src/a.py", Line: 10, Column: 1, Message: "merge conflict marker \"<<<<<<<\"\nsecond line", Severity: checks.Error},
			}},
			{Check: hy106, Status: checks.Pass, Reason: "fixed 1 finding(s)", Findings: []checks.Finding{
				{CheckID: "HY106", Path: "README.md", Message: "no newline at end of file", Severity: checks.Warning, Fixed: true},
			}},
			{Check: lp001, Status: checks.Pass},
		},
		Ignored: []engine.IgnoredCheck{{Meta: checks.Meta{ID: "DC007", Title: "Model card", Severity: checks.Info, Scope: checks.ScopeRepo}, Reason: "not a model repository"}},
		Fixes:   []engine.FixRecord{{Path: "README.md", CheckID: "HY106"}},
		Errors:  []string{"types gate: mypy not found in the project environment; install it with: uv add --dev mypy"},
	}
	return rep
}

func TestGolden(t *testing.T) {
	opts := Options{Version: "1.2.3"}
	for _, name := range Formats() {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, name, sample(), opts); err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, "testdata/sample."+name+".golden", buf.Bytes())
		})
	}
}

func TestTextColorAndElapsed(t *testing.T) {
	rep := sample()
	rep.Elapsed = 1234 * time.Millisecond
	var plain, color bytes.Buffer
	if err := Text(&plain, rep, Options{ShowElapsed: true}); err != nil {
		t.Fatal(err)
	}
	if err := Text(&color, rep, Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain output has ANSI escapes")
	}
	if !strings.Contains(color.String(), "\x1b[31merror\x1b[0m") {
		t.Error("colour output has no red error")
	}
	if !strings.Contains(plain.String(), "42 files in 1.2s") {
		t.Errorf("no elapsed time in %q", plain.String())
	}
	if strings.Contains(color.String(), " in 1.2s") {
		t.Error("elapsed time printed although not asked for")
	}
}

func TestSARIFSplitsRuns(t *testing.T) {
	c := meta("HY201", "Secrets", checks.Error, checks.ScopeFile)
	res := &checks.Result{Check: c, Status: checks.Fail}
	for i := range sarifMaxResultsPerRun + 5 {
		res.Findings = append(res.Findings, checks.Finding{Path: fmt.Sprintf("f%05d", i), Severity: checks.Error, Message: "x"})
	}
	var buf bytes.Buffer
	if err := SARIF(&buf, &engine.Report{Results: []*checks.Result{res}, FailLevel: checks.Error}, Options{}); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 2 || len(log.Runs[0].Results) != sarifMaxResultsPerRun || len(log.Runs[1].Results) != 5 {
		t.Errorf("runs: %d", len(log.Runs))
	}
}

func TestJUnitIsWellFormed(t *testing.T) {
	var buf bytes.Buffer
	if err := JUnit(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var s junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	// 6 checks + 1 ignored + 1 run error; HY104 and GT001 fail (DC001 is info).
	if s.Tests != 8 || s.Failures != 2 || s.Skipped != 2 || s.Errors != 1 {
		t.Errorf("counts tests=%d failures=%d skipped=%d errors=%d", s.Tests, s.Failures, s.Skipped, s.Errors)
	}
}

func TestEscaping(t *testing.T) {
	if got := EscapeData("100%\r\nok: a,b"); got != "100%25%0D%0Aok: a,b" {
		t.Errorf("data: %q", got)
	}
	if got := EscapeProperty("a:b,c%\n"); got != "a%3Ab%2Cc%25%0A" {
		t.Errorf("property: %q", got)
	}
}

func TestGitHubAnnotationBudget(t *testing.T) {
	mk := func(id string, sev checks.Severity, n int) *checks.Result {
		r := &checks.Result{Check: meta(id, "T", sev, checks.ScopeFile), Status: checks.Fail}
		for i := range n {
			r.Findings = append(r.Findings, checks.Finding{Path: fmt.Sprintf("%s%02d.py", id, i), Line: 1, Severity: sev, Message: "m"})
		}
		return r
	}
	rep := &engine.Report{FailLevel: checks.Error, Results: []*checks.Result{
		mk("AA001", checks.Info, 12), mk("BB001", checks.Warning, 3), mk("CC001", checks.Error, 15),
	}}
	var buf bytes.Buffer
	if err := GitHubAnnotations(&buf, rep, GitHubOptions{SeeAlso: "mlinit.sarif"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	count := map[string]int{}
	for _, l := range lines {
		count[strings.SplitN(strings.TrimPrefix(l, "::"), " ", 2)[0]]++
	}
	if count["error"] != 10 || count["warning"] != 3 || count["notice"] != 10 {
		t.Errorf("counts %v", count)
	}
	if !strings.HasPrefix(lines[0], "::error ") {
		t.Errorf("errors must come first: %s", lines[0])
	}
	last := lines[len(lines)-1]
	if !strings.Contains(last, "8 more findings not annotated") || !strings.Contains(last, "mlinit.sarif") {
		t.Errorf("overflow notice: %s", last)
	}
	// Under the caps there is no overflow notice.
	buf.Reset()
	if err := GitHubAnnotations(&buf, &engine.Report{Results: []*checks.Result{mk("AA001", checks.Info, 10)}}, GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "::notice"); n != 10 || strings.Contains(buf.String(), "more") {
		t.Errorf("%d notices:\n%s", n, buf.String())
	}
}

func TestGitHubSummaryBudget(t *testing.T) {
	r := &checks.Result{Check: meta("HY201", "Secrets", checks.Error, checks.ScopeFile), Status: checks.Fail}
	for i := range 20000 {
		r.Findings = append(r.Findings, checks.Finding{
			Path: fmt.Sprintf("dir/file%05d.py", i), Line: i + 1, Severity: checks.Error,
			Message: strings.Repeat("long message ", 5),
		})
	}
	rep := &engine.Report{FailLevel: checks.Error, Results: []*checks.Result{r}}
	for _, budget := range []int{SummaryLimit - 1000, 5000} {
		var buf bytes.Buffer
		if err := GitHubSummary(&buf, rep, budget, Options{}); err != nil {
			t.Fatal(err)
		}
		if buf.Len() > budget {
			t.Errorf("summary %d bytes over budget %d", buf.Len(), budget)
		}
		if !strings.Contains(buf.String(), "1 MiB limit") || !strings.Contains(buf.String(), "</details>") {
			t.Errorf("truncated summary lacks notice or closing tag")
		}
	}
	var small bytes.Buffer
	if err := GitHubSummary(&small, sample(), SummaryLimit, Options{}); err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "testdata/sample.summary.md.golden", small.Bytes())
}

func TestParseSpecs(t *testing.T) {
	got, err := ParseSpecs([]string{"text", "sarif=out.sarif,junit=out.xml", "github"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Spec{{"text", ""}, {"sarif", "out.sarif"}, {"junit", "out.xml"}, {"github", ""}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v", got)
	}
	for _, bad := range [][]string{{"xml"}, {"json", "text"}, {"sarif="}, {"github=x"}} {
		if _, err := ParseSpecs(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestPathPrefix(t *testing.T) {
	var gh, sarif bytes.Buffer
	opts := Options{PathPrefix: "services/model/"}
	if err := Write(&gh, FormatGitHub, sample(), opts); err != nil {
		t.Fatal(err)
	}
	if err := SARIF(&sarif, sample(), opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(gh.String(), "file=services/model/src/a.py,") || !strings.Contains(sarif.String(), `"uri": "services/model/src/a.py"`) {
		t.Errorf("prefix missing:\n%s", gh.String())
	}
}

func TestGitHubRunErrorsShareTheErrorBudget(t *testing.T) {
	r := &checks.Result{Check: meta("CC001", "T", checks.Error, checks.ScopeFile), Status: checks.Fail}
	for i := range 10 {
		r.Findings = append(r.Findings, checks.Finding{Path: fmt.Sprintf("f%d.py", i), Severity: checks.Error, Message: "m"})
	}
	rep := &engine.Report{FailLevel: checks.Error, Results: []*checks.Result{r}, Errors: []string{"lint gate: ruff not found"}}
	var buf bytes.Buffer
	if err := GitHubAnnotations(&buf, rep, GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if n := strings.Count(buf.String(), "::error "); n != 10 {
		t.Errorf("%d error annotations", n)
	}
	if !strings.Contains(lines[0], "ruff not found") || !strings.Contains(lines[len(lines)-1], "1 more finding not annotated") {
		t.Errorf("annotations:\n%s", buf.String())
	}
}
