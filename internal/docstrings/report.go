package docstrings

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteTable prints the report like `interrogate -vv`: a detailed table of every node, a
// per-file summary, the total line and the result against FailUnder. Files that could not
// be measured follow.
func (r *Report) WriteTable(w io.Writer) {
	var detail [][]string
	for _, f := range r.Files {
		if r.omitCovered && f.Percent == 100 {
			continue
		}
		for _, n := range f.Nodes {
			name := strings.Repeat("  ", n.Level)
			status := "COVERED"
			if !n.Covered {
				status = "MISSED"
			}
			if n.Type == Module {
				name += f.Path + " (module)"
				if !n.Counted {
					name, status = f.Path, ""
				}
			} else {
				short := n.Name
				if i := strings.LastIndexByte(short, '.'); i >= 0 {
					short = short[i+1:]
				}
				name += fmt.Sprintf("%s (L%d)", short, n.Line)
			}
			detail = append(detail, []string{name, status})
		}
		detail = append(detail, nil)
	}
	if len(detail) > 0 {
		fmt.Fprintln(w, "Detailed Coverage")
		writeRows(w, []string{"Name", "Status"}, detail, []bool{false, true})
		fmt.Fprintln(w)
	}

	var rows [][]string
	for _, f := range r.Files {
		if r.omitCovered && f.Percent == 100 {
			continue
		}
		rows = append(rows, []string{
			f.Path, strconv.Itoa(f.Total), strconv.Itoa(f.Missing),
			strconv.Itoa(f.Covered), strconv.FormatFloat(f.Percent, 'f', 0, 64) + "%",
		})
	}
	if len(rows) > 0 {
		rows = append(rows, nil)
	}
	rows = append(rows, []string{
		"TOTAL", strconv.Itoa(r.Total), strconv.Itoa(r.Missing),
		strconv.Itoa(r.Covered), strconv.FormatFloat(r.Percent, 'f', 1, 64) + "%",
	})
	fmt.Fprintln(w, "Summary")
	writeRows(w, []string{"Name", "Total", "Miss", "Cover", "Cover%"}, rows, []bool{false, true, true, true, true})

	status := "PASSED"
	if !r.Passed() {
		status = "FAILED"
	}
	fmt.Fprintf(w, "RESULT: %s (minimum: %s%%, actual: %.1f%%)\n", status, pyFloat(r.FailUnder), r.Percent)
	for _, e := range r.Errors {
		fmt.Fprintf(w, "ERROR: %s\n", e.Error())
	}
}

// pyFloat formats like Python's str(float): shortest repr, always with a fractional part.
func pyFloat(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEnN") {
		s += ".0"
	}
	return s
}

// writeRows prints a pipe table; a nil row is a separator.
func writeRows(w io.Writer, header []string, rows [][]string, right []bool) {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = len(h)
	}
	for _, row := range rows {
		for i, c := range row {
			if l := len([]rune(c)); l > widths[i] {
				widths[i] = l
			}
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range cells {
			pad := strings.Repeat(" ", widths[i]-len([]rune(c)))
			if right[i] {
				b.WriteString(" " + pad + c + " |")
			} else {
				b.WriteString(" " + c + pad + " |")
			}
		}
		fmt.Fprintln(w, b.String())
	}
	sep := func() {
		var b strings.Builder
		b.WriteString("|")
		for _, wd := range widths {
			b.WriteString(strings.Repeat("-", wd+2) + "|")
		}
		fmt.Fprintln(w, b.String())
	}
	line(header)
	sep()
	for i, row := range rows {
		if row == nil {
			if i != len(rows)-1 {
				sep()
			}
			continue
		}
		line(row)
	}
}
