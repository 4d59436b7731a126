// Package templates renders a generated project in memory from embedded
// templates, a manifest (which files exist for which answers) and the versions
// catalogue.
//
// Conventions:
//   - templates live under project/, embedded with all: so dotfiles, __init__.py
//     and .github/ survive;
//   - only *.tmpl files are executed (suffix stripped), with [[ ]] delimiters so
//     GitHub's ${{ }} and Jinja stay literal, missingkey=error and the typed Data;
//   - a path segment named __package__ becomes the import name;
//   - output is sorted by path, LF only, and depends on nothing but the answers
//     and this package (no clock, host or environment);
//   - no generated file contains "[[" or "]]" (the exhaustive test checks it), so
//     a leftover action can never hide in the output: TOML uses inline arrays of
//     tables, and Python names nested generic types through aliases
//     (Values = Sequence[float]) instead of writing list[list[...]];
//   - which files exist for which answers is decided only by Manifest;
//   - every version, hook rev, action SHA and image comes from versions.toml.
package templates

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"text/template"

	"github.com/mlinit/mlinit/internal/project"
)

// templateVersion is recorded in .mlinit.toml. Bump it whenever the output for
// some answers changes, so a project can tell which templates made it.
const templateVersion = "2026.11.26"

//go:embed all:project
var projectFS embed.FS //nolint:gochecknoglobals // embedded templates

// File is one rendered file. Path is slash-separated and relative to the project
// root.
type File struct {
	Path string
	Mode fs.FileMode
	Data []byte
}

// Version is the template version string recorded in .mlinit.toml.
func Version() string { return templateVersion }

// Release is the mlinit release a generated project pins: the tag of the
// pre-commit hooks and the commit of the GitHub Action.
type Release struct {
	Version string // X.Y.Z
	Commit  string // 40-hex commit SHA of the vX.Y.Z tag
}

// ReleaseOf is the running build's own release when it is one (an X.Y.Z version
// and a full commit SHA, as release builds get from ldflags); otherwise the zero
// Release, which makes rendering use the catalogue's release.
func ReleaseOf(version, commit string) Release {
	if semverCore(version) && isLowerHex(commit, 40) {
		return Release{Version: version, Commit: commit}
	}
	return Release{}
}

// Render produces every file of the project for validated answers, in memory,
// sorted by Path, pinning the catalogue's mlinit release.
func Render(a project.Answers) ([]File, error) {
	return RenderFor(a, Release{})
}

// RenderFor is Render pinning the given mlinit release (zero: the catalogue's).
func RenderFor(a project.Answers, rel Release) ([]File, error) {
	r, err := newRenderer()
	if err != nil {
		return nil, err
	}
	return r.render(a, rel)
}

// NewData builds the template data for validated answers; exported for tests and
// tools that inspect the manifest.
func NewData(a project.Answers) (Data, error) {
	v, err := LoadVersions()
	if err != nil {
		return Data{}, err
	}
	return newData(a, v)
}

// renderer holds the catalogue and the templates parsed so far, so rendering
// many answer sets (tests, benchmarks) parses each template once. It is not safe
// for concurrent use: the data-dependent functions are swapped in per render.
type renderer struct {
	v   Versions
	set *template.Template
}

func newRenderer() (*renderer, error) {
	v, err := LoadVersions()
	if err != nil {
		return nil, err
	}
	// Every template shares the delimiters, options and function map of one set;
	// functions are bound to the answers at each render (text/template resolves
	// them at execution time).
	set := template.New("").Delims("[[", "]]").Option("missingkey=error").Funcs(funcMap(Data{V: v}))
	return &renderer{v: v, set: set}, nil
}

func (r *renderer) render(a project.Answers, rel Release) ([]File, error) {
	d, err := newData(a, r.v)
	if err != nil {
		return nil, err
	}
	if rel.Version != "" {
		d.Mlinit = rel
	}
	return r.renderEntries(d, Manifest(d))
}

func (r *renderer) renderEntries(d Data, entries []Entry) ([]File, error) {
	r.set.Funcs(funcMap(d))
	files := make([]File, 0, len(entries))
	var errs []error
	for _, e := range entries {
		b, err := r.renderOne(e.Src, d)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		files = append(files, File{Path: outPath(e.Out, d.Package), Mode: e.Mode, Data: b})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	if err := checkPaths(files); err != nil {
		return nil, err
	}
	return files, nil
}

func (r *renderer) renderOne(src string, d Data) ([]byte, error) {
	raw, err := projectFS.ReadFile("project/" + src)
	if err != nil {
		return nil, fmt.Errorf("templates: manifest names missing template %s", src)
	}
	if !strings.HasSuffix(src, ".tmpl") {
		return raw, nil
	}
	t := r.set.Lookup(src)
	if t == nil {
		if t, err = r.set.New(src).Parse(string(raw)); err != nil {
			return nil, &Error{Template: src, Err: err}
		}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return nil, &Error{Template: src, Err: err}
	}
	return buf.Bytes(), nil
}

// Error is a template parse or execution failure, naming the template.
type Error struct {
	Template string
	Err      error
}

func (e *Error) Error() string {
	// text/template prefixes "template: <name>:"; the name is already ours.
	msg := strings.TrimPrefix(e.Err.Error(), "template: ")
	return "templates: " + msg
}

func (e *Error) Unwrap() error { return e.Err }
