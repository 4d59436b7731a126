package update_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mlinit/mlinit/internal/selfupdate"
	"github.com/mlinit/mlinit/internal/selfupdate/selfupdatetest"
	"github.com/mlinit/mlinit/internal/update"
)

func TestEnabled(t *testing.T) {
	cases := []struct {
		env       map[string]string
		stderrTTY bool
		dev       bool
		want      bool
	}{
		{env: nil, stderrTTY: true, want: true},
		{env: nil, stderrTTY: false, want: false},
		{env: map[string]string{"CI": "true"}, stderrTTY: true, want: false},
		{env: map[string]string{"CI": ""}, stderrTTY: true, want: true},
		{env: map[string]string{"MLINIT_NO_UPDATE_NOTIFIER": "1"}, stderrTTY: true, want: false},
		{env: map[string]string{"MLINIT_NO_UPDATE_NOTIFIER": "0"}, stderrTTY: true, want: true},
		{env: nil, stderrTTY: true, dev: true, want: false},
	}
	for _, c := range cases {
		env := func(k string) (string, bool) { v, ok := c.env[k]; return v, ok }
		if got := update.Enabled(env, c.stderrTTY, c.dev); got != c.want {
			t.Errorf("%v tty=%v dev=%v: got %v", c.env, c.stderrTTY, c.dev, got)
		}
	}
}

// fakeClock is a settable clock for the 24 h rules.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

func TestNoticeAtMostOnceADay(t *testing.T) {
	srv := selfupdatetest.NewServer(&selfupdatetest.Release{Tag: "v0.2.0", Assets: map[string][]byte{}})
	defer srv.Close()
	gh, err := selfupdate.NewGitHub(selfupdate.GitHubOptions{HTTPClient: srv.Client(), APIURL: srv.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	var fetches atomic.Int64
	clock := &fakeClock{now: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	opts := update.Options{
		Current:   "0.1.0",
		StateFile: filepath.Join(t.TempDir(), "cache", "mlinit", "update-state.json"),
		Now:       clock.Now,
		Wait:      5 * time.Second, // generous: the loopback answers at once
		Latest: func(ctx context.Context) (*selfupdate.Release, error) {
			fetches.Add(1)
			return gh.Release(ctx, "")
		},
	}
	run := func() string {
		var stderr bytes.Buffer
		update.Start(t.Context(), opts).Finish(&stderr)
		return stderr.String()
	}

	first := run()
	if !strings.Contains(first, "0.1.0 → 0.2.0") || !strings.Contains(first, "mlinit self-update") ||
		!strings.Contains(first, "/releases/tag/v0.2.0") {
		t.Fatalf("first run: notice %q", first)
	}
	clock.now = clock.now.Add(time.Hour)
	if got := run(); got != "" || fetches.Load() != 1 {
		t.Fatalf("an hour later: notice %q after %d fetches; want silence and no new fetch", got, fetches.Load())
	}
	clock.now = clock.now.Add(23 * time.Hour)
	if got := run(); !strings.Contains(got, "0.2.0") || fetches.Load() != 2 {
		t.Fatalf("a day later: notice %q after %d fetches; want a new check and notice", got, fetches.Load())
	}
}

func TestNoticeFailedCheckIsQuietAndBacksOff(t *testing.T) {
	var fetches atomic.Int64
	clock := &fakeClock{now: time.Now()}
	opts := update.Options{
		Current: "0.1.0", StateFile: filepath.Join(t.TempDir(), "state.json"), Now: clock.Now,
		Latest: func(context.Context) (*selfupdate.Release, error) {
			fetches.Add(1)
			return nil, errors.New("offline")
		},
	}
	for range 3 {
		var stderr bytes.Buffer
		update.Start(t.Context(), opts).Finish(&stderr)
		if stderr.Len() != 0 {
			t.Fatalf("notice on failure: %q", stderr.String())
		}
	}
	if n := fetches.Load(); n != 1 {
		t.Errorf("%d fetches, want 1 per day", n)
	}
}

func TestNoticeNeverDelaysPastWait(t *testing.T) {
	opts := update.Options{
		Current: "0.1.0", StateFile: filepath.Join(t.TempDir(), "state.json"),
		Wait: 50 * time.Millisecond,
		Latest: func(ctx context.Context) (*selfupdate.Release, error) {
			<-ctx.Done() // a network that never answers
			return nil, ctx.Err()
		},
	}
	start := time.Now()
	var stderr bytes.Buffer
	update.Start(t.Context(), opts).Finish(&stderr)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Finish took %s", d)
	}
	if stderr.Len() != 0 {
		t.Errorf("notice %q", stderr.String())
	}
}

func TestNilNotifierIsNoop(t *testing.T) {
	var n *update.Notifier
	var stderr bytes.Buffer
	n.Finish(&stderr)
	if stderr.Len() != 0 {
		t.Error("nil notifier printed")
	}
}
