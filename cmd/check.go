package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/config"
	"github.com/mlinit/mlinit/checks/engine"
	"github.com/mlinit/mlinit/checks/gates"
	"github.com/mlinit/mlinit/checks/native"
	checkreport "github.com/mlinit/mlinit/checks/report"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
)

// gateRepo is the native checks (repository and file scope) as a --gate name.
const gateRepo = "repo"

// changedAuto is --changed without a value: the merge-base with the default branch.
const changedAuto = "auto"

// CheckOptions holds what `mlinit check` needs.
type CheckOptions struct {
	IO      *iostreams.IOStreams
	Now     func() time.Time
	Version string
	Getwd   func() (string, error)
	// Checks is the native registry; Runner, LookPath and Environ reach the tools.
	Checks   func() []*checks.Check
	Runner   gates.Runner
	LookPath func(string) (string, error)
	Environ  func() []string
	// DocsCoverage is the docstring-coverage scanner for GT006 (nil: skipped).
	DocsCoverage gates.DocsCoverageFunc

	Paths      []string
	Gates      []string
	All        bool
	Changed    string // "" when --changed is absent; changedAuto for the merge-base
	FailLevel  string
	Formats    []string
	Fix        bool
	Jobs       int
	NoCache    bool
	gatesGiven bool
	// CacheSalt names this build of mlinit for the results cache; a different
	// build discards the cache.
	CacheSalt func() string
}

// NewCmdCheck builds `mlinit check`. runF replaces the run function in tests.
func NewCmdCheck(f *cmdutil.Factory, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{
		IO:       f.IOStreams,
		Now:      f.Now,
		Version:  f.Build.Version,
		Getwd:    os.Getwd,
		Checks:   native.All,
		Runner:   gates.ExecRunner{},
		LookPath: exec.LookPath,
		Environ:  os.Environ,
		// Docstring coverage is measured natively (interrogate-compatible).
		DocsCoverage: gates.Docstrings,
		CacheSalt:    func() string { return buildSalt(f) },
	}
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Check repo health, lint, types, tests and docs",
		Long: `Check that the project is in shape: native repository and file checks
(layout, reproducibility, hygiene, CI wiring, docs) and gates that run the
project's own tools (ruff, mypy, pytest with coverage, the docs build).

Settings live in [tool.mlinit] of pyproject.toml; thresholds come from the
tools' own tables ([tool.coverage.report] fail_under, [tool.interrogate]).

With PATH arguments (as pre-commit passes them) only file checks run, on those
files; add --all to run repository checks and gates too. Inline suppression,
in any file type: "# mlinit: ignore[HY104] reason" on the line or the line above.

Exit status: 0 no findings at or above the fail level, 1 findings, 2 usage or
configuration error, 3 a tool was missing, crashed or timed out.`,
		Example: `  mlinit check
  mlinit check --gate repo
  mlinit check --gate lint,test --fail-level warning
  mlinit check --changed            # files changed since the merge-base with main
  mlinit check --format text --format sarif=mlinit.sarif --format junit=mlinit.xml
  mlinit check --fix src/model.py notebooks/eda.ipynb`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths = args
			opts.gatesGiven = c.Flags().Changed("gate")
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return checkRun(c.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&opts.Gates, "gate", []string{gateRepo, gates.Lint, gates.Types, gates.Test, gates.Docs},
		"gates to run: repo (native checks), lint, types, test, docs")
	fl.BoolVar(&opts.All, "all", false, "with PATH arguments, also run repository checks and gates")
	fl.StringVar(&opts.Changed, "changed", "", "check files changed since `REF` (alone: the merge-base with the default branch)")
	fl.Lookup("changed").NoOptDefVal = changedAuto
	fl.StringVar(&opts.FailLevel, "fail-level", "", "lowest severity that fails the run: error, warning or info (default from [tool.mlinit] fail-level, else error)")
	fl.StringArrayVar(&opts.Formats, "format", nil, "output `FORMAT[=FILE]`: text, json, sarif, junit, github (repeatable; default text)")
	fl.BoolVar(&opts.Fix, "fix", false, "apply safe fixes and report each change")
	fl.IntVar(&opts.Jobs, "jobs", 0, "parallel workers for file checks (default: one per CPU)")
	fl.BoolVar(&opts.NoCache, "no-cache", false, "check every file afresh and leave the results cache ("+engine.CacheDirName+") alone")
	_ = cmd.RegisterFlagCompletionFunc("gate", cobra.FixedCompletions(append([]string{gateRepo}, gates.Names()...), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("fail-level", cobra.FixedCompletions([]string{"error", "warning", "info"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(checkreport.Formats(), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// validate checks flag values and combinations before anything runs.
func (o *CheckOptions) validate() error {
	known := append([]string{gateRepo}, gates.Names()...)
	seen := map[string]bool{}
	var gs []string
	for _, g := range o.Gates {
		g = strings.TrimSpace(g)
		if g == "" || seen[g] {
			continue
		}
		if err := cmdutil.OneOf("--gate", g, known...); err != nil {
			return err
		}
		seen[g] = true
		gs = append(gs, g)
	}
	if len(gs) == 0 {
		return cmdutil.UsageErrorf("--gate needs at least one of %s", strings.Join(known, ", "))
	}
	o.Gates = gs
	if o.FailLevel != "" {
		if _, err := checks.ParseSeverity(o.FailLevel); err != nil {
			return cmdutil.UsageErrorf("invalid value %q for --fail-level: accepted values are \"error\", \"warning\", \"info\"", o.FailLevel)
		}
	}
	if _, err := checkreport.ParseSpecs(o.Formats); err != nil {
		return cmdutil.UsageError(err)
	}
	if o.Jobs < 0 {
		return cmdutil.UsageErrorf("--jobs must be 0 (one per CPU) or more, got %d", o.Jobs)
	}
	if o.Changed != "" && len(o.Paths) > 0 {
		return cmdutil.UsageErrorf("--changed and PATH arguments both choose files; use one")
	}
	if strings.HasPrefix(o.Changed, "-") {
		return cmdutil.UsageErrorf("--changed=%s: not a git revision", o.Changed)
	}
	return nil
}

func (o *CheckOptions) wants(g string) bool {
	for _, x := range o.Gates {
		if x == g {
			return true
		}
	}
	return false
}

func checkRun(ctx context.Context, opts *CheckOptions) error {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	cwd, err := opts.Getwd()
	if err != nil {
		return err
	}
	root := engine.FindRoot(cwd)
	cfg, err := config.Load(root)
	if err != nil {
		return err
	}
	nativeChecks := opts.Checks()
	var ids []string
	for _, c := range append(append([]*checks.Check(nil), nativeChecks...), gates.Checks()...) {
		ids = append(ids, c.ID)
	}
	if err := cfg.Validate(ids); err != nil {
		return err
	}
	accepted := map[string][]string{}
	for _, c := range nativeChecks {
		if c.Options != nil {
			accepted[c.ID] = c.Options
		}
	}
	if err := cfg.ValidateOptions(accepted); err != nil {
		return err
	}
	if opts.FailLevel != "" {
		cfg.FailLevel, _ = checks.ParseSeverity(opts.FailLevel)
	}
	specs, _ := checkreport.ParseSpecs(opts.Formats)
	if len(specs) == 0 {
		specs = []checkreport.Spec{{Name: checkreport.FormatText}}
	}
	if v, _ := opts.IO.Getenv("GITHUB_ACTIONS"); v == "true" && !hasFormat(specs, checkreport.FormatGitHub) {
		specs = append(specs, checkreport.Spec{Name: checkreport.FormatGitHub})
	}

	// Which files: all, the arguments, or the changed ones.
	var paths []string
	limited := false
	switch {
	case len(opts.Paths) > 0:
		limited = true
		if paths, err = engine.Relative(root, cwd, opts.Paths); err != nil {
			return cmdutil.UsageError(err)
		}
	case opts.Changed != "":
		limited = true
		ref := opts.Changed
		if ref == changedAuto {
			ref = ""
		}
		if paths, err = engine.ChangedFiles(ctx, root, ref); err != nil {
			return cmdutil.UsageError(err)
		}
		if paths == nil {
			paths = []string{}
		}
	}
	whole := !limited || opts.All
	var toolGates []string
	for _, g := range gates.Names() {
		if opts.wants(g) && whole {
			toolGates = append(toolGates, g)
		}
	}
	if limited && !opts.All && opts.gatesGiven {
		var dropped []string
		for _, g := range gates.Names() {
			if opts.wants(g) {
				dropped = append(dropped, g)
			}
		}
		if len(dropped) > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "mlinit: note: gates %s run on the whole project; add --all to run them with file arguments\n", strings.Join(dropped, ", "))
		}
	}

	sel := engine.NewSelection(cfg)
	var (
		rep       *engine.Report
		engineErr error
		gateRes   []*checks.Result
		gateErrs  []string
		wg        sync.WaitGroup
		// afterNative runs the gates after the native checks (--fix).
		afterNative = func() {}
	)
	if len(toolGates) > 0 {
		tmp, err := os.MkdirTemp("", "mlinit-check-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp) //nolint:errcheck // scratch space
		env := &gates.Env{
			Root: root, Config: cfg, Getenv: opts.IO.Getenv, Environ: opts.Environ(), LookPath: opts.LookPath,
			Runner: opts.Runner, Fix: opts.Fix, TempDir: tmp, DocsCoverage: opts.DocsCoverage,
			Selected: func(id string) bool { run, _, _ := sel.Selected(id); return run },
		}
		// Tools run while the native checks use the CPUs: most of their time is
		// spent waiting on other processes. With --fix both sides rewrite files,
		// so the tools wait for the native fixes instead.
		wg.Add(1)
		runGates := func() {
			defer wg.Done()
			gateRes, gateErrs = gates.Run(ctx, env, toolGates)
		}
		if opts.Fix {
			afterNative = runGates
		} else {
			go runGates()
		}
	}
	if opts.wants(gateRepo) {
		eo := engine.Options{
			Root: root, Checks: nativeChecks, Config: cfg, Paths: paths,
			Files: true, Repo: whole, Jobs: opts.Jobs, Fix: opts.Fix, Now: now,
		}
		if !opts.NoCache && opts.CacheSalt != nil {
			eo.CacheDir, eo.CacheSalt = filepath.Join(root, engine.CacheDirName), opts.CacheSalt()
		}
		rep, engineErr = engine.Run(ctx, eo)
	} else {
		rep = &engine.Report{FailLevel: cfg.FailLevel}
		if rep.FailLevel == 0 {
			rep.FailLevel = checks.Error
		}
	}
	afterNative()
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if engineErr != nil {
		return engineErr
	}
	rep.Suppressed += engine.SuppressInline(root, gateRes)
	rep.Add(gateRes...)
	rep.Errors = append(rep.Errors, gateErrs...)
	if len(toolGates) > 0 {
		for _, c := range gates.Checks() {
			if _, ignored, reason := sel.Selected(c.ID); ignored {
				rep.Ignored = append(rep.Ignored, engine.IgnoredCheck{Meta: c.Meta, Reason: reason})
			}
		}
		sortIgnored(rep.Ignored)
	}
	rep.Elapsed = now().Sub(start)

	prefix := ""
	if hasFormat(specs, checkreport.FormatGitHub) || hasFormat(specs, checkreport.FormatSARIF) {
		prefix = engine.GitPrefix(ctx, root)
	}
	if err := writeReports(opts, cwd, specs, rep, prefix); err != nil {
		return err
	}
	switch {
	case len(rep.Errors) > 0:
		msg := rep.Errors[0]
		if n := len(rep.Errors) - 1; n > 0 {
			msg += fmt.Sprintf(" (and %d more error(s) in the report)", n)
		}
		return &cmdutil.ExitError{Code: cmdutil.ExitInternal, Err: errors.New(msg)}
	case rep.Failed():
		return &cmdutil.ExitError{Code: cmdutil.ExitFindings}
	}
	return nil
}

// buildSalt identifies the running binary: its version, and for builds that
// share a version (development builds) its path, size and modification time.
func buildSalt(f *cmdutil.Factory) string {
	salt := f.Build.Version + " " + f.Build.Commit
	if f.Executable == nil {
		return salt
	}
	exe, err := f.Executable()
	if err != nil {
		return salt
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return salt
	}
	return fmt.Sprintf("%s %s %d %d", salt, exe, fi.Size(), fi.ModTime().UnixNano())
}

func sortIgnored(ig []engine.IgnoredCheck) {
	for i := 1; i < len(ig); i++ {
		for j := i; j > 0 && ig[j].Meta.ID < ig[j-1].Meta.ID; j-- {
			ig[j], ig[j-1] = ig[j-1], ig[j]
		}
	}
}

func hasFormat(specs []checkreport.Spec, name string) bool {
	for _, s := range specs {
		if s.Name == name {
			return true
		}
	}
	return false
}

// writeReports prints every requested format. Files are written relative to the
// working directory; a failure to write one is an I/O error (exit 3) after the
// others have been written.
func writeReports(opts *CheckOptions, cwd string, specs []checkreport.Spec, rep *engine.Report, prefix string) error {
	ropts := checkreport.Options{Version: opts.Version, ShowElapsed: true, PathPrefix: prefix}
	var errs []error
	var files []string
	for _, s := range specs {
		if s.Path != "" {
			files = append(files, s.Path)
		}
	}
	for _, s := range specs {
		w := io.Writer(opts.IO.Out)
		o := ropts
		// Only the text summary shows the elapsed time: machine formats stay
		// byte-identical from run to run.
		o.ShowElapsed = s.Name == checkreport.FormatText
		if s.Path == "" {
			o.Color = s.Name == checkreport.FormatText && opts.IO.ColorEnabled()
		}
		var file *os.File
		if s.Path != "" {
			p := s.Path
			if !filepath.IsAbs(p) {
				p = filepath.Join(cwd, p)
			}
			var err error
			if file, err = os.Create(p); err != nil { //nolint:gosec // the user named this output file
				errs = append(errs, fmt.Errorf("--format %s: %w", s.Name, err))
				continue
			}
			w = file
		}
		var err error
		if s.Name == checkreport.FormatGitHub {
			see := "the job summary"
			if len(files) > 0 {
				see = strings.Join(files, " or ")
			}
			err = checkreport.GitHubAnnotations(w, rep, checkreport.GitHubOptions{SeeAlso: see, PathPrefix: prefix})
			if err == nil {
				err = writeStepSummary(opts.IO, rep, ropts)
			}
		} else {
			err = checkreport.Write(w, s.Name, rep, o)
		}
		if file != nil {
			if cerr := file.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("writing %s output: %w", s.Name, err))
		}
	}
	return errors.Join(errs...)
}

// writeStepSummary appends the Markdown summary to $GITHUB_STEP_SUMMARY within
// what is left of the step's 1 MiB.
func writeStepSummary(ios *iostreams.IOStreams, rep *engine.Report, o checkreport.Options) error {
	path, ok := ios.Getenv("GITHUB_STEP_SUMMARY")
	if !ok || path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644) //nolint:gosec // path set by the Actions runner
	if err != nil {
		return err
	}
	used := int64(0)
	if fi, err := f.Stat(); err == nil {
		used = fi.Size()
	}
	const margin = 4 << 10 // room for other steps' habit of appending a line or two
	budget := checkreport.SummaryLimit - int(used) - margin
	err = checkreport.GitHubSummary(f, rep, budget, o)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
