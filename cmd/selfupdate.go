package cmd

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mlinit/mlinit/internal/buildinfo"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
	"github.com/mlinit/mlinit/internal/selfupdate"
)

// SelfUpdateOptions holds what `mlinit self-update` needs. The fields after the
// factory's are production defaults that tests replace (keys, platform, system probes).
type SelfUpdateOptions struct {
	IO         *iostreams.IOStreams
	HTTPClient func() (*http.Client, error)
	Executable func() (string, error)
	Build      buildinfo.Info

	// Keys are the trusted release-signing keys; selfupdate.ProductionKeys() unless a test injects its own.
	Keys         []selfupdate.Key
	GOOS, GOARCH string
	// Managed reports a package manager that owns the binary, or nil.
	Managed func(ctx context.Context, path string) *selfupdate.Manager
	// CheckWritable fails when the binary's directory cannot take the new file.
	CheckWritable func(dir string) error
	// Rename and RunVersion are passed to selfupdate.Apply (nil: the real ones).
	Rename     func(oldpath, newpath string) error
	RunVersion func(ctx context.Context, path string) (string, error)

	Check   bool
	Version string
	Yes     bool
	Force   bool
	JSON    bool
}

// NewCmdSelfUpdate builds `mlinit self-update`. runF replaces the run function in tests.
func NewCmdSelfUpdate(f *cmdutil.Factory, runF func(*SelfUpdateOptions) error) *cobra.Command {
	opts := &SelfUpdateOptions{
		IO:            f.IOStreams,
		HTTPClient:    f.HTTPClient,
		Executable:    f.Executable,
		Build:         f.Build,
		Keys:          selfupdate.ProductionKeys(),
		GOOS:          runtime.GOOS,
		GOARCH:        runtime.GOARCH,
		CheckWritable: selfupdate.CheckWritable,
	}
	managed := selfupdate.DefaultManagedOptions(f.IOStreams.Getenv)
	opts.Managed = func(ctx context.Context, path string) *selfupdate.Manager {
		return selfupdate.DetectManager(ctx, path, managed)
	}
	cmd := &cobra.Command{
		Use:   "self-update",
		Short: "Update mlinit to the latest release",
		Long: `Download the latest mlinit release (or --version) from GitHub, verify it, and replace
this binary with it.

The release's checksums.txt must carry a valid Ed25519 signature by a key compiled
into this binary, and the archive must match its signed checksum; the new binary must
run and report the expected version. Only then is the installed binary swapped, and
any failure during the swap restores it.

mlinit refuses (exit 2) and prints the right command instead when it was installed by
Homebrew, a deb/rpm package or 'go install', when it is a development build (unless
--force), or when its directory is not writable. Without a terminal, --yes is required.

Environment: MLINIT_GITHUB_API_URL (GitHub Enterprise API root), GITHUB_TOKEN or
GH_TOKEN (raises the API rate limit).`,
		Example: "  mlinit self-update --check\n  mlinit self-update --yes\n  mlinit self-update --version v0.2.0",
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.JSON && !opts.Check {
				return cmdutil.UsageErrorf("--json only applies to --check")
			}
			if opts.Version != "" {
				v := opts.Version
				if !strings.HasPrefix(v, "v") {
					v = "v" + v
				}
				if _, ok := selfupdate.CompareVersions(v, v); !ok {
					return cmdutil.UsageErrorf("invalid value %q for --version: want a release tag like v1.2.3", opts.Version)
				}
				opts.Version = v
			}
			if !opts.Check && !opts.Yes && !opts.IO.CanPrompt() {
				return cmdutil.UsageErrorf("--yes is required to update when not running interactively")
			}
			if runF != nil {
				return runF(opts)
			}
			return selfUpdateRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Check, "check", false, "only report whether an update is available")
	cmd.Flags().StringVar(&opts.Version, "version", "", "install this release tag (vX.Y.Z) instead of the latest")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "update a development build, or reinstall the same version")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "with --check: print one JSON object")
	return cmd
}

// checkReport is the --check answer; its JSON form is `self-update --check --json`.
type checkReport struct {
	Current         string `json:"current"`
	Latest          string `json:"latest"`
	Tag             string `json:"tag"`
	URL             string `json:"url"`
	UpdateAvailable bool   `json:"update_available"`
	UpdateCommand   string `json:"update_command"`
}

func selfUpdateRun(ctx context.Context, opts *SelfUpdateOptions) error {
	exe, err := opts.Executable()
	if err != nil {
		return fmt.Errorf("locating the mlinit binary: %w", err)
	}
	// Replace the file, not a symlink to it.
	target, err := filepath.EvalSymlinks(exe)
	if err != nil {
		return fmt.Errorf("locating the mlinit binary: %w", err)
	}
	manager := opts.Managed(ctx, exe)
	updateCommand := "mlinit self-update"
	if manager != nil {
		updateCommand = manager.Command
	}

	if !opts.Check {
		// Refusals come before any download, so nothing is fetched for nothing.
		if manager != nil {
			return refuse("%s was installed by %s; update it with: %s", exe, manager.Name, manager.Command)
		}
		if opts.Build.IsDev() && !opts.Force {
			return refuse("this is a development build (%s) of mlinit; use --force to replace it with a release", opts.Build.Version)
		}
		if err := opts.CheckWritable(filepath.Dir(target)); err != nil {
			return &cmdutil.ExitError{Code: cmdutil.ExitUsage, Err: err}
		}
	}

	hc, err := opts.HTTPClient()
	if err != nil {
		return err
	}
	gh, err := selfupdate.NewGitHub(selfupdate.GitHubOptionsFromEnv(hc, opts.IO.Getenv))
	if err != nil {
		return cmdutil.UsageError(err)
	}
	rel, err := gh.Release(ctx, opts.Version)
	if err != nil {
		return err
	}
	current := opts.Build.Version
	cmp, known := selfupdate.CompareVersions(current, rel.Version)
	newer := !known || cmp < 0

	if opts.Check {
		return writeCheckReport(opts, checkReport{
			Current: current, Latest: rel.Version, Tag: rel.Tag, URL: rel.URL,
			UpdateAvailable: newer, UpdateCommand: updateCommand,
		})
	}

	switch {
	case known && cmp == 0 && !opts.Force:
		fmt.Fprintf(opts.IO.ErrOut, "mlinit %s is already installed (%s)\n", current, rel.URL)
		return nil
	case known && cmp > 0 && opts.Version == "":
		fmt.Fprintf(opts.IO.ErrOut, "mlinit %s is newer than the latest release %s\n", current, rel.Version)
		return nil
	}

	if !opts.Yes {
		ok, err := confirm(opts.IO, fmt.Sprintf("Update mlinit %s → %s? [y/N] ", current, rel.Version))
		if err != nil {
			return err
		}
		if !ok {
			return cmdutil.ErrCancel
		}
	}

	fmt.Fprintf(opts.IO.ErrOut, "Downloading mlinit %s for %s/%s…\n", rel.Version, opts.GOOS, opts.GOARCH)
	prepared, err := selfupdate.Prepare(ctx, gh, rel, selfupdate.PrepareOptions{
		Keys: opts.Keys, GOOS: opts.GOOS, GOARCH: opts.GOARCH,
	})
	if err != nil {
		return err
	}
	err = selfupdate.Apply(ctx, selfupdate.ApplyOptions{
		Target: target, Binary: prepared.Binary, WantVersion: rel.Version,
		Rename: opts.Rename, RunVersion: opts.RunVersion,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "Updated mlinit %s → %s (signed by key %s)\n%s\n", current, rel.Version, prepared.KeyID, rel.URL)
	return nil
}

// refuse is a deliberate no with the way forward; exit 2 like other problems the
// user fixes by changing how mlinit is run.
func refuse(format string, args ...any) error {
	return &cmdutil.ExitError{Code: cmdutil.ExitUsage, Err: fmt.Errorf(format, args...)}
}

func writeCheckReport(opts *SelfUpdateOptions, r checkReport) error {
	if opts.JSON {
		return json.NewEncoder(opts.IO.Out).Encode(r)
	}
	if !r.UpdateAvailable {
		_, err := fmt.Fprintf(opts.IO.Out, "mlinit %s is up to date (latest release %s)\n", r.Current, r.Latest)
		return err
	}
	_, err := fmt.Fprintf(opts.IO.Out, "mlinit %s → %s is available: %s\nTo update, run: %s\n",
		r.Current, r.Latest, r.URL, r.UpdateCommand)
	return err
}

// confirm asks a yes/no question on the terminal; only "y" or "yes" agree.
func confirm(ios *iostreams.IOStreams, question string) (bool, error) {
	fmt.Fprint(ios.ErrOut, question)
	line, err := bufio.NewReader(ios.In).ReadString('\n')
	if err != nil && line == "" {
		if errors.Is(err, context.Canceled) {
			return false, cmdutil.ErrCancel
		}
		return false, nil
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}
