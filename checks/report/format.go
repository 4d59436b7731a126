package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/mlinit/mlinit/checks/engine"
)

// Format names.
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatSARIF  = "sarif"
	FormatJUnit  = "junit"
	FormatGitHub = "github"
)

// Formats lists the accepted names, in help order.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatSARIF, FormatJUnit, FormatGitHub}
}

// Spec is one --format value: a printer and where it writes ("" = stdout).
type Spec struct {
	Name string
	Path string
}

// ParseSpecs reads --format values ("json", "sarif=out.sarif"). At most one of
// the text, json, sarif and junit printers may write to stdout (github's
// workflow commands may share it: the runner reads them from the log).
func ParseSpecs(vals []string) ([]Spec, error) {
	var out []Spec
	stdout := ""
	seen := map[Spec]bool{}
	for _, v := range vals {
		for _, part := range strings.Split(v, ",") {
			name, path, _ := strings.Cut(strings.TrimSpace(part), "=")
			ok := false
			for _, f := range Formats() {
				ok = ok || f == name
			}
			if !ok {
				return nil, fmt.Errorf("invalid value %q for --format: accepted values are %s, each optionally =PATH",
					part, strings.Join(Formats(), ", "))
			}
			if strings.Contains(part, "=") && path == "" {
				return nil, fmt.Errorf("--format %s=: the file name is empty", name)
			}
			if name == FormatGitHub && path != "" {
				return nil, fmt.Errorf("--format github writes workflow commands to stdout and the summary to $GITHUB_STEP_SUMMARY; it takes no file")
			}
			s := Spec{Name: name, Path: path}
			if seen[s] {
				continue
			}
			seen[s] = true
			if path == "" && name != FormatGitHub {
				if stdout != "" {
					return nil, fmt.Errorf("--format %s and --format %s both write to stdout; send one to a file with %s=PATH", stdout, name, name)
				}
				stdout = name
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// Write prints rep in the named format (github prints annotations only; the
// caller writes the job summary with GitHubSummary).
func Write(w io.Writer, name string, rep *engine.Report, opts Options) error {
	switch name {
	case FormatText:
		return Text(w, rep, opts)
	case FormatJSON:
		return JSON(w, rep, opts)
	case FormatSARIF:
		return SARIF(w, rep, opts)
	case FormatJUnit:
		return JUnit(w, rep)
	case FormatGitHub:
		return GitHubAnnotations(w, rep, GitHubOptions{PathPrefix: opts.PathPrefix})
	}
	return fmt.Errorf("unknown format %q", name)
}
