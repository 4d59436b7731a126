package selfupdate

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// AssetName is the archive goreleaser publishes for one platform:
// mlinit_<version without v>_<os>_<arch>.tar.gz, or .zip on Windows.
func AssetName(version, goos, goarch string) string {
	ext := ".tar.gz"
	if goos == "windows" {
		ext = ".zip"
	}
	return fmt.Sprintf("mlinit_%s_%s_%s%s", strings.TrimPrefix(version, "v"), goos, goarch, ext)
}

// BinaryName is the executable's name inside the archive, at its root.
func BinaryName(goos string) string {
	if goos == "windows" {
		return "mlinit.exe"
	}
	return "mlinit"
}

// DefaultMaxBinarySize bounds the extracted executable (mlinit is ~15 MB); a larger
// entry is a decompression bomb or not our binary.
const DefaultMaxBinarySize = 256 << 20

// ExtractBinary returns the contents of binName from the root of a .tar.gz or .zip
// archive held in memory. Nothing is written to disk. Every entry name is checked,
// not only the binary's, because an archive carrying "../" or absolute paths was not
// made by our release pipeline and is refused as a whole.
func ExtractBinary(archiveName string, data []byte, binName string, limit int64) ([]byte, error) {
	switch {
	case strings.HasSuffix(archiveName, ".tar.gz"):
		return extractTarGz(data, binName, limit)
	case strings.HasSuffix(archiveName, ".zip"):
		return extractZip(data, binName, limit)
	}
	return nil, fmt.Errorf("%s: unsupported archive format", archiveName)
}

// checkEntryName rejects names that would leave the archive root if extracted.
func checkEntryName(name string) error {
	n := strings.ReplaceAll(name, "\\", "/")
	if n == "" || strings.HasPrefix(n, "/") || (len(n) > 1 && n[1] == ':') {
		return fmt.Errorf("archive entry %q has an absolute path", name)
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return fmt.Errorf("archive entry %q escapes the archive root", name)
		}
	}
	return nil
}

// isBinary reports whether an entry is the executable at the archive root.
func isBinary(name, binName string) bool {
	return path.Clean(strings.TrimPrefix(name, "./")) == binName
}

func extractTarGz(data []byte, binName string, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("archive is not gzip: %w", err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	var bin []byte
	found := false
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading archive: %w", err)
		}
		if err := checkEntryName(hdr.Name); err != nil {
			return nil, err
		}
		if !isBinary(hdr.Name, binName) {
			continue
		}
		if found {
			return nil, fmt.Errorf("archive holds %s twice", binName)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("archive entry %s is not a regular file", binName)
		}
		if hdr.Size > limit {
			return nil, fmt.Errorf("%s in archive is %d bytes, over the %d-byte limit", binName, hdr.Size, limit)
		}
		if bin, err = readLimited(tr, limit, binName); err != nil {
			return nil, err
		}
		found = true
	}
	if !found {
		return nil, fmt.Errorf("archive has no %s at its root", binName)
	}
	return bin, nil
}

func extractZip(data []byte, binName string, limit int64) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("archive is not a zip file: %w", err)
	}
	var entry *zip.File
	for _, f := range zr.File {
		if err := checkEntryName(f.Name); err != nil {
			return nil, err
		}
		if !isBinary(f.Name, binName) {
			continue
		}
		if entry != nil {
			return nil, fmt.Errorf("archive holds %s twice", binName)
		}
		entry = f
	}
	if entry == nil {
		return nil, fmt.Errorf("archive has no %s at its root", binName)
	}
	if !entry.Mode().IsRegular() {
		return nil, fmt.Errorf("archive entry %s is not a regular file", binName)
	}
	if entry.UncompressedSize64 > uint64(limit) { //nolint:gosec // limit is positive
		return nil, fmt.Errorf("%s in archive is %d bytes, over the %d-byte limit", binName, entry.UncompressedSize64, limit)
	}
	rc, err := entry.Open()
	if err != nil {
		return nil, fmt.Errorf("reading archive: %w", err)
	}
	defer rc.Close()
	return readLimited(rc, limit, binName)
}

// readLimited reads at most limit bytes and fails, rather than truncating, when the
// stream holds more: headers can lie about sizes.
func readLimited(r io.Reader, limit int64, name string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s from archive: %w", name, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s in archive is over the %d-byte limit", name, limit)
	}
	return b, nil
}
