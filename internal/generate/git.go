package generate

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Git runs git for `mlinit new` with an environment that cannot pull user or
// system configuration in (no templates dir, hooks or default branch from
// ~/.gitconfig), so every machine initialises the same way.
type Git struct {
	Path string // git executable; "" when git is not installed
	Env  []string
}

// NewGit finds git on pathEnv (the PATH value) and builds its environment.
func NewGit(pathEnv string) *Git {
	g := &Git{Env: []string{
		"PATH=" + pathEnv,
		"HOME=" + os.DevNull,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=" + os.DevNull,
		"GIT_TERMINAL_PROMPT=0",
		"LC_ALL=C",
	}}
	for dir := range strings.SplitSeq(pathEnv, string(os.PathListSeparator)) {
		if dir == "" {
			continue
		}
		p := dir + string(os.PathSeparator) + "git"
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			g.Path = p
			break
		}
	}
	return g
}

// Available reports whether git was found.
func (g *Git) Available() bool { return g.Path != "" }

// InsideWorkTree reports whether dir is inside an existing git work tree.
func (g *Git) InsideWorkTree(ctx context.Context, dir string) bool {
	out, err := g.command(ctx, dir, "rev-parse", "--is-inside-work-tree").Output()
	return err == nil && strings.TrimSpace(string(out)) == "true"
}

// Init runs git init in dir with main as the initial branch.
func (g *Git) Init(ctx context.Context, dir string) error {
	out, err := g.command(ctx, dir, "-c", "init.defaultBranch=main", "init", "--quiet").CombinedOutput()
	if err != nil {
		return fmt.Errorf("git init: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

func (g *Git) command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, g.Path, args...)
	cmd.Dir = dir
	cmd.Env = g.Env
	return cmd
}
