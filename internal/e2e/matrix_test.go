package e2e

import (
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/internal/project"
	"github.com/mlinit/mlinit/internal/toolcheck"
	"github.com/mlinit/mlinit/templates"
)

// TestDeliveryMatrix extends gates 6 and 7 from the covering set to every
// combination of the options that shape delivery files (env, lint, typecheck,
// framework, docs, ci, docker, notebooks, data): no install, so it is cheap. Each
// distinct workflow, Dockerfile and pre-commit config is checked once.
func TestDeliveryMatrix(t *testing.T) {
	paths := toolcheck.Require(t, "pre-commit", "shellcheck")
	preCommit := paths[0]
	v, err := templates.LoadVersions()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	seen := map[[32]byte]bool{}
	fresh := func(b []byte) bool {
		sum := sha256.Sum256(b)
		if seen[sum] {
			return false
		}
		seen[sum] = true
		return true
	}
	n := 0
	var workflows, configs []string
	for a := range deliveryCombinations() {
		files, err := templates.Render(a)
		if err != nil {
			t.Fatalf("%s: render: %v", comboName(a), err)
		}
		n++
		for _, f := range files {
			switch {
			case strings.HasPrefix(f.Path, ".github/workflows/"):
				if !fresh(f.Data) {
					continue
				}
				p := filepath.Join(tmp, "wf", comboName(a), f.Path)
				if err := writeTree(filepath.Join(tmp, "wf", comboName(a)), []templates.File{f}); err != nil {
					t.Fatal(err)
				}
				workflows = append(workflows, p)
				for _, msg := range checkWorkflow(f.Data, a, v) {
					t.Errorf("%s: %s: %s", comboName(a), f.Path, msg)
				}
			case f.Path == "Dockerfile":
				if !fresh(f.Data) {
					continue
				}
				for _, msg := range checkDockerfile(f.Data, a) {
					t.Errorf("%s: Dockerfile: %s", comboName(a), msg)
				}
			case f.Path == ".gitlab-ci.yml":
				if !fresh(f.Data) {
					continue
				}
				for _, msg := range checkGitLab(f.Data, a) {
					t.Errorf("%s: .gitlab-ci.yml: %s", comboName(a), msg)
				}
			case f.Path == ".pre-commit-config.yaml":
				if !fresh(f.Data) {
					continue
				}
				p := filepath.Join(tmp, "pc", comboName(a)+".yaml")
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
				configs = append(configs, p)
				checkPreCommitRevs(t, comboName(a), f.Data, v)
			}
		}
	}
	// One actionlint and one pre-commit run over all distinct files: starting a
	// process per file is what would make this test slow. File names carry the
	// answer combination, so findings say which one they belong to.
	for _, msg := range actionlint(t, workflows...) {
		t.Errorf("actionlint: %s", msg)
	}
	if out, err := exec.Command(preCommit, append([]string{"validate-config"}, configs...)...).CombinedOutput(); err != nil {
		t.Errorf("pre-commit validate-config: %v\n%s", err, out)
	}
	t.Logf("%d answer sets rendered, %d distinct delivery files checked", n, len(seen))
}

// deliveryCombinations yields every combination of the delivery-shaping
// options that the generator accepts (docker=cuda only with torch), with the e2e
// Python, then every supported Python with each env manager and CI (the test
// matrices and base images depend on it).
func deliveryCombinations() func(yield func(project.Answers) bool) {
	return func(yield func(project.Answers) bool) {
		base := coveringRows()[0].answers()
		for _, c := range project.Choices() {
			if c.Key != "python" {
				continue
			}
			for _, py := range c.Values {
				for _, env := range []string{"uv", "poetry", "pip", "conda"} {
					for _, ci := range []string{"github", "gitlab"} {
						a := base
						a.Python, a.Env, a.CI = py, env, ci
						if !yield(a) {
							return
						}
					}
				}
			}
		}
		for _, env := range []string{"uv", "poetry", "pip", "conda"} {
			for _, lint := range []string{"ruff", "classic"} {
				for _, typecheck := range []string{"mypy", "none"} {
					for _, fw := range []string{"none", "sklearn", "pytorch", "lightning"} {
						for _, docs := range []string{"mkdocs", "sphinx", "none"} {
							for _, ci := range []string{"github", "gitlab", "none"} {
								for _, docker := range []string{"cpu", "cuda", "none"} {
									if docker == "cuda" && (fw == "none" || fw == "sklearn") {
										continue
									}
									for _, nb := range []bool{true, false} {
										a := base
										a.Env, a.Lint, a.Typecheck, a.Framework = env, lint, typecheck, fw
										a.Docs, a.CI, a.Docker, a.Notebooks = docs, ci, docker, nb
										if !yield(a) {
											return
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
}

func comboName(a project.Answers) string {
	nb := "nb"
	if !a.Notebooks {
		nb = "no-nb"
	}
	return strings.Join([]string{"py" + a.Python, a.Env, a.Lint, a.Typecheck, a.Framework, a.Docs, a.CI, a.Docker, nb}, "-")
}
