package native

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mlinit/mlinit/checks"
)

// toolSchema describes the keys LP011 knows for one tool table. strict
// tables report every unknown key; loose ones (plugins add keys freely, as
// with pytest ini options) report only near-misses of a known key.
type toolSchema struct {
	table  string
	keys   []string
	strict bool
	sev    checks.Severity
}

func toolSchemas() []toolSchema {
	ruffLint := []string{
		"allowed-confusables", "dummy-variable-rgx", "exclude", "explicit-preview-rules", "extend-fixable",
		"extend-ignore", "extend-per-file-ignores", "extend-safe-fixes", "extend-select", "extend-unsafe-fixes", "external",
		"fixable", "ignore", "ignore-init-module-imports", "logger-objects", "per-file-ignores", "preview", "select",
		"task-tags", "typing-modules", "unfixable", "future-annotations", "typing-extensions", "extend-unfixable",
		"flake8-annotations", "flake8-bandit", "flake8-boolean-trap", "flake8-bugbear", "flake8-builtins",
		"flake8-comprehensions", "flake8-copyright", "flake8-errmsg", "flake8-gettext", "flake8-implicit-str-concat",
		"flake8-import-conventions", "flake8-pytest-style", "flake8-quotes", "flake8-self", "flake8-tidy-imports",
		"flake8-type-checking", "flake8-unused-arguments", "isort", "mccabe", "pep8-naming", "pycodestyle",
		"pydocstyle", "pydoclint", "pyflakes", "pylint", "pyupgrade", "ruff",
	}
	ruffTop := append([]string{
		"builtins", "cache-dir", "exclude", "extend", "extend-exclude", "extend-include", "fix",
		"force-exclude", "include", "indent-width", "line-length", "namespace-packages", "output-format",
		"per-file-target-version", "preview", "required-version", "respect-gitignore", "show-fixes", "src",
		"target-version", "unsafe-fixes", "analyze", "format", "lint",
	}, ruffLint...)
	return []toolSchema{
		{table: "tool.mlinit", keys: []string{"select", "exclude", "fail-level", "ignore", "severity", "checks", "gates", "docs", "baseline"}, sev: checks.Error},
		{table: "tool.ruff", keys: ruffTop, strict: true, sev: checks.Warning},
		{table: "tool.ruff.lint", keys: ruffLint, strict: true, sev: checks.Warning},
		{table: "tool.ruff.format", keys: []string{
			"exclude", "docstring-code-format", "docstring-code-line-length",
			"indent-style", "line-ending", "preview", "quote-style", "skip-magic-trailing-comma",
		}, strict: true, sev: checks.Warning},
		{table: "tool.coverage", keys: []string{"run", "report", "html", "xml", "json", "lcov", "paths"}, sev: checks.Warning},
		{table: "tool.coverage.run", keys: []string{
			"branch", "command_line", "concurrency", "context", "cover_pylib", "core",
			"data_file", "debug", "debug_file", "disable_warnings", "dynamic_context", "include", "omit", "parallel",
			"patch", "plugins", "relative_files", "sigterm", "source", "source_pkgs", "source_dirs", "timid",
		}, strict: true, sev: checks.Warning},
		{table: "tool.coverage.report", keys: []string{
			"exclude_also", "exclude_lines", "fail_under", "format", "ignore_errors",
			"include", "include_namespace_packages", "omit", "partial_branches", "partial_also", "precision",
			"show_missing", "skip_covered", "skip_empty", "sort",
		}, strict: true, sev: checks.Warning},
		{table: "tool.coverage.html", keys: []string{"directory", "extra_css", "show_contexts", "skip_covered", "skip_empty", "title"}, strict: true, sev: checks.Warning},
		{table: "tool.coverage.xml", keys: []string{"output", "package_depth"}, strict: true, sev: checks.Warning},
		{table: "tool.coverage.json", keys: []string{"output", "pretty_print", "show_contexts"}, strict: true, sev: checks.Warning},
		{table: "tool.coverage.lcov", keys: []string{"output", "line_checksums"}, strict: true, sev: checks.Warning},
		{table: "tool.interrogate", keys: []string{
			"fail-under", "exclude", "ignore-init-method", "ignore-init-module",
			"ignore-magic", "ignore-module", "ignore-nested-functions", "ignore-nested-classes", "ignore-private",
			"ignore-property-decorators", "ignore-semiprivate", "ignore-setters", "ignore-overloaded-functions",
			"ignore-regex", "ext", "style", "verbose", "quiet", "whitelist-regex", "color", "omit-covered-files",
			"generate-badge", "badge-format", "badge-style",
		}, strict: true, sev: checks.Warning},
		{table: "tool.pytest.ini_options", keys: []string{
			"addopts", "cache_dir", "consider_namespace_packages", "confcutdir",
			"console_output_style", "doctest_encoding", "doctest_optionflags", "empty_parameter_set_mark", "faulthandler_timeout",
			"filterwarnings", "junit_duration_report", "junit_family", "junit_log_passing_tests", "junit_logging", "junit_suite_name",
			"log_auto_indent", "log_cli", "log_cli_date_format", "log_cli_format", "log_cli_level", "log_date_format", "log_file",
			"log_file_date_format", "log_file_format", "log_file_level", "log_file_mode", "log_format", "log_level", "markers",
			"minversion", "norecursedirs", "python_classes", "python_files", "python_functions", "pythonpath", "required_plugins",
			"testpaths", "tmp_path_retention_count", "tmp_path_retention_policy", "usefixtures", "verbosity_assertions",
			"verbosity_test_cases", "xfail_strict", "strict", "strict_markers", "strict_config", "strict_xfail",
			"asyncio_mode", "asyncio_default_fixture_loop_scope", "timeout", "env",
		}, sev: checks.Warning},
		{table: "tool.mypy", keys: []string{
			"python_version", "platform", "files", "exclude", "mypy_path", "packages", "modules",
			"namespace_packages", "explicit_package_bases", "ignore_missing_imports", "follow_imports", "follow_untyped_imports",
			"python_executable", "no_site_packages", "no_silence_site_packages", "disallow_any_unimported", "disallow_any_expr",
			"disallow_any_decorated", "disallow_any_explicit", "disallow_any_generics", "disallow_subclassing_any",
			"disallow_untyped_calls", "untyped_calls_exclude", "disallow_untyped_defs", "disallow_incomplete_defs",
			"check_untyped_defs", "disallow_untyped_decorators", "implicit_optional", "strict_optional", "warn_redundant_casts",
			"warn_unused_ignores", "warn_no_return", "warn_return_any", "warn_unreachable", "ignore_errors",
			"allow_untyped_globals", "allow_redefinition", "local_partial_types", "disable_error_code", "enable_error_code",
			"extra_checks", "implicit_reexport", "strict_equality", "strict", "show_error_context", "show_column_numbers",
			"show_error_codes", "pretty", "color_output", "error_summary", "show_absolute_path", "plugins", "cache_dir",
			"incremental", "sqlite_cache", "warn_unused_configs", "overrides", "junit_xml", "scripts_are_modules",
			"warn_incomplete_stub", "enable_incomplete_feature", "strict_bytes", "allow_redefinition_new",
		}, sev: checks.Warning},
	}
}

// lp011 reports unknown keys in the tool tables mlinit understands, at the
// key's line. mlinit's own table is decoded strictly by the engine already;
// this adds near-miss suggestions and covers the other tools.
func lp011(_ *checks.Repo, p *pyproj, _ checks.Options) ([]checks.Finding, string) {
	var out []checks.Finding
	for _, s := range toolSchemas() {
		t := tbl(p.doc, strings.Split(s.table, ".")...)
		if t == nil {
			continue
		}
		known := map[string]bool{}
		for _, k := range s.keys {
			known[k] = true
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if known[k] {
				continue
			}
			near := nearest(k, s.keys)
			if !s.strict && near == "" {
				continue
			}
			msg := fmt.Sprintf("unknown key %q in [%s]", k, s.table)
			if near != "" {
				msg += fmt.Sprintf("; did you mean %q?", near)
			} else {
				msg += "; the tool ignores or rejects it — remove it"
			}
			f := p.at("LP011", s.table+"."+k, msg)
			f.Severity = s.sev
			out = append(out, f)
		}
	}
	return out, ""
}

// nearest returns the known key within a small edit distance of k ("" if
// none); dashes and underscores count as equal first, a classic mix-up.
func nearest(k string, known []string) string {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", "-") }
	best, bestD := "", 3
	for _, c := range known {
		if norm(c) == norm(k) {
			return c
		}
		limit := 2
		if len(c) < 6 {
			limit = 1
		}
		if d := editDistance(norm(k), norm(c), limit+1); d <= limit && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is Levenshtein distance, giving up (returning max) once every
// alignment exceeds max — keys are short, so this stays cheap.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
			rowMin = min(rowMin, c)
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
