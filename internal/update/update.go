// Package update tells the user, at most once a day, that a newer mlinit release
// exists. The check runs in the background while the command runs and never delays
// it by more than a short bounded wait; the notice goes to stderr after the
// command's own output.
package update

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/mlinit/mlinit/internal/selfupdate"
)

// EnvDisable turns the notifier off when set to a true value (1, true, yes…).
const EnvDisable = "MLINIT_NO_UPDATE_NOTIFIER"

// Defaults for Options.
const (
	DefaultInterval = 24 * time.Hour
	DefaultWait     = 500 * time.Millisecond
)

// Enabled reports whether the notifier may run: never in CI, never when disabled,
// only when stderr is a terminal (a notice in a pipe or a log is noise), and never
// for development builds, which have no release to compare with.
func Enabled(env func(string) (string, bool), stderrTTY, devBuild bool) bool {
	if v, ok := env(EnvDisable); ok && truthy(v) {
		return false
	}
	if v, ok := env("CI"); ok && v != "" {
		return false
	}
	return stderrTTY && !devBuild
}

func truthy(v string) bool {
	switch v {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// Options configure one run of the notifier.
type Options struct {
	// Current is this binary's version.
	Current string
	// StateFile records when the last check ran and what it found.
	StateFile string
	// Latest fetches the latest release (GitHub in production).
	Latest func(ctx context.Context) (*selfupdate.Release, error)
	// UpdateCommand names what the user should run; called only when a notice is printed.
	UpdateCommand func() string
	Now           func() time.Time
	// Interval between checks and between notices (DefaultInterval when 0).
	Interval time.Duration
	// Wait bounds how long Finish waits for a check still in flight (DefaultWait when 0).
	Wait time.Duration
}

// state is the JSON state file.
type state struct {
	CheckedAt     time.Time `json:"checked_at"`
	LatestVersion string    `json:"latest_version,omitempty"`
	LatestURL     string    `json:"latest_url,omitempty"`
	NotifiedAt    time.Time `json:"notified_at"`
}

// Notifier is one background check started before a command.
type Notifier struct {
	opts   Options
	state  state
	cancel context.CancelFunc
	done   chan *selfupdate.Release // nil when no check was due
}

// Start reads the state file and, when the last check is older than the interval,
// starts fetching the latest release in the background. A nil *Notifier is valid
// and does nothing, so callers need no branches.
func Start(ctx context.Context, opts Options) *Notifier {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Wait <= 0 {
		opts.Wait = DefaultWait
	}
	n := &Notifier{opts: opts, state: readState(opts.StateFile)}
	if opts.Latest == nil || opts.Now().Sub(n.state.CheckedAt) < opts.Interval {
		return n
	}
	ctx, n.cancel = context.WithCancel(ctx)
	n.done = make(chan *selfupdate.Release, 1)
	go func() {
		rel, err := opts.Latest(ctx)
		if err != nil {
			rel = nil // a failed check stays silent; the next one is a day away
		}
		n.done <- rel
	}()
	return n
}

// Finish waits briefly for a check in flight, records it, and prints the notice to
// w when a newer release is known and none was printed within the interval.
func (n *Notifier) Finish(w io.Writer) {
	if n == nil {
		return
	}
	now := n.opts.Now()
	changed := false
	if n.done != nil {
		timer := time.NewTimer(n.opts.Wait)
		select {
		case rel := <-n.done:
			if rel != nil {
				n.state.LatestVersion, n.state.LatestURL = rel.Version, rel.URL
			}
		case <-timer.C:
			// Too slow: give up for this interval rather than slow every command down.
		}
		timer.Stop()
		n.cancel()
		// Any attempt counts, so an offline machine does not retry on every command.
		n.state.CheckedAt, changed = now, true
	}
	cmp, ok := selfupdate.CompareVersions(n.opts.Current, n.state.LatestVersion)
	if ok && cmp < 0 && now.Sub(n.state.NotifiedAt) >= n.opts.Interval {
		command := "mlinit self-update"
		if n.opts.UpdateCommand != nil {
			command = n.opts.UpdateCommand()
		}
		fmt.Fprintf(w, "\nA new release of mlinit is available: %s → %s\nTo update, run: %s\n%s\n",
			n.opts.Current, n.state.LatestVersion, command, n.state.LatestURL)
		n.state.NotifiedAt, changed = now, true
	}
	if changed {
		_ = writeState(n.opts.StateFile, n.state) // a cache: losing it only means an extra check
	}
}

func readState(path string) state {
	var s state
	if path == "" {
		return s
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return s
	}
	if json.Unmarshal(b, &s) != nil {
		return state{} // corrupt: start over
	}
	return s
}

// writeState replaces the file atomically so concurrent mlinit runs never read
// half a file.
func writeState(path string, s state) error {
	if path == "" {
		return errors.New("no state file")
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".update-state-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
	}
	return werr
}

// DefaultStateFile is <user cache dir>/mlinit/update-state.json, honouring
// XDG_CACHE_HOME from env so tests and sandboxes can move it.
func DefaultStateFile(env func(string) (string, bool)) (string, error) {
	if v, ok := env("XDG_CACHE_HOME"); ok && filepath.IsAbs(v) {
		return filepath.Join(v, "mlinit", "update-state.json"), nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "mlinit", "update-state.json"), nil
}
