package selfupdate

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
)

// ParseChecksums reads goreleaser's checksums.txt, the sha256sum format: one
// "<64 hex digits><two spaces><file name>" line per artifact. A '*' before the
// name (sha256sum's binary mode) and CRLF line endings are accepted because both
// appear when the file is produced or edited on other systems. Anything else is
// an error: a file we cannot read exactly is not one we may trust.
func ParseChecksums(data []byte) (map[string][32]byte, error) {
	sums := map[string][32]byte{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		hexSum, name, ok := strings.Cut(text, " ")
		if !ok || len(hexSum) != 64 {
			return nil, fmt.Errorf("checksums.txt line %d: want \"<sha256>  <name>\"", line)
		}
		// sha256sum writes " " (text mode) or "*" (binary mode) after the separator.
		switch {
		case strings.HasPrefix(name, " "), strings.HasPrefix(name, "*"):
			name = name[1:]
		default:
			return nil, fmt.Errorf("checksums.txt line %d: want two spaces between checksum and name", line)
		}
		if name == "" || strings.ContainsAny(name, "/\\") || strings.TrimSpace(name) != name {
			return nil, fmt.Errorf("checksums.txt line %d: bad file name %q", line, name)
		}
		var sum [32]byte
		if _, err := hex.Decode(sum[:], []byte(hexSum)); err != nil {
			return nil, fmt.Errorf("checksums.txt line %d: checksum is not hex", line)
		}
		if prev, dup := sums[name]; dup && prev != sum {
			return nil, fmt.Errorf("checksums.txt lists %q twice with different checksums", name)
		}
		sums[name] = sum
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("checksums.txt: %w", err)
	}
	if len(sums) == 0 {
		return nil, fmt.Errorf("checksums.txt lists no files")
	}
	return sums, nil
}
