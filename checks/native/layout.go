package native

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/mlinit/mlinit/checks"
)

const pyprojectPath = "pyproject.toml"

// pyproj bundles the decoded pyproject with a position index for findings.
type pyproj struct {
	doc map[string]any
	idx tomlIndex
}

func loadPyproject(r *checks.Repo) *pyproj {
	if r.Pyproject == nil {
		return nil
	}
	return &pyproj{doc: r.Pyproject, idx: indexTOML(r.PyprojectRaw)}
}

// at is a finding located at a dotted key of pyproject.toml.
func (p *pyproj) at(id, key, msg string) checks.Finding {
	l, c := p.idx.at(key)
	return finding(id, pyprojectPath, l, c, msg)
}

// withPyproject adapts a repo check that needs a decoded pyproject; LP001
// reports a missing or broken file, so dependants just skip.
func withPyproject(fn func(r *checks.Repo, p *pyproj, opts checks.Options) ([]checks.Finding, string)) func(*checks.Repo, checks.Options) ([]checks.Finding, string) {
	return func(r *checks.Repo, opts checks.Options) ([]checks.Finding, string) {
		p := loadPyproject(r)
		if p == nil {
			return nil, "no readable pyproject.toml (see LP001)"
		}
		return fn(r, p, opts)
	}
}

func lp001(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	if r.PyprojectErr != nil {
		l, c, msg := tomlErrPos(r.PyprojectErr, r.PyprojectRaw)
		return []checks.Finding{finding("LP001", pyprojectPath, l, c,
			"pyproject.toml does not parse: "+oneLine(msg)+"; fix the TOML syntax")}, ""
	}
	if r.Pyproject == nil && r.PyprojectRaw == nil && !hasFile(r, pyprojectPath) {
		return []checks.Finding{finding("LP001", pyprojectPath, 0, 0,
			"no pyproject.toml at the project root; create one (PEP 518/621) — `mlinit new` shows a complete example")}, ""
	}
	return nil, ""
}

func lp002(_ *checks.Repo, p *pyproj, _ checks.Options) ([]checks.Finding, string) {
	bs := tbl(p.doc, "build-system")
	if bs == nil {
		return []checks.Finding{finding("LP002", pyprojectPath, 1, 1,
			"no [build-system] table; add requires = [\"hatchling\"] and build-backend = \"hatchling.build\" (or your backend)")}, ""
	}
	var out []checks.Finding
	reqs, hasReqs := bs["requires"]
	if !hasReqs {
		out = append(out, p.at("LP002", "build-system", "[build-system] has no `requires`; list the build backend package, e.g. requires = [\"hatchling\"]"))
	}
	if _, ok := str(bs, "build-backend"); !ok {
		out = append(out, p.at("LP002", "build-system", "[build-system] has no `build-backend`; without it pip falls back to legacy setuptools behaviour"))
	}
	for _, s := range strList(reqs) {
		n := normName(strings.TrimSpace(strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("<>=!~;[ @(", r) })[0]))
		if n == "wheel" {
			out = append(out, p.at("LP002", "build-system.requires", "[build-system].requires lists `wheel`; setuptools provides it itself, remove it"))
		}
	}
	return out, ""
}

type layoutRes struct {
	distName *regexp.Regexp
	spdxTok  *regexp.Regexp
}

func newLayoutRes() layoutRes {
	return layoutRes{
		distName: regexp.MustCompile(`(?i)^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$`),
		spdxTok:  regexp.MustCompile(`\(|\)|[A-Za-z0-9.+:-]+`),
	}
}

func (lr layoutRes) lp003(_ *checks.Repo, p *pyproj, _ checks.Options) ([]checks.Finding, string) {
	proj := tbl(p.doc, "project")
	if proj == nil {
		msg := "no [project] table; declare name, version and requires-python per PEP 621"
		if tbl(p.doc, "tool", "poetry") != nil {
			msg = "no [project] table: metadata lives only in [tool.poetry]; move it to [project] (PEP 621, supported since Poetry 2.0)"
		}
		return []checks.Finding{finding("LP003", pyprojectPath, 1, 1, msg)}, ""
	}
	var out []checks.Finding
	name, ok := str(proj, "name")
	switch {
	case !ok:
		out = append(out, p.at("LP003", "project", "[project] has no `name`"))
	case !lr.distName.MatchString(name):
		out = append(out, p.at("LP003", "project.name", fmt.Sprintf("project name %q is not a valid distribution name (letters, digits, '-', '_', '.')", name)))
	case normName(name) != name:
		out = append(out, p.at("LP003", "project.name", fmt.Sprintf("project name %q is not normalised; use %q (PEP 503)", name, normName(name))))
	}
	dynamic := strList(proj["dynamic"])
	dynVersion := false
	for _, d := range dynamic {
		if d == "version" {
			dynVersion = true
		}
	}
	_, hasVersion := proj["version"]
	switch {
	case !hasVersion && !dynVersion:
		out = append(out, p.at("LP003", "project", "[project] has neither `version` nor \"version\" in `dynamic`"))
	case hasVersion && dynVersion:
		out = append(out, p.at("LP003", "project.version", "`version` is both set and listed in `dynamic`; keep one"))
	}
	if _, ok := proj["requires-python"]; !ok {
		out = append(out, p.at("LP003", "project", "[project] has no `requires-python`; add e.g. requires-python = \">=3.10\""))
	}
	return out, ""
}

func lp004(_ *checks.Repo, p *pyproj, _ checks.Options) ([]checks.Finding, string) {
	rp, ok := str(tbl(p.doc, "project"), "requires-python")
	if !ok {
		return nil, "no project.requires-python (see LP003)"
	}
	var out []checks.Finding
	lower := false
	for _, c := range strings.Split(rp, ",") {
		c = strings.TrimSpace(c)
		switch {
		case strings.HasPrefix(c, ">"), strings.HasPrefix(c, "~="):
			lower = true
		case strings.HasPrefix(c, "==") && !strings.HasPrefix(c, "==="):
			lower = true
		}
		if strings.HasPrefix(c, "<") || strings.HasPrefix(c, "~=") || (strings.HasPrefix(c, "==") && strings.Contains(c, "*")) {
			out = append(out, p.at("LP004", "project.requires-python",
				fmt.Sprintf("requires-python %q caps the Python version (%s); drop the upper bound so users on newer Pythons can install", rp, c)))
		}
	}
	if !lower {
		out = append(out, p.at("LP004", "project.requires-python",
			fmt.Sprintf("requires-python %q has no lower bound; use e.g. \">=3.10\"", rp)))
	}
	return out, ""
}

func licenseFiles() []string {
	return []string{"LICENSE", "LICENSE.txt", "LICENSE.md", "LICENSE.rst", "LICENCE", "LICENCE.txt", "LICENCE.md", "COPYING", "COPYING.txt", "LICENSES"}
}

func (lr layoutRes) lp005(r *checks.Repo, p *pyproj, _ checks.Options) ([]checks.Finding, string) {
	var out []checks.Finding
	found := false
	for _, n := range licenseFiles() {
		if hasFile(r, n) || hasDir(r, n) {
			found = true
			break
		}
	}
	proj := tbl(p.doc, "project")
	if lf := strList(proj["license-files"]); len(lf) > 0 {
		for _, f := range r.Files {
			for _, g := range lf {
				if ok, _ := path.Match(g, f.Path); ok {
					found = true
				}
			}
		}
	}
	if !found {
		out = append(out, finding("LP005", "", 0, 0, "no LICENSE file at the project root; add one matching project.license"))
	}
	switch lic := proj["license"].(type) {
	case nil:
		if proj != nil {
			out = append(out, p.at("LP005", "project", "[project] has no `license`; add an SPDX expression, e.g. license = \"MIT\" (PEP 639)"))
		}
	case string:
		if bad := lr.badSPDX(lic); bad != "" {
			out = append(out, p.at("LP005", "project.license", fmt.Sprintf("project.license %q: %s is not a known SPDX identifier; use an SPDX expression such as \"MIT\" or \"Apache-2.0\"", lic, bad)))
		}
		for _, c := range strList(proj["classifiers"]) {
			if strings.HasPrefix(c, "License ::") {
				out = append(out, p.at("LP005", "project.classifiers", fmt.Sprintf("classifier %q duplicates project.license; remove License :: classifiers (PEP 639 forbids both)", c)))
			}
		}
	case map[string]any:
		out = append(out, p.at("LP005", "project.license", "project.license is a table (legacy {text/file}); use an SPDX expression string and `license-files` (PEP 639)"))
	}
	return out, ""
}

// badSPDX returns the first unknown identifier of an SPDX expression, or "".
func (lr layoutRes) badSPDX(expr string) string {
	for _, t := range lr.spdxTok.FindAllString(expr, -1) {
		switch strings.ToUpper(t) {
		case "(", ")", "AND", "OR", "WITH":
			continue
		}
		id := strings.TrimSuffix(t, "+")
		if strings.HasPrefix(id, "LicenseRef-") || strings.HasPrefix(id, "DocumentRef-") || knownSPDX(id) {
			continue
		}
		return t
	}
	return ""
}

// knownSPDX covers the licences and exceptions Python projects actually use;
// anything else is still accepted as LicenseRef-….
func knownSPDX(id string) bool {
	switch strings.ToLower(id) {
	case "mit", "mit-0", "apache-2.0", "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "bsd-4-clause", "0bsd",
		"isc", "mpl-2.0", "lgpl-2.1-only", "lgpl-2.1-or-later", "lgpl-3.0-only", "lgpl-3.0-or-later",
		"gpl-2.0-only", "gpl-2.0-or-later", "gpl-3.0-only", "gpl-3.0-or-later", "agpl-3.0-only", "agpl-3.0-or-later",
		"unlicense", "cc0-1.0", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "zlib", "psf-2.0",
		"python-2.0", "epl-2.0", "epl-1.0", "eupl-1.2", "artistic-2.0", "bsl-1.0", "wtfpl", "ncsa", "openssl",
		"afl-3.0", "apache-1.1", "upl-1.0", "hpnd", "ofl-1.1", "postgresql", "cecill-2.1", "cddl-1.0",
		"lgpl-2.0-only", "lgpl-2.0-or-later", "gpl-1.0-or-later", "mulanpsl-2.0", "blueoak-1.0.0",
		"llvm-exception", "classpath-exception-2.0", "gcc-exception-3.1", "openrail", "openrail++", "creativeml-openrail-m",
		"bigscience-openrail-m", "cc-by-3.0", "cc-by-sa-3.0", "cc-by-nc-nd-4.0", "odbl-1.0", "pddl-1.0", "odc-by-1.0",
		"proprietary", "none":
		return true
	}
	return false
}

func readmeNames() []string {
	return []string{"README.md", "README.rst", "README.txt", "README", "README.markdown"}
}

func lp006(r *checks.Repo, p *pyproj, _ checks.Options) ([]checks.Finding, string) {
	var out []checks.Finding
	have := ""
	for _, n := range readmeNames() {
		if hasFile(r, n) {
			have = n
			break
		}
	}
	if have == "" {
		out = append(out, finding("LP006", "", 0, 0, "no README at the project root; add README.md describing install and usage"))
	}
	proj := tbl(p.doc, "project")
	if proj == nil {
		return out, ""
	}
	switch rd := proj["readme"].(type) {
	case nil:
		if have != "" {
			out = append(out, p.at("LP006", "project", fmt.Sprintf("project.readme is not set; add readme = %q so PyPI shows it", have)))
		}
	case string:
		if !hasFile(r, rd) {
			out = append(out, p.at("LP006", "project.readme", fmt.Sprintf("project.readme points to %q, which does not exist", rd)))
		}
	case map[string]any:
		if f, ok := str(rd, "file"); ok && !hasFile(r, f) {
			out = append(out, p.at("LP006", "project.readme", fmt.Sprintf("project.readme.file points to %q, which does not exist", f)))
		}
	}
	return out, ""
}

func lp007(r *checks.Repo, p *pyproj, _ checks.Options) ([]checks.Finding, string) {
	name, _ := str(tbl(p.doc, "project"), "name")
	if name == "" {
		name, _ = str(tbl(p.doc, "tool", "poetry"), "name")
	}
	if name == "" {
		return nil, "no project name (see LP003)"
	}
	if pm, ok := tbl(p.doc, "tool", "poetry")["package-mode"].(bool); ok && !pm {
		return nil, "poetry package-mode = false: not a distributable package"
	}
	if tbl(p.doc, "build-system") == nil && tbl(p.doc, "tool", "uv") != nil {
		if pk, ok := tbl(p.doc, "tool", "uv")["package"].(bool); ok && !pk {
			return nil, "tool.uv.package = false: not a distributable package"
		}
	}
	want := strings.ReplaceAll(normName(name), "-", "_")
	// Packages: directories holding __init__.py directly under src/ or the root;
	// single modules count too.
	pkgs := map[string]string{}
	for _, f := range r.Files {
		parts := strings.Split(f.Path, "/")
		switch {
		case len(parts) == 3 && parts[0] == "src" && parts[2] == "__init__.py":
			pkgs[parts[1]] = "src/" + parts[1]
		case len(parts) == 2 && parts[1] == "__init__.py" && parts[0] != "tests" && parts[0] != "test" && parts[0] != "docs":
			pkgs[parts[0]] = parts[0]
		case len(parts) == 2 && parts[0] == "src" && strings.HasSuffix(parts[1], ".py"):
			pkgs[strings.TrimSuffix(parts[1], ".py")] = f.Path
		case len(parts) >= 3 && parts[0] == "src" && strings.HasSuffix(f.Path, ".py"):
			// Namespace packages (PEP 420) have no __init__.py at the top.
			if _, ok := pkgs[parts[1]]; !ok {
				pkgs[parts[1]] = "src/" + parts[1]
			}
		}
	}
	if _, ok := pkgs[want]; ok {
		return nil, ""
	}
	// Build backends can map other directories; honour the common settings.
	for _, k := range [][]string{{"tool", "hatch", "build", "targets", "wheel"}, {"tool", "setuptools"}, {"tool", "poetry"}, {"tool", "flit", "module"}, {"tool", "pdm", "build"}} {
		t := tbl(p.doc, k...)
		if t == nil {
			continue
		}
		if _, ok := t["packages"]; ok {
			return nil, ""
		}
		if _, ok := t["package-dir"]; ok {
			return nil, ""
		}
		if _, ok := t["name"]; ok && k[1] == "flit" {
			return nil, ""
		}
	}
	if len(pkgs) == 0 {
		return []checks.Finding{p.at("LP007", "project.name", fmt.Sprintf("no importable package found; create src/%s/__init__.py (src layout) or %s/__init__.py", want, want))}, ""
	}
	names := make([]string, 0, len(pkgs))
	for n := range pkgs {
		names = append(names, pkgs[n])
	}
	sort.Strings(names)
	return []checks.Finding{p.at("LP007", "project.name", fmt.Sprintf("distribution %q would be imported as %q, but the package found is %s; rename it or configure the build backend's packages", name, want, strings.Join(names, ", ")))}, ""
}

func lp008(r *checks.Repo, p *pyproj, _ checks.Options) ([]checks.Finding, string) {
	var out []checks.Finding
	hasTests := hasDir(r, "tests") || hasDir(r, "test")
	if !hasTests {
		for _, f := range r.Files {
			parts := strings.Split(f.Path, "/")
			if len(parts) >= 4 && parts[0] == "src" && (parts[2] == "tests" || parts[2] == "test") {
				hasTests = true
				break
			}
		}
	}
	if !hasTests {
		out = append(out, finding("LP008", "", 0, 0, "no tests/ directory (or src/<pkg>/tests); add tests so the test gate has something to run"))
	}
	cfg := tbl(p.doc, "tool", "pytest") != nil || hasFile(r, "pytest.ini") || hasFile(r, ".pytest.ini")
	if !cfg {
		for _, n := range []string{"tox.ini", "setup.cfg"} {
			sec := "[pytest]"
			if n == "setup.cfg" {
				sec = "[tool:pytest]"
			}
			if strings.Contains(string(repoData(r, n)), sec) {
				cfg = true
			}
		}
	}
	if !cfg {
		out = append(out, finding("LP008", pyprojectPath, 1, 1, "no pytest configuration; add [tool.pytest.ini_options] with testpaths = [\"tests\"]"))
	}
	return out, ""
}

func lp012(r *checks.Repo, p *pyproj, _ checks.Options) ([]checks.Finding, string) {
	var out []checks.Finding
	dup := func(table, file, winner, why string) {
		if tbl(p.doc, strings.Split(table, ".")...) == nil || !hasFile(r, file) {
			return
		}
		out = append(out, p.at("LP012", table, fmt.Sprintf("[%s] and %s both configure the tool; %s wins (%s) — merge them into one place", table, file, winner, why)))
	}
	dup("tool.ruff", "ruff.toml", "ruff.toml", "ruff prefers ruff.toml over pyproject.toml")
	dup("tool.ruff", ".ruff.toml", ".ruff.toml", "ruff prefers .ruff.toml over pyproject.toml")
	dup("tool.pytest.ini_options", "pytest.ini", "pytest.ini", "pytest.ini takes precedence even when empty")
	if t := tbl(p.doc, "tool", "pytest"); t != nil && (len(t) > 1 || t["ini_options"] == nil) {
		// pytest 9 reads native [tool.pytest] settings besides ini_options.
		dup("tool.pytest", "pytest.ini", "pytest.ini", "pytest.ini takes precedence even when empty")
	}
	dup("tool.pytest.ini_options", ".pytest.ini", ".pytest.ini", ".pytest.ini takes precedence")
	dup("tool.coverage", ".coveragerc", ".coveragerc", "coverage reads .coveragerc first")
	dup("tool.mypy", "mypy.ini", "mypy.ini", "mypy reads mypy.ini first")
	dup("tool.mypy", ".mypy.ini", ".mypy.ini", "mypy reads .mypy.ini before pyproject.toml")
	if tbl(p.doc, "tool", "pytest") != nil {
		for _, n := range []string{"tox.ini", "setup.cfg"} {
			sec := "[pytest]"
			if n == "setup.cfg" {
				sec = "[tool:pytest]"
			}
			if d := repoData(r, n); strings.Contains(string(d), sec) {
				out = append(out, p.at("LP012", "tool.pytest", fmt.Sprintf("[tool.pytest] and %s %s both configure pytest; pyproject.toml wins and %s is ignored — delete it", n, sec, sec)))
			}
		}
	}
	if tbl(p.doc, "tool", "coverage") != nil {
		for _, n := range []string{"setup.cfg", "tox.ini"} {
			if d := repoData(r, n); strings.Contains(string(d), "[coverage:") {
				out = append(out, p.at("LP012", "tool.coverage", fmt.Sprintf("[tool.coverage] and %s [coverage:*] both configure coverage; %s wins (read earlier) — keep one", n, n)))
			}
		}
	}
	return out, ""
}

// lp014Samples are paths that a Python/ML .gitignore must ignore, with the
// pattern to suggest.
func lp014Samples() []struct{ sample, suggest string } {
	return []struct{ sample, suggest string }{
		{"pkg/__pycache__/mod.cpython-312.pyc", "__pycache__/"},
		{".venv/bin/python", ".venv/"},
		{"nb/.ipynb_checkpoints/a-checkpoint.ipynb", ".ipynb_checkpoints/"},
		{"mlruns/0/meta.yaml", "mlruns/"},
		{"wandb/run-1/files/config.yaml", "wandb/"},
		{"lightning_logs/version_0/hparams.yaml", "lightning_logs/"},
		{"outputs/2024-01-01/run.log", "outputs/"},
		{"checkpoints/model.ckpt", "*.ckpt"},
	}
}

func lp014(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	data := repoData(r, ".gitignore")
	if data == nil {
		return []checks.Finding{finding("LP014", ".gitignore", 0, 0,
			"no .gitignore; add one covering __pycache__/, .venv/, .ipynb_checkpoints/, mlruns/, wandb/, lightning_logs/, outputs/, *.ckpt")}, ""
	}
	gi := parseGitignore(data)
	var missing []string
	for _, s := range lp014Samples() {
		if !gi.ignored(s.sample) {
			missing = append(missing, s.suggest)
		}
	}
	if len(missing) == 0 {
		return nil, ""
	}
	return []checks.Finding{finding("LP014", ".gitignore", 1, 1,
		".gitignore does not cover "+strings.Join(missing, ", ")+"; add these patterns")}, ""
}

// gitignore is a small matcher for one .gitignore file: enough to decide
// whether common artefact paths are covered (last matching rule wins).
type gitignore []giRule

type giRule struct {
	pat     string
	neg     bool
	dirOnly bool
	anchor  bool
}

func parseGitignore(data []byte) gitignore {
	var g gitignore
	eachLine(data, func(_, _ int, ln []byte) bool {
		s := strings.TrimRight(string(ln), " \t")
		if s == "" || strings.HasPrefix(s, "#") {
			return true
		}
		var rl giRule
		if strings.HasPrefix(s, "!") {
			rl.neg, s = true, s[1:]
		}
		if strings.HasSuffix(s, "/") {
			rl.dirOnly, s = true, strings.TrimSuffix(s, "/")
		}
		if strings.HasPrefix(s, "/") {
			rl.anchor, s = true, s[1:]
		} else if strings.Contains(s, "/") && !strings.HasPrefix(s, "**/") {
			rl.anchor = true
		}
		s = strings.TrimPrefix(s, "**/")
		rl.pat = s
		g = append(g, rl)
		return true
	})
	return g
}

// ignored reports whether a file path (or one of its parent directories) is ignored.
func (g gitignore) ignored(p string) bool {
	parts := strings.Split(p, "/")
	res := false
	for _, rl := range g {
		for i := range parts {
			isDir := i < len(parts)-1
			if rl.dirOnly && !isDir {
				continue
			}
			var ok bool
			if rl.anchor {
				ok, _ = path.Match(strings.TrimSuffix(rl.pat, "/**"), strings.Join(parts[:i+1], "/"))
			} else {
				ok, _ = path.Match(rl.pat, parts[i])
			}
			if ok {
				res = !rl.neg
				break
			}
		}
	}
	return res
}
