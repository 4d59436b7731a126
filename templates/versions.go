package templates

import (
	"bytes"
	_ "embed" // versions.toml is embedded as bytes
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
)

//go:embed versions.toml
var versionsTOML []byte //nolint:gochecknoglobals // embedded catalogue, read-only

// Versions is the typed versions catalogue (versions.toml). Templates reach it as
// .V and through the req/pin/rev/action/image functions, which fail the render on
// an unknown name instead of printing an empty version.
type Versions struct {
	Schema  int               `toml:"schema"`
	Checked string            `toml:"checked"`
	Python  PythonVersions    `toml:"python"`
	Tools   map[string]Tool   `toml:"tools"`
	Hooks   map[string]Hook   `toml:"hooks"`
	Actions map[string]Action `toml:"actions"`
	Images  map[string]Image  `toml:"images"`
	Mlinit  MlinitRelease     `toml:"mlinit"`
}

// MlinitRelease is the mlinit release a development build pins in generated
// projects (the pre-commit hooks' rev, the GitHub Action's SHA). A release build
// pins itself instead (templates.ReleaseOf).
type MlinitRelease struct {
	Version string `toml:"version"` // X.Y.Z, without the v
	Commit  string `toml:"commit"`  // full SHA of the commit the vX.Y.Z tag points at
	Checked string `toml:"checked"`
	Note    string `toml:"note"`
}

// PythonVersions are the interpreter versions a project may target.
type PythonVersions struct {
	Default   string   `toml:"default"`
	Supported []string `toml:"supported"`
	Checked   string   `toml:"checked"`
	Note      string   `toml:"note"`
}

// Tool is one Python package or CLI: the specifier written into dependency lists,
// and the exact version used where a pin is needed.
type Tool struct {
	Requirement string `toml:"requirement"`
	Pin         string `toml:"pin"`
	Latest      string `toml:"latest"`
	Checked     string `toml:"checked"`
	Confidence  string `toml:"confidence"`
	Note        string `toml:"note"`
}

// Hook is a pre-commit hook repository pinned to a released tag.
type Hook struct {
	Rev        string   `toml:"rev"`
	IDs        []string `toml:"ids"`
	Checked    string   `toml:"checked"`
	Confidence string   `toml:"confidence"`
	Note       string   `toml:"note"`
}

// Action is a GitHub Action pinned to the full commit SHA of a version tag.
type Action struct {
	Version    string `toml:"version"`
	SHA        string `toml:"sha"`
	Checked    string `toml:"checked"`
	Confidence string `toml:"confidence"`
	Note       string `toml:"note"`
}

// Image is a container base image; Tag may contain {python}.
type Image struct {
	Name       string `toml:"name"`
	Tag        string `toml:"tag"`
	Digest     string `toml:"digest"`
	Checked    string `toml:"checked"`
	Confidence string `toml:"confidence"`
}

// LoadVersions decodes the embedded catalogue strictly and validates it.
func LoadVersions() (Versions, error) { return parseVersions(versionsTOML) }

func parseVersions(b []byte) (Versions, error) {
	var v Versions
	dec := toml.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			return Versions{}, fmt.Errorf("versions.toml: %s", de.String())
		}
		var se *toml.StrictMissingError
		if errors.As(err, &se) {
			return Versions{}, fmt.Errorf("versions.toml: %s", se.String())
		}
		return Versions{}, fmt.Errorf("versions.toml: %w", err)
	}
	return v, v.validate()
}

// validate rejects entries a template could not use safely: a missing date, an
// action not pinned by SHA, a hook without a rev.
func (v Versions) validate() error {
	var errs []error
	if !isLowerHex(v.Mlinit.Commit, 40) || !semverCore(v.Mlinit.Version) {
		errs = append(errs, fmt.Errorf("versions.toml: [mlinit] needs version = \"X.Y.Z\" and a 40-hex commit"))
	}
	date := func(what, s string) {
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			errs = append(errs, fmt.Errorf("versions.toml: %s: checked %q is not a YYYY-MM-DD date", what, s))
		}
	}
	if v.Schema != 1 {
		errs = append(errs, fmt.Errorf("versions.toml: schema %d, want 1", v.Schema))
	}
	date("catalogue", v.Checked)
	date("python", v.Python.Checked)
	for name, t := range v.Tools {
		date("tools."+name, t.Checked)
		if t.Requirement == "" && t.Pin == "" {
			errs = append(errs, fmt.Errorf("versions.toml: tools.%s has neither requirement nor pin", name))
		}
	}
	for name, h := range v.Hooks {
		date("hooks."+name, h.Checked)
		if h.Rev == "" || len(h.IDs) == 0 {
			errs = append(errs, fmt.Errorf("versions.toml: hooks.%s needs rev and ids", name))
		}
	}
	for name, a := range v.Actions {
		date("actions."+name, a.Checked)
		if !isLowerHex(a.SHA, 40) || !strings.HasPrefix(a.Version, "v") {
			errs = append(errs, fmt.Errorf("versions.toml: actions.%s needs a 40-hex sha and a vX.Y.Z version", name))
		}
	}
	for name, im := range v.Images {
		date("images."+name, im.Checked)
		if im.Name == "" || im.Tag == "" || im.Tag == "latest" {
			errs = append(errs, fmt.Errorf("versions.toml: images.%s needs a name and an explicit non-latest tag", name))
		}
		if im.Digest != "" && (!strings.HasPrefix(im.Digest, "sha256:") || !isLowerHex(strings.TrimPrefix(im.Digest, "sha256:"), 64)) {
			errs = append(errs, fmt.Errorf("versions.toml: images.%s digest %q is not sha256:<64 hex>", name, im.Digest))
		}
	}
	return errors.Join(errs...)
}

// req returns "name<specifier>" for a dependency list, e.g. "ruff>=0.16".
func (v Versions) req(name string) (string, error) {
	t, ok := v.Tools[name]
	if !ok {
		return "", fmt.Errorf("versions catalogue has no tool %q", name)
	}
	return name + t.Requirement, nil
}

// spec returns only the version specifier of a tool, e.g. ">=2.2".
func (v Versions) spec(name string) (string, error) {
	t, ok := v.Tools[name]
	if !ok || t.Requirement == "" {
		return "", fmt.Errorf("versions catalogue has no tool %q with a requirement", name)
	}
	return t.Requirement, nil
}

// pin returns the exact version of a tool.
func (v Versions) pin(name string) (string, error) {
	t, ok := v.Tools[name]
	if !ok || t.Pin == "" {
		return "", fmt.Errorf("versions catalogue has no pinned tool %q", name)
	}
	return t.Pin, nil
}

// rev returns the pre-commit rev of a hook repository (owner/repo).
func (v Versions) rev(repo string) (string, error) {
	h, ok := v.Hooks[repo]
	if !ok {
		return "", fmt.Errorf("versions catalogue has no hook repository %q", repo)
	}
	return h.Rev, nil
}

// action returns the `uses:` value with its version comment, e.g.
// "actions/checkout@3d3c…90b1 # v7.0.1".
func (v Versions) action(name string) (string, error) {
	a, ok := v.Actions[name]
	if !ok {
		return "", fmt.Errorf("versions catalogue has no action %q", name)
	}
	return name + "@" + a.SHA + " # " + a.Version, nil
}

// image returns "name:tag" (with "@digest" when recorded), {python} replaced.
func (v Versions) image(name, python string) (string, error) {
	im, ok := v.Images[name]
	if !ok {
		return "", fmt.Errorf("versions catalogue has no image %q", name)
	}
	ref := im.Name + ":" + strings.ReplaceAll(im.Tag, "{python}", python)
	if im.Digest != "" {
		ref += "@" + im.Digest
	}
	return ref, nil
}

// isLowerHex reports whether s is exactly n lower-case hex digits.
func isLowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// semverCore accepts X.Y.Z with decimal parts and nothing after.
func semverCore(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}
