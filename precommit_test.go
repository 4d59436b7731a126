package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/internal/toolcheck"
)

// TestPreCommitHooks proves .pre-commit-hooks.yaml with the real pre-commit: it
// builds this repository as a golang hook (go install ./...) and runs the hooks in a
// freshly generated project — green when clean, red naming the file when a conflict
// marker is planted.
func TestPreCommitHooks(t *testing.T) {
	tools := toolcheck.Require(t, "pre-commit", "git", "go", "uv")
	preCommit, git, goTool, uv := tools[0], tools[1], tools[2], tools[3]
	repoRoot, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	mlinit := filepath.Join(work, "mlinit")
	run(t, repoRoot, nil, goTool, "build", "-o", mlinit, ".")
	run(t, work, nil, mlinit, "new", "proj", "--yes", "--python", "3.11", "--no-git")
	proj := filepath.Join(work, "proj")
	gitEnv := []string{
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid",
	}
	// A clean project is a locked one: the lockfile is part of what gets committed.
	run(t, proj, nil, uv, "lock", "--quiet")
	run(t, proj, gitEnv, git, "init", "-q", "-b", "main")
	run(t, proj, gitEnv, git, "add", "-A")
	run(t, proj, gitEnv, git, "commit", "-q", "-m", "generated")

	goModCache, _ := exec.Command(goTool, "env", "GOMODCACHE").Output()
	hookEnv := append(gitEnv,
		"PRE_COMMIT_HOME="+filepath.Join(work, "pre-commit-home"),
		// Reuse the module cache instead of downloading every module into the
		// hook's private GOPATH; build with the flags pre-commit users get.
		"GOMODCACHE="+strings.TrimSpace(string(goModCache)),
		"CGO_ENABLED=0", "GOFLAGS=-buildvcs=false", "GOTOOLCHAIN=local",
	)
	tryRepo := func(hook string) (string, error) {
		cmd := exec.Command(preCommit, "try-repo", repoRoot, hook, "--all-files", "--color", "never")
		cmd.Dir = proj
		cmd.Env = append(os.Environ(), hookEnv...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}

	for _, hook := range []string{"mlinit-check", "mlinit-check-repo"} {
		t.Run(hook+"/clean", func(t *testing.T) {
			if out, err := tryRepo(hook); err != nil {
				t.Fatalf("%s failed on a fresh project: %v\n%s", hook, err, out)
			}
		})
	}

	t.Run("mlinit-check/conflict-marker", func(t *testing.T) {
		planted := filepath.Join("src", "proj", "planted.py")
		content := "\"\"\"Planted.\"\"\"\n\n<<<<<<< HEAD\nVALUE = 1\n=======\nVALUE = 2\n>>>>>>> other\n"
		if err := os.WriteFile(filepath.Join(proj, planted), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, proj, gitEnv, git, "add", planted)
		out, err := tryRepo("mlinit-check")
		if err == nil {
			t.Fatalf("mlinit-check passed with a conflict marker:\n%s", out)
		}
		if !strings.Contains(out, filepath.ToSlash(planted)) || !strings.Contains(out, "HY104") {
			t.Errorf("output does not name %s and HY104:\n%s", planted, out)
		}
	})
}

func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}
