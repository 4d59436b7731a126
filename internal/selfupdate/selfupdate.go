// Package selfupdate finds, verifies and installs mlinit releases from GitHub.
//
// Trust flows one way: the compiled-in public keys (keys.go) verify the Ed25519
// signature over checksums.txt, checksums.txt pins the archive's SHA-256, and the
// archive yields the binary. Every check passes before the installed binary is
// touched; the swap itself (Apply) rolls back on any failure.
package selfupdate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Size limits for what is downloaded into memory.
const (
	DefaultMaxArchiveSize = 256 << 20
	maxChecksumsSize      = 1 << 20
	maxSignatureSize      = 64 << 10
)

// Source is where releases come from: GitHub in production.
type Source interface {
	Release(ctx context.Context, tag string) (*Release, error)
	Download(ctx context.Context, a Asset, limit int64) ([]byte, error)
}

// PrepareOptions says which build to fetch and whom to trust.
type PrepareOptions struct {
	// Keys are the trusted public keys: ProductionKeys() in the binary, test keys in tests.
	Keys           []Key
	GOOS, GOARCH   string
	MaxArchiveSize int64 // 0 means DefaultMaxArchiveSize
	MaxBinarySize  int64 // 0 means DefaultMaxBinarySize
}

// Prepared is a verified new binary, ready for Apply.
type Prepared struct {
	Release *Release
	Asset   string // archive name
	KeyID   string // key whose signature was accepted
	Binary  []byte
}

// Prepare downloads and verifies the release's build for this platform: signature
// over checksums.txt first, then the archive against its signed checksum, then the
// extraction. It writes nothing to disk.
func Prepare(ctx context.Context, src Source, rel *Release, opts PrepareOptions) (*Prepared, error) {
	if len(opts.Keys) == 0 {
		return nil, fmt.Errorf("no trusted signing keys configured")
	}
	maxArchive := opts.MaxArchiveSize
	if maxArchive <= 0 {
		maxArchive = DefaultMaxArchiveSize
	}
	maxBinary := opts.MaxBinarySize
	if maxBinary <= 0 {
		maxBinary = DefaultMaxBinarySize
	}
	name := AssetName(rel.Version, opts.GOOS, opts.GOARCH)
	archiveAsset, ok := rel.FindAsset(name)
	if !ok {
		return nil, fmt.Errorf("release %s has no build for %s/%s (expected asset %s)", rel.Tag, opts.GOOS, opts.GOARCH, name)
	}
	sumsAsset, ok := rel.FindAsset(ChecksumsAsset)
	if !ok {
		return nil, fmt.Errorf("release %s has no %s; refusing an unverifiable release", rel.Tag, ChecksumsAsset)
	}
	sigAsset, ok := rel.FindAsset(SignatureAsset)
	if !ok {
		return nil, fmt.Errorf("release %s has no %s; refusing an unsigned release", rel.Tag, SignatureAsset)
	}

	sums, err := src.Download(ctx, sumsAsset, maxChecksumsSize)
	if err != nil {
		return nil, err
	}
	sig, err := src.Download(ctx, sigAsset, maxSignatureSize)
	if err != nil {
		return nil, err
	}
	key, err := VerifySignature(sums, sig, opts.Keys)
	if err != nil {
		return nil, fmt.Errorf("release %s: %w", rel.Tag, err)
	}
	parsed, err := ParseChecksums(sums)
	if err != nil {
		return nil, err
	}
	want, ok := parsed[name]
	if !ok {
		return nil, fmt.Errorf("release %s: %s has no entry for %s", rel.Tag, ChecksumsAsset, name)
	}

	archive, err := src.Download(ctx, archiveAsset, maxArchive)
	if err != nil {
		return nil, err
	}
	if got := sha256.Sum256(archive); got != want {
		return nil, fmt.Errorf("checksum mismatch for %s: got sha256 %s, signed %s says %s",
			name, hex.EncodeToString(got[:8]), ChecksumsAsset, hex.EncodeToString(want[:8]))
	}
	bin, err := ExtractBinary(name, archive, BinaryName(opts.GOOS), maxBinary)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Prepared{Release: rel, Asset: name, KeyID: key.ID, Binary: bin}, nil
}
