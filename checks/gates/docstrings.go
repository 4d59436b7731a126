package gates

import (
	"context"
	"errors"
	"fmt"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/internal/docstrings"
)

// Docstrings is the production DocsCoverageFunc: mlinit's own interrogate-compatible
// scanner over the whole configured scope of the project, whatever files were named.
func Docstrings(ctx context.Context, root string, interrogate, override map[string]any) (*DocsCoverageResult, error) {
	opts := docstrings.DefaultOptions()
	if interrogate != nil {
		o, err := docstrings.OptionsFromPyproject(interrogate)
		if err != nil {
			return nil, fmt.Errorf("[tool.interrogate]: %w", err)
		}
		opts = o
	}
	if override != nil {
		o, err := opts.Override(override)
		if err != nil {
			return nil, fmt.Errorf("[tool.mlinit.docs]: %w", err)
		}
		opts = o
	}
	rep, err := docstrings.Scan(ctx, root, nil, opts)
	if errors.Is(err, docstrings.ErrNoFiles) {
		// Nothing to measure is not a failure of the project: interrogate's exit 1
		// here is about its command line, and a repo without Python has no docstrings.
		rep, err = &docstrings.Report{Percent: 100, FailUnder: opts.FailUnder}, nil
	}
	if err != nil {
		return nil, err
	}
	return docsResult(rep), nil
}

func docsResult(rep *docstrings.Report) *DocsCoverageResult {
	cov := &checks.DocstringCoverage{
		Total: rep.Total, Covered: rep.Covered, Missing: rep.Missing,
		Percent: rep.Percent, FailUnder: rep.FailUnder, Files: []checks.DocstringFile{},
	}
	for _, f := range rep.Files {
		cov.Files = append(cov.Files, checks.DocstringFile{Path: f.Path, Total: f.Total, Covered: f.Covered, Missing: f.Missing, Percent: f.Percent})
	}
	res := &DocsCoverageResult{
		Covered: rep.Covered, Total: rep.Total, Percent: rep.Percent, FailUnder: rep.FailUnder,
		Passed: rep.Passed(), Coverage: cov,
	}
	for _, n := range rep.Missed {
		line := n.Line
		if line == 0 {
			line = 1 // a module's docstring belongs at the top of the file
		}
		res.Findings = append(res.Findings, checks.Finding{
			Path: n.File, Line: line, Severity: checks.Info,
			Message: fmt.Sprintf("%s %s has no docstring", n.Kind, n.Name),
		})
	}
	for _, e := range rep.Errors {
		res.Errors = append(res.Errors, checks.Finding{Path: e.File, Line: e.Line, Column: e.Col, Message: e.Msg})
	}
	return res
}
