package toolcheck

import (
	"fmt"
	"io"
	"strings"

	"github.com/rhysd/actionlint"
)

// Actionlint lints workflow files with actionlint as a library, running shellcheck
// (path given) over every run: block. It returns one line per finding.
func Actionlint(shellcheck string, paths ...string) ([]string, error) {
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{Shellcheck: shellcheck})
	if err != nil {
		return nil, err
	}
	errs, err := l.LintFiles(paths, nil)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s [%s]", e.Filepath, e.Line, e.Column, strings.TrimSpace(e.Message), e.Kind))
	}
	return out, nil
}
