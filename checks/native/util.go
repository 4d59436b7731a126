// Package native holds mlinit's built-in, offline checks. All returns them in
// catalogue order; every check is pure Go and never touches the network.
package native

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mlinit/mlinit/checks"
)

// lineCol converts a byte offset into 1-based line and column (column in bytes,
// which is what editors accept for ASCII-dominated config files).
func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, off - start + 1
}

// lineOf is lineCol without the column.
func lineOf(data []byte, off int) int {
	l, _ := lineCol(data, off)
	return l
}

// lines splits content into lines without their terminators; it calls fn with
// the 1-based line number and the byte offset of the line start. Returning
// false stops the scan.
func eachLine(data []byte, fn func(n, off int, line []byte) bool) {
	n, off := 1, 0
	for off < len(data) || (off == 0 && len(data) > 0) {
		end := bytes.IndexByte(data[off:], '\n')
		var ln []byte
		next := 0
		if end < 0 {
			ln = data[off:]
			next = len(data)
		} else {
			ln = data[off : off+end]
			next = off + end + 1
		}
		ln = bytes.TrimSuffix(ln, []byte{'\r'})
		if !fn(n, off, ln) {
			return
		}
		if next >= len(data) {
			return
		}
		n++
		off = next
	}
}

// base returns the last element of a slash path.
func base(p string) string { return path.Base(p) }

// ext returns the lower-cased extension of a slash path.
func ext(p string) string { return strings.ToLower(path.Ext(p)) }

// fileData returns a repo file's content: the engine's copy when it has one,
// otherwise a bounded read from disk (repo checks may see files the engine did
// not read). Binary or missing files give nil.
func fileData(r *checks.Repo, f *checks.File, limit int64) []byte {
	if f == nil || f.Binary {
		return nil
	}
	if f.Data != nil {
		return f.Data
	}
	if r == nil || r.Root == "" || f.Link || (limit > 0 && f.Size > limit) {
		return nil
	}
	if r.Read != nil {
		b, err := r.Read(f)
		if err != nil {
			return nil
		}
		return b
	}
	b, err := os.ReadFile(filepath.Join(r.Root, filepath.FromSlash(f.Path)))
	if err != nil {
		return nil
	}
	return b
}

// repoData reads a repo file by path; nil when it is not in scope.
func repoData(r *checks.Repo, p string) []byte {
	return fileData(r, r.FileByPath(p), 16<<20)
}

// hasFile reports whether a path is in scope.
func hasFile(r *checks.Repo, p string) bool { return r.FileByPath(p) != nil }

// hasDir reports whether any file in scope lives under dir.
func hasDir(r *checks.Repo, dir string) bool {
	prefix := strings.TrimSuffix(dir, "/") + "/"
	i := sort.Search(len(r.Files), func(i int) bool { return r.Files[i].Path >= prefix })
	return i < len(r.Files) && strings.HasPrefix(r.Files[i].Path, prefix)
}

// filesUnder lists files in scope below dir.
func filesUnder(r *checks.Repo, dir string) []*checks.File {
	prefix := strings.TrimSuffix(dir, "/") + "/"
	i := sort.Search(len(r.Files), func(i int) bool { return r.Files[i].Path >= prefix })
	var out []*checks.File
	for ; i < len(r.Files) && strings.HasPrefix(r.Files[i].Path, prefix); i++ {
		out = append(out, r.Files[i])
	}
	return out
}

// committed reports whether a file is (or would be) committed: tracked in a
// git work tree, or simply present outside one.
func committed(r *checks.Repo, f *checks.File) bool {
	if !r.Git {
		return true
	}
	return f.Tracked || r.IsTracked(f.Path)
}

// tbl walks nested TOML tables; nil when a segment is missing or not a table.
func tbl(m map[string]any, keys ...string) map[string]any {
	cur := m
	for _, k := range keys {
		next, ok := cur[k].(map[string]any)
		if !ok {
			return nil
		}
		cur = next
	}
	return cur
}

// str reads a string value from a table.
func str(m map[string]any, key string) (string, bool) {
	s, ok := m[key].(string)
	return s, ok
}

// strList reads an array of strings (other element types are skipped).
func strList(v any) []string {
	arr, ok := v.([]any)
	if !ok {
		if ss, ok := v.([]string); ok {
			return ss
		}
		return nil
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// optStrings reads a list-of-strings option.
func optStrings(o checks.Options, key string) []string { return strList(o[key]) }

// optBool reads a boolean option.
func optBool(o checks.Options, key string, def bool) bool {
	if b, ok := o[key].(bool); ok {
		return b
	}
	return def
}

// globMatch matches a slash path against a glob; a pattern without a slash
// matches the base name, "**/" prefixes match at any depth.
func globMatch(pattern, p string) bool {
	if !strings.Contains(pattern, "/") {
		ok, _ := path.Match(pattern, base(p))
		return ok
	}
	if rest, ok := strings.CutPrefix(pattern, "**/"); ok {
		parts := strings.Split(p, "/")
		for i := range parts {
			if globMatch2(rest, strings.Join(parts[i:], "/")) {
				return true
			}
		}
		return false
	}
	return globMatch2(pattern, p)
}

func globMatch2(pattern, p string) bool {
	ok, _ := path.Match(pattern, p)
	return ok
}

// normName is the PEP 503 normalised form of a distribution name.
func normName(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if c == '-' || c == '_' || c == '.' {
			if !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
		b.WriteRune(c)
	}
	return b.String()
}

// finding is a small constructor that keeps call sites short.
func finding(id, p string, line, col int, msg string) checks.Finding {
	return checks.Finding{CheckID: id, Path: p, Line: line, Column: col, Message: msg}
}

// lineIndex answers offset -> line:column in O(log n), so files with many
// findings stay linear overall (lineCol alone rescans from the start).
type lineIndex struct {
	data   []byte
	starts []int
}

func newLineIndex(data []byte) *lineIndex {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{data: data, starts: starts}
}

func (li *lineIndex) at(off int) (int, int) {
	off = max(0, min(off, len(li.data)))
	i := sort.SearchInts(li.starts, off+1) - 1
	return i + 1, off - li.starts[i] + 1
}

// findingAt locates a finding at a YAML node (1:1 when the node is absent).
func findingAt(id, p string, n *ynode, msg string) checks.Finding {
	l, c := n.loc()
	return finding(id, p, l, c, msg)
}
