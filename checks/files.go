package checks

// File is one file of the project as file checks see it: read once, shared by all.
type File struct {
	Path   string // slash-separated, relative to the project root
	Data   []byte // full content; nil for binary files and files over the read limit
	Size   int64  // size in bytes on disk (the blob size for tracked files)
	Binary bool   // detected as binary: text checks skip it
	Exec   bool   // has an executable bit
	LFS    bool   // tracked by git LFS (filter=lfs in .gitattributes)
	Link   bool   // a symlink (never followed out of the tree)
}

// Repo is what repository checks see. Parsed configuration is loaded once by the
// engine and shared; a parse error is kept so LP001/HY105 can report it.
type Repo struct {
	Root  string  // absolute path of the project root
	Files []*File // every file in scope, sorted by Path
	Git   bool    // the root is inside a git work tree
	// Tracked holds the paths git tracks (empty outside a work tree).
	Tracked map[string]bool
	// Pyproject is the decoded pyproject.toml (nil when absent or broken).
	Pyproject map[string]any
	// PyprojectErr is the parse error of pyproject.toml, if any.
	PyprojectErr error
	// PyprojectRaw is the file's bytes (positions for findings).
	PyprojectRaw []byte
}

// FileByPath finds a file in scope.
func (r *Repo) FileByPath(p string) *File {
	for _, f := range r.Files {
		if f.Path == p {
			return f
		}
	}
	return nil
}
