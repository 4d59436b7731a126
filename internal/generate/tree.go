// Package generate turns rendered files into a project on disk: it checks every
// path, adds the .mlinit.toml record, and writes the tree so that a failed or
// interrupted run leaves no partial project behind.
//
// The tree digest (tree_sha256 in `mlinit new --json`) is the SHA-256 of one
// line per file, in byte order of path:
//
//	<mode as four octal digits> <sha256 of content, lower-case hex> <path>\n
//
// e.g. "0644 e3b0c442…b855 README.md\n". It covers the whole tree, .mlinit.toml
// included, so two trees with the same digest are byte-identical.
package generate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/mlinit/mlinit/internal/project"
)

// File is one file of a project. Path is slash-separated and relative.
type File struct {
	Path string
	Mode fs.FileMode
	Data []byte
}

// SHA256 is the lower-case hex digest of the content.
func (f File) SHA256() string {
	sum := sha256.Sum256(f.Data)
	return hex.EncodeToString(sum[:])
}

// Tree is a checked, complete project: sorted by path, the record included.
type Tree struct {
	Files   []File
	Answers project.Answers
}

// PathError means the renderer produced a file mlinit refuses to write: a bug in
// the templates, not in the user's input.
type PathError struct {
	Path   string
	Reason string
}

func (e *PathError) Error() string { return fmt.Sprintf("generated file %q %s", e.Path, e.Reason) }

// Build checks rendered files and adds .mlinit.toml recording the versions, the
// answers and the sha256 of every other file.
func Build(files []File, a project.Answers, mlinitVersion, templateVersion string) (*Tree, error) {
	if err := checkFiles(files); err != nil {
		return nil, err
	}
	rec := project.Record{
		MlinitVersion: mlinitVersion, TemplateVersion: templateVersion, Answers: a,
		Files: make(map[string]string, len(files)),
	}
	for _, f := range files {
		rec.Files[f.Path] = f.SHA256()
	}
	data, err := project.EncodeRecord(rec)
	if err != nil {
		return nil, err
	}
	all := append(slices.Clip(files), File{Path: project.RecordName, Mode: 0o644, Data: data})
	slices.SortFunc(all, func(x, y File) int { return strings.Compare(x.Path, y.Path) })
	return &Tree{Files: all, Answers: a}, nil
}

// checkFiles enforces what the writer relies on: relative slash paths that stay
// under the target, no duplicates (also not differing only in case, which would
// collide on macOS and Windows), no file that is also a directory of another,
// modes 0644 or 0755, LF line endings.
func checkFiles(files []File) error {
	seen := make(map[string]string, len(files))
	dirs := map[string]bool{}
	for _, f := range files {
		p := f.Path
		switch {
		case p == "" || !fs.ValidPath(p) || p == ".":
			return &PathError{Path: p, Reason: "is not a relative slash-separated path inside the project"}
		case strings.ContainsAny(p, "\\:\x00") || path.Clean(p) != p:
			return &PathError{Path: p, Reason: "contains a character or element that is unsafe in a path"}
		case p == project.RecordName:
			return &PathError{Path: p, Reason: "is reserved for the record mlinit writes itself"}
		case f.Mode != 0o644 && f.Mode != 0o755:
			return &PathError{Path: p, Reason: fmt.Sprintf("has mode %04o; only 0644 and 0755 are written", f.Mode)}
		case bytes.Contains(f.Data, []byte("\r\n")):
			return &PathError{Path: p, Reason: "has CRLF line endings; generated files use LF"}
		}
		folded := strings.ToLower(p)
		if prev, ok := seen[folded]; ok {
			return &PathError{Path: p, Reason: fmt.Sprintf("collides with %q", prev)}
		}
		seen[folded] = p
		for d := path.Dir(folded); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	for folded, p := range seen {
		if dirs[folded] {
			return &PathError{Path: p, Reason: "is both a file and a directory"}
		}
	}
	return nil
}

// Digest is the tree digest defined in the package documentation.
func (t *Tree) Digest() string {
	h := sha256.New()
	for _, f := range t.Files {
		fmt.Fprintf(h, "%04o %s %s\n", f.Mode, f.SHA256(), f.Path)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// FileInfo is one file in the --json summary.
type FileInfo struct {
	Path   string `json:"path"`
	Mode   string `json:"mode"`
	SHA256 string `json:"sha256"`
	Bytes  int    `json:"bytes"`
}

// Summary is what `mlinit new --json` prints. Skipped lists files that --force
// left alone because they already existed.
type Summary struct {
	Files      []FileInfo      `json:"files"`
	TreeSHA256 string          `json:"tree_sha256"`
	Answers    project.Answers `json:"answers"`
	Skipped    []string        `json:"skipped,omitempty"`
}

// Summarize describes the tree; skipped comes from Plan or Write.
func (t *Tree) Summarize(skipped []string) Summary {
	s := Summary{TreeSHA256: t.Digest(), Answers: t.Answers, Skipped: skipped, Files: make([]FileInfo, len(t.Files))}
	for i, f := range t.Files {
		s.Files[i] = FileInfo{Path: f.Path, Mode: fmt.Sprintf("%04o", f.Mode), SHA256: f.SHA256(), Bytes: len(f.Data)}
	}
	return s
}
