package gates

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/mlinit/mlinit/checks"
)

// ruffDiagnostic is one entry of `ruff check --output-format json`.
type ruffDiagnostic struct {
	Code     *string `json:"code"`
	Message  string  `json:"message"`
	Filename string  `json:"filename"`
	URL      *string `json:"url"`
	Location struct {
		Row    int `json:"row"`
		Column int `json:"column"`
	} `json:"location"`
}

// lintToolchain decides between ruff and the classic tools from the project's
// configuration: ruff when configured or when nothing is, classic when only
// black/isort/flake8 are configured.
func (g *gateRun) lintToolchain() (tool string, classic []string) {
	py := g.env.Config.Pyproject
	root := g.env.Root
	has := map[string]bool{
		"ruff":   table(py, "tool", "ruff") != nil || exists(filepath.Join(root, "ruff.toml")) || exists(filepath.Join(root, ".ruff.toml")),
		"black":  table(py, "tool", "black") != nil,
		"isort":  table(py, "tool", "isort") != nil || exists(filepath.Join(root, ".isort.cfg")),
		"flake8": exists(filepath.Join(root, ".flake8")) || fileContains(filepath.Join(root, "setup.cfg"), "[flake8]") || fileContains(filepath.Join(root, "tox.ini"), "[flake8]"),
	}
	for _, t := range []string{"black", "isort", "flake8"} {
		if has[t] {
			classic = append(classic, t)
		}
	}
	switch g.env.Config.Gates.Lint.Tool {
	case "ruff":
		return "ruff", nil
	case "classic":
		if len(classic) == 0 {
			classic = []string{"black", "isort", "flake8"}
		}
		return "classic", classic
	}
	if !has["ruff"] && len(classic) > 0 {
		return "classic", classic
	}
	return "ruff", nil
}

func (g *gateRun) lint(ctx context.Context) {
	gc := g.env.Config.Gates.Lint
	if !enabled(gc) {
		g.skip("GT001", "lint gate disabled in [tool.mlinit.gates.lint]")
		g.skip("GT002", "lint gate disabled in [tool.mlinit.gates.lint]")
		return
	}
	tool, classic := g.lintToolchain()
	if tool == "classic" {
		g.lintClassic(ctx, classic)
		return
	}
	if g.selected("GT001") {
		argv := []string{"ruff", "check", "--output-format", "json", "--no-cache", "--exit-zero"}
		if g.env.Fix {
			argv = append(argv, "--fix")
		}
		if len(gc.Command) > 0 {
			argv = append(append([]string(nil), gc.Command...), "--output-format", "json")
		}
		out, err := g.run(ctx, gc, argv)
		switch {
		case err != nil:
			g.fault(Lint, err, "GT001")
		case out.ExitCode != 0 && out.ExitCode != 1:
			g.fault(Lint, crash("ruff check", out), "GT001")
		default:
			fs, perr := g.parseRuff(out.Stdout)
			if perr != nil {
				g.fault(Lint, perr, "GT001")
			} else {
				g.fail("GT001", fs)
			}
		}
	}
	if g.selected("GT002") {
		argv := []string{"ruff", "format", "--check", "--no-cache"}
		if g.env.Fix {
			argv = []string{"ruff", "format", "--no-cache"}
		}
		out, err := g.run(ctx, gc, argv)
		switch {
		case err != nil:
			g.fault(Lint, err, "GT002")
		case g.env.Fix && out.ExitCode == 0:
			g.pass("GT002", strings.TrimSpace(string(out.Stdout)))
		case out.ExitCode == 0 || out.ExitCode == 1:
			g.fail("GT002", g.wouldReformat(out, "Would reformat: "))
		default:
			g.fault(Lint, crash("ruff format", out), "GT002")
		}
	}
}

func (g *gateRun) parseRuff(stdout []byte) ([]checks.Finding, error) {
	var diags []ruffDiagnostic
	if err := json.Unmarshal(bytes.TrimSpace(stdout), &diags); err != nil {
		return nil, fmt.Errorf("reading ruff's JSON output: %w", err)
	}
	fs := make([]checks.Finding, 0, len(diags))
	for _, d := range diags {
		msg := d.Message
		if d.Code != nil && *d.Code != "" {
			msg = *d.Code + " " + msg
		}
		if d.URL != nil && *d.URL != "" {
			msg += " (" + *d.URL + ")"
		}
		fs = append(fs, checks.Finding{Path: g.rel(d.Filename), Line: d.Location.Row, Column: d.Location.Column, Message: msg})
	}
	return fs, nil
}

// wouldReformat turns "Would reformat: path" (ruff) or "would reformat path"
// (black, on stderr) lines into whole-file findings.
func (g *gateRun) wouldReformat(out Output, prefix string) []checks.Finding {
	var fs []checks.Finding
	for _, stream := range [][]byte{out.Stdout, out.Stderr} {
		sc := bufio.NewScanner(bytes.NewReader(stream))
		for sc.Scan() {
			if p, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), prefix); ok {
				fs = append(fs, checks.Finding{Path: g.rel(strings.TrimSpace(p)), Message: "file is not formatted; run the formatter or mlinit check --fix"})
			}
		}
	}
	return fs
}

var (
	flake8Line = regexp.MustCompile(`^(.+?):(\d+):(\d+): (\S+) (.*)$`)                               //nolint:gochecknoglobals // compiled once, read-only
	isortLine  = regexp.MustCompile(`^ERROR: (.+?) Imports are incorrectly sorted and/or formatted`) //nolint:gochecknoglobals // compiled once, read-only
)

func (g *gateRun) lintClassic(ctx context.Context, tools []string) {
	gc := g.env.Config.Gates.Lint
	var formatFindings []checks.Finding
	formatRan, formatFailed := false, false
	for _, t := range tools {
		switch t {
		case "flake8":
			if !g.selected("GT001") {
				continue
			}
			out, err := g.run(ctx, gc, []string{"flake8", "--format=default", "."})
			if err != nil {
				g.fault(Lint, err, "GT001")
				continue
			}
			if out.ExitCode != 0 && out.ExitCode != 1 {
				g.fault(Lint, crash("flake8", out), "GT001")
				continue
			}
			var fs []checks.Finding
			sc := bufio.NewScanner(bytes.NewReader(out.Stdout))
			for sc.Scan() {
				if m := flake8Line.FindStringSubmatch(sc.Text()); m != nil {
					line, _ := strconv.Atoi(m[2])
					col, _ := strconv.Atoi(m[3])
					fs = append(fs, checks.Finding{Path: g.rel(m[1]), Line: line, Column: col, Message: m[4] + " " + m[5]})
				}
			}
			if out.ExitCode == 1 && len(fs) == 0 {
				g.fault(Lint, crash("flake8", out), "GT001")
				continue
			}
			g.fail("GT001", fs)
		case "black", "isort":
			if !g.selected("GT002") {
				continue
			}
			argv := []string{"black", "--check", "."}
			if t == "isort" {
				argv = []string{"isort", "--check-only", "."}
			}
			if g.env.Fix {
				argv = []string{t, "."}
			}
			out, err := g.run(ctx, gc, argv)
			if err != nil {
				g.fault(Lint, err)
				formatFailed = true
				continue
			}
			formatRan = true
			if g.env.Fix && out.ExitCode == 0 {
				continue
			}
			switch {
			case t == "black" && (out.ExitCode == 0 || out.ExitCode == 1):
				formatFindings = append(formatFindings, g.wouldReformat(out, "would reformat ")...)
			case t == "isort" && (out.ExitCode == 0 || out.ExitCode == 1):
				sc := bufio.NewScanner(bytes.NewReader(append(append([]byte(nil), out.Stderr...), out.Stdout...)))
				for sc.Scan() {
					if m := isortLine.FindStringSubmatch(sc.Text()); m != nil {
						formatFindings = append(formatFindings, checks.Finding{Path: g.rel(m[1]), Message: "imports are not sorted (isort)"})
					}
				}
			default:
				g.fault(Lint, crash(t, out))
				formatFailed = true
			}
		}
	}
	switch {
	case formatFailed:
		g.skip("GT002", "a formatter could not run (see errors)")
	case formatRan:
		g.fail("GT002", formatFindings)
	case g.selected("GT002"):
		g.skip("GT002", "no formatter configured (black, isort)")
	}
	if g.selected("GT001") && !contains(tools, "flake8") {
		g.skip("GT001", "no linter configured (flake8)")
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
