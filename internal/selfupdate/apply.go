package selfupdate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ApplyOptions describes one swap of the installed binary.
type ApplyOptions struct {
	// Target is the installed executable, symlinks already resolved: the file that
	// is replaced, not a link to it.
	Target string
	// Binary is the verified new executable.
	Binary []byte
	// WantVersion is what the new binary's `version` must report (without "v").
	WantVersion string
	// Rename is os.Rename; tests inject failures to exercise the rollback.
	Rename func(oldpath, newpath string) error
	// RunVersion runs `<path> version` and returns its stdout; nil runs it for real.
	RunVersion func(ctx context.Context, path string) (string, error)
}

// RollbackError means the swap failed and putting the old binary back failed too:
// the user has to move it by hand, and the message says how.
type RollbackError struct {
	Err, RollbackErr error
	Old, Target      string
}

func (e *RollbackError) Error() string {
	return fmt.Sprintf("installing the new binary failed (%v) and restoring the old one failed too (%v); restore it with: mv %q %q",
		e.Err, e.RollbackErr, e.Old, e.Target)
}

func (e *RollbackError) Unwrap() error { return e.Err }

// SidePaths are the files the swap creates beside target: the new binary while it
// is tested, and the old one while the new one moves in.
func SidePaths(target string) (newPath, oldPath string) {
	dir := filepath.Dir(target)
	ext := filepath.Ext(target) // ".exe" on Windows, so the new binary can run there
	if ext != ".exe" {
		ext = ""
	}
	return filepath.Join(dir, ".mlinit.new"+ext), filepath.Join(dir, ".mlinit.old")
}

// Apply writes the new binary beside the target, smoke-tests it, and swaps it in:
// target → .mlinit.old, .mlinit.new → target, then .mlinit.old is removed (hidden
// on Windows, where a running executable cannot be deleted). Any failure puts the
// old binary back and removes what was created, so the directory ends as it began.
// The new file is made in the target's directory so both renames stay on one file
// system and are atomic.
func Apply(ctx context.Context, opts ApplyOptions) error {
	rename := opts.Rename
	if rename == nil {
		rename = os.Rename
	}
	runVersion := opts.RunVersion
	if runVersion == nil {
		runVersion = execVersion
	}
	st, err := os.Stat(opts.Target)
	if err != nil {
		return fmt.Errorf("installed binary: %w", err)
	}
	newPath, oldPath := SidePaths(opts.Target)
	if err := writeNew(newPath, opts.Binary, st.Mode().Perm()|0o100); err != nil {
		return err
	}
	cleanupNew := func() { _ = os.Remove(newPath) }

	out, err := runVersion(ctx, newPath)
	if err != nil {
		cleanupNew()
		return fmt.Errorf("new binary failed its smoke test (`version`): %w", err)
	}
	if got := reportedVersion(out); got != strings.TrimPrefix(opts.WantVersion, "v") {
		cleanupNew()
		return fmt.Errorf("new binary reports version %q, want %q", got, opts.WantVersion)
	}
	if err := ctx.Err(); err != nil {
		cleanupNew()
		return err
	}

	// A leftover from an earlier update (hidden on Windows) would block the rename.
	if err := os.Remove(oldPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		cleanupNew()
		return fmt.Errorf("removing stale %s: %w", oldPath, err)
	}
	if err := rename(opts.Target, oldPath); err != nil {
		cleanupNew()
		return fmt.Errorf("moving the old binary aside: %w", err)
	}
	if err := rename(newPath, opts.Target); err != nil {
		if rbErr := rename(oldPath, opts.Target); rbErr != nil {
			// Keep .mlinit.new: with the target gone it may be the only working copy.
			return &RollbackError{Err: err, RollbackErr: rbErr, Old: oldPath, Target: opts.Target}
		}
		cleanupNew()
		return fmt.Errorf("moving the new binary into place: %w (old binary restored)", err)
	}
	if err := os.Remove(oldPath); err != nil {
		// Windows refuses to delete the running executable; hide it, and the next
		// update removes it.
		_ = hideFile(oldPath)
	}
	return nil
}

func writeNew(path string, data []byte, mode fs.FileMode) error {
	// A stale file from an interrupted run is ours to replace.
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing stale %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("writing the new binary: %w", err)
	}
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Sync()
	}
	// Close before rename: Windows cannot rename an open file.
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(path, mode) // the umask may have removed execute bits
	}
	if werr != nil {
		_ = os.Remove(path)
		return fmt.Errorf("writing the new binary: %w", werr)
	}
	return nil
}

// execVersion runs the new binary with the notifier off, so the smoke test neither
// touches the network nor prints a notice.
func execVersion(ctx context.Context, path string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "version")
	cmd.Env = append(os.Environ(), "MLINIT_NO_UPDATE_NOTIFIER=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", fmt.Errorf("%w: %s", err, firstLine(msg))
		}
		return "", err
	}
	return stdout.String(), nil
}

// reportedVersion reads "mlinit X" from the first line of `mlinit version`.
func reportedVersion(out string) string {
	fields := strings.Fields(firstLine(out))
	if len(fields) >= 2 && fields[0] == "mlinit" {
		return strings.TrimPrefix(fields[1], "v")
	}
	return firstLine(out)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
