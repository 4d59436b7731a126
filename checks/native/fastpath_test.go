package native

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/internal/tomlfast"
)

// The text checks run on every file of the tree, so each has a cheap
// pre-test that settles the common case. These tests hold each pre-test to
// the full scan it stands in front of: a pre-test may only ever say "nothing
// here" when the full scan agrees.

func fastpathSeeds() []string {
	return []string{
		"",
		"\n",
		"x = 1\n",
		"x = 1",
		"x = 1  \n",
		"x = 1\t\n",
		"a\r\nb\n",
		"a\r\nb\r\n",
		"a\n\n",
		"\xEF\xBB\xBFa\n",
		"hard  \nbreak\n",
		"<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n",
		"<<<<<<<\r\n=======\r\n>>>>>>>\r\n",
		"text\n|||||||\n",
		"x <<<<<<< not at line start\n",
		"=======\nunderline\n",
		"-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n",
		"BEGIN nothing\n",
		"PuTTY-User-Key-File-2: ssh-rsa\n",
		"key = \"AKIAQWERTYUIOPASDFGH\"\n",
		"AKIAKIAQWERTYUIOPASDFGHJ\n",
		"A3TXQWERTYUIOPASDFGHJ A3T\n",
		"token ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ ghs_ ghp_\n",
		"github_pat_" + strings.Repeat("aB3", 28) + "\n",
		"HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH\n",
		"sk-ant-api03-" + strings.Repeat("xY9_", 22) + "\n",
		"sk-proj-" + strings.Repeat("aZ", 12) + "T3BlbkFJ" + strings.Repeat("Qw", 12) + "\n",
		"pypi-AgEIcHlwaS5vcmc" + strings.Repeat("Ab1", 20) + "\n",
		"xoxb-1234567890-abcdefghij xoxoxo\n",
		"https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n",
		"WANDB_API_KEY=" + strings.Repeat("0a1b2c3d4e", 4) + "\n",
		"wandb.login(key='" + strings.Repeat("9f8e7d6c5b", 4) + "')\n",
		"lr: 0.1\nlayers: [1, 2]\nname: run\n",
		"a: [1, 2\nb: 3\n",
		"stage0:\n  lr: 1\nstage0:\n  lr: 2\n",
		"pattern: a" + strings.Repeat("[", 201) + "\n",
		"defaults:\n  - base\n  - _self_\nrun: |\n  echo hi\n",
		"[tool.x]\na = 1\n[tool.x]\nb = 2\n",
		"[[run]]\nlr = 0.1\n[[run]]\nlr = 0.2\nlr = 0.3\n",
		"name = \"x\"\nname.first = 1\n",
	}
}

// findingsOf runs one file check on a file built from path and data.
func findingsOf(fn func(*checks.File, checks.Options) []checks.Finding, path string, data []byte) []checks.Finding {
	return fn(&checks.File{Path: path, Data: data}, checks.Options{})
}

func assertPrefiltersAgree(t *testing.T, e *env, data []byte) {
	t.Helper()
	if got, want := conflictMarkers(data), scanConflictMarkers(data); !reflect.DeepEqual(got, want) {
		t.Fatalf("conflictMarkers(%q) = %v, full scan %v", data, got, want)
	}
	for _, p := range []string{"a.py", "README.md"} {
		if whitespaceClean(data) {
			if fs := whitespaceFindings(&checks.File{Path: p, Data: data}); len(fs) > 0 {
				t.Fatalf("whitespaceClean(%q) but %s has %v", data, p, fs)
			}
		}
	}
	if !containsAny(data, e.keyHints) {
		if offs := privateKeys(data, e.keyHeaders); len(offs) > 0 {
			t.Fatalf("no key hint in %q but headers at %v", data, offs)
		}
	}
	_, full := parseYAML(data)
	if fast := yamlProblem(&checks.File{Path: "c.yaml", Data: data}); (fast == nil) != (full == nil) || (fast != nil && *fast != *full) {
		t.Fatalf("yamlProblem(%q) = %v, full parse %v", data, fast, full)
	}
	if _, err := parseTOML(data); err != nil && tomlfast.Clean(data) {
		t.Fatalf("tomlfast.Clean(%q) but the full parse fails: %v", data, err)
	}
	found := e.secrets.literalOccurrences(data)
	if found == nil {
		found = e.secrets.emptyFound()
	}
	for ri, r := range e.secrets.rules {
		got := e.secrets.windows(data, found, ri)
		want := literalWindowsReference(data, r.literals, r.back)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("rule %s on %q: windows %v, per-literal search gives %v", r.name, data, got, want)
		}
	}
}

// literalWindowsReference searches each literal on its own, left to right
// without overlaps, as HY202 did before literals shared anchors.
func literalWindowsReference(data []byte, lits []string, back int) [][2]int {
	var occ []int
	for _, l := range lits {
		for off := 0; off < len(data); {
			i := bytes.Index(data[off:], []byte(l))
			if i < 0 {
				break
			}
			occ = append(occ, off+i)
			off += i + len(l)
		}
	}
	if len(occ) == 0 {
		return nil
	}
	sort.Ints(occ)
	var ws [][2]int
	for _, o := range occ {
		a, b := max(0, o-back), min(len(data), o+maxTokenLen)
		if n := len(ws); n > 0 && a <= ws[n-1][1] {
			ws[n-1][1] = max(ws[n-1][1], b)
			continue
		}
		ws = append(ws, [2]int{a, b})
	}
	return ws
}

func TestTextPrefiltersAgreeWithFullScans(t *testing.T) {
	e := newEnv()
	seeds := fastpathSeeds()
	for _, a := range seeds {
		assertPrefiltersAgree(t, e, []byte(a))
		for _, b := range seeds {
			assertPrefiltersAgree(t, e, []byte(a+b))
		}
	}
}

func TestTextPrefiltersStillReport(t *testing.T) {
	e := newEnv()
	cases := []struct {
		check func(*checks.File, checks.Options) []checks.Finding
		path  string
		data  string
		want  int
	}{
		{hy104, "a.py", "<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n", 3},
		{hy106, "a.py", "x = 1  \n", 1},
		{hy106, "a.md", "hard  \nbreak\n", 0},
		{hy106, "a.py", "a\n\n", 1},
		{e.hy201, "k.txt", "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n", 1},
		{e.hy202, "a.py", "tok = 'ghp_" + "aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6'\n", 1},
		{e.hy202, "a.py", "k = 'AKIA" + "QWERTYUIOPASDFGH'\n", 1},
	}
	for _, c := range cases {
		if got := findingsOf(c.check, c.path, []byte(c.data)); len(got) != c.want {
			t.Errorf("%s %q: %d findings %v, want %d", c.path, c.data, len(got), got, c.want)
		}
	}
}

func FuzzTextPrefilters(f *testing.F) {
	for _, s := range fastpathSeeds() {
		f.Add([]byte(s))
	}
	e := newEnv()
	f.Fuzz(func(t *testing.T, data []byte) {
		assertPrefiltersAgree(t, e, data)
	})
}

func TestArtefactPatternMatchesGlob(t *testing.T) {
	pats := append(defaultArtefacts(), "*.PT", "models/*.bin", "**/weights/*", "*.tar.gz", "data?.csv", "[ab].npy", "*")
	paths := []string{
		"model.pt", "Model.PT", "a/b/model.pth", ".pt", "x.pt.txt", "models/w.bin", "other/models/w.bin",
		"deep/weights/x", "a.tar.gz", "data1.csv", "a.npy", "c.npy", "README.md", "dir.pt/file", "UPPER/CASE.ONNX",
	}
	for i := 1; i <= len(pats); i++ {
		for _, p := range paths {
			got, gotOK := newArtefactSet(pats[:i]).match(p)
			want, wantOK := "", false
			for _, pat := range pats[:i] {
				if globMatch(strings.ToLower(pat), strings.ToLower(p)) {
					want, wantOK = pat, true
					break
				}
			}
			if got != want || gotOK != wantOK {
				t.Errorf("artefactSet(%v, %q) = %q %v, glob loop %q %v", pats[:i], p, got, gotOK, want, wantOK)
			}
		}
	}
}

// windowsIllegalByUpper is windowsIllegal as first written (upper-casing the
// whole name), the reference for the allocation-free version.
func windowsIllegalByUpper(name string) string {
	if strings.ContainsAny(name, `<>:"\|?*`) {
		return `contains a character Windows forbids (<>:"\|?*)`
	}
	for _, c := range name {
		if c < 32 {
			return "contains a control character"
		}
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return "ends with a dot or a space"
	}
	stem := strings.ToUpper(name)
	if i := strings.IndexByte(stem, '.'); i >= 0 {
		stem = stem[:i]
	}
	stem = strings.TrimRight(stem, " ")
	switch stem {
	case "CON", "PRN", "AUX", "NUL":
		return "is a reserved device name"
	}
	if len(stem) == 4 && (strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT")) && stem[3] >= '0' && stem[3] <= '9' {
		return "is a reserved device name"
	}
	return ""
}

func FuzzWindowsIllegal(f *testing.F) {
	for _, s := range []string{"con", "Con.txt", "nul ", "com1", "LPT9.log", "com10", "aux .x", "a:b", "x\x01", "ok", "ſtuff", "ıom1", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if got, want := windowsIllegal(name), windowsIllegalByUpper(name); got != want {
			t.Fatalf("windowsIllegal(%q) = %q, reference %q", name, got, want)
		}
	})
}

// junkRootBySplit is junkRoot as first written, the reference for the
// in-place walk.
func junkRootBySplit(p string) (string, string) {
	parts := strings.Split(p, "/")
	for i, part := range parts {
		isDir := i < len(parts)-1
		root := strings.Join(parts[:i+1], "/")
		rest := parts[i+1:]
		venv := len(rest) > 0 && (rest[0] == "bin" || rest[0] == "lib" || rest[0] == "Lib" || rest[0] == "Scripts" || rest[0] == "pyvenv.cfg")
		switch {
		case isDir && (part == "__pycache__" || part == ".venv" || part == "venv" && venv ||
			part == ".ipynb_checkpoints" || part == "mlruns" || part == "wandb" || part == ".mypy_cache" ||
			part == ".pytest_cache" || part == ".ruff_cache" || part == "lightning_logs" || part == ".tox" || part == ".nox"):
			return root + "/", part
		case isDir && strings.HasSuffix(part, ".egg-info"):
			return root + "/", "*.egg-info"
		case !isDir && (part == ".DS_Store" || part == "Thumbs.db" || strings.HasSuffix(part, ".pyc") || strings.HasSuffix(part, ".pyo")):
			return root, part
		}
	}
	return "", ""
}

func FuzzJunkRoot(f *testing.F) {
	for _, p := range []string{"a/__pycache__/x.pyc", "venv/bin/python", "venv/x", "src/venv", "pkg.egg-info/PKG-INFO", ".DS_Store", "a//b", "/a", "a/", "", "x/mlruns/0/meta.yaml", "m.pyo"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		r1, k1 := junkRoot(p)
		r2, k2 := junkRootBySplit(p)
		if r1 != r2 || k1 != k2 {
			t.Fatalf("junkRoot(%q) = %q %q, reference %q %q", p, r1, k1, r2, k2)
		}
	})
}

// hy107Reference is HY107 as first written: every prefix of every path.
func hy107Reference(r *checks.Repo) []checks.Finding {
	var out []checks.Finding
	seen := map[string]string{}
	reported := map[string]bool{}
	var names []string
	for _, f := range r.Files {
		names = append(names, f.Path)
	}
	sort.Strings(names)
	for _, p := range names {
		parts := strings.Split(p, "/")
		for i := range parts {
			sub := strings.Join(parts[:i+1], "/")
			low := strings.ToLower(sub)
			if prev, ok := seen[low]; ok && prev != sub && !reported[low] {
				reported[low] = true
				out = append(out, finding("HY107", sub, 0, 0,
					fmt.Sprintf("%q and %q differ only in case; they collide on macOS and Windows — rename one", prev, sub)))
			} else if !ok {
				seen[low] = sub
			}
		}
		for _, part := range parts {
			if msg := windowsIllegal(part); msg != "" {
				out = append(out, finding("HY107", p, 0, 0, fmt.Sprintf("path component %q %s; Windows cannot check it out — rename it", part, msg)))
				break
			}
		}
	}
	return out
}

func FuzzHY107(f *testing.F) {
	f.Add("a/b.py\nA/c.py\nREADME.md\nreadme.md\ncon/x\ncon/y\nd/aux.txt\nd/e\nx//y\n/lead\nsrc/Pkg/a\nsrc/pkg/b\nsrc/pkg/c")
	f.Add("docs/CON.md\ndocs/con.md\ndocs/sub/a\nz")
	f.Fuzz(func(t *testing.T, list string) {
		r := &checks.Repo{}
		seen := map[string]bool{}
		for p := range strings.SplitSeq(list, "\n") {
			if !seen[p] {
				seen[p] = true
				r.Files = append(r.Files, &checks.File{Path: p})
			}
		}
		got, _ := hy107(r, checks.Options{})
		if want := hy107Reference(r); !reflect.DeepEqual(got, want) {
			t.Fatalf("hy107 on %q:\n%v\nreference:\n%v", list, got, want)
		}
	})
}
