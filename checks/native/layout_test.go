package native

import (
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

const goodPyproject = `[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "demo-pkg"
version = "0.1.0"
requires-python = ">=3.10"
readme = "README.md"
license = "MIT"

[tool.pytest.ini_options]
testpaths = ["tests"]
`

// goodRepo is a healthy project; each case below breaks one thing.
func goodRepo() map[string]string {
	return map[string]string{
		"pyproject.toml":           goodPyproject,
		"README.md":                "# demo\n",
		"LICENSE":                  "MIT\n",
		"src/demo_pkg/__init__.py": "",
		"tests/test_x.py":          "def test_x(): pass\n",
		".gitignore":               "__pycache__/\n.venv/\n.ipynb_checkpoints/\nmlruns/\nwandb/\nlightning_logs/\noutputs/\n*.ckpt\n",
		"uv.lock":                  "version = 1\n",
		".python-version":          "3.12\n",
		".github/workflows/ci.yml": "name: ci\n",
		".pre-commit-config.yaml":  "repos: []\n",
		"mkdocs.yml":               "site_name: x\nstrict: true\nvalidation:\n  anchors: warn\n",
		"docs/index.md":            "# x\n",
	}
}

func with(base map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "<delete>" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

// ppRepo is goodRepo with one edit to pyproject.toml.
func ppRepo(old, replacement string) map[string]string {
	if !strings.Contains(goodPyproject, old) {
		panic("goodPyproject lacks " + old)
	}
	return with(goodRepo(), "pyproject.toml", strings.Replace(goodPyproject, old, replacement, 1))
}

type repoCase struct {
	name  string
	files map[string]string
	opts  checks.Options
	want  []string // substrings, one per expected finding; nil = pass
	line  int      // expected line of the first finding (0 = don't care)
	skip  bool
}

func runRepoCases(t *testing.T, id string, cases []repoCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs, skip := runRepo(t, id, memRepo(t, c.files), c.opts)
			if c.skip {
				if skip == "" {
					t.Fatalf("want skip, got %s", messages(fs))
				}
				return
			}
			if skip != "" {
				t.Fatalf("unexpected skip: %s", skip)
			}
			if len(fs) != len(c.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(fs), len(c.want), messages(fs))
			}
			for i, w := range c.want {
				if !strings.Contains(fs[i].Message, w) {
					t.Errorf("finding %d = %q, want it to mention %q", i, fs[i].Message, w)
				}
			}
			if c.line > 0 && fs[0].Line != c.line {
				t.Errorf("line = %d, want %d", fs[0].Line, c.line)
			}
		})
	}
}

func TestLP001(t *testing.T) {
	runRepoCases(t, "LP001", []repoCase{
		{name: "ok", files: goodRepo()},
		{name: "missing", files: with(goodRepo(), "pyproject.toml", "<delete>"), want: []string{"no pyproject.toml"}},
		{name: "broken", files: with(goodRepo(), "pyproject.toml", "[project]\nname = \"x\"\nversion = = 1\n"), want: []string{"does not parse"}, line: 3},
		{name: "duplicate key", files: with(goodRepo(), "pyproject.toml", "[project]\nname = \"x\"\nname = \"y\"\n"), want: []string{"does not parse"}, line: 3},
	})
}

func TestLP002(t *testing.T) {
	runRepoCases(t, "LP002", []repoCase{
		{name: "ok", files: goodRepo()},
		{name: "no table", files: ppRepo("[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n", ""), want: []string{"no [build-system]"}},
		{name: "no backend", files: ppRepo("build-backend = \"hatchling.build\"\n", ""), want: []string{"build-backend"}, line: 1},
		{name: "wheel", files: ppRepo(`requires = ["hatchling"]`, `requires = ["setuptools>=61", "wheel"]`), want: []string{"wheel"}, line: 2},
		{name: "broken pyproject skips", files: with(goodRepo(), "pyproject.toml", "x = \n"), skip: true},
	})
}

func TestLP003(t *testing.T) {
	runRepoCases(t, "LP003", []repoCase{
		{name: "ok", files: goodRepo()},
		{name: "not normalised", files: ppRepo(`name = "demo-pkg"`, `name = "Demo_Pkg"`), want: []string{`use "demo-pkg"`}, line: 6},
		{name: "invalid", files: ppRepo(`name = "demo-pkg"`, `name = "-bad"`), want: []string{"not a valid"}},
		{name: "no version", files: ppRepo("version = \"0.1.0\"\n", ""), want: []string{"neither `version`"}},
		{name: "dynamic version", files: ppRepo("version = \"0.1.0\"\n", "dynamic = [\"version\"]\n")},
		{name: "both", files: ppRepo("version = \"0.1.0\"\n", "version = \"1\"\ndynamic = [\"version\"]\n"), want: []string{"both set"}},
		{name: "no requires-python", files: ppRepo("requires-python = \">=3.10\"\n", ""), want: []string{"requires-python"}},
		{name: "poetry only", files: with(goodRepo(), "pyproject.toml", "[tool.poetry]\nname = \"x\"\n"), want: []string{"[tool.poetry]"}},
	})
}

func TestLP004(t *testing.T) {
	runRepoCases(t, "LP004", []repoCase{
		{name: "ok", files: goodRepo()},
		{name: "cap", files: ppRepo(`">=3.10"`, `">=3.10,<3.13"`), want: []string{"caps"}, line: 8},
		{name: "compatible release caps", files: ppRepo(`">=3.10"`, `"~=3.10"`), want: []string{"caps"}},
		{name: "no lower", files: ppRepo(`">=3.10"`, `"!=3.9.*"`), want: []string{"lower bound"}},
		{name: "absent skips", files: ppRepo("requires-python = \">=3.10\"\n", ""), skip: true},
	})
}

func TestLP005(t *testing.T) {
	runRepoCases(t, "LP005", []repoCase{
		{name: "ok", files: goodRepo()},
		{name: "expression", files: ppRepo(`license = "MIT"`, `license = "(MIT OR Apache-2.0) AND LicenseRef-Custom"`)},
		{name: "no file", files: with(goodRepo(), "LICENSE", "<delete>"), want: []string{"no LICENSE"}},
		{name: "license-files glob", files: with(goodRepo(), "LICENSE", "<delete>", "LICENSES/MIT.txt", "x", "pyproject.toml", strings.Replace(goodPyproject, `license = "MIT"`, "license = \"MIT\"\nlicense-files = [\"LICENSES/*\"]", 1))},
		{name: "not spdx", files: ppRepo(`license = "MIT"`, `license = "MIT License"`), want: []string{"SPDX"}},
		{name: "table", files: ppRepo(`license = "MIT"`, `license = {text = "MIT"}`), want: []string{"legacy"}},
		{name: "classifier", files: ppRepo(`license = "MIT"`, "license = \"MIT\"\nclassifiers = [\"License :: OSI Approved :: MIT License\"]"), want: []string{"classifier"}},
		{name: "missing", files: ppRepo("license = \"MIT\"\n", ""), want: []string{"no `license`"}},
	})
}

func TestLP006(t *testing.T) {
	runRepoCases(t, "LP006", []repoCase{
		{name: "ok", files: goodRepo()},
		{name: "no readme", files: with(goodRepo(), "README.md", "<delete>"), want: []string{"no README", "does not exist"}},
		{name: "unset", files: ppRepo("readme = \"README.md\"\n", ""), want: []string{"not set"}},
		{name: "table", files: ppRepo(`readme = "README.md"`, `readme = {file = "README.rst", content-type = "text/x-rst"}`), want: []string{"README.rst"}},
	})
}

func TestLP007(t *testing.T) {
	runRepoCases(t, "LP007", []repoCase{
		{name: "src layout", files: goodRepo()},
		{name: "flat layout", files: with(goodRepo(), "src/demo_pkg/__init__.py", "<delete>", "demo_pkg/__init__.py", "")},
		{name: "namespace", files: with(goodRepo(), "src/demo_pkg/__init__.py", "<delete>", "src/demo_pkg/sub/mod.py", "")},
		{name: "mismatch", files: with(goodRepo(), "src/demo_pkg/__init__.py", "<delete>", "src/other/__init__.py", ""), want: []string{"src/other"}},
		{name: "none", files: with(goodRepo(), "src/demo_pkg/__init__.py", "<delete>"), want: []string{"no importable package"}},
		{name: "hatch packages", files: with(goodRepo(), "src/demo_pkg/__init__.py", "<delete>", "pyproject.toml", goodPyproject+"\n[tool.hatch.build.targets.wheel]\npackages = [\"lib/demo\"]\n")},
		{name: "poetry non-package", files: with(goodRepo(), "src/demo_pkg/__init__.py", "<delete>", "pyproject.toml", goodPyproject+"\n[tool.poetry]\npackage-mode = false\n"), skip: true},
	})
}

func TestLP008(t *testing.T) {
	runRepoCases(t, "LP008", []repoCase{
		{name: "ok", files: goodRepo()},
		{name: "no tests", files: with(goodRepo(), "tests/test_x.py", "<delete>"), want: []string{"no tests/"}},
		{name: "in-package tests", files: with(goodRepo(), "tests/test_x.py", "<delete>", "src/demo_pkg/tests/test_a.py", "")},
		{name: "no pytest config", files: ppRepo("[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n", ""), want: []string{"no pytest configuration"}},
		{name: "pytest.ini", files: with(goodRepo(), "pyproject.toml", strings.Replace(goodPyproject, "[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n", "", 1), "pytest.ini", "[pytest]\n")},
		{name: "setup.cfg", files: with(goodRepo(), "pyproject.toml", strings.Replace(goodPyproject, "[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n", "", 1), "setup.cfg", "[tool:pytest]\naddopts = -q\n")},
	})
}

func TestLP011(t *testing.T) {
	runRepoCases(t, "LP011", []repoCase{
		{name: "ok", files: with(goodRepo(), "pyproject.toml", goodPyproject+"\n[tool.ruff]\nline-length = 100\n[tool.ruff.lint]\nselect = [\"E\"]\n[tool.coverage.report]\nfail_under = 90\n[tool.pytest.ini_options.x]\n")},
		{name: "ruff typo", files: with(goodRepo(), "pyproject.toml", goodPyproject+"\n[tool.ruff]\nline_length = 100\n"), want: []string{`did you mean "line-length"`}, line: 16},
		{name: "ruff unknown", files: with(goodRepo(), "pyproject.toml", goodPyproject+"\n[tool.ruff]\nfrobnicate = 1\n"), want: []string{`unknown key "frobnicate"`}},
		{name: "coverage dash", files: with(goodRepo(), "pyproject.toml", goodPyproject+"\n[tool.coverage.report]\nfail-under = 90\n"), want: []string{`"fail_under"`}},
		{name: "pytest typo only", files: with(goodRepo(), "pyproject.toml", strings.Replace(goodPyproject, "testpaths", "testpath", 1)+"asyncio_mode = \"auto\"\nmy_plugin_opt = 1\n"), want: []string{`"testpaths"`}},
		{name: "interrogate", files: with(goodRepo(), "pyproject.toml", goodPyproject+"\n[tool.interrogate]\nfail_under = 80\n"), want: []string{`"fail-under"`}},
		{name: "mlinit own table", files: with(goodRepo(), "pyproject.toml", goodPyproject+"\n[tool.mlinit]\nselcet = [\"LP\"]\n"), want: []string{`"select"`}},
	})
	// Severity: own table is an error, other tools warnings.
	r := memRepo(t, with(goodRepo(), "pyproject.toml", goodPyproject+"\n[tool.mlinit]\nselcet = 1\n[tool.ruff]\nline_length = 1\n"))
	fs, _ := runRepo(t, "LP011", r, nil)
	if len(fs) != 2 || fs[0].Severity != checks.Error || fs[1].Severity != checks.Warning {
		t.Fatalf("severities: %+v", fs)
	}
}

func TestLP012(t *testing.T) {
	runRepoCases(t, "LP012", []repoCase{
		{name: "ok", files: goodRepo()},
		{name: "ruff", files: with(goodRepo(), "pyproject.toml", goodPyproject+"\n[tool.ruff]\nline-length = 1\n", "ruff.toml", "line-length = 2\n"), want: []string{"ruff.toml wins"}, line: 15},
		{name: "pytest.ini", files: with(goodRepo(), "pytest.ini", "[pytest]\n"), want: []string{"pytest.ini wins"}},
		{name: "coveragerc", files: with(goodRepo(), "pyproject.toml", goodPyproject+"\n[tool.coverage.run]\nbranch = true\n", ".coveragerc", "[run]\n"), want: []string{".coveragerc wins"}},
		{name: "setup.cfg pytest", files: with(goodRepo(), "setup.cfg", "[tool:pytest]\n"), want: []string{"pyproject.toml wins"}},
	})
}

func TestLP014(t *testing.T) {
	runRepoCases(t, "LP014", []repoCase{
		{name: "ok", files: goodRepo()},
		{name: "globs", files: with(goodRepo(), ".gitignore", "**/__pycache__\n.venv*\n*checkpoints*/\n/mlruns\nwandb\nlightning_logs/\noutputs/**\n*.ckpt\n")},
		{name: "missing", files: with(goodRepo(), ".gitignore", "<delete>"), want: []string{"no .gitignore"}},
		{name: "partial", files: with(goodRepo(), ".gitignore", "__pycache__/\n.venv/\n"), want: []string{"mlruns/, wandb/"}},
		{name: "negated", files: with(goodRepo(), ".gitignore", "__pycache__/\n.venv/\n.ipynb_checkpoints/\nmlruns/\nwandb/\nlightning_logs/\noutputs/\n*.ckpt\n!*.ckpt\n"), want: []string{"*.ckpt"}},
	})
}
