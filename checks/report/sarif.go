package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/config"
	"github.com/mlinit/mlinit/checks/engine"
)

// GitHub code scanning limits (checks.md §6): at most 25,000 results per run and
// 20 runs per file. Results beyond them are dropped with a notification rather
// than making the upload fail.
const (
	sarifMaxResultsPerRun = 25000
	sarifMaxRuns          = 20
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name,omitempty"`
	ShortDescription     sarifText     `json:"shortDescription"`
	FullDescription      sarifText     `json:"fullDescription"`
	HelpURI              string        `json:"helpUri,omitempty"`
	Help                 sarifHelp     `json:"help"`
	DefaultConfiguration sarifRuleConf `json:"defaultConfiguration"`
	Properties           sarifProps    `json:"properties"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifProps struct {
	Tags []string `json:"tags"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// SARIFLevel maps a severity to a SARIF result level.
func SARIFLevel(s checks.Severity) string {
	switch s {
	case checks.Error:
		return "error"
	case checks.Warning:
		return "warning"
	default:
		return "note"
	}
}

// PathURI turns a slash path into a relative URI reference (spaces and other
// reserved characters escaped; a colon in the first segment made unambiguous).
func PathURI(p string) string {
	return (&url.URL{Path: p}).String()
}

func helpText(m checks.Meta) (text, markdown string) {
	if m.Help != "" {
		return m.Help, m.Help + "\n\nSee " + m.DocsURL()
	}
	return m.Title + ". See " + m.DocsURL(), fmt.Sprintf("%s. See [%s](%s).", m.Title, m.ID, m.DocsURL())
}

// sarifLocationOf places a finding. GitHub code scanning rejects the whole file
// when any result has no location, and places results by their start line, so
// a finding about the whole project (no path: a missing README or LICENSE)
// points at the project's pyproject.toml, where the project is declared and
// mlinit is configured, and a finding about a whole file at its first line.
func sarifLocationOf(f checks.Finding, prefix string) sarifLocation {
	path, region := f.Path, sarifRegion{StartLine: f.Line, StartColumn: f.Column}
	if path == "" {
		path, region = config.FileName, sarifRegion{}
	}
	if region.StartLine <= 0 {
		region = sarifRegion{StartLine: 1}
	}
	return sarifLocation{PhysicalLocation: sarifPhysical{
		ArtifactLocation: sarifArtifact{URI: PathURI(prefix + path), URIBaseID: "%SRCROOT%"},
		Region:           region,
	}}
}

// SARIF prints a SARIF 2.1.0 log. Rules are the checks that ran; fixed findings
// are left out (they no longer exist); every result has one location (see
// sarifLocationOf).
func SARIF(w io.Writer, rep *engine.Report, opts Options) error {
	driver := sarifDriver{Name: "mlinit", Version: opts.Version, InformationURI: "https://github.com/mlinit/mlinit", Rules: []sarifRule{}}
	index := map[string]int{}
	var results []sarifResult
	for _, r := range rep.Results {
		m := r.Check.Meta
		index[m.ID] = len(driver.Rules)
		text, md := helpText(m)
		driver.Rules = append(driver.Rules, sarifRule{
			ID: m.ID, ShortDescription: sarifText{Text: m.Title}, FullDescription: sarifText{Text: text},
			HelpURI: m.DocsURL(), Help: sarifHelp{Text: text, Markdown: md},
			DefaultConfiguration: sarifRuleConf{Level: SARIFLevel(m.Severity)},
			Properties:           sarifProps{Tags: []string{"mlinit", m.Family(), ScopeName(m.Scope)}},
		})
		for _, f := range r.Findings {
			if f.Fixed {
				continue
			}
			res := sarifResult{RuleID: m.ID, RuleIndex: index[m.ID], Level: SARIFLevel(f.Severity), Message: sarifText{Text: f.Message}}
			if res.Message.Text == "" {
				res.Message.Text = m.Title
			}
			res.Locations = []sarifLocation{sarifLocationOf(f, opts.PathPrefix)}
			results = append(results, res)
		}
	}
	inv := sarifInvocation{ExecutionSuccessful: len(rep.Errors) == 0}
	for _, e := range rep.Errors {
		inv.Notifications = append(inv.Notifications, sarifNotification{Level: "error", Message: sarifText{Text: e}})
	}
	if limit := sarifMaxResultsPerRun * sarifMaxRuns; len(results) > limit {
		inv.Notifications = append(inv.Notifications, sarifNotification{Level: "warning", Message: sarifText{
			Text: fmt.Sprintf("%d results left out: GitHub accepts at most %d per SARIF file; see the json output for all", len(results)-limit, limit),
		}})
		results = results[:limit]
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0"}
	for start := 0; start == 0 || start < len(results); start += sarifMaxResultsPerRun {
		chunk := results[start:min(start+sarifMaxResultsPerRun, len(results))]
		if chunk == nil {
			chunk = []sarifResult{}
		}
		log.Runs = append(log.Runs, sarifRun{
			Tool: sarifTool{Driver: driver}, Invocations: []sarifInvocation{inv},
			Results: chunk, ColumnKind: "unicodeCodePoints",
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}
