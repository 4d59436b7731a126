// Package cmd builds mlinit's cobra commands. Every command is made by a constructor;
// the wiring is explicit in NewCmdRoot and nothing is registered at package init.
package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mlinit/mlinit/internal/cmdutil"
)

// NewCmdRoot builds the whole command tree for one run.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	var noInput bool
	root := &cobra.Command{
		Use:   "mlinit <command>",
		Short: "Generate reproducible Python ML projects and keep them healthy",
		Long: `mlinit generates a reproducible Python machine-learning project that is right on
day 0, and checks that it stays right: repo health, lint, types, tests and docs,
with the same verdict on a laptop, in pre-commit and in GitHub Actions.`,
		Version:       f.Build.Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		// Without Args and RunE cobra prints help for "mlinit nosuch" and exits 0.
		Args: unknownCommand,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
		PersistentPreRun: func(*cobra.Command, []string) {
			f.IOStreams.SetNeverPrompt(noInput)
		},
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.SuggestionsMinimumDistance = 2
	root.SetVersionTemplate("mlinit {{.Version}}\n")
	root.PersistentFlags().BoolVar(&noInput, "no-input", false, "never prompt; take every answer from flags or files")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return cmdutil.UsageError(err)
	})
	// Help and usage are data the user asked for: stdout. Errors never go through cobra.
	root.SetOut(f.IOStreams.Out)
	root.SetErr(f.IOStreams.ErrOut)

	root.AddGroup(
		&cobra.Group{ID: "main", Title: "Commands:"},
		&cobra.Group{ID: "other", Title: "Other commands:"},
		&cobra.Group{ID: "topics", Title: "Help topics:"},
	)
	root.SetHelpCommandGroupID("other")
	// Main commands, in help order. Each command's issue adds its constructor here.
	for _, c := range []*cobra.Command{
		NewCmdNew(f, nil),
		NewCmdCheck(f, nil),
		NewCmdSelfUpdate(f, nil),
	} {
		c.GroupID = "main"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{
		NewCmdVersion(f, nil),
		NewCmdCompletion(f),
	} {
		c.GroupID = "other"
		root.AddCommand(c)
	}
	root.AddCommand(newHelpTopic("exit-codes", "Exit codes and what they mean", exitCodesHelp))
	return root
}

func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	hint := ""
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		hint = fmt.Sprintf(" (did you mean %q?)", s[0])
	}
	return cmdutil.UsageErrorf("unknown command %q for %q%s; see 'mlinit --help'", args[0], cmd.CommandPath(), hint)
}
