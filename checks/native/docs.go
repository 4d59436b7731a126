package native

import (
	"strings"

	"github.com/mlinit/mlinit/checks"
)

// docsBuilder finds the documentation builder's config file.
func docsBuilder(r *checks.Repo) (kind, cfg string) {
	for _, p := range []string{"mkdocs.yml", "mkdocs.yaml", "docs/mkdocs.yml"} {
		if hasFile(r, p) {
			return "mkdocs", p
		}
	}
	if hasFile(r, "zensical.toml") {
		return "zensical", "zensical.toml"
	}
	for _, p := range []string{"docs/conf.py", "docs/source/conf.py", "doc/conf.py", "doc/source/conf.py"} {
		if hasFile(r, p) {
			return "sphinx", p
		}
	}
	return "", ""
}

func dc001(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	kind, _ := docsBuilder(r)
	hasDocs := hasDir(r, "docs") || hasDir(r, "doc")
	switch {
	case kind != "":
		return nil, ""
	case !hasDocs:
		return []checks.Finding{finding("DC001", "", 0, 0,
			"no docs/ directory with a builder config; add docs/ and mkdocs.yml (or zensical.toml, docs/conf.py for Sphinx)")}, ""
	default:
		return []checks.Finding{finding("DC001", "docs", 0, 0,
			"docs/ has no builder config; add mkdocs.yml, zensical.toml or docs/conf.py so the docs can be built and checked")}, ""
	}
}

func dc002(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	kind, cfg := docsBuilder(r)
	if kind == "" {
		return nil, "no docs builder configured (see DC001)"
	}
	var out []checks.Finding
	switch kind {
	case "mkdocs":
		docs, perr := parseYAML(repoData(r, cfg))
		if perr != nil || len(docs) == 0 {
			return nil, cfg + " does not parse (see HY105)"
		}
		d := docs[0]
		if s := d.get("strict"); s == nil || !strings.EqualFold(s.str(), "true") {
			line, col := 1, 1
			if k := d.keyNode("strict"); k != nil {
				line, col = k.loc()
			}
			out = append(out, finding("DC002", cfg, line, col, "mkdocs is not strict; set `strict: true` so warnings (broken links, missing pages) fail the build"))
		}
		if d.get("validation") == nil {
			out = append(out, finding("DC002", cfg, 1, 1,
				"no `validation:` block; add validation: {omitted_files: warn, absolute_links: warn, unrecognized_links: warn, anchors: warn} so strict mode catches bad links"))
		}
	case "zensical":
		// zensical builds are strict by default; nothing to check offline yet.
	case "sphinx":
		if !sphinxStrictSomewhere(r) {
			out = append(out, finding("DC002", cfg, 0, 0,
				"no strict Sphinx build found; run `sphinx-build -W --keep-going` in CI/tox/nox, or set sphinx.fail_on_warning: true in .readthedocs.yaml"))
		}
	}
	// Read the Docs: fail_on_warning under sphinx/mkdocs.
	for _, p := range []string{".readthedocs.yaml", ".readthedocs.yml"} {
		data := repoData(r, p)
		if data == nil {
			continue
		}
		docs, perr := parseYAML(data)
		if perr != nil || len(docs) == 0 {
			continue
		}
		for _, sec := range []string{"sphinx", "mkdocs"} {
			s := docs[0].get(sec)
			if s == nil {
				continue
			}
			if f := s.get("fail_on_warning"); f == nil || !strings.EqualFold(f.str(), "true") {
				k := docs[0].keyNode(sec)
				out = append(out, findingAt("DC002", p, k, "Read the Docs build is not strict; set `"+sec+": fail_on_warning: true`"))
			}
		}
	}
	return out, ""
}

// sphinxStrictSomewhere looks for sphinx-build with -W and --keep-going in the
// places builds are scripted, or RTD's fail_on_warning.
func sphinxStrictSomewhere(r *checks.Repo) bool {
	var candidates []*checks.File
	candidates = append(candidates, workflowFiles(r)...)
	for _, p := range []string{"tox.ini", "noxfile.py", "Makefile", "docs/Makefile", "justfile", "Justfile", "pyproject.toml", ".readthedocs.yaml", ".readthedocs.yml"} {
		if f := r.FileByPath(p); f != nil {
			candidates = append(candidates, f)
		}
	}
	for _, f := range candidates {
		s := string(fileData(r, f, 4<<20))
		if strings.Contains(s, "fail_on_warning: true") {
			return true
		}
		for _, line := range strings.Split(s, "\n") {
			if strings.Contains(line, "sphinx-build") && (strings.Contains(line, " -W") || strings.Contains(line, "\"-W\"") || strings.Contains(line, "'-W'")) &&
				strings.Contains(line, "keep-going") {
				return true
			}
			// Sphinx Makefiles pass options via SPHINXOPTS.
			if strings.Contains(line, "SPHINXOPTS") && strings.Contains(line, "-W") && strings.Contains(line, "keep-going") {
				return true
			}
		}
	}
	return false
}
