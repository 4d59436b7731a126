package gates

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/mlinit/mlinit/checks"
)

// sphinxWarning matches "path:line: WARNING: message" (also ERROR/CRITICAL).
var sphinxWarning = regexp.MustCompile(`^(.+?):(\d+)?:? ?(WARNING|ERROR|CRITICAL): (.*)$`) //nolint:gochecknoglobals // compiled once, read-only

// docsBuilder picks the docs builder: configured, or detected from mkdocs.yml,
// docs/conf.py or docs/source/conf.py.
func (g *gateRun) docsBuilder() (builder, srcDir string) {
	root := g.env.Root
	sphinxSrc := ""
	for _, d := range []string{"docs", filepath.Join("docs", "source"), "doc"} {
		if exists(filepath.Join(root, d, "conf.py")) {
			sphinxSrc = d
			break
		}
	}
	mkdocs := exists(filepath.Join(root, "mkdocs.yml")) || exists(filepath.Join(root, "mkdocs.yaml"))
	switch g.env.Config.Gates.Docs.Tool {
	case "none":
		return "", ""
	case "mkdocs":
		return "mkdocs", ""
	case "sphinx":
		if sphinxSrc == "" {
			sphinxSrc = "docs"
		}
		return "sphinx", sphinxSrc
	}
	switch {
	case mkdocs:
		return "mkdocs", ""
	case sphinxSrc != "":
		return "sphinx", sphinxSrc
	}
	return "", ""
}

func (g *gateRun) docs(ctx context.Context) {
	gc := g.env.Config.Gates.Docs
	if !enabled(gc) {
		g.skip("GT006", "docs gate disabled in [tool.mlinit.gates.docs]")
		g.skip("GT007", "docs gate disabled in [tool.mlinit.gates.docs]")
		return
	}
	if g.selected("GT006") {
		g.docstrings(ctx)
	}
	if !g.selected("GT007") {
		return
	}
	builder, src := g.docsBuilder()
	var argv []string
	switch {
	case len(gc.Command) > 0:
		argv = append([]string(nil), gc.Command...)
	case builder == "mkdocs":
		argv = []string{"mkdocs", "build", "--strict", "--site-dir", filepath.Join(g.env.TempDir, "site")}
	case builder == "sphinx":
		argv = []string{"sphinx-build", "-W", "--keep-going", "-q", "-b", "html", src, filepath.Join(g.env.TempDir, "html")}
	default:
		g.skip("GT007", "no docs to build (no mkdocs.yml or docs/conf.py)")
		return
	}
	out, err := g.run(ctx, gc, argv)
	if err != nil {
		g.fault(Docs, err, "GT007")
		return
	}
	if out.ExitCode == 0 {
		g.pass("GT007", "")
		return
	}
	fs := g.parseDocsOutput(out, builder)
	if len(fs) == 0 {
		if out.ExitCode > 2 || out.ExitCode < 0 {
			g.fault(Docs, crash(argv[0], out), "GT007")
			return
		}
		fs = []checks.Finding{{Message: fmt.Sprintf("%s failed (exit %d): %s", argv[0], out.ExitCode, lastLines(out, 3))}}
	}
	g.fail("GT007", fs)
}

// parseDocsOutput collects the warnings that make a strict build fail.
func (g *gateRun) parseDocsOutput(out Output, builder string) []checks.Finding {
	var fs []checks.Finding
	conf := "mkdocs.yml"
	if builder != "mkdocs" {
		conf = ""
	}
	sc := bufio.NewScanner(bytes.NewReader(append(append([]byte(nil), out.Stderr...), out.Stdout...)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if m := sphinxWarning.FindStringSubmatch(line); m != nil && builder != "mkdocs" {
			n, _ := strconv.Atoi(m[2])
			fs = append(fs, checks.Finding{Path: g.rel(m[1]), Line: n, Message: m[3] + ": " + m[4]})
			continue
		}
		for _, level := range []string{"WARNING", "ERROR"} {
			if msg, ok := strings.CutPrefix(line, level); ok {
				msg = strings.TrimLeft(msg, " -:")
				fs = append(fs, checks.Finding{Path: conf, Message: level + ": " + msg})
			}
		}
	}
	return fs
}

func lastLines(out Output, n int) string {
	s := strings.TrimSpace(string(out.Stderr) + "\n" + string(out.Stdout))
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " / ")
}

// docstrings runs the docstring-coverage hook over the whole configured scope.
func (g *gateRun) docstrings(ctx context.Context) {
	interrogate := table(g.env.Config.Pyproject, "tool", "interrogate")
	override := table(g.env.Config.Pyproject, "tool", "mlinit", "docs")
	// Unconfigured projects are measured with interrogate's defaults, as interrogate
	// itself would measure them.
	if g.env.DocsCoverage == nil {
		g.skip("GT006", "docstring coverage scanner not available in this build")
		return
	}
	res, err := g.env.DocsCoverage(ctx, g.env.Root, interrogate, override)
	if err != nil {
		g.fault(Docs, fmt.Errorf("docstring coverage: %w", err), "GT006")
		return
	}
	summary := fmt.Sprintf("docstring coverage %.1f%% (%d/%d), fail-under %g%%", res.Percent, res.Covered, res.Total, res.FailUnder)
	fs := append([]checks.Finding(nil), res.Errors...)
	for i := range fs {
		fs[i].Severity = checks.Error
		fs[i].Message = "not measured: " + fs[i].Message
	}
	if !res.Passed {
		fs = append(fs, checks.Finding{Path: "pyproject.toml", Message: summary + ": below the threshold"})
	}
	// Undocumented objects are listed even when the total passes: they are info
	// findings (unless configured otherwise) and do not fail the run by themselves.
	for _, f := range res.Findings {
		if f.Severity == 0 {
			f.Severity = checks.Info
		}
		fs = append(fs, f)
	}
	if len(fs) == 0 {
		g.pass("GT006", summary).Docstrings = res.Coverage
		return
	}
	r := g.fail("GT006", fs)
	r.Docstrings, r.Reason = res.Coverage, summary
}
