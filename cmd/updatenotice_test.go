package cmd

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mlinit/mlinit/internal/buildinfo"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
	"github.com/mlinit/mlinit/internal/selfupdate"
	"github.com/mlinit/mlinit/internal/selfupdate/selfupdatetest"
)

func TestExecutePrintsUpdateNoticeAfterOutput(t *testing.T) {
	cases := []struct {
		name       string
		env        map[string]string
		stderrTTY  bool
		cached     bool // a recent check already found v0.2.0, so no network is needed
		wantNotice bool
	}{
		{name: "terminal, from the cache", stderrTTY: true, cached: true, wantNotice: true},
		{name: "terminal, fresh check", stderrTTY: true, wantNotice: true},
		{name: "no terminal", stderrTTY: false},
		{name: "CI", env: map[string]string{"CI": "true"}, stderrTTY: true},
		{name: "opted out", env: map[string]string{"MLINIT_NO_UPDATE_NOTIFIER": "1"}, stderrTTY: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := selfupdatetest.NewServer(&selfupdatetest.Release{Tag: "v0.2.0", Assets: map[string][]byte{}})
			defer srv.Close()
			env := map[string]string{
				selfupdate.EnvAPIURL: srv.APIURL(),
				"XDG_CACHE_HOME":     t.TempDir(),
				"GOPATH":             t.TempDir(),
			}
			for k, v := range tc.env {
				env[k] = v
			}
			if tc.cached {
				state := `{"checked_at":"` + time.Now().UTC().Format(time.RFC3339) + `","latest_version":"0.2.0","latest_url":"https://example.invalid/v0.2.0"}`
				dir := filepath.Join(env["XDG_CACHE_HOME"], "mlinit")
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "update-state.json"), []byte(state), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ios, _, stdout, stderr := iostreams.Test()
			ios.SetEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
			ios.SetStderrTTY(tc.stderrTTY)
			f := &cmdutil.Factory{
				IOStreams:  ios,
				Build:      buildinfo.Info{Version: "0.1.0"},
				Now:        time.Now,
				HTTPClient: func() (*http.Client, error) { return srv.Client(), nil },
				Executable: func() (string, error) { return "/nonexistent/mlinit", nil },
			}
			if code := Execute(t.Context(), f, []string{"version"}); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.HasPrefix(stdout.String(), "mlinit 0.1.0") {
				t.Errorf("command output %q", stdout)
			}
			gotNotice := strings.Contains(stderr.String(), "A new release of mlinit is available: 0.1.0 → 0.2.0")
			if gotNotice != tc.wantNotice {
				t.Errorf("notice = %v, want %v; stderr %q", gotNotice, tc.wantNotice, stderr)
			}
			if (tc.cached || !tc.wantNotice) && srv.Requests() != 0 {
				t.Errorf("%d requests while the notifier is off", srv.Requests())
			}
		})
	}
}

// The notice comes after everything the command printed, errors included.
func TestUpdateNoticeFollowsCommandOutput(t *testing.T) {
	cache := t.TempDir()
	state := `{"checked_at":"` + time.Now().UTC().Format(time.RFC3339) + `","latest_version":"0.2.0","latest_url":"https://example.invalid/v0.2.0"}`
	if err := os.MkdirAll(filepath.Join(cache, "mlinit"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cache, "mlinit", "update-state.json"), []byte(state), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, _, _, stderr := iostreams.Test()
	ios.SetEnv(func(k string) (string, bool) { return cache, k == "XDG_CACHE_HOME" })
	ios.SetStderrTTY(true)
	f := &cmdutil.Factory{
		IOStreams:  ios,
		Build:      buildinfo.Info{Version: "0.1.0"},
		Now:        time.Now,
		HTTPClient: func() (*http.Client, error) { return nil, errors.New("no network in this test") },
		Executable: func() (string, error) { return "/nonexistent/mlinit", nil },
	}
	if code := Execute(t.Context(), f, []string{"nosuch"}); code != cmdutil.ExitUsage {
		t.Fatalf("exit %d", code)
	}
	errAt := strings.Index(stderr.String(), "mlinit: unknown command")
	noticeAt := strings.Index(stderr.String(), "A new release of mlinit is available")
	if errAt < 0 || noticeAt < errAt {
		t.Errorf("want the error, then the notice; stderr %q", stderr)
	}
	// Shown once a day: the next command stays quiet.
	stderr.Reset()
	Execute(t.Context(), f, []string{"nosuch"})
	if strings.Contains(stderr.String(), "A new release") {
		t.Errorf("notice repeated within 24 h: %q", stderr)
	}
}
