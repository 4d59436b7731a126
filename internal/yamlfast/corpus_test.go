package yamlfast

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/internal/corpustest"
)

// yamlDoc is one document of a test set, named for failure messages.
type yamlDoc = corpustest.Doc

// isYAMLName matches YAML files and the templates that render to them.
func isYAMLName(name string) bool {
	name = strings.TrimSuffix(name, ".tmpl")
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// walkYAML collects YAML files under root, and YAML members of txtar
// archives (golden project trees, script tests) when withTxtar is set.
func walkYAML(tb testing.TB, root string, withTxtar bool) []yamlDoc {
	tb.Helper()
	return corpustest.Walk(tb, root, withTxtar, isYAMLName)
}

// benchCorpusYAML generates the benchmark corpus and returns its YAML.
func benchCorpusYAML(tb testing.TB) []yamlDoc {
	tb.Helper()
	return corpustest.BenchCorpus(tb, isYAMLName)
}

// checkSet asserts the soundness property on a set and reports how many of
// the documents goccy accepts Clean recognises.
func checkSet(t *testing.T, set string, docs []yamlDoc) {
	t.Helper()
	var valid, hits, validBytes, hitBytes int
	var misses []string
	for _, d := range docs {
		clean := Clean(d.Data)
		err := oracle(d.Data)
		if clean && err != nil {
			t.Errorf("%s: Clean = true but goccy rejects it: %v", d.Name, err)
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
		return
	}
	t.Logf("%s: %d files, %d valid; Clean recognises %d (%.1f%%), %.1f%% of valid bytes",
		set, len(docs), valid, hits, 100*float64(hits)/float64(valid), 100*float64(hitBytes)/float64(max(validBytes, 1)))
	if testing.Verbose() {
		for _, m := range misses {
			t.Logf("  not recognised: %s", m)
		}
	}
}

// TestCleanImpliesOracleOnFiles runs the soundness property over every YAML
// file in the repository, the golden project trees, a generated benchmark
// corpus, and any directories listed in YAMLFAST_EXTRA_DIRS (for example a
// module cache, whose goccy and actionlint test data hold many odd cases).
func TestCleanImpliesOracleOnFiles(t *testing.T) {
	root := corpustest.RepoRoot(t)
	checkSet(t, "repository", walkYAML(t, root, true))
	if testing.Short() {
		return
	}
	corpus := benchCorpusYAML(t)
	checkSet(t, "benchmark corpus", corpus)
	hydra := 0
	for _, d := range corpus {
		if strings.Contains(filepath.ToSlash(d.Name), "configs/hydra/") && Clean(d.Data) {
			hydra++
		}
	}
	if hydra < 100 {
		t.Errorf("Clean recognises only %d Hydra-style corpus files", hydra)
	}
	for _, dir := range filepath.SplitList(os.Getenv("YAMLFAST_EXTRA_DIRS")) {
		if dir != "" {
			checkSet(t, dir, walkYAML(t, dir, false))
		}
	}
}

// TestCleanImpliesOracleOnVariants perturbs every table document, and line
// by line every real document, and checks the soundness property on each
// variant: most variants are invalid or outside the subset, which is where
// a recogniser goes wrong.
func TestCleanImpliesOracleOnVariants(t *testing.T) {
	var seeds [][]byte
	for _, set := range [][]string{cleanCases, invalidCases, unsupportedCases} {
		for _, s := range set {
			seeds = append(seeds, []byte(s))
		}
	}
	var tried, clean int
	check := func(v []byte) {
		tried++
		if !Clean(v) {
			return
		}
		clean++
		if err := oracle(v); err != nil {
			t.Errorf("Clean(%q) = true but goccy rejects it: %v", v, err)
		}
	}
	for _, s := range seeds {
		corpustest.ByteVariants(s, interesting, check)
		lineVariants(s, check)
	}
	if !testing.Short() {
		for _, d := range walkYAML(t, corpustest.RepoRoot(t), true) {
			if len(d.Data) < 8<<10 {
				lineVariants(d.Data, check)
			}
		}
	}
	t.Logf("%d variants, %d recognised as clean and confirmed by goccy", tried, clean)
}

// interesting are the bytes that mean something to a YAML scanner.
const interesting = " -:#'\"\n\t[]{},|>&*!%@`?<.~\\xa0"

// keyWindow is how far lineVariants looks for another line's key.
const keyWindow = 8

// lineVariants calls f with line-level edits: each line deleted,
// duplicated, swapped with the next, indented or dedented, and given the
// key of another line.
func lineVariants(s []byte, f func([]byte)) {
	lines := bytes.SplitAfter(s, []byte("\n"))
	join := func(ls [][]byte) []byte { return bytes.Join(ls, nil) }
	edit := func(i int, repl ...[]byte) []byte {
		out := make([][]byte, 0, len(lines)+1)
		out = append(out, lines[:i]...)
		out = append(out, repl...)
		return join(append(out, lines[i+1:]...))
	}
	for i, l := range lines {
		f(edit(i))
		f(edit(i, l, l))
		if i+1 < len(lines) {
			f(edit(i, lines[i+1], l))
		}
		for _, pad := range []string{" ", "  ", "- ", "  - "} {
			f(edit(i, append([]byte(pad), l...)))
		}
		for _, cut := range []int{1, 2} {
			if len(l) >= cut && bytes.Count(l[:cut], []byte(" ")) == cut {
				f(edit(i, l[cut:]))
			}
		}
		// Siblings, whose keys could clash, sit close together.
		if k := bytes.Index(l, []byte(": ")); k > 0 {
			for j := max(i-keyWindow, 0); j < min(i+keyWindow, len(lines)); j++ {
				if m := bytes.Index(lines[j], []byte(": ")); j != i && m > 0 {
					f(edit(i, append(append([]byte{}, lines[j][:m]...), l[k:]...)))
				}
			}
		}
	}
}

func TestCleanDoesNotAllocate(t *testing.T) {
	doc := hydraConfig(40)
	if !Clean(doc) {
		t.Fatal("Clean rejects the Hydra-style document")
	}
	if n := testing.AllocsPerRun(100, func() { Clean(doc) }); n != 0 {
		t.Errorf("Clean allocates %.1f times per call", n)
	}
}
