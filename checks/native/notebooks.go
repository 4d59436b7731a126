package native

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/mlinit/mlinit/checks"
)

func isNotebook(p string) bool { return ext(p) == ".ipynb" }

// notebook is a parsed .ipynb as a full tree: the --fix rewrites edit it.
type notebook struct {
	root  *jv
	cells []*jv
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
	return nb, nil
}

// nbVersion reads nbformat/nbformat_minor as fmt.Sscan into an int always
// has: the leading integer of the number ("4.0" is 4), and 0 when missing,
// not a number or out of range (HY305 reports those). Short integers, all
// real notebooks have, skip fmt.
func nbVersion(num []byte) int {
	digits := num
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	n, v := 0, 0
	for n < len(digits) && digits[n]-'0' < 10 {
		v = v*10 + int(digits[n]-'0')
		n++
	}
	switch {
	case n == 0:
		return 0 // fmt.Sscan fails on "" and on "-"
	case n > 18:
		// Could overflow: let fmt decide, as it always did (0 on overflow).
		var big int
		_, _ = fmt.Sscan(string(num), &big)
		return big
	case num[0] == '-':
		return -v
	}
	return v
}

// nbView is the shallow view of a notebook that HY301, HY302 and HY305 read.
// One validating scan builds it; sources, outputs and everything else deeper
// are checked for syntax but never materialised.
type nbView struct {
	data []byte
	root nbSpan
	// Members of the root object (kind 0 when absent).
	nbformat, nbformatMinor, metadata, cells nbSpan
	meta                                     fieldRange // members of metadata, when an object
	fields                                   []nbField  // every metadata member, by range
	major, minor                             int
	// The items of cells, when an array, in chunks of cellChunk: filled in
	// place, never regrown and copied (a notebook has hundreds of cells).
	cellChunks [][]nbCell
	nCells     int
}

const cellChunk = 64

// newCell adds a zero cell and returns it to be filled in place.
func (v *nbView) newCell() *nbCell {
	if v.nCells%cellChunk == 0 {
		v.cellChunks = append(v.cellChunks, make([]nbCell, 0, cellChunk))
	}
	last := &v.cellChunks[len(v.cellChunks)-1]
	*last = (*last)[:len(*last)+1]
	v.nCells++
	return &(*last)[len(*last)-1]
}

// eachCell yields the cells with their 0-based index.
func (v *nbView) eachCell() iter.Seq2[int, *nbCell] {
	return func(yield func(int, *nbCell) bool) {
		i := 0
		for _, chunk := range v.cellChunks {
			for j := range chunk {
				if !yield(i, &chunk[j]) {
					return
				}
				i++
			}
		}
	}
}

// nbSpan is a value the checks look at: its kind (as jv.kind, 0 when
// absent), where it starts, and where it ends (strings and numbers) or how
// many items it has (arrays).
type nbSpan struct {
	kind byte
	off  int
	n    int
}

type nbField struct {
	key []byte // decoded
	off int    // the value's offset
}

type fieldRange struct{ lo, hi int }

type nbCell struct {
	off                              int
	cellType, outputs, execCount, id nbSpan
	meta                             fieldRange // members of metadata, when an object
	kind, source                     byte       // kinds of the cell and its source
}

// metaKey finds a metadata member: the offset of its value.
func (v *nbView) metaKey(r fieldRange, k string) (int, bool) {
	for _, f := range v.fields[r.lo:r.hi] {
		if string(f.key) == k {
			return f.off, true
		}
	}
	return 0, false
}

// text decodes a string value as the tree parser did.
func (v *nbView) text(sp nbSpan) []byte {
	raw := v.data[sp.off:sp.n]
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 && (isASCII(inner) || utf8.Valid(inner)) {
		return inner
	}
	return decodeJSONString(raw)
}

// numText is a number's source text, or nil for any other kind.
func (v *nbView) numText(sp nbSpan) []byte {
	if sp.kind != 'n' {
		return nil
	}
	return v.data[sp.off:sp.n]
}

// readNotebookView validates a notebook exactly as readNotebook does (same
// errors) while building only the shallow view.
func readNotebookView(data []byte) (*nbView, error) {
	s := newJSONScan(data)
	v := &nbView{data: data}
	if s.start(0) {
		if v.root = spanAt(&s); v.root.kind == 'o' {
			v.rootMembers(&s)
		} else {
			s.skip(0)
		}
	}
	s.end()
	if err := s.err(); err != nil {
		return nil, err
	}
	v.major = nbVersion(v.numText(v.nbformat))
	v.minor = nbVersion(v.numText(v.nbformatMinor))
	return v, nil
}

// spanAt starts recording the value at s.i: its kind, by its first byte (the
// scan rejects the document if the rest does not follow), and its offset.
func spanAt(s *jsonScan) nbSpan {
	sp := nbSpan{off: s.i}
	switch c := s.data[s.i]; c {
	case '{':
		sp.kind = 'o'
	case '[':
		sp.kind = 'a'
	case '"':
		sp.kind = 's'
	case 't', 'f':
		sp.kind = 'b'
	case 'n':
		sp.kind = 'z'
	default:
		sp.kind = 'n'
	}
	return sp
}

// valueAt records and skips the value at s.i: strings and numbers keep their
// end, containers their item count.
func valueAt(s *jsonScan, depth int) nbSpan {
	sp := spanAt(s)
	n := s.skip(depth)
	switch sp.kind {
	case 's', 'n':
		sp.n = s.i
	default:
		sp.n = n
	}
	return sp
}

// rootMembers reads the root object at s.i.
func (v *nbView) rootMembers(s *jsonScan) {
	for more := s.open(0); more && !s.bad; more = s.next(0) {
		k := s.key(0)
		if s.bad {
			return
		}
		switch string(k) {
		case "cells":
			if v.cells = spanAt(s); v.cells.kind == 'a' {
				v.readCells(s)
			} else {
				s.skip(1)
			}
		case "metadata":
			if v.metadata = spanAt(s); v.metadata.kind == 'o' {
				v.meta = v.readFields(s, 1)
			} else {
				s.skip(1)
			}
		case "nbformat":
			v.nbformat = valueAt(s, 1)
		case "nbformat_minor":
			v.nbformatMinor = valueAt(s, 1)
		default:
			s.skip(1)
		}
	}
}

// readFields reads the members of the object at s.i (at depth) as key and
// value offset, for HY302's volatile keys.
func (v *nbView) readFields(s *jsonScan, depth int) fieldRange {
	r := fieldRange{lo: len(v.fields)}
	for more := s.open(depth); more && !s.bad; more = s.next(depth) {
		k := s.key(depth)
		if s.bad {
			break
		}
		v.fields = append(v.fields, nbField{key: k, off: s.i})
		s.skip(depth + 1)
	}
	r.hi = len(v.fields)
	return r
}

// readCells reads the cells array at s.i: per cell what the checks use.
func (v *nbView) readCells(s *jsonScan) {
	for more := s.open(1); more && !s.bad; more = s.next(1) {
		if !s.start(2) {
			return
		}
		sp := spanAt(s)
		c := v.newCell()
		c.off, c.kind = sp.off, sp.kind
		if c.kind != 'o' {
			s.skip(2)
			continue
		}
		for more := s.open(2); more && !s.bad; more = s.next(2) {
			k := s.key(2)
			if s.bad {
				break
			}
			switch string(k) {
			case "cell_type":
				c.cellType = valueAt(s, 3)
			case "outputs":
				c.outputs = valueAt(s, 3)
			case "execution_count":
				c.execCount = valueAt(s, 3)
			case "source":
				c.source = valueAt(s, 3).kind
			case "id":
				c.id = valueAt(s, 3)
			case "metadata":
				if s.data[s.i] == '{' {
					c.meta = v.readFields(s, 3)
				} else {
					s.skip(3)
				}
			default:
				s.skip(3)
			}
		}
	}
}

// notebookOf shares one read-only view between HY301, HY302 and HY305;
// fixes parse their own full tree because they edit it.
func notebookOf(f *checks.File) (*nbView, error) {
	type parsed struct {
		nb  *nbView
		err error
	}
	v, _ := f.Memo("native/notebook", func() any {
		nb, err := readNotebookView(f.Data)
		return parsed{nb, err}
	}).(parsed)
	return v.nb, v.err
}

// notebookLines is the file's line index, built once and only for a file
// with findings.
func notebookLines(f *checks.File) *lineIndex {
	li, _ := f.Memo("native/notebook-lines", func() any { return newLineIndex(f.Data) }).(*lineIndex)
	return li
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
func outputProblems(nb *nbView, sp stripPolicy) []nbProblem {
	if !sp.outputs {
		return nil
	}
	var out []nbProblem
	for i, c := range nb.eachCell() {
		o := c.outputs
		if o.kind != 'a' || o.n == 0 {
			continue
		}
		if sp.maxOutputKB > 0 && nbJSONSize(nb.data, o.off) <= sp.maxOutputKB*1024 {
			continue
		}
		out = append(out, nbProblem{o.off, fmt.Sprintf("cell %d has %s; strip outputs before committing (fixable with --fix)", i+1, plural(o.n, "output", "outputs"))})
	}
	return out
}

// nbJSONSize is the size of the value at off as nbformat writes it at the
// top level: max-output-kb measures outputs that way. It needs the full tree
// of the value, which only this (rarely set) option pays for.
func nbJSONSize(data []byte, off int) int {
	var b bytes.Buffer
	writeNBJSON(&b, (&jsonScanner{data: data, i: off}).value(), 1, 0)
	return b.Len()
}

// metadataProblems lists execution counts and volatile metadata HY302 strips.
func metadataProblems(nb *nbView, sp stripPolicy) []nbProblem {
	var out []nbProblem
	for _, k := range sp.nbKeys {
		if off, ok := nb.metaKey(nb.meta, k); ok {
			out = append(out, nbProblem{off, fmt.Sprintf("notebook metadata %q is volatile; strip it (fixable with --fix)", k)})
		}
	}
	for i, c := range nb.eachCell() {
		if ec := c.execCount; sp.counts && ec.kind != 0 && ec.kind != 'z' {
			out = append(out, nbProblem{ec.off, fmt.Sprintf("cell %d has execution_count %s; reset it to null (fixable with --fix)", i+1, nb.numText(ec))})
		}
		if c.meta.lo == c.meta.hi {
			continue // most cells: "metadata": {}
		}
		for _, k := range sp.cellKeys {
			if off, ok := nb.metaKey(c.meta, k); ok {
				out = append(out, nbProblem{off, fmt.Sprintf("cell %d metadata %q is volatile; strip it (fixable with --fix)", i+1, k)})
			}
		}
	}
	return out
}

func nbFindings(id string, f *checks.File, ps []nbProblem) []checks.Finding {
	if len(ps) == 0 {
		return nil
	}
	out := make([]checks.Finding, 0, len(ps))
	li := notebookLines(f)
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

// validCellID matches ^[a-zA-Z0-9_-]{1,64}$, nbformat's cell id pattern,
// without a regexp: it runs once per cell.
func validCellID(id []byte) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		switch {
		case c-'0' < 10, (c|0x20)-'a' < 26, c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// hy305 validates the nbformat structure: what Jupyter needs to open the file.
func (e *env) hy305(f *checks.File, _ checks.Options) []checks.Finding {
	if !isNotebook(f.Path) || f.Data == nil {
		return nil
	}
	at := func(off int, msg string) checks.Finding {
		l, c := notebookLines(f).at(off)
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
	case nb.nbformat.kind == 0:
		out = append(out, at(0, "missing \"nbformat\"; not a Jupyter notebook"))
	case nb.major != 4:
		out = append(out, at(nb.nbformat.off, fmt.Sprintf("nbformat %d is not supported by current Jupyter; upgrade with `jupyter nbconvert --to notebook`", nb.major)))
	}
	if nb.nbformatMinor.kind == 0 {
		out = append(out, at(0, "missing \"nbformat_minor\""))
	}
	if nb.metadata.kind != 'o' {
		out = append(out, at(0, "missing notebook \"metadata\" object"))
	}
	if nb.cells.kind != 'a' {
		return append(out, at(0, "missing \"cells\" array"))
	}
	wantIDs := nb.major == 4 && nb.minor >= 5
	ids := newIDSet(nb.nCells)
	for i, c := range nb.eachCell() {
		if c.kind != 'o' {
			out = append(out, at(c.off, fmt.Sprintf("cell %d is not an object", i+1)))
			continue
		}
		ct := c.cellType
		switch {
		case ct.kind != 's':
			out = append(out, at(c.off, fmt.Sprintf("cell %d has no cell_type", i+1)))
		default:
			switch t := nb.text(ct); string(t) {
			case "code":
				if c.outputs.kind != 'a' {
					out = append(out, at(c.off, fmt.Sprintf("code cell %d has no \"outputs\" array", i+1)))
				}
				if c.execCount.kind == 0 {
					out = append(out, at(c.off, fmt.Sprintf("code cell %d has no \"execution_count\"", i+1)))
				}
			case "markdown", "raw":
			default:
				out = append(out, at(ct.off, fmt.Sprintf("cell %d has unknown cell_type %q", i+1, t)))
			}
		}
		if c.source != 's' && c.source != 'a' {
			out = append(out, at(c.off, fmt.Sprintf("cell %d has no \"source\"", i+1)))
		}
		if !wantIDs {
			continue
		}
		if c.id.kind != 's' {
			out = append(out, at(c.off, fmt.Sprintf("cell %d has no \"id\" (required since nbformat 4.5); `jupyter nbconvert --to notebook --inplace` adds them", i+1)))
			continue
		}
		switch id := nb.text(c.id); {
		case !validCellID(id):
			out = append(out, at(c.id.off, fmt.Sprintf("cell %d id %q is invalid (1-64 of a-z, A-Z, 0-9, -, _)", i+1, id)))
		case !ids.add(id):
			out = append(out, at(c.id.off, fmt.Sprintf("cell %d id %q duplicates an earlier cell's id; ids must be unique", i+1, id)))
		}
	}
	return out
}

// idSet holds the cell ids seen so far, without copying them, in an
// open-addressing table sized once for every cell: no map, no rehash.
type idSet struct {
	ids   [][]byte
	table []int  // 1 + index into ids; 0 is empty
	mask  uint64 // len(table)-1; the length is a power of two
	seed  maphash.Seed
}

// newIDSet makes a set for n ids (more just make it grow).
func newIDSet(n int) idSet {
	size, mask := 8, uint64(7)
	for size < 2*n {
		size, mask = size<<1, mask<<1|1
	}
	return idSet{ids: make([][]byte, 0, n), table: make([]int, size), mask: mask, seed: maphash.MakeSeed()}
}

// add reports whether id is new, remembering it.
func (s *idSet) add(id []byte) bool {
	if 2*(len(s.ids)+1) > len(s.table) {
		s.grow()
	}
	for j := maphash.Bytes(s.seed, id) & s.mask; ; j = (j + 1) & s.mask {
		switch e := s.table[j]; {
		case e == 0:
			s.ids = append(s.ids, id)
			s.table[j] = len(s.ids)
			return true
		case bytes.Equal(s.ids[e-1], id):
			return false
		}
	}
}

func (s *idSet) grow() {
	old := s.ids
	*s = newIDSet(2*len(old) + 8)
	for _, id := range old {
		s.add(id)
	}
}
