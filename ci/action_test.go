package ci_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mlinit/mlinit/internal/toolcheck"
)

type actionFile struct {
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
	Inputs  map[string]any `yaml:"inputs"`
	Outputs map[string]any `yaml:"outputs"`
}

func readAction(t *testing.T) actionFile {
	t.Helper()
	data, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestActionShape holds the action to its contract: composite, the documented inputs
// and outputs, every uses: pinned by SHA, and inputs reaching scripts only via env:.
func TestActionShape(t *testing.T) {
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	for _, in := range []string{"version", "args", "working-directory", "github-token", "install-only", "sarif-file"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("missing input %q", in)
		}
	}
	for _, out := range []string{"exit-code", "sarif-file", "mlinit-path"} {
		if _, ok := a.Outputs[out]; !ok {
			t.Errorf("missing output %q", out)
		}
	}
	pinned := regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)
	for _, s := range a.Runs.Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q: run: contains a ${{ }} expression; pass it through env:", s.Name)
		}
		if s.Uses != "" && !pinned.MatchString(s.Uses) {
			t.Errorf("step %q: uses %q is not pinned to a full commit SHA", s.Name, s.Uses)
		}
	}
}

// TestRunScript checks the flags run.sh passes and that the check's exit code
// becomes both the step's and the exit-code output.
func TestRunScript(t *testing.T) {
	toolcheck.Require(t, "bash")
	dir := t.TempDir()
	argsFile := filepath.Join(dir, "args")
	fake := filepath.Join(dir, "mlinit")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + argsFile + "'\nexit 1\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	outFile := filepath.Join(dir, "out")
	cmd := exec.Command("bash", "run.sh")
	cmd.Env = append(os.Environ(), "MLINIT_PATH="+fake, "MLINIT_ARGS=--gate repo  --fail-level warning",
		"MLINIT_SARIF_FILE=results.sarif", "GITHUB_OUTPUT="+outFile)
	err := cmd.Run()
	exitErr, ok := err.(*exec.ExitError) //nolint:errorlint // exec returns it unwrapped
	if !ok || exitErr.ExitCode() != 1 {
		t.Fatalf("run.sh: %v, want exit 1", err)
	}
	args, _ := os.ReadFile(argsFile)
	want := "check\n--format\ngithub\n--format\nsarif=results.sarif\n--gate\nrepo\n--fail-level\nwarning\n"
	if string(args) != want {
		t.Errorf("args = %q, want %q", args, want)
	}
	out, _ := os.ReadFile(outFile)
	if !strings.Contains(string(out), "exit-code=1\n") || !strings.Contains(string(out), "sarif-file=results.sarif\n") {
		t.Errorf("GITHUB_OUTPUT = %q", out)
	}

	// No args and no SARIF: just the GitHub format.
	cmd = exec.Command("bash", "run.sh")
	cmd.Env = append(os.Environ(), "MLINIT_PATH="+fake, "MLINIT_ARGS=", "MLINIT_SARIF_FILE=", "GITHUB_OUTPUT="+outFile)
	_ = cmd.Run()
	args, _ = os.ReadFile(argsFile)
	if string(args) != "check\n--format\ngithub\n" {
		t.Errorf("args = %q", args)
	}
}

// TestExampleWorkflows lints the README's example workflow and the one in testdata.
func TestExampleWorkflows(t *testing.T) {
	sc := toolcheck.Require(t, "shellcheck")[0]
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)<!-- example-workflow -->\\s*```yaml\\n(.*?)```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("README has no ```yaml block after <!-- example-workflow -->")
	}
	fromReadme := filepath.Join(t.TempDir(), "readme-example.yml")
	if err := os.WriteFile(fromReadme, block[1], 0o644); err != nil {
		t.Fatal(err)
	}
	findings, err := toolcheck.Actionlint(sc, fromReadme, "../testdata/workflows/mlinit-check.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Error(f)
	}
}
