package selfupdate

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// SignatureAsset is the release asset holding the signature(s) over ChecksumsAsset.
const (
	ChecksumsAsset = "checksums.txt"
	SignatureAsset = "checksums.txt.sig"
)

// The signature file format (checksums.txt.sig), version 1:
//
//	# comment lines and blank lines are ignored
//	ed25519 <key-id> <base64 signature>
//
// Each line is one Ed25519 signature over the exact bytes of checksums.txt.
// <key-id> is KeyID of the signing public key (16 hex digits) and the signature is
// standard base64 with padding. A file may carry several lines so that, while keys
// rotate, a release is signed by both the outgoing and the incoming key and binaries
// that know either can update. Lines with another algorithm are skipped, leaving room
// for a later scheme without breaking older binaries.

// Key is one trusted Ed25519 public key.
type Key struct {
	// ID is KeyID(Public); kept alongside so reviews and error messages can name it.
	ID     string
	Public ed25519.PublicKey
}

// KeyID derives a key's id from the key itself (first 8 bytes of SHA-256 of the raw
// public key, as hex) so an id can never be attached to the wrong key.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// ParsePublicKey decodes a standard-base64 raw 32-byte Ed25519 public key.
func ParsePublicKey(b64 string) (Key, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		return Key{}, fmt.Errorf("public key is not base64: %w", err)
	}
	if len(raw) != ed25519.PublicKeySize {
		return Key{}, fmt.Errorf("public key has %d bytes, want %d", len(raw), ed25519.PublicKeySize)
	}
	pub := ed25519.PublicKey(raw)
	return Key{ID: KeyID(pub), Public: pub}, nil
}

// SignatureLine signs message with priv and returns one line of the signature file.
func SignatureLine(priv ed25519.PrivateKey, message []byte) string {
	pub, _ := priv.Public().(ed25519.PublicKey)
	sig := ed25519.Sign(priv, message)
	return fmt.Sprintf("ed25519 %s %s\n", KeyID(pub), base64.StdEncoding.EncodeToString(sig))
}

// Errors from VerifySignature; tests and messages tell them apart.
var (
	ErrUnknownKey   = errors.New("signed by an unknown key") //nolint:gochecknoglobals // sentinel error, never mutated
	ErrBadSignature = errors.New("bad signature")            //nolint:gochecknoglobals // sentinel error, never mutated
)

// VerifySignature checks sigFile against message with the trusted keys. It needs at
// least one valid signature by a trusted key, and it rejects the file when any
// signature by a trusted key is invalid: the real signer never produces one, so it
// means tampering.
func VerifySignature(message, sigFile []byte, trusted []Key) (Key, error) {
	byID := make(map[string]Key, len(trusted))
	for _, k := range trusted {
		byID[KeyID(k.Public)] = k
	}
	var (
		good    Key
		found   bool
		unknown []string
	)
	sc := bufio.NewScanner(bytes.NewReader(sigFile))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) != 3 {
			return Key{}, fmt.Errorf("%s line %d: want \"ed25519 <key-id> <signature>\"", SignatureAsset, line)
		}
		if fields[0] != "ed25519" {
			continue
		}
		key, ok := byID[fields[1]]
		if !ok {
			unknown = append(unknown, fields[1])
			continue
		}
		sig, err := base64.StdEncoding.DecodeString(fields[2])
		if err != nil || len(sig) != ed25519.SignatureSize || !ed25519.Verify(key.Public, message, sig) {
			return Key{}, fmt.Errorf("%w on %s by key %s", ErrBadSignature, ChecksumsAsset, fields[1])
		}
		good, found = key, true
	}
	if err := sc.Err(); err != nil {
		return Key{}, fmt.Errorf("%s: %w", SignatureAsset, err)
	}
	if found {
		return good, nil
	}
	if len(unknown) > 0 {
		return Key{}, fmt.Errorf("%s is %w (%s); this mlinit trusts %s", ChecksumsAsset, ErrUnknownKey,
			strings.Join(unknown, ", "), keyIDs(trusted))
	}
	return Key{}, fmt.Errorf("%w: %s holds no ed25519 signature", ErrBadSignature, SignatureAsset)
}

func keyIDs(keys []Key) string {
	if len(keys) == 0 {
		return "no keys"
	}
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = KeyID(k.Public)
	}
	return strings.Join(ids, ", ")
}
