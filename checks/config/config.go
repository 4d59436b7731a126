// Package config reads mlinit's settings from the [tool.mlinit] table of
// pyproject.toml.
//
// The table is decoded strictly: an unknown key or a value of the wrong type is a
// usage error (exit 2) that names the key and its pyproject.toml:line:column.
// The rest of pyproject.toml is not mlinit's business and is never rejected; it
// is kept, decoded loosely, for the native checks and the gates.
//
// Recognised keys:
//
//	[tool.mlinit]
//	select     = ["LP", "HY104"]        # IDs or family prefixes; default: every check
//	exclude    = ["data/raw", "*.csv"]  # globs; without a slash they match a name at any
//	                                    # depth, with one the path from the root; a matched
//	                                    # directory excludes all beneath it. Applied even to
//	                                    # files named on the command line.
//	fail-level = "error"                # error | warning | info
//
//	# ignore takes either form:
//	ignore = ["DC007", "HY3"]           # IDs or family prefixes, no reason
//	[tool.mlinit.ignore]                # or a table ID/prefix -> reason (shown in reports)
//	DC007 = "not a model repository"
//
//	[tool.mlinit.severity]              # per-check severity overrides
//	HY302 = "warning"
//
//	[tool.mlinit.checks.HY101]          # per-check options, passed to the check as is
//	max-kb = 500
//
//	[tool.mlinit.gates]
//	timeout = "10m"                     # per tool run; Go duration syntax
//	[tool.mlinit.gates.lint]            # also: types, test, docs
//	enabled = true
//	tool    = "auto"                    # lint only: auto | ruff | classic (black, isort, flake8)
//	command = ["ruff", "check"]         # replaces the default argv
//	timeout = "5m"
//	[tool.mlinit.gates.test]
//	fail-under = 85                     # only when [tool.coverage.report] fail_under is unset
//	[tool.mlinit.gates.docs]
//	builder = "auto"                    # auto | mkdocs | sphinx | none
//
//	[tool.mlinit.docs]                  # docstring coverage (interrogate option names)
//	fail-under = 80
//	ignore-init-method = true
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/internal/cmdutil"
)

// FileName is the configuration file mlinit reads.
const FileName = "pyproject.toml"

// Config is the decoded, validated [tool.mlinit] table plus the whole pyproject.
type Config struct {
	Select    []string
	Ignore    []Ignore
	Severity  map[string]checks.Severity
	Checks    map[string]checks.Options
	Exclude   []string
	FailLevel checks.Severity // 0 when unset: the command's default applies
	Gates     Gates
	Docs      Docs

	// Found is true when pyproject.toml exists.
	Found bool
	// Pyproject is the whole file decoded loosely (nil when absent or broken).
	Pyproject map[string]any
	// PyprojectErr is the parse error of a broken pyproject.toml. A broken file is a
	// finding for the native checks, not a configuration error, unless the
	// [tool.mlinit] table itself cannot be read.
	PyprojectErr error
	// Raw holds the file's bytes for positions.
	Raw []byte
}

// Ignore switches a check (or a family prefix) off, with an optional reason.
type Ignore struct {
	ID     string
	Reason string
}

// Gates configures the external tool gates.
type Gates struct {
	Timeout time.Duration
	Lint    Gate
	Types   Gate
	Test    Gate
	Docs    Gate
}

// Gate is one gate's settings.
type Gate struct {
	// Enabled is nil when unset: the gate runs when it applies to the project.
	Enabled *bool
	// Tool picks the lint toolchain (auto, ruff, classic) or the docs builder
	// (auto, mkdocs, sphinx, none).
	Tool    string
	Command []string
	Timeout time.Duration
	// FailUnder is the coverage threshold when [tool.coverage.report] has none.
	FailUnder *float64
}

// Docs are the docstring-coverage options, named as interrogate names them. They
// are passed through to the docstring scanner unchanged.
type Docs struct {
	FailUnder                 *float64 `toml:"fail-under" json:"fail-under,omitempty"`
	Exclude                   []string `toml:"exclude" json:"exclude,omitempty"`
	IgnoreRegex               []string `toml:"ignore-regex" json:"ignore-regex,omitempty"`
	IgnoreInitMethod          bool     `toml:"ignore-init-method" json:"ignore-init-method,omitempty"`
	IgnoreInitModule          bool     `toml:"ignore-init-module" json:"ignore-init-module,omitempty"`
	IgnoreMagic               bool     `toml:"ignore-magic" json:"ignore-magic,omitempty"`
	IgnoreModule              bool     `toml:"ignore-module" json:"ignore-module,omitempty"`
	IgnoreNestedClasses       bool     `toml:"ignore-nested-classes" json:"ignore-nested-classes,omitempty"`
	IgnoreNestedFunctions     bool     `toml:"ignore-nested-functions" json:"ignore-nested-functions,omitempty"`
	IgnorePrivate             bool     `toml:"ignore-private" json:"ignore-private,omitempty"`
	IgnoreSemiprivate         bool     `toml:"ignore-semiprivate" json:"ignore-semiprivate,omitempty"`
	IgnorePropertyDecorators  bool     `toml:"ignore-property-decorators" json:"ignore-property-decorators,omitempty"`
	IgnoreSetters             bool     `toml:"ignore-setters" json:"ignore-setters,omitempty"`
	IgnoreOverloadedFunctions bool     `toml:"ignore-overloaded-functions" json:"ignore-overloaded-functions,omitempty"`
	OmitCoveredFiles          bool     `toml:"omit-covered-files" json:"omit-covered-files,omitempty"`
}

// raw mirrors [tool.mlinit] for the strict decoder.
type raw struct {
	Select    []string                  `toml:"select"`
	Ignore    any                       `toml:"ignore"`
	Severity  map[string]string         `toml:"severity"`
	Checks    map[string]map[string]any `toml:"checks"`
	Exclude   []string                  `toml:"exclude"`
	FailLevel string                    `toml:"fail-level"`
	Gates     rawGates                  `toml:"gates"`
	Docs      Docs                      `toml:"docs"`
}

type rawGates struct {
	Timeout string  `toml:"timeout"`
	Lint    rawGate `toml:"lint"`
	Types   rawGate `toml:"types"`
	Test    rawGate `toml:"test"`
	Docs    rawGate `toml:"docs"`
}

type rawGate struct {
	Enabled   *bool    `toml:"enabled"`
	Tool      string   `toml:"tool"`
	Builder   string   `toml:"builder"`
	Command   []string `toml:"command"`
	Timeout   string   `toml:"timeout"`
	FailUnder *float64 `toml:"fail-under"`
}

// document is the part of pyproject.toml the strict decoder maps; every other
// table is reported as "missing" by go-toml and filtered out below.
type document struct {
	Tool struct {
		Mlinit raw `toml:"mlinit"`
	} `toml:"tool"`
}

// Load reads dir/pyproject.toml. A missing file gives the defaults.
func Load(dir string) (*Config, error) {
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path) //nolint:gosec // the project's own configuration file
	if errors.Is(err, os.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", FileName, err)
	}
	return Parse(data)
}

// Default is the configuration of a project without [tool.mlinit].
func Default() *Config {
	return &Config{Severity: map[string]checks.Severity{}, Checks: map[string]checks.Options{}}
}

// Parse decodes pyproject.toml content. Errors in [tool.mlinit] are usage errors
// carrying "pyproject.toml:line:col"; a syntax error elsewhere in the file is kept
// in PyprojectErr for the checks to report.
func Parse(data []byte) (*Config, error) {
	cfg := Default()
	cfg.Found = true
	cfg.Raw = data
	var whole map[string]any
	if err := toml.Unmarshal(data, &whole); err != nil {
		cfg.PyprojectErr = positioned(err)
		// Only fail the run when the broken part is ours; otherwise the native
		// checks report the syntax error as a finding and everything else runs.
		if !touchesMlinit(data, err) {
			return cfg, nil
		}
		return nil, cmdutil.UsageError(cfg.PyprojectErr)
	}
	cfg.Pyproject = whole

	var doc document
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		if e := ownErrors(err); e != nil {
			return nil, e
		}
	}
	if err := cfg.apply(&doc.Tool.Mlinit, data); err != nil {
		return nil, err
	}
	return cfg, nil
}

// ownErrors keeps the decode errors that concern [tool.mlinit].
func ownErrors(err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var msgs []string
		for i := range strict.Errors {
			e := &strict.Errors[i]
			if !isMlinitKey(e.Key()) {
				continue
			}
			line, col := e.Position()
			msgs = append(msgs, fmt.Sprintf("%s:%d:%d: unknown key %q in [tool.mlinit]%s", FileName, line, col,
				strings.Join(e.Key()[2:], "."), known(e.Key())))
		}
		if len(msgs) == 0 {
			return nil
		}
		return cmdutil.UsageErrorf("%s", strings.Join(msgs, "; "))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		key := strings.Join(de.Key(), ".")
		return cmdutil.UsageErrorf("%s:%d:%d: invalid value for %q: %s", FileName, line, col, key,
			strings.TrimPrefix(de.Error(), "toml: "))
	}
	return cmdutil.UsageError(err)
}

func isMlinitKey(k toml.Key) bool {
	return len(k) >= 2 && k[0] == "tool" && k[1] == "mlinit"
}

// known lists the accepted keys of the table holding an unknown key, so a typo
// comes with its correction.
func known(k toml.Key) string {
	var keys []string
	switch {
	case len(k) == 3:
		keys = []string{"select", "ignore", "severity", "checks", "exclude", "fail-level", "gates", "docs"}
	case len(k) == 4 && k[2] == "gates":
		keys = []string{"timeout", "lint", "types", "test", "docs"}
	case len(k) == 5 && k[2] == "gates":
		keys = []string{"enabled", "tool", "builder", "command", "timeout", "fail-under"}
	case len(k) == 4 && k[2] == "docs":
		keys = []string{
			"fail-under", "exclude", "ignore-regex", "ignore-init-method", "ignore-init-module",
			"ignore-magic", "ignore-module", "ignore-nested-classes", "ignore-nested-functions", "ignore-private",
			"ignore-semiprivate", "ignore-property-decorators", "ignore-setters", "ignore-overloaded-functions",
			"omit-covered-files",
		}
	default:
		return ""
	}
	return " (accepted: " + strings.Join(keys, ", ") + ")"
}

// positioned renders a TOML syntax error as pyproject.toml:line:col: message.
func positioned(err error) error {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		return &PositionError{Line: line, Column: col, Msg: strings.TrimPrefix(de.Error(), "toml: ")}
	}
	return err
}

// PositionError is a syntax error in pyproject.toml with its place.
type PositionError struct {
	Line, Column int
	Msg          string
}

func (e *PositionError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", FileName, e.Line, e.Column, e.Msg)
}

// touchesMlinit reports whether a syntax error sits inside [tool.mlinit]: the
// nearest table header above the error line names it.
func touchesMlinit(data []byte, err error) bool {
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return false
	}
	line, _ := de.Position()
	lines := bytes.Split(data, []byte("\n"))
	for i := min(line-1, len(lines)-1); i >= 0; i-- {
		l := bytes.TrimSpace(lines[i])
		if bytes.HasPrefix(l, []byte("[")) {
			h := strings.Trim(string(l), "[] \t")
			return h == "tool.mlinit" || strings.HasPrefix(h, "tool.mlinit.")
		}
		if i == line-1 && bytes.HasPrefix(l, []byte("tool.mlinit")) {
			return true
		}
	}
	return false
}

func (c *Config) apply(r *raw, data []byte) error {
	at := func(path ...string) string {
		line, col := KeyPosition(data, append([]string{"tool", "mlinit"}, path...))
		if line == 0 {
			return FileName
		}
		return fmt.Sprintf("%s:%d:%d", FileName, line, col)
	}
	c.Select = r.Select
	c.Exclude = r.Exclude
	for _, g := range r.Exclude {
		if !validGlob(g) {
			return cmdutil.UsageErrorf("%s: invalid glob %q in [tool.mlinit] exclude", at("exclude"), g)
		}
	}
	if r.FailLevel != "" {
		s, err := checks.ParseSeverity(r.FailLevel)
		if err != nil {
			return cmdutil.UsageErrorf("%s: [tool.mlinit] fail-level: %v", at("fail-level"), err)
		}
		c.FailLevel = s
	}
	for id, v := range r.Severity {
		s, err := checks.ParseSeverity(v)
		if err != nil {
			return cmdutil.UsageErrorf("%s: [tool.mlinit.severity] %s: %v", at("severity", id), id, err)
		}
		c.Severity[id] = s
	}
	for id, opts := range r.Checks {
		c.Checks[id] = checks.Options(opts)
	}
	switch v := r.Ignore.(type) {
	case nil:
	case []any:
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return cmdutil.UsageErrorf("%s: [tool.mlinit] ignore: expected check IDs as strings, got %T", at("ignore"), e)
			}
			c.Ignore = append(c.Ignore, Ignore{ID: s})
		}
	case map[string]any:
		for id, e := range v {
			s, ok := e.(string)
			if !ok {
				return cmdutil.UsageErrorf("%s: [tool.mlinit.ignore] %s: expected a reason string, got %T", at("ignore", id), id, e)
			}
			c.Ignore = append(c.Ignore, Ignore{ID: id, Reason: s})
		}
		sort.Slice(c.Ignore, func(i, j int) bool { return c.Ignore[i].ID < c.Ignore[j].ID })
	default:
		return cmdutil.UsageErrorf("%s: [tool.mlinit] ignore: expected a list of check IDs or a table of ID = reason, got %T", at("ignore"), v)
	}
	var err error
	if c.Gates.Timeout, err = duration(r.Gates.Timeout, at("gates", "timeout")); err != nil {
		return err
	}
	for _, g := range []struct {
		name string
		in   rawGate
		out  *Gate
	}{
		{"lint", r.Gates.Lint, &c.Gates.Lint},
		{"types", r.Gates.Types, &c.Gates.Types},
		{"test", r.Gates.Test, &c.Gates.Test},
		{"docs", r.Gates.Docs, &c.Gates.Docs},
	} {
		if err := g.in.convert(g.name, g.out, func(k string) string { return at("gates", g.name, k) }); err != nil {
			return err
		}
	}
	c.Docs = r.Docs
	return nil
}

func (g rawGate) convert(name string, out *Gate, at func(string) string) error {
	out.Enabled = g.Enabled
	out.Command = g.Command
	out.FailUnder = g.FailUnder
	if len(g.Command) > 0 && strings.TrimSpace(g.Command[0]) == "" {
		return cmdutil.UsageErrorf("%s: [tool.mlinit.gates.%s] command: the program name is empty", at("command"), name)
	}
	var err error
	if out.Timeout, err = duration(g.Timeout, at("timeout")); err != nil {
		return err
	}
	tool, key := g.Tool, "tool"
	if g.Builder != "" {
		tool, key = g.Builder, "builder"
	}
	var allowed []string
	switch name {
	case "lint":
		allowed = []string{"auto", "ruff", "classic"}
		if g.Builder != "" {
			return cmdutil.UsageErrorf("%s: [tool.mlinit.gates.lint] has no key \"builder\" (use \"tool\")", at("builder"))
		}
	case "docs":
		allowed = []string{"auto", "mkdocs", "sphinx", "none"}
	default:
		if tool != "" {
			return cmdutil.UsageErrorf("%s: [tool.mlinit.gates.%s] has no key %q", at(key), name, key)
		}
	}
	if g.FailUnder != nil && name != "test" {
		return cmdutil.UsageErrorf("%s: [tool.mlinit.gates.%s] has no key \"fail-under\" (coverage thresholds belong to the test gate)", at("fail-under"), name)
	}
	if tool != "" {
		ok := false
		for _, a := range allowed {
			ok = ok || a == tool
		}
		if !ok {
			return cmdutil.UsageErrorf("%s: [tool.mlinit.gates.%s] %s: invalid value %q: accepted values are %s",
				at(key), name, key, tool, strings.Join(allowed, ", "))
		}
	}
	out.Tool = tool
	return nil
}

func duration(s, where string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, cmdutil.UsageErrorf("%s: invalid timeout %q: use a positive Go duration such as \"90s\" or \"10m\"", where, s)
	}
	return d, nil
}

// Options returns the per-check options for id (never nil).
func (c *Config) Options(id string) checks.Options {
	if o, ok := c.Checks[id]; ok {
		return o
	}
	return checks.Options{}
}

// Validate checks every check ID the configuration names against the registry,
// so a typo in select, ignore, severity or checks is an error rather than a
// silently ignored setting. known holds every ID; prefixes of them are accepted
// in select and ignore.
func (c *Config) Validate(known []string) error {
	ids := map[string]bool{}
	prefixes := map[string]bool{"ALL": true}
	for _, id := range known {
		ids[id] = true
		for n := 2; n < len(id); n++ {
			prefixes[id[:n]] = true
		}
	}
	at := func(path ...string) string {
		line, col := KeyPosition(c.Raw, append([]string{"tool", "mlinit"}, path...))
		if line == 0 {
			return FileName
		}
		return fmt.Sprintf("%s:%d:%d", FileName, line, col)
	}
	for _, s := range c.Select {
		if !ids[s] && !prefixes[s] {
			return cmdutil.UsageErrorf("%s: [tool.mlinit] select: unknown check or family %q", at("select"), s)
		}
	}
	for _, ig := range c.Ignore {
		if !ids[ig.ID] && !prefixes[ig.ID] {
			where := at("ignore", ig.ID)
			if ig.Reason == "" {
				where = at("ignore")
			}
			return cmdutil.UsageErrorf("%s: [tool.mlinit] ignore: unknown check or family %q", where, ig.ID)
		}
	}
	for _, id := range sortedKeys(c.Severity) {
		if !ids[id] {
			return cmdutil.UsageErrorf("%s: [tool.mlinit.severity]: unknown check %q", at("severity", id), id)
		}
	}
	for _, id := range sortedKeys(c.Checks) {
		if !ids[id] {
			return cmdutil.UsageErrorf("%s: [tool.mlinit.checks]: unknown check %q", at("checks", id), id)
		}
	}
	return nil
}

// ValidateOptions rejects option keys a check does not accept. accepted maps a
// check ID to its option keys; checks without an entry are not validated.
func (c *Config) ValidateOptions(accepted map[string][]string) error {
	for _, id := range sortedKeys(c.Checks) {
		keys, ok := accepted[id]
		if !ok {
			continue
		}
		for _, k := range sortedKeys(c.Checks[id]) {
			found := false
			for _, a := range keys {
				found = found || a == k
			}
			if !found {
				line, col := KeyPosition(c.Raw, []string{"tool", "mlinit", "checks", id, k})
				hint := "it takes no options"
				if len(keys) > 0 {
					hint = "accepted: " + strings.Join(keys, ", ")
				}
				return cmdutil.UsageErrorf("%s:%d:%d: unknown option %q for %s in [tool.mlinit.checks.%s] (%s)", FileName, line, col, k, id, id, hint)
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
