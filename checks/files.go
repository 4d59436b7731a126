package checks

import (
	"slices"
	"strings"
	"sync"
)

// File is one file of the project as file checks see it: read once, shared by all.
type File struct {
	Path string // slash-separated, relative to the project root
	// Data is the full content; nil for binary files and files over the read
	// limit. File checks always get it for text files. Repo checks may also see
	// nil for bulky sources (.py, .pyi, .ipynb, .csv, anything over 1 MiB): the
	// engine lets those go after the file checks to keep memory flat, so a repo
	// check that needs one reads it from disk.
	Data   []byte
	Size   int64 // size in bytes on disk (the blob size for tracked files)
	Binary bool  // detected as binary: text checks skip it
	Exec   bool  // has an executable bit
	LFS    bool  // tracked by git LFS (filter=lfs in .gitattributes)
	Link   bool  // a symlink (never followed out of the tree)
	// LinkTarget is a symlink's target as stored; LinkBroken says it names
	// nothing (or loops).
	LinkTarget string
	LinkBroken bool
	// Tracked is set by the engine for files git tracks (as Repo.IsTracked
	// says, without a search per file).
	Tracked bool

	memo *fileMemo // nil for files built outside the engine: Memo then just computes
}

type fileMemo struct {
	mu sync.Mutex
	m  map[string]any
}

// NewFile returns a File whose Memo caches (the engine builds files this way).
func NewFile(path string) *File {
	return &File{Path: path, memo: &fileMemo{}}
}

// Memo returns the value compute derives from the file's content, computing it
// once per content: checks that need the same parse (a notebook's JSON tree, a
// YAML document) share it instead of parsing the file once each. compute must
// depend only on the file; the value must not be modified by its users.
func (f *File) Memo(key string, compute func() any) any {
	if f.memo == nil {
		return compute()
	}
	f.memo.mu.Lock()
	defer f.memo.mu.Unlock()
	if v, ok := f.memo.m[key]; ok {
		return v
	}
	v := compute()
	if f.memo.m == nil {
		f.memo.m = map[string]any{}
	}
	f.memo.m[key] = v
	return v
}

// ForgetMemo drops cached derivations: the engine calls it when a fix rewrites
// the content and when it lets the content go.
func (f *File) ForgetMemo() {
	if f.memo == nil {
		return
	}
	f.memo.mu.Lock()
	f.memo.m = nil
	f.memo.mu.Unlock()
}

// Repo is what repository checks see. Parsed configuration is loaded once by the
// engine and shared; a parse error is kept so LP001/HY105 can report it.
type Repo struct {
	Root  string  // absolute path of the project root
	Files []*File // every file in scope, sorted by Path
	Git   bool    // the root is inside a git work tree
	// Tracked holds the paths git tracks, sorted (empty outside a work tree).
	Tracked []string
	// Pyproject is the decoded pyproject.toml (nil when absent or broken).
	Pyproject map[string]any
	// PyprojectErr is the parse error of pyproject.toml, if any.
	PyprojectErr error
	// PyprojectRaw is the file's bytes (positions for findings).
	PyprojectRaw []byte
	// Read, when set, reads a file in scope the way the engine does (never
	// following a symlink, few system calls); nil content means binary or too
	// large. Without it repo checks read with the os package.
	Read func(f *File) ([]byte, error)
}

// IsTracked reports whether git tracks path p.
func (r *Repo) IsTracked(p string) bool {
	_, found := slices.BinarySearch(r.Tracked, p)
	return found
}

// FileByPath finds a file in scope (Files is sorted by path).
func (r *Repo) FileByPath(p string) *File {
	i, found := slices.BinarySearchFunc(r.Files, p, func(f *File, p string) int { return strings.Compare(f.Path, p) })
	if !found {
		return nil
	}
	return r.Files[i]
}
