package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/config"
	"github.com/mlinit/mlinit/checks/native"
	"github.com/mlinit/mlinit/internal/benchcorpus"
)

// A cached run must report exactly what a full run reports; these tests
// compare the two on the same tree, and change the tree under the cache in
// every way that must invalidate an entry.

func requireCache(t *testing.T) {
	t.Helper()
	if !cacheSupported {
		t.Skip("the results cache needs inode numbers and change times (off on this OS)")
	}
}

// reportJSON renders what a reporter would see of a run, for comparison.
func reportJSON(t *testing.T, rep *Report) string {
	t.Helper()
	type result struct {
		ID       string
		Status   string
		Reason   string
		Findings []checks.Finding
	}
	out := struct {
		Results    []result
		Suppressed int
		Files      int
		Errors     []string
	}{Suppressed: rep.Suppressed, Files: rep.Files, Errors: rep.Errors}
	for _, r := range rep.Results {
		fs := r.Findings
		for i := range fs {
			fs[i].Severity = max(fs[i].Severity, 0)
		}
		out.Results = append(out.Results, result{ID: r.Check.ID, Status: r.Status.String(), Reason: r.Reason, Findings: fs})
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cachedRun runs every native check on dir with the cache in cacheDir.
func cachedRun(t *testing.T, dir, cacheDir string, now time.Time, tweak func(*Options)) *Report {
	t.Helper()
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{
		Root: dir, Checks: native.All(), Config: cfg, Files: true, Repo: true,
		CacheDir: cacheDir, CacheSalt: "test", Now: func() time.Time { return now },
	}
	if tweak != nil {
		tweak(&opts)
	}
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// later is a clock far enough past the fixtures' timestamps that no entry is racy.
func later() time.Time { return time.Now().Add(time.Hour) }

func cacheEntries(t *testing.T, cacheDir string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(cacheDir, cacheFileName))
	if err != nil {
		return -1
	}
	d := &cacheReader{data: data}
	d.bytes(len(cacheMagic) + 1 + 32)
	for n := d.count(); n > 0; n-- {
		d.string()
	}
	return d.count()
}

func TestCachedRunEqualsFullRunOnCorpus(t *testing.T) {
	requireCache(t)
	dir := filepath.Join(t.TempDir(), "corpus")
	if _, err := benchcorpus.Generate(benchcorpus.Options{Dir: dir, Files: 600, Bytes: 6 << 20}); err != nil {
		t.Fatal(err)
	}
	// Inline suppressions must be carried by the cache too.
	writeTree(t, dir, map[string]string{"src/suppressed.py": "x = 1  # mlinit: ignore[HY106] kept on purpose   \n"})
	cacheDir := filepath.Join(t.TempDir(), "cache")
	full := reportJSON(t, cachedRun(t, dir, "", later(), nil))
	first := reportJSON(t, cachedRun(t, dir, cacheDir, later(), nil))
	if n := cacheEntries(t, cacheDir); n < 600 {
		t.Fatalf("cache holds %d entries after a full run of 601 files", n)
	}
	warm := reportJSON(t, cachedRun(t, dir, cacheDir, later(), nil))
	if first != full || warm != full {
		t.Fatalf("cached runs differ from the full run:\nfull:\n%s\nfirst:\n%s\nwarm:\n%s", full, first, warm)
	}
}

func TestCacheNoticesChanges(t *testing.T) {
	requireCache(t)
	dir := t.TempDir()
	cacheDir := filepath.Join(t.TempDir(), "cache")
	writeTree(t, dir, map[string]string{
		"pyproject.toml":  "[project]\nname = \"p\"\nversion = \"0\"\n",
		"src/p/a.py":      "A = 123\n", // as long as the conflict marker written below
		"src/p/b.py":      "B = 2\n",
		"models/w.pt":     "not really weights\n",
		"conf/train.yaml": "lr: 0.1\n",
	})
	findings := func(rep *Report, id string) []checks.Finding {
		for _, r := range rep.Results {
			if r.Check.ID == id {
				return r.Findings
			}
		}
		return nil
	}
	base := cachedRun(t, dir, cacheDir, later(), nil)
	if len(findings(base, "HY104")) != 0 || len(findings(base, "HY102")) != 1 {
		t.Fatalf("unexpected baseline: %s", reportJSON(t, base))
	}

	// Same size, mtime put back: only the ctime tells, and must.
	p := filepath.Join(dir, "src/p/a.py")
	fi, _ := os.Stat(p)
	if err := os.WriteFile(p, []byte("<<<<<<<\n"), 0o644); err != nil { //nolint:gosec // fixture
		t.Fatal(err)
	}
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got := findings(cachedRun(t, dir, cacheDir, later(), nil), "HY104"); len(got) != 1 {
		t.Errorf("a same-size rewrite with the old mtime went unnoticed: HY104 %v", got)
	}

	// .gitattributes puts the weights under LFS: HY102 depends on it, not on the file.
	writeTree(t, dir, map[string]string{".gitattributes": "*.pt filter=lfs diff=lfs merge=lfs -text\n"})
	if got := findings(cachedRun(t, dir, cacheDir, later(), nil), "HY102"); len(got) != 0 {
		t.Errorf("HY102 still reported after .gitattributes moved *.pt to LFS: %v", got)
	}

	// A severity override changes the fingerprint: nothing old is reused.
	writeTree(t, dir, map[string]string{"pyproject.toml": "[project]\nname = \"p\"\nversion = \"0\"\n\n[tool.mlinit.severity]\nHY104 = \"warning\"\n"})
	got := findings(cachedRun(t, dir, cacheDir, later(), nil), "HY104")
	if len(got) != 1 || got[0].Severity != checks.Warning {
		t.Errorf("severity override not applied to a cached file: %v", got)
	}

	// Deleted files leave the cache.
	before := cacheEntries(t, cacheDir)
	if err := os.Remove(filepath.Join(dir, "src/p/b.py")); err != nil {
		t.Fatal(err)
	}
	cachedRun(t, dir, cacheDir, later(), nil)
	if after := cacheEntries(t, cacheDir); after != before-1 {
		t.Errorf("cache entries %d -> %d after deleting one file", before, after)
	}
}

func TestCacheSkipsRacyFiles(t *testing.T) {
	requireCache(t)
	dir := t.TempDir()
	cacheDir := filepath.Join(t.TempDir(), "cache")
	writeTree(t, dir, map[string]string{"a.py": "A = 1\n", "b.py": "B = 1\n"})
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "a.py"), old, old); err != nil {
		t.Fatal(err)
	}
	// Run "now": b.py was written within the racy window (and its ctime is
	// recent for both), so nothing may be trusted yet.
	cachedRun(t, dir, cacheDir, time.Now(), nil)
	if n := cacheEntries(t, cacheDir); n > 0 {
		t.Errorf("%d entries stored for files changed seconds ago", n)
	}
	cachedRun(t, dir, cacheDir, later(), nil)
	if n := cacheEntries(t, cacheDir); n != 2 {
		t.Errorf("%d entries once the files are old enough, want 2", n)
	}
}

func TestCacheSurvivesCorruptionAndIsLeftAloneWhenFixing(t *testing.T) {
	requireCache(t)
	dir := t.TempDir()
	cacheDir := filepath.Join(t.TempDir(), "cache")
	writeTree(t, dir, map[string]string{"a.py": "A = 1   \n", "b.md": "# t\n"})
	full := reportJSON(t, cachedRun(t, dir, "", later(), nil))
	cachedRun(t, dir, cacheDir, later(), nil)
	data, err := os.ReadFile(filepath.Join(cacheDir, cacheFileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, broken := range [][]byte{data[:len(data)/2], append(bytes.Clone(data), 7), []byte("garbage")} {
		if err := os.WriteFile(filepath.Join(cacheDir, cacheFileName), broken, 0o600); err != nil {
			t.Fatal(err)
		}
		if got := reportJSON(t, cachedRun(t, dir, cacheDir, later(), nil)); got != full {
			t.Fatalf("run with a corrupt cache differs:\n%s\nwant:\n%s", got, full)
		}
	}
	// --fix neither trusts nor writes the cache.
	if err := os.RemoveAll(cacheDir); err != nil {
		t.Fatal(err)
	}
	rep := cachedRun(t, dir, cacheDir, later(), func(o *Options) { o.Fix = true })
	if len(rep.Fixes) == 0 {
		t.Fatalf("no fix applied: %s", reportJSON(t, rep))
	}
	if _, err := os.Stat(cacheDir); !os.IsNotExist(err) {
		t.Errorf("--fix wrote the cache (stat: %v)", err)
	}
}

func TestCacheDirectoryIgnoresItself(t *testing.T) {
	requireCache(t)
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": "A = 1\n"})
	cacheDir := filepath.Join(dir, CacheDirName)
	cachedRun(t, dir, cacheDir, later(), nil)
	gi, err := os.ReadFile(filepath.Join(cacheDir, ".gitignore"))
	if err != nil || !bytes.Contains(gi, []byte("\n*\n")) {
		t.Fatalf(".gitignore in the cache: %q, %v", gi, err)
	}
	// The walk (and git) then leave the cache out of the listing.
	l, err := walkList(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range l.Paths {
		if filepath.Dir(p) == CacheDirName {
			t.Errorf("listing holds %s", p)
		}
	}
}

func FuzzDecodeCache(f *testing.F) {
	entries := []*cacheEntry{
		{
			path: "a.py", id: statID{Dev: 1, Ino: 2, Size: 3, Mtime: 4, Ctime: 5, Mode: 0o100644}, flags: flagChecked, suppressed: 1,
			findings: []cachedFinding{
				{check: 0, Finding: checks.Finding{CheckID: "HY104", Path: "a.py", Line: 2, Column: 1, Severity: checks.Error, Message: "m"}},
				{check: 1, Finding: checks.Finding{CheckID: "XX999", Path: "other.py", Severity: checks.Warning, Message: "elsewhere"}},
			},
		},
		{path: "b.bin", flags: flagBinary},
	}
	var fp [32]byte
	ids := []string{"HY104", "HY106"}
	f.Add(encodeCache(entries, fp, ids))
	f.Add([]byte(cacheMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodeCache(data, fp, ids)
		if err != nil {
			return
		}
		// Whatever decodes must survive a round trip unchanged.
		again, err := decodeCache(encodeCache(got, fp, ids), fp, ids)
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("round trip changed the entries (err %v):\n%+v\n%+v", err, got, again)
		}
	})
}
