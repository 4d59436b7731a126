package selfupdate

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Manager names what installed the binary when it was not a release archive, and
// the command that updates it there.
type Manager struct {
	Name    string // "Homebrew", "dpkg", "rpm", "go install"
	Command string // what the user should run instead
}

// ManagedOptions are the places DetectManager looks; tests point them at temp dirs.
type ManagedOptions struct {
	Env func(string) (string, bool)
	// HomeDir is used for the default GOPATH ($HOME/go).
	HomeDir string
	// HomebrewPrefixes are directories owned by Homebrew.
	HomebrewPrefixes []string
	// DpkgInfoDir holds dpkg's *.list files ("" skips dpkg).
	DpkgInfoDir string
	// RPMOwns reports whether rpm owns path (nil skips rpm).
	RPMOwns func(ctx context.Context, path string) bool
}

// DefaultManagedOptions describes the real system.
func DefaultManagedOptions(env func(string) (string, bool)) ManagedOptions {
	home, _ := os.UserHomeDir()
	return ManagedOptions{
		Env:              env,
		HomeDir:          home,
		HomebrewPrefixes: []string{"/opt/homebrew", "/usr/local/Cellar", "/home/linuxbrew"},
		DpkgInfoDir:      "/var/lib/dpkg/info",
		RPMOwns:          rpmOwns,
	}
}

// DetectManager reports who manages the executable at path (checked both as given
// and with symlinks resolved, since Homebrew links bin/ into its Cellar), or nil.
func DetectManager(ctx context.Context, path string, opts ManagedOptions) *Manager {
	paths := []string{filepath.Clean(path)}
	if resolved, err := filepath.EvalSymlinks(path); err == nil && resolved != paths[0] {
		paths = append(paths, resolved)
	}
	for _, p := range paths {
		for _, prefix := range opts.HomebrewPrefixes {
			if within(p, prefix) {
				return &Manager{Name: "Homebrew", Command: "brew upgrade mlinit"}
			}
		}
	}
	for _, p := range paths {
		for _, dir := range goBinDirs(opts) {
			if filepath.Dir(p) == filepath.Clean(dir) {
				return &Manager{Name: "go install", Command: "go install github.com/mlinit/mlinit@latest"}
			}
		}
	}
	for _, p := range paths {
		// Packages install system-wide; skip the (slow) database look-ups for
		// binaries in home directories, /tmp and the like.
		if !systemPath(p) {
			continue
		}
		if opts.DpkgInfoDir != "" && dpkgOwns(opts.DpkgInfoDir, p) {
			return &Manager{Name: "dpkg", Command: "sudo apt-get install --only-upgrade mlinit"}
		}
		if opts.RPMOwns != nil && opts.RPMOwns(ctx, p) {
			return &Manager{Name: "rpm", Command: "sudo dnf upgrade mlinit"}
		}
	}
	return nil
}

func systemPath(p string) bool {
	for _, dir := range []string{"/usr", "/bin", "/sbin", "/opt"} {
		if within(p, dir) {
			return true
		}
	}
	return false
}

func within(p, dir string) bool {
	dir = filepath.Clean(dir)
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

// goBinDirs are where `go install` puts binaries: $GOBIN, else every $GOPATH/bin,
// else $HOME/go/bin.
func goBinDirs(opts ManagedOptions) []string {
	env := opts.Env
	if env == nil {
		env = func(string) (string, bool) { return "", false }
	}
	var dirs []string
	if v, ok := env("GOBIN"); ok && v != "" {
		dirs = append(dirs, v)
	}
	if v, ok := env("GOPATH"); ok && v != "" {
		for _, p := range filepath.SplitList(v) {
			if p != "" {
				dirs = append(dirs, filepath.Join(p, "bin"))
			}
		}
	} else if opts.HomeDir != "" {
		dirs = append(dirs, filepath.Join(opts.HomeDir, "go", "bin"))
	}
	return dirs
}

// dpkgOwns scans dpkg's file lists rather than running `dpkg -S`, which is slow and
// absent in minimal containers that still carry the database.
func dpkgOwns(infoDir, path string) bool {
	lists, err := filepath.Glob(filepath.Join(infoDir, "*.list"))
	if err != nil {
		return false
	}
	for _, l := range lists {
		if fileHasLine(l, path) {
			return true
		}
	}
	return false
}

func fileHasLine(file, line string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() == line {
			return true
		}
	}
	return false
}

func rpmOwns(ctx context.Context, path string) bool {
	if runtime.GOOS != "linux" {
		return false
	}
	rpm, err := exec.LookPath("rpm")
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	// rpm -qf exits 0 only when a package owns the file.
	return exec.CommandContext(ctx, rpm, "-qf", "--quiet", path).Run() == nil
}

// ErrNotWritable is returned when the binary's directory cannot take the new file.
var ErrNotWritable = errors.New("directory is not writable") //nolint:gochecknoglobals // sentinel error, never mutated

// CheckWritable creates and removes a probe file beside the binary: the swap needs to
// create files and rename in that directory, and checking it up front means no
// download happens for an update that cannot be installed.
func CheckWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".mlinit-probe-*")
	if err != nil {
		return fmt.Errorf("cannot update mlinit in %s: %w (reinstall it somewhere you can write, or run with sudo)", dir, ErrNotWritable)
	}
	name := f.Name()
	_ = f.Close()
	return os.Remove(name)
}
