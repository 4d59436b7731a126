package cmd

import (
	"fmt"

	"github.com/spf13/cobra"
)

const exitCodesHelp = `mlinit exits with one of these codes:

  0    success
  1    check found problems at or above the fail level (--fail-level)
  2    usage or configuration error: unknown command or flag, bad argument,
       bad answer or config file, or a prompt was needed but not possible
  3    internal error, or an external tool crashed or timed out
  130  interrupted (Ctrl-C, SIGTERM, or Esc in a form)

Errors are printed once, as one line on stderr; stdout carries only data.`

// newHelpTopic makes a command that only documents something; `mlinit help NAME`
// prints it, and it is listed under "Help topics".
func newHelpTopic(name, short, long string) *cobra.Command {
	return &cobra.Command{
		Use:     name,
		Short:   short,
		Long:    long,
		GroupID: "topics",
		Args:    cobra.ArbitraryArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintln(cmd.OutOrStdout(), cmd.Long)
		},
		// A topic is read, not run: keep it out of completion and usage lines.
		ValidArgsFunction:     cobra.NoFileCompletions,
		DisableFlagsInUseLine: true,
	}
}
