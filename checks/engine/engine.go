// Package engine runs native checks over a project: it lists the files, reads
// each once, runs file checks over a worker pool and repository checks once,
// honours prerequisites, inline suppressions, configuration (select, ignore,
// severity, per-check options, exclude) and --fix, and returns results in a
// stable order so that every run prints the same report.
package engine

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/config"
)

// Options say what to run and where.
type Options struct {
	Root   string // absolute project root
	Checks []*checks.Check
	Config *config.Config
	// Paths, when non-nil, limits file checks to these slash paths (relative to
	// Root); directories stand for the listed files beneath them. Config excludes
	// still apply: pre-commit passes file names explicitly.
	Paths []string
	// Files and Repo choose the scopes to run.
	Files, Repo bool
	Jobs        int   // worker count; <= 0 means one per CPU
	Fix         bool  // apply each failing check's Fix and record the change
	ReadLimit   int64 // <= 0 means DefaultReadLimit
	// List replaces the file listing (tests); nil means List.
	List func(ctx context.Context, root string) (*Listing, error)
	// CacheDir, when set, keeps each file's check results between runs (see
	// cache.go); CacheSalt names the tool build, so a new build starts afresh.
	// --fix runs neither read nor write it.
	CacheDir  string
	CacheSalt string
	// Now is the clock (racy cache entries are judged against it); nil means time.Now.
	Now func() time.Time
}

// Report is the outcome of a run: what reporters print.
type Report struct {
	Results    []*checks.Result // one per check that ran, sorted by check ID
	Ignored    []IgnoredCheck   // checks switched off by configuration, sorted
	Fixes      []FixRecord      // changes made by --fix, sorted
	Suppressed int              // findings silenced inline
	Files      int              // files in scope
	// Errors are problems that stopped part of the run (a check that panicked,
	// a gate whose tool is missing or crashed): the run cannot be trusted, exit 3.
	Errors    []string
	FailLevel checks.Severity
	// Elapsed is the wall time; reporters omit it when zero (golden tests).
	Elapsed time.Duration
}

// IgnoredCheck is a check the configuration switched off, with the reason given.
type IgnoredCheck struct {
	Meta   checks.Meta
	Reason string
}

// FixRecord is one file rewritten by one check's fix.
type FixRecord struct {
	Path    string
	CheckID string
}

// Failed reports whether any unfixed finding is at or above the fail level.
func (r *Report) Failed() bool {
	for _, res := range r.Results {
		for _, f := range res.Findings {
			if !f.Fixed && f.Severity >= r.FailLevel {
				return true
			}
		}
	}
	return false
}

// Counts tallies results and unfixed findings by severity.
type Counts struct {
	Checks, Passed, Failed, Skipped, Ignored int
	Errors, Warnings, Infos, Fixed           int
}

// Count computes the summary numbers.
func (r *Report) Count() Counts {
	c := Counts{Checks: len(r.Results), Ignored: len(r.Ignored), Fixed: len(r.Fixes)}
	for _, res := range r.Results {
		switch res.Status {
		case checks.Pass:
			c.Passed++
		case checks.Fail:
			c.Failed++
		case checks.Skip:
			c.Skipped++
		}
		for _, f := range res.Findings {
			if f.Fixed {
				continue
			}
			switch f.Severity {
			case checks.Error:
				c.Errors++
			case checks.Warning:
				c.Warnings++
			default:
				c.Infos++
			}
		}
	}
	return c
}

// Add merges results produced elsewhere (the gates) and restores the order.
func (r *Report) Add(results ...*checks.Result) {
	r.Results = append(r.Results, results...)
	SortResults(r.Results)
}

// SortResults orders results by check ID and each result's findings by place.
func SortResults(rs []*checks.Result) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Check.ID < rs[j].Check.ID })
	for _, r := range rs {
		SortFindings(r.Findings)
	}
}

// SortFindings orders findings by path, line, column, check and message.
func SortFindings(fs []checks.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.CheckID != b.CheckID {
			return a.CheckID < b.CheckID
		}
		return a.Message < b.Message
	})
}

// Selection decides which checks run from select and ignore.
type Selection struct {
	sel    []string
	ignore []config.Ignore
}

// NewSelection builds the selection from the configuration.
func NewSelection(cfg *config.Config) Selection {
	return Selection{sel: cfg.Select, ignore: cfg.Ignore}
}

// Selected reports whether id runs; when it is ignored, the reason is returned
// (the most specific matching ignore wins).
func (s Selection) Selected(id string) (run bool, ignored bool, reason string) {
	if len(s.sel) > 0 {
		ok := false
		for _, p := range s.sel {
			ok = ok || p == "ALL" || strings.HasPrefix(id, p)
		}
		if !ok {
			return false, false, ""
		}
	}
	best := -1
	for _, ig := range s.ignore {
		if strings.HasPrefix(id, ig.ID) && len(ig.ID) > best {
			best, reason = len(ig.ID), ig.Reason
		}
	}
	if best >= 0 {
		return false, true, reason
	}
	return true, false, ""
}

// Run executes the native checks.
func Run(ctx context.Context, opts Options) (*Report, error) {
	cfg := opts.Config
	if cfg == nil {
		cfg = config.Default()
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	limit := opts.ReadLimit
	if limit <= 0 {
		limit = DefaultReadLimit
	}
	list := opts.List
	if list == nil {
		list = List
	}
	rep := &Report{FailLevel: cfg.FailLevel}
	if rep.FailLevel == 0 {
		rep.FailLevel = checks.Error
	}

	// Which checks run, in what order.
	sel := NewSelection(cfg)
	var running []*checks.Check
	for _, c := range opts.Checks {
		if c.Scope == checks.ScopeGate {
			continue
		}
		run, ignored, reason := sel.Selected(c.ID)
		if ignored {
			rep.Ignored = append(rep.Ignored, IgnoredCheck{Meta: c.Meta, Reason: reason})
			continue
		}
		if !run || (c.Scope == checks.ScopeFile && !opts.Files) || (c.Scope == checks.ScopeRepo && !opts.Repo) {
			continue
		}
		if (c.Scope == checks.ScopeFile && c.File == nil) || (c.Scope == checks.ScopeRepo && c.Repo == nil) {
			return nil, fmt.Errorf("check %s has no %s function", c.ID, map[checks.Scope]string{checks.ScopeFile: "File", checks.ScopeRepo: "Repo"}[c.Scope])
		}
		running = append(running, c)
	}
	sort.Slice(rep.Ignored, func(i, j int) bool { return rep.Ignored[i].Meta.ID < rep.Ignored[j].Meta.ID })
	levels, err := levelize(running)
	if err != nil {
		return nil, err
	}
	if len(running) == 0 {
		return rep, nil
	}

	// Files in scope.
	root, err := os.OpenRoot(opts.Root)
	if err != nil {
		return nil, fmt.Errorf("opening project root: %w", err)
	}
	defer root.Close() //nolint:errcheck // read-mostly handle
	listing, err := list(ctx, opts.Root)
	if err != nil {
		return nil, err
	}
	ex := excluder{globs: cfg.Exclude}
	var paths []string
	for _, p := range listing.Paths {
		if !ex.excluded(p) {
			paths = append(paths, p)
		}
	}
	filePaths := paths
	if opts.Paths != nil {
		filePaths = limitTo(root, paths, opts.Paths, ex)
	}
	ld := &loader{root: root, dir: filepath.Clean(opts.Root) + string(filepath.Separator), limit: limit, lfs: loadLFSRules(root, listing.Paths)}

	// Repo checks see every file in scope; file checks only the limited set. When
	// repo checks do not run, only the limited set is read.
	toLoad := filePaths
	if opts.Repo {
		toLoad = paths
		if opts.Paths != nil {
			toLoad = union(paths, filePaths)
		}
	}
	r := &runner{cfg: cfg, root: root, ld: ld, fix: opts.Fix, jobs: jobs, results: map[string]*checks.Result{}, panicked: map[string]bool{}}
	inScope := membership(toLoad, filePaths)
	// The first level's file checks run as each file is read, so its content is
	// touched once while it is hot; afterwards the bulky sources (Python,
	// notebooks, anything over 1 MiB) are let go unless a repo check may want
	// them — repo checks read those from disk on demand — which keeps memory
	// flat however large the tree is.
	var first []*checks.Check
	for _, c := range levels[0] {
		if c.Scope == checks.ScopeFile {
			first = append(first, c)
		}
	}
	var cache *resultCache
	if opts.CacheDir != "" && cacheSupported && !opts.Fix {
		ids := make([]string, len(first))
		for i, c := range first {
			ids[i] = c.ID
		}
		now := opts.Now
		if now == nil {
			now = time.Now
		}
		if fp, err := cacheFingerprint(opts.CacheSalt, first, r.options(first), cfg.Severity, limit); err == nil {
			cache = openCache(opts.CacheDir, fp, ids, now(), toLoad)
		}
	}
	files, loadErrs := r.loadAndCheck(ctx, toLoad, inScope, membership(toLoad, listing.Tracked), first, opts.Repo, cache)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var saving sync.WaitGroup
	if cache != nil && len(loadErrs) == 0 && len(r.panicked) == 0 {
		// The cache only saves time: a project directory that cannot take it
		// (read-only checkout) is checked in full every run. It is written
		// while the repo checks run; nothing they do touches it.
		saving.Go(func() { _ = cache.save(toLoad, opts.Paths == nil || opts.Repo) })
	}
	defer saving.Wait()
	rep.Errors = append(rep.Errors, loadErrs...)
	r.byPath = make(map[string]*checks.File, len(files))
	for _, f := range files {
		r.byPath[f.Path] = f
	}
	var checkFiles []*checks.File
	for _, p := range filePaths {
		if f := r.byPath[p]; f != nil {
			checkFiles = append(checkFiles, f)
		}
	}
	rep.Files = len(checkFiles)
	repo := &checks.Repo{
		Root: opts.Root, Git: listing.Git, Tracked: listing.Tracked,
		Pyproject: cfg.Pyproject, PyprojectErr: cfg.PyprojectErr, PyprojectRaw: cfg.Raw,
		Read: func(f *checks.File) ([]byte, error) {
			g, _, err := ld.load(f.Path)
			if err != nil || g == nil {
				return nil, err
			}
			return g.Data, nil
		},
	}
	if opts.Repo {
		for _, p := range paths {
			if f := r.byPath[p]; f != nil {
				repo.Files = append(repo.Files, f)
			}
		}
	}

	for i, level := range levels {
		var fileChecks, repoChecks []*checks.Check
		for _, c := range level {
			if i == 0 && c.Scope == checks.ScopeFile {
				continue // ran while loading
			}
			if reason := r.blocked(c); reason != "" {
				r.set(&checks.Result{Check: c, Status: checks.Skip, Reason: reason})
				continue
			}
			if c.Scope == checks.ScopeFile {
				fileChecks = append(fileChecks, c)
			} else {
				repoChecks = append(repoChecks, c)
			}
		}
		r.runFileChecks(ctx, fileChecks, checkFiles)
		r.runRepoChecks(ctx, repoChecks, repo)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	for _, res := range r.results {
		rep.Results = append(rep.Results, res)
	}
	SortResults(rep.Results)
	rep.Fixes = r.fixes
	sort.Slice(rep.Fixes, func(i, j int) bool {
		if rep.Fixes[i].Path != rep.Fixes[j].Path {
			return rep.Fixes[i].Path < rep.Fixes[j].Path
		}
		return rep.Fixes[i].CheckID < rep.Fixes[j].CheckID
	})
	rep.Suppressed = int(r.suppressed.Load())
	rep.Errors = append(rep.Errors, r.errors...)
	sort.Strings(rep.Errors)
	return rep, nil
}

// limitTo keeps the requested paths (and the listed files under requested
// directories). A requested file that the listing does not hold — an ignored
// file named explicitly — is still checked unless excluded.
func limitTo(root *os.Root, listed, want []string, ex excluder) []string {
	set := map[string]bool{}
	listedSet := make(map[string]bool, len(listed))
	for _, p := range listed {
		listedSet[p] = true
	}
	var dirs []string
	for _, w := range want {
		if w == "." {
			dirs = append(dirs, "")
			continue
		}
		if listedSet[w] {
			set[w] = true
			continue
		}
		fi, err := root.Lstat(w)
		switch {
		case err != nil:
			continue
		case fi.IsDir():
			dirs = append(dirs, w+"/")
		case !ex.excluded(w):
			set[w] = true
		}
	}
	if len(dirs) > 0 {
		for _, p := range listed {
			for _, d := range dirs {
				if strings.HasPrefix(p, d) {
					set[p] = true
				}
			}
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// membership marks which of all (sorted, unique) are in some (sorted, unique).
func membership(all, some []string) []bool {
	in := make([]bool, len(all))
	j := 0
	for i, p := range all {
		for j < len(some) && some[j] < p {
			j++
		}
		in[i] = j < len(some) && some[j] == p
	}
	return in
}

func union(a, b []string) []string {
	set := make(map[string]bool, len(a)+len(b))
	out := make([]string, 0, len(a))
	for _, s := range append(append([]string(nil), a...), b...) {
		if !set[s] {
			set[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// levelize orders checks so that every prerequisite runs in an earlier level.
// Prerequisites that are not running impose nothing.
func levelize(cs []*checks.Check) ([][]*checks.Check, error) {
	byID := map[string]*checks.Check{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	depth := map[string]int{}
	const visiting = -1
	var visit func(c *checks.Check) (int, error)
	visit = func(c *checks.Check) (int, error) {
		if d, ok := depth[c.ID]; ok {
			if d == visiting {
				return 0, fmt.Errorf("check %s: prerequisite cycle", c.ID)
			}
			return d, nil
		}
		depth[c.ID] = visiting
		d := 0
		for _, id := range c.Requires {
			if p := byID[id]; p != nil {
				pd, err := visit(p)
				if err != nil {
					return 0, err
				}
				d = max(d, pd+1)
			}
		}
		depth[c.ID] = d
		return d, nil
	}
	var levels [][]*checks.Check
	sorted := append([]*checks.Check(nil), cs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	for _, c := range sorted {
		d, err := visit(c)
		if err != nil {
			return nil, err
		}
		for len(levels) <= d {
			levels = append(levels, nil)
		}
		levels[d] = append(levels[d], c)
	}
	return levels, nil
}

type runner struct {
	cfg    *config.Config
	root   *os.Root
	ld     *loader
	byPath map[string]*checks.File
	fix    bool
	jobs   int

	mu         sync.Mutex
	fixMu      sync.Mutex // serialises repo checks' fixes, which run concurrently
	results    map[string]*checks.Result
	fixes      []FixRecord
	errors     []string
	suppressed atomic.Int64
	panicked   map[string]bool
}

// fileFor finds a loaded file; during loading (first-level file checks) the
// index does not exist yet, and findings there are about the file in hand.
func (r *runner) fileFor(p string) *checks.File {
	if r.byPath == nil {
		return nil
	}
	return r.byPath[p]
}

func (r *runner) set(res *checks.Result) {
	r.mu.Lock()
	r.results[res.Check.ID] = res
	r.mu.Unlock()
}

func (r *runner) addError(format string, args ...any) {
	r.mu.Lock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
	r.mu.Unlock()
}

// blocked returns why c must be skipped: a prerequisite that ran failed or skipped.
func (r *runner) blocked(c *checks.Check) string {
	for _, id := range c.Requires {
		res := r.results[id]
		if res == nil {
			continue
		}
		switch res.Status {
		case checks.Fail:
			return "requires " + id + ", which failed"
		case checks.Skip:
			return "requires " + id + ", which was skipped"
		}
	}
	return ""
}

// runFileChecks runs file checks of a later level (their prerequisites ran
// first) over the worker pool, re-reading content that was let go.
func (r *runner) runFileChecks(ctx context.Context, cs []*checks.Check, files []*checks.File) {
	if len(cs) == 0 {
		return
	}
	opts := r.options(cs)
	perWorker := r.pool(ctx, len(files), len(cs), func(_, i int, out [][]checks.Finding) {
		f := files[i]
		dropped := r.reload(f)
		r.suppressed.Add(int64(r.checkFile(f, cs, opts, out)))
		if dropped {
			f.Data = nil
		}
		f.ForgetMemo()
	})
	r.collect(cs, perWorker)
}

// pool runs do(i, out) for i in [0, n) on up to r.jobs workers until ctx is done.
// Each worker appends findings to its own out (one slice per check, ncs of them),
// so no locking is needed; the caller merges the returned per-worker results.
func (r *runner) pool(ctx context.Context, n, ncs int, do func(w, i int, out [][]checks.Finding)) [][][]checks.Finding {
	workers := r.workers(n)
	perWorker := make([][][]checks.Finding, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		perWorker[w] = make([][]checks.Finding, ncs)
		wg.Add(1)
		go func(out [][]checks.Finding) {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				do(w, i, out)
			}
		}(perWorker[w])
	}
	wg.Wait()
	return perWorker
}

// workers is how many goroutines pool starts for n items.
func (r *runner) workers(n int) int { return min(r.jobs, max(n, 1)) }

func (r *runner) options(cs []*checks.Check) []checks.Options {
	opts := make([]checks.Options, len(cs))
	for i, c := range cs {
		opts[i] = r.cfg.Options(c.ID)
	}
	return opts
}

// checkFile runs the checks on one file in ID order, applying fixes as it goes
// so each later check and fix sees the content the earlier ones left.
// It returns how many findings inline comments silenced.
func (r *runner) checkFile(f *checks.File, cs []*checks.Check, opts []checks.Options, out [][]checks.Finding) int {
	changed := false
	silenced := 0
	for ci, c := range cs {
		fs := r.callFile(c, f, opts[ci])
		if len(fs) == 0 {
			continue
		}
		fs, n := r.postProcess(c, fs, f)
		silenced += n
		if len(fs) > 0 && r.fix && c.Fix != nil && !f.Binary && f.Data != nil && !f.Link {
			if r.applyFix(c, f, opts[ci]) {
				changed = true
				for k := range fs {
					fs[k].Fixed = true
				}
			}
		}
		out[ci] = append(out[ci], fs...)
	}
	if changed {
		r.write(f)
	}
	return silenced
}

func (r *runner) collect(cs []*checks.Check, perWorker [][][]checks.Finding) {
	for ci, c := range cs {
		var all []checks.Finding
		for w := range perWorker {
			all = append(all, perWorker[w][ci]...)
		}
		if r.panicked[c.ID] {
			r.set(&checks.Result{Check: c, Status: checks.Skip, Reason: "internal error (see errors)", Findings: all})
			continue
		}
		r.set(result(c, all))
	}
}

// loadAndCheck reads the files over the worker pool and runs the first level's
// file checks on those in scope as each is read; with a cache, unchanged files
// are neither read nor checked again. It returns the files in the listing's
// order.
func (r *runner) loadAndCheck(ctx context.Context, paths []string, inScope, tracked []bool, cs []*checks.Check, keepForRepo bool, cache *resultCache) ([]*checks.File, []string) {
	files := make([]*checks.File, len(paths))
	errs := make([]string, len(paths))
	opts := r.options(cs)
	scratch := make([][]byte, r.workers(len(paths)))
	perWorker := r.pool(ctx, len(paths), len(cs), func(w, i int, out [][]checks.Finding) {
		rel := paths[i]
		check := inScope[i] && len(cs) > 0
		if cache != nil {
			if f := r.fromCache(cache, i, rel, check, out); f != nil {
				files[i] = f
				return
			}
		}
		// Content that is dropped after the checks below goes into the
		// worker's scratch buffer; what repo checks may read keeps its own.
		var buf *[]byte
		if !keepForRepo || bulkyPath(rel) {
			buf = &scratch[w]
		}
		f, id, ok, err := r.ld.loadWithID(rel, buf)
		if err != nil {
			// An unreadable file is reported and treated as binary (not read).
			errs[i] = fmt.Sprintf("%s: %v", rel, err)
			if f != nil {
				f.Data, f.Binary = nil, true
			}
		}
		if !ok {
			return
		}
		files[i] = f
		var entry *cacheEntry
		if cache != nil && err == nil && !f.Link {
			entry = r.cacheEntryFor(f, id)
		}
		if check {
			var before []int
			if entry != nil {
				before = make([]int, len(out))
				for ci := range out {
					before[ci] = len(out[ci])
				}
			}
			silenced := r.checkFile(f, cs, opts, out)
			r.suppressed.Add(int64(silenced))
			if entry != nil {
				entry.flags |= flagChecked
				entry.suppressed = uint32(silenced) //nolint:gosec // a count of findings
				for ci := range out {
					for _, fd := range out[ci][before[ci]:] {
						entry.findings = append(entry.findings, cachedFinding{check: ci, Finding: fd})
					}
				}
			}
		}
		if entry != nil {
			cache.store(i, entry)
		}
		if !keepForRepo || bulky(f) {
			f.Data = nil
		}
		f.ForgetMemo() // parses are per check pass; keeping them would hold the memory the drop frees
	})
	if len(cs) > 0 {
		r.collect(cs, perWorker)
	}
	out := files[:0]
	for i, f := range files {
		if f != nil {
			f.Tracked = tracked[i]
			out = append(out, f)
		}
	}
	var errOut []string
	for _, e := range errs {
		if e != "" {
			errOut = append(errOut, e)
		}
	}
	return out, errOut
}

// fromCache rebuilds an unchanged file from its cache entry, adding its
// findings to out when check is set; nil means the file must be read.
func (r *runner) fromCache(cache *resultCache, i int, rel string, check bool, out [][]checks.Finding) *checks.File {
	e, ok := cache.lookup(i, r.ld.dir+filepath.FromSlash(rel), check)
	if !ok {
		return nil
	}
	f := checks.NewFile(rel)
	f.Size, f.Exec = e.id.Size, e.id.Mode&0o111 != 0
	f.Binary = e.flags&flagBinary != 0
	f.LFS = r.ld.lfsByRules(rel) || e.flags&flagLFSPointer != 0
	if f.LFS != (e.flags&flagLFS != 0) {
		return nil // .gitattributes changed what LFS tracks; HY102 depends on it
	}
	if check {
		for _, cf := range e.findings {
			out[cf.check] = append(out[cf.check], cf.Finding)
		}
		r.suppressed.Add(int64(e.suppressed))
	}
	cache.keep(i)
	return f
}

// cacheEntryFor records a freshly read file's facts.
func (r *runner) cacheEntryFor(f *checks.File, id statID) *cacheEntry {
	e := &cacheEntry{id: id}
	if f.Binary {
		e.flags |= flagBinary
	}
	if f.LFS {
		e.flags |= flagLFS
		if !r.ld.lfsByRules(f.Path) {
			e.flags |= flagLFSPointer
		}
	}
	return e
}

// bulky files are the many large sources repo checks rarely read whole.
func bulky(f *checks.File) bool {
	return f.Size > 1<<20 || bulkyPath(f.Path)
}

func bulkyPath(p string) bool {
	switch path.Ext(p) {
	case ".py", ".pyi", ".ipynb", ".csv", ".tsv":
		return true
	}
	return false
}

// reload reads back content that was let go; true means the caller drops it
// again when done.
func (r *runner) reload(f *checks.File) bool {
	if f.Data != nil || f.Binary || f.Link || f.Size > r.ld.limit {
		return false
	}
	g, ok, err := r.ld.load(f.Path)
	if err != nil || !ok || g.Binary {
		return false
	}
	f.Data = g.Data
	return true
}

// data returns a file's content for suppression look-ups without keeping it.
func (r *runner) data(f *checks.File) []byte {
	if f.Data != nil || f.Binary || f.Link || f.Size > r.ld.limit {
		return f.Data
	}
	g, ok, err := r.ld.load(f.Path)
	if err != nil || !ok {
		return nil
	}
	return g.Data
}

func (r *runner) runRepoChecks(ctx context.Context, cs []*checks.Check, repo *checks.Repo) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, r.jobs)
	for _, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				return
			}
			opts := r.cfg.Options(c.ID)
			fs, skip, ok := r.callRepo(c, repo, opts)
			if !ok {
				r.set(&checks.Result{Check: c, Status: checks.Skip, Reason: "internal error (see errors)"})
				return
			}
			if skip != "" && len(fs) == 0 {
				r.set(&checks.Result{Check: c, Status: checks.Skip, Reason: skip})
				return
			}
			fs, silenced := r.postProcess(c, fs, nil)
			r.suppressed.Add(int64(silenced))
			if r.fix && c.Fix != nil {
				fs = r.fixRepoFindings(c, fs, opts)
			}
			r.set(result(c, fs))
		}()
	}
	wg.Wait()
}

// fixRepoFindings applies a repo check's Fix to each file its findings name.
// Repo checks run concurrently, so their fixes are serialised.
func (r *runner) fixRepoFindings(c *checks.Check, fs []checks.Finding, opts checks.Options) []checks.Finding {
	done := map[string]bool{}
	for i := range fs {
		p := fs[i].Path
		f := r.byPath[p]
		if f == nil || f.Link {
			continue
		}
		if _, seen := done[p]; !seen {
			r.fixMu.Lock()
			dropped := r.reload(f)
			ok := f.Data != nil && r.applyFix(c, f, opts)
			if ok {
				r.write(f)
			}
			if dropped {
				f.Data = nil
			}
			r.fixMu.Unlock()
			done[p] = ok
		}
		fs[i].Fixed = done[p]
	}
	return fs
}

func result(c *checks.Check, fs []checks.Finding) *checks.Result {
	res := &checks.Result{Check: c, Status: checks.Pass, Findings: fs}
	fixed := 0
	for _, f := range fs {
		if f.Fixed {
			fixed++
		}
	}
	switch {
	case len(fs) > fixed:
		res.Status = checks.Fail
	case fixed > 0:
		res.Reason = fmt.Sprintf("fixed %d finding(s)", fixed)
	}
	return res
}

func (r *runner) callFile(c *checks.Check, f *checks.File, opts checks.Options) (fs []checks.Finding) {
	defer func() {
		if p := recover(); p != nil {
			r.addError("check %s panicked on %s: %v", c.ID, f.Path, p)
			r.mu.Lock()
			r.panicked[c.ID] = true
			r.mu.Unlock()
			fs = nil
		}
	}()
	return c.File(f, opts)
}

func (r *runner) callRepo(c *checks.Check, repo *checks.Repo, opts checks.Options) (fs []checks.Finding, skip string, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			r.addError("check %s panicked: %v", c.ID, p)
			ok = false
		}
	}()
	fs, skip = c.Repo(repo, opts)
	return fs, skip, true
}

func (r *runner) applyFix(c *checks.Check, f *checks.File, opts checks.Options) (changed bool) {
	defer func() {
		if p := recover(); p != nil {
			r.addError("fix for %s panicked on %s: %v", c.ID, f.Path, p)
			changed = false
		}
	}()
	data, changed := c.Fix(f, opts)
	if !changed {
		return false
	}
	f.Data = data
	f.Size = int64(len(data))
	f.ForgetMemo()
	r.mu.Lock()
	r.fixes = append(r.fixes, FixRecord{Path: f.Path, CheckID: c.ID})
	r.mu.Unlock()
	return true
}

// write replaces a file's content in place, keeping its mode.
func (r *runner) write(f *checks.File) {
	fi, err := r.root.Lstat(f.Path)
	if err != nil || !fi.Mode().IsRegular() {
		r.addError("fix: %s is no longer a regular file", f.Path)
		return
	}
	if err := r.root.WriteFile(f.Path, f.Data, fi.Mode().Perm()); err != nil {
		r.addError("fix: writing %s: %v", f.Path, err)
	}
}

// postProcess stamps check IDs and severities and drops suppressed findings,
// returning how many it dropped.
func (r *runner) postProcess(c *checks.Check, fs []checks.Finding, current *checks.File) ([]checks.Finding, int) {
	override, hasOverride := r.cfg.Severity[c.ID]
	out := fs[:0]
	silenced := 0
	marked := -1 // whether current holds a suppression marker; -1 until needed
	for _, f := range fs {
		if f.CheckID == "" {
			f.CheckID = c.ID
		}
		f.Path = filepath.ToSlash(f.Path)
		switch {
		case hasOverride:
			f.Severity = override
		case f.Severity == 0:
			f.Severity = c.Severity
		}
		file := r.fileFor(f.Path)
		if current != nil && current.Path == f.Path {
			// Most findings are about the file in hand: search it for the
			// marker once, not once per finding (a notebook can have hundreds).
			if marked < 0 {
				marked = 0
				if bytes.Contains(current.Data, suppressMarker) {
					marked = 1
				}
			}
			if marked == 0 {
				out = append(out, f)
				continue
			}
			file = current
		}
		if file != nil && suppressed(r.data(file), f) {
			silenced++
			continue
		}
		out = append(out, f)
	}
	return out, silenced
}
