package native

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/mlinit/mlinit/checks"
)

func isNotebook(p string) bool { return ext(p) == ".ipynb" }

// notebook is a parsed .ipynb with the pieces the HY3xx checks use.
type notebook struct {
	root  *jv
	cells []*jv
	minor int
	major int
}

func readNotebook(data []byte) (*notebook, error) {
	root, err := parseJSONTree(data)
	if err != nil {
		return nil, err
	}
	nb := &notebook{root: root}
	if root.kind != 'o' {
		return nb, nil
	}
	if c := root.get("cells"); c != nil && c.kind == 'a' {
		nb.cells = c.items
	}
	// A missing or non-numeric version stays 0, which HY305 reports.
	_, _ = fmt.Sscan(numStr(root.get("nbformat")), &nb.major)
	_, _ = fmt.Sscan(numStr(root.get("nbformat_minor")), &nb.minor)
	return nb, nil
}

// notebookOf shares one read-only parse between HY301, HY302 and HY305;
// fixes parse their own copy because they edit the tree.
func notebookOf(f *checks.File) (*notebook, error) {
	type parsed struct {
		nb  *notebook
		err error
	}
	v, _ := f.Memo("native/notebook", func() any {
		nb, err := readNotebook(f.Data)
		return parsed{nb, err}
	}).(parsed)
	return v.nb, v.err
}

func numStr(v *jv) string {
	if v == nil || v.kind != 'n' {
		return ""
	}
	return v.num.String()
}

// default volatile metadata, as nbstripout strips it.
func volatileNotebookKeys() []string { return []string{"signature", "widgets"} }

func volatileCellKeys() []string {
	return []string{"ExecuteTime", "collapsed", "execution", "heading_collapsed", "hidden", "scrolled"}
}

// stripPolicy decides what HY301/HY302 strip for one file.
type stripPolicy struct {
	outputs     bool
	maxOutputKB int
	counts      bool
	nbKeys      []string
	cellKeys    []string
}

func outputsPolicy(p string, opts checks.Options) stripPolicy {
	sp := stripPolicy{outputs: true, maxOutputKB: opts.Int("max-output-kb", 0)}
	switch opts.String("outputs", "strip") {
	case "keep":
		sp.outputs = false
	}
	for _, g := range optStrings(opts, "keep-output") {
		if globMatch(g, p) {
			sp.outputs = false
		}
	}
	return sp
}

func metadataPolicy(opts checks.Options) stripPolicy {
	sp := stripPolicy{counts: !optBool(opts, "keep-count", false)}
	keep := map[string]bool{}
	for _, k := range optStrings(opts, "keep-keys") {
		keep[k] = true
	}
	for _, k := range volatileNotebookKeys() {
		if !keep["metadata."+k] {
			sp.nbKeys = append(sp.nbKeys, k)
		}
	}
	for _, k := range volatileCellKeys() {
		if !keep["cell.metadata."+k] {
			sp.cellKeys = append(sp.cellKeys, k)
		}
	}
	for _, k := range optStrings(opts, "extra-keys") {
		switch {
		case strings.HasPrefix(k, "cell.metadata."):
			sp.cellKeys = append(sp.cellKeys, strings.TrimPrefix(k, "cell.metadata."))
		case strings.HasPrefix(k, "metadata."):
			sp.nbKeys = append(sp.nbKeys, strings.TrimPrefix(k, "metadata."))
		}
	}
	return sp
}

// nbProblem is a strippable item and where it is.
type nbProblem struct {
	off int
	msg string
}

// outputProblems lists code cells with outputs HY301 would strip.
func outputProblems(nb *notebook, sp stripPolicy) []nbProblem {
	if !sp.outputs {
		return nil
	}
	var out []nbProblem
	for i, c := range nb.cells {
		o := c.get("outputs")
		if o == nil || o.kind != 'a' || len(o.items) == 0 {
			continue
		}
		if sp.maxOutputKB > 0 {
			var b bytes.Buffer
			writeNBJSON(&b, o, 1, 0)
			if b.Len() <= sp.maxOutputKB*1024 {
				continue
			}
		}
		out = append(out, nbProblem{o.off, fmt.Sprintf("cell %d has %s; strip outputs before committing (fixable with --fix)", i+1, plural(len(o.items), "output", "outputs"))})
	}
	return out
}

// metadataProblems lists execution counts and volatile metadata HY302 strips.
func metadataProblems(nb *notebook, sp stripPolicy) []nbProblem {
	var out []nbProblem
	if md := nb.root.get("metadata"); md != nil {
		for _, k := range sp.nbKeys {
			if v := md.get(k); v != nil {
				out = append(out, nbProblem{v.off, fmt.Sprintf("notebook metadata %q is volatile; strip it (fixable with --fix)", k)})
			}
		}
	}
	for i, c := range nb.cells {
		if ec := c.get("execution_count"); sp.counts && ec != nil && ec.kind != 'z' {
			out = append(out, nbProblem{ec.off, fmt.Sprintf("cell %d has execution_count %s; reset it to null (fixable with --fix)", i+1, numStr(ec))})
		}
		md := c.get("metadata")
		for _, k := range sp.cellKeys {
			if v := md.get(k); v != nil {
				out = append(out, nbProblem{v.off, fmt.Sprintf("cell %d metadata %q is volatile; strip it (fixable with --fix)", i+1, k)})
			}
		}
	}
	return out
}

func nbFindings(id string, f *checks.File, ps []nbProblem) []checks.Finding {
	if len(ps) == 0 {
		return nil
	}
	var out []checks.Finding
	li := newLineIndex(f.Data)
	for _, p := range ps {
		l, c := li.at(p.off)
		out = append(out, finding(id, f.Path, l, c, p.msg))
	}
	return out
}

func hy301(f *checks.File, opts checks.Options) []checks.Finding {
	if !isNotebook(f.Path) || f.Data == nil {
		return nil
	}
	nb, err := notebookOf(f)
	if err != nil {
		return nil // HY305 reports unreadable notebooks
	}
	return nbFindings("HY301", f, outputProblems(nb, outputsPolicy(f.Path, opts)))
}

func hy302(f *checks.File, opts checks.Options) []checks.Finding {
	if !isNotebook(f.Path) || f.Data == nil {
		return nil
	}
	nb, err := notebookOf(f)
	if err != nil {
		return nil
	}
	return nbFindings("HY302", f, metadataProblems(nb, metadataPolicy(opts)))
}

// detectIndent reads the indent width of a pretty-printed JSON document
// (nbformat uses 1; some editors use 2 or 4) so a rewrite keeps the style.
func detectIndent(data []byte) int {
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		return 1
	}
	n := 0
	for j := i + 1; j < len(data) && data[j] == ' '; j++ {
		n++
	}
	if n == 0 {
		return 1
	}
	return n
}

func rewriteNotebook(f *checks.File, edit func(nb *notebook) bool) ([]byte, bool) {
	if !isNotebook(f.Path) || f.Data == nil {
		return nil, false
	}
	nb, err := readNotebook(f.Data)
	if err != nil || nb.root.kind != 'o' {
		return nil, false
	}
	if !edit(nb) {
		return nil, false
	}
	var b bytes.Buffer
	b.Grow(len(f.Data))
	writeNBJSON(&b, nb.root, detectIndent(f.Data), 0)
	b.WriteByte('\n')
	if bytes.Equal(b.Bytes(), f.Data) {
		return nil, false
	}
	return b.Bytes(), true
}

// fixOutputs clears outputs and, like nbstripout, the execution counts that
// went with them.
func fixOutputs(f *checks.File, opts checks.Options) ([]byte, bool) {
	sp := outputsPolicy(f.Path, opts)
	return rewriteNotebook(f, func(nb *notebook) bool {
		changed := false
		for _, c := range nb.cells {
			o := c.get("outputs")
			if o == nil || o.kind != 'a' || len(o.items) == 0 || !sp.outputs {
				continue
			}
			if sp.maxOutputKB > 0 {
				var b bytes.Buffer
				writeNBJSON(&b, o, 1, 0)
				if b.Len() <= sp.maxOutputKB*1024 {
					continue
				}
			}
			c.set("outputs", &jv{kind: 'a'})
			if ec := c.get("execution_count"); ec != nil {
				c.set("execution_count", &jv{kind: 'z'})
			}
			changed = true
		}
		return changed
	})
}

func fixMetadata(f *checks.File, opts checks.Options) ([]byte, bool) {
	sp := metadataPolicy(opts)
	return rewriteNotebook(f, func(nb *notebook) bool {
		changed := false
		if md := nb.root.get("metadata"); md != nil {
			for _, k := range sp.nbKeys {
				changed = md.del(k) || changed
			}
		}
		for _, c := range nb.cells {
			if ec := c.get("execution_count"); sp.counts && ec != nil && ec.kind != 'z' {
				c.set("execution_count", &jv{kind: 'z'})
				changed = true
			}
			if md := c.get("metadata"); md != nil {
				for _, k := range sp.cellKeys {
					changed = md.del(k) || changed
				}
			}
		}
		return changed
	})
}

type nbRes struct{ cellID *regexp.Regexp }

func newNBRes() nbRes { return nbRes{cellID: regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)} }

// hy305 validates the nbformat structure: what Jupyter needs to open the file.
func (e *env) hy305(f *checks.File, _ checks.Options) []checks.Finding {
	if !isNotebook(f.Path) || f.Data == nil {
		return nil
	}
	var li *lineIndex
	at := func(off int, msg string) checks.Finding {
		if li == nil {
			li = newLineIndex(f.Data)
		}
		l, c := li.at(off)
		return finding("HY305", f.Path, l, c, msg)
	}
	nb, err := notebookOf(f)
	if err != nil {
		return []checks.Finding{at(jsonErrOffset(err, f.Data), "notebook is not valid JSON: "+oneLine(err.Error()))}
	}
	if nb.root.kind != 'o' {
		return []checks.Finding{at(nb.root.off, "notebook must be a JSON object")}
	}
	var out []checks.Finding
	switch {
	case nb.root.get("nbformat") == nil:
		out = append(out, at(0, "missing \"nbformat\"; not a Jupyter notebook"))
	case nb.major != 4:
		out = append(out, at(nb.root.get("nbformat").off, fmt.Sprintf("nbformat %d is not supported by current Jupyter; upgrade with `jupyter nbconvert --to notebook`", nb.major)))
	}
	if nb.root.get("nbformat_minor") == nil {
		out = append(out, at(0, "missing \"nbformat_minor\""))
	}
	if md := nb.root.get("metadata"); md == nil || md.kind != 'o' {
		out = append(out, at(0, "missing notebook \"metadata\" object"))
	}
	cells := nb.root.get("cells")
	if cells == nil || cells.kind != 'a' {
		return append(out, at(0, "missing \"cells\" array"))
	}
	ids := map[string]bool{}
	for i, c := range nb.cells {
		if c.kind != 'o' {
			out = append(out, at(c.off, fmt.Sprintf("cell %d is not an object", i+1)))
			continue
		}
		ct := c.get("cell_type")
		switch {
		case ct == nil || ct.kind != 's':
			out = append(out, at(c.off, fmt.Sprintf("cell %d has no cell_type", i+1)))
		case ct.str != "code" && ct.str != "markdown" && ct.str != "raw":
			out = append(out, at(ct.off, fmt.Sprintf("cell %d has unknown cell_type %q", i+1, ct.str)))
		case ct.str == "code":
			if o := c.get("outputs"); o == nil || o.kind != 'a' {
				out = append(out, at(c.off, fmt.Sprintf("code cell %d has no \"outputs\" array", i+1)))
			}
			if _, ok := keyIndex(c, "execution_count"); !ok {
				out = append(out, at(c.off, fmt.Sprintf("code cell %d has no \"execution_count\"", i+1)))
			}
		}
		if s := c.get("source"); s == nil || (s.kind != 's' && s.kind != 'a') {
			out = append(out, at(c.off, fmt.Sprintf("cell %d has no \"source\"", i+1)))
		}
		if nb.major == 4 && nb.minor >= 5 {
			id := c.get("id")
			switch {
			case id == nil || id.kind != 's':
				out = append(out, at(c.off, fmt.Sprintf("cell %d has no \"id\" (required since nbformat 4.5); `jupyter nbconvert --to notebook --inplace` adds them", i+1)))
			case !e.cellID.MatchString(id.str):
				out = append(out, at(id.off, fmt.Sprintf("cell %d id %q is invalid (1-64 of a-z, A-Z, 0-9, -, _)", i+1, id.str)))
			case ids[id.str]:
				out = append(out, at(id.off, fmt.Sprintf("cell %d id %q duplicates an earlier cell's id; ids must be unique", i+1, id.str)))
			default:
				ids[id.str] = true
			}
		}
	}
	return out
}

func keyIndex(v *jv, k string) (int, bool) {
	for i, kk := range v.keys {
		if kk == k {
			return i, true
		}
	}
	return 0, false
}
