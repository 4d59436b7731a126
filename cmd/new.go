package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mlinit/mlinit/internal/buildinfo"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/generate"
	"github.com/mlinit/mlinit/internal/iostreams"
	"github.com/mlinit/mlinit/internal/project"
	"github.com/mlinit/mlinit/internal/prompt"
	"github.com/mlinit/mlinit/templates"
)

// NewOptions holds what `mlinit new` needs: dependencies, then parsed input.
type NewOptions struct {
	IO    *iostreams.IOStreams
	Build buildinfo.Info
	Now   func() time.Time
	// Prompt fills the options not given; prompt.Ask in production.
	Prompt func(context.Context, prompt.Options, *project.Answers) error
	Ctx    context.Context

	Dir         string
	Flags       project.Answers // raw flag values; only Given ones count
	Given       map[string]bool // options set by a flag
	AnswersFile string
	Yes         bool
	Force       bool
	DryRun      bool
	JSON        bool
	NoGit       bool

	// Set by RunE: Interactive when the form will ask; otherwise Answers are
	// validated and Notes say what normalisation changed.
	Interactive bool
	Answers     project.Answers
	Notes       []string
}

// NewCmdNew builds `mlinit new [DIR]`. runF replaces the run function in tests.
func NewCmdNew(f *cmdutil.Factory, runF func(*NewOptions) error) *cobra.Command {
	opts := &NewOptions{IO: f.IOStreams, Build: f.Build, Now: f.Now, Prompt: prompt.Ask}
	cmd := &cobra.Command{
		Use:   "new [DIR]",
		Short: "Generate a reproducible Python ML project",
		Long: `Generate a reproducible Python machine-learning project in DIR (default: the
current directory). DIR must be missing or empty; with --force, files that
already exist are kept and listed as skipped, never overwritten.

On a terminal a form asks for every option not given as a flag. Without one,
pass --yes to take the defaults for the rest, or --answers FILE to read them
from a TOML answers file. Every project records its answers in .mlinit.toml,
which is itself an answers file: 'mlinit new OTHER --answers DIR/.mlinit.toml'
reproduces the project byte for byte.

--json prints {"files":[{"path","mode","sha256","bytes"}],"tree_sha256","answers"}
(plus "skipped" with --force). tree_sha256 is the SHA-256 of one line
"<mode, 4 octal digits> <sha256 hex> <path>\n" per file, in byte order of path.

Combinations that cannot work:
` + rulesHelp(),
		Example: `  mlinit new cats-vs-dogs
  mlinit new cats-vs-dogs --yes --framework lightning --docker cuda
  mlinit new copy --answers cats-vs-dogs/.mlinit.toml
  mlinit new demo --yes --dry-run --json`,
		Args: cmdutil.MaximumArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			opts.Given = map[string]bool{}
			for _, k := range project.Keys() {
				if cmd.Flags().Changed(k) {
					opts.Given[k] = true
				}
			}
			if err := prepareNew(opts); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return newRun(opts)
		},
	}
	fl := cmd.Flags()
	for _, field := range project.Fields() {
		switch field.Key {
		case "year":
			fl.IntVar(&opts.Flags.Year, "year", 0, "licence year (default: the current year)")
		case "notebooks":
			fl.Var(&yesNoFlag{v: &opts.Flags.Notebooks}, "notebooks", "yes or no: "+field.Help+" (default yes)")
		default:
			help := field.Help
			if field.Values != nil {
				help = strings.Join(field.Values, "|") + ": " + help + " (default " + field.Values[0] + ")"
				values := field.Values
				_ = cmd.RegisterFlagCompletionFunc(field.Key, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
					return values, cobra.ShellCompDirectiveNoFileComp
				})
			}
			fl.StringVar(opts.Flags.StringField(field.Key), field.Key, "", help)
		}
	}
	fl.BoolVarP(&opts.Yes, "yes", "y", false, "take defaults for every option not given; never prompt")
	fl.StringVar(&opts.AnswersFile, "answers", "", "read options from a TOML answers `FILE` (a .mlinit.toml works); flags override it")
	fl.BoolVar(&opts.Force, "force", false, "write into a non-empty DIR; existing files are skipped, never overwritten")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "list what would be written; write nothing")
	fl.BoolVar(&opts.JSON, "json", false, "print the files, tree digest and answers as JSON on stdout")
	fl.BoolVar(&opts.NoGit, "no-git", false, "do not run git init")
	_ = cmd.MarkFlagFilename("answers", "toml")
	return cmd
}

// rulesHelp prints CombinationRules for --help; the README shows the same table.
func rulesHelp() string {
	var b strings.Builder
	for _, r := range project.CombinationRules() {
		fmt.Fprintf(&b, "  --%s %s needs --%s %s (%s)\n", r.Key, strings.Join(r.Values, "|"), r.Needs, strings.Join(r.Allowed, "|"), r.Why)
	}
	return b.String()
}

// yesNoFlag is a yes/no flag. It always takes a value: with a bare --notebooks
// meaning yes, "--notebooks no" would make "no" the DIR argument.
type yesNoFlag struct {
	v   *bool
	set bool
}

// String is empty until set, so help shows the default from the usage text only.
func (f *yesNoFlag) String() string {
	switch {
	case f.v == nil || !f.set:
		return ""
	case *f.v:
		return "yes"
	default:
		return "no"
	}
}

func (f *yesNoFlag) Set(s string) error {
	b, ok := project.ParseYesNo(s)
	if !ok {
		return errors.New("accepted values are yes, no")
	}
	*f.v, f.set = b, true
	return nil
}

func (f *yesNoFlag) Type() string { return "yes|no" }

// prepareNew finishes parsing: it layers defaults, the answers file and flags,
// decides whether to prompt, checks the target, and validates — everything that
// can be refused before anything is asked or written.
func prepareNew(opts *NewOptions) error {
	origin := map[string]string{} // key → how the user named it in a message
	a := project.Defaults(opts.Dir, opts.Now().Year())
	if opts.AnswersFile != "" {
		data, err := os.ReadFile(opts.AnswersFile)
		if err != nil {
			return cmdutil.UsageErrorf("--answers: %w", err)
		}
		file, err := project.DecodeAnswers(data, opts.AnswersFile)
		if err != nil {
			return cmdutil.UsageError(err)
		}
		project.Merge(&a, file.Answers, file.Keys)
		for _, k := range file.Keys {
			origin[k] = opts.AnswersFile + ": " + k
		}
		opts.Notes = append(opts.Notes, versionNote(opts.AnswersFile, file, opts.Build.Version)...)
	}
	var given []string
	for _, k := range project.Keys() {
		if opts.Given[k] {
			given = append(given, k)
			origin[k] = "--" + k
		}
	}
	project.Merge(&a, opts.Flags, given)
	if _, ok := origin["name"]; !ok {
		origin["name"] = "--name (default: base name of DIR)"
	}
	where := func(k string) string {
		if o, ok := origin[k]; ok {
			return o
		}
		return "--" + k
	}

	if !opts.Yes && opts.AnswersFile == "" {
		if !opts.IO.CanPrompt() {
			return cmdutil.UsageErrorf("no terminal to prompt on: pass --yes to take the defaults, or --answers FILE, and any of %s", flagList())
		}
		opts.Interactive = true
	}
	if err := generate.CheckTarget(opts.Dir, opts.Force); err != nil {
		return targetError(err)
	}
	validated, notes, err := project.Validate(a)
	if opts.Interactive {
		// Only what the user already typed can be wrong yet; the form asks the rest.
		if err = onlyGiven(err, opts.Given); err != nil {
			return err
		}
		opts.Answers = a
		return nil
	}
	var ve *project.ValidationError
	if errors.As(err, &ve) {
		ve.Where = where
		return cmdutil.UsageError(ve)
	}
	opts.Answers, opts.Notes = validated, append(opts.Notes, notes...)
	return nil
}

// versionNote warns when a record was written by another mlinit or template
// version: the answers still apply, but the output is only byte-identical for
// the same versions.
func versionNote(path string, file *project.AnswersFile, version string) []string {
	if file.MlinitVersion == "" && file.TemplateVersion == "" {
		return nil
	}
	if file.MlinitVersion == version && file.TemplateVersion == templates.Version() {
		return nil
	}
	return []string{fmt.Sprintf("%s was written by mlinit %s (templates %s); this is mlinit %s (templates %s), so files may differ",
		path, file.MlinitVersion, file.TemplateVersion, version, templates.Version())}
}

// onlyGiven keeps the problems whose options were all given as flags.
func onlyGiven(err error, given map[string]bool) error {
	var ve *project.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var keep []project.Problem
	for _, p := range ve.Problems {
		if given[p.Key] && (p.Other == "" || given[p.Other]) && (p.Key != "package" || !p.Derived) {
			keep = append(keep, p)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	return cmdutil.UsageError(&project.ValidationError{Problems: keep})
}

func flagList() string {
	keys := project.Keys()
	for i, k := range keys {
		keys[i] = "--" + k
	}
	return strings.Join(keys, " ")
}

func targetError(err error) error {
	var te *generate.TargetError
	if errors.As(err, &te) {
		return cmdutil.UsageError(err)
	}
	return err
}

func newRun(opts *NewOptions) error {
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	if opts.Interactive {
		a := opts.Answers
		if err := opts.Prompt(ctx, prompt.Options{IO: opts.IO, Given: opts.Given, Accessible: prompt.Accessible(opts.IO)}, &a); err != nil {
			return err
		}
		validated, notes, err := project.Validate(a)
		if err != nil {
			return cmdutil.UsageError(err)
		}
		opts.Answers, opts.Notes = validated, append(opts.Notes, notes...)
	}
	for _, n := range opts.Notes {
		fmt.Fprintf(opts.IO.ErrOut, "mlinit: %s\n", n)
	}

	tree, err := buildTree(opts.Answers, opts.Build)
	if err != nil {
		return err
	}
	var res generate.Result
	if opts.DryRun {
		res, err = generate.Plan(tree, opts.Dir, opts.Force)
	} else {
		res, err = generate.Write(ctx, tree, opts.Dir, opts.Force)
	}
	if err != nil {
		return targetError(err)
	}
	if err := report(opts, tree, res); err != nil {
		return err
	}
	if opts.DryRun {
		return nil
	}
	if !opts.NoGit {
		gitInit(ctx, opts)
	}
	nextSteps(opts)
	return nil
}

// buildTree renders the templates in memory and adds the record. A release build
// pins its own release in the project's hooks and CI, so they match this binary.
func buildTree(a project.Answers, build buildinfo.Info) (*generate.Tree, error) {
	version := build.Version
	rendered, err := templates.RenderFor(a, templates.ReleaseOf(build.Version, build.Commit))
	if err != nil {
		return nil, fmt.Errorf("render templates: %w", err)
	}
	files := make([]generate.File, len(rendered))
	for i, f := range rendered {
		files[i] = generate.File{Path: f.Path, Mode: f.Mode, Data: f.Data}
	}
	return generate.Build(files, a, version, templates.Version())
}

// report prints the JSON summary, or the dry-run listing, on stdout; the
// status of a real run goes to stderr.
func report(opts *NewOptions, tree *generate.Tree, res generate.Result) error {
	if opts.JSON {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(tree.Summarize(res.Skipped))
	}
	if opts.DryRun {
		for _, p := range res.Written {
			if _, err := fmt.Fprintf(opts.IO.Out, "would write %s\n", p); err != nil {
				return err
			}
		}
		for _, p := range res.Skipped {
			if _, err := fmt.Fprintf(opts.IO.Out, "would skip %s (exists)\n", p); err != nil {
				return err
			}
		}
		return nil
	}
	for _, p := range res.Skipped {
		fmt.Fprintf(opts.IO.ErrOut, "skipped %s (exists)\n", p)
	}
	fmt.Fprintf(opts.IO.ErrOut, "created %s: %d files written, %d skipped\n", opts.Dir, len(res.Written), len(res.Skipped))
	return nil
}

// gitInit makes the project a repository unless it already sits in one. The
// project is complete without it, so a failure is a warning, not an error.
func gitInit(ctx context.Context, opts *NewOptions) {
	pathEnv, _ := opts.IO.Getenv("PATH")
	git := generate.NewGit(pathEnv)
	if !git.Available() || git.InsideWorkTree(ctx, opts.Dir) {
		return
	}
	if err := git.Init(ctx, opts.Dir); err != nil {
		fmt.Fprintf(opts.IO.ErrOut, "mlinit: warning: %v\n", err)
	}
}

// nextSteps prints at most three commands: cd, install, pre-commit install,
// as the generated README's Setup section spells them.
func nextSteps(opts *NewOptions) {
	var lines []string
	if abs, err := filepath.Abs(opts.Dir); err == nil {
		if wd, err := os.Getwd(); err != nil || wd != abs {
			lines = append(lines, "cd "+shellQuote(opts.Dir))
		}
	}
	switch opts.Answers.Env {
	case "poetry":
		lines = append(lines, "poetry lock && poetry sync", "poetry run pre-commit install")
	case "pip":
		// The pip-tools lock steps are five commands; the README has them.
		lines = append(lines, "python -m venv .venv && . .venv/bin/activate, then the pip-tools steps under Setup in README.md", "pre-commit install")
	case "conda":
		lines = append(lines, "conda env create -f environment.yml && conda activate "+opts.Answers.Name, "pre-commit install")
	default:
		lines = append(lines, "uv sync", "uv run pre-commit install")
	}
	for _, l := range lines {
		fmt.Fprintf(opts.IO.ErrOut, "  %s\n", l)
	}
}

// shellQuote quotes a directory for copy and paste when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+@:") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
