package engine

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"sort"
	"strings"
)

// ChangedFiles lists the files changed since ref (committed, staged, unstaged and
// untracked-but-not-ignored), as slash paths relative to root. An empty ref means
// the merge-base of HEAD with the default branch. Deleted files are left out.
func ChangedFiles(ctx context.Context, root, ref string) ([]string, error) {
	git := func(args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "core.quotepath=off"}, args...)...)
		cmd.Dir = root
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	if _, err := git("rev-parse", "--is-inside-work-tree"); err != nil {
		return nil, fmt.Errorf("--changed needs a git work tree: %w", err)
	}
	base := ref
	if base == "" {
		def, err := defaultBranch(git)
		if err != nil {
			return nil, err
		}
		out, err := git("merge-base", "HEAD", def)
		if err != nil {
			return nil, fmt.Errorf("no merge-base between HEAD and %s: %w", def, err)
		}
		base = strings.TrimSpace(string(out))
	} else if _, err := git("rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--changed=%s: not a commit in this repository", ref)
	}
	diff, err := git("diff", "--name-only", "-z", "--relative", "--no-renames", "--diff-filter=ACMRT", base)
	if err != nil {
		return nil, err
	}
	untracked, err := git("ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, chunk := range [][]byte{diff, untracked} {
		for _, p := range bytes.Split(chunk, []byte{0}) {
			if s := string(p); s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// defaultBranch finds the branch to compare with: origin's HEAD, else the first
// of origin/main, origin/master, main, master that exists.
func defaultBranch(git func(...string) ([]byte, error)) (string, error) {
	if out, err := git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"); err == nil {
		if s := strings.TrimSpace(string(out)); s != "" {
			return s, nil
		}
	}
	for _, b := range []string{"origin/main", "origin/master", "main", "master"} {
		if _, err := git("rev-parse", "--verify", "--quiet", b+"^{commit}"); err == nil {
			return b, nil
		}
	}
	return "", fmt.Errorf("--changed: cannot find the default branch (no origin/HEAD, main or master); pass --changed=REF")
}

// GitPrefix is root's path inside its git work tree ("" at the top or outside
// git), slash-terminated. GitHub resolves annotation and SARIF paths from the
// repository top, so reporters prepend it when the project is a subdirectory.
func GitPrefix(ctx context.Context, root string) string {
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--show-prefix")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
