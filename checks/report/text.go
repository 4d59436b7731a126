// Package report prints a check run: text for people, json, sarif, junit and
// GitHub workflow commands for machines. Every printer is deterministic: the
// engine sorts results and findings, and the elapsed time is printed only when
// the caller sets it.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/engine"
)

// Options are what every printer may need besides the report.
type Options struct {
	Version string // mlinit's version, for machine formats
	Color   bool   // ANSI colour (text only)
	// ShowElapsed prints Report.Elapsed in the text summary; golden tests leave
	// it off.
	ShowElapsed bool
	// PathPrefix is prepended to paths in the github and sarif formats: the
	// project's directory inside the repository ("services/model/"), since GitHub
	// resolves those paths from the repository top.
	PathPrefix string
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

type painter bool

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (p painter) severity(s checks.Severity) string {
	switch s {
	case checks.Error:
		return p.paint(ansiRed, "error")
	case checks.Warning:
		return p.paint(ansiYellow, "warning")
	default:
		return p.paint(ansiCyan, "info")
	}
}

// Location renders path:line:col, leaving out what is unknown; repository-wide
// findings are shown as "(repository)".
func Location(f checks.Finding) string {
	if f.Path == "" {
		return "(repository)"
	}
	s := f.Path
	if f.Line > 0 {
		s += fmt.Sprintf(":%d", f.Line)
		if f.Column > 0 {
			s += fmt.Sprintf(":%d", f.Column)
		}
	}
	return s
}

// Text prints findings grouped by check, then skipped, ignored and fixed checks,
// errors, and one summary line.
func Text(w io.Writer, rep *engine.Report, opts Options) error {
	p := painter(opts.Color)
	var b strings.Builder
	for _, r := range rep.Results {
		if len(r.Findings) == 0 {
			continue
		}
		unfixed := 0
		for _, f := range r.Findings {
			if !f.Fixed {
				unfixed++
			}
		}
		head := fmt.Sprintf("%s %s", p.paint(ansiBold, r.Check.ID), r.Check.Title)
		if unfixed == 0 {
			head += p.paint(ansiGreen, fmt.Sprintf(" (%d fixed)", len(r.Findings)))
		} else {
			head += fmt.Sprintf(" (%s)", plural(unfixed, "finding"))
		}
		b.WriteString(head + "\n")
		for _, f := range r.Findings {
			line := fmt.Sprintf("  %s: %s %s: %s", Location(f), r.Check.ID, p.severity(f.Severity), oneLine(f.Message))
			if f.Fixed {
				line += p.paint(ansiGreen, " (fixed)")
			}
			b.WriteString(line + "\n")
		}
		if u := r.Check.DocsURL(); u != "" && unfixed > 0 {
			b.WriteString(p.paint(ansiDim, "  see "+u) + "\n")
		}
		b.WriteString("\n")
	}
	var skipped []*checks.Result
	for _, r := range rep.Results {
		if r.Status == checks.Skip {
			skipped = append(skipped, r)
		}
	}
	if len(skipped) > 0 {
		b.WriteString("Skipped:\n")
		for _, r := range skipped {
			fmt.Fprintf(&b, "  %s %s: %s\n", r.Check.ID, r.Check.Title, oneLine(r.Reason))
		}
	}
	if len(rep.Ignored) > 0 {
		b.WriteString("Ignored by configuration:\n")
		for _, ig := range rep.Ignored {
			reason := ig.Reason
			if reason == "" {
				reason = "no reason given"
			}
			fmt.Fprintf(&b, "  %s %s: %s\n", ig.Meta.ID, ig.Meta.Title, oneLine(reason))
		}
	}
	if len(rep.Fixes) > 0 {
		b.WriteString("Fixed:\n")
		for _, fx := range rep.Fixes {
			fmt.Fprintf(&b, "  %s (%s)\n", fx.Path, fx.CheckID)
		}
	}
	if len(rep.Errors) > 0 {
		b.WriteString(p.paint(ansiRed, "Errors:") + "\n")
		for _, e := range rep.Errors {
			fmt.Fprintf(&b, "  %s\n", oneLine(e))
		}
	}
	for _, r := range rep.Results {
		if r.Docstrings != nil {
			writeDocstringTable(&b, r.Docstrings)
		}
	}
	b.WriteString(summaryLine(rep, p, opts.ShowElapsed) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeDocstringTable prints docstring coverage per file and in total, laid out like
// the summary table of `interrogate -vv`.
func writeDocstringTable(b *strings.Builder, d *checks.DocstringCoverage) {
	width := len("TOTAL")
	for _, f := range d.Files {
		width = max(width, len(f.Path))
	}
	row := func(name, total, miss, cover string) {
		fmt.Fprintf(b, "| %-*s | %5s | %5s | %6s |\n", width, name, total, miss, cover)
	}
	rule := "|" + strings.Repeat("-", width+2) + "|-------|-------|--------|\n"
	b.WriteString("Docstring coverage:\n")
	row("Name", "Total", "Miss", "Cover")
	b.WriteString(rule)
	for _, f := range d.Files {
		row(f.Path, fmt.Sprint(f.Total), fmt.Sprint(f.Missing), fmt.Sprintf("%.0f%%", f.Percent))
	}
	b.WriteString(rule)
	row("TOTAL", fmt.Sprint(d.Total), fmt.Sprint(d.Missing), fmt.Sprintf("%.1f%%", d.Percent))
	fmt.Fprintf(b, "RESULT: %.1f%% (%d of %d), fail-under %g%%\n\n", d.Percent, d.Covered, d.Total, d.FailUnder)
}

func summaryLine(rep *engine.Report, p painter, elapsed bool) string {
	c := rep.Count()
	verdict := p.paint(ansiGreen, "OK")
	switch {
	case len(rep.Errors) > 0:
		verdict = p.paint(ansiRed, "ERROR")
	case rep.Failed():
		verdict = p.paint(ansiRed, "FAIL")
	}
	parts := []string{
		fmt.Sprintf("%s: %s: %d passed, %d failed, %d skipped, %d ignored", verdict, plural(c.Checks, "check"), c.Passed, c.Failed, c.Skipped, c.Ignored),
		fmt.Sprintf("%s, %s, %d info", plural(c.Errors, "error"), plural(c.Warnings, "warning"), c.Infos),
	}
	if c.Fixed > 0 {
		parts = append(parts, fmt.Sprintf("%d fixed", c.Fixed))
	}
	if rep.Suppressed > 0 {
		parts = append(parts, fmt.Sprintf("%d suppressed inline", rep.Suppressed))
	}
	var last []string
	if rep.Files > 0 {
		last = append(last, plural(rep.Files, "file"))
	}
	if elapsed && rep.Elapsed > 0 {
		last = append(last, "in "+FormatDuration(rep.Elapsed))
	}
	if len(last) > 0 {
		parts = append(parts, strings.Join(last, " "))
	}
	return strings.Join(parts, "; ") + fmt.Sprintf(" (fail level: %s)", rep.FailLevel)
}

// FormatDuration rounds for people: 43ms, 1.2s, 2m3s.
func FormatDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	default:
		return d.Round(time.Second).String()
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// oneLine keeps multi-line messages on one line of text output.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
