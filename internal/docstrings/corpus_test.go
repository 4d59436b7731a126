package docstrings

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pythonMinor asks interrogate's interpreter for its 3.x minor version: ast.parse accepts
// the syntax of that version only, so the corpus leaves newer syntax out.
func pythonMinor(t *testing.T, python string) int {
	t.Helper()
	out, err := exec.Command(python, "-c", "import sys; print(sys.version_info[1])").Output()
	if err != nil {
		t.Fatalf("%s: %v", python, err)
	}
	m, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestDifferentialFixtures measures every fixture with interrogate, file by file, grouped
// by the flags it needs, and requires the same figures (or an error from both).
func TestDifferentialFixtures(t *testing.T) {
	python := pythonOf(t, needInterrogate(t))
	minor := pythonMinor(t, python)
	groups := map[string][]fixture{}
	for _, f := range fixtures() {
		if f.py > minor {
			continue
		}
		key := strings.Join(f.args, "\x00")
		groups[key] = append(groups[key], f)
	}
	for key, fs := range groups {
		dir := t.TempDir()
		for _, f := range fs {
			if err := os.WriteFile(filepath.Join(dir, f.file()), []byte(f.src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		args := append([]string{"-c", "/dev/null", "--fail-under", "0"}, fs[0].args...)
		want := interrogatePerFile(t, python, dir, args)
		for _, f := range fs {
			w, ok := want[f.file()]
			if !ok {
				w.Skipped = true
			}
			switch {
			case f.err != "":
				if w.Err == "" {
					t.Errorf("%s: mlinit expects an error, interrogate measured %+v", f.name, w)
				}
			case w.Err != "":
				t.Errorf("%s: interrogate failed: %s", f.name, w.Err)
			case w.Total != f.total || w.Covered != f.covered:
				t.Errorf("%s (flags %q): interrogate says total %d covered %d, fixture says %d %d",
					f.name, strings.ReplaceAll(key, "\x00", " "), w.Total, w.Covered, f.total, f.covered)
			}
		}
	}
}

// corpusOption is an interrogate command line and the equivalent Options.
type corpusOption struct {
	args []string
	opts Options
}

func corpusOptions() []corpusOption {
	return []corpusOption{
		{},
		{args: []string{"-i"}, opts: Options{IgnoreInitMethod: true}},
		{args: []string{"-I"}, opts: Options{IgnoreInitModule: true}},
		{args: []string{"-m"}, opts: Options{IgnoreMagic: true}},
		{args: []string{"-M"}, opts: Options{IgnoreModule: true}},
		{args: []string{"-n"}, opts: Options{IgnoreNestedFunctions: true}},
		{args: []string{"-C"}, opts: Options{IgnoreNestedClasses: true}},
		{args: []string{"-O"}, opts: Options{IgnoreOverloadedFunctions: true}},
		{args: []string{"-p"}, opts: Options{IgnorePrivate: true}},
		{args: []string{"-P"}, opts: Options{IgnorePropertyDecorators: true}},
		{args: []string{"-S"}, opts: Options{IgnoreSetters: true}},
		{args: []string{"-s"}, opts: Options{IgnoreSemiprivate: true}},
		{args: []string{"-r", "^test", "-r", "help"}, opts: Options{IgnoreRegex: []string{"^test", "help"}}},
		{args: []string{"-w", "pub", "-w", "^pub_y$"}, opts: Options{WhitelistRegex: []string{"pub", "^pub_y$"}}},
		{args: []string{"--style", "google"}, opts: Options{DocstringStyle: "google"}},
		{args: []string{"--ext", "pyi"}, opts: Options{Ext: []string{"pyi"}}},
		{args: []string{"-e", "pkg0/sub1", "-e", "pkg1/m*", "-e", "missing"}, opts: Options{Exclude: []string{"pkg0/sub1", "pkg1/m*", "missing"}}},
		{args: []string{"--omit-covered-files"}, opts: Options{OmitCoveredFiles: true}},
		{
			args: []string{"-i", "-I", "-m", "-M", "-n", "-C", "-O", "-p", "-P", "-S", "-s"},
			opts: Options{
				IgnoreInitMethod: true, IgnoreInitModule: true, IgnoreMagic: true, IgnoreModule: true,
				IgnoreNestedFunctions: true, IgnoreNestedClasses: true, IgnoreOverloadedFunctions: true, IgnorePrivate: true,
				IgnorePropertyDecorators: true, IgnoreSetters: true, IgnoreSemiprivate: true,
			},
		},
	}
}

// runInterrogate runs the real CLI the way the acceptance test does and parses the
// TOTAL row of the -vv summary.
func runInterrogate(t *testing.T, bin, dir string, args []string) (total, missing, covered int) {
	t.Helper()
	cmd := exec.Command(bin, append(append([]string{"-c", "/dev/null", "--fail-under", "0", "-vv", "--no-color"}, args...), ".")...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("interrogate %v: %v\n%s", args, err, out)
	}
	totalRow := regexp.MustCompile(`(?m)^\|\s*TOTAL\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|`)
	m := totalRow.FindSubmatch(out)
	if m == nil {
		t.Fatalf("no TOTAL row in interrogate output:\n%s", out)
	}
	total, _ = strconv.Atoi(string(m[1]))
	missing, _ = strconv.Atoi(string(m[2]))
	covered, _ = strconv.Atoi(string(m[3]))
	return total, missing, covered
}

// TestDifferentialCorpus generates a tree of random Python files exercising the syntax and
// the file-discovery rules, and compares totals with `interrogate -c /dev/null
// --fail-under 0 -vv .` under every option.
func TestDifferentialCorpus(t *testing.T) {
	bin := needInterrogate(t)
	python := pythonOf(t, bin)
	minor := pythonMinor(t, python)
	dir := t.TempDir()
	n := writeCorpus(t, dir, 1, 240, minor)
	t.Logf("corpus: %d files, Python 3.%d", n, minor)
	for _, co := range corpusOptions() {
		name := strings.Join(co.args, " ")
		if name == "" {
			name = "defaults"
		}
		t.Run(name, func(t *testing.T) {
			total, missing, covered := runInterrogate(t, bin, dir, co.args)
			rep, err := Scan(context.Background(), dir, nil, co.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Errors) > 0 {
				t.Fatalf("mlinit rejected corpus files: %v", rep.Errors)
			}
			if rep.Total != total || rep.Covered != covered || rep.Missing != missing {
				t.Errorf("interrogate total/covered/missing %d/%d/%d, mlinit %d/%d/%d",
					total, covered, missing, rep.Total, rep.Covered, rep.Missing)
				_, _, bad := comparePerFile(t, python, dir, co.opts, append([]string{"-c", "/dev/null", "--fail-under", "0"}, co.args...))
				for _, m := range bad {
					t.Errorf("  %s: interrogate %+v, mlinit %+v", m.file, m.want, m.got)
				}
			} else {
				t.Logf("agree: total %d, covered %d, missing %d", total, covered, missing)
			}
		})
	}
}

// TestDifferentialStdlib compares file by file on the standard library (and whatever is
// installed in site-packages) of interrogate's own interpreter: thousands of real files.
func TestDifferentialStdlib(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the standard-library comparison")
	}
	python := pythonOf(t, needInterrogate(t))
	out, err := exec.Command(python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])").Output()
	if err != nil {
		t.Fatal(err)
	}
	stdlib := strings.TrimSpace(string(out))
	// Only the pure stdlib (no site-packages) keeps the run short enough for `make test`.
	dir := t.TempDir()
	if err := copyPythonTree(stdlib, dir, func(rel string) bool {
		return !strings.HasPrefix(rel, "site-packages") && !strings.HasPrefix(rel, "dist-packages")
	}); err != nil {
		t.Fatal(err)
	}
	agree, both, bad := comparePerFile(t, python, dir, Options{}, []string{"-c", "/dev/null", "--fail-under", "0"})
	t.Logf("stdlib %s: %d files agree, %d rejected by both, %d differ", stdlib, agree, both, len(bad))
	for _, m := range bad {
		if knownDeviation(m) {
			t.Logf("known deviation %s: interrogate %+v, mlinit %+v", m.file, m.want, m.got)
			continue
		}
		t.Errorf("%s: interrogate %+v, mlinit %+v", m.file, m.want, m.got)
	}
}

// knownDeviation: files interrogate cannot measure that mlinit measures on purpose. A UTF-8
// BOM is valid Python (ast.parse of bytes accepts it) but interrogate decodes with "utf-8"
// rather than "utf-8-sig" and fails on U+FEFF. An expression nested about 490 levels deep
// (e.g. a generated sum of 500 terms) overflows the recursion limit of interrogate's
// ast.NodeVisitor; such a file is valid Python and mlinit measures it.
func knownDeviation(m mismatch) bool {
	return m.got.Err == "" && (strings.Contains(m.want.Err, "U+FEFF") || strings.HasPrefix(m.want.Err, "RecursionError"))
}

// copyPythonTree copies the .py/.pyi files below src for which keep(rel) holds.
func copyPythonTree(src, dst string, keep func(rel string) bool) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if rel != "." && !keep(rel) {
				return filepath.SkipDir
			}
			return nil
		}
		isPython := strings.HasSuffix(p, ".py") || strings.HasSuffix(p, ".pyi")
		if !d.Type().IsRegular() || !isPython || !keep(rel) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// writeCorpus writes a deterministic tree of generated Python files plus the layout cases of
// interrogate's discovery (always-excluded directories, hidden directories, .pyi, __init__.py,
// symlinks) and returns the number of files written.
func writeCorpus(tb testing.TB, dir string, seed uint64, files, minor int) int {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 42))
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	dirs := []string{
		"", "pkg0", "pkg0/sub1", "pkg0/sub1/deep", "pkg1", "pkg1/mod", "pkg1/mx", ".hidden", "node_modules/lib",
		"build/lib", "venv_old", ".venv2", "a-b", "a",
	}
	count := 0
	for i := 0; i < files; i++ {
		d := dirs[r.IntN(len(dirs))]
		name := fmt.Sprintf("m%d.py", i)
		switch r.IntN(12) {
		case 0:
			name = "__init__.py"
		case 1:
			name = fmt.Sprintf("stub%d.pyi", i)
		}
		write(filepath.Join(d, name), genModule(r, minor))
		count++
	}
	// Always excluded by interrogate: these directories at the top of the scanned path.
	for _, d := range []string{".venv", "venv", ".git", ".hg", ".tox", "venvX"} {
		write(filepath.Join(d, "x.py"), "def not_counted(): pass\n")
		count++
	}
	write("pkg0/.venv/y.py", "def counted(): pass\n") // only top-level ones are excluded
	write("pkg0/__init__.py", "")
	write("pkg1/__init__.py", "\"\"\"Package.\"\"\"\n")
	write("notpython.txt", "def x(): pass\n")
	write("pyfile_without_dot.notpy", "def x(): pass\n")
	count += 3
	// Symlinks: files are measured through a link, directories are not entered. (Where
	// symlinks cannot be created, e.g. unprivileged Windows, the case is left out.)
	write("target/t.py", "def linked(): pass\n")
	count++
	if os.Symlink(filepath.Join(dir, "pkg1"), filepath.Join(dir, "linked_dir")) == nil &&
		os.Symlink(filepath.Join(dir, "target", "t.py"), filepath.Join(dir, "linked_file.py")) == nil {
		count++
	}
	return count
}

// genModule returns a random, syntactically valid Python module for interpreter 3.minor.
func genModule(r *rand.Rand, minor int) string {
	g := &gen{r: r, minor: minor}
	switch r.IntN(3) {
	case 0:
		g.unit = "\t"
	case 1:
		g.unit = "  "
	default:
		g.unit = "    "
	}
	if r.IntN(3) == 0 {
		g.line(0, "#!/usr/bin/env python3")
	}
	if r.IntN(4) == 0 {
		g.line(0, "# -*- coding: utf-8 -*-")
	}
	if r.IntN(2) == 0 {
		g.docstring(0)
	}
	for n := r.IntN(6); n > 0; n-- {
		g.stmt(0, 0)
	}
	out := g.b.String()
	if r.IntN(5) == 0 {
		out = strings.ReplaceAll(out, "\n", "\r\n")
	}
	if r.IntN(10) == 0 {
		out = strings.TrimSuffix(out, "\n")
	}
	return out
}

type gen struct {
	r     *rand.Rand
	minor int
	unit  string
	b     strings.Builder
	n     int
}

func (g *gen) line(depth int, s string) {
	g.b.WriteString(strings.Repeat(g.unit, depth))
	g.b.WriteString(s)
	g.b.WriteString("\n")
}

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) docstringText() string {
	return g.pick(`"""Doc."""`, `'doc'`, `r"doc"`, `u'doc'`, `b"doc"`, `f"doc"`, `""`, `"   "`, `("a" "b")`, `"a" 'b'`,
		`"\t"`, `"x".strip()`, `'\x41'`, `R'''raw'''`, `("doc")`, `"" f"x"`, `"doc",`, `"\N{SPACE}"`, `rb"x"`, `Rf"{1}"`)
}

func (g *gen) docstring(depth int) {
	if g.r.IntN(3) == 0 {
		g.line(depth, "\"\"\"")
		g.line(depth, "Multi-line.")
		g.line(depth, "\"\"\"")
		return
	}
	g.line(depth, g.docstringText())
}

func (g *gen) name() string {
	g.n++
	base := g.pick("f", "_f", "__f", "__f__", "__init__", "__repr__", "test_x", "pub_y", "helper", "prop", "value", "_x__")
	if g.r.IntN(2) == 0 {
		return base
	}
	if strings.HasSuffix(base, "__") {
		return base[:len(base)-2] + strconv.Itoa(g.n) + "__"
	}
	return base + strconv.Itoa(g.n)
}

func (g *gen) decorators(depth int) {
	for n := g.r.IntN(3); n > 0; n-- {
		g.line(depth, g.pick("@property", "@prop.setter", "@prop.deleter", "@prop.getter", "@overload", "@typing.overload",
			"@staticmethod", "@functools.wraps(\n"+strings.Repeat(g.unit, depth+1)+"f)", "@(property)", "@t.overload", "@a.b.setter"))
		if g.r.IntN(5) == 0 {
			g.line(depth, "# between decorators")
		}
	}
}

func (g *gen) body(depth, nest int) {
	if g.r.IntN(2) == 0 {
		if g.r.IntN(4) == 0 {
			g.line(depth, "# leading comment")
		}
		g.docstring(depth)
	}
	n := g.r.IntN(3)
	if nest >= 4 {
		n = 0
	}
	for ; n > 0; n-- {
		g.stmt(depth, nest+1)
	}
	g.line(depth, g.pick("pass", "x = 1", "return None", "...", "y = lambda: 'not a doc'"))
}

func (g *gen) stmt(depth, nest int) {
	k := g.r.IntN(12)
	if nest >= 4 && k < 7 {
		k = 9
	}
	switch k {
	case 0, 1, 2:
		g.decorators(depth)
		kw := g.pick("def", "def", "async def")
		params := g.pick("()", "(self)", "(self, x: int = 1, *args, **kw)", "(\n"+strings.Repeat(g.unit, depth+2)+"a,\n"+strings.Repeat(g.unit, depth+2)+"b=(1,\n2),\n"+strings.Repeat(g.unit, depth)+")", "(a, /, b, *, c)")
		if g.minor >= 12 && g.r.IntN(6) == 0 {
			params = "[T, *Ts, **P]" + params
		}
		ret := g.pick("", " -> int", ` -> "Fwd"`, " -> dict[str, int]")
		if g.r.IntN(5) == 0 {
			g.line(depth, fmt.Sprintf("%s %s%s%s: %s", kw, g.name(), params, ret, g.pick(g.docstringText(), "pass", "return 1", `"doc"; return 2`)))
			return
		}
		g.line(depth, fmt.Sprintf("%s %s%s%s:", kw, g.name(), params, ret))
		g.body(depth+1, nest)
	case 3, 4:
		g.decorators(depth)
		bases := g.pick("", "(object)", "(Base, metaclass=Meta)", "(\n"+strings.Repeat(g.unit, depth+1)+"Base,\n"+strings.Repeat(g.unit, depth)+")")
		if g.minor >= 12 && g.r.IntN(6) == 0 {
			bases = "[T: int]" + bases
		}
		if g.r.IntN(6) == 0 {
			g.line(depth, fmt.Sprintf("class %s%s: %s", g.name(), bases, g.pick(g.docstringText(), "pass")))
			return
		}
		g.line(depth, fmt.Sprintf("class %s%s:", g.name(), bases))
		g.body(depth+1, nest)
	case 5, 6:
		head := g.pick("if x:", "for i in range(3):", "while False:", "with open(p) as fh, ctx():", "try:", "async with a:")
		if strings.HasPrefix(head, "async") {
			head = "if y:"
		}
		g.line(depth, head)
		g.stmt(depth+1, nest+1)
		switch head {
		case "try:":
			g.line(depth, "except (ValueError, TypeError) as e:")
			g.stmt(depth+1, nest+1)
			g.line(depth, "finally:")
			g.line(depth+1, "pass")
		case "if x:":
			g.line(depth, "elif z:")
			g.stmt(depth+1, nest+1)
			g.line(depth, "else:")
			g.stmt(depth+1, nest+1)
		}
	case 7:
		if g.minor >= 10 {
			g.line(depth, "match command.split():")
			g.line(depth+1, `case [action, *rest] if rest:`)
			g.stmt(depth+2, nest+1)
			g.line(depth+1, `case {"k": v, **kw}:`)
			g.stmt(depth+2, nest+1)
			g.line(depth+1, "case _:")
			g.line(depth+2, "match = case = type = 1")
		} else {
			g.line(depth, "match = 1")
		}
	case 8:
		g.line(depth, g.pick(`s = "def fake(): pass"`, `s = '''`+"\nclass Fake:\n    \"\"\"doc\"\"\"\n"+`'''`, `d = {"a": [1,`+"\n"+`2], 'b': f"{x!r:>{w}}"}`,
			`q = f'{a["k"]}' + rf"\d{b}"`, `x = 1 + \`+"\n"+strings.Repeat(g.unit, depth)+"    2", `t = ("a"`+"\n"+`"b")`, "# def commented(): pass\n"+strings.Repeat(g.unit, depth)+"pass"))
	case 9:
		g.line(depth, g.pick("pass", "x = 1", "y = [i for i in range(3) if i]", "z = lambda a, b=lambda: 1: a"))
	case 10:
		if g.minor >= 12 {
			g.line(depth, g.pick(`s = f"{"nested"}"`, `s = f"{f"{f"{1}"}"}"`, `type Alias[T] = list[T]`, `s = f"{'\n'.join(x)}"`))
		} else {
			g.line(depth, `s = f"{'nested'}"`)
		}
	default:
		g.line(depth, "")
		g.line(depth, "pass")
	}
}
