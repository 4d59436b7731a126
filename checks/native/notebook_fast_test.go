package native

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

// notebookOptionSets are the option combinations the differential tests run
// HY301/HY302 (and their fixes) with, for a notebook at nb/a.ipynb.
func notebookOptionSets() []checks.Options {
	return []checks.Options{
		{},
		{"outputs": "keep"},
		{"keep-output": []any{"nb/*.ipynb"}},
		{"keep-output": []any{"other/*.ipynb"}},
		{"max-output-kb": int64(1)},
		{"keep-count": true},
		{"keep-keys": []any{"metadata.widgets", "cell.metadata.scrolled", "metadata.signature", "cell.metadata.ExecuteTime"}},
		{"extra-keys": []any{"metadata.kernelspec", "cell.metadata.tags", "metadata.signature", "cell.metadata.é", "other"}},
	}
}

func findingsText(fs []checks.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s:%d:%d %s\n", f.CheckID, f.Path, f.Line, f.Column, f.Message)
	}
	return b.String()
}

// compareNotebook runs the new and old HY301/HY302/HY305 and fixes on data.
func compareNotebook(t *testing.T, e *env, cellID *regexp.Regexp, data []byte) {
	t.Helper()
	// Engine-built files share memos across checks, as in a real run.
	newFile := func() *checks.File {
		f := checks.NewFile("nb/a.ipynb")
		f.Data = data
		return f
	}
	nf, of := newFile(), newFile()
	if got, want := findingsText(e.hy305(nf, nil)), findingsText(oldHY305(of, cellID)); got != want {
		t.Fatalf("HY305 differs for %q:\nnew:\n%sold:\n%s", data, got, want)
	}
	for i, opts := range notebookOptionSets() {
		if got, want := findingsText(hy301(nf, opts)), findingsText(oldHY301(of, opts)); got != want {
			t.Fatalf("HY301 %v differs for %q:\nnew:\n%sold:\n%s", opts, data, got, want)
		}
		if got, want := findingsText(hy302(nf, opts)), findingsText(oldHY302(of, opts)); got != want {
			t.Fatalf("HY302 %v differs for %q:\nnew:\n%sold:\n%s", opts, data, got, want)
		}
		// The fixes' code is unchanged and FuzzJSONFastValid proves the tree
		// they edit is the old one; a few option sets confirm it end to end.
		if i != 0 && i != 4 && i != 7 {
			continue
		}
		out, changed := fixOutputs(nf, opts)
		oout, ochanged := oldFixOutputs(of, opts)
		if changed != ochanged || string(out) != string(oout) {
			t.Fatalf("HY301 fix %v differs for %q:\nnew:\n%s\nold:\n%s", opts, data, out, oout)
		}
		out, changed = fixMetadata(nf, opts)
		oout, ochanged = oldFixMetadata(of, opts)
		if changed != ochanged || string(out) != string(oout) {
			t.Fatalf("HY302 fix %v differs for %q:\nnew:\n%s\nold:\n%s", opts, data, out, oout)
		}
	}
	// A file built outside the engine has no memo: same answers.
	plain := &checks.File{Path: "nb/a.ipynb", Data: data}
	if got, want := findingsText(e.hy305(plain, nil)), findingsText(oldHY305(plain, cellID)); got != want {
		t.Fatalf("HY305 (no memo) differs for %q:\nnew:\n%sold:\n%s", data, got, want)
	}
}

func oldCellIDPattern() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`) }

// notebookSeeds are real-shaped notebooks and the edge cases the notebook
// checks branch on.
func notebookSeeds(tb testing.TB) []string {
	tb.Helper()
	read := func(p string) string {
		b, err := os.ReadFile("testdata/" + p)
		if err != nil {
			tb.Fatal(err)
		}
		return string(b)
	}
	dirty, clean := read("notebooks/dirty.ipynb"), read("notebooks/stripped.ipynb")
	cell := func(id, extra string) string {
		return `{"cell_type": "code", "execution_count": 7, "id": "` + id + `", "metadata": {"scrolled": true` + extra + `}, "outputs": [{"output_type": "stream", "text": ["x\n"]}], "source": ["print(1)\n"]}`
	}
	nb := func(minor string, cells ...string) string {
		return "{\n \"cells\": [\n  " + strings.Join(cells, ",\n  ") + "\n ],\n \"metadata\": {\"widgets\": {}, \"signature\": \"s\", \"kernelspec\": {\"name\": \"python3\"}},\n \"nbformat\": 4,\n \"nbformat_minor\": " + minor + "\n}\n"
	}
	bigOutput := `{"cell_type": "code", "execution_count": 1, "id": "big", "metadata": {}, "outputs": [{"data": {"text/plain": ["` + strings.Repeat("0.5 ", 400) + `"]}, "output_type": "execute_result", "execution_count": 1, "metadata": {}}], "source": "x"}`
	seeds := []string{
		dirty, clean,
		strings.ReplaceAll(dirty, "\n", "\r\n"), "\xef\xbb\xbf" + clean,
		strings.Replace(clean, `"nbformat_minor": 5`, `"nbformat_minor": 4`, 1),
		strings.Replace(clean, `"id": "cell-3"`, `"id": "cell-1"`, 1),
		strings.Replace(clean, `"id": "cell-3"`, `"id": "bad id!"`, 1),
		strings.Replace(clean, `"cell_type": "markdown"`, `"cell_type": "heading"`, 1),
		nb("5", cell("a", ""), cell("a", ""), cell("b", `, "collapsed": false, "ExecuteTime": {}`), cell("", ""), cell(strings.Repeat("x", 65), "")),
		nb("4", cell("a", ""), `[]`, `"str"`, `null`, `{}`, `{"cell_type": 1}`, `{"cell_type": "raw", "source": 3}`),
		nb("5", bigOutput, cell("c", "")),
		nb("5", `{"cell\u005ftype": "c\u006fde", "outputs": [1, 2, 3], "execution_\u0063ount": 12345678901234567890, "metadata": {"scr\u006flled": 1}, "source": [], "id": "\u0069d-1"}`),
		nb("5", `{"cell_type": "code", "outputs": {}, "execution_count": "3", "metadata": [], "source": {}, "id": 5}`),
		nb("5", "{\"cell_type\": \"code\", \"outputs\": [], \"execution_count\": -1.5e3, \"metadata\": {\"\xff\": 1}, \"source\": \"\", \"id\": \"\xff\"}"),
		nb("5", `{"cell_type": "markdown", "metadata": {"a": {"b": [[[[[[[[{"c": "d"}]]]]]]]]}}, "source": "`+strings.Repeat(`\"q\\n`, 20)+`", "id": "m", "attachments": {"i.png": {"image/png": "AAAA"}}}`),
		`{"nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": []}], "metadata": {}}`,
		`{"nbformat": 4.5, "nbformat_minor": 5e0, "metadata": [], "cells": {}}`,
		`{"nbformat": 99999999999999999999, "nbformat_minor": -5, "metadata": {}, "cells": []}`,
		`{"nbformat": -4, "nbformat_minor": 12345678901234567890123, "metadata": {}, "cells": []}`,
		`{"nbformat": "4", "metadata": {}, "cells": [{"cell_type": "code"}]}`,
		`{"cells": [], "cells": []}`, `{"cells": [{"id": "a", "id": "b"}]}`, `{"metadata": {"widgets": 1, "widgets": 2}}`,
		`[]`, `"nb"`, `1`, `null`, `{`, `{"cells": [`, "{\n \"cells\": [\n  {,\n", ``,
		`{"cells": [` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}`,
		`{"cells": [{"cell_type": "code", "outputs": [` + strings.Repeat("[", 520) + strings.Repeat("]", 520) + `]}], "nbformat": 4}`,
		"{\"cells\": [{\"cell_type\": \"code\", \"source\": \"a\x01b\"}]}",
		`{"cells":[{"cell_type":"code","outputs":[1],"execution_count":2}],"nbformat":4,"nbformat_minor":5}`,
	}
	return seeds
}

// FuzzNotebookFast: for any bytes, the shallow-view checks report exactly
// what the full-tree checks reported (IDs, lines, columns, messages, order),
// under every option set, and the fixes rewrite byte for byte the same.
func FuzzNotebookFast(f *testing.F) {
	for _, s := range notebookSeeds(f) {
		f.Add([]byte(s))
	}
	e := newEnv()
	cellID := oldCellIDPattern()
	f.Fuzz(func(t *testing.T, data []byte) {
		compareNotebook(t, e, cellID, data)
	})
}

func TestNotebookFastSeeds(t *testing.T) {
	e := newEnv()
	cellID := oldCellIDPattern()
	for _, s := range notebookSeeds(t) {
		compareNotebook(t, e, cellID, []byte(s))
	}
}

// TestNotebookVersionMatchesSscan: nbVersion's fast path reads what
// fmt.Sscan read.
func TestNotebookVersionMatchesSscan(t *testing.T) {
	nums := []string{
		"", "-", "0", "-0", "4", "4.5", "4e0", "45E-1", "-4", "007", "123456789012345678",
		"1234567890123456789", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
		"-9223372036854775809", "99999999999999999999.5", "1.0e400",
	}
	for _, n := range nums {
		var want int
		_, _ = fmt.Sscan(n, &want)
		if got := nbVersion([]byte(n)); got != want {
			t.Errorf("nbVersion(%q) = %d, fmt.Sscan gives %d", n, got, want)
		}
	}
}

// TestNotebookCellIDMatchesPattern: validCellID is nbformat's pattern.
func TestNotebookCellIDMatchesPattern(t *testing.T) {
	re := oldCellIDPattern()
	ids := []string{"", "a", "A-z_0", strings.Repeat("x", 64), strings.Repeat("x", 65), "a b", "é", "\xff", "a\n", "[", "`", "{", "@", "/", ":"}
	for c := range 256 {
		ids = append(ids, string([]byte{byte(c)}), "ab"+string([]byte{byte(c)}))
	}
	for _, id := range ids {
		if got, want := validCellID([]byte(id)), re.MatchString(id); got != want {
			t.Errorf("validCellID(%q) = %v, pattern says %v", id, got, want)
		}
	}
}

// TestNotebookFastCorpus compares old and new on every .json and .ipynb of a
// directory (a benchcorpus, a real project) named by MLINIT_JSON_CORPUS or,
// following TestExternalDir, MLINIT_NATIVE_DIR:
//
//	go run ./internal/cmd/benchcorpus -out /tmp/jsoncorpus -files 2000 -mb 25
//	MLINIT_JSON_CORPUS=/tmp/jsoncorpus go test -run TestNotebookFastCorpus ./checks/native/
func TestNotebookFastCorpus(t *testing.T) {
	root := os.Getenv("MLINIT_JSON_CORPUS")
	if root == "" {
		root = os.Getenv("MLINIT_NATIVE_DIR")
	}
	if root == "" {
		t.Skip("set MLINIT_JSON_CORPUS (or MLINIT_NATIVE_DIR) to a directory to run")
	}
	e := newEnv()
	cellID := oldCellIDPattern()
	var nJSON, nNB, nFindings int
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(p)
		if ext != ".json" && ext != ".ipynb" {
			return nil
		}
		data, err := os.ReadFile(p) //nolint:gosec // a directory the developer names
		if err != nil {
			return err
		}
		pos, msg := jsonProblems(data)
		opos, omsg := oldJSONProblems(data)
		if pos != opos || msg != omsg {
			t.Errorf("%s: jsonProblems %v %q, old %v %q", p, pos, msg, opos, omsg)
		}
		if msg != "" {
			nFindings++
		}
		nJSON++
		if ext == ".ipynb" {
			nNB++
			f := &checks.File{Path: "nb/a.ipynb", Data: data}
			nFindings += len(e.hy305(f, nil)) + len(hy301(f, checks.Options{})) + len(hy302(f, checks.Options{}))
			t.Run(filepath.Base(p), func(t *testing.T) { compareNotebook(t, e, cellID, data) })
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d JSON documents (%d notebooks) identical; %d findings between them", nJSON, nNB, nFindings)
}

// TestNotebookIDSet: the id table answers like a map, also past the size it
// was made for.
func TestNotebookIDSet(t *testing.T) {
	for _, size := range []int{0, 3, 100} {
		set := newIDSet(size)
		seen := map[string]bool{}
		for i := range 1000 {
			id := []byte(fmt.Sprintf("id-%d", i*7%301))
			if got, want := set.add(id), !seen[string(id)]; got != want {
				t.Fatalf("size %d: add(%s) = %v, want %v", size, id, got, want)
			}
			seen[string(id)] = true
		}
	}
}
