package generate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
)

// TargetError means the target directory cannot take the project as asked: it is
// not empty (and --force was not given) or it is not a directory. A usage error.
type TargetError struct {
	Dir    string
	Reason string
}

func (e *TargetError) Error() string { return fmt.Sprintf("target %s %s", e.Dir, e.Reason) }

// Result says what a write did, or what a dry run would do.
type Result struct {
	Written []string // paths written (all of them for a new directory)
	Skipped []string // paths --force left alone because they already existed
}

// targetState is what Plan learned about the target.
type targetState int

const (
	targetMissing targetState = iota // created by renaming the staged tree into place
	targetDir                        // exists: new files are linked in one by one
)

// Plan checks the target and computes what Write would do, writing nothing.
func Plan(t *Tree, dir string, force bool) (Result, error) {
	res, _, err := plan(t, dir, force)
	return res, err
}

// CheckTarget refuses a target that is not a directory, or is a non-empty one
// without force; a missing target is fine. Callers run it before asking
// questions, so nobody fills a form only to be refused.
func CheckTarget(dir string, force bool) error {
	_, err := checkTarget(dir, force)
	return err
}

func checkTarget(dir string, force bool) (targetState, error) {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return targetMissing, nil
	case err != nil:
		return 0, fmt.Errorf("inspect target: %w", err)
	case !fi.IsDir():
		return 0, &TargetError{Dir: dir, Reason: "exists and is not a directory"}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("inspect target: %w", err)
	}
	if len(entries) > 0 && !force {
		return 0, &TargetError{Dir: dir, Reason: "exists and is not empty; pass --force to add the missing files (existing files are never overwritten)"}
	}
	return targetDir, nil
}

func plan(t *Tree, dir string, force bool) (Result, targetState, error) {
	var res Result
	state, err := checkTarget(dir, force)
	if err != nil {
		return res, 0, err
	}
	if state == targetMissing {
		for _, f := range t.Files {
			res.Written = append(res.Written, f.Path)
		}
		return res, targetMissing, nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return res, 0, fmt.Errorf("open target: %w", err)
	}
	defer root.Close()
	for _, f := range t.Files {
		if exists(root, f.Path) {
			res.Skipped = append(res.Skipped, f.Path)
		} else {
			res.Written = append(res.Written, f.Path)
		}
	}
	return res, targetDir, nil
}

// exists reports whether anything sits at p or on the way to it: a file where a
// directory of p should be also blocks p (the path is then skipped, not forced).
func exists(root *os.Root, p string) bool {
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		if fi, err := root.Lstat(d); err == nil && !fi.IsDir() {
			return true
		}
	}
	_, err := root.Lstat(p)
	return !errors.Is(err, fs.ErrNotExist)
}

// Write puts the tree into dir. A new directory is staged beside the target and
// renamed into place; an existing one (empty, or any with force) gets each new
// file staged and then hard-linked in, which cannot overwrite. On any error or
// cancellation everything this call created is removed again.
func Write(ctx context.Context, t *Tree, dir string, force bool) (Result, error) {
	res, state, err := plan(t, dir, force)
	if err != nil {
		return res, err
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	made, err := mkdirParents(parent)
	if err != nil {
		return res, err
	}
	ok := false
	defer func() {
		if !ok && made != "" {
			_ = os.RemoveAll(made)
		}
	}()
	stage, err := os.MkdirTemp(parent, "."+base+".mlinit-")
	if err != nil {
		return res, fmt.Errorf("stage project: %w", err)
	}
	defer os.RemoveAll(stage)
	if err := stageFiles(ctx, stage, t, res.Written); err != nil {
		return res, err
	}
	if state == targetMissing {
		// MkdirTemp made it 0700; a project directory is 0755 like any mkdir.
		if err := os.Chmod(stage, 0o755); err != nil { //nolint:gosec // see above
			return res, fmt.Errorf("stage project: %w", err)
		}
		if err := os.Rename(stage, dir); err != nil {
			return res, fmt.Errorf("move project into place: %w", err)
		}
		ok = true
		return res, nil
	}
	linked, err := linkIn(ctx, parent, filepath.Base(stage), base, res.Written)
	if err != nil {
		return res, err
	}
	// Files that appeared between Plan and the link are skipped, never replaced.
	for _, p := range res.Written {
		if !slices.Contains(linked, p) {
			res.Skipped = append(res.Skipped, p)
		}
	}
	slices.Sort(res.Skipped)
	res.Written = linked
	ok = true
	return res, nil
}

// mkdirParents creates dir and its missing parents, returning the topmost one it
// created ("" when dir existed) so a failed run can remove them again.
func mkdirParents(dir string) (string, error) {
	top := ""
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		}
		top = d
		if filepath.Dir(d) == d {
			break
		}
	}
	if top == "" {
		return "", nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create parent directory: %w", err)
	}
	return top, nil
}

// stageFiles writes the listed files of t under stage with exact modes (umask
// does not apply) and 0755 directories.
func stageFiles(ctx context.Context, stage string, t *Tree, paths []string) error {
	root, err := os.OpenRoot(stage)
	if err != nil {
		return fmt.Errorf("stage project: %w", err)
	}
	defer root.Close()
	want := make(map[string]bool, len(paths))
	for _, p := range paths {
		want[p] = true
	}
	made := map[string]bool{}
	for _, f := range t.Files {
		if !want[f.Path] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := mkdirs(root, path.Dir(f.Path), made); err != nil {
			return err
		}
		if err := writeFile(root, f); err != nil {
			return err
		}
	}
	return nil
}

func mkdirs(root *os.Root, dir string, made map[string]bool) error {
	if dir == "." || made[dir] {
		return nil
	}
	if err := mkdirs(root, path.Dir(dir), made); err != nil {
		return err
	}
	if err := root.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("stage %s: %w", dir, err)
	}
	if err := root.Chmod(dir, 0o755); err != nil {
		return fmt.Errorf("stage %s: %w", dir, err)
	}
	made[dir] = true
	return nil
}

func writeFile(root *os.Root, f File) error {
	w, err := root.OpenFile(f.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, f.Mode)
	if err != nil {
		return fmt.Errorf("stage %s: %w", f.Path, err)
	}
	_, err = w.Write(f.Data)
	if err == nil {
		err = w.Chmod(f.Mode) // exact mode whatever the umask
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("stage %s: %w", f.Path, err)
	}
	return nil
}

// linkIn hard-links each staged file into the existing target. A link never
// replaces an existing file; one that appeared meanwhile is left out. On failure
// the links and directories made so far are removed.
func linkIn(ctx context.Context, parent, stage, target string, paths []string) (linked []string, err error) {
	root, err := os.OpenRoot(parent)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", parent, err)
	}
	defer root.Close()
	var dirs []string
	defer func() {
		if err == nil {
			return
		}
		for _, p := range slices.Backward(linked) {
			_ = root.Remove(path.Join(target, p))
		}
		for _, d := range slices.Backward(dirs) {
			_ = root.Remove(d)
		}
		linked = nil
	}()
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return linked, err
		}
		for _, d := range missingDirs(root, path.Join(target, path.Dir(p))) {
			if err := root.Mkdir(d, 0o755); err != nil {
				return linked, fmt.Errorf("create %s: %w", d, err)
			}
			dirs = append(dirs, d)
		}
		err := root.Link(path.Join(stage, p), path.Join(target, p))
		switch {
		case errors.Is(err, fs.ErrExist):
			continue
		case err != nil:
			return linked, fmt.Errorf("write %s: %w", p, err)
		}
		linked = append(linked, p)
	}
	return linked, nil
}

// missingDirs lists, outermost first, the directories of dir that do not exist.
func missingDirs(root *os.Root, dir string) []string {
	var missing []string
	for d := dir; d != "."; d = path.Dir(d) {
		if _, err := root.Lstat(d); err == nil {
			break
		}
		missing = append(missing, d)
	}
	slices.Reverse(missing)
	return missing
}
