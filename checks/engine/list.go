package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Listing is the set of project files in scope, before reading.
type Listing struct {
	Paths   []string // slash paths relative to the root, sorted, unique
	Git     bool     // listed by git
	Tracked []string // the paths git tracks, sorted
}

// maxWalkDepth bounds a walk outside git: deeper trees are reported, not recursed.
const maxWalkDepth = 256

// List returns the files of the project at root: git's view (tracked plus
// untracked-but-not-ignored files) inside a work tree, otherwise a walk that
// honours .gitignore files. The .git directory is never listed.
func List(ctx context.Context, root string) (*Listing, error) {
	if l, err := gitList(ctx, root); err == nil {
		return l, nil
	} else if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil, err
	}
	return walkList(ctx, root)
}

// errNotGit means git is missing or root is not inside a work tree.
var errNotGit = errors.New("not a git work tree") //nolint:gochecknoglobals // sentinel error

func gitList(ctx context.Context, root string) (*Listing, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, errNotGit
	}
	// -t tags each entry: "H " (and other letters) for index entries, "? " for
	// untracked ones, which gives the tracked set from a single process.
	cmd := exec.CommandContext(ctx, "git", "-c", "core.quotepath=off", "ls-files", "-z", "-t",
		"--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, errNotGit
	}
	return parseGitList(out), nil
}

// parseGitList reads `git ls-files -z -t` records. A path can appear more
// than once (one record per stage of an unmerged file); it counts once, and as
// tracked when any record says so. git prints the untracked paths, sorted,
// then the index's, sorted: two runs merged here rather than sorted again.
func parseGitList(out []byte) *Listing {
	type rec struct {
		path    string
		tracked bool
	}
	recs := make([]rec, 0, bytes.Count(out, []byte{0}))
	for r := range bytes.SplitSeq(out, []byte{0}) {
		if len(r) >= 3 {
			recs = append(recs, rec{path: string(r[2:]), tracked: r[0] != '?'})
		}
	}
	cmp := func(a, b rec) int { return strings.Compare(a.path, b.path) }
	recs = mergeSortedRuns(recs, cmp)
	l := &Listing{Git: true, Paths: make([]string, 0, len(recs)), Tracked: make([]string, 0, len(recs))}
	for i, r := range recs {
		if i > 0 && recs[i-1].path == r.path {
			if n := len(l.Tracked); r.tracked && (n == 0 || l.Tracked[n-1] != r.path) {
				l.Tracked = append(l.Tracked, r.path)
			}
			continue
		}
		l.Paths = append(l.Paths, r.path)
		if r.tracked {
			l.Tracked = append(l.Tracked, r.path)
		}
	}
	return l
}

// mergeSortedRuns sorts s (stably), in linear time when it is two sorted
// runs one after the other, as git's listing is.
func mergeSortedRuns[T any](s []T, cmp func(a, b T) int) []T {
	split := 1
	for split < len(s) && cmp(s[split-1], s[split]) <= 0 {
		split++
	}
	if split >= len(s) {
		return s
	}
	a, b := s[:split], s[split:]
	if !slices.IsSortedFunc(b, cmp) {
		slices.SortStableFunc(s, cmp)
		return s
	}
	out := make([]T, 0, len(s))
	for len(a) > 0 && len(b) > 0 {
		if cmp(b[0], a[0]) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

func walkList(ctx context.Context, root string) (*Listing, error) {
	l := &Listing{}
	ig := &ignorer{}
	loadIgnore := func(dirRel string) {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(dirRel), ".gitignore")) //nolint:gosec // inside the project
		if err == nil {
			ig.add(parsePatterns(dirRel, data))
		}
	}
	loadIgnore("")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		rel, relErr := filepath.Rel(root, p)
		if relErr != nil {
			return relErr
		}
		rel = filepath.ToSlash(rel)
		if err != nil {
			// An unreadable directory is skipped, not fatal: the rest is still checked.
			if d != nil && d.IsDir() && rel != "." {
				return fs.SkipDir
			}
			if rel == "." {
				return err
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		// WalkDir reports symlinks as non-directories and never follows them.
		if d.IsDir() {
			if d.Name() == ".git" || ig.ignored(rel, true) || strings.Count(rel, "/") >= maxWalkDepth {
				return fs.SkipDir
			}
			loadIgnore(rel)
			return nil
		}
		if ig.ignored(rel, false) {
			return nil
		}
		l.Paths = append(l.Paths, rel)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing files under %s: %w", root, err)
	}
	sort.Strings(l.Paths)
	return l, nil
}

// FindRoot picks the project root for dir: the nearest ancestor holding a
// pyproject.toml, not crossing the top of a git work tree; else the work tree's
// top; else dir itself.
func FindRoot(dir string) string {
	dir = filepath.Clean(dir)
	for d := dir; ; {
		if fileExists(filepath.Join(d, "pyproject.toml")) {
			return d
		}
		if fileExists(filepath.Join(d, ".git")) {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

func fileExists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// Relative turns command-line paths (relative to cwd, or absolute) into slash
// paths relative to root. A path outside root is a usage error for the caller.
func Relative(root, cwd string, args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		abs := a
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(cwd, a)
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("%s is outside the project root %s", a, root)
		}
		out = append(out, path.Clean(filepath.ToSlash(rel)))
	}
	return out, nil
}
