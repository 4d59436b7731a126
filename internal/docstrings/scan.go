package docstrings

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Report is docstring coverage over the whole scope, in interrogate's terms.
type Report struct {
	Root      string  `json:"-"`
	Total     int     `json:"total"`
	Covered   int     `json:"covered"`
	Missing   int     `json:"missing"`
	Percent   float64 `json:"percent"`
	FailUnder float64 `json:"fail_under"`
	// Files has one entry per measured file, ordered like interrogate's report (directory,
	// then name).
	Files []FileReport `json:"files"`
	// Missed lists every counted node without a docstring, in file order then line order.
	Missed []Node `json:"missed"`
	// Errors are files that could not be read or tokenized. interrogate aborts the whole
	// run on such a file; Scan leaves them out of the totals and reports them here, so a
	// gate should fail when Errors is not empty.
	Errors []FileError `json:"errors"`

	omitCovered bool
}

// FileReport is one file's coverage.
type FileReport struct {
	Path    string  `json:"path"` // slash-separated, relative to the scan root when inside it
	Total   int     `json:"total"`
	Covered int     `json:"covered"`
	Missing int     `json:"missing"`
	Percent float64 `json:"percent"`
	// Nodes are the counted nodes in line order (module first), as `interrogate -vv` lists
	// them. With ignore-module the module node is present with Counted false.
	Nodes []Node `json:"nodes,omitempty"`
}

// Node is one module, class or function interrogate considers.
type Node struct {
	File string `json:"file"`
	Line int    `json:"line"` // line of the def/class keyword; 0 for a module
	// Name is the qualified name inside the file ("Outer.method"), or the file name for
	// the module itself.
	Name string `json:"name"`
	// Kind is "module", "class", "function" or "method" (a function directly in a class).
	Kind    string   `json:"kind"`
	Type    NodeType `json:"-"`
	Level   int      `json:"-"`
	Covered bool     `json:"covered"`
	Counted bool     `json:"-"`
}

// FileError is a file interrogate could not measure either.
type FileError struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Msg  string `json:"message"`
}

func (e FileError) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
	}
	return e.File + ": " + e.Msg
}

// Passed reports whether the total meets FailUnder with interrogate's rounding.
func (r *Report) Passed() bool { return Passed(r.Percent, r.FailUnder) }

// Scan measures docstring coverage of the Python files under paths (interrogate's
// positional arguments, relative to root; default ".") with interrogate's rules. Excludes
// are resolved against root the way interrogate resolves them against its working
// directory. The scope is always the whole configuration, never a list of changed files.
func Scan(ctx context.Context, root string, paths []string, opts Options) (*Report, error) {
	o, err := opts.compile()
	if err != nil {
		return nil, err
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	absRoot = realpath(absRoot)
	files, err := discover(absRoot, paths, o)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, ErrNoFiles
	}

	type result struct {
		nodes []*covNode
		err   *FileError
	}
	results := make([]result, len(files))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(files) {
		workers = len(files)
	}
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf scratch
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(files) || ctx.Err() != nil {
					return
				}
				nodes, ferr := measureFile(files[i], o, &buf)
				results[i] = result{nodes: nodes, err: ferr}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	rep := &Report{Root: absRoot, FailUnder: o.FailUnder, omitCovered: o.OmitCoveredFiles}
	for i, f := range files {
		rel := relPath(absRoot, f)
		if e := results[i].err; e != nil {
			e.File = rel
			rep.Errors = append(rep.Errors, *e)
			continue
		}
		if results[i].nodes == nil {
			continue
		}
		fr := FileReport{Path: rel}
		seen := map[*covNode]bool{}
		for _, n := range results[i].nodes {
			counted := n.def.typ != Module || !o.IgnoreModule
			if counted {
				fr.Total++
				if n.covered {
					fr.Covered++
				}
			}
			if seen[n] {
				continue
			}
			seen[n] = true
			fr.Nodes = append(fr.Nodes, toNode(rel, n, counted))
		}
		fr.Missing = fr.Total - fr.Covered
		fr.Percent = percent(fr.Covered, fr.Total)
		sort.SliceStable(fr.Nodes, func(a, b int) bool { return fr.Nodes[a].Line < fr.Nodes[b].Line })
		rep.Total += fr.Total
		rep.Covered += fr.Covered
		rep.Files = append(rep.Files, fr)
	}
	rep.Missing = rep.Total - rep.Covered
	rep.Percent = percent(rep.Covered, rep.Total)
	sort.SliceStable(rep.Files, func(a, b int) bool {
		da, db := dirOf(rep.Files[a].Path), dirOf(rep.Files[b].Path)
		if da != db {
			return da < db
		}
		return rep.Files[a].Path < rep.Files[b].Path
	})
	sort.SliceStable(rep.Errors, func(a, b int) bool { return rep.Errors[a].File < rep.Errors[b].File })
	for _, fr := range rep.Files {
		for _, n := range fr.Nodes {
			if n.Counted && !n.Covered {
				rep.Missed = append(rep.Missed, n)
			}
		}
	}
	return rep, nil
}

func dirOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

// percent is interrogate's perc_covered: covered/total*100 in float64, 100 for no nodes.
func percent(covered, total int) float64 {
	if total == 0 {
		return 100
	}
	return float64(covered) / float64(total) * 100
}

func relPath(root, f string) string {
	if r, err := filepath.Rel(root, f); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(f)
}

func toNode(file string, n *covNode, counted bool) Node {
	nd := Node{File: file, Line: n.def.line, Type: n.def.typ, Level: n.level, Covered: n.covered, Counted: counted}
	switch {
	case n.def.typ == Module:
		nd.Name = filepath.Base(file)
		nd.Kind = "module"
		nd.Line = 0
	case n.def.typ == ClassDef:
		nd.Kind = "class"
	case n.parent != nil && n.parent.def.typ == ClassDef:
		nd.Kind = "method"
	default:
		nd.Kind = "function"
	}
	if nd.Name == "" {
		nd.Name = n.qualname
	}
	return nd
}

// scratch holds one worker's buffers, reused from file to file.
type scratch struct {
	src  []byte
	toks []Token
}

// measureFile reads, tokenizes and counts one file.
func measureFile(path string, o *compiled, buf *scratch) ([]*covNode, *FileError) {
	src, err := readInto(buf.src, path)
	if err != nil {
		return nil, &FileError{Msg: err.Error()}
	}
	buf.src = src
	toks, err := tokenizeInto(buf.toks, src)
	if err == nil {
		buf.toks = toks
	}
	var defs []defNode
	if err == nil {
		defs, err = parseDefs(src, toks)
	}
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			return nil, &FileError{Line: se.Line, Col: se.Col, Msg: se.Msg}
		}
		return nil, &FileError{Msg: err.Error()}
	}
	return o.fileCoverage(filepath.Base(path), defs), nil
}

// readInto reads a whole file into buf (grown as needed). The defNodes keep no reference to
// the source, so the buffer can be reused for the next file.
func readInto(buf []byte, path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n := 0
	if st, err := f.Stat(); err == nil && int64(cap(buf)) < st.Size()+1 {
		buf = make([]byte, 0, st.Size()+512)
	}
	buf = buf[:cap(buf)]
	for {
		if n == len(buf) {
			buf = append(buf, 0)[:n]
			buf = buf[:cap(buf)]
		}
		m, err := f.Read(buf[n:])
		n += m
		if err == io.EOF {
			return buf[:n], nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func parseSource(src []byte) ([]defNode, error) {
	toks, err := Tokenize(src)
	if err != nil {
		return nil, err
	}
	return parseDefs(src, toks)
}
