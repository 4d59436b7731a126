package project

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
)

// Defaults are the answers `--yes` takes. The name comes from the base name of
// dir (normalised when that makes it valid); Package and DVCRemote stay empty
// because Validate derives them from Name and Data.
func Defaults(dir string, year int) Answers {
	a := Answers{Name: defaultName(dir), Year: year, Notebooks: true}
	for _, c := range Choices() {
		if c.Key != "dvc-remote" {
			_ = a.Set(c.Key, c.Values[0])
		}
	}
	return a
}

func defaultName(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Base(dir)
}

// Rule is one combination rule: when Key has one of Values, Needs must have one
// of Allowed. Options not named by a rule combine freely.
type Rule struct {
	Key     string
	Values  []string
	Needs   string
	Allowed []string
	Why     string
}

// CombinationRules is the one table of combinations that cannot work. The README
// prints it; Validate and the form enforce it.
//
// Deliberately absent: env=conda with any python (conda-forge carries every
// supported Python), tracking=tensorboard without torch (projects log through
// tensorboardX), docker with any env manager (each has a builder stage).
func CombinationRules() []Rule {
	return []Rule{
		{
			Key: "docker", Values: []string{"cuda"},
			Needs: "framework", Allowed: []string{"pytorch", "lightning"},
			Why: "a CUDA image only pays off for a GPU framework",
		},
		{
			Key: "dvc-remote", Values: []string{"local", "s3", "gcs", "gdrive"},
			Needs: "data", Allowed: []string{"dvc"},
			Why: "a DVC remote needs DVC",
		},
	}
}

// Problem is one reason the answers are invalid. Its message names the option as
// a flag (--key); ValidationError.Where can name it as an answers-file key.
type Problem struct {
	Key      string   // option at fault
	Value    string   // offending value
	Reason   string   // what is wrong, lower case
	Accepted []string // accepted values, when they are a short list
	Other    string   // the other option of a combination rule
	OtherVal string   // its value
	Derived  bool     // Value was derived from --name, not given
}

func (p *Problem) Error() string { return p.Message(flagName) }

// Message formats the problem, naming options through where.
func (p *Problem) Message(where func(string) string) string {
	if p.Other != "" {
		return fmt.Sprintf("%s: %q needs %s to be %s, not %q (%s)", where(p.Key), p.Value,
			where(p.Other), strings.Join(p.Accepted, " or "), p.OtherVal, p.Reason)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %q", where(p.Key), p.Value)
	if p.Derived {
		fmt.Fprintf(&b, " (derived from %s)", where("name"))
	}
	b.WriteString(" " + p.Reason)
	if len(p.Accepted) > 0 {
		b.WriteString(" " + strings.Join(p.Accepted, ", "))
	}
	if p.Derived {
		fmt.Fprintf(&b, "; pass %s to choose another", where("package"))
	}
	return b.String()
}

func flagName(key string) string { return "--" + key }

// ValidationError lists every problem found, one line each.
type ValidationError struct {
	Problems []Problem
	// Where names an option for the user; nil means as a flag (--key).
	Where func(key string) string
}

func (e *ValidationError) Error() string {
	where := e.Where
	if where == nil {
		where = flagName
	}
	lines := make([]string, len(e.Problems))
	for i := range e.Problems {
		lines[i] = e.Problems[i].Message(where)
	}
	return strings.Join(lines, "\n")
}

// Keys returns the options at fault (including the other side of combinations).
func (e *ValidationError) Keys() []string {
	var keys []string
	for _, p := range e.Problems {
		keys = append(keys, p.Key)
		if p.Other != "" {
			keys = append(keys, p.Other)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// Validate is the one check of answers, shared by flags, the form and answers
// files. It returns the answers completed and normalised (name PEP 503-normalised,
// package derived from the name when empty, dvc-remote defaulted to local with
// data=dvc), notes saying what normalisation changed, and a *ValidationError
// listing every problem.
func Validate(a Answers) (Answers, []string, error) {
	var notes []string
	var probs []Problem

	if why := checkName(a.Name); why != "" {
		probs = append(probs, Problem{Key: "name", Value: a.Name, Reason: why})
	} else if n := NormalizeName(a.Name); n != a.Name {
		notes = append(notes, fmt.Sprintf("name %q normalised to %q (PEP 503)", a.Name, n))
		a.Name = n
	}
	derived := a.Package == ""
	if derived && len(probs) == 0 {
		a.Package = DerivePackage(a.Name)
	}
	if a.Package != "" || !derived {
		if why := checkPackage(a.Package); why != "" {
			probs = append(probs, Problem{Key: "package", Value: a.Package, Reason: why, Derived: derived})
		}
	}
	for _, k := range []string{"description", "author", "email"} {
		if p := checkText(k, a.Get(k)); p != nil {
			probs = append(probs, *p)
		}
	}
	if a.Year < 1000 || a.Year > 9999 {
		probs = append(probs, Problem{Key: "year", Value: a.Get("year"), Reason: "must be a four-digit year"})
	}
	if a.Data == "dvc" && a.DVCRemote == "" {
		a.DVCRemote = "local"
	}
	bad := map[string]bool{}
	for _, c := range Choices() {
		v := a.Get(c.Key)
		if c.Key == "dvc-remote" && v == "" {
			continue
		}
		if !slices.Contains(c.Values, v) {
			bad[c.Key] = true
			probs = append(probs, Problem{Key: c.Key, Value: v, Reason: "is not accepted; accepted values are", Accepted: c.Values})
		}
	}
	for _, r := range CombinationRules() {
		v, other := a.Get(r.Key), a.Get(r.Needs)
		if bad[r.Key] || bad[r.Needs] || !slices.Contains(r.Values, v) || slices.Contains(r.Allowed, other) {
			continue
		}
		probs = append(probs, Problem{Key: r.Key, Value: v, Reason: r.Why, Accepted: r.Allowed, Other: r.Needs, OtherVal: other})
	}
	if len(probs) > 0 {
		order := Keys()
		slices.SortStableFunc(probs, func(x, y Problem) int {
			return slices.Index(order, x.Key) - slices.Index(order, y.Key)
		})
		return a, notes, &ValidationError{Problems: probs}
	}
	return a, notes, nil
}

// checkText refuses control characters (newlines included): free text lands in
// one-line fields of TOML, YAML and Markdown files.
func checkText(key, s string) *Problem {
	for _, r := range s {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return &Problem{Key: key, Value: s, Reason: "must be one line of printable text"}
		}
	}
	if len(s) > 200 {
		return &Problem{Key: key, Value: s[:20] + "…", Reason: "must be at most 200 bytes"}
	}
	if key == "email" && s != "" && (strings.Count(s, "@") != 1 || strings.ContainsAny(s, " <>\"") ||
		strings.HasPrefix(s, "@") || strings.HasSuffix(s, "@")) {
		return &Problem{Key: key, Value: s, Reason: "is not an e-mail address (name@example.org)"}
	}
	return nil
}

// ProblemsFor returns the problems of err that involve key (as the option at
// fault or the other side of a combination rule); the form shows them inline.
func ProblemsFor(err error, key string) []Problem {
	ve, ok := err.(*ValidationError) //nolint:errorlint // Validate returns it unwrapped
	if !ok {
		return nil
	}
	var out []Problem
	for _, p := range ve.Problems {
		if p.Key == key || p.Other == key {
			out = append(out, p)
		}
	}
	return out
}

// RulesMarkdown renders CombinationRules as the Markdown table the README shows.
func RulesMarkdown() string {
	var b strings.Builder
	b.WriteString("| when | then | why |\n| --- | --- | --- |\n")
	for _, r := range CombinationRules() {
		fmt.Fprintf(&b, "| `%s` is %s | `%s` must be %s | %s |\n",
			r.Key, strings.Join(r.Values, ", "), r.Needs, strings.Join(r.Allowed, " or "), r.Why)
	}
	return b.String()
}
