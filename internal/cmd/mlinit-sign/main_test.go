package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/internal/selfupdate"
)

func TestGenerateSignVerify(t *testing.T) {
	dir := t.TempDir()
	noEnv := func(string) (string, bool) { return "", false }
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--generate", filepath.Join(dir, "keys")}, &stdout, &stderr, noEnv); code != 0 {
		t.Fatalf("generate: %d %s", code, stderr.String())
	}
	fields := strings.Fields(stdout.String())
	if len(fields) != 2 {
		t.Fatalf("generate printed %q", stdout.String())
	}
	key, err := selfupdate.ParsePublicKey(fields[1])
	if err != nil || key.ID != fields[0] {
		t.Fatalf("public key %q: %v", stdout.String(), err)
	}
	keyFile := filepath.Join(dir, "keys", "mlinit-sign.key")
	if st, err := os.Stat(keyFile); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("private key file: %v %v", st, err)
	}

	sums := filepath.Join(dir, "checksums.txt")
	msg := []byte("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  mlinit_0.2.0_linux_amd64.tar.gz\n")
	if err := os.WriteFile(sums, msg, 0o644); err != nil {
		t.Fatal(err)
	}
	// The key from the environment, as goreleaser's signs step passes it.
	seed, _ := os.ReadFile(keyFile)
	env := func(k string) (string, bool) { return string(seed), k == "MLINIT_SIGNING_KEY" }
	sigPath := filepath.Join(dir, "out.sig")
	if code := run([]string{"--output", sigPath, sums}, &stdout, &stderr, env); code != 0 {
		t.Fatalf("sign: %d %s", code, stderr.String())
	}
	sig, _ := os.ReadFile(sigPath)
	if _, err := selfupdate.VerifySignature(msg, sig, []selfupdate.Key{key}); err != nil {
		t.Fatalf("verify: %v (%q)", err, sig)
	}

	// A snapshot check trusts the throwaway key only because it is handed over explicitly.
	stdout.Reset()
	pubFile := filepath.Join(dir, "keys", "mlinit-sign.pub")
	if code := run([]string{"--verify", pubFile, "--signature", sigPath, sums}, &stdout, &stderr, noEnv); code != 0 ||
		!strings.Contains(stdout.String(), "good signature by key "+key.ID) {
		t.Fatalf("verify: %d %q %q", code, stdout.String(), stderr.String())
	}
	if err := os.WriteFile(sums, append(msg, 'x'), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"--verify", pubFile, "--signature", sigPath, sums}, &stdout, &stderr, noEnv); code == 0 {
		t.Fatal("verify accepted a changed file")
	}
	if err := os.WriteFile(sums, msg, 0o644); err != nil {
		t.Fatal(err)
	}

	// Rotation: append a second signature from a key file.
	if code := run([]string{"--generate", filepath.Join(dir, "next")}, &stdout, &stderr, noEnv); code != 0 {
		t.Fatal(stderr.String())
	}
	if code := run([]string{"--key-file", filepath.Join(dir, "next", "mlinit-sign.key"), "--append", "--output", sigPath, sums}, &stdout, &stderr, noEnv); code != 0 {
		t.Fatal(stderr.String())
	}
	sig, _ = os.ReadFile(sigPath)
	if n := strings.Count(string(sig), "\n"); n != 2 {
		t.Fatalf("want two signature lines, got %q", sig)
	}
	if _, err := selfupdate.VerifySignature(msg, sig, []selfupdate.Key{key}); err != nil {
		t.Fatalf("verify after rotation: %v", err)
	}
}

func TestSignWithoutKeyFails(t *testing.T) {
	var stdout, stderr bytes.Buffer
	noEnv := func(string) (string, bool) { return "", false }
	if code := run([]string{"x"}, &stdout, &stderr, noEnv); code == 0 || !strings.Contains(stderr.String(), "MLINIT_SIGNING_KEY") {
		t.Errorf("exit %d, %q", code, stderr.String())
	}
	bad := func(string) (string, bool) { return "c2VjcmV0", true }
	stderr.Reset()
	if code := run([]string{"x"}, &stdout, &stderr, bad); code == 0 || strings.Contains(stderr.String(), "c2VjcmV0") {
		t.Errorf("exit %d, stderr must not echo the key: %q", code, stderr.String())
	}
}

func TestSnapshotSignsWithThrowawayKey(t *testing.T) {
	dir := t.TempDir()
	sums := filepath.Join(dir, "checksums.txt")
	if err := os.WriteFile(sums, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Even with the production secret present, a snapshot must not use it.
	env := func(string) (string, bool) { return "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", true }
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--snapshot=true", "--output", sums + ".sig", sums}, &stdout, &stderr, env); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	sig, _ := os.ReadFile(sums + ".sig")
	if _, err := selfupdate.VerifySignature([]byte("x"), sig, selfupdate.ProductionKeys()); err == nil {
		t.Fatal("a snapshot signature verified against the production keys")
	}
	if code := run([]string{"--verify", sums + ".sig.pub", sums}, &stdout, &stderr, env); code != 0 {
		t.Fatalf("explicitly trusted snapshot key: exit %d: %s", code, stderr.String())
	}
}
