package selfupdate_test

import (
	"archive/tar"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mlinit/mlinit/internal/selfupdate"
	"github.com/mlinit/mlinit/internal/selfupdate/selfupdatetest"
)

func TestProductionKeysParse(t *testing.T) {
	keys := selfupdate.ProductionKeys()
	if len(keys) == 0 {
		t.Fatal("no production keys")
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if k.ID != selfupdate.KeyID(k.Public) || seen[k.ID] {
			t.Errorf("key %s: bad or duplicate id", k.ID)
		}
		seen[k.ID] = true
	}
}

func TestParseChecksums(t *testing.T) {
	const sum = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	good := []string{
		sum + "  mlinit_0.2.0_linux_amd64.tar.gz\n",
		sum + " *mlinit_0.2.0_linux_amd64.tar.gz\r\n\n",
		"\n" + sum + "  mlinit_0.2.0_linux_amd64.tar.gz",
	}
	for _, in := range good {
		got, err := selfupdate.ParseChecksums([]byte(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if _, ok := got["mlinit_0.2.0_linux_amd64.tar.gz"]; !ok || len(got) != 1 {
			t.Errorf("%q: got %v", in, got)
		}
	}
	bad := []string{
		"",
		sum + " mlinit.tar.gz",
		sum[:63] + "  mlinit.tar.gz",
		strings.Replace(sum, "e", "g", 1) + "  mlinit.tar.gz",
		sum + "  ../mlinit.tar.gz",
		sum + "  a\n" + strings.Replace(sum, "e", "f", 1) + "  a\n",
	}
	for _, in := range bad {
		if _, err := selfupdate.ParseChecksums([]byte(in)); err == nil {
			t.Errorf("%q: want an error", in)
		}
	}
}

func TestVerifySignature(t *testing.T) {
	priv, key := selfupdatetest.NewKey()
	otherPriv, otherKey := selfupdatetest.NewKey()
	msg := []byte("checksums")
	line := selfupdate.SignatureLine(priv, msg)

	if k, err := selfupdate.VerifySignature(msg, []byte(line), []selfupdate.Key{key}); err != nil || k.ID != key.ID {
		t.Fatalf("good signature: %v", err)
	}
	// Rotation: a file signed by old and new keys verifies with either.
	both := line + selfupdate.SignatureLine(otherPriv, msg)
	for _, trusted := range [][]selfupdate.Key{{key}, {otherKey}, {key, otherKey}} {
		if _, err := selfupdate.VerifySignature(msg, []byte(both), trusted); err != nil {
			t.Errorf("rotation: %v", err)
		}
	}
	if _, err := selfupdate.VerifySignature([]byte("tampered"), []byte(line), []selfupdate.Key{key}); !errors.Is(err, selfupdate.ErrBadSignature) {
		t.Errorf("tampered message: %v", err)
	}
	if _, err := selfupdate.VerifySignature(msg, []byte(line), []selfupdate.Key{otherKey}); !errors.Is(err, selfupdate.ErrUnknownKey) {
		t.Errorf("unknown key: %v", err)
	}
	for _, sig := range []string{"", "# only a comment\n", "ed25519 " + key.ID + "\n", "ed25519 " + key.ID + " !!!\n"} {
		if _, err := selfupdate.VerifySignature(msg, []byte(sig), []selfupdate.Key{key}); err == nil {
			t.Errorf("%q: want an error", sig)
		}
	}
	// A future algorithm alone is not enough, but does not break parsing.
	if _, err := selfupdate.VerifySignature(msg, []byte("mldsa x y\n"+line), []selfupdate.Key{key}); err != nil {
		t.Errorf("unknown algorithm line: %v", err)
	}
}

func TestCompareVersions(t *testing.T) {
	cases := []struct {
		a, b string
		want int
		ok   bool
	}{
		{"0.1.0", "v0.2.0", -1, true},
		{"v1.10.0", "1.9.9", 1, true},
		{"1.0.0", "1.0.0+meta", 0, true},
		{"1.0.0-rc.1", "1.0.0", -1, true},
		{"1.0.0-alpha", "1.0.0-alpha.1", -1, true},
		{"1.0.0-2", "1.0.0-10", -1, true},
		{"1.0.0-beta", "1.0.0-2", 1, true},
		{"dev", "1.0.0", 0, false},
		{"1.0", "1.0.0", 0, false},
		{"01.0.0", "1.0.0", 0, false},
	}
	for _, c := range cases {
		got, ok := selfupdate.CompareVersions(c.a, c.b)
		if got != c.want || ok != c.ok {
			t.Errorf("CompareVersions(%q, %q) = %d, %v; want %d, %v", c.a, c.b, got, ok, c.want, c.ok)
		}
	}
}

func TestAssetName(t *testing.T) {
	if got := selfupdate.AssetName("v0.2.0", "linux", "arm64"); got != "mlinit_0.2.0_linux_arm64.tar.gz" {
		t.Errorf("got %s", got)
	}
	if got := selfupdate.AssetName("0.2.0", "windows", "amd64"); got != "mlinit_0.2.0_windows_amd64.zip" {
		t.Errorf("got %s", got)
	}
}

func TestExtractBinary(t *testing.T) {
	bin := []byte("binary")
	layout := selfupdatetest.Layout("linux", bin)
	got, err := selfupdate.ExtractBinary("a.tar.gz", selfupdatetest.TarGz(layout), "mlinit", 1<<20)
	if err != nil || string(got) != "binary" {
		t.Fatalf("tar.gz: %q, %v", got, err)
	}
	got, err = selfupdate.ExtractBinary("a.zip", selfupdatetest.Zip(selfupdatetest.Layout("windows", bin)), "mlinit.exe", 1<<20)
	if err != nil || string(got) != "binary" {
		t.Fatalf("zip: %q, %v", got, err)
	}
	withEntry := func(e selfupdatetest.Entry) []selfupdatetest.Entry {
		return append(append([]selfupdatetest.Entry{}, layout...), e)
	}
	bad := map[string][]byte{
		"dotdot":      selfupdatetest.TarGz(withEntry(selfupdatetest.Entry{Name: "../evil", Body: []byte("x")})),
		"nested":      selfupdatetest.TarGz(withEntry(selfupdatetest.Entry{Name: "completions/../../evil", Body: []byte("x")})),
		"absolute":    selfupdatetest.TarGz(withEntry(selfupdatetest.Entry{Name: "/etc/evil", Body: []byte("x")})),
		"duplicate":   selfupdatetest.TarGz(withEntry(selfupdatetest.Entry{Name: "./mlinit", Body: []byte("x")})),
		"missing":     selfupdatetest.TarGz(layout[1:]),
		"symlink":     selfupdatetest.TarGz([]selfupdatetest.Entry{{Name: "mlinit", Body: []byte("/bin/sh"), Typeflag: tar.TypeSymlink}}),
		"too big":     selfupdatetest.TarGz([]selfupdatetest.Entry{{Name: "mlinit", Body: make([]byte, 2<<20), Mode: 0o755}}),
		"not gzip":    []byte("plain text"),
		"zip dotdot":  selfupdatetest.Zip(withEntry(selfupdatetest.Entry{Name: "..\\evil", Body: []byte("x")})),
		"zip too big": selfupdatetest.Zip([]selfupdatetest.Entry{{Name: "mlinit", Body: make([]byte, 2<<20)}}),
	}
	for name, data := range bad {
		archive := "a.tar.gz"
		if strings.HasPrefix(name, "zip") {
			archive = "a.zip"
		}
		if _, err := selfupdate.ExtractBinary(archive, data, "mlinit", 1<<20); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestDetectManager(t *testing.T) {
	tmp := t.TempDir()
	infoDir := filepath.Join(tmp, "dpkg")
	if err := os.MkdirAll(infoDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(infoDir, "mlinit.list"), []byte("/.\n/usr/bin\n/usr/bin/mlinit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GOPATH": filepath.Join(tmp, "gopath")}
	opts := selfupdate.ManagedOptions{
		Env:              func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		HomeDir:          filepath.Join(tmp, "home"),
		HomebrewPrefixes: []string{"/opt/homebrew", "/usr/local/Cellar"},
		DpkgInfoDir:      infoDir,
		RPMOwns:          func(_ context.Context, p string) bool { return p == "/usr/local/rpm/mlinit" },
	}
	cases := map[string]string{
		"/opt/homebrew/bin/mlinit":                    "brew upgrade mlinit",
		"/usr/local/Cellar/mlinit/0.1.0/bin/mlinit":   "brew upgrade mlinit",
		"/usr/bin/mlinit":                             "sudo apt-get install --only-upgrade mlinit",
		"/usr/local/rpm/mlinit":                       "sudo dnf upgrade mlinit",
		filepath.Join(tmp, "gopath", "bin", "mlinit"): "go install github.com/mlinit/mlinit@latest",
		"/opt/homebrewish/mlinit":                     "",
		filepath.Join(tmp, "bin", "mlinit"):           "",
	}
	for path, want := range cases {
		got := ""
		if m := selfupdate.DetectManager(t.Context(), path, opts); m != nil {
			got = m.Command
		}
		if got != want {
			t.Errorf("%s: got %q, want %q", path, got, want)
		}
	}
	env = map[string]string{"GOBIN": filepath.Join(tmp, "gobin")}
	if m := selfupdate.DetectManager(t.Context(), filepath.Join(tmp, "gobin", "mlinit"), opts); m == nil || m.Name != "go install" {
		t.Errorf("GOBIN: got %v", m)
	}
	env = map[string]string{}
	if m := selfupdate.DetectManager(t.Context(), filepath.Join(tmp, "home", "go", "bin", "mlinit"), opts); m == nil || m.Name != "go install" {
		t.Errorf("default GOPATH: got %v", m)
	}
}

// installOld puts a fake installed mlinit into a fresh directory.
func installOld(t *testing.T) (target string, old []byte) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in binaries are shell scripts")
	}
	target = filepath.Join(t.TempDir(), "mlinit")
	old = selfupdatetest.ScriptBinary("0.1.0")
	if err := os.WriteFile(target, old, 0o755); err != nil {
		t.Fatal(err)
	}
	return target, old
}

func assertUntouched(t *testing.T, target string, old []byte) {
	t.Helper()
	got, err := os.ReadFile(target)
	if err != nil || string(got) != string(old) {
		t.Errorf("installed binary changed: %q, %v", got, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(target))
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("stray files beside the binary: %v", names)
	}
}

func TestApplyReplacesBinary(t *testing.T) {
	target, _ := installOld(t)
	err := selfupdate.Apply(t.Context(), selfupdate.ApplyOptions{
		Target: target, Binary: selfupdatetest.ScriptBinary("0.2.0"), WantVersion: "0.2.0",
	})
	if err != nil {
		t.Fatal(err)
	}
	assertUntouched(t, target, selfupdatetest.ScriptBinary("0.2.0"))
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o755 {
		t.Errorf("mode %v", st.Mode())
	}
}

func TestApplyRollsBack(t *testing.T) {
	boom := errors.New("boom")
	cases := map[string]selfupdate.ApplyOptions{
		"second rename fails": {Rename: func(o, n string) error {
			if strings.HasSuffix(o, ".mlinit.new") {
				return boom
			}
			return os.Rename(o, n)
		}},
		"first rename fails": {Rename: func(string, string) error { return boom }},
		"smoke test fails":   {RunVersion: func(context.Context, string) (string, error) { return "", boom }},
		"wrong version":      {Binary: selfupdatetest.ScriptBinary("0.3.0")},
		"not executable":     {Binary: []byte("\x7fELF garbage")},
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			target, old := installOld(t)
			opts.Target, opts.WantVersion = target, "0.2.0"
			if opts.Binary == nil {
				opts.Binary = selfupdatetest.ScriptBinary("0.2.0")
			}
			err := selfupdate.Apply(t.Context(), opts)
			if err == nil {
				t.Fatal("want an error")
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error: %q", err)
			}
			assertUntouched(t, target, old)
		})
	}
}

func TestApplyRollbackFailureSaysHowToRestore(t *testing.T) {
	target, _ := installOld(t)
	calls := 0
	err := selfupdate.Apply(t.Context(), selfupdate.ApplyOptions{
		Target: target, Binary: selfupdatetest.ScriptBinary("0.2.0"), WantVersion: "0.2.0",
		Rename: func(o, n string) error {
			calls++
			if calls == 1 {
				return os.Rename(o, n)
			}
			return errors.New("disk gone")
		},
	})
	var rb *selfupdate.RollbackError
	if !errors.As(err, &rb) || !strings.Contains(err.Error(), "mv ") {
		t.Fatalf("want a RollbackError with instructions, got %v", err)
	}
}

func TestGitHubRateLimit(t *testing.T) {
	reset := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	srv := selfupdatetest.NewServer()
	defer srv.Close()
	srv.RateLimit(reset)
	gh, err := selfupdate.NewGitHub(selfupdate.GitHubOptions{
		HTTPClient: srv.Client(), APIURL: srv.APIURL(),
		Now: func() time.Time { return reset.Add(-90 * time.Second) },
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = gh.Release(t.Context(), "")
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"rate limit", "2030-01-02 03:04:05 UTC", "in 1m30s", "GITHUB_TOKEN"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not mention %q", err, want)
		}
	}
}

func TestGitHubTokenAndNotFound(t *testing.T) {
	srv := selfupdatetest.NewServer()
	defer srv.Close()
	opts := selfupdate.GitHubOptionsFromEnv(srv.Client(), func(k string) (string, bool) {
		return map[string]string{selfupdate.EnvAPIURL: srv.APIURL(), "GH_TOKEN": "t0k"}[k], k != "GITHUB_TOKEN"
	})
	if opts.Token != "t0k" || opts.TokenFrom != "GH_TOKEN" || opts.APIURL != srv.APIURL() {
		t.Fatalf("options from env: %+v", opts)
	}
	gh, err := selfupdate.NewGitHub(opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gh.Release(t.Context(), "v9.9.9"); err == nil || !strings.Contains(err.Error(), "no release v9.9.9") {
		t.Errorf("got %v", err)
	}
	if _, err := selfupdate.NewGitHub(selfupdate.GitHubOptions{APIURL: "ftp://x"}); err == nil {
		t.Error("want an error for a non-http API URL")
	}
}

func TestPrepareDownloadsAndVerifies(t *testing.T) {
	priv, key := selfupdatetest.NewKey()
	rel := selfupdatetest.NewRelease("v0.2.0", priv, runtime.GOOS+"/"+runtime.GOARCH)
	srv := selfupdatetest.NewServer(rel)
	defer srv.Close()
	gh, err := selfupdate.NewGitHub(selfupdate.GitHubOptions{HTTPClient: srv.Client(), APIURL: srv.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	found, err := gh.Release(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := selfupdate.Prepare(t.Context(), gh, found, selfupdate.PrepareOptions{
		Keys: []selfupdate.Key{key}, GOOS: runtime.GOOS, GOARCH: runtime.GOARCH,
	})
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Binary) != string(selfupdatetest.ScriptBinary("0.2.0")) || p.KeyID != key.ID {
		t.Errorf("prepared %q by %s", p.Binary, p.KeyID)
	}
}
