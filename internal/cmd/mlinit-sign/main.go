// Command mlinit-sign signs a release's checksums.txt with Ed25519 for mlinit's
// self-updater. goreleaser's `signs` step runs it on the checksum artifact; the
// private key comes from a CI secret and never enters the repository.
//
//	mlinit-sign [--key-env NAME | --key-file PATH] [--output SIG] [--append] FILE
//	mlinit-sign --snapshot=true [--output SIG] FILE   sign with a throwaway key
//	mlinit-sign --generate DIR      write a key pair (new production key, tests)
//	mlinit-sign --public-key [--key-env NAME | --key-file PATH]
//	mlinit-sign --verify PUBFILE [--signature SIG] FILE   check a (snapshot) signature
//
// A private key is the standard-base64 32-byte Ed25519 seed. The signature format
// is documented in internal/selfupdate/signature.go.
package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mlinit/mlinit/internal/selfupdate"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.LookupEnv))
}

// run is main without the process: tests call it with their own streams and env.
func run(args []string, stdout, stderr io.Writer, env func(string) (string, bool)) int {
	fs := flag.NewFlagSet("mlinit-sign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		keyEnv    = fs.String("key-env", "MLINIT_SIGNING_KEY", "environment variable holding the private key")
		keyFile   = fs.String("key-file", "", "file holding the private key (instead of --key-env)")
		output    = fs.String("output", "", "signature file to write (default FILE.sig)")
		appendSig = fs.Bool("append", false, "add a signature line to an existing signature file (key rotation)")
		generate  = fs.String("generate", "", "write a new key pair into this directory and exit")
		snapshot  = fs.Bool("snapshot", false, "sign with a throwaway key made for this run, ignoring any real key (goreleaser passes {{ .IsSnapshot }})")
		pubOnly   = fs.Bool("public-key", false, "print the public key of the private key and exit")
		verify    = fs.String("verify", "", "verify FILE's signature against the public keys in this file (\"<id> <base64>\" lines)")
		sigPath   = fs.String("signature", "", "with --verify: the signature file (default FILE.sig)")
	)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var err error
	switch {
	case *generate != "":
		err = generateKey(*generate, stdout)
	case *pubOnly:
		var priv ed25519.PrivateKey
		if priv, err = loadKey(*keyFile, *keyEnv, env); err == nil {
			pub, _ := priv.Public().(ed25519.PublicKey)
			_, err = fmt.Fprintf(stdout, "%s %s\n", selfupdate.KeyID(pub), base64.StdEncoding.EncodeToString(pub))
		}
	case fs.NArg() != 1:
		fmt.Fprintln(stderr, "mlinit-sign: want exactly one file")
		return 2
	case *verify != "":
		var id string
		if id, err = verifyFile(fs.Arg(0), *sigPath, *verify); err == nil {
			_, err = fmt.Fprintf(stdout, "%s: good signature by key %s\n", fs.Arg(0), id)
		}
	case *snapshot:
		if *keyFile != "" {
			fmt.Fprintln(stderr, "mlinit-sign: --snapshot never uses a real key; drop --key-file")
			return 2
		}
		err = signSnapshot(fs.Arg(0), *output, stderr)
	default:
		err = sign(fs.Arg(0), *output, *appendSig, *keyFile, *keyEnv, env)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mlinit-sign: %v\n", err)
		return 1
	}
	return 0
}

func sign(file, output string, appendSig bool, keyFile, keyEnv string, env func(string) (string, bool)) error {
	priv, err := loadKey(keyFile, keyEnv, env)
	if err != nil {
		return err
	}
	msg, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if output == "" {
		output = file + ".sig"
	}
	line := selfupdate.SignatureLine(priv, msg)
	if appendSig {
		f, err := os.OpenFile(output, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644) //nolint:gosec // a signature is a public release asset
		if err != nil {
			return err
		}
		if _, err := f.WriteString(line); err != nil {
			_ = f.Close()
			return err
		}
		return f.Close()
	}
	return os.WriteFile(output, []byte(line), 0o644) //nolint:gosec // the operator names the output path
}

// signSnapshot signs with a key that exists only for this run, so snapshot
// artifacts can never verify against keys.go. The public half is written to
// SIG.pub for an explicit `--verify SIG.pub` check; the private half is dropped.
func signSnapshot(file, output string, stderr io.Writer) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	msg, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if output == "" {
		output = file + ".sig"
	}
	line := "# snapshot: throwaway key, trusted by no mlinit release\n" + selfupdate.SignatureLine(priv, msg)
	if err := os.WriteFile(output, []byte(line), 0o644); err != nil { //nolint:gosec // the operator names the output path
		return err
	}
	pubLine := fmt.Sprintf("%s %s\n", selfupdate.KeyID(pub), base64.StdEncoding.EncodeToString(pub))
	if err := os.WriteFile(output+".pub", []byte(pubLine), 0o644); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stderr, "mlinit-sign: snapshot signed with throwaway key %s (public key in %s.pub)\n", selfupdate.KeyID(pub), output)
	return err
}

func loadKey(keyFile, keyEnv string, env func(string) (string, bool)) (ed25519.PrivateKey, error) {
	var text string
	switch {
	case keyFile != "":
		b, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, err
		}
		text = string(b)
	default:
		v, ok := env(keyEnv)
		if !ok || strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("no private key: set %s or pass --key-file", keyEnv)
		}
		text = v
	}
	seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text))
	if err != nil {
		// Never echo the value: it is a secret.
		return nil, errors.New("private key is not standard base64")
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("private key has %d bytes, want a %d-byte Ed25519 seed", len(seed), ed25519.SeedSize)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// verifyFile checks file's signature with explicitly given public keys: this is how
// a snapshot's throwaway key is trusted, for one check, without entering keys.go.
func verifyFile(file, sigPath, pubFile string) (string, error) {
	if sigPath == "" {
		sigPath = file + ".sig"
	}
	msg, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	sig, err := os.ReadFile(sigPath)
	if err != nil {
		return "", err
	}
	pubText, err := os.ReadFile(pubFile)
	if err != nil {
		return "", err
	}
	var keys []selfupdate.Key
	for _, line := range strings.Split(string(pubText), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		k, err := selfupdate.ParsePublicKey(fields[len(fields)-1])
		if err != nil {
			return "", fmt.Errorf("%s: %w", pubFile, err)
		}
		keys = append(keys, k)
	}
	key, err := selfupdate.VerifySignature(msg, sig, keys)
	if err != nil {
		return "", err
	}
	return key.ID, nil
}

// generateKey writes dir/mlinit-sign.key (private, 0600) and dir/mlinit-sign.pub and
// prints the public key. For `make snapshot`: the public half is only ever trusted
// by a test or a binary that is explicitly handed it, never by keys.go.
func generateKey(dir string, stdout io.Writer) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	keyPath := filepath.Join(dir, "mlinit-sign.key")
	f, err := os.OpenFile(keyPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, base64.StdEncoding.EncodeToString(priv.Seed())); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	line := fmt.Sprintf("%s %s\n", selfupdate.KeyID(pub), base64.StdEncoding.EncodeToString(pub))
	if err := os.WriteFile(filepath.Join(dir, "mlinit-sign.pub"), []byte(line), 0o644); err != nil {
		return err
	}
	_, err = io.WriteString(stdout, line)
	return err
}
