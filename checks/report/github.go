package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/engine"
)

// GitHub shows at most 10 annotations of each type per step and silently drops
// the rest (checks.md §6); a job summary may hold at most 1 MiB per step.
const (
	annotationsPerType = 10
	// SummaryLimit is GitHub's cap on $GITHUB_STEP_SUMMARY for one step.
	SummaryLimit = 1 << 20
)

// EscapeData escapes a workflow command's message (actions/toolkit command.ts).
func EscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// EscapeProperty escapes a workflow command property value: the data escapes
// plus ':' and ','.
func EscapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

type annotated struct {
	f    checks.Finding
	meta checks.Meta
}

func command(s checks.Severity) string {
	switch s {
	case checks.Error:
		return "error"
	case checks.Warning:
		return "warning"
	default:
		return "notice"
	}
}

// GitHubOptions say where the overflow is to be found.
type GitHubOptions struct {
	// SeeAlso names where every finding can be read ("the job summary", a SARIF
	// file), for the overflow notice.
	SeeAlso string
	// PathPrefix is the project's directory inside the repository (see Options).
	PathPrefix string
}

// GitHubAnnotations prints workflow commands: errors first, then warnings, then
// notices, at most 10 of each; when findings are left out, one last notice says
// how many and where to see them (so it takes the place of the tenth notice).
func GitHubAnnotations(w io.Writer, rep *engine.Report, opts GitHubOptions) error {
	var all []annotated
	for _, r := range rep.Results {
		for _, f := range r.Findings {
			if !f.Fixed {
				all = append(all, annotated{f: f, meta: r.Check.Meta})
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].f.Severity > all[j].f.Severity })
	var b strings.Builder
	// Errors of the run itself (a missing tool) come first and share the error
	// budget: they explain why the verdict cannot be trusted.
	runErrs := rep.Errors
	omitted := 0
	if len(runErrs) > annotationsPerType {
		omitted += len(runErrs) - annotationsPerType
		runErrs = runErrs[:annotationsPerType]
	}
	for _, e := range runErrs {
		fmt.Fprintf(&b, "::error title=%s::%s\n", EscapeProperty("mlinit"), EscapeData(e))
	}
	limits := map[checks.Severity]int{
		checks.Error:   annotationsPerType - len(runErrs),
		checks.Warning: annotationsPerType,
		checks.Info:    annotationsPerType,
	}
	total := map[checks.Severity]int{}
	for _, a := range all {
		total[a.f.Severity]++
	}
	overflow := omitted > 0
	for sev, n := range total {
		overflow = overflow || n > limits[sev]
	}
	if overflow {
		limits[checks.Info]-- // the overflow notice is a notice too
	}
	shown := map[checks.Severity]int{}
	for _, a := range all {
		if shown[a.f.Severity] >= limits[a.f.Severity] {
			omitted++
			continue
		}
		shown[a.f.Severity]++
		props := []string{}
		if a.f.Path != "" {
			props = append(props, "file="+EscapeProperty(opts.PathPrefix+a.f.Path))
			if a.f.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", a.f.Line))
				if a.f.Column > 0 {
					props = append(props, fmt.Sprintf("col=%d", a.f.Column))
				}
			}
		}
		props = append(props, "title="+EscapeProperty(a.meta.ID+" "+a.meta.Title))
		fmt.Fprintf(&b, "::%s %s::%s\n", command(a.f.Severity), strings.Join(props, ","), EscapeData(a.f.Message))
	}
	if omitted > 0 {
		see := opts.SeeAlso
		if see == "" {
			see = "the job summary"
		}
		fmt.Fprintf(&b, "::notice title=%s::%s\n", EscapeProperty("mlinit: more findings"),
			EscapeData(fmt.Sprintf("%d more %s not annotated (GitHub shows at most %d per type per step); see %s for all %d",
				omitted, pluralWord(omitted, "finding"), annotationsPerType, see, len(all)+len(rep.Errors))))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func pluralWord(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}

// GitHubSummary writes a Markdown job summary of at most budget bytes: a verdict,
// a count table, then one <details> block per family with its findings. When the
// budget runs out, the rest is replaced by a truncation notice.
func GitHubSummary(w io.Writer, rep *engine.Report, budget int, opts Options) error {
	c := rep.Count()
	var head strings.Builder
	verdict := "✅ passed"
	switch {
	case len(rep.Errors) > 0:
		verdict = "⚠️ could not complete"
	case rep.Failed():
		verdict = "❌ failed"
	}
	fmt.Fprintf(&head, "## mlinit check: %s\n\n", verdict)
	head.WriteString("| checks | passed | failed | skipped | ignored | errors | warnings | info | fixed |\n")
	head.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(&head, "| %d | %d | %d | %d | %d | %d | %d | %d | %d |\n\n", c.Checks, c.Passed, c.Failed, c.Skipped, c.Ignored,
		c.Errors, c.Warnings, c.Infos, c.Fixed)
	for _, e := range rep.Errors {
		fmt.Fprintf(&head, "> [!WARNING]\n> %s\n\n", mdEscape(e))
	}
	const notice = "\n> [!NOTE]\n> The summary was cut to stay under GitHub's 1 MiB limit; the json or sarif output has every finding.\n"
	var blocks []string
	var fams []string
	byFam := map[string][]*checks.Result{}
	for _, r := range rep.Results {
		f := r.Check.Family()
		if _, ok := byFam[f]; !ok {
			fams = append(fams, f)
		}
		byFam[f] = append(byFam[f], r)
	}
	for _, fam := range fams {
		var b strings.Builder
		n := 0
		for _, r := range byFam[fam] {
			n += len(r.Findings)
		}
		fmt.Fprintf(&b, "<details><summary><b>%s</b>: %s</summary>\n\n", fam, plural(n, "finding"))
		b.WriteString("| check | status | location | severity | message |\n|---|---|---|---|---|\n")
		for _, r := range byFam[fam] {
			status := r.Status.String()
			if r.Status == checks.Skip && r.Reason != "" {
				status += ": " + mdEscape(r.Reason)
			}
			if len(r.Findings) == 0 {
				fmt.Fprintf(&b, "| [%s](%s) %s | %s | | | |\n", r.Check.ID, r.Check.DocsURL(), mdEscape(r.Check.Title), status)
				continue
			}
			for _, f := range r.Findings {
				msg := mdEscape(f.Message)
				if f.Fixed {
					msg += " (fixed)"
				}
				fmt.Fprintf(&b, "| [%s](%s) | %s | `%s` | %s | %s |\n", r.Check.ID, r.Check.DocsURL(), status,
					strings.ReplaceAll(Location(f), "`", "'"), f.Severity, msg)
			}
		}
		b.WriteString("\n</details>\n\n")
		blocks = append(blocks, b.String())
	}
	if len(rep.Ignored) > 0 {
		var b strings.Builder
		b.WriteString("<details><summary>Ignored by configuration</summary>\n\n")
		for _, ig := range rep.Ignored {
			fmt.Fprintf(&b, "- **%s** %s: %s\n", ig.Meta.ID, mdEscape(ig.Meta.Title), mdEscape(ig.Reason))
		}
		b.WriteString("\n</details>\n\n")
		blocks = append(blocks, b.String())
	}
	out := head.String()
	if len(out)+len(notice) > budget {
		return nil // not even the header fits: write nothing rather than break the step
	}
	for _, blk := range blocks {
		if len(out)+len(blk)+len(notice) > budget {
			// Cut inside the block at a line boundary, closing the details element.
			room := budget - len(out) - len(notice) - len("\n</details>\n")
			if room > 0 {
				cut := blk[:room]
				if i := strings.LastIndexByte(cut, '\n'); i >= 0 {
					out += cut[:i+1] + "\n</details>\n"
				}
			}
			out += notice
			_, err := io.WriteString(w, out)
			return err
		}
		out += blk
	}
	_, err := io.WriteString(w, out)
	return err
}

// mdEscape keeps a message inside one Markdown table cell.
func mdEscape(s string) string {
	s = strings.NewReplacer("|", `\|`, "\r", "", "\n", "<br>", "<", "&lt;", ">", "&gt;").Replace(s)
	return s
}
