// Package checks defines the model shared by the check engine, the native checks,
// the gates and the reporters: checks, findings and results.
package checks

import (
	"fmt"
	"strings"
)

// Severity orders findings; a run fails when a finding is at or above the fail level.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q: accepted values are \"error\", \"warning\", \"info\"", s)
}

// Scope says whether a check looks at one file at a time or at the repository once.
type Scope int

// Scopes.
const (
	ScopeFile Scope = iota + 1
	ScopeRepo
	ScopeGate // wraps an external tool, whole project
)

// Family prefixes of check IDs.
const (
	FamilyLayout  = "LP" // layout & packaging
	FamilyRepro   = "RX" // reproducibility
	FamilyHygiene = "HY" // hygiene
	FamilyCI      = "CI" // workflows & hook wiring
	FamilyDocs    = "DC" // documentation
	FamilyGate    = "GT" // gates (wrapped tools)
)

// Status of one check's run.
type Status int

// Statuses.
const (
	Pass Status = iota + 1
	Fail
	Skip
)

func (s Status) String() string {
	switch s {
	case Pass:
		return "pass"
	case Fail:
		return "fail"
	case Skip:
		return "skip"
	}
	return "unknown"
}

// Finding is one problem at one place. Line and Column are 1-based; 0 means unknown
// (a finding about a whole file, or about the repository when Path is empty).
type Finding struct {
	CheckID  string   `json:"check"`
	Path     string   `json:"path,omitempty"` // slash-separated, relative to the project root
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	Message  string   `json:"message"`
	Severity Severity `json:"-"`
	// Fixed is set when --fix changed the file for this finding.
	Fixed bool `json:"fixed,omitempty"`
}

// Result is the outcome of one check.
type Result struct {
	Check    *Check
	Status   Status
	Findings []Finding
	Reason   string // why it was skipped, or a note for a pass
	// Docstrings carries the docstring-coverage figures of GT006 for the reporters.
	Docstrings *DocstringCoverage
}

// DocstringCoverage is the whole-project docstring coverage (interrogate's numbers).
type DocstringCoverage struct {
	Total     int             `json:"total"`
	Covered   int             `json:"covered"`
	Missing   int             `json:"missing"`
	Percent   float64         `json:"percent"`
	FailUnder float64         `json:"fail_under"`
	Files     []DocstringFile `json:"files"`
}

// DocstringFile is one file's row of the coverage table.
type DocstringFile struct {
	Path    string  `json:"path"`
	Total   int     `json:"total"`
	Covered int     `json:"covered"`
	Missing int     `json:"missing"`
	Percent float64 `json:"percent"`
}

// Meta is the catalogue entry of a check: what reporters and docs show.
type Meta struct {
	ID       string
	Title    string
	Severity Severity // default severity; config may override
	Scope    Scope
	Requires []string // IDs that must pass first; when one fails or skips, this one skips
	Fixable  bool
	// Options lists the keys accepted in [tool.mlinit.checks.<ID>] (for example
	// "max-kb"); when set, any other key there is a configuration error.
	Options []string
	// Help is an optional Markdown explanation (why it matters, how to fix) shown
	// as the rule help in SARIF and the job summary; reporters fall back to Title.
	Help string
}

// Family is the ID's two-letter prefix.
func (m Meta) Family() string {
	if len(m.ID) < 2 {
		return ""
	}
	return m.ID[:2]
}

// DocsURL points at the check's entry in the README catalogue (an explicit
// lower-case anchor, which GitHub resolves).
func (m Meta) DocsURL() string {
	return "https://github.com/mlinit/mlinit#" + strings.ToLower(m.ID)
}

// Check is one native check. Exactly one of File and Repo is set, matching Scope.
type Check struct {
	Meta
	// File inspects one file; it must be safe for concurrent use.
	File func(f *File, opts Options) []Finding
	// Repo inspects the repository once. A non-empty skip reason means "not applicable".
	Repo func(r *Repo, opts Options) (findings []Finding, skip string)
	// Fix rewrites a file's content for this check's findings; nil when not fixable.
	Fix func(f *File, opts Options) (fixed []byte, changed bool)
}

// Options are per-check settings from [tool.mlinit] (for example max-kb).
type Options map[string]any

// Int reads an integer option with a default.
func (o Options) Int(key string, def int) int {
	switch v := o[key].(type) {
	case int64:
		return int(v)
	case int:
		return v
	}
	return def
}

// String reads a string option with a default.
func (o Options) String(key, def string) string {
	if v, ok := o[key].(string); ok {
		return v
	}
	return def
}
