// Package buildinfo resolves the version the binary reports: ldflags first, then the
// module build information that `go install …@version` records.
package buildinfo

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// Info describes this build. Its JSON form is `mlinit version --json`.
type Info struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Date    string `json:"date"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
}

// DevVersion is reported when neither ldflags nor module information name a version.
const DevVersion = "dev"

// Resolve fills Info from ldflag values, falling back to read (runtime/debug.ReadBuildInfo
// in production) for anything the linker did not set.
func Resolve(version, commit, date string, read func() (*debug.BuildInfo, bool)) Info {
	info := Info{Version: version, Commit: commit, Date: date, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if read != nil {
		if bi, ok := read(); ok {
			if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
				info.Version = bi.Main.Version
			}
			for _, s := range bi.Settings {
				switch s.Key {
				case "vcs.revision":
					if info.Commit == "" {
						info.Commit = s.Value
					}
				case "vcs.time":
					if info.Date == "" {
						info.Date = s.Value
					}
				}
			}
		}
	}
	if info.Version == "" {
		info.Version = DevVersion
	}
	info.Version = strings.TrimPrefix(info.Version, "v")
	if info.Commit == "" {
		info.Commit = "unknown"
	}
	if info.Date == "" {
		info.Date = "unknown"
	}
	return info
}

// IsDev reports whether this is a development build (no released version).
func (i Info) IsDev() bool {
	return i.Version == DevVersion || strings.Contains(i.Version, "-dev") || strings.Contains(i.Version, "SNAPSHOT")
}

// Default resolves with the real module build information.
func Default(version, commit, date string) Info {
	return Resolve(version, commit, date, debug.ReadBuildInfo)
}
