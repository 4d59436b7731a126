// Package corpustest gathers real documents for the tests that hold the fast
// recognisers (yamlfast, tomlfast) to the full parsers: the project's own
// files, the members of its txtar archives (golden generated projects,
// testscript scripts) and a generated benchmark corpus.
package corpustest

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/mlinit/mlinit/internal/benchcorpus"
)

// Doc is one document, named for failure messages: a path, or an archive's
// path and the member's name joined by a colon.
type Doc struct {
	Name string
	Data []byte
}

// RepoRoot finds the module root above the test's working directory.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// skippedDir tells the directories that hold no files of the project: git's
// store, and the tool caches and environments that make test and make bench
// fill (gigabytes of other projects' files, and the benchmark corpora).
func skippedDir(name string) bool {
	switch name {
	case ".git", ".cache", ".venv", "node_modules", "dist":
		return true
	}
	return false
}

// Walk collects the files under root whose names match, and, when
// withTxtar is set, the matching members of txtar archives.
func Walk(tb testing.TB, root string, withTxtar bool, match func(name string) bool) []Doc {
	tb.Helper()
	var docs []Doc
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable corners of a module cache are not our concern
		}
		if d.IsDir() {
			if path != root && skippedDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case match(d.Name()):
			if data, err := os.ReadFile(path); err == nil { //nolint:gosec // test input under root
				docs = append(docs, Doc{path, data})
			}
		case withTxtar && filepath.Ext(d.Name()) == ".txtar":
			ar, err := txtar.ParseFile(path)
			if err != nil {
				return nil
			}
			for _, f := range ar.Files {
				if match(f.Name) {
					docs = append(docs, Doc{path + ":" + f.Name, f.Data})
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return docs
}

// BenchCorpus generates a 2,000-file benchmark corpus in a temporary
// directory and returns its matching files.
func BenchCorpus(tb testing.TB, match func(name string) bool) []Doc {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "corpus")
	if _, err := benchcorpus.Generate(benchcorpus.Options{Dir: dir, Files: 2000, Bytes: 25 << 20}); err != nil {
		tb.Fatal(err)
	}
	return Walk(tb, dir, false, match)
}

// ByteVariants calls f with every single-byte deletion of s and every
// insertion or replacement of one of the interesting bytes: the edits near
// which a recogniser of a syntax goes wrong. f must not keep its argument.
func ByteVariants(s []byte, interesting string, f func([]byte)) {
	buf := make([]byte, 0, len(s)+1)
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			f(append(append(buf[:0], s[:i]...), s[i+1:]...))
		}
		for k := 0; k < len(interesting); k++ {
			c := interesting[k]
			f(append(append(append(buf[:0], s[:i]...), c), s[i:]...))
			if i < len(s) && s[i] != c {
				v := append(buf[:0], s...)
				v[i] = c
				f(v)
			}
		}
	}
}
