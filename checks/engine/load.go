package engine

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/mlinit/mlinit/checks"
)

// DefaultReadLimit is the largest file whose content is loaded; bigger files are
// still listed with their size (HY101/HY102 need it) but never read whole.
const DefaultReadLimit = 16 << 20

// sniffLen is how much git reads to decide that a file is binary (a NUL byte in
// the first 8000 bytes, buffer_is_binary in xdiff-interface.c).
const sniffLen = 8000

var lfsPointerPrefix = []byte("version https://git-lfs.github.com/spec/v1") //nolint:gochecknoglobals // constant bytes

// loader reads files beneath one root. Reads go through openNoFollow (bare
// system calls, a symlink is never opened); os.Root guards writes and the odd
// look-up outside the hot path.
type loader struct {
	root  *os.Root
	dir   string // absolute root, with a trailing separator
	limit int64
	lfs   *lfsRules
}

// load builds the File for rel. ok is false when rel is not a regular file or a
// symlink (directories, submodules, sockets, files deleted since listing).
func (l *loader) load(rel string) (f *checks.File, ok bool, err error) {
	f, _, ok, err = l.loadWithID(rel, nil)
	return f, ok, err
}

// loadWithID is load that also returns the regular file's stat identity (zero
// for symlinks) for the results cache, and reads the content into *scratch
// (grown as needed) when scratch is not nil: the caller drops f.Data before it
// reuses the buffer. Most of a tree is sources that are checked once and let
// go, so one buffer per worker replaces an allocation per file and most of the
// garbage.
func (l *loader) loadWithID(rel string, scratch *[]byte) (f *checks.File, id statID, ok bool, err error) {
	rf, kind, id, err := openNoFollow(l.dir + filepath.FromSlash(rel))
	if err != nil {
		return nil, id, false, err
	}
	f, ok, err = l.read(rel, rf, kind, id, scratch)
	return f, id, ok, err
}

func (l *loader) read(rel string, rf rawFile, kind openResult, id statID, scratch *[]byte) (f *checks.File, ok bool, err error) {
	size, mode := id.Size, id.perm()
	switch kind {
	case notExist, notRegular:
		return nil, false, nil
	case isSymlink:
		f = checks.NewFile(rel)
		f.Link = true
		if fi, err := l.root.Lstat(rel); err == nil {
			f.Size = fi.Size()
		}
		// Only whether the target exists is looked at, never its content.
		abs := l.dir + filepath.FromSlash(rel)
		f.LinkTarget, _ = os.Readlink(abs)
		if _, err := os.Stat(abs); err != nil {
			f.LinkBroken = true
		}
		f.LFS = l.lfsByRules(rel)
		return f, true, nil
	}
	defer rf.Close() //nolint:errcheck // read-only
	f = checks.NewFile(rel)
	f.Size, f.Exec = size, mode&0o111 != 0
	f.LFS = l.lfsByRules(rel)
	// Read the head first: binaries (weights, images) are sized, not read, and
	// files over the limit are never loaded whole. Small files are read in one
	// go. Reads stop at the size fstat gave instead of asking again for EOF:
	// system calls dominate the cost of a 20,000-file tree, and a file that
	// grows meanwhile is checked as it was when listed.
	if size < sniffLen {
		buf := contentBuffer(scratch, size)
		n, err := readUpTo(rf, buf)
		if err != nil {
			return f, true, err
		}
		f.Binary = isBinary(buf[:n])
		f.LFS = f.LFS || bytes.HasPrefix(buf[:n], lfsPointerPrefix)
		if !f.Binary && size <= l.limit {
			f.Data = buf[:n:n]
		}
		return f, true, nil
	}
	var head [sniffLen]byte
	n, err := readUpTo(rf, head[:])
	if err != nil {
		return f, true, err
	}
	f.Binary = isBinary(head[:n])
	f.LFS = f.LFS || bytes.HasPrefix(head[:n], lfsPointerPrefix)
	if f.Binary || size > l.limit {
		return f, true, nil
	}
	if n < sniffLen { // shrank since the fstat
		f.Data = append([]byte(nil), head[:n]...)
		return f, true, nil
	}
	buf := contentBuffer(scratch, size)
	copy(buf, head[:n])
	m, err := readUpTo(rf, buf[n:])
	if err != nil {
		return f, true, err
	}
	n += m
	f.Data = buf[:n:n]
	return f, true, nil
}

// contentBuffer returns size bytes to read a file into: from the worker's
// scratch buffer when there is one, else a fresh allocation the file keeps.
func contentBuffer(scratch *[]byte, size int64) []byte {
	if scratch == nil {
		return make([]byte, size)
	}
	if int64(cap(*scratch)) < size {
		*scratch = make([]byte, size)
	}
	return (*scratch)[:size]
}

// readUpTo fills buf unless the file ends first; unlike io.ReadFull it does
// not treat an early end as an error.
func readUpTo(r io.Reader, buf []byte) (int, error) {
	n, err := io.ReadFull(r, buf)
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		err = nil
	}
	return n, err
}

// lfsByRules reports whether .gitattributes puts rel under git LFS.
func (l *loader) lfsByRules(rel string) bool { return l.lfs != nil && l.lfs.lfs(rel) }

func isBinary(head []byte) bool {
	return bytes.IndexByte(head[:min(len(head), sniffLen)], 0) >= 0
}

// loadLFSRules reads every .gitattributes in the listing.
func loadLFSRules(root *os.Root, paths []string) *lfsRules {
	rules := &lfsRules{}
	for _, p := range paths {
		if path.Base(p) != ".gitattributes" {
			continue
		}
		data, err := root.ReadFile(p)
		if err != nil {
			continue
		}
		dir := path.Dir(p)
		if dir == "." {
			dir = ""
		}
		rules.patterns = append(rules.patterns, parseAttributes(dir, data)...)
	}
	return rules
}

// excluder applies the [tool.mlinit] exclude globs. A glob without a slash
// matches a file or directory name at any depth ("*.csv", "data"); one with a
// slash matches the path from the root ("data/raw/**", "docs/_build"). A match
// on a directory excludes everything beneath it.
type excluder struct{ globs []string }

func (e excluder) excluded(rel string) bool {
	for _, g := range e.globs {
		g = strings.TrimSuffix(strings.TrimPrefix(g, "/"), "/")
		if dir, ok := literalTree(g); ok {
			// "vendor/**" and "docs/_build": the directory and everything in it.
			if rel == dir || strings.HasPrefix(rel, dir+"/") {
				return true
			}
			continue
		}
		if strings.Contains(g, "/") {
			for p := rel; p != "." && p != ""; p = path.Dir(p) {
				if ok, _ := doublestar.Match(g, p); ok {
					return true
				}
			}
			continue
		}
		for _, part := range strings.Split(rel, "/") {
			if ok, _ := doublestar.Match(g, part); ok {
				return true
			}
		}
	}
	return false
}

// literalTree recognises a glob that names one directory from the root,
// optionally followed by "/**": it excludes that path and what lies beneath.
func literalTree(g string) (string, bool) {
	dir := strings.TrimSuffix(g, "/**")
	// U+FFFD stays with the glob matcher, which lets it stand for any invalid
	// byte of a non-UTF-8 file name.
	if !strings.Contains(dir, "/") && dir == g || dir == "" || strings.ContainsAny(dir, "*?[{\\\uFFFD") {
		return "", false
	}
	return dir, true
}
