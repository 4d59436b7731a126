package e2e

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"go.yaml.in/yaml/v3"

	"github.com/mlinit/mlinit/internal/project"
	"github.com/mlinit/mlinit/internal/toolcheck"
	"github.com/mlinit/mlinit/templates"
)

// checkDelivery is gate 7 on a rendered project in dir: every workflow passes
// actionlint (with shellcheck) with zero findings and pins every action by SHA
// from the catalogue; GitLab CI and Dependabot files have their jobs and
// ecosystems; the Dockerfile parses and is pinned, non-root and lock-installed.
// Files the answers rule out must be absent.
func checkDelivery(t *testing.T, set, dir string, a project.Answers, v templates.Versions) {
	t.Helper()
	has := func(rel string) bool {
		_, err := os.Stat(filepath.Join(dir, rel))
		return err == nil
	}
	read := func(rel string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatalf("answer set %s: %v", set, err)
		}
		return b
	}
	errorf := func(format string, args ...any) {
		t.Helper()
		t.Errorf("answer set %s, step 7-workflows-and-dockerfile: "+format, append([]any{set}, args...)...)
	}

	workflows, _ := filepath.Glob(filepath.Join(dir, ".github", "workflows", "*.yml"))
	switch a.CI {
	case "github":
		want := []string{"ci.yml", "release.yml"}
		if a.Docs != "none" {
			want = append(want, "docs.yml")
		}
		for _, w := range want {
			if !has(".github/workflows/" + w) {
				errorf("ci=github but .github/workflows/%s is missing", w)
			}
		}
		for _, msg := range actionlint(t, workflows...) {
			errorf("actionlint: %s", msg)
		}
		for _, w := range workflows {
			rel, _ := filepath.Rel(dir, w)
			for _, msg := range checkWorkflow(read(rel), a, v) {
				errorf("%s: %s", rel, msg)
			}
		}
		for _, msg := range checkDependabot(read(".github/dependabot.yml"), a) {
			errorf(".github/dependabot.yml: %s", msg)
		}
	case "gitlab":
		for _, msg := range checkGitLab(read(".gitlab-ci.yml"), a) {
			errorf(".gitlab-ci.yml: %s", msg)
		}
	}
	if a.CI != "github" && (len(workflows) > 0 || has(".github/dependabot.yml")) {
		errorf("ci=%s but GitHub files were generated", a.CI)
	}
	if a.CI != "gitlab" && has(".gitlab-ci.yml") {
		errorf("ci=%s but .gitlab-ci.yml was generated", a.CI)
	}

	if a.Docker == "none" {
		if has("Dockerfile") || has(".dockerignore") {
			errorf("docker=none but a Dockerfile or .dockerignore was generated")
		}
	} else {
		if !has(".dockerignore") {
			errorf("docker=%s but .dockerignore is missing", a.Docker)
		}
		for _, msg := range checkDockerfile(read("Dockerfile"), a) {
			errorf("Dockerfile: %s", msg)
		}
	}
}

// actionlint lints workflow files; shellcheck comes from PATH.
func actionlint(t *testing.T, paths ...string) []string {
	t.Helper()
	if len(paths) == 0 {
		return nil
	}
	sc := toolcheck.Require(t, "shellcheck")[0]
	msgs, err := toolcheck.Actionlint(sc, paths...)
	if err != nil {
		t.Fatalf("actionlint: %v", err)
	}
	return msgs
}

// checkWorkflow checks what actionlint does not: each `uses:` is a catalogued
// action pinned to its catalogued 40-hex SHA with the matching version comment;
// workflow-level permissions are read-only; superseded runs are cancelled.
func checkWorkflow(src []byte, a project.Answers, v templates.Versions) []string {
	v = withMlinit(v)
	usesLine := regexp.MustCompile(`^\s*(?:-\s+)?uses:\s*(\S+)@(\S+)(?:\s+#\s*(\S+))?\s*$`)
	sha := regexp.MustCompile(`^[0-9a-f]{40}$`)
	var msgs []string
	for i, line := range strings.Split(string(src), "\n") {
		if !strings.Contains(line, "uses:") {
			continue
		}
		m := usesLine.FindStringSubmatch(line)
		if m == nil {
			msgs = append(msgs, fmt.Sprintf("line %d: `uses:` not of the form owner/repo@<sha> # vX.Y.Z: %s", i+1, strings.TrimSpace(line)))
			continue
		}
		act, ok := v.Actions[m[1]]
		switch {
		case !ok:
			msgs = append(msgs, fmt.Sprintf("line %d: action %s is not in the versions catalogue", i+1, m[1]))
		case m[2] != act.SHA || !sha.MatchString(m[2]):
			msgs = append(msgs, fmt.Sprintf("line %d: %s pinned to %q, catalogue has %s", i+1, m[1], m[2], act.SHA))
		case m[3] != act.Version:
			msgs = append(msgs, fmt.Sprintf("line %d: %s version comment %q, catalogue has %s", i+1, m[1], m[3], act.Version))
		}
	}
	var wf struct {
		Permissions any `yaml:"permissions"`
		Concurrency struct {
			Group            string `yaml:"group"`
			CancelInProgress bool   `yaml:"cancel-in-progress"`
		} `yaml:"concurrency"`
		Jobs map[string]struct {
			Strategy struct {
				Matrix map[string]any `yaml:"matrix"`
			} `yaml:"strategy"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(src, &wf); err != nil {
		return append(msgs, "does not parse: "+err.Error())
	}
	if perms, _ := wf.Permissions.(map[string]any); len(perms) != 1 || perms["contents"] != "read" {
		msgs = append(msgs, fmt.Sprintf("workflow permissions %v, want only contents: read", wf.Permissions))
	}
	if wf.Concurrency.Group == "" {
		msgs = append(msgs, "no concurrency group")
	}
	if test, ok := wf.Jobs["test"]; ok {
		if !wf.Concurrency.CancelInProgress {
			msgs = append(msgs, "CI does not cancel superseded runs")
		}
		pys, _ := test.Strategy.Matrix["python-version"].([]any)
		if !slices.Contains(pys, any(a.Python)) {
			msgs = append(msgs, fmt.Sprintf("test matrix %v lacks the minimum Python %s", pys, a.Python))
		}
		for _, job := range []string{"lint", "build"} {
			if _, ok := wf.Jobs[job]; !ok {
				msgs = append(msgs, "CI has no "+job+" job")
			}
		}
		if _, ok := wf.Jobs["docs"]; ok != (a.Docs != "none") {
			msgs = append(msgs, fmt.Sprintf("docs job present=%v with docs=%s", ok, a.Docs))
		}
	}
	return msgs
}

// checkDependabot wants the actions ecosystem and the Python lockfile's.
func checkDependabot(src []byte, a project.Answers) []string {
	var cfg struct {
		Version int `yaml:"version"`
		Updates []struct {
			Ecosystem string `yaml:"package-ecosystem"`
		} `yaml:"updates"`
	}
	if err := yaml.Unmarshal(src, &cfg); err != nil {
		return []string{"does not parse: " + err.Error()}
	}
	var eco []string
	for _, u := range cfg.Updates {
		eco = append(eco, u.Ecosystem)
	}
	want := []string{"github-actions"}
	switch a.Env {
	case "uv":
		want = append(want, "uv")
	case "poetry", "pip":
		want = append(want, "pip")
	}
	var msgs []string
	if cfg.Version != 2 {
		msgs = append(msgs, fmt.Sprintf("version %d, want 2", cfg.Version))
	}
	for _, w := range want {
		if !slices.Contains(eco, w) {
			msgs = append(msgs, fmt.Sprintf("ecosystems %v lack %s", eco, w))
		}
	}
	return msgs
}

// checkGitLab wants the same jobs as the GitHub workflows, a test matrix with
// the minimum Python, and id-token based publishing.
func checkGitLab(src []byte, a project.Answers) []string {
	var cfg map[string]any
	if err := yaml.Unmarshal(src, &cfg); err != nil {
		return []string{"does not parse: " + err.Error()}
	}
	want := []string{"lint", "test", "build", "publish"}
	if a.Docs != "none" {
		want = append(want, "pages")
	}
	var msgs []string
	for _, j := range want {
		job, ok := cfg[j].(map[string]any)
		if !ok {
			msgs = append(msgs, "no "+j+" job")
			continue
		}
		if _, ok := job["script"]; !ok {
			msgs = append(msgs, j+" has no script")
		}
	}
	if a.Env != "conda" && !bytes.Contains(src, []byte(`PYTHON_VERSION: ["`+a.Python+`"`)) {
		msgs = append(msgs, "test matrix does not start at the minimum Python "+a.Python)
	}
	if pub, ok := cfg["publish"].(map[string]any); ok {
		if _, ok := pub["id_tokens"]; !ok {
			msgs = append(msgs, "publish does not use an OIDC id_token (trusted publishing)")
		}
	}
	return msgs
}

// checkDockerfile parses the Dockerfile with BuildKit's parser: no parser
// warnings; every base image has an explicit, non-latest tag; the final stage
// runs as a non-root USER with an exec-form entry point running commands.py;
// dependencies are installed from the env manager's lockfile.
func checkDockerfile(src []byte, a project.Answers) []string {
	res, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
		return []string{"does not parse: " + err.Error()}
	}
	var msgs []string
	for _, w := range res.Warnings {
		msgs = append(msgs, "parser warning: "+w.Short)
	}
	var stages []string
	var user, entry string
	var entryJSON bool
	var runs []string
	for _, n := range res.AST.Children {
		args := nodeArgs(n)
		switch strings.ToLower(n.Value) {
		case "from":
			if len(args) == 0 {
				msgs = append(msgs, fmt.Sprintf("line %d: FROM without an image", n.StartLine))
				continue
			}
			image := args[0]
			if !slices.Contains(stages, image) {
				if msg := checkImageRef(image); msg != "" {
					msgs = append(msgs, fmt.Sprintf("line %d: %s", n.StartLine, msg))
				}
			}
			if len(args) == 3 && strings.EqualFold(args[1], "as") {
				stages = append(stages, args[2])
			}
			user, entry = "", "" // each stage starts as root with no entry point
		case "user":
			if len(args) > 0 {
				user = args[0]
			}
		case "entrypoint":
			entry, entryJSON = strings.Join(args, " "), n.Attributes["json"]
		case "run":
			runs = append(runs, strings.Join(args, " "))
		}
	}
	if u, _, _ := strings.Cut(user, ":"); u == "" || u == "root" || u == "0" {
		msgs = append(msgs, fmt.Sprintf("final stage runs as %q, want a non-root USER", user))
	}
	if !entryJSON || !strings.Contains(entry, "commands.py") {
		msgs = append(msgs, fmt.Sprintf("final stage ENTRYPOINT %q is not an exec-form run of commands.py", entry))
	}
	lockInstall := map[string]string{
		"uv":     "uv sync --locked",
		"poetry": "poetry install --only main",
		"pip":    "--require-hashes",
		"conda":  "--file conda-lock.yml",
	}[a.Env]
	if !slices.ContainsFunc(runs, func(r string) bool { return strings.Contains(r, lockInstall) }) {
		msgs = append(msgs, fmt.Sprintf("no RUN installs from the lockfile (%q)", lockInstall))
	}
	lockfile := map[string]string{"uv": "uv.lock", "poetry": "poetry.lock", "pip": "requirements.txt", "conda": "conda-lock.yml"}[a.Env]
	if !bytes.Contains(src, []byte(lockfile)) {
		msgs = append(msgs, "the lockfile "+lockfile+" is never brought into the build")
	}
	if a.Docker == "cuda" && !bytes.Contains(src, []byte("FROM nvidia/cuda:")) {
		msgs = append(msgs, "docker=cuda but no nvidia/cuda base image")
	}
	return msgs
}

// nodeArgs returns the words after an instruction.
func nodeArgs(n *parser.Node) []string {
	var args []string
	for c := n.Next; c != nil; c = c.Next {
		args = append(args, c.Value)
	}
	return args
}

// checkImageRef wants name:tag (optionally @digest) with a literal tag other than
// latest.
func checkImageRef(ref string) string {
	if strings.Contains(ref, "$") {
		return fmt.Sprintf("base image %q is not literal", ref)
	}
	name, _, _ := strings.Cut(ref, "@")
	slash := strings.LastIndexByte(name, '/')
	colon := strings.LastIndexByte(name, ':')
	if colon < slash+1 {
		return fmt.Sprintf("base image %q has no explicit tag", ref)
	}
	if tag := name[colon+1:]; tag == "" || tag == "latest" {
		return fmt.Sprintf("base image %q uses tag %q", ref, tag)
	}
	return ""
}

// checkPreCommitRevs wants every remote hook repository in the catalogue, at its
// catalogued rev, with catalogued hook ids.
func checkPreCommitRevs(t *testing.T, set string, src []byte, v templates.Versions) {
	t.Helper()
	v = withMlinit(v)
	var cfg struct {
		Repos []struct {
			Repo  string `yaml:"repo"`
			Rev   string `yaml:"rev"`
			Hooks []struct {
				ID string `yaml:"id"`
			} `yaml:"hooks"`
		} `yaml:"repos"`
	}
	if err := yaml.Unmarshal(src, &cfg); err != nil {
		t.Fatalf("answer set %s: .pre-commit-config.yaml: %v", set, err)
	}
	for _, r := range cfg.Repos {
		if r.Repo == "local" || r.Repo == "meta" {
			continue
		}
		key := strings.TrimPrefix(r.Repo, "https://github.com/")
		h, ok := v.Hooks[key]
		if !ok {
			t.Errorf("answer set %s: pre-commit repo %s is not in the versions catalogue", set, r.Repo)
			continue
		}
		if r.Rev != h.Rev {
			t.Errorf("answer set %s: pre-commit repo %s at rev %q, catalogue has %q", set, r.Repo, r.Rev, h.Rev)
		}
		for _, hook := range r.Hooks {
			if !slices.Contains(h.IDs, hook.ID) {
				t.Errorf("answer set %s: pre-commit hook %s of %s is not a catalogued id", set, hook.ID, r.Repo)
			}
		}
	}
}

// withMlinit adds the catalogue's mlinit release — which generated projects pin for
// the mlinit action and pre-commit hooks — to copies of the action and hook tables,
// with the hook ids this repository's .pre-commit-hooks.yaml really defines.
func withMlinit(v templates.Versions) templates.Versions {
	actions := maps.Clone(v.Actions)
	hooks := maps.Clone(v.Hooks)
	actions["mlinit/mlinit/ci"] = templates.Action{Version: "v" + v.Mlinit.Version, SHA: v.Mlinit.Commit}
	var manifest []struct {
		ID string `yaml:"id"`
	}
	var ids []string
	if data, err := os.ReadFile("../../.pre-commit-hooks.yaml"); err == nil && yaml.Unmarshal(data, &manifest) == nil {
		for _, h := range manifest {
			ids = append(ids, h.ID)
		}
	}
	hooks["mlinit/mlinit"] = templates.Hook{Rev: "v" + v.Mlinit.Version, IDs: ids}
	v.Actions, v.Hooks = actions, hooks
	return v
}
