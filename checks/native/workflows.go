package native

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/mlinit/mlinit/checks"
)

func isWorkflow(p string) bool {
	if !strings.HasPrefix(p, ".github/workflows/") {
		return false
	}
	rest := strings.TrimPrefix(p, ".github/workflows/")
	return !strings.Contains(rest, "/") && (strings.HasSuffix(rest, ".yml") || strings.HasSuffix(rest, ".yaml"))
}

func workflowFiles(r *checks.Repo) []*checks.File {
	var out []*checks.File
	for _, f := range filesUnder(r, ".github/workflows") {
		if isWorkflow(f.Path) {
			out = append(out, f)
		}
	}
	return out
}

// workflowSteps lists every step of every job.
func workflowSteps(doc *ynode) []*ynode {
	var out []*ynode
	jobs := doc.get("jobs")
	if jobs == nil || jobs.Kind != yMap {
		return nil
	}
	for _, j := range jobs.Vals {
		if st := j.get("steps"); st != nil {
			out = append(out, st.Items...)
		}
	}
	return out
}

// parseWorkflow parses a workflow file; nil doc on error (CI002 reports it).
func parseWorkflow(f *checks.File) (*ynode, *yamlErr) {
	if f.Data == nil {
		return nil, nil
	}
	docs, err := yamlOf(f)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 || docs[0].Kind != yMap {
		return nil, &yamlErr{Line: 1, Col: 1, Msg: "a workflow must be a mapping with `on:` and `jobs:`"}
	}
	return docs[0], nil
}

// triggers returns the event names of a workflow's `on:`.
func triggers(doc *ynode) []string {
	on := doc.get("on")
	if on == nil {
		// YAML 1.1 parsers read a bare `on` as true; goccy keeps the text.
		on = doc.get("true")
	}
	switch {
	case on == nil:
		return nil
	case on.Kind == yScalar:
		return []string{on.Value}
	case on.Kind == ySeq:
		var out []string
		for _, it := range on.Items {
			out = append(out, it.str())
		}
		return out
	case on.Kind == yMap:
		var out []string
		for _, k := range on.Keys {
			out = append(out, k.Value)
		}
		return out
	}
	return nil
}

func ci001(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	wfs := workflowFiles(r)
	if len(wfs) == 0 {
		return nil, "no GitHub workflows (.github/workflows/*.yml)"
	}
	// The finding lands on the first pull_request workflow (where the step
	// belongs), or on the first workflow when none runs on pull requests.
	target := wfs[0].Path
	prSeen := false
	for _, f := range wfs {
		doc, _ := parseWorkflow(&checks.File{Path: f.Path, Data: fileData(r, f, 4<<20)})
		if doc == nil {
			continue
		}
		onPR := false
		for _, t := range triggers(doc) {
			if t == "pull_request" || t == "pull_request_target" || t == "merge_group" {
				onPR = true
			}
		}
		if !onPR {
			continue
		}
		if !prSeen {
			target, prSeen = f.Path, true
		}
		for _, st := range workflowSteps(doc) {
			run := st.get("run").str()
			uses := strings.ToLower(st.get("uses").str())
			if strings.Contains(run, "mlinit check") || strings.HasPrefix(uses, "mlinit/mlinit") || strings.Contains(uses, "/mlinit-action") {
				return nil, ""
			}
		}
	}
	return []checks.Finding{finding("CI001", target, 1, 1,
		"no workflow runs `mlinit check` on pull_request; add a job step `run: mlinit check` (or `uses: mlinit/mlinit/ci@<sha>`) to a workflow triggered by pull_request")}, ""
}

func ci002(f *checks.File, _ checks.Options) []checks.Finding {
	if !isWorkflow(f.Path) || f.Data == nil {
		return nil
	}
	doc, err := parseWorkflow(f)
	if err != nil {
		return []checks.Finding{finding("CI002", f.Path, err.Line, err.Col, "workflow does not parse: "+err.Msg)}
	}
	if doc == nil {
		return nil
	}
	var out []checks.Finding
	if doc.get("name").str() == "" {
		out = append(out, finding("CI002", f.Path, 1, 1, "workflow has no top-level `name:`; name it so runs and required checks are recognisable"))
	}
	if len(triggers(doc)) == 0 {
		out = append(out, finding("CI002", f.Path, 1, 1, "workflow has no `on:` trigger; it never runs"))
	}
	if jobs := doc.get("jobs"); jobs == nil || jobs.Kind != yMap {
		out = append(out, finding("CI002", f.Path, 1, 1, "workflow has no `jobs:` mapping"))
	}
	return out
}

// readOnly reports whether a permissions value grants no write scope.
func readOnly(p *ynode) bool {
	switch p.Kind {
	case yScalar:
		return p.Value == "read-all" || p.Value == "{}" || p.Value == ""
	case yMap:
		for _, v := range p.Vals {
			if s := v.str(); s != "read" && s != "none" {
				return false
			}
		}
		return true
	case yNull:
		return true
	}
	return false
}

func ci005(f *checks.File, _ checks.Options) []checks.Finding {
	if !isWorkflow(f.Path) {
		return nil
	}
	doc, _ := parseWorkflow(f)
	if doc == nil {
		return nil
	}
	if p := doc.get("permissions"); p != nil {
		if readOnly(p) {
			return nil
		}
		k := doc.keyNode("permissions")
		return []checks.Finding{findingAt("CI005", f.Path, k,
			"top-level permissions grant write access; set `permissions: {}` (or read-only) at the top and grant write scopes per job")}
	}
	// Without top-level permissions every job must declare its own.
	if jobs := doc.get("jobs"); jobs != nil && jobs.Kind == yMap {
		all := len(jobs.Vals) > 0
		for _, j := range jobs.Vals {
			if j.get("permissions") == nil {
				all = false
			}
		}
		if all {
			return nil
		}
	}
	return []checks.Finding{finding("CI005", f.Path, 1, 1,
		"no top-level `permissions:`; the token gets the repository default (often write-all) — add `permissions: {}` or `contents: read`")}
}

func ci006(f *checks.File, _ checks.Options) []checks.Finding {
	if !isWorkflow(f.Path) {
		return nil
	}
	doc, _ := parseWorkflow(f)
	if doc == nil {
		return nil
	}
	var out []checks.Finding
	for _, st := range workflowSteps(doc) {
		u := st.get("uses")
		if !strings.HasPrefix(u.str(), "actions/checkout@") {
			continue
		}
		if v := st.get("with").get("persist-credentials"); v != nil && strings.EqualFold(v.str(), "false") {
			continue
		}
		out = append(out, findingAt("CI006", f.Path, u,
			"actions/checkout leaves the token in .git/config; add `with: persist-credentials: false` unless a later step pushes"))
	}
	return out
}

type ciRes struct {
	expr   *regexp.Regexp
	unsafe *regexp.Regexp
	sha    *regexp.Regexp
}

func newCIRes() ciRes {
	return ciRes{
		expr: regexp.MustCompile(`\$\{\{([^}]*)\}\}`),
		// Attacker-controllable contexts (zizmor template-injection); numeric
		// and SHA fields of the event are safe and excluded below.
		unsafe: regexp.MustCompile(`\b(github\.event\.[A-Za-z0-9_.\-\[\]'"*]+|inputs\.[A-Za-z0-9_\-]+|github\.head_ref)`),
		sha:    regexp.MustCompile(`^[0-9a-f]{40}$`),
	}
}

func safeContext(s string) bool {
	for _, suf := range []string{".number", ".id", "_id", ".sha", ".run_id", ".run_number", ".draft", ".merged", ".additions", ".deletions", ".commits", ".forced", ".size"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

func (e *env) ci007(f *checks.File, _ checks.Options) []checks.Finding {
	if !isWorkflow(f.Path) {
		return nil
	}
	doc, _ := parseWorkflow(f)
	if doc == nil {
		return nil
	}
	var out []checks.Finding
	scan := func(n *ynode, where string) {
		if n == nil || n.Kind != yScalar {
			return
		}
		for _, m := range e.expr.FindAllStringSubmatch(n.Value, -1) {
			for _, ctx := range e.unsafe.FindAllString(m[1], -1) {
				if safeContext(ctx) {
					continue
				}
				out = append(out, findingAt("CI007", f.Path, n,
					fmt.Sprintf("`${{ %s }}` is expanded inside %s, allowing script injection; pass it through `env:` and use \"$VAR\"", ctx, where)))
			}
		}
	}
	for _, st := range workflowSteps(doc) {
		scan(st.get("run"), "`run:`")
		if strings.HasPrefix(st.get("uses").str(), "actions/github-script@") {
			scan(st.get("with").get("script"), "a github-script `script:`")
		}
	}
	return out
}

// coreOwners may be referenced by tag under the default policy: GitHub's own
// actions are protected by GitHub.
func coreOwner(owner string) bool {
	switch strings.ToLower(owner) {
	case "actions", "github":
		return true
	}
	return false
}

func (e *env) ci008(f *checks.File, opts checks.Options) []checks.Finding {
	if !isWorkflow(f.Path) {
		return nil
	}
	doc, _ := parseWorkflow(f)
	if doc == nil {
		return nil
	}
	pinAll := opts.String("policy", "third-party") == "all"
	var out []checks.Finding
	check := func(u *ynode) {
		s := u.str()
		if s == "" || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "docker://") {
			return
		}
		name, ref, ok := strings.Cut(s, "@")
		if !ok {
			out = append(out, findingAt("CI008", f.Path, u, fmt.Sprintf("`uses: %s` has no ref; pin it to a full commit SHA", s)))
			return
		}
		if e.sha.MatchString(ref) {
			return
		}
		owner, _, _ := strings.Cut(name, "/")
		if coreOwner(owner) && !pinAll {
			return
		}
		out = append(out, findingAt("CI008", f.Path, u,
			fmt.Sprintf("`uses: %s` is pinned to %q, which can be moved; pin the full 40-character commit SHA (with the tag in a comment)", s, ref)))
	}
	if jobs := doc.get("jobs"); jobs != nil {
		for _, j := range jobs.Vals {
			if u := j.get("uses"); u != nil {
				check(u) // reusable workflows
			}
		}
	}
	for _, st := range workflowSteps(doc) {
		if u := st.get("uses"); u != nil {
			check(u)
		}
	}
	return out
}

// ---- pre-commit wiring ----

func ci013(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	p := preCommitPath(r)
	if p == "" {
		return []checks.Finding{finding("CI013", ".pre-commit-config.yaml", 0, 0,
			"no .pre-commit-config.yaml; add one with the mlinit hooks so problems are caught before commit")}, ""
	}
	docs, perr := parseYAML(repoData(r, p))
	if perr != nil || len(docs) == 0 {
		return nil, p + " does not parse (see HY105)"
	}
	var out []checks.Finding
	hasMlinit := false
	for _, repo := range docs[0].get("repos").items() {
		url := repo.get("repo").str()
		slug := repoSlug(url)
		for _, h := range repo.get("hooks").items() {
			id := h.get("id")
			if strings.HasPrefix(id.str(), "mlinit") || strings.HasSuffix(slug, "/mlinit") || strings.HasSuffix(slug, "/mlinit-pre-commit") ||
				strings.Contains(h.get("entry").str(), "mlinit check") {
				hasMlinit = true
			}
			if strings.HasSuffix(slug, "/ruff-pre-commit") {
				if id.str() == "ruff" {
					out = append(out, findingAt("CI013", p, id, "ruff hook uses the legacy id `ruff`; use `ruff-check` (and `ruff-format` for formatting)"))
				}
				args := strList2(h.get("args"))
				if contains(args, "--fix") && !contains(args, "--show-fixes") {
					a := h.get("args")
					out = append(out, findingAt("CI013", p, a, "ruff hook runs with --fix but not --show-fixes; add --show-fixes so rewritten code is reported"))
				}
			}
		}
	}
	if !hasMlinit {
		out = append(out, finding("CI013", p, 1, 1, "no mlinit hook in "+p+"; add the mlinit-check and mlinit-check-repo hooks from the mlinit/mlinit repository"))
	}
	return out, ""
}

func strList2(n *ynode) []string {
	if n == nil {
		return nil
	}
	if n.Kind == yScalar {
		return strings.Fields(n.Value)
	}
	var out []string
	for _, it := range n.Items {
		out = append(out, it.str())
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// repoLevelHook recognises hooks that look at the whole project, which break
// (or compute wrong aggregates) when pre-commit hands them a batch of files.
func repoLevelHook(id, entry string) bool {
	switch id {
	case "mlinit-check-repo", "mlinit-gates", "mlinit-check-repo-system", "mlinit-gates-system", "interrogate", "pytest", "pytest-check",
		"uv-lock", "poetry-check", "poetry-lock", "pdm-lock-check", "mkdocs-build", "sphinx-build", "coverage":
		return true
	}
	for _, s := range []string{
		"pytest", "interrogate", "mlinit check --gate", "mlinit check --all", "mkdocs build",
		"sphinx-build", "uv lock", "poetry check", "poetry lock", "coverage report",
	} {
		if strings.Contains(entry, s) {
			return true
		}
	}
	return false
}

func ci014(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	p := preCommitPath(r)
	if p == "" {
		return nil, "no .pre-commit-config.yaml"
	}
	docs, perr := parseYAML(repoData(r, p))
	if perr != nil || len(docs) == 0 {
		return nil, p + " does not parse (see HY105)"
	}
	var out []checks.Finding
	for _, repo := range docs[0].get("repos").items() {
		local := repo.get("repo").str() == "local"
		for _, h := range repo.get("hooks").items() {
			id := h.get("id")
			if pf := h.get("pass_filenames"); pf != nil && strings.EqualFold(pf.str(), "false") {
				continue
			}
			entry := h.get("entry").str()
			switch {
			case !local && entry == "" && id.str() == "interrogate":
				// interrogate's published hook passes filenames, so its
				// percentage covers only the batch and ignores its excludes.
				out = append(out, findingAt("CI014", p, id,
					"hook \"interrogate\" measures the whole project but pre-commit passes it a batch of files; add `pass_filenames: false` (interrogate #60)"))
			case !local && entry == "":
				// Other published hooks (uv-lock, poetry-check, mlinit-check-repo…)
				// set pass_filenames in their own manifest.
			case repoLevelHook(id.str(), entry):
				out = append(out, findingAt("CI014", p, id,
					fmt.Sprintf("hook %q is repo-level but receives filenames; add `pass_filenames: false` so it runs once on the whole project", id.str())))
			}
		}
	}
	return out, ""
}
