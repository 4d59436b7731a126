package native

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

func TestHY101(t *testing.T) {
	r := memRepo(t, map[string]string{"a.txt": "x", "big.wav": "", "lfs.bin": "", "link": "", "uv.lock": "", "sub/poetry.lock": ""})
	for _, f := range r.Files {
		switch f.Path {
		case "big.wav":
			f.Size = 2 << 20
		case "uv.lock", "sub/poetry.lock": // committed lockfiles are exempt
			f.Size = 3 << 20
		case "lfs.bin":
			f.Size, f.LFS = 5<<20, true
		case "link":
			f.Size, f.Link = 9<<20, true
		}
	}
	fs, _ := runRepo(t, "HY101", r, nil)
	if len(fs) != 1 || fs[0].Path != "big.wav" || !strings.Contains(fs[0].Message, "2.0 MB, over the 500 KB") {
		t.Fatalf("default limit: %s", messages(fs))
	}
	if fs, _ := runRepo(t, "HY101", r, checks.Options{"max-kb": int64(4096)}); len(fs) != 0 {
		t.Fatalf("max-kb option ignored: %s", messages(fs))
	}
	// Untracked-but-present files count: what would be committed.
	r.Tracked = nil
	if fs, _ := runRepo(t, "HY101", r, nil); len(fs) != 1 {
		t.Fatalf("untracked large file must be reported: %s", messages(fs))
	}
}

func TestHY102(t *testing.T) {
	runFileCases(t, "HY102", []fileCase{
		{name: "checkpoint", path: "models/model.PT", content: "\x00", want: []string{"*.pt"}},
		{name: "parquet", path: "data/x.parquet", content: "", want: []string{"*.parquet"}},
		{name: "lfs pointer", path: "m.safetensors", content: "version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 1\n"},
		{name: "code", path: "train.py", content: "x"},
		{name: "custom list", path: "a.pt", content: "", opts: checks.Options{"artefacts": []any{"*.onnx"}}},
	})
	c := checkByID(t, "HY102")
	if fs := c.File(&checks.File{Path: "m.ckpt", LFS: true}, checks.Options{}); len(fs) != 0 {
		t.Fatal("LFS file reported")
	}
}

func TestHY104(t *testing.T) {
	runFileCases(t, "HY104", []fileCase{
		{name: "merge", path: "a.py", content: "x = 1\n<<<<<<< HEAD\ny = 2\n=======\ny = 3\n>>>>>>> feature\n", want: []string{"merge-conflict", "merge", "merge"}, lines: []int{2, 4, 6}},
		{name: "diff3", path: "a.py", content: "<<<<<<< ours\na\n||||||| base\nb\n=======\nc\n>>>>>>> theirs\n", lines: []int{1, 3, 5, 7}, want: []string{"m", "m", "m", "m"}},
		{name: "crlf", path: "a.py", content: "<<<<<<< HEAD\r\n=======\r\n>>>>>>> x\r\n", want: []string{"m", "m", "m"}},
		{name: "rst underline", path: "docs/a.rst", content: "Title\n=======\n\nText\n"},
		{name: "eight chars", path: "a.md", content: "<<<<<<<< not a marker\n>>>>>>>>\n"},
		{name: "indented", path: "a.md", content: "    <<<<<<< HEAD\n"},
		{name: "bare closing", path: "a.txt", content: ">>>>>>>\n", want: []string{"m"}},
	})
	if fs := checkByID(t, "HY104").File(&checks.File{Path: "a.bin", Binary: true}, nil); fs != nil {
		t.Fatal("binary file scanned")
	}
}

// BenchmarkConflictScan measures the marker scanner on a worst case at two sizes;
// `make bench` shows ns/op growing 4x for 4x the input (linear).
func BenchmarkConflictScan(b *testing.B) {
	for _, pairs := range []int{20000, 80000} {
		data := []byte(strings.Repeat("<<<<<<< HEAD\n=======\n", pairs))
		b.Run(fmt.Sprintf("pairs=%d", pairs), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if got := len(conflictMarkers(data)); got != 2*pairs {
					b.Fatalf("found %d markers, want %d", got, 2*pairs)
				}
			}
		})
	}
}

func TestHY105(t *testing.T) {
	runFileCases(t, "HY105", []fileCase{
		{name: "toml ok", path: "a.toml", content: "a = 1\n[b]\nc = \"d\"\n"},
		{name: "toml bad", path: "cfg/a.toml", content: "a = 1\nb = \n", want: []string{"invalid TOML"}, lines: []int{2}},
		{name: "toml duplicate", path: "a.toml", content: "a = 1\na = 2\n", want: []string{"invalid TOML"}, lines: []int{2}},
		{name: "yaml ok", path: "a.yaml", content: "a: 1\nb:\n  - c\n---\nd: 2\n"},
		{name: "mkdocs tags", path: "mkdocs.yml", content: "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\nx: !reference [a, b]\ny: !ENV HOME\n"},
		{name: "yaml bad", path: "a.yml", content: "a: 1\nb: [1, 2\nc: 3\n", want: []string{"invalid YAML"}},
		{name: "yaml tab", path: "a.yml", content: "a:\n\tb: 1\n", want: []string{"invalid YAML"}, lines: []int{2}},
		{name: "yaml duplicate", path: "a.yml", content: "a: 1\nb: 2\na: 3\n", want: []string{"already defined"}, lines: []int{3}},
		{name: "json ok", path: "a.json", content: "{\"a\": [1, {\"b\": null}]}\n"},
		{name: "json bad", path: "a.json", content: "{\n  \"a\": 1,\n}\n", want: []string{"invalid JSON"}, lines: []int{3}},
		{name: "json duplicate", path: "a.json", content: "{\n  \"a\": {\"x\": 1, \"y\": 2},\n  \"a\": 2\n}\n", want: []string{`duplicate key "a"`}, lines: []int{3}},
		{name: "json nested duplicate", path: "a.json", content: "[{\"x\": 1}, {\"x\": 1, \"x\": 2}]", want: []string{`duplicate key "x"`}},
		{name: "json same key different objects", path: "a.json", content: "{\"a\": {\"k\": 1}, \"b\": {\"k\": 2}, \"k\": 3}"},
		{name: "devcontainer jsonc", path: ".devcontainer/devcontainer.json", content: "{\n  // comment\n  \"name\": \"x\", /* c */\n  \"features\": {},\n}\n"},
		{name: "vscode jsonc", path: ".vscode/settings.json", content: "{\"a\": 1,}"},
		{name: "tsconfig jsonc", path: "web/tsconfig.base.json", content: "{\"a\": 1, // x\n}"},
		{name: "jsonc bad", path: ".vscode/launch.json", content: "{\n  // c\n  \"a\": ,\n}\n", want: []string{"invalid JSON"}, lines: []int{3}},
		{name: "plain json with comment", path: "package.json", content: "{\n// no\n}\n", want: []string{"invalid JSON"}, lines: []int{2}},
		{name: "other", path: "a.txt", content: "{"},
		{name: "helm template", path: "chart/templates/dep.yaml", content: "a: {{ .Values.x }\n"},
		{name: "cookiecutter path", path: "{{cookiecutter.name}}/pyproject.toml", content: "name = {{ x }}\n"},
		{name: "yaml in templates without braces", path: "templates/a.yaml", content: "a: [\n", want: []string{"invalid YAML"}},
	})
}

func TestHY106(t *testing.T) {
	runFileCases(t, "HY106", []fileCase{
		{name: "clean", path: "a.py", content: "a = 1\n"},
		{name: "empty", path: "a.py", content: ""},
		{name: "no eol", path: "a.py", content: "a\nb", want: []string{"no newline"}, lines: []int{2}},
		{name: "extra blank lines", path: "a.py", content: "a\n\n\n", want: []string{"2 blank line"}},
		{name: "trailing", path: "a.py", content: "a \nb\t\nc\n", want: []string{"trailing", "trailing"}, lines: []int{1, 2}},
		{name: "markdown hard break", path: "README.md", content: "line  \nnext\n"},
		{name: "markdown three spaces", path: "README.md", content: "line   \nnext\n", want: []string{"trailing"}},
		{name: "markdown blank spaces", path: "README.md", content: "a\n  \nb\n", want: []string{"trailing"}},
		{name: "mixed", path: "a.txt", content: "a\r\nb\nc\r\n", want: []string{"mixed line endings (2 CRLF, 1 LF)"}},
		{name: "crlf only", path: "a.bat", content: "a\r\nb\r\n"},
		{name: "bom", path: "a.py", content: "\ufeffa = 1\n", want: []string{"byte-order mark"}},
		{name: "patch", path: "x.patch", content: "- a \n"},
	})
}

func TestHY106Fix(t *testing.T) {
	cases := []struct{ path, in, want string }{
		{"a.py", "\ufeffa = 1   \nb\t\n\n\n", "a = 1\nb\n"},
		{"a.txt", "a\r\nb\nc\r\n", "a\r\nb\r\nc\r\n"},
		{"a.txt", "a\r\nb\n", "a\nb\n"},
		{"README.md", "hard  \nthree   \n  \nend", "hard  \nthree\n\nend\n"},
		{"a.py", "ok\n", ""},
	}
	c := checkByID(t, "HY106")
	for _, tc := range cases {
		out, changed := c.Fix(&checks.File{Path: tc.path, Data: []byte(tc.in)}, checks.Options{})
		if tc.want == "" {
			if changed {
				t.Errorf("%q: unexpected change", tc.in)
			}
			continue
		}
		if !changed || string(out) != tc.want {
			t.Errorf("fix(%q) = %q, want %q", tc.in, out, tc.want)
		}
		if fs := c.File(&checks.File{Path: tc.path, Data: out}, nil); len(fs) != 0 {
			t.Errorf("after fix: %s", messages(fs))
		}
	}
}

func TestHY107(t *testing.T) {
	runRepoCases(t, "HY107", []repoCase{
		{name: "ok", files: map[string]string{"a/b.py": "", "a/c.py": ""}},
		{name: "case files", files: map[string]string{"README.md": "", "readme.md": ""}, want: []string{"differ only in case"}},
		{name: "case dirs", files: map[string]string{"Data/a.csv": "", "data/b.csv": "", "data/c.csv": ""}, want: []string{`"Data" and "data"`}},
		{name: "reserved", files: map[string]string{"docs/aux.py": "", "con": "", "lpt1.txt": ""}, want: []string{"reserved", "reserved", "reserved"}},
		{name: "chars", files: map[string]string{"a:b.txt": "", "trailing.": ""}, want: []string{"forbids", "ends with"}},
		{name: "com10 fine", files: map[string]string{"com10.txt": "", "console.py": ""}},
	})
}

func TestHY108(t *testing.T) {
	c := checkByID(t, "HY108")
	cases := []struct {
		name    string
		file    checks.File
		wantMsg string
	}{
		{"exec with shebang", checks.File{Path: "run.sh", Data: []byte("#!/bin/sh\n"), Exec: true}, ""},
		{"exec without", checks.File{Path: "run.sh", Data: []byte("echo\n"), Exec: true}, "no shebang"},
		{"shebang not exec", checks.File{Path: "tool.py", Data: []byte("#!/usr/bin/env python\n")}, "not executable"},
		{"rust attribute", checks.File{Path: "lib.rs", Data: []byte("#![allow(x)]\n")}, ""},
		{"plain", checks.File{Path: "a.py", Data: []byte("x\n")}, ""},
		{"binary exec", checks.File{Path: "bin/tool", Binary: true, Exec: true}, ""},
		{"good link", checks.File{Path: "latest", Link: true, LinkTarget: "v2"}, ""},
		{"broken link", checks.File{Path: "latest", Link: true, LinkTarget: "v3", LinkBroken: true}, `link to "v3" is broken`},
	}
	for _, tc := range cases {
		fs := c.File(&tc.file, nil)
		validate(t, "HY108", fs)
		if tc.wantMsg == "" && len(fs) != 0 || tc.wantMsg != "" && (len(fs) != 1 || !strings.Contains(fs[0].Message, tc.wantMsg)) {
			t.Errorf("%s: %s", tc.name, messages(fs))
		}
	}
}

func TestHY110(t *testing.T) {
	runRepoCases(t, "HY110", []repoCase{
		{name: "ok", files: map[string]string{"src/a.py": "", "venv.py": "", "docs/wandb.md": ""}},
		{
			name: "junk", files: map[string]string{"src/__pycache__/a.pyc": "", "src/__pycache__/b.pyc": "", ".venv/bin/python": "", "x.egg-info/PKG-INFO": "", ".DS_Store": "", "wandb/run/x": "", "nb/.ipynb_checkpoints/a.ipynb": "", "mlruns/0/m": ""},
			want: []string{".DS_Store is tracked", ".venv/ is tracked", "mlruns/", ".ipynb_checkpoints/", "src/__pycache__/ is tracked (2 files); run `git rm -r --cached src/__pycache__`", "wandb/", "x.egg-info/"},
		},
		{name: "venv layout", files: map[string]string{"venv/bin/activate": "", "venv/README.md": ""}, want: []string{"venv/"}},
	})
	r := memRepo(t, map[string]string{".venv/bin/python": ""})
	r.Tracked = nil
	if fs, _ := runRepo(t, "HY110", r, nil); len(fs) != 0 {
		t.Fatalf("untracked junk in a git repo is fine: %s", messages(fs))
	}
}

func FuzzConflictMarkers(f *testing.F) {
	f.Add([]byte("<<<<<<< HEAD\na\n||||||| base\n=======\n>>>>>>> x\n"))
	f.Add([]byte("=======\n"))
	f.Add([]byte("\r\n\r\r\n<<<<<<<"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps := conflictMarkers(data)
		lines := strings.Count(string(data), "\n") + 1
		prev := 0
		for _, p := range ps {
			if p.Line <= prev || p.Line > lines {
				t.Fatalf("bad line %d (prev %d, lines %d)", p.Line, prev, lines)
			}
			prev = p.Line
		}
	})
}

// Documents over 4 MB take the streaming path; it must agree with the tree.
func TestHY105LargeJSON(t *testing.T) {
	big := "{\"pad\": \"" + strings.Repeat("x", 5<<20) + "\",\n\"a\": 1,\n\"a\": 2}\n"
	fs := runFile(t, "HY105", "big.json", big, nil)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, `duplicate key "a"`) || fs[0].Line != 3 {
		t.Fatalf("large duplicate: %s", messages(fs))
	}
	fs = runFile(t, "HY105", "big.json", big[:len(big)-3], nil)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "invalid JSON") {
		t.Fatalf("large truncated: %s", messages(fs))
	}
	if fs := runFile(t, "HY105", "big.json", strings.Replace(big, `"a": 2`, `"b": 2`, 1), nil); len(fs) != 0 {
		t.Fatalf("large valid: %s", messages(fs))
	}
}
