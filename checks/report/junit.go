package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/engine"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",chardata"`
}

// JUnit prints one test case per check, one suite per family, so CI systems that
// render JUnit (GitLab, Jenkins, Azure) show every gate. A check fails when it has
// an unfixed finding at or above the fail level; findings below it are listed in
// system-out. Ignored checks are skipped test cases carrying the reason; errors
// of the run are an extra errored case.
func JUnit(w io.Writer, rep *engine.Report) error {
	suites := junitSuites{Name: "mlinit check"}
	byFamily := map[string]*junitSuite{}
	var order []string
	suite := func(family string) *junitSuite {
		if s, ok := byFamily[family]; ok {
			return s
		}
		byFamily[family] = &junitSuite{Name: "mlinit." + family}
		order = append(order, family)
		return byFamily[family]
	}
	for _, r := range rep.Results {
		m := r.Check.Meta
		s := suite(m.Family())
		tc := junitCase{Name: m.ID + " " + m.Title, Classname: "mlinit." + m.Family()}
		var failing, other []string
		for _, f := range r.Findings {
			line := fmt.Sprintf("%s: %s: %s", Location(f), f.Severity, f.Message)
			if f.Fixed {
				other = append(other, line+" (fixed)")
			} else if f.Severity >= rep.FailLevel {
				failing = append(failing, line)
			} else {
				other = append(other, line)
			}
		}
		switch {
		case len(failing) > 0:
			tc.Failure = &junitMessage{
				Message: fmt.Sprintf("%s at or above %s", plural(len(failing), "finding"), rep.FailLevel),
				Type:    m.Severity.String(), Body: strings.Join(failing, "\n"),
			}
			s.Failures++
		case r.Status == checks.Skip:
			tc.Skipped = &junitMessage{Message: r.Reason}
			s.Skipped++
		}
		if len(other) > 0 {
			tc.SystemOut = strings.Join(other, "\n")
		}
		s.Cases = append(s.Cases, tc)
		s.Tests++
	}
	for _, ig := range rep.Ignored {
		s := suite(ig.Meta.Family())
		reason := "ignored by configuration"
		if ig.Reason != "" {
			reason += ": " + ig.Reason
		}
		s.Cases = append(s.Cases, junitCase{
			Name: ig.Meta.ID + " " + ig.Meta.Title, Classname: "mlinit." + ig.Meta.Family(),
			Skipped: &junitMessage{Message: reason},
		})
		s.Tests++
		s.Skipped++
	}
	if len(rep.Errors) > 0 {
		s := suite("run")
		s.Cases = append(s.Cases, junitCase{
			Name: "mlinit check completed", Classname: "mlinit.run",
			Error: &junitMessage{Message: plural(len(rep.Errors), "error"), Body: strings.Join(rep.Errors, "\n")},
		})
		s.Tests++
		s.Errors++
	}
	for _, fam := range order {
		s := byFamily[fam]
		suites.Suites = append(suites.Suites, *s)
		suites.Tests += s.Tests
		suites.Failures += s.Failures
		suites.Errors += s.Errors
		suites.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(suites); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
