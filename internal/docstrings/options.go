package docstrings

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Options are interrogate's settings that affect what is counted. Field names follow
// interrogate's command-line flags; the zero value is interrogate's default except for
// FailUnder (interrogate defaults to 80, see DefaultOptions).
type Options struct {
	FailUnder float64
	// Exclude are paths (files or directories, relative to the scan root) whose files are
	// skipped; interrogate matches them as fnmatch patterns with a trailing '*', so
	// "build" also excludes "build2/x.py" and glob characters work.
	Exclude []string
	// IgnoreRegex are Python regular expressions matched (re.match: anchored at the start
	// only) against class and function names.
	IgnoreRegex []string
	// WhitelistRegex (interrogate's --whitelist-regex / include_regex) keeps only matching
	// classes and functions and implies IgnoreModule.
	WhitelistRegex []string
	// Ext adds file name endings to scan besides ".py"; interrogate accepts only "pyi"
	// and matches it as a suffix without a dot.
	Ext []string
	// DocstringStyle is "sphinx" (default) or "google" (a class and its __init__ cover
	// each other).
	DocstringStyle string

	IgnoreInitMethod          bool
	IgnoreInitModule          bool
	IgnoreMagic               bool
	IgnoreModule              bool
	IgnoreNestedClasses       bool
	IgnoreNestedFunctions     bool
	IgnorePrivate             bool
	IgnoreSemiprivate         bool
	IgnorePropertyDecorators  bool
	IgnoreSetters             bool
	IgnoreOverloadedFunctions bool
	OmitCoveredFiles          bool

	// UnknownKeys lists [tool.interrogate] keys interrogate does not know (it ignores them
	// silently; a config linter may want to report them).
	UnknownKeys []string
}

// DefaultOptions returns interrogate's defaults.
func DefaultOptions() Options {
	return Options{FailUnder: 80, DocstringStyle: "sphinx"}
}

// compiled is Options with its regular expressions compiled.
type compiled struct {
	Options
	ignoreRE  []*regexp.Regexp
	includeRE []*regexp.Regexp
}

func (o Options) compile() (*compiled, error) {
	c := &compiled{Options: o}
	if c.DocstringStyle == "" {
		c.DocstringStyle = "sphinx"
	}
	if c.DocstringStyle != "sphinx" && c.DocstringStyle != "google" {
		return nil, fmt.Errorf("interrogate: invalid docstring style %q (valid: sphinx, google)", c.DocstringStyle)
	}
	if c.DocstringStyle == "google" && c.IgnoreInitMethod {
		return nil, fmt.Errorf("interrogate: ignore-init-method is mutually exclusive with style google")
	}
	if len(c.WhitelistRegex) > 0 {
		c.IgnoreModule = true // as interrogate's CLI does
	}
	for _, p := range o.IgnoreRegex {
		re, err := pyRegexp(p)
		if err != nil {
			return nil, err
		}
		c.ignoreRE = append(c.ignoreRE, re)
	}
	for _, p := range o.WhitelistRegex {
		re, err := pyRegexp(p)
		if err != nil {
			return nil, err
		}
		c.includeRE = append(c.includeRE, re)
	}
	return c, nil
}

// pyRegexp compiles a Python regular expression for re.match semantics (anchored at the
// start, not at the end). Constructs RE2 lacks (look-around, back-references) are errors.
func pyRegexp(p string) (*regexp.Regexp, error) {
	q := strings.ReplaceAll(p, `\Z`, `\z`)
	re, err := regexp.Compile(`^(?:` + q + `)`)
	if err != nil {
		return nil, fmt.Errorf("interrogate regex %q is not supported: %w", p, err)
	}
	return re, nil
}

// isKnownKey reports whether k is one of interrogate's click parameter names (after its
// "-" → "_" normalisation). The ones that do not affect counting are accepted and ignored.
func isKnownKey(k string) bool {
	switch k {
	case "verbose", "quiet", "fail_under", "exclude", "ignore_init_method", "ignore_init_module",
		"ignore_magic", "ignore_module", "ignore_nested_functions", "ignore_nested_classes",
		"ignore_overloaded_functions", "ignore_private", "ignore_property_decorators", "ignore_setters",
		"ignore_semiprivate", "ignore_regex", "ext", "whitelist_regex", "style", "output", "color",
		"omit_covered_files", "generate_badge", "badge_format", "badge_style":
		return true
	}
	return false
}

// OptionsFromPyproject reads a [tool.interrogate] table (as decoded from TOML). Keys are
// normalised like interrogate does: "--" removed, "-" → "_", so kebab and snake case both
// work. Values are converted like click would convert them.
func OptionsFromPyproject(table map[string]any) (Options, error) {
	return DefaultOptions().Override(table)
}

// Override applies a table of interrogate-style keys on top of o, e.g. [tool.mlinit.docs]
// over [tool.interrogate].
func (o Options) Override(table map[string]any) (Options, error) {
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, raw := range keys {
		v := table[raw]
		k := strings.ReplaceAll(strings.ReplaceAll(raw, "--", ""), "-", "_")
		var err error
		switch k {
		case "fail_under":
			o.FailUnder, err = toFloat(v)
		case "exclude":
			o.Exclude, err = toStrings(v)
		case "ignore_regex":
			o.IgnoreRegex, err = toStrings(v)
		case "whitelist_regex":
			o.WhitelistRegex, err = toStrings(v)
		case "ext":
			o.Ext, err = toStrings(v)
			for i, e := range o.Ext {
				if !strings.EqualFold(e, "pyi") {
					err = fmt.Errorf("invalid value %q (choose from: pyi)", e)
				}
				o.Ext[i] = "pyi"
			}
		case "style":
			var s string
			s, err = toString(v)
			if err == nil && s != "sphinx" && s != "google" {
				err = fmt.Errorf("invalid value %q (choose from: sphinx, google)", s)
			}
			o.DocstringStyle = s
		case "ignore_init_method":
			o.IgnoreInitMethod, err = toBool(v)
		case "ignore_init_module":
			o.IgnoreInitModule, err = toBool(v)
		case "ignore_magic":
			o.IgnoreMagic, err = toBool(v)
		case "ignore_module":
			o.IgnoreModule, err = toBool(v)
		case "ignore_nested_classes":
			o.IgnoreNestedClasses, err = toBool(v)
		case "ignore_nested_functions":
			o.IgnoreNestedFunctions, err = toBool(v)
		case "ignore_private":
			o.IgnorePrivate, err = toBool(v)
		case "ignore_semiprivate":
			o.IgnoreSemiprivate, err = toBool(v)
		case "ignore_property_decorators":
			o.IgnorePropertyDecorators, err = toBool(v)
		case "ignore_setters":
			o.IgnoreSetters, err = toBool(v)
		case "ignore_overloaded_functions":
			o.IgnoreOverloadedFunctions, err = toBool(v)
		case "omit_covered_files":
			o.OmitCoveredFiles, err = toBool(v)
		default:
			if !isKnownKey(k) {
				o.UnknownKeys = append(o.UnknownKeys, raw)
			}
		}
		if err != nil {
			return o, fmt.Errorf("[tool.interrogate] %s: %w", raw, err)
		}
	}
	if _, err := o.compile(); err != nil {
		return o, err
	}
	return o, nil
}

func toFloat(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a valid float", x)
		}
		return f, nil
	}
	return 0, fmt.Errorf("expected a number, got %T", v)
}

func toBool(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case int:
		return x != 0, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "1", "true", "t", "yes", "y", "on":
			return true, nil
		case "0", "false", "f", "no", "n", "off":
			return false, nil
		}
		return false, fmt.Errorf("%q is not a valid boolean", x)
	}
	return false, fmt.Errorf("expected a boolean, got %T", v)
}

func toString(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	return "", fmt.Errorf("expected a string, got %T", v)
}

func toStrings(v any) ([]string, error) {
	switch x := v.(type) {
	case string:
		return []string{x}, nil
	case []string:
		return append([]string(nil), x...), nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("expected a list of strings, found %T", e)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("expected a list of strings, got %T", v)
}

// Passed reports whether percent meets failUnder the way interrogate compares: the
// percentage is rounded (half to even) to as many decimals as Python's repr of failUnder
// has, so fail-under 80 passes at 79.96%.
func Passed(percent, failUnder float64) bool {
	return failUnder <= roundPy(percent, reprDecimals(failUnder))
}

// reprDecimals is -Decimal(str(f)).as_tuple().exponent for a Python float f.
func reprDecimals(f float64) int {
	if f == 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return 1
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX, shortest round-trip like repr
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := len(strings.TrimLeft(strings.ReplaceAll(mant, ".", ""), "-"))
	last := exp - (digits - 1) // exponent of the last significant digit
	if exp < -4 || exp >= 16 {
		return -last // repr uses scientific notation
	}
	if last > -1 {
		return 1 // repr always shows ".0"
	}
	return -last
}

// roundPy is Python's round(x, n) for floats: correctly rounded, ties to even.
func roundPy(x float64, n int) float64 {
	if n >= 0 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', n, 64), 64)
		return r
	}
	p := math.Pow(10, float64(-n))
	return math.RoundToEven(x/p) * p
}

// OptionsFromSetupCfg reads a setup.cfg [tool:interrogate] section (interrogate's fallback
// when the project has no pyproject.toml). Values are strings: exclude, ignore-regex and
// whitelist-regex are comma-separated lists, optionally in brackets and double-quoted, as
// interrogate parses them.
func OptionsFromSetupCfg(section map[string]string) (Options, error) {
	table := make(map[string]any, len(section))
	for k, v := range section {
		norm := strings.ReplaceAll(strings.ReplaceAll(k, "--", ""), "-", "_")
		switch norm {
		case "exclude", "ignore_regex", "whitelist_regex":
			table[k] = cfgList(v)
		default:
			table[k] = v
		}
	}
	return OptionsFromPyproject(table)
}

func cfgList(v string) []any {
	v = strings.TrimPrefix(v, "[")
	v = strings.TrimSuffix(v, "]")
	if v == "" {
		return []any{}
	}
	parts := strings.Split(v, ",")
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = strings.Trim(strings.TrimSpace(p), `"`)
	}
	return out
}
