package report

import (
	"io"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/engine"
)

// SchemaVersion is the version of the JSON output. It changes only when a field
// is removed or changes meaning; new fields may appear within a version.
const SchemaVersion = 1

// JSONReport is the document `mlinit check --format json` prints (schema 1):
//
//	{
//	  "schema_version": 1,
//	  "tool": {"name": "mlinit", "version": "1.2.3"},
//	  "passed": false,              // no unfixed finding at or above fail_level, no errors
//	  "fail_level": "error",        // error | warning | info
//	  "summary": {"checks": 12, "passed": 9, "failed": 2, "skipped": 1, "ignored": 1,
//	              "errors": 3, "warnings": 1, "infos": 0, "fixed": 0, "suppressed": 0,
//	              "files": 120, "elapsed_ms": 43},   // elapsed_ms omitted when unknown
//	  "checks": [                   // every check that ran, sorted by id
//	    {"id": "HY104", "title": "...", "family": "HY", "scope": "file",   // file | repo | gate
//	     "severity": "error",       // default severity
//	     "status": "fail",          // pass | fail | skip
//	     "reason": "...",           // why it skipped (omitted when empty)
//	     "url": "https://...", "fixable": true, "findings": 2}
//	  ],
//	  "ignored": [{"id": "DC007", "title": "...", "reason": "not a model repository"}],
//	  "findings": [                 // sorted by check, then path, line, column
//	    {"check": "HY104", "path": "src/a.py", "line": 3, "column": 1,     // path/line/column omitted when unknown
//	     "severity": "error", "message": "...", "fixed": false}
//	  ],
//	  "fixes": [{"path": "a.py", "check": "HY106"}],
//	  "errors": ["ruff not found ..."],                  // the run could not complete (exit 3)
//	  "docstrings": {"total": 40, "covered": 30, "missing": 10, "percent": 75.0, "fail_under": 80,
//	                 "files": [{"path": "src/a.py", "total": 4, "covered": 3, "missing": 1, "percent": 75.0}]}
//	                                                    // only when the docs gate ran (GT006)
//	}
//
// Paths are slash-separated and relative to the project root.
type JSONReport struct {
	SchemaVersion int           `json:"schema_version"`
	Tool          JSONTool      `json:"tool"`
	Passed        bool          `json:"passed"`
	FailLevel     string        `json:"fail_level"`
	Summary       JSONSummary   `json:"summary"`
	Checks        []JSONCheck   `json:"checks"`
	Ignored       []JSONIgnored `json:"ignored"`
	Findings      []JSONFinding `json:"findings"`
	Fixes         []JSONFix     `json:"fixes"`
	Errors        []string      `json:"errors"`
	// Docstrings is the docstring coverage (GT006), present when the docs gate ran.
	Docstrings *checks.DocstringCoverage `json:"docstrings,omitempty"`
}

// JSONTool names the producer.
type JSONTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// JSONSummary holds the counts of the summary line.
type JSONSummary struct {
	Checks     int    `json:"checks"`
	Passed     int    `json:"passed"`
	Failed     int    `json:"failed"`
	Skipped    int    `json:"skipped"`
	Ignored    int    `json:"ignored"`
	Errors     int    `json:"errors"`
	Warnings   int    `json:"warnings"`
	Infos      int    `json:"infos"`
	Fixed      int    `json:"fixed"`
	Suppressed int    `json:"suppressed"`
	Files      int    `json:"files"`
	ElapsedMS  *int64 `json:"elapsed_ms,omitempty"`
}

// JSONCheck is one check's outcome.
type JSONCheck struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Family   string `json:"family"`
	Scope    string `json:"scope"`
	Severity string `json:"severity"`
	Status   string `json:"status"`
	Reason   string `json:"reason,omitempty"`
	URL      string `json:"url"`
	Fixable  bool   `json:"fixable"`
	Findings int    `json:"findings"`
}

// JSONIgnored is a check switched off by configuration.
type JSONIgnored struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Reason string `json:"reason"`
}

// JSONFinding is one finding.
type JSONFinding struct {
	Check    string `json:"check"`
	Path     string `json:"path,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Fixed    bool   `json:"fixed"`
}

// JSONFix is one file changed by --fix.
type JSONFix struct {
	Path  string `json:"path"`
	Check string `json:"check"`
}

// ScopeName is the scope as printed in machine formats.
func ScopeName(s checks.Scope) string {
	switch s {
	case checks.ScopeFile:
		return "file"
	case checks.ScopeRepo:
		return "repo"
	case checks.ScopeGate:
		return "gate"
	}
	return "unknown"
}

// BuildJSON converts a report to the schema above.
func BuildJSON(rep *engine.Report, opts Options) *JSONReport {
	c := rep.Count()
	out := &JSONReport{
		SchemaVersion: SchemaVersion,
		Tool:          JSONTool{Name: "mlinit", Version: opts.Version},
		Passed:        !rep.Failed() && len(rep.Errors) == 0,
		FailLevel:     rep.FailLevel.String(),
		Summary: JSONSummary{
			Checks: c.Checks, Passed: c.Passed, Failed: c.Failed, Skipped: c.Skipped, Ignored: c.Ignored,
			Errors: c.Errors, Warnings: c.Warnings, Infos: c.Infos, Fixed: c.Fixed, Suppressed: rep.Suppressed, Files: rep.Files,
		},
		Checks:   []JSONCheck{},
		Ignored:  []JSONIgnored{},
		Findings: []JSONFinding{},
		Fixes:    []JSONFix{},
		Errors:   []string{},
	}
	if opts.ShowElapsed && rep.Elapsed > 0 {
		ms := rep.Elapsed.Milliseconds()
		out.Summary.ElapsedMS = &ms
	}
	for _, r := range rep.Results {
		if r.Docstrings != nil {
			out.Docstrings = r.Docstrings
		}
		m := r.Check.Meta
		out.Checks = append(out.Checks, JSONCheck{
			ID: m.ID, Title: m.Title, Family: m.Family(), Scope: ScopeName(m.Scope),
			Severity: m.Severity.String(), Status: r.Status.String(), Reason: r.Reason, URL: m.DocsURL(), Fixable: m.Fixable,
			Findings: len(r.Findings),
		})
		for _, f := range r.Findings {
			out.Findings = append(out.Findings, JSONFinding{
				Check: m.ID, Path: f.Path, Line: f.Line, Column: f.Column,
				Severity: f.Severity.String(), Message: f.Message, Fixed: f.Fixed,
			})
		}
	}
	for _, ig := range rep.Ignored {
		out.Ignored = append(out.Ignored, JSONIgnored{ID: ig.Meta.ID, Title: ig.Meta.Title, Reason: ig.Reason})
	}
	for _, fx := range rep.Fixes {
		out.Fixes = append(out.Fixes, JSONFix{Path: fx.Path, Check: fx.CheckID})
	}
	out.Errors = append(out.Errors, rep.Errors...)
	return out
}

// JSON prints the report as one indented JSON document.
func JSON(w io.Writer, rep *engine.Report, opts Options) error {
	return writeJSONReport(w, BuildJSON(rep, opts))
}
