// Package selfupdatetest builds real releases in goreleaser's layout and serves them
// from a loopback stand-in for the GitHub REST API. Only tests import it.
package selfupdatetest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mlinit/mlinit/internal/selfupdate"
)

// Entry is one file in a test archive.
type Entry struct {
	Name     string
	Body     []byte
	Mode     int64
	Typeflag byte // tar.TypeReg when zero
}

// ScriptBinary is a tiny Unix executable standing in for mlinit: its `version`
// prints the first line the real one does.
func ScriptBinary(version string) []byte {
	return []byte("#!/bin/sh\necho \"mlinit " + strings.TrimPrefix(version, "v") + "\"\n")
}

// Layout is the archive content goreleaser produces around the binary.
func Layout(goos string, bin []byte) []Entry {
	return []Entry{
		{Name: selfupdate.BinaryName(goos), Body: bin, Mode: 0o755},
		{Name: "README.md", Body: []byte("# mlinit\n"), Mode: 0o644},
		{Name: "LICENSE", Body: []byte("MIT\n"), Mode: 0o644},
		{Name: "completions/mlinit.bash", Body: []byte("# bash\n"), Mode: 0o644},
		{Name: "manpages/mlinit.1.gz", Body: []byte("man"), Mode: 0o644},
	}
}

// TarGz builds a .tar.gz archive in memory.
func TarGz(entries []Entry) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		typ := e.Typeflag
		if typ == 0 {
			typ = tar.TypeReg
		}
		hdr := &tar.Header{Name: e.Name, Mode: e.Mode, Typeflag: typ, ModTime: time.Unix(0, 0)}
		switch typ {
		case tar.TypeReg:
			hdr.Size = int64(len(e.Body))
		case tar.TypeSymlink:
			hdr.Linkname = string(e.Body)
		}
		_ = tw.WriteHeader(hdr) // writes to memory cannot fail
		if typ == tar.TypeReg {
			_, _ = tw.Write(e.Body)
		}
	}
	_ = tw.Close()
	_ = zw.Close()
	return buf.Bytes()
}

// Zip builds a .zip archive in memory.
func Zip(entries []Entry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, _ := zw.Create(e.Name)
		_, _ = w.Write(e.Body)
	}
	_ = zw.Close()
	return buf.Bytes()
}

// Checksums renders checksums.txt for the given files, sorted by name as goreleaser does.
func Checksums(files map[string][]byte) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		sum := sha256.Sum256(files[n])
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), n)
	}
	return []byte(b.String())
}

// NewKey makes a throwaway signing key and the Key that trusts it.
func NewKey() (ed25519.PrivateKey, selfupdate.Key) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return priv, selfupdate.Key{ID: selfupdate.KeyID(pub), Public: pub}
}

// Release is a release as the fake API serves it: assets by name.
type Release struct {
	Tag        string
	Prerelease bool
	Assets     map[string][]byte
}

// NewRelease builds a signed release for each platform given as "os/arch", with a
// script binary that reports the release's version.
func NewRelease(tag string, priv ed25519.PrivateKey, platforms ...string) *Release {
	assets := map[string][]byte{}
	version := strings.TrimPrefix(tag, "v")
	for _, p := range platforms {
		goos, goarch, _ := strings.Cut(p, "/")
		name := selfupdate.AssetName(version, goos, goarch)
		entries := Layout(goos, ScriptBinary(version))
		if goos == "windows" {
			assets[name] = Zip(entries)
		} else {
			assets[name] = TarGz(entries)
		}
	}
	r := &Release{Tag: tag, Assets: assets}
	r.Resign(priv)
	return r
}

// Resign recomputes checksums.txt over the archives and signs it with priv.
func (r *Release) Resign(priv ed25519.PrivateKey) {
	archives := map[string][]byte{}
	for n, b := range r.Assets {
		if n != selfupdate.ChecksumsAsset && n != selfupdate.SignatureAsset {
			archives[n] = b
		}
	}
	r.Assets[selfupdate.ChecksumsAsset] = Checksums(archives)
	r.Sign(priv)
}

// Sign (re)writes the signature over the current checksums.txt.
func (r *Release) Sign(priv ed25519.PrivateKey) {
	r.Assets[selfupdate.SignatureAsset] = []byte(selfupdate.SignatureLine(priv, r.Assets[selfupdate.ChecksumsAsset]))
}

// Server is the loopback GitHub API. Owner and repo are mlinit/mlinit.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	releases []*Release
	// RateLimitReset, when set, makes every API call answer 403 "rate limit exceeded".
	rateLimitReset time.Time
	// truncate names assets served with a Content-Length larger than the body.
	truncate map[string]bool

	requests atomic.Int64
}

// NewServer starts the fake API; the caller closes it.
func NewServer(releases ...*Release) *Server {
	s := &Server{releases: releases, truncate: map[string]bool{}}
	// Assign before starting: handlers read s.URL, and a server started first
	// could serve a request before the field is written.
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Start()
	return s
}

// APIURL is the value for MLINIT_GITHUB_API_URL.
func (s *Server) APIURL() string { return s.URL + "/" }

// Requests counts API and download requests so far.
func (s *Server) Requests() int64 { return s.requests.Load() }

// RateLimit makes the API refuse every call until reset.
func (s *Server) RateLimit(reset time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimitReset = reset
}

// Truncate serves the named asset cut short: the connection closes mid-body.
func (s *Server) Truncate(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.truncate[name] = true
}

// assetID numbers assets stably: release index * 1000 + sorted position + 1.
func assetNames(r *Release) []string {
	names := make([]string, 0, len(r.Assets))
	for n := range r.Assets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (s *Server) releaseJSON(i int, r *Release) map[string]any {
	var assets []map[string]any
	for j, n := range assetNames(r) {
		assets = append(assets, map[string]any{
			"id": i*1000 + j + 1, "name": n, "size": len(r.Assets[n]),
			"browser_download_url": s.URL + "/download/" + r.Tag + "/" + n,
		})
	}
	return map[string]any{
		"tag_name": r.Tag, "prerelease": r.Prerelease, "draft": false,
		"html_url":     s.URL + "/mlinit/mlinit/releases/tag/" + r.Tag,
		"published_at": "2026-11-01T00:00:00Z",
		"assets":       assets,
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	const prefix = "/repos/mlinit/mlinit/releases/"
	path := r.URL.Path
	if !s.rateLimitReset.IsZero() && strings.HasPrefix(path, "/repos/") {
		w.Header().Set("X-RateLimit-Limit", "60")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(s.rateLimitReset.Unix(), 10))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"message":"API rate limit exceeded for 127.0.0.1."}`))
		return
	}
	switch {
	case path == prefix+"latest":
		for i := len(s.releases) - 1; i >= 0; i-- {
			if !s.releases[i].Prerelease {
				writeJSON(w, s.releaseJSON(i, s.releases[i]))
				return
			}
		}
	case strings.HasPrefix(path, prefix+"tags/"):
		tag := strings.TrimPrefix(path, prefix+"tags/")
		for i, rel := range s.releases {
			if rel.Tag == tag {
				writeJSON(w, s.releaseJSON(i, rel))
				return
			}
		}
	case strings.HasPrefix(path, prefix+"assets/"):
		id, err := strconv.Atoi(strings.TrimPrefix(path, prefix+"assets/"))
		if err == nil && id > 0 && id/1000 < len(s.releases) {
			rel := s.releases[id/1000]
			names := assetNames(rel)
			if j := id%1000 - 1; j >= 0 && j < len(names) {
				// GitHub answers an octet-stream request with a redirect to its storage host.
				http.Redirect(w, r, s.URL+"/download/"+rel.Tag+"/"+names[j], http.StatusFound)
				return
			}
		}
	case strings.HasPrefix(path, "/download/"):
		tag, name, _ := strings.Cut(strings.TrimPrefix(path, "/download/"), "/")
		for _, rel := range s.releases {
			if body, ok := rel.Assets[name]; ok && rel.Tag == tag {
				if s.truncate[name] {
					w.Header().Set("Content-Length", strconv.Itoa(len(body)))
					_, _ = w.Write(body[:len(body)/2])
					return // the server closes the connection short of Content-Length
				}
				w.Header().Set("Content-Type", "application/octet-stream")
				_, _ = w.Write(body)
				return
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(`{"message":"Not Found"}`))
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
