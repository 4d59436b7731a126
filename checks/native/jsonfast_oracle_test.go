package native

// The implementation HY105's JSON side and the notebook checks had before the
// single-pass scanner, kept verbatim (renamed) as the oracle the differential
// tests and fuzz targets compare the new code against.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mlinit/mlinit/checks"
)

// parseJSONTree parses a document; errors carry the byte offset. Validity is
// decided by encoding/json (so messages match the rest of the tool); the tree
// is then built by a small scanner that trusts the input is valid JSON —
// several times faster than json.Decoder.Token on large notebooks.
func oldParseJSONTree(data []byte) (*jv, error) {
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		if err == nil {
			err = &jsonPosErr{off: len(data), msg: "invalid JSON"}
		}
		return nil, err
	}
	p := &oldJSONScanner{data: data}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// oldJSONScanner builds a jv tree from JSON already known to be valid.
type oldJSONScanner struct {
	data []byte
	i    int
}

func (p *oldJSONScanner) ws() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *oldJSONScanner) value(depth int) (*jv, error) {
	p.ws()
	if depth > maxJSONDepth {
		return nil, &jsonPosErr{off: p.i, msg: "JSON nested too deeply"}
	}
	start := p.i
	v := &jv{off: start}
	switch c := p.data[p.i]; { //nolint:staticcheck // cases mix equality with ranges below
	case c == '{':
		v.kind = 'o'
		p.i++
		p.ws()
		if p.data[p.i] == '}' {
			p.i++
			return v, nil
		}
		var seen map[string]bool
		for {
			p.ws()
			koff := p.i
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			if seen == nil {
				seen = make(map[string]bool, 8)
			}
			if seen[k] {
				return nil, &jsonPosErr{off: koff, msg: fmt.Sprintf("duplicate key %q", k)}
			}
			seen[k] = true
			p.ws()
			p.i++ // ':'
			val, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			v.keys = append(v.keys, k)
			v.vals = append(v.vals, val)
			p.ws()
			if p.data[p.i] == ',' {
				p.i++
				continue
			}
			p.i++ // '}'
			return v, nil
		}
	case c == '[':
		v.kind = 'a'
		p.i++
		p.ws()
		if p.data[p.i] == ']' {
			p.i++
			return v, nil
		}
		for {
			it, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			v.items = append(v.items, it)
			p.ws()
			if p.data[p.i] == ',' {
				p.i++
				continue
			}
			p.i++ // ']'
			return v, nil
		}
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		v.kind, v.str = 's', s
	case c == 't':
		v.kind, v.b = 'b', true
		p.i += 4
	case c == 'f':
		v.kind = 'b'
		p.i += 5
	case c == 'n':
		v.kind = 'z'
		p.i += 4
	default:
		j := p.i
		for j < len(p.data) && strings.IndexByte("+-0123456789.eE", p.data[j]) >= 0 {
			j++
		}
		v.kind, v.num = 'n', json.Number(p.data[p.i:j])
		p.i = j
	}
	return v, nil
}

// str reads a string token; escapes and invalid UTF-8 take the slow path
// through encoding/json so decoding matches it exactly.
func (p *oldJSONScanner) str() (string, error) {
	start := p.i
	p.i++
	plain := true
	for p.data[p.i] != '"' {
		if p.data[p.i] == '\\' {
			plain = false
			p.i++
		}
		p.i++
	}
	p.i++
	raw := p.data[start:p.i]
	if plain && utf8.Valid(raw) {
		return string(raw[1 : len(raw)-1]), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", &jsonPosErr{off: start, msg: err.Error()}
	}
	return s, nil
}

// oldJSONProblems validates JSON and reports the first syntax error or duplicate
// object key, with its position. encoding/json accepts duplicate keys
// silently (last wins), so keys are tracked per object while streaming tokens.
func oldJSONProblems(data []byte) (pos, string) {
	if len(data) <= 4<<20 {
		// Small documents: the fast tree scanner finds syntax errors and
		// duplicate keys in one pass.
		_, err := oldParseJSONTree(data)
		if err == nil {
			return pos{}, ""
		}
		l, c := lineCol(data, jsonErrOffset(err, data))
		var pe *jsonPosErr
		if errors.As(err, &pe) && strings.HasPrefix(pe.msg, "duplicate key") {
			return pos{l, c}, pe.msg + " in JSON object; the earlier value is silently lost — keep one"
		}
		return pos{l, c}, "invalid JSON: " + oneLine(err.Error())
	}
	// Large documents: stream tokens instead of building a tree.
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		var se *json.SyntaxError
		if asSyntax(err, &se) {
			l, c := lineCol(data, int(se.Offset)-1)
			return pos{l, c}, "invalid JSON: " + se.Error()
		}
		if err != nil {
			return pos{1, 1}, "invalid JSON: " + err.Error()
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		obj     bool
		keys    map[string]bool
		wantKey bool
	}
	var stack []frame
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return pos{}, ""
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].obj && stack[top].wantKey {
			if k, ok := tok.(string); ok {
				if stack[top].keys[k] {
					l, c := lineCol(data, oldKeyOffset(data, int(off)))
					return pos{l, c}, fmt.Sprintf("duplicate key %q in JSON object; the earlier value is silently lost — keep one", k)
				}
				stack[top].keys[k] = true
				stack[top].wantKey = false
				continue
			}
		}
		if top >= 0 && stack[top].obj && !stack[top].wantKey {
			// This token is a value; the next token in this object is a key.
			stack[top].wantKey = true
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{obj: true, keys: map[string]bool{}, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].obj {
				stack[len(stack)-1].wantKey = true
			}
		}
	}
}

// keyOffset skips separators from the decoder's offset to the key's quote.
func oldKeyOffset(data []byte, off int) int {
	for off < len(data) && (data[off] == ',' || data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
		off++
	}
	return off
}

// notebook is a parsed .ipynb with the pieces the HY3xx checks use.
type oldNotebook struct {
	root  *jv
	cells []*jv
	minor int
	major int
}

func oldReadNotebook(data []byte) (*oldNotebook, error) {
	root, err := oldParseJSONTree(data)
	if err != nil {
		return nil, err
	}
	nb := &oldNotebook{root: root}
	if root.kind != 'o' {
		return nb, nil
	}
	if c := root.get("cells"); c != nil && c.kind == 'a' {
		nb.cells = c.items
	}
	// A missing or non-numeric version stays 0, which HY305 reports.
	_, _ = fmt.Sscan(oldNumStr(root.get("nbformat")), &nb.major)
	_, _ = fmt.Sscan(oldNumStr(root.get("nbformat_minor")), &nb.minor)
	return nb, nil
}

// notebookOf shares one read-only parse between HY301, HY302 and HY305;
// fixes parse their own copy because they edit the tree.
func oldNotebookOf(f *checks.File) (*oldNotebook, error) {
	type parsed struct {
		nb  *oldNotebook
		err error
	}
	v, _ := f.Memo("native/old-notebook", func() any {
		nb, err := oldReadNotebook(f.Data)
		return parsed{nb, err}
	}).(parsed)
	return v.nb, v.err
}

func oldNumStr(v *jv) string {
	if v == nil || v.kind != 'n' {
		return ""
	}
	return v.num.String()
}

// nbProblem is a strippable item and where it is.

// oldOutputProblems lists code cells with outputs HY301 would strip.
func oldOutputProblems(nb *oldNotebook, sp stripPolicy) []nbProblem {
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

// oldMetadataProblems lists execution counts and volatile metadata HY302 strips.
func oldMetadataProblems(nb *oldNotebook, sp stripPolicy) []nbProblem {
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
			out = append(out, nbProblem{ec.off, fmt.Sprintf("cell %d has execution_count %s; reset it to null (fixable with --fix)", i+1, oldNumStr(ec))})
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

func oldNBFindings(id string, f *checks.File, ps []nbProblem) []checks.Finding {
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

func oldHY301(f *checks.File, opts checks.Options) []checks.Finding {
	if !isNotebook(f.Path) || f.Data == nil {
		return nil
	}
	nb, err := oldNotebookOf(f)
	if err != nil {
		return nil // HY305 reports unreadable notebooks
	}
	return oldNBFindings("HY301", f, oldOutputProblems(nb, outputsPolicy(f.Path, opts)))
}

func oldHY302(f *checks.File, opts checks.Options) []checks.Finding {
	if !isNotebook(f.Path) || f.Data == nil {
		return nil
	}
	nb, err := oldNotebookOf(f)
	if err != nil {
		return nil
	}
	return oldNBFindings("HY302", f, oldMetadataProblems(nb, metadataPolicy(opts)))
}

// hy305 validates the nbformat structure: what Jupyter needs to open the file.
func oldHY305(f *checks.File, cellID *regexp.Regexp) []checks.Finding {
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
	nb, err := oldNotebookOf(f)
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
			if _, ok := oldKeyIndex(c, "execution_count"); !ok {
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
			case !cellID.MatchString(id.str):
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

func oldKeyIndex(v *jv, k string) (int, bool) {
	for i, kk := range v.keys {
		if kk == k {
			return i, true
		}
	}
	return 0, false
}

func oldRewriteNotebook(f *checks.File, edit func(nb *oldNotebook) bool) ([]byte, bool) {
	if !isNotebook(f.Path) || f.Data == nil {
		return nil, false
	}
	nb, err := oldReadNotebook(f.Data)
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
func oldFixOutputs(f *checks.File, opts checks.Options) ([]byte, bool) {
	sp := outputsPolicy(f.Path, opts)
	return oldRewriteNotebook(f, func(nb *oldNotebook) bool {
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

func oldFixMetadata(f *checks.File, opts checks.Options) ([]byte, bool) {
	sp := metadataPolicy(opts)
	return oldRewriteNotebook(f, func(nb *oldNotebook) bool {
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
