package templates

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Entry is one generated file: where it goes, which embedded template produces
// it, and its mode.
//
// Paths are slash-separated and relative. A path segment literally named
// __package__ (in Out or Src) stands for the import name, so
// "src/__package__/train.py" becomes "src/my_model/train.py". Src is relative to
// the embedded project/ directory; a Src ending in ".tmpl" is executed as a
// template, anything else is copied byte for byte.
type Entry struct {
	Out  string
	Src  string
	Mode fs.FileMode
}

// PackagePlaceholder is the path segment replaced by the import name.
const PackagePlaceholder = "__package__"

// Manifest is the single place that decides which files a project has for given
// answers: the core entries (manifest_core.go) followed by the delivery entries
// (manifest_delivery.go, owned by the delivery templates).
func Manifest(d Data) []Entry {
	return append(coreEntries(d), deliveryEntries(d)...)
}

// file maps a template to the output path of the same name, ".tmpl" stripped.
func file(src string) Entry {
	return Entry{Out: strings.TrimSuffix(src, ".tmpl"), Src: src, Mode: 0o644}
}

// as maps a template to a different output path (variants of one file).
func as(out, src string) Entry {
	return Entry{Out: out, Src: src, Mode: 0o644}
}

// script is file with mode 0755.
func script(src string) Entry {
	e := file(src)
	e.Mode = 0o755
	return e
}

// when returns entries only if cond holds; it keeps manifest functions flat.
func when(cond bool, entries ...Entry) []Entry {
	if cond {
		return entries
	}
	return nil
}

// outPath resolves the package placeholder in an output path.
func outPath(out, pkg string) string {
	segs := strings.Split(out, "/")
	for i, s := range segs {
		if s == PackagePlaceholder {
			segs[i] = pkg
		}
	}
	return strings.Join(segs, "/")
}

// checkPaths rejects output paths that could escape the target or collide:
// absolute, "..", empty segments, backslashes, duplicates.
func checkPaths(files []File) error {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		p := f.Path
		if p == "" || path.IsAbs(p) || strings.Contains(p, "\\") || path.Clean(p) != p || strings.HasPrefix(p, "../") || p == ".." || !fs.ValidPath(p) {
			return fmt.Errorf("templates: invalid output path %q", p)
		}
		if seen[p] {
			return fmt.Errorf("templates: two manifest entries write %q", p)
		}
		seen[p] = true
	}
	return nil
}
