package native

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/tailscale/hujson"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/internal/tomlfast"
	"github.com/mlinit/mlinit/internal/yamlfast"
)

// ---- HY101 / HY102: large files and ML artefacts ----

// hy101 looks at every file in scope — what would be committed — using the
// blob size the engine recorded, whether or not it is staged or new, so CI
// with --all-files enforces it too (pre-commit-hooks #518).
func hy101(r *checks.Repo, opts checks.Options) ([]checks.Finding, string) {
	maxKB := opts.Int("max-kb", 500)
	limit := int64(maxKB) * 1024
	var out []checks.Finding
	for _, f := range r.Files {
		// Lockfiles are large text that RX001 requires in git: never LFS candidates.
		if f.LFS || f.Link || f.Size <= limit || isLockfile(f.Path) {
			continue
		}
		out = append(out, finding("HY101", f.Path, 0, 0,
			fmt.Sprintf("file is %s, over the %d KB limit; track it with git LFS (`git lfs track %q`) or keep it out of git", humanSize(f.Size), maxKB, "*"+path.Ext(f.Path))))
	}
	return out, ""
}

// isLockfile recognises dependency lockfiles of Python and neighbouring ecosystems.
func isLockfile(p string) bool {
	switch path.Base(p) {
	case "uv.lock", "poetry.lock", "pdm.lock", "pixi.lock", "Pipfile.lock", "conda-lock.yml",
		"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "Cargo.lock", "go.sum":
		return true
	}
	return strings.HasSuffix(p, ".conda-lock.yml")
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%d KB", (n+1023)/1024)
	}
}

func defaultArtefacts() []string {
	return []string{
		"*.pt", "*.pth", "*.ckpt", "*.safetensors", "*.onnx", "*.h5", "*.keras", "*.pkl", "*.joblib",
		"*.npy", "*.npz", "*.parquet", "*.arrow", "*.tfrecord", "*.bin", "*.gguf",
	}
}

func (e *env) hy102(f *checks.File, opts checks.Options) []checks.Finding {
	if f.LFS || f.Link {
		return nil
	}
	set := e.artefacts
	if pats := optStrings(opts, "artefacts"); len(pats) > 0 {
		set = newArtefactSet(pats)
	}
	p, ok := set.match(f.Path)
	// A valid LFS pointer checked in as text is fine too.
	if !ok || bytes.HasPrefix(f.Data, []byte("version https://git-lfs.github.com/spec/")) {
		return nil
	}
	return []checks.Finding{finding("HY102", f.Path, 0, 0,
		fmt.Sprintf("ML artefact (%s) committed to git; store it with git LFS (`git lfs track %q`), DVC or a model registry", p, p))}
}

// artefactSet matches paths against HY102's patterns case-insensitively.
// Every file of the tree goes through it, so the usual "*.ext" patterns become
// a suffix test on the lower-cased base name instead of a glob match.
type artefactSet struct {
	pats   []string
	lower  []string
	suffix []string // "" when the pattern needs a glob match
}

func newArtefactSet(pats []string) artefactSet {
	s := artefactSet{pats: pats}
	for _, p := range pats {
		low := strings.ToLower(p)
		suffix, _ := literalSuffix(low)
		s.lower = append(s.lower, low)
		s.suffix = append(s.suffix, suffix)
	}
	return s
}

// match returns the first pattern matching p.
func (s artefactSet) match(p string) (string, bool) {
	lowBase := strings.ToLower(base(p))
	lowPath := ""
	for i, pat := range s.pats {
		if s.suffix[i] != "" {
			if strings.HasSuffix(lowBase, s.suffix[i]) {
				return pat, true
			}
			continue
		}
		if lowPath == "" {
			lowPath = strings.ToLower(p)
		}
		if globMatch(s.lower[i], lowPath) {
			return pat, true
		}
	}
	return "", false
}

// literalSuffix recognises "*" followed by plain characters: such a pattern
// (no slash) matches exactly the base names ending in those characters.
func literalSuffix(pat string) (string, bool) {
	rest, ok := strings.CutPrefix(pat, "*")
	if !ok || rest == "" || strings.ContainsAny(rest, `*?[\/`) {
		return "", false
	}
	return rest, true
}

// ---- HY104: merge-conflict markers ----

// conflictMarkers scans for conflict markers, always (not only mid-merge).
// "<<<<<<< ", "||||||| " (diff3) and ">>>>>>> " are reported anywhere at line
// start; a bare "=======" only between an opening marker and a closing one,
// because it is also a legitimate reStructuredText/Markdown underline.
func conflictMarkers(data []byte) []pos {
	// Every report needs one of these runs somewhere ("=======" only counts
	// after "<<<<<<<"); three vectorised searches clear almost every file
	// without walking its lines.
	if !bytes.Contains(data, []byte("<<<<<<<")) && !bytes.Contains(data, []byte(">>>>>>>")) && !bytes.Contains(data, []byte("|||||||")) {
		return nil
	}
	return scanConflictMarkers(data)
}

// scanConflictMarkers walks the lines; conflictMarkers calls it only when a
// marker is possible.
func scanConflictMarkers(data []byte) []pos {
	var out []pos
	open := false
	eachLine(data, func(n, _ int, ln []byte) bool {
		switch {
		case isMarker(ln, '<'):
			open = true
			out = append(out, pos{n, 1})
		case isMarker(ln, '|'):
			out = append(out, pos{n, 1})
		case isMarker(ln, '>'):
			if open {
				open = false
			}
			out = append(out, pos{n, 1})
		case open && len(ln) >= 7 && string(ln[:7]) == "=======" && (len(ln) == 7 || ln[7] == ' ' || ln[7] == '\t'):
			out = append(out, pos{n, 1})
		}
		return true
	})
	return out
}

// isMarker matches exactly seven c at line start followed by a space, a tab
// or the end of the line ("<<<<<<< HEAD", ">>>>>>> branch", "|||||||").
func isMarker(ln []byte, c byte) bool {
	if len(ln) < 7 {
		return false
	}
	for i := 0; i < 7; i++ {
		if ln[i] != c {
			return false
		}
	}
	return len(ln) == 7 || ln[7] == ' ' || ln[7] == '\t'
}

func hy104(f *checks.File, _ checks.Options) []checks.Finding {
	if f.Data == nil || f.Binary {
		return nil
	}
	var out []checks.Finding
	for _, p := range conflictMarkers(f.Data) {
		out = append(out, finding("HY104", f.Path, p.Line, p.Col,
			"merge-conflict marker; resolve the conflict and remove the markers (or add `mlinit: ignore[HY104]` for a documented example)"))
	}
	return out
}

// ---- HY105: TOML / YAML / JSON parse ----

func hy105(f *checks.File, _ checks.Options) []checks.Finding {
	if f.Data == nil || f.Binary || templated(f) {
		return nil
	}
	switch ext(f.Path) {
	case ".toml":
		if fs := tomlProblem(f); fs != nil {
			return fs
		}
	case ".yaml", ".yml":
		if err := yamlProblem(f); err != nil {
			return []checks.Finding{finding("HY105", f.Path, err.Line, err.Col, "invalid YAML: "+err.Msg)}
		}
	case ".json", ".jsonc", ".code-workspace":
		data := f.Data
		if jsoncFile(f.Path) {
			std, err := hujson.Standardize(append([]byte(nil), data...))
			if err != nil {
				l, c := jsonErrPos(data, err)
				return []checks.Finding{finding("HY105", f.Path, l, c, "invalid JSON with comments: "+oneLine(err.Error()))}
			}
			// Standardize keeps byte offsets (comments become spaces).
			data = std
		}
		if p, msg := jsonProblems(data); msg != "" {
			return []checks.Finding{finding("HY105", f.Path, p.Line, p.Col, msg)}
		}
	}
	return nil
}

// tomlProblem is the HY105 finding for f's TOML parse error, if any.
// tomlfast settles the common, clean configuration file without the full
// parser, which is four to eight times slower and allocates.
func tomlProblem(f *checks.File) []checks.Finding {
	if tomlfast.Clean(f.Data) {
		return nil
	}
	if _, err := parseTOML(f.Data); err != nil {
		l, c, msg := tomlErrPos(err, f.Data)
		return []checks.Finding{finding("HY105", f.Path, l, c, "invalid TOML: "+oneLine(msg))}
	}
	return nil
}

// yamlProblem is the YAML parse error of f, if any. Most configuration files
// stay within the subset yamlfast recognises without allocating; the full
// parser (60-80x slower) sees only the rest. The nesting guard runs first, as
// in parseYAML, since yamlfast does not count brackets inside plain scalars.
func yamlProblem(f *checks.File) *yamlErr {
	if tooDeep(f.Data, maxYAMLDepth) < 0 && yamlfast.Clean(f.Data) {
		return nil
	}
	_, err := yamlOf(f)
	return err
}

// templated recognises files that are templates for a config file rather
// than the file itself (cookiecutter/copier paths, Helm chart templates).
func templated(f *checks.File) bool {
	if strings.Contains(f.Path, "{{") || strings.Contains(f.Path, "{%") {
		return true
	}
	return (strings.HasPrefix(f.Path, "templates/") || strings.Contains(f.Path, "/templates/")) && bytes.Contains(f.Data, []byte("{{"))
}

// ---- HY106: whitespace and line endings ----

// skipWhitespace lists files whose trailing whitespace is content.
func skipWhitespace(p string) bool {
	switch ext(p) {
	case ".patch", ".diff", ".svg", ".ipynb", ".csv", ".tsv", ".min.js":
		return true
	}
	return strings.HasSuffix(p, ".min.js") || strings.HasSuffix(p, ".min.css")
}

func isMarkdown(p string) bool {
	switch ext(p) {
	case ".md", ".markdown", ".mdx", ".qmd", ".rmd":
		return true
	}
	return false
}

// wsIssues describes what HY106 found in one file.
type wsIssues struct {
	bom        bool
	crlf, lf   int
	trailing   []int // line numbers
	noEOL      bool
	extraEOL   int // blank lines at the end
	lastLineNo int
}

func scanWhitespace(p string, data []byte) wsIssues {
	var w wsIssues
	w.bom = bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	md := isMarkdown(p)
	n := 0
	eachLine(data, func(ln, off int, line []byte) bool {
		n = ln
		end := off + len(line)
		if end < len(data) && data[end] == '\r' {
			end++
		}
		if end < len(data) && data[end] == '\n' {
			if end > off+len(line) {
				w.crlf++
			} else {
				w.lf++
			}
		}
		if trailingWS(line, md) {
			w.trailing = append(w.trailing, ln)
		}
		return true
	})
	w.lastLineNo = n
	if len(data) > 0 && data[len(data)-1] != '\n' {
		w.noEOL = true
	} else if len(data) > 0 {
		// Count extra blank lines at the end (end-of-file-fixer collapses them).
		trimmed := bytes.TrimRight(data, "\r\n")
		if len(trimmed) > 0 {
			w.extraEOL = bytes.Count(data[len(trimmed):], []byte{'\n'}) - 1
		}
	}
	return w
}

// whitespaceClean recognises the usual file with nothing for HY106 to report
// using a few vectorised searches instead of a walk over its lines: LF endings
// only, exactly one final newline, no BOM and no blank before a newline.
// false means "look closer", not "dirty" (Markdown hard breaks land there).
func whitespaceClean(data []byte) bool {
	n := len(data)
	switch {
	case n == 0:
		return true
	case data[n-1] != '\n', n >= 2 && data[n-2] == '\n', bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return false
	}
	return bytes.IndexByte(data, '\r') < 0 && !bytes.Contains(data, []byte(" \n")) && !bytes.Contains(data, []byte("\t\n"))
}

// trailingWS reports trailing spaces/tabs; in Markdown exactly two trailing
// spaces after text are a hard line break and are kept.
func trailingWS(line []byte, md bool) bool {
	if len(line) == 0 {
		return false
	}
	last := line[len(line)-1]
	if last != ' ' && last != '\t' {
		return false
	}
	if md {
		t := bytes.TrimRight(line, " ")
		if len(t) > 0 && len(line)-len(t) == 2 && t[len(t)-1] != '\t' {
			return false
		}
	}
	return true
}

func hy106(f *checks.File, _ checks.Options) []checks.Finding {
	if f.Data == nil || f.Binary || skipWhitespace(f.Path) || len(f.Data) == 0 {
		return nil
	}
	if whitespaceClean(f.Data) {
		return nil
	}
	return whitespaceFindings(f)
}

// whitespaceFindings is HY106's full line walk.
func whitespaceFindings(f *checks.File) []checks.Finding {
	w := scanWhitespace(f.Path, f.Data)
	var out []checks.Finding
	if w.bom {
		out = append(out, finding("HY106", f.Path, 1, 1, "UTF-8 byte-order mark at the start of the file; remove it (fixable with --fix)"))
	}
	if w.crlf > 0 && w.lf > 0 {
		out = append(out, finding("HY106", f.Path, 1, 1,
			fmt.Sprintf("mixed line endings (%d CRLF, %d LF); use one style (fixable with --fix)", w.crlf, w.lf)))
	}
	for _, ln := range w.trailing {
		out = append(out, finding("HY106", f.Path, ln, 1, "trailing whitespace (fixable with --fix)"))
	}
	if w.noEOL {
		out = append(out, finding("HY106", f.Path, w.lastLineNo, 1, "no newline at end of file (fixable with --fix)"))
	}
	if w.extraEOL > 0 {
		out = append(out, finding("HY106", f.Path, w.lastLineNo, 1, fmt.Sprintf("%d blank line(s) at end of file (fixable with --fix)", w.extraEOL)))
	}
	return out
}

// fixWhitespace removes a BOM, trailing whitespace (keeping Markdown hard
// breaks), normalises line endings to the majority style (LF on a tie) and
// ends the file with exactly one newline.
func fixWhitespace(f *checks.File, _ checks.Options) ([]byte, bool) {
	if f.Data == nil || f.Binary || skipWhitespace(f.Path) || len(f.Data) == 0 {
		return nil, false
	}
	data := bytes.TrimPrefix(f.Data, []byte{0xEF, 0xBB, 0xBF})
	w := scanWhitespace(f.Path, data)
	eol := "\n"
	if w.crlf > w.lf {
		eol = "\r\n"
	}
	md := isMarkdown(f.Path)
	var b bytes.Buffer
	b.Grow(len(data) + 1)
	eachLine(data, func(_, _ int, line []byte) bool {
		if trailingWS(line, md) {
			line = bytes.TrimRight(line, " \t")
		}
		b.Write(line)
		b.WriteString(eol)
		return true
	})
	out := bytes.TrimRight(b.Bytes(), "\r\n")
	out = append(out, eol...)
	if bytes.Equal(out, f.Data) {
		return nil, false
	}
	return out, true
}

// ---- HY107: case conflicts and Windows-illegal names ----

func hy107(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	var out []checks.Finding
	seen := map[string]string{} // lower-case path (files and parent dirs) -> first spelling
	reported := map[string]bool{}
	names := make([]string, 0, len(r.Files))
	for _, f := range r.Files {
		names = append(names, f.Path)
	}
	sort.Strings(names)
	// Sorted paths share leading directories with their predecessor; those
	// were looked at already, so each path costs only its new components.
	prev := ""
	prevBad, prevBadEnd := "", -1 // first Windows-illegal component of prev and where it ends
	for _, p := range names {
		shared := sharedDirs(prev, p)
		// Every prefix ending at a slash or at the end is a path of the tree.
		for j := shared; j <= len(p); j++ {
			if j < len(p) && p[j] != '/' {
				continue
			}
			sub := p[:j]
			low := strings.ToLower(sub)
			if first, ok := seen[low]; ok && first != sub && !reported[low] {
				reported[low] = true
				out = append(out, finding("HY107", sub, 0, 0,
					fmt.Sprintf("%q and %q differ only in case; they collide on macOS and Windows — rename one", first, sub)))
			} else if !ok {
				seen[low] = sub
			}
		}
		bad, badEnd := "", -1
		if prevBadEnd >= 0 && prevBadEnd < shared {
			bad, badEnd = prevBad, prevBadEnd // in a directory p shares with prev
		} else {
			for start := shared; start <= len(p); {
				end := strings.IndexByte(p[start:], '/')
				if end < 0 {
					end = len(p)
				} else {
					end += start
				}
				if msg := windowsIllegal(p[start:end]); msg != "" {
					bad, badEnd = p[start:end], end
					break
				}
				start = end + 1
			}
		}
		if badEnd >= 0 {
			out = append(out, finding("HY107", p, 0, 0, fmt.Sprintf("path component %q %s; Windows cannot check it out — rename it", bad, windowsIllegal(bad))))
		}
		prev, prevBad, prevBadEnd = p, bad, badEnd
	}
	return out, ""
}

// sharedDirs is the length of the leading directories a and b have in
// common, up to and including the last shared slash (0 when none).
func sharedDirs(a, b string) int {
	n := min(len(a), len(b))
	last := 0
	for i := 0; i < n && a[i] == b[i]; i++ {
		if a[i] == '/' {
			last = i + 1
		}
	}
	return last
}

func windowsIllegal(name string) string {
	if strings.ContainsAny(name, `<>:"\|?*`) {
		return `contains a character Windows forbids (<>:"\|?*)`
	}
	for i := 0; i < len(name); i++ {
		if name[i] < 32 {
			return "contains a control character"
		}
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return "ends with a dot or a space"
	}
	stem := name
	if i := strings.IndexByte(stem, '.'); i >= 0 {
		stem = stem[:i]
	}
	stem = strings.TrimRight(stem, " ")
	for _, dev := range []string{"CON", "PRN", "AUX", "NUL"} {
		if strings.EqualFold(stem, dev) {
			return "is a reserved device name"
		}
	}
	if len(stem) == 4 && (strings.EqualFold(stem[:3], "COM") || strings.EqualFold(stem[:3], "LPT")) && stem[3] >= '0' && stem[3] <= '9' {
		return "is a reserved device name"
	}
	return ""
}

// ---- HY108: shebangs and executable bits ----

func hy108(f *checks.File, _ checks.Options) []checks.Finding {
	if f.Link {
		// A link carries no content here (the engine never follows it); only
		// whether its target exists is known.
		if f.LinkBroken {
			return []checks.Finding{finding("HY108", f.Path, 0, 0,
				fmt.Sprintf("symbolic link to %q is broken: the target does not exist (or the links loop); fix the link or remove it", f.LinkTarget))}
		}
		return nil
	}
	// Binaries may be executable without a shebang.
	if f.Data == nil || f.Binary {
		return nil
	}
	shebang := bytes.HasPrefix(f.Data, []byte("#!"))
	switch {
	case f.Exec && !shebang:
		return []checks.Finding{finding("HY108", f.Path, 1, 1,
			"file is executable but has no shebang; add `#!/usr/bin/env …` or drop the bit (`git update-index --chmod=-x`)")}
	case shebang && !f.Exec && !bytes.HasPrefix(f.Data, []byte("#![")):
		// "#![" is a Rust inner attribute, not a shebang.
		return []checks.Finding{finding("HY108", f.Path, 1, 1,
			"file has a shebang but is not executable; `git update-index --chmod=+x` it or remove the shebang")}
	}
	return nil
}

// ---- HY110: tracked junk ----

// junkRoot returns the junk directory (or file) a path belongs to, if any.
// Every file of the tree goes through here, so it walks the components in
// place instead of splitting the path.
func junkRoot(p string) (string, string) {
	for start := 0; ; {
		end := strings.IndexByte(p[start:], '/')
		isDir := end >= 0
		if isDir {
			end += start
		} else {
			end = len(p)
		}
		part, root := p[start:end], p[:end]
		switch {
		case isDir && (part == "__pycache__" || part == ".venv" || part == "venv" && hasVenvMarker(nextComponent(p, end)) ||
			part == ".ipynb_checkpoints" || part == "mlruns" || part == "wandb" || part == ".mypy_cache" ||
			part == ".pytest_cache" || part == ".ruff_cache" || part == "lightning_logs" || part == ".tox" || part == ".nox"):
			return root + "/", part
		case isDir && strings.HasSuffix(part, ".egg-info"):
			return root + "/", "*.egg-info"
		case !isDir && (part == ".DS_Store" || part == "Thumbs.db" || strings.HasSuffix(part, ".pyc") || strings.HasSuffix(part, ".pyo")):
			return root, part
		}
		if !isDir {
			return "", ""
		}
		start = end + 1
	}
}

// nextComponent is the path component after the slash at p[slash].
func nextComponent(p string, slash int) string {
	rest := p[slash+1:]
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[:i]
	}
	return rest
}

func hasVenvMarker(next string) bool {
	return next == "bin" || next == "lib" || next == "Lib" || next == "Scripts" || next == "pyvenv.cfg"
}

func hy110(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	counts := map[string]int{}
	kinds := map[string]string{}
	var roots []string
	for _, f := range r.Files {
		if !committed(r, f) {
			continue
		}
		root, kind := junkRoot(f.Path)
		if root == "" {
			continue
		}
		if counts[root] == 0 {
			roots = append(roots, root)
			kinds[root] = kind
		}
		counts[root]++
	}
	var out []checks.Finding
	for _, root := range roots {
		rm := "git rm --cached " + strings.TrimSuffix(root, "/")
		if strings.HasSuffix(root, "/") {
			rm = "git rm -r --cached " + strings.TrimSuffix(root, "/")
		}
		out = append(out, finding("HY110", strings.TrimSuffix(root, "/"), 0, 0,
			fmt.Sprintf("%s is tracked (%s); run `%s` and add %s to .gitignore", root, plural(counts[root], "file", "files"), rm, kinds[root])))
	}
	return out, ""
}
