package cmdutil

import (
	"net/http"
	"time"

	"github.com/mlinit/mlinit/internal/buildinfo"
	"github.com/mlinit/mlinit/internal/iostreams"
)

// Factory carries the dependencies commands draw from. Cheap values are fields;
// anything expensive or fallible is a func so only the commands that need it pay.
// Tests build a Factory literal with just the fields a command uses.
type Factory struct {
	IOStreams *iostreams.IOStreams
	Build     buildinfo.Info
	// Now is the clock; generated files take dates from it (or from a recorded answer).
	Now func() time.Time
	// HTTPClient is built lazily; commands that never touch the network never build it.
	HTTPClient func() (*http.Client, error)
	// Executable returns the path of the running binary (self-update).
	Executable func() (string, error)
}
