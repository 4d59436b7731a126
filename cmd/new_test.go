package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/mlinit/mlinit/internal/buildinfo"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/generate"
	"github.com/mlinit/mlinit/internal/iostreams"
	"github.com/mlinit/mlinit/internal/project"
	"github.com/mlinit/mlinit/internal/prompt"
)

func fixedNow() time.Time { return time.Date(2031, 5, 1, 12, 0, 0, 0, time.UTC) }

func newFactory(ios *iostreams.IOStreams) *cmdutil.Factory {
	return &cmdutil.Factory{IOStreams: ios, Build: buildinfo.Info{Version: "9.9.9"}, Now: fixedNow}
}

// runNewCmd parses args through the real command with a runF that captures the
// options; it returns them and the error RunE gave.
func runNewCmd(t *testing.T, ios *iostreams.IOStreams, args ...string) (*NewOptions, error) {
	t.Helper()
	var got *NewOptions
	c := NewCmdNew(newFactory(ios), func(o *NewOptions) error { got = o; return nil })
	c.SetArgs(args)
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return cmdutil.UsageError(err) })
	err := c.Execute()
	return got, err
}

func TestNewCmdNewFlags(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "My.Proj")
	tests := []struct {
		name    string
		args    []string
		check   func(t *testing.T, o *NewOptions)
		wantErr string
	}{
		{
			name: "yes takes defaults and the clock's year",
			args: []string{target, "--yes"},
			check: func(t *testing.T, o *NewOptions) {
				t.Helper()
				if o.Interactive || o.Answers.Name != "my-proj" || o.Answers.Package != "my_proj" || o.Answers.Year != 2031 {
					t.Errorf("got %+v", o.Answers)
				}
				if len(o.Notes) != 1 || !strings.Contains(o.Notes[0], `normalised to "my-proj"`) {
					t.Errorf("notes = %q", o.Notes)
				}
			},
		},
		{
			name: "every option has a flag",
			args: []string{
				target, "--yes", "--name", "cats", "--package", "kitty", "--description", "d", "--author", "A",
				"--email", "a@b.c", "--license", "proprietary", "--year", "2020", "--python", "3.14", "--env", "conda",
				"--lint", "classic", "--typecheck", "none", "--framework", "pytorch", "--config", "none", "--cli", "none",
				"--tracking", "wandb", "--data", "dvc", "--dvc-remote", "gdrive", "--docs", "sphinx", "--ci", "gitlab",
				"--docker", "cuda", "--notebooks", "no", "--force", "--dry-run", "--json", "--no-git",
			},
			check: func(t *testing.T, o *NewOptions) {
				t.Helper()
				want := project.Answers{
					Name: "cats", Package: "kitty", Description: "d", Author: "A", Email: "a@b.c",
					License: "proprietary", Year: 2020, Python: "3.14", Env: "conda", Lint: "classic",
					Typecheck: "none", Framework: "pytorch", Config: "none", CLI: "none", Tracking: "wandb",
					Data: "dvc", DVCRemote: "gdrive", Docs: "sphinx", CI: "gitlab", Docker: "cuda", Notebooks: false,
				}
				if o.Answers != want {
					t.Errorf("got  %+v\nwant %+v", o.Answers, want)
				}
				if !o.Force || !o.DryRun || !o.JSON || !o.NoGit || len(o.Given) != len(project.Keys()) {
					t.Errorf("flags not bound: %+v", o)
				}
			},
		},
		{name: "no terminal", args: []string{target}, wantErr: "no terminal to prompt on"},
		{name: "bad python", args: []string{target, "--yes", "--python", "2.7"}, wantErr: `--python: "2.7" is not accepted`},
		{name: "two problems, two lines", args: []string{target, "--yes", "--python", "2.7", "--env", "x"}, wantErr: "--python: \"2.7\" is not accepted; accepted values are 3.12, 3.10, 3.11, 3.13, 3.14\n--env:"},
		{name: "bad notebooks", args: []string{target, "--yes", "--notebooks", "maybe"}, wantErr: "accepted values are yes, no"},
		{name: "missing answers file", args: []string{target, "--answers", filepath.Join(dir, "nope.toml")}, wantErr: "--answers: open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			o, err := runNewCmd(t, ios, tt.args...)
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want usage error containing %q", err, tt.wantErr)
				}
				if o != nil {
					t.Error("runF called despite the error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, o)
		})
	}
}

func TestNewCmdNewInteractive(t *testing.T) {
	target := filepath.Join(t.TempDir(), "proj")
	ios, _, _, _ := iostreams.Test()
	ios.SetStdinTTY(true)
	ios.SetStdoutTTY(true)
	o, err := runNewCmd(t, ios, target, "--python", "3.11")
	if err != nil {
		t.Fatal(err)
	}
	if !o.Interactive || !o.Given["python"] || o.Given["env"] || o.Answers.Python != "3.11" {
		t.Errorf("got interactive=%v given=%v python=%q", o.Interactive, o.Given, o.Answers.Python)
	}
	// A wrong flag is refused before the form opens...
	if _, err := runNewCmd(t, ios, target, "--python", "2.7"); err == nil || !strings.Contains(err.Error(), "--python") {
		t.Errorf("err = %v", err)
	}
	// ...but a combination half of which the form will ask is not.
	if _, err := runNewCmd(t, ios, target, "--docker", "cuda"); err != nil {
		t.Errorf("docker=cuda with framework still to ask: %v", err)
	}
	// A non-empty target is refused before the form, too.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runNewCmd(t, ios, dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("err = %v", err)
	}
}

func TestNewCmdNewAnswersFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.toml")
	if err := os.WriteFile(file, []byte("name = \"from-file\"\npython = \"3.13\"\nnotebooks = false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, _, _, _ := iostreams.Test()
	o, err := runNewCmd(t, ios, filepath.Join(dir, "p"), "--answers", file, "--python", "3.11")
	if err != nil {
		t.Fatal(err)
	}
	if o.Interactive || o.Answers.Name != "from-file" || o.Answers.Python != "3.11" || o.Answers.Notebooks || o.Answers.Env != "uv" {
		t.Errorf("got %+v", o.Answers)
	}
	if err := os.WriteFile(file, []byte("python = \"2.7\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = runNewCmd(t, ios, filepath.Join(dir, "p"), "--answers", file)
	if err == nil || !strings.HasPrefix(err.Error(), file+`: python: "2.7" is not accepted`) {
		t.Errorf("err = %v", err)
	}
}

func newOpts(t *testing.T, dir string) (*NewOptions, *iostreams.IOStreams) {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	a, _, err := project.Validate(project.Defaults(dir, 2031))
	if err != nil {
		t.Fatal(err)
	}
	return &NewOptions{
		IO: ios, Build: buildinfo.Info{Version: "9.9.9"}, Now: fixedNow, Ctx: t.Context(),
		Dir: dir, Answers: a, NoGit: true, Given: map[string]bool{},
	}, ios
}

func TestNewRunWritesAndReports(t *testing.T) {
	for _, tty := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "demo")
		o, _ := newOpts(t, dir)
		ios, _, stdout, stderr := iostreams.Test()
		ios.SetStdoutTTY(tty)
		ios.SetStderrTTY(tty)
		o.IO = ios
		if err := newRun(o); err != nil {
			t.Fatal(err)
		}
		if stdout.Len() != 0 {
			t.Errorf("tty=%v: data on stdout without --json: %q", tty, stdout)
		}
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if len(lines) != 4 || !strings.HasPrefix(lines[0], "created ") || !strings.Contains(lines[1], "cd ") {
			t.Errorf("tty=%v: stderr = %q", tty, stderr)
		}
		rec, err := os.ReadFile(filepath.Join(dir, project.RecordName))
		if err != nil {
			t.Fatal(err)
		}
		f, err := project.DecodeAnswers(rec, project.RecordName)
		if err != nil || f.Answers != o.Answers || f.MlinitVersion != "9.9.9" {
			t.Errorf("record: %+v %v", f, err)
		}
	}
}

func TestNewRunJSONDryRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	o, _ := newOpts(t, dir)
	ios, _, stdout, _ := iostreams.Test()
	o.IO, o.DryRun, o.JSON = ios, true, true
	if err := newRun(o); err != nil {
		t.Fatal(err)
	}
	var s generate.Summary
	if err := json.Unmarshal(stdout.Bytes(), &s); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if len(s.TreeSHA256) != 64 || s.Answers != o.Answers || len(s.Files) < 5 {
		t.Errorf("summary = %+v", s)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Error("dry run wrote the target")
	}
}

func TestNewRunInteractive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	o, _ := newOpts(t, dir)
	o.Interactive, o.DryRun = true, true
	o.Answers.Package = "" // as prepareNew leaves it: derived after the form
	var asked prompt.Options
	o.Prompt = func(_ context.Context, po prompt.Options, a *project.Answers) error {
		asked = po
		a.Framework, a.Docker = "lightning", "cuda"
		return nil
	}
	if err := newRun(o); err != nil {
		t.Fatal(err)
	}
	if o.Answers.Framework != "lightning" || o.Answers.Package != "demo" || asked.IO != o.IO {
		t.Errorf("answers after the form: %+v", o.Answers)
	}

	o.Prompt = func(context.Context, prompt.Options, *project.Answers) error { return cmdutil.ErrCancel }
	if err := newRun(o); !errors.Is(err, cmdutil.ErrCancel) {
		t.Errorf("cancel: %v", err)
	}
	o.Prompt = func(_ context.Context, _ prompt.Options, a *project.Answers) error { a.Python = "2.7"; return nil }
	var fe *cmdutil.FlagError
	if err := newRun(o); !errors.As(err, &fe) {
		t.Errorf("invalid answer after the form: %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Error("something was written")
	}
}

func TestExecuteNewCancelExits130(t *testing.T) {
	ios, _, _, stderr := iostreams.Test()
	ios.SetStdinTTY(true)
	ios.SetStdoutTTY(true)
	// The real form with the root context already cancelled, as after SIGINT:
	// the run ends as an interruption and nothing is written.
	dir := filepath.Join(t.TempDir(), "demo")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	code := Execute(ctx, newFactory(ios), []string{"new", dir, "--no-git"})
	if code != cmdutil.ExitInterrupted {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Error("something was written")
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"demo": "demo", "a b": "'a b'", "it's": `'it'\''s'`, "../x/y-z": "../x/y-z"} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRulesHelpListsEveryRule(t *testing.T) {
	help := rulesHelp()
	for _, r := range project.CombinationRules() {
		if !strings.Contains(help, "--"+r.Key+" ") || !strings.Contains(help, r.Why) {
			t.Errorf("rule %s missing from help:\n%s", r.Key, help)
		}
	}
}
