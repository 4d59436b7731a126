package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mlinit/mlinit/internal/buildinfo"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
	"github.com/mlinit/mlinit/internal/selfupdate"
	"github.com/mlinit/mlinit/internal/selfupdate/selfupdatetest"
)

// suFixture is an installed mlinit 0.1.0 in its own directory and a loopback GitHub
// offering a signed v0.2.0 for this platform.
type suFixture struct {
	target  string
	old     []byte
	archive string
	srv     *selfupdatetest.Server
	rel     *selfupdatetest.Release
	priv    []byte
	key     selfupdate.Key
}

func newSUFixture(t *testing.T) *suFixture {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in binaries are shell scripts")
	}
	priv, key := selfupdatetest.NewKey()
	fx := &suFixture{
		target:  filepath.Join(t.TempDir(), "mlinit"),
		old:     selfupdatetest.ScriptBinary("0.1.0"),
		archive: selfupdate.AssetName("0.2.0", runtime.GOOS, runtime.GOARCH),
		rel:     selfupdatetest.NewRelease("v0.2.0", priv, runtime.GOOS+"/"+runtime.GOARCH),
		priv:    priv,
		key:     key,
	}
	if err := os.WriteFile(fx.target, fx.old, 0o755); err != nil {
		t.Fatal(err)
	}
	fx.srv = selfupdatetest.NewServer(fx.rel)
	t.Cleanup(fx.srv.Close)
	return fx
}

func (fx *suFixture) opts(ios *iostreams.IOStreams) *SelfUpdateOptions {
	env := map[string]string{selfupdate.EnvAPIURL: fx.srv.APIURL()}
	ios.SetEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	return &SelfUpdateOptions{
		IO:            ios,
		HTTPClient:    func() (*http.Client, error) { return fx.srv.Client(), nil },
		Executable:    func() (string, error) { return fx.target, nil },
		Build:         buildinfo.Info{Version: "0.1.0"},
		Keys:          []selfupdate.Key{fx.key},
		GOOS:          runtime.GOOS,
		GOARCH:        runtime.GOARCH,
		Managed:       func(context.Context, string) *selfupdate.Manager { return nil },
		CheckWritable: selfupdate.CheckWritable,
		Yes:           true,
	}
}

// run runs the command's logic and returns what Execute would: exit code and line.
func runSelfUpdate(t *testing.T, opts *SelfUpdateOptions) (int, string) {
	t.Helper()
	err := selfUpdateRun(t.Context(), opts)
	if err == nil {
		return 0, ""
	}
	return cmdutil.ExitCode(t.Context(), err), cmdutil.Message(err)
}

func (fx *suFixture) assertUntouched(t *testing.T) {
	t.Helper()
	got, err := os.ReadFile(fx.target)
	if err != nil || !bytes.Equal(got, fx.old) {
		t.Errorf("installed binary changed: %q, %v", got, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(fx.target))
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("stray files beside the binary: %v", names)
	}
}

func TestSelfUpdateReplacesBinary(t *testing.T) {
	fx := newSUFixture(t)
	ios, _, stdout, stderr := iostreams.Test()
	code, msg := runSelfUpdate(t, fx.opts(ios))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	out, err := exec.CommandContext(t.Context(), fx.target, "version").Output()
	if err != nil || strings.TrimSpace(string(out)) != "mlinit 0.2.0" {
		t.Fatalf("new binary: %q, %v", out, err)
	}
	if !strings.Contains(stderr.String(), "0.1.0 → 0.2.0") || !strings.Contains(stderr.String(), "/releases/tag/v0.2.0") {
		t.Errorf("stderr %q lacks old → new and the release URL", stderr)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q, want nothing", stdout)
	}
	entries, _ := os.ReadDir(filepath.Dir(fx.target))
	if len(entries) != 1 {
		t.Errorf("stray files: %v", entries)
	}
}

func TestSelfUpdateRefusesBadReleases(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, fx *suFixture, opts *SelfUpdateOptions)
		want  string
	}{
		{"tampered archive", func(_ *testing.T, fx *suFixture, _ *SelfUpdateOptions) {
			fx.rel.Assets[fx.archive] = selfupdatetest.TarGz(selfupdatetest.Layout(runtime.GOOS, append(selfupdatetest.ScriptBinary("0.2.0"), '\n')))
		}, "checksum mismatch"},
		{"tampered checksums", func(_ *testing.T, fx *suFixture, _ *SelfUpdateOptions) {
			evil := selfupdatetest.TarGz(selfupdatetest.Layout(runtime.GOOS, []byte("#!/bin/sh\necho mlinit 0.2.0; rm -rf ~\n")))
			fx.rel.Assets[fx.archive] = evil
			fx.rel.Assets[selfupdate.ChecksumsAsset] = selfupdatetest.Checksums(map[string][]byte{fx.archive: evil})
		}, "bad signature"},
		{"bad signature", func(_ *testing.T, fx *suFixture, _ *SelfUpdateOptions) {
			fx.rel.Assets[selfupdate.SignatureAsset] = []byte(selfupdate.SignatureLine(fx.priv, []byte("something else")))
		}, "bad signature"},
		{"unknown key", func(_ *testing.T, fx *suFixture, _ *SelfUpdateOptions) {
			other, _ := selfupdatetest.NewKey()
			fx.rel.Sign(other)
		}, "unknown key"},
		{"unsigned", func(_ *testing.T, fx *suFixture, _ *SelfUpdateOptions) {
			delete(fx.rel.Assets, selfupdate.SignatureAsset)
		}, "unsigned"},
		{"truncated download", func(_ *testing.T, fx *suFixture, _ *SelfUpdateOptions) {
			fx.srv.Truncate(fx.archive)
		}, "downloading " + "mlinit_0.2.0"},
		{"missing asset", func(_ *testing.T, fx *suFixture, _ *SelfUpdateOptions) {
			delete(fx.rel.Assets, fx.archive)
			fx.rel.Resign(fx.priv)
		}, "has no build for"},
		{"archive entry with ../", func(_ *testing.T, fx *suFixture, _ *SelfUpdateOptions) {
			entries := append(selfupdatetest.Layout(runtime.GOOS, selfupdatetest.ScriptBinary("0.2.0")),
				selfupdatetest.Entry{Name: "../mlinit", Body: []byte("#!/bin/sh\n"), Mode: 0o755})
			fx.rel.Assets[fx.archive] = selfupdatetest.TarGz(entries)
			fx.rel.Resign(fx.priv)
		}, "escapes the archive root"},
		{"new binary reports another version", func(_ *testing.T, fx *suFixture, _ *SelfUpdateOptions) {
			fx.rel.Assets[fx.archive] = selfupdatetest.TarGz(selfupdatetest.Layout(runtime.GOOS, selfupdatetest.ScriptBinary("0.1.9")))
			fx.rel.Resign(fx.priv)
		}, "reports version"},
		{"failing rename rolls back", func(_ *testing.T, _ *suFixture, opts *SelfUpdateOptions) {
			opts.Rename = func(o, n string) error {
				if strings.HasSuffix(o, ".mlinit.new") {
					return errors.New("injected rename failure")
				}
				return os.Rename(o, n)
			}
		}, "old binary restored"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fx := newSUFixture(t)
			ios, _, _, _ := iostreams.Test()
			opts := fx.opts(ios)
			tc.setup(t, fx, opts)
			code, msg := runSelfUpdate(t, opts)
			if code == 0 {
				t.Fatal("exit 0, want a failure")
			}
			t.Logf("exit %d: mlinit: %s", code, msg)
			if !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("message %q: want one line mentioning %q", msg, tc.want)
			}
			fx.assertUntouched(t)
		})
	}
}

func TestSelfUpdateRefusesBeforeDownloading(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, fx *suFixture, opts *SelfUpdateOptions)
		want  string
	}{
		{"unwritable directory", func(t *testing.T, fx *suFixture, opts *SelfUpdateOptions) {
			t.Helper()
			dir := filepath.Dir(fx.target)
			if err := os.Chmod(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
			if selfupdate.CheckWritable(dir) == nil {
				// root ignores permission bits; judge by them as any other user would.
				opts.CheckWritable = func(d string) error {
					if st, err := os.Stat(d); err == nil && st.Mode().Perm()&0o200 == 0 {
						return errors.New("cannot update mlinit in " + d + ": directory is not writable")
					}
					return selfupdate.CheckWritable(d)
				}
			}
		}, "not writable"},
		{"homebrew", func(_ *testing.T, _ *suFixture, opts *SelfUpdateOptions) {
			opts.Managed = func(context.Context, string) *selfupdate.Manager {
				return &selfupdate.Manager{Name: "Homebrew", Command: "brew upgrade mlinit"}
			}
		}, "update it with: brew upgrade mlinit"},
		{"go install", func(_ *testing.T, _ *suFixture, opts *SelfUpdateOptions) {
			opts.Managed = func(context.Context, string) *selfupdate.Manager {
				return &selfupdate.Manager{Name: "go install", Command: "go install github.com/mlinit/mlinit@latest"}
			}
		}, "go install github.com/mlinit/mlinit@latest"},
		{"development build", func(_ *testing.T, _ *suFixture, opts *SelfUpdateOptions) {
			opts.Build.Version = buildinfo.DevVersion
		}, "--force"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fx := newSUFixture(t)
			ios, _, _, _ := iostreams.Test()
			opts := fx.opts(ios)
			tc.setup(t, fx, opts)
			code, msg := runSelfUpdate(t, opts)
			t.Logf("exit %d: mlinit: %s", code, msg)
			if code != cmdutil.ExitUsage || !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("exit %d %q: want exit 2 and one line mentioning %q", code, msg, tc.want)
			}
			if n := fx.srv.Requests(); n != 0 {
				t.Errorf("%d requests made before refusing", n)
			}
			fx.assertUntouched(t)
		})
	}
}

func TestSelfUpdateForceDevBuild(t *testing.T) {
	fx := newSUFixture(t)
	ios, _, _, _ := iostreams.Test()
	opts := fx.opts(ios)
	opts.Build.Version, opts.Force = buildinfo.DevVersion, true
	if code, msg := runSelfUpdate(t, opts); code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
}

func TestSelfUpdateUpToDate(t *testing.T) {
	fx := newSUFixture(t)
	ios, _, _, stderr := iostreams.Test()
	opts := fx.opts(ios)
	opts.Build.Version = "0.2.0"
	if code, msg := runSelfUpdate(t, opts); code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	if !strings.Contains(stderr.String(), "already installed") {
		t.Errorf("stderr %q", stderr)
	}
	if got, _ := os.ReadFile(fx.target); !bytes.Equal(got, fx.old) {
		t.Error("binary replaced")
	}
}

func TestSelfUpdateCheck(t *testing.T) {
	fx := newSUFixture(t)
	for _, asJSON := range []bool{false, true} {
		ios, _, stdout, _ := iostreams.Test()
		opts := fx.opts(ios)
		opts.Check, opts.JSON, opts.Yes = true, asJSON, false
		opts.Build.Version = buildinfo.DevVersion // --check works on any build
		if code, msg := runSelfUpdate(t, opts); code != 0 {
			t.Fatalf("exit %d: %s", code, msg)
		}
		if asJSON {
			var r checkReport
			if err := json.Unmarshal(stdout.Bytes(), &r); err != nil || r.Latest != "0.2.0" || !r.UpdateAvailable || r.Tag != "v0.2.0" {
				t.Errorf("JSON %q: %+v, %v", stdout, r, err)
			}
		} else if !strings.Contains(stdout.String(), "→ 0.2.0 is available") {
			t.Errorf("stdout %q", stdout)
		}
	}
	fx.assertUntouched(t)
}

func TestSelfUpdateRateLimit(t *testing.T) {
	fx := newSUFixture(t)
	fx.srv.RateLimit(time.Now().Add(time.Hour))
	ios, _, _, _ := iostreams.Test()
	opts := fx.opts(ios)
	opts.Check = true
	code, msg := runSelfUpdate(t, opts)
	if code == 0 || !strings.Contains(msg, "rate limit exceeded") || !strings.Contains(msg, "resets at") {
		t.Errorf("exit %d %q", code, msg)
	}
}

func TestSelfUpdatePrompt(t *testing.T) {
	for _, answer := range []string{"y\n", "n\n", ""} {
		fx := newSUFixture(t)
		ios, stdin, _, stderr := iostreams.Test()
		ios.SetStdinTTY(true)
		ios.SetStdoutTTY(true)
		opts := fx.opts(ios)
		opts.Yes = false
		stdin.WriteString(answer)
		code, _ := runSelfUpdate(t, opts)
		if !strings.Contains(stderr.String(), "Update mlinit 0.1.0 → 0.2.0? [y/N]") {
			t.Errorf("%q: no question in %q", answer, stderr)
		}
		if answer == "y\n" {
			if code != 0 {
				t.Errorf("yes: exit %d", code)
			}
			continue
		}
		if code != cmdutil.ExitInterrupted {
			t.Errorf("%q: exit %d, want 130", answer, code)
		}
		fx.assertUntouched(t)
	}
}

func TestNewCmdSelfUpdateFlags(t *testing.T) {
	cases := []struct {
		args    []string
		tty     bool
		wantErr string
		check   func(*SelfUpdateOptions) bool
	}{
		{args: []string{"--check"}, check: func(o *SelfUpdateOptions) bool { return o.Check }},
		{args: []string{"--check", "--json"}, check: func(o *SelfUpdateOptions) bool { return o.JSON }},
		{args: []string{"--yes", "--version", "0.2.0"}, check: func(o *SelfUpdateOptions) bool { return o.Version == "v0.2.0" }},
		{args: []string{"-y", "--force"}, check: func(o *SelfUpdateOptions) bool { return o.Yes && o.Force }},
		{args: nil, tty: true, check: func(o *SelfUpdateOptions) bool { return !o.Yes }},
		{args: nil, wantErr: "--yes is required"},
		{args: []string{"--json", "--yes"}, wantErr: "--json only applies to --check"},
		{args: []string{"--yes", "--version", "latest"}, wantErr: "invalid value"},
		{args: []string{"extra"}, wantErr: "unexpected argument"},
	}
	for _, tc := range cases {
		ios, _, _, _ := iostreams.Test()
		ios.SetStdinTTY(tc.tty)
		ios.SetStdoutTTY(tc.tty)
		var got *SelfUpdateOptions
		c := NewCmdSelfUpdate(&cmdutil.Factory{IOStreams: ios}, func(o *SelfUpdateOptions) error { got = o; return nil })
		c.SetArgs(tc.args)
		c.SetOut(&bytes.Buffer{})
		c.SetErr(&bytes.Buffer{})
		err := c.Execute()
		if tc.wantErr != "" {
			var flagErr *cmdutil.FlagError
			if !errors.As(err, &flagErr) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: got %v, want usage error %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got == nil || !tc.check(got) {
			t.Errorf("%v: %v, %+v", tc.args, err, got)
		}
		if got != nil && len(got.Keys) == 0 {
			t.Errorf("%v: no production keys wired", tc.args)
		}
	}
}
