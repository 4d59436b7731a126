//go:build !unix

package engine

import (
	"errors"
	"io/fs"
	"os"
)

type rawFile struct{ f *os.File }

type openResult int

const (
	openedRegular openResult = iota
	isSymlink
	notRegular
	notExist
)

// openNoFollow checks the path with Lstat first, so a symlink is never opened.
func openNoFollow(path string) (rawFile, openResult, statID, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return rawFile{}, notExist, statID{}, nil
	case err != nil:
		return rawFile{}, notExist, statID{}, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return rawFile{}, isSymlink, statID{}, nil
	case !fi.Mode().IsRegular():
		return rawFile{}, notRegular, statID{}, nil
	}
	f, err := os.Open(path) //nolint:gosec // a listed project file
	if err != nil {
		return rawFile{}, notExist, statID{}, err
	}
	return rawFile{f: f}, openedRegular, statID{Size: fi.Size(), Mtime: fi.ModTime().UnixNano(), Mode: uint32(fi.Mode().Perm())}, nil
}

// cacheSupported is false here: without inode numbers and change times a
// statID cannot tell every rewrite apart.
const cacheSupported = false

func lstatRegular(string) (statID, bool) { return statID{}, false }

func (f rawFile) Read(p []byte) (int, error) { return f.f.Read(p) }
func (f rawFile) Close() error               { return f.f.Close() }
