package docstrings

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// ErrNoFiles is returned by Scan when the configured paths contain no Python file;
// interrogate exits 1 with "No Python or Python-like files found" in that case.
var ErrNoFiles = errors.New("no Python or Python-like files found to interrogate")

// commonExclude are the directories interrogate always excludes, joined to each scanned path
// (so only at the top of each path, and as prefixes: ".venv" also drops ".venv2").
func commonExclude() []string { return []string{".tox", ".venv", "venv", ".git", ".hg"} }

// realpath is os.path.realpath: symlinks resolved as far as the path exists, the rest kept.
func realpath(p string) string {
	p = filepath.Clean(p)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	dir, base := filepath.Split(p)
	dir = filepath.Clean(dir)
	if dir == p || base == "" {
		return p
	}
	return filepath.Join(realpath(dir), base)
}

// excluder decides interrogate's fnmatch(file, exclude + "*") for each exclude.
type excluder struct {
	prefixes []string         // excludes without glob characters: a plain prefix test
	globs    []*regexp.Regexp // the others, translated from fnmatch
}

func newExcluder(excludes []string) (*excluder, error) {
	e := &excluder{}
	for _, x := range excludes {
		if !strings.ContainsAny(x, "*?[") {
			e.prefixes = append(e.prefixes, x)
			continue
		}
		re, err := fnmatchRegexp(x + "*")
		if err != nil {
			return nil, fmt.Errorf("exclude %q: %w", x, err)
		}
		e.globs = append(e.globs, re)
	}
	return e, nil
}

func (e *excluder) excluded(path string) bool {
	for _, p := range e.prefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	for _, re := range e.globs {
		if re.MatchString(path) {
			return true
		}
	}
	return false
}

// prunes reports whether every file below dir is excluded, so the walk can skip it. Only
// literal excludes qualify; interrogate walks the directory anyway and drops each file.
func (e *excluder) prunes(dir string) bool {
	for _, p := range e.prefixes {
		if strings.HasPrefix(dir+string(filepath.Separator), p) {
			return true
		}
	}
	return false
}

// fnmatchRegexp translates a Python fnmatch pattern ('*' and '?' match any character
// including '/', '[...]' sets with '!' negation) to an anchored Go regexp.
func fnmatchRegexp(pat string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	rs := []rune(pat)
	n := len(rs)
	for i := 0; i < n; {
		c := rs[i]
		i++
		switch c {
		case '*':
			for i < n && rs[i] == '*' {
				i++
			}
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '[':
			j := i
			if j < n && rs[j] == '!' {
				j++
			}
			if j < n && rs[j] == ']' {
				j++
			}
			for j < n && rs[j] != ']' {
				j++
			}
			if j >= n {
				b.WriteString(`\[`)
				continue
			}
			stuff := string(rs[i:j])
			i = j + 1
			switch stuff {
			case "":
				b.WriteString(`[^\x00-\x{10FFFF}]`)
			case "!":
				b.WriteString(`.`)
			default:
				neg := false
				if stuff[0] == '!' {
					neg = true
					stuff = stuff[1:]
				}
				var cls strings.Builder
				for _, r := range stuff {
					switch r {
					case '\\', '[', ']', '^':
						cls.WriteByte('\\')
						cls.WriteRune(r)
					default:
						cls.WriteRune(r)
					}
				}
				if neg {
					b.WriteString("[^" + cls.String() + "]")
				} else {
					b.WriteString("[" + cls.String() + "]")
				}
			}
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`$`)
	return regexp.Compile(b.String())
}

// discover lists the files interrogate would measure, in its order: explicit files as
// given, directories walked top-down like os.walk (symlinked directories not followed).
func discover(root string, paths []string, o *compiled) ([]string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	exts := []string{".py"}
	for _, e := range o.Ext {
		exts = append(exts, strings.ToLower(e)) // interrogate matches "pyi" without a dot
	}
	resolved := make([]string, 0, len(paths))
	for _, p := range paths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		rp := realpath(p)
		if _, err := os.Stat(rp); err != nil { //nolint:gosec // G703: reading the configured paths is the point
			return nil, fmt.Errorf("path %q does not exist", p)
		}
		resolved = append(resolved, rp)
	}
	var excludes []string
	for _, x := range o.Exclude {
		if !filepath.IsAbs(x) {
			x = filepath.Join(root, x)
		}
		excludes = append(excludes, realpath(x))
	}
	for _, p := range resolved {
		for _, c := range commonExclude() {
			excludes = append(excludes, filepath.Join(p, c))
		}
	}
	ex, err := newExcluder(excludes)
	if err != nil {
		return nil, err
	}

	var files []string
	for _, p := range resolved {
		st, err := os.Stat(p) //nolint:gosec // G703: reading the configured paths is the point
		if err != nil {
			return nil, err
		}
		if st.Mode().IsRegular() {
			if !strings.HasSuffix(p, ".py") && !strings.HasSuffix(p, ".pyi") {
				return nil, fmt.Errorf("invalid file %q: unable to interrogate non-Python or Python-like files (valid extensions: .py, .pyi)", p)
			}
			// interrogate neither excludes nor filters explicitly named files (its issue #60);
			// mlinit's gate always passes directories, so this only matters for direct callers.
			files = append(files, p)
			continue
		}
		if !st.IsDir() {
			continue
		}
		walk(p, ex, func(f string) {
			ok := false
			for _, e := range exts {
				if strings.HasSuffix(f, e) {
					ok = true
					break
				}
			}
			if !ok {
				return
			}
			if o.IgnoreInitModule && filepath.Base(f) == "__init__.py" {
				return
			}
			if ex.excluded(f) {
				return
			}
			files = append(files, f)
		})
	}
	return files, nil
}

// walk visits the non-directory entries below dir like os.walk(followlinks=False): an entry
// that is (or links to) a directory is a directory; symlinked directories are not entered;
// unreadable directories are skipped silently.
func walk(dir string, ex *excluder, visit func(string)) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var subdirs []string
	for _, e := range entries {
		full := filepath.Join(dir, e.Name())
		t := e.Type()
		switch {
		case t.IsDir():
			subdirs = append(subdirs, full)
		case t&os.ModeSymlink != 0:
			if st, err := os.Stat(full); err == nil && st.IsDir() { //nolint:gosec // G703: walking the configured tree is the point
				continue // listed as a directory by os.walk, but not followed
			}
			visit(full)
		default:
			visit(full)
		}
	}
	for _, d := range subdirs {
		if ex.prunes(d) {
			continue
		}
		walk(d, ex, visit)
	}
}
