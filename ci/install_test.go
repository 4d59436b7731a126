package ci_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mlinit/mlinit/internal/selfupdate"
	"github.com/mlinit/mlinit/internal/toolcheck"
)

const fakeBinary = "#!/bin/sh\necho 'mlinit 1.2.3'\n"

// release is a loopback stand-in for GitHub: the latest-release API and the
// download URLs, serving archives laid out as goreleaser lays them out.
type release struct {
	tag    string
	key    ed25519.PrivateKey // signs checksums.txt, as mlinit-sign does
	keys   string             // trusted-keys file holding key's public half
	assets map[string][]byte
	mu     sync.Mutex
	hits   []string
	auth   []string
}

func newRelease(t *testing.T, tag string) *release {
	t.Helper()
	r := &release{tag: tag, assets: map[string][]byte{}}
	v := strings.TrimPrefix(tag, "v")
	var sums strings.Builder
	for _, p := range []struct{ os, arch string }{{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "arm64"}, {"windows", "amd64"}} {
		name, data := archive(t, v, p.os, p.arch)
		r.assets[name] = data
		sum := sha256.Sum256(data)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), name)
	}
	r.assets["checksums.txt"] = []byte(sums.String())
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	r.key = priv
	r.assets["checksums.txt.sig"] = []byte(selfupdate.SignatureLine(priv, r.assets["checksums.txt"]))
	r.keys = filepath.Join(t.TempDir(), "keys.txt")
	if err := os.WriteFile(r.keys, []byte("# test key\n"+base64.StdEncoding.EncodeToString(pub)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return r
}

func archive(t *testing.T, version, goos, arch string) (string, []byte) {
	t.Helper()
	exe := "mlinit"
	if goos == "windows" {
		exe = "mlinit.exe"
	}
	files := []struct {
		name string
		mode int64
		data string
	}{
		{exe, 0o755, fakeBinary},
		{"README.md", 0o644, "# mlinit\n"},
		{"LICENSE", 0o644, "Apache\n"},
		{"completions/mlinit.bash", 0o644, "# bash\n"},
		{"manpages/mlinit.1", 0o644, ".TH MLINIT\n"},
	}
	var buf bytes.Buffer
	base := fmt.Sprintf("mlinit_%s_%s_%s", version, goos, arch)
	if goos == "windows" {
		zw := zip.NewWriter(&buf)
		for _, f := range files {
			w, err := zw.Create(f.name)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = w.Write([]byte(f.data))
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return base + ".zip", buf.Bytes()
	}
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: f.mode, Size: int64(len(f.data))}); err != nil {
			t.Fatal(err)
		}
		_, _ = tw.Write([]byte(f.data))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return base + ".tar.gz", buf.Bytes()
}

func (r *release) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.hits = append(r.hits, req.URL.Path)
	r.auth = append(r.auth, req.Header.Get("Authorization"))
	r.mu.Unlock()
	if req.URL.Path == "/api/repos/mlinit/mlinit/releases/latest" {
		fmt.Fprintf(w, `{"url":"x","tag_name":%q,"name":"release"}`, r.tag)
		return
	}
	prefix := "/dl/mlinit/mlinit/releases/download/" + r.tag + "/"
	if name, ok := strings.CutPrefix(req.URL.Path, prefix); ok {
		if data, ok := r.assets[name]; ok {
			_, _ = w.Write(data)
			return
		}
	}
	http.NotFound(w, req)
}

type result struct {
	code   int
	stdout string
	stderr string
	output string // what the script appended to $GITHUB_OUTPUT
}

func runInstall(t *testing.T, srv *httptest.Server, rel *release, dir string, env ...string) result {
	t.Helper()
	outFile := filepath.Join(t.TempDir(), "github_output")
	cmd := exec.Command("bash", "install.sh", "install")
	cmd.Env = append(os.Environ(),
		"MLINIT_API_URL="+srv.URL+"/api",
		"MLINIT_DOWNLOAD_URL="+srv.URL+"/dl",
		"MLINIT_INSTALL_DIR="+dir,
		"GITHUB_OUTPUT="+outFile,
		"RUNNER_OS=Linux", "RUNNER_ARCH=X64",
		"MLINIT_VERSION=latest", "MLINIT_TOKEN=",
		"MLINIT_KEYS_FILE="+rel.keys,
	)
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		exitErr, ok := err.(*exec.ExitError) //nolint:errorlint // exec returns it unwrapped
		if !ok {
			t.Fatal(err)
		}
		code = exitErr.ExitCode()
	}
	out, _ := os.ReadFile(outFile)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String(), output: string(out)}
}

func TestInstallScript(t *testing.T) {
	toolcheck.Require(t, "bash", "curl", "tar", "unzip", "openssl")
	rel := newRelease(t, "v1.2.3")
	srv := httptest.NewServer(rel)
	t.Cleanup(srv.Close)

	t.Run("happy path resolves latest and verifies", func(t *testing.T) {
		dir := t.TempDir()
		res := runInstall(t, srv, rel, dir, "MLINIT_TOKEN=secret-token")
		if res.code != 0 {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		bin := filepath.Join(dir, "mlinit")
		if !strings.Contains(res.output, "mlinit-path="+bin) {
			t.Errorf("GITHUB_OUTPUT = %q", res.output)
		}
		out, err := exec.Command(bin).Output()
		if err != nil || string(out) != "mlinit 1.2.3\n" {
			t.Errorf("installed binary ran %q, %v", out, err)
		}
		rel.mu.Lock()
		defer rel.mu.Unlock()
		for i, p := range rel.hits {
			tokenSent := rel.auth[i] == "Bearer secret-token"
			if strings.HasPrefix(p, "/api/") != tokenSent {
				t.Errorf("%s: Authorization %q (the token goes to the API only)", p, rel.auth[i])
			}
		}
	})

	t.Run("windows zip", func(t *testing.T) {
		dir := t.TempDir()
		res := runInstall(t, srv, rel, dir, "MLINIT_VERSION=v1.2.3", "RUNNER_OS=Windows")
		if res.code != 0 {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "mlinit.exe")); err != nil {
			t.Error(err)
		}
	})

	t.Run("cache hit makes no download", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "mlinit"), []byte(fakeBinary), 0o755); err != nil {
			t.Fatal(err)
		}
		rel.mu.Lock()
		before := len(rel.hits)
		rel.mu.Unlock()
		res := runInstall(t, srv, rel, dir, "MLINIT_VERSION=1.2.3")
		if res.code != 0 || !strings.Contains(res.stderr, "cache hit") {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		rel.mu.Lock()
		defer rel.mu.Unlock()
		if len(rel.hits) != before {
			t.Errorf("cache hit still fetched %v", rel.hits[before:])
		}
	})

	failures := []struct {
		name    string
		env     []string
		tamper  func(*release)
		wantErr string
	}{
		{name: "checksum mismatch", tamper: func(r *release) {
			r.assets["mlinit_1.2.3_linux_amd64.tar.gz"] = append([]byte{}, append(r.assets["mlinit_1.2.3_linux_amd64.tar.gz"], 0)...)
		}, wantErr: "checksum mismatch for mlinit_1.2.3_linux_amd64.tar.gz"},
		{name: "missing asset", tamper: func(r *release) {
			delete(r.assets, "mlinit_1.2.3_linux_amd64.tar.gz")
		}, wantErr: "cannot download mlinit_1.2.3_linux_amd64.tar.gz"},
		{name: "platform without a release", env: []string{"RUNNER_ARCH=ARM64", "RUNNER_OS=Windows"}, wantErr: "lists no mlinit_1.2.3_windows_arm64.zip"},
		{name: "unsupported platform", env: []string{"MLINIT_OS=plan9"}, wantErr: "unsupported platform plan9/amd64"},
		{name: "bad version", env: []string{"MLINIT_VERSION=1.2"}, wantErr: `version "1.2" is not X.Y.Z`},
		{name: "tampered checksums", tamper: func(r *release) {
			// A consistent checksum for a swapped archive, but the signature no longer matches.
			name := "mlinit_1.2.3_linux_amd64.tar.gz"
			r.assets[name] = append(append([]byte{}, r.assets[name]...), 0)
			sum := sha256.Sum256(r.assets[name])
			lines := strings.Split(string(r.assets["checksums.txt"]), "\n")
			for i, l := range lines {
				if strings.HasSuffix(l, "  "+name) {
					lines[i] = hex.EncodeToString(sum[:]) + "  " + name
				}
			}
			r.assets["checksums.txt"] = []byte(strings.Join(lines, "\n"))
		}, wantErr: "invalid signature by trusted key"},
		{name: "unknown key", tamper: func(r *release) {
			_, other, _ := ed25519.GenerateKey(rand.Reader)
			r.assets["checksums.txt.sig"] = []byte(selfupdate.SignatureLine(other, r.assets["checksums.txt"]))
		}, wantErr: "not signed by a trusted key"},
		{name: "unsigned release", tamper: func(r *release) {
			delete(r.assets, "checksums.txt.sig")
		}, wantErr: "cannot download checksums.txt.sig"},
	}
	for _, tt := range failures {
		t.Run(tt.name, func(t *testing.T) {
			r := newRelease(t, "v1.2.3")
			if tt.tamper != nil {
				tt.tamper(r)
			}
			s := httptest.NewServer(r)
			defer s.Close()
			dir := t.TempDir()
			res := runInstall(t, s, r, dir, tt.env...)
			if res.code == 0 {
				t.Fatalf("want failure, got success: %s", res.stderr)
			}
			if !strings.Contains(res.stderr, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", res.stderr, tt.wantErr)
			}
			if n := strings.Count(strings.TrimSpace(res.stderr), "\n"); n != 0 {
				t.Errorf("want one line of error, got %q", res.stderr)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 0 {
				t.Errorf("failed install left %d file(s) in the install dir", len(entries))
			}
		})
	}
}

// TestKeysMatchSelfUpdate: the Action trusts exactly the keys self-update trusts.
func TestKeysMatchSelfUpdate(t *testing.T) {
	data, err := os.ReadFile("keys.txt")
	if err != nil {
		t.Fatal(err)
	}
	var inFile []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			inFile = append(inFile, l)
		}
	}
	var compiled []string
	for _, k := range selfupdate.ProductionKeys() {
		compiled = append(compiled, base64.StdEncoding.EncodeToString(k.Public))
	}
	if strings.Join(inFile, ",") != strings.Join(compiled, ",") {
		t.Errorf("ci/keys.txt has %v, internal/selfupdate/keys.go has %v", inFile, compiled)
	}
}
