package native

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

// TestPoetryContentHashMatchesPoetry compares against hashes computed by
// poetry's own Locker._get_content_hash (poetry 2.5.1, see
// testdata/rx002/hashcases/expected.json and the script in the README there).
func TestPoetryContentHashMatchesPoetry(t *testing.T) {
	raw, err := os.ReadFile("testdata/rx002/hashcases/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]struct {
		Hash              string `json:"hash"`
		HashWithoutGroups string `json:"hash_without_groups"`
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("no expectations")
	}
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata/rx002/hashcases", name))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := parseTOML(data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := poetryContentHash(doc, true)
			if err != nil {
				t.Fatal(err)
			}
			if got != w.Hash {
				t.Errorf("hash = %s, poetry computed %s", got, w.Hash)
			}
			got, _ = poetryContentHash(doc, false)
			if got != w.HashWithoutGroups {
				t.Errorf("hash without groups = %s, poetry computed %s", got, w.HashWithoutGroups)
			}
		})
	}
}

// TestRX002RealLocks runs RX002 on lockfiles written by real `poetry lock`
// (2.2.1 and 2.5.1) and `uv lock` (0.13.9): fresh as generated, stale after
// an edit to pyproject.toml.
func TestRX002RealLocks(t *testing.T) {
	edits := []struct {
		name      string
		old, new  string
		wantStale string // substring of the finding; "" = expect fresh
	}{
		{"fresh", "", "", ""},
		{"dep added", `"packaging>=24.0"`, `"packaging>=24.0", "rich>=13"`, "stale"},
		{"spec changed", `packaging>=24.0`, `packaging>=25.0`, "stale"},
	}
	for _, dir := range []string{"poetry25", "poetry22pep621", "uvproj"} {
		for _, ed := range edits {
			t.Run(dir+"/"+ed.name, func(t *testing.T) {
				r := dirRepo(t, "rx002/"+dir)
				if ed.old != "" {
					src := string(r.PyprojectRaw)
					if !strings.Contains(src, ed.old) {
						t.Fatalf("fixture lacks %q", ed.old)
					}
					r = replacePyproject(t, r, strings.Replace(src, ed.old, ed.new, 1))
				}
				fs, skip := runRepo(t, "RX002", r, nil)
				if skip != "" {
					t.Fatalf("skipped: %s", skip)
				}
				if ed.wantStale == "" && len(fs) > 0 {
					t.Fatalf("fresh lock reported stale:\n%s", messages(fs))
				}
				if ed.wantStale != "" && (len(fs) == 0 || !strings.Contains(messages(fs), ed.wantStale)) {
					t.Fatalf("stale lock not reported (got %q)", messages(fs))
				}
				for _, f := range fs {
					if f.Line == 0 {
						t.Errorf("finding without a line: %+v", f)
					}
				}
			})
		}
	}
}

func TestRX002LegacyPoetry(t *testing.T) {
	r := dirRepo(t, "rx002/poetry22legacy")
	if fs, skip := runRepo(t, "RX002", r, nil); skip != "" || len(fs) != 0 {
		t.Fatalf("fresh legacy lock: skip=%q findings=%s", skip, messages(fs))
	}
	r = replacePyproject(t, r, strings.Replace(string(r.PyprojectRaw), `ruff = "0.7.0"`, `ruff = "0.7.1"`, 1))
	if fs, _ := runRepo(t, "RX002", r, nil); len(fs) != 1 || fs[0].Path != "poetry.lock" {
		t.Fatalf("group change in legacy project not detected: %s", messages(fs))
	}
}

// A lock written by poetry < 2.3 hashed without [dependency-groups]; poetry
// 2.3+ accepts it through a fallback, and so must we — but only for such locks.
func TestRX002PoetryGroupFallback(t *testing.T) {
	r := dirRepo(t, "rx002/poetry22pep621")
	src := string(r.PyprojectRaw)
	r = replacePyproject(t, r, strings.Replace(src, `dev = ["ruff==0.7.0"]`, `dev = ["ruff==0.8.0"]`, 1))
	if fs, _ := runRepo(t, "RX002", r, nil); len(fs) != 0 {
		t.Fatalf("poetry 2.2 lock ignores groups, must stay fresh: %s", messages(fs))
	}
	r = dirRepo(t, "rx002/poetry25")
	r = replacePyproject(t, r, strings.Replace(string(r.PyprojectRaw), `dev = ["ruff==0.7.0"]`, `dev = ["ruff==0.8.0"]`, 1))
	if fs, _ := runRepo(t, "RX002", r, nil); len(fs) != 1 {
		t.Fatalf("poetry 2.5 lock includes groups, must be stale: %s", messages(fs))
	}
}

func TestRX002UV(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"requires-python", `requires-python = ">=3.10"`, `requires-python = ">=3.11"`, "requires-python"},
		{"group added", `test = ["iniconfig>=2"]`, "test = [\"iniconfig>=2\"]\ndocs = [\"mkdocs\"]", `"docs"`},
		{"group dep removed", `test = ["iniconfig>=2"]`, `test = []`, "no longer declares"},
		{"extra changed", `extra = ["idna>=3.0"]`, `extra = ["idna>=3.1"]`, "idna>=3.1"},
		{"marker kept", `"six>=1.16 ; python_version >= '3.10'"`, `"six >= 1.16; python_version >= '3.10'"`, ""},
		{"name case", `"packaging>=24.0"`, `"Packaging>=24.0"`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := dirRepo(t, "rx002/uvproj")
			src := string(r.PyprojectRaw)
			if !strings.Contains(src, c.old) {
				t.Fatalf("fixture lacks %q", c.old)
			}
			r = replacePyproject(t, r, strings.Replace(src, c.old, c.new, 1))
			fs, _ := runRepo(t, "RX002", r, nil)
			got := messages(fs)
			if c.want == "" && got != "" {
				t.Fatalf("unexpected: %s", got)
			}
			if c.want != "" && !strings.Contains(got, c.want) {
				t.Fatalf("want %q in %q", c.want, got)
			}
		})
	}
}

func TestRX002Skips(t *testing.T) {
	r := memRepo(t, map[string]string{"pyproject.toml": "[project]\nname='x'\n"})
	if _, skip := runRepo(t, "RX002", r, nil); skip == "" {
		t.Fatal("no lockfile must skip")
	}
	r = memRepo(t, map[string]string{"pyproject.toml": "[project]\nname='x'\n", "poetry.lock": "[[package]\n"})
	fs, _ := runRepo(t, "RX002", r, nil)
	if len(fs) != 1 || fs[0].Line == 0 {
		t.Fatalf("broken lock must be a located finding: %s", messages(fs))
	}
}

func replacePyproject(t *testing.T, r *checks.Repo, src string) *checks.Repo {
	t.Helper()
	files := map[string]string{}
	for _, f := range r.Files {
		files[f.Path] = string(f.Data)
	}
	files["pyproject.toml"] = src
	return memRepo(t, files)
}

// uvrich: extras on a dependency, a [tool.uv.sources] path dependency, a
// marker, a non-normalised extra and group name, include-group and "~=".
func TestRX002UVRich(t *testing.T) {
	r := dirRepo(t, "rx002/uvrich")
	if fs, skip := runRepo(t, "RX002", r, nil); skip != "" || len(fs) != 0 {
		t.Fatalf("fresh uv.lock reported: skip=%q %s", skip, messages(fs))
	}
	src := string(r.PyprojectRaw)
	stale := replacePyproject(t, r, strings.Replace(src, `Lint = ["ruff==0.7.0"]`, `Lint = ["ruff==0.8.0"]`, 1))
	fs, _ := runRepo(t, "RX002", stale, nil)
	got := messages(fs)
	if !strings.Contains(got, `dependency group "lint"`) || !strings.Contains(got, `dependency group "dev"`) {
		t.Fatalf("an included group's change must make both groups stale: %s", got)
	}
	stale = replacePyproject(t, r, strings.Replace(src, `"requests[socks] >= 2.31"`, `"requests >= 2.31"`, 1))
	if fs, _ := runRepo(t, "RX002", stale, nil); !strings.Contains(messages(fs), "requests[socks]") {
		t.Fatalf("dropped extra not detected: %s", messages(fs))
	}
}
