package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/engine"
	"github.com/mlinit/mlinit/internal/toolcheck"
)

// The SARIF output is checked with the SARIF TC's own tooling: Microsoft's SARIF
// SDK Multitool, pinned and installed by `make tools` (npm package
// @microsoft/sarif-multitool-linux). Its package ships the SARIF 2.1.0 schema it
// validates with next to the binary; see testdata/README.md for how that copy
// compares with the OASIS one.
const (
	multitoolName   = "Sarif.Multitool"
	multitoolSchema = "sarif-2.1.0.json"
)

// multitoolRuleKinds selects the SARIF rules plus GitHub Advanced Security's
// ingestion rules (GH1011-GH1018, GH2012).
const multitoolRuleKinds = "Sarif;Ghas"

// multitoolConfig turns on the older GitHub ingestion rules (GH1001-GH1007),
// which 5.7.0 leaves off whatever --rule-kind says, and turns off SARIF2006,
// which fetches every URI in the log: the test must not depend on the network.
const multitoolConfig = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="GH1001.ProvideRequiredLocationProperties.Options"><Property Key="RuleEnabled" Value="Error" Type="Driver.RuleEnabledState" /></Properties>
  <Properties Key="GH1002.InlineThreadFlowLocations.Options"><Property Key="RuleEnabled" Value="Error" Type="Driver.RuleEnabledState" /></Properties>
  <Properties Key="GH1003.ProvideRequiredRegionProperties.Options"><Property Key="RuleEnabled" Value="Error" Type="Driver.RuleEnabledState" /></Properties>
  <Properties Key="GH1004.ReviewArraysThatExceedConfigurableDefaults.Options"><Property Key="RuleEnabled" Value="Error" Type="Driver.RuleEnabledState" /></Properties>
  <Properties Key="GH1005.LocationsMustBeRelativeUrisOrFilePaths.Options"><Property Key="RuleEnabled" Value="Error" Type="Driver.RuleEnabledState" /></Properties>
  <Properties Key="GH1006.ProvideCheckoutPath.Options"><Property Key="RuleEnabled" Value="Error" Type="Driver.RuleEnabledState" /></Properties>
  <Properties Key="GH1007.ProvideFullyFormattedMessageStrings.Options"><Property Key="RuleEnabled" Value="Error" Type="Driver.RuleEnabledState" /></Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options"><Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" /></Properties>
</Properties>
`

type sarifCase struct {
	name string
	rep  *engine.Report
	opts Options
}

// sarifCases are the reports whose SARIF must validate: the golden sample plus
// the shapes that stress the printer.
func sarifCases() []sarifCase {
	opts := Options{Version: "1.2.3"}
	repo := meta("LP005", "LICENSE exists", checks.Warning, checks.ScopeRepo)
	file := meta("HY106", "Files end with a newline", checks.Warning, checks.ScopeFile)
	gate := meta("GT001", "Lint (ruff check)", checks.Error, checks.ScopeGate)
	fail := func(c *checks.Check, fs ...checks.Finding) *checks.Result {
		for i := range fs {
			fs[i].CheckID = c.ID
			if fs[i].Severity == 0 {
				fs[i].Severity = c.Severity
			}
		}
		return &checks.Result{Check: c, Status: checks.Fail, Findings: fs}
	}
	report := func(rs ...*checks.Result) *engine.Report {
		return &engine.Report{FailLevel: checks.Error, Results: rs}
	}

	manyRules := report()
	for i := range 300 {
		c := meta(fmt.Sprintf("ZZ%03d", i), fmt.Sprintf("Rule number %d", i), checks.Severity(i%3+1), checks.ScopeFile)
		manyRules.Results = append(manyRules.Results, fail(c, checks.Finding{Path: fmt.Sprintf("pkg/m%03d.py", i), Line: i + 1, Message: "m"}))
	}
	ignored := report(&checks.Result{Check: file, Status: checks.Pass})
	ignored.Ignored = []engine.IgnoredCheck{
		{Meta: checks.Meta{ID: "DC007", Title: "Model card", Severity: checks.Info, Scope: checks.ScopeRepo}, Reason: "not a model repository"},
		{Meta: checks.Meta{ID: "GT004", Title: "Types (mypy)", Severity: checks.Error, Scope: checks.ScopeGate}, Reason: "ignored in pyproject.toml"},
	}
	gateErr := report(fail(gate, checks.Finding{Path: "src/a.py", Line: 1, Column: 1, Message: "E501 line too long"}))
	gateErr.Errors = []string{
		"types gate: mypy not found in the project environment; install it with: uv add --dev mypy",
		"test gate: pytest crashed (exit 4): \"conftest.py\" raised ImportError",
	}
	nonASCII := meta("DC002", "Überschrift présente — 見出し", checks.Info, checks.ScopeFile)
	nonASCII.Help = "Markdown **help** with `code`, <tags> & \"quotes\"; ünïcödé ✓"

	return []sarifCase{
		{"sample", sample(), opts},
		{"empty", &engine.Report{FailLevel: checks.Error}, opts},
		{"no-findings", report(
			&checks.Result{Check: file, Status: checks.Pass},
			&checks.Result{Check: repo, Status: checks.Skip, Reason: "not applicable"},
		), opts},
		{"only-fixed", report(&checks.Result{Check: file, Status: checks.Pass, Reason: "fixed 1 finding(s)", Findings: []checks.Finding{
			{CheckID: file.ID, Path: "README.md", Message: "no newline at end of file", Severity: checks.Warning, Fixed: true},
		}}), opts},
		{"repo-level", report(fail(repo, checks.Finding{Message: "no LICENSE file at the project root; add one matching project.license"})), opts},
		{"repo-level-prefixed", report(fail(repo, checks.Finding{Message: "no LICENSE file"})), Options{Version: "1.2.3", PathPrefix: "services/model/"}},
		{"no-path-no-message", report(fail(repo, checks.Finding{})), opts},
		{"no-line", report(fail(file, checks.Finding{Path: "docs/index.md", Message: "no newline at end of file"})), opts},
		{"line-no-column", report(fail(file, checks.Finding{Path: "setup.cfg", Line: 7, Message: "m"})), opts},
		{"ignored", ignored, opts},
		{"many-rules", manyRules, opts},
		{"non-ascii", report(fail(nonASCII,
			checks.Finding{Path: "docs/données/модель.md", Line: 2, Column: 3, Message: "Überschrift fehlt — 見出しがありません 🚀 עברית"},
			checks.Finding{Path: "ﬁ/ǅ/e\u0301.md", Line: 1, Message: "combining marks and ligatures"},
		)), opts},
		{"windows-ish", report(fail(file,
			checks.Finding{Path: `dir\with\backslashes.py`, Line: 1, Message: `C:\Users\me\x.py: "quoted" <tag> & 100%`},
			checks.Finding{Path: "c:colon-first.py", Line: 2, Message: "colon in the first segment"},
			checks.Finding{Path: "CON/aux.py", Line: 3, Message: "reserved device names"},
			checks.Finding{Path: "we ird/#hash?query%25[1].py", Line: 4, Column: 9, Message: "reserved URI characters"},
			checks.Finding{Path: "tab\tand\r\nnewline.py", Line: 5, Message: "control characters\tin\r\nthe message"},
		)), Options{Version: "1.2.3", PathPrefix: "sub dir/"}},
		{"gate-error", gateErr, opts},
	}
}

// writeSARIF prints each case into dir as NAME.sarif and returns the documents
// by case name.
func writeSARIF(t *testing.T, dir string, cases []sarifCase) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, c := range cases {
		var buf bytes.Buffer
		if err := SARIF(&buf, c.rep, c.opts); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		out[c.name] = buf.Bytes()
		if err := os.WriteFile(filepath.Join(dir, c.name+".sarif"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// brokenSARIF derives documents that break the schema ("bad-") or only GitHub's
// ingestion rules ("gh-") from the sample output, one defect each, so the
// validators are seen to reject something close to what mlinit prints.
func brokenSARIF(t *testing.T, sample []byte) map[string][]byte {
	t.Helper()
	mutate := func(f func(log map[string]any)) []byte {
		var log map[string]any
		if err := json.Unmarshal(sample, &log); err != nil {
			t.Fatal(err)
		}
		f(log)
		b, err := json.MarshalIndent(log, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	run := func(log map[string]any) map[string]any { return log["runs"].([]any)[0].(map[string]any) }
	result := func(log map[string]any, i int) map[string]any {
		return run(log)["results"].([]any)[i].(map[string]any)
	}
	located := func(log map[string]any) map[string]any {
		return result(log, 0)["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
	}
	return map[string][]byte{
		"bad-no-driver":        mutate(func(log map[string]any) { delete(run(log)["tool"].(map[string]any), "driver") }),
		"bad-level":            mutate(func(log map[string]any) { result(log, 0)["level"] = "fatal" }),
		"bad-start-line-0":     mutate(func(log map[string]any) { located(log)["region"].(map[string]any)["startLine"] = 0 }),
		"bad-unknown-property": mutate(func(log map[string]any) { result(log, 0)["severity"] = "high" }),
		"gh-no-locations":      mutate(func(log map[string]any) { delete(result(log, 0), "locations") }),
		"gh-no-region":         mutate(func(log map[string]any) { delete(located(log), "region") }),
	}
}

// findMultitool returns the Multitool and the schema shipped beside it; a
// missing tool fails the test (naming `make tools`) unless MLINIT_E2E=0.
func findMultitool(t *testing.T) (bin, schema string) {
	t.Helper()
	bin = toolcheck.Require(t, multitoolName)[0]
	target, err := filepath.EvalSymlinks(bin)
	if err != nil {
		t.Fatal(err)
	}
	schema = filepath.Join(filepath.Dir(target), multitoolSchema)
	if _, err := os.Stat(schema); err != nil {
		t.Fatalf("%s has no %s beside it (%v): reinstall it with `make tools`", bin, multitoolSchema, err)
	}
	return bin, schema
}

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // uri, uri-reference and date-time are real constraints in SARIF
	if err := c.AddResource(multitoolSchema, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(multitoolSchema)
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

func validateJSON(schema *jsonschema.Schema, doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return schema.Validate(inst)
}

// TestSARIFValidatesAgainstSchema checks the printer's output against the SARIF
// 2.1.0 schema shipped with the pinned Multitool, and that the schema rejects
// broken documents (or the test would prove nothing).
func TestSARIFValidatesAgainstSchema(t *testing.T) {
	_, schemaPath := findMultitool(t)
	schema := compileSchema(t, schemaPath)
	cases := sarifCases()
	docs := writeSARIF(t, t.TempDir(), cases)
	for _, c := range cases {
		if err := validateJSON(schema, docs[c.name]); err != nil {
			t.Errorf("%s: SARIF output does not validate: %v", c.name, err)
		}
	}
	// Past GitHub's per-run limit the printer splits runs; the split log is too
	// big to be worth the Multitool's time but cheap to check here.
	big := meta("HY201", "Secrets", checks.Error, checks.ScopeFile)
	res := &checks.Result{Check: big, Status: checks.Fail}
	for i := range sarifMaxResultsPerRun + 5 {
		res.Findings = append(res.Findings, checks.Finding{Path: fmt.Sprintf("f%05d", i), Line: 1, Severity: checks.Error, Message: "x"})
	}
	var split bytes.Buffer
	if err := SARIF(&split, &engine.Report{Results: []*checks.Result{res}, FailLevel: checks.Error}, Options{Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	if err := validateJSON(schema, split.Bytes()); err != nil {
		t.Errorf("split runs: %v", err)
	}

	for name, doc := range brokenSARIF(t, docs["sample"]) {
		err := validateJSON(schema, doc)
		switch {
		case strings.HasPrefix(name, "bad-") && err == nil:
			t.Errorf("%s: the schema accepted a broken document", name)
		case strings.HasPrefix(name, "gh-") && err != nil:
			t.Errorf("%s: only GitHub's rules should object, yet the schema does: %v", name, err)
		}
	}
}

// multitoolLog is the part of the Multitool's own SARIF output the test reads.
type multitoolLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID                   string `json:"id"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					MessageStrings map[string]struct {
						Text string `json:"text"`
					} `json:"messageStrings"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful            bool                    `json:"executionSuccessful"`
			ToolExecutionNotifications     []multitoolNotification `json:"toolExecutionNotifications"`
			ToolConfigurationNotifications []multitoolNotification `json:"toolConfigurationNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex *int   `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text      string   `json:"text"`
				ID        string   `json:"id"`
				Arguments []string `json:"arguments"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

type multitoolNotification struct {
	Level   string `json:"level"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
	Descriptor struct {
		ID string `json:"id"`
	} `json:"descriptor"`
}

// multitoolFinding is one validator result, resolved to the file it is about.
type multitoolFinding struct {
	file, rule, level, message string
}

// runMultitool validates files with `Sarif.Multitool validate` and returns its
// results, reading its SARIF output rather than its console text.
func runMultitool(t *testing.T, bin, schema string, files []string) []multitoolFinding {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "validation.xml")
	if err := os.WriteFile(cfg, []byte(multitoolConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	outPath := filepath.Join(dir, "validation.sarif")
	// The files come first: the option parser would take a file after --quiet
	// for that switch's value.
	args := append(append([]string{"validate"}, files...),
		"--output", outPath, "--json-schema", schema, "--config", cfg,
		"--rule-kind", multitoolRuleKinds, "--level", "Error;Warning;Note", "--quiet")
	// About 10 s of CPU (0.4 s a file after a 1 s start), but minutes of wall
	// time on a 2-core machine busy with the rest of the suite.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	// A fresh machine may lack libicu, and the validator needs no culture data.
	// The tool asks for the server GC, which takes ~4x the memory for no gain
	// on a small CI machine that runs other test packages alongside.
	cmd.Env = append(os.Environ(), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", "DOTNET_gcServer=0", "DOTNET_CLI_TELEMETRY_OPTOUT=1")
	console, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, console)
	}
	raw, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatalf("the Multitool wrote no results (%v):\n%s", err, console)
	}
	var log multitoolLog
	if err := json.Unmarshal(raw, &log); err != nil {
		t.Fatalf("the Multitool's output: %v", err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("the Multitool's output has %d runs", len(log.Runs))
	}
	run := log.Runs[0]
	// The one expected notification: the Multitool warns that SARIF2006 was
	// disabled on purpose (see multitoolConfig).
	allowed := map[string]bool{"WRN999.RuleExplicitlyDisabled": true}
	for _, inv := range run.Invocations {
		if !inv.ExecutionSuccessful {
			t.Errorf("the Multitool reports an unsuccessful run:\n%s", console)
		}
		for _, n := range append(inv.ToolExecutionNotifications, inv.ToolConfigurationNotifications...) {
			if !allowed[n.Descriptor.ID] {
				t.Errorf("Multitool notification %s (%s): %s", n.Descriptor.ID, n.Level, n.Message.Text)
			}
		}
	}
	var out []multitoolFinding
	for _, r := range run.Results {
		f := multitoolFinding{rule: r.RuleID, level: r.Level, message: r.Message.Text}
		if r.RuleIndex != nil && *r.RuleIndex >= 0 && *r.RuleIndex < len(run.Tool.Driver.Rules) {
			rule := run.Tool.Driver.Rules[*r.RuleIndex]
			if f.level == "" {
				f.level = rule.DefaultConfiguration.Level
			}
			if f.message == "" {
				f.message = rule.MessageStrings[r.Message.ID].Text
				for i, a := range r.Message.Arguments {
					f.message = strings.ReplaceAll(f.message, "{"+strconv.Itoa(i)+"}", a)
				}
			}
		}
		if f.level == "" {
			f.level = "warning" // SARIF's default level
		}
		if len(r.Locations) > 0 {
			if u, err := url.Parse(r.Locations[0].PhysicalLocation.ArtifactLocation.URI); err == nil {
				f.file = strings.TrimSuffix(filepath.Base(u.Path), ".sarif")
			}
		}
		out = append(out, f)
	}
	return out
}

// TestSARIFMultitoolValidate runs the SARIF TC's validator, with GitHub's
// ingestion rules on, over the printer's output: no errors, no warnings beyond
// the listed ones. Broken documents must be flagged, proving the rules run.
func TestSARIFMultitoolValidate(t *testing.T) {
	bin, schema := findMultitool(t)
	dir := t.TempDir()
	cases := sarifCases()
	docs := writeSARIF(t, dir, cases)
	files := make([]string, 0, len(cases))
	for _, c := range cases {
		files = append(files, filepath.Join(dir, c.name+".sarif"))
	}
	// The Multitool rules that must each report an error on a broken document:
	// JSON* is its schema check, GH1015 a GitHub rule --rule-kind turns on,
	// GH1001 and GH1003 GitHub rules only multitoolConfig turns on.
	wantRules := map[string][]string{
		"bad-no-driver":        {"JSON1002"},
		"bad-start-line-0":     {"JSON1008", "SARIF1007"},
		"bad-unknown-property": {"JSON1005"},
		"gh-no-locations":      {"GH1001", "GH1015"},
		"gh-no-region":         {"GH1003"},
	}
	broken := brokenSARIF(t, docs["sample"])
	// An unknown level is left to the schema test: the Multitool cannot
	// deserialize the file, then reports nothing for it or the files after it.
	delete(broken, "bad-level")
	names := make([]string, 0, len(broken))
	for name := range broken {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		doc := broken[name]
		p := filepath.Join(dir, name+".sarif")
		if err := os.WriteFile(p, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}

	// Warnings the Multitool may report on mlinit's output without failing the
	// test, each with its reason. Errors are never allowed; notes are logged.
	allowedWarnings := map[string]string{}

	byFile := map[string][]multitoolFinding{}
	for _, f := range runMultitool(t, bin, schema, files) {
		byFile[f.file] = append(byFile[f.file], f)
	}
	notes := map[string]int{}
	for _, c := range cases {
		// The Multitool skips a file it cannot deserialize (an unknown enum
		// value, say) without a word and with exit 0, and drops the results of
		// the files after it too. Each of mlinit's runs draws at least the
		// SARIF2003 note (no version control provenance), so silence about a
		// file means it was not analysed.
		if len(byFile[c.name]) == 0 {
			t.Errorf("%s: the Multitool reported nothing at all, so it did not analyse the file", c.name)
		}
		for _, f := range byFile[c.name] {
			switch f.level {
			case "error":
				t.Errorf("%s: %s error: %s", c.name, f.rule, f.message)
			case "warning":
				if _, ok := allowedWarnings[f.rule]; !ok {
					t.Errorf("%s: %s warning: %s", c.name, f.rule, f.message)
				}
			default:
				notes[f.rule]++
			}
		}
	}
	for name, rules := range wantRules {
		for _, r := range rules {
			flagged := false
			for _, f := range byFile[name] {
				flagged = flagged || (f.level == "error" && f.rule == r)
			}
			if !flagged {
				t.Errorf("%s: the Multitool reported no %s error; it said: %v", name, r, byFile[name])
			}
		}
	}
	// Notes are advice (message ids instead of text, snippets, context regions,
	// version control provenance, rule friendly names), not defects.
	ids := make([]string, 0, len(notes))
	for id, n := range notes {
		ids = append(ids, fmt.Sprintf("%s×%d", id, n))
	}
	sort.Strings(ids)
	t.Logf("Multitool notes on mlinit's output (advice, not failures): %s", strings.Join(ids, ", "))
}
