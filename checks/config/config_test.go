package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/internal/cmdutil"
)

func TestLoadMissingIsDefault(t *testing.T) {
	cfg, err := Load(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Found || cfg.Pyproject != nil || cfg.FailLevel != 0 {
		t.Errorf("unexpected config %+v", cfg)
	}
}

func TestParseFull(t *testing.T) {
	src := `
[project]
name = "demo"

[tool.ruff]
line-length = 100

[tool.mlinit]
select = ["LP", "HY104"]
exclude = ["data/**"]
fail-level = "warning"

[tool.mlinit.ignore]
DC007 = "not a model repository"
HY3 = "notebooks are examples"

[tool.mlinit.severity]
HY302 = "info"

[tool.mlinit.checks.HY101]
max-kb = 800

[tool.mlinit.gates]
timeout = "90s"

[tool.mlinit.gates.lint]
tool = "classic"

[tool.mlinit.gates.test]
command = ["pytest", "-q", "tests"]
fail-under = 85.5

[tool.mlinit.gates.docs]
builder = "mkdocs"
enabled = false

[tool.mlinit.docs]
fail-under = 70
ignore-init-method = true
exclude = ["tests"]
`
	cfg, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.Select, ","); got != "LP,HY104" {
		t.Errorf("select = %s", got)
	}
	if cfg.FailLevel != checks.Warning {
		t.Errorf("fail-level = %v", cfg.FailLevel)
	}
	if len(cfg.Ignore) != 2 || cfg.Ignore[0] != (Ignore{ID: "DC007", Reason: "not a model repository"}) {
		t.Errorf("ignore = %+v", cfg.Ignore)
	}
	if cfg.Severity["HY302"] != checks.Info {
		t.Errorf("severity = %v", cfg.Severity)
	}
	if got := cfg.Options("HY101").Int("max-kb", 500); got != 800 {
		t.Errorf("max-kb = %d", got)
	}
	if got := cfg.Options("HY102").Int("max-kb", 500); got != 500 {
		t.Errorf("default max-kb = %d", got)
	}
	if cfg.Gates.Timeout != 90*time.Second || cfg.Gates.Lint.Tool != "classic" || cfg.Gates.Docs.Tool != "mkdocs" {
		t.Errorf("gates = %+v", cfg.Gates)
	}
	if cfg.Gates.Docs.Enabled == nil || *cfg.Gates.Docs.Enabled {
		t.Errorf("docs gate should be disabled")
	}
	if *cfg.Gates.Test.FailUnder != 85.5 || len(cfg.Gates.Test.Command) != 3 {
		t.Errorf("test gate = %+v", cfg.Gates.Test)
	}
	if *cfg.Docs.FailUnder != 70 || !cfg.Docs.IgnoreInitMethod || cfg.Docs.Exclude[0] != "tests" {
		t.Errorf("docs = %+v", cfg.Docs)
	}
	if cfg.Pyproject["project"].(map[string]any)["name"] != "demo" {
		t.Errorf("pyproject not kept")
	}
}

func TestIgnoreAsList(t *testing.T) {
	cfg, err := Parse([]byte("[tool.mlinit]\nignore = [\"DC007\", \"HY3\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Ignore) != 2 || cfg.Ignore[1].ID != "HY3" || cfg.Ignore[1].Reason != "" {
		t.Errorf("ignore = %+v", cfg.Ignore)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			"unknown key", "[project]\nname = \"x\"\n\n[tool.mlinit]\nselect = [\"LP\"]\nfail_level = \"error\"\n",
			[]string{"pyproject.toml:6:1", `"fail_level"`, "accepted: select"},
		},
		{
			"unknown nested key", "[tool.mlinit.gates.lint]\ntoool = \"ruff\"\n",
			[]string{"pyproject.toml:2:1", `"gates.lint.toool"`},
		},
		{
			"unknown docs key", "[tool.mlinit.docs]\nfail_under = 3\n",
			[]string{"pyproject.toml:2:1", `"docs.fail_under"`, "fail-under"},
		},
		{
			"wrong type", "[tool.mlinit]\nselect = \"LP\"\n",
			[]string{"pyproject.toml:2:", "select"},
		},
		{
			"bad fail level", "[tool.mlinit]\nfail-level = \"fatal\"\n",
			[]string{"pyproject.toml:2:1", "fail-level", `"fatal"`},
		},
		{
			"bad severity", "[tool.mlinit.severity]\nHY101 = \"loud\"\n",
			[]string{"pyproject.toml:2:1", "HY101"},
		},
		{
			"bad ignore reason", "[tool.mlinit.ignore]\nHY101 = 3\n",
			[]string{"pyproject.toml:2:1", "HY101", "reason"},
		},
		{
			"bad ignore type", "[tool.mlinit]\nignore = 3\n",
			[]string{"pyproject.toml:2:1", "ignore"},
		},
		{
			"bad timeout", "[tool.mlinit.gates]\ntimeout = \"soon\"\n",
			[]string{"pyproject.toml:2:1", "soon"},
		},
		{
			"bad lint tool", "[tool.mlinit.gates.lint]\ntool = \"pylint\"\n",
			[]string{"pyproject.toml:2:1", "pylint", "classic"},
		},
		{
			"tool on test gate", "[tool.mlinit.gates.test]\ntool = \"x\"\n",
			[]string{"pyproject.toml:2:1", "tool"},
		},
		{
			"bad glob", "[tool.mlinit]\nexclude = [\"[\"]\n",
			[]string{"pyproject.toml:2:1", "glob"},
		},
		{
			"syntax error inside mlinit", "[tool.mlinit]\nselect = [\n",
			[]string{"pyproject.toml:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			var fe *cmdutil.FlagError
			if !errors.As(err, &fe) {
				t.Errorf("error %v is not a usage error", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestBrokenPyprojectElsewhereIsKept(t *testing.T) {
	cfg, err := Parse([]byte("[project]\nname = \"x\nversion = 1\n"))
	if err != nil {
		t.Fatalf("a syntax error outside [tool.mlinit] must not fail: %v", err)
	}
	if cfg.PyprojectErr == nil || cfg.Pyproject != nil {
		t.Fatalf("want PyprojectErr, got %+v", cfg)
	}
	if !strings.HasPrefix(cfg.PyprojectErr.Error(), "pyproject.toml:2:") {
		t.Errorf("error %q has no position", cfg.PyprojectErr)
	}
}

func TestOtherToolsTablesAreNotChecked(t *testing.T) {
	src := "[tool.black]\nline-length = 88\n[tool.poetry.dependencies]\npython = \"^3.11\"\n[tool.mlinit]\n"
	if _, err := Parse([]byte(src)); err != nil {
		t.Fatal(err)
	}
}

func TestValidate(t *testing.T) {
	known := []string{"HY101", "HY104", "LP001"}
	ok, err := Parse([]byte("[tool.mlinit]\nselect = [\"HY\", \"LP001\", \"ALL\"]\nignore = [\"HY1\"]\n[tool.mlinit.severity]\nHY101 = \"info\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ok.Validate(known); err != nil {
		t.Errorf("valid config rejected: %v", err)
	}
	bad, err := Parse([]byte("[tool.mlinit]\nselect = [\"HY\"]\n\n[tool.mlinit.checks.HY999]\nmax-kb = 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = bad.Validate(known)
	if err == nil || !strings.Contains(err.Error(), "pyproject.toml:4:2") || !strings.Contains(err.Error(), "HY999") {
		t.Errorf("err = %v", err)
	}
}

func TestKeyPosition(t *testing.T) {
	src := []byte("[tool.mlinit]\nselect = [\"LP\"]\n  fail-level = \"x\"\n[tool.mlinit.severity]\nHY101 = \"x\"\n[tool.mlinit.ignore]\n\"DC007\" = \"r\"\n[a]\nb = { c = 1 }\n")
	tests := []struct {
		path      []string
		line, col int
	}{
		{[]string{"tool", "mlinit", "select"}, 2, 1},
		{[]string{"tool", "mlinit", "fail-level"}, 3, 3},
		{[]string{"tool", "mlinit", "severity", "HY101"}, 5, 1},
		{[]string{"tool", "mlinit", "severity"}, 4, 2},
		{[]string{"tool", "mlinit", "ignore", "DC007"}, 7, 1},
		{[]string{"a", "b", "c"}, 9, 1},
		{[]string{"nope"}, 0, 0},
	}
	for _, tt := range tests {
		line, col := KeyPosition(src, tt.path)
		if line != tt.line || col != tt.col {
			t.Errorf("%v at %d:%d, want %d:%d", tt.path, line, col, tt.line, tt.col)
		}
	}
}

func TestLoadReadsFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("[tool.mlinit]\nfail-level = \"info\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(dir)
	if err != nil || cfg.FailLevel != checks.Info {
		t.Fatalf("cfg=%+v err=%v", cfg, err)
	}
}

// FuzzParse: any input either decodes or fails with an error; never a panic, and
// a usage error always names pyproject.toml.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"",
		"[tool.mlinit]\nselect = [\"LP\"]\n",
		"[tool.mlinit.ignore]\nDC007 = \"r\"\n",
		"[tool.mlinit]\nignore = [1]\n",
		"[tool.mlinit.gates.test]\ncommand = [\"\"]\n",
		"[tool.mlinit.checks.HY101]\nmax-kb = 1\n",
		"[tool.mlinit]\nfail-level = 3\n",
		"tool.mlinit.select = [\"x\"]\n",
		"[tool]\nmlinit = {select = [\"x\"], bogus = 1}\n",
		"[project\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data)
		if err != nil {
			if !strings.Contains(err.Error(), "pyproject.toml") && !strings.Contains(err.Error(), "toml") {
				t.Errorf("error without a location: %v", err)
			}
			return
		}
		if cfg == nil {
			t.Fatal("nil config without error")
		}
		_ = cfg.Validate([]string{"HY101"})
		_, _ = KeyPosition(data, []string{"tool", "mlinit", "select"})
	})
}

func TestValidateOptions(t *testing.T) {
	cfg, err := Parse([]byte("[tool.mlinit.checks.HY101]\nmax-kb = 1\n\n[tool.mlinit.checks.HY104]\nmax_kb = 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.ValidateOptions(map[string][]string{"HY101": {"max-kb"}}); err != nil {
		t.Errorf("HY104 has no declared options and must not be validated: %v", err)
	}
	err = cfg.ValidateOptions(map[string][]string{"HY101": {"max-kb"}, "HY104": nil})
	if err == nil || !strings.Contains(err.Error(), `pyproject.toml:5:1: unknown option "max_kb" for HY104`) {
		t.Errorf("err = %v", err)
	}
}
