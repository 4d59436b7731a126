package tomlfast

import (
	"bytes"
	"go/build"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/internal/corpustest"
)

// tomlDoc is one document of a test set, named for failure messages.
type tomlDoc = corpustest.Doc

// isTOMLName matches TOML files. Templates (*.toml.tmpl) are left out: they
// are text/template sources, not TOML, until rendered.
func isTOMLName(name string) bool {
	return strings.HasSuffix(name, ".toml")
}

// walkTOML collects TOML files under root, and TOML members of txtar
// archives (golden project trees, script tests) when withTxtar is set.
func walkTOML(tb testing.TB, root string, withTxtar bool) []tomlDoc {
	tb.Helper()
	return corpustest.Walk(tb, root, withTxtar, isTOMLName)
}

// benchCorpusTOML generates the benchmark corpus and returns its TOML.
func benchCorpusTOML(tb testing.TB) []tomlDoc {
	tb.Helper()
	return corpustest.BenchCorpus(tb, isTOMLName)
}

// goTOMLDir is go-toml's directory in the module cache, or "" when the
// cache is elsewhere. Its tests hold the toml-test suite, hundreds of small
// valid and invalid documents aimed at exactly the corners a recogniser
// gets wrong.
func goTOMLDir() string {
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		cache = filepath.Join(build.Default.GOPATH, "pkg", "mod")
	}
	dir := filepath.Join(cache, "github.com", "pelletier", "go-toml", "v2@v2.4.3")
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}

// tomlTestInput matches the documents of go-toml's generated toml-test
// cases: `input := "..."`, a Go string literal on one line.
var tomlTestInput = regexp.MustCompile(`(?m)^\s*input := ("(?:[^"\\]|\\.)*")$`)

// tomlTestSuite returns the documents of the toml-test suite as go-toml
// embeds them in toml_testgen_test.go, or nothing without the module cache.
func tomlTestSuite(tb testing.TB) []tomlDoc {
	tb.Helper()
	dir := goTOMLDir()
	if dir == "" {
		return nil
	}
	src, err := os.ReadFile(filepath.Join(dir, "toml_testgen_test.go"))
	if err != nil {
		return nil
	}
	var docs []tomlDoc
	for i, m := range tomlTestInput.FindAllSubmatch(src, -1) {
		s, err := strconv.Unquote(string(m[1]))
		if err != nil {
			tb.Fatalf("toml-test input %d: %v", i, err)
		}
		docs = append(docs, tomlDoc{Name: "toml-test #" + strconv.Itoa(i), Data: []byte(s)})
	}
	return docs
}

// hitRate asserts the soundness property on a set and returns how many
// documents go-toml accepts and how many of those Clean recognises.
func hitRate(t *testing.T, set string, docs []tomlDoc) (valid, hits int) {
	t.Helper()
	var validBytes, hitBytes int
	var misses []string
	for _, d := range docs {
		clean := Clean(d.Data)
		err := oracle(d.Data)
		if clean && err != nil {
			t.Errorf("%s: Clean = true but go-toml rejects it: %v\n%q", d.Name, err, d.Data)
		}
		if err != nil {
			continue
		}
		valid++
		validBytes += len(d.Data)
		if clean {
			hits++
			hitBytes += len(d.Data)
		} else {
			misses = append(misses, d.Name)
		}
	}
	if valid == 0 {
		t.Logf("%s: no valid documents (%d files)", set, len(docs))
		return valid, hits
	}
	t.Logf("%s: %d files, %d valid; Clean recognises %d (%.1f%%), %.1f%% of valid bytes",
		set, len(docs), valid, hits, 100*float64(hits)/float64(valid), 100*float64(hitBytes)/float64(max(validBytes, 1)))
	if testing.Verbose() {
		for _, m := range misses {
			t.Logf("  not recognised: %s", m)
		}
	}
	return valid, hits
}

// TestCleanImpliesOracleOnFiles runs the soundness property over every TOML
// file in the repository and its txtar archives (which hold the golden
// generated projects), a generated benchmark corpus, go-toml's own toml-test
// cases, and any directories listed in TOMLFAST_EXTRA_DIRS.
func TestCleanImpliesOracleOnFiles(t *testing.T) {
	root := corpustest.RepoRoot(t)
	repo := walkTOML(t, root, true)
	hitRate(t, "repository", repo)

	var pyprojects []tomlDoc
	for _, d := range repo {
		if strings.HasSuffix(d.Name, ".txtar:pyproject.toml") {
			pyprojects = append(pyprojects, d)
		}
	}
	if valid, hits := hitRate(t, "generated pyproject.toml", pyprojects); valid == 0 || hits < valid {
		t.Errorf("Clean recognises %d of %d valid generated pyproject.toml files, want all", hits, valid)
	}

	hitRate(t, "toml-test suite", tomlTestSuite(t))
	if testing.Short() {
		return
	}
	corpus := benchCorpusTOML(t)
	var configs []tomlDoc
	for _, d := range corpus {
		if strings.Contains(filepath.ToSlash(d.Name), "/configs/") {
			configs = append(configs, d)
		}
	}
	if valid, hits := hitRate(t, "benchmark corpus configs", configs); valid == 0 || hits < valid {
		t.Errorf("Clean recognises %d of %d valid corpus configs, want all", hits, valid)
	}
	hitRate(t, "benchmark corpus", corpus)
	if dir := goTOMLDir(); dir != "" {
		hitRate(t, "go-toml module", walkTOML(t, dir, false))
	}
	for _, dir := range filepath.SplitList(os.Getenv("TOMLFAST_EXTRA_DIRS")) {
		if dir != "" {
			hitRate(t, dir, walkTOML(t, dir, false))
		}
	}
}

// TestCleanImpliesOracleOnVariants perturbs every table document, the
// toml-test suite and, line by line, every real document, and checks the
// soundness property on each variant: most variants are invalid or outside
// the subset, which is where a recogniser goes wrong.
func TestCleanImpliesOracleOnVariants(t *testing.T) {
	var seeds [][]byte
	for _, set := range [][]string{cleanCases, invalidCases, unsupportedCases, realisticCases} {
		for _, s := range set {
			seeds = append(seeds, []byte(s))
		}
	}
	for _, d := range tomlTestSuite(t) {
		if len(d.Data) < 1<<10 {
			seeds = append(seeds, d.Data)
		}
	}
	var tried, clean int
	check := func(v []byte) {
		tried++
		if raceDetector && tried%8 != 0 {
			return
		}
		if !Clean(v) {
			return
		}
		clean++
		if err := oracle(v); err != nil {
			t.Errorf("Clean(%q) = true but go-toml rejects it: %v", v, err)
		}
	}
	for _, s := range seeds {
		corpustest.ByteVariants(s, interesting, check)
		lineVariants(s, check)
	}
	if !testing.Short() {
		for _, d := range walkTOML(t, corpustest.RepoRoot(t), true) {
			if len(d.Data) < 8<<10 {
				lineVariants(d.Data, check)
			}
		}
	}
	t.Logf("%d variants, %d recognised as clean and confirmed by go-toml", tried, clean)
}

// interesting are the bytes that mean something to a TOML scanner.
const interesting = " \t\n\r#=.,[]{}\"'\\_+-0159eExob:Tzin\x00\x7f\xc3"

// lineWindow is how far lineVariants looks for another line to combine
// with: clashing keys and tables sit close together.
const lineWindow = 8

// lineVariants calls f with line-level edits: each line deleted,
// duplicated, swapped with the next, indented, given the key of a nearby
// line, or a nearby line's header inserted before it. Duplicates and
// reordering are what semantic errors are made of.
func lineVariants(s []byte, f func([]byte)) {
	lines := bytes.SplitAfter(s, []byte("\n"))
	edit := func(i int, repl ...[]byte) []byte {
		out := make([][]byte, 0, len(lines)+len(repl))
		out = append(out, lines[:i]...)
		out = append(out, repl...)
		return bytes.Join(append(out, lines[i+1:]...), nil)
	}
	for i, l := range lines {
		f(edit(i))
		f(edit(i, l, l))
		if i+1 < len(lines) {
			f(edit(i, lines[i+1], l))
		}
		f(edit(i, append([]byte(" "), l...)))
		for j := max(i-lineWindow, 0); j < min(i+lineWindow, len(lines)); j++ {
			if j == i {
				continue
			}
			other := lines[j]
			if k, m := bytes.IndexByte(l, '='), bytes.IndexByte(other, '='); k > 0 && m > 0 {
				f(edit(i, append(append([]byte{}, other[:m]...), l[k:]...)))
			}
			if bytes.HasPrefix(bytes.TrimLeft(other, " \t"), []byte("[")) {
				f(edit(i, other, l))
				f(edit(i, l, other))
			}
		}
	}
}
