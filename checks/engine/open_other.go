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
func openNoFollow(path string) (rawFile, openResult, int64, fs.FileMode, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return rawFile{}, notExist, 0, 0, nil
	case err != nil:
		return rawFile{}, notExist, 0, 0, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return rawFile{}, isSymlink, 0, 0, nil
	case !fi.Mode().IsRegular():
		return rawFile{}, notRegular, 0, 0, nil
	}
	f, err := os.Open(path) //nolint:gosec // a listed project file
	if err != nil {
		return rawFile{}, notExist, 0, 0, err
	}
	return rawFile{f: f}, openedRegular, fi.Size(), fi.Mode().Perm(), nil
}

func (f rawFile) Read(p []byte) (int, error) { return f.f.Read(p) }
func (f rawFile) Close() error               { return f.f.Close() }
