package selfupdate_test

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/internal/selfupdate"
	"github.com/mlinit/mlinit/internal/selfupdate/selfupdatetest"
)

func FuzzParseChecksums(f *testing.F) {
	const sum = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	f.Add([]byte(sum + "  mlinit_0.2.0_linux_amd64.tar.gz\n"))
	f.Add([]byte(sum + " *a.zip\r\n" + sum + "  b.zip\n"))
	f.Add([]byte("\n\n  \n"))
	f.Add([]byte(sum + "  ../x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sums, err := selfupdate.ParseChecksums(data)
		if err != nil {
			return
		}
		// Whatever parses must be names we could look up and round-trip.
		for name, s := range sums {
			if name == "" || strings.ContainsAny(name, "/\\\n") {
				t.Fatalf("accepted bad name %q", name)
			}
			again, err := selfupdate.ParseChecksums([]byte(hex.EncodeToString(s[:]) + "  " + name + "\n"))
			if err != nil || again[name] != s {
				t.Fatalf("round trip of %q: %v", name, err)
			}
		}
	})
}

func FuzzExtractBinary(f *testing.F) {
	bin := []byte("#!/bin/sh\necho mlinit 0.2.0\n")
	f.Add(selfupdatetest.TarGz(selfupdatetest.Layout("linux", bin)), false)
	f.Add(selfupdatetest.Zip(selfupdatetest.Layout("linux", bin)), true)
	f.Add(selfupdatetest.TarGz([]selfupdatetest.Entry{{Name: "../mlinit", Body: bin}}), false)
	f.Add([]byte("PK\x03\x04"), true)
	const limit = 1 << 16
	f.Fuzz(func(t *testing.T, data []byte, isZip bool) {
		name := "a.tar.gz"
		if isZip {
			name = "a.zip"
		}
		got, err := selfupdate.ExtractBinary(name, data, "mlinit", limit)
		if err == nil && len(got) > limit {
			t.Fatalf("extracted %d bytes past the %d limit", len(got), limit)
		}
	})
}
