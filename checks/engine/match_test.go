package engine

import (
	"path"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
)

// globExcluded is the excluder without its literal-directory shortcut.
func globExcluded(globs []string, rel string) bool {
	for _, g := range globs {
		g = strings.TrimSuffix(strings.TrimPrefix(g, "/"), "/")
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

func matchSeeds() (globs, paths []string) {
	globs = []string{
		"vendor/**", "/vendor/**", "vendor/", "docs/_build", "docs/_build/", "data/raw/**", "a/b", "*.csv", "data",
		"**", "/**", "a/**/b", "src/*/gen", "x/{a,b}", `we\ird/**`, "notes/**/", "vendor",
	}
	paths = []string{
		"vendor", "vendor/a.py", "vendor/x/y/z.py", "vendorx/a.py", "src/vendor/a.py", "docs/_build/index.html",
		"docs/_build", "docs/_buildx/a", "data/raw/x.csv", "data/x.csv", "a/b", "a/b/c", "a/bc", "src/pkg/gen/f.py",
		"x/a/f", "x/{a,b}/f", "notes/a/b.md", "README.md", "we\\ird/f",
	}
	return globs, paths
}

func TestExcluderShortcutAgreesWithGlobs(t *testing.T) {
	globs, paths := matchSeeds()
	for _, g := range globs {
		for _, p := range paths {
			if got, want := (excluder{globs: []string{g}}).excluded(p), globExcluded([]string{g}, p); got != want {
				t.Errorf("exclude %q on %q: %v, glob match says %v", g, p, got, want)
			}
		}
	}
}

func FuzzExcluderShortcut(f *testing.F) {
	globs, paths := matchSeeds()
	for i, g := range globs {
		f.Add(g, paths[i%len(paths)])
	}
	f.Fuzz(func(t *testing.T, g, p string) {
		// Globs come from TOML strings (valid UTF-8); listed paths are clean,
		// relative and slash-separated.
		if !utf8.ValidString(g) || !doublestar.ValidatePattern(g) || p == "" || p != path.Clean(p) || p == "." || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") || p == ".." {
			return
		}
		if got, want := (excluder{globs: []string{g}}).excluded(p), globExcluded([]string{g}, p); got != want {
			t.Fatalf("exclude %q on %q: %v, glob match says %v", g, p, got, want)
		}
	})
}

func TestNameSuffixPatternsAgreeWithGlobs(t *testing.T) {
	for _, line := range []string{"*.pt", "*.tar.gz", "*", "*.[ch]", "*~", `*\*`, "*.PT", "models/*.bin", "**/x.bin", "*.b?n"} {
		p, ok := parsePattern("", line)
		if !ok {
			continue
		}
		for _, rel := range []string{"a.pt", "x/y/a.pt", "a.PT", "a.tar.gz", "a.gz", "a.c", "a~", "a*", "models/w.bin", "x.bin", "a.bin", ".pt", "pt"} {
			slow := p
			slow.nameSuffix = ""
			if got, want := p.match(rel, false), slow.match(rel, false); got != want {
				t.Errorf("pattern %q on %q: %v, glob match says %v", line, rel, got, want)
			}
		}
	}
}

func FuzzNameSuffixPatterns(f *testing.F) {
	f.Add("*.pt", "x/a.pt")
	f.Add("*.tar.gz", "a.gz")
	f.Add("*\xff", "a\xfe")
	f.Fuzz(func(t *testing.T, line, rel string) {
		p, ok := parsePattern("", line)
		if !ok || p.nameSuffix == "" {
			return
		}
		slow := p
		slow.nameSuffix = ""
		if got, want := p.match(rel, false), slow.match(rel, false); got != want {
			t.Fatalf("pattern %q on %q: %v, glob match says %v", line, rel, got, want)
		}
	})
}

func TestParseGitListDedupes(t *testing.T) {
	// An unmerged file has one record per stage; "?" marks untracked files.
	out := []byte("H b.py\x00M conflict.py\x00M conflict.py\x00M conflict.py\x00? new.py\x00H a.py\x00? z/x\x00")
	l := parseGitList(out)
	if got := strings.Join(l.Paths, ","); got != "a.py,b.py,conflict.py,new.py,z/x" {
		t.Errorf("paths %s", got)
	}
	if got := strings.Join(l.Tracked, ","); got != "a.py,b.py,conflict.py" {
		t.Errorf("tracked %s", got)
	}
}

func TestMergeSortedRuns(t *testing.T) {
	cmp := func(a, b string) int { return strings.Compare(a, b) }
	for _, in := range [][]string{
		nil, {"a"}, {"a", "b", "c"}, {"d", "e", "a", "b", "f"}, {"b", "a"}, {"c", "a", "b", "a"}, {"x", "y", "a", "x", "z"},
	} {
		want := slices.Clone(in)
		slices.SortStableFunc(want, cmp)
		if got := mergeSortedRuns(slices.Clone(in), cmp); !slices.Equal(got, want) {
			t.Errorf("mergeSortedRuns(%v) = %v, want %v", in, got, want)
		}
	}
}
