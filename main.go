// Command mlinit generates reproducible Python ML projects and checks their health.
package main

import (
	"os"

	"github.com/mlinit/mlinit/cmd"
	"github.com/mlinit/mlinit/internal/buildinfo"
)

// Set by the linker (-ldflags "-X main.version=…"); empty in `go run` and `go install` builds.
var (
	version = "" //nolint:gochecknoglobals // set by ldflags
	commit  = "" //nolint:gochecknoglobals // set by ldflags
	date    = "" //nolint:gochecknoglobals // set by ldflags
)

func main() {
	os.Exit(cmd.Main(buildinfo.Default(version, commit, date)))
}
