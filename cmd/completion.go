package cmd

import (
	"github.com/spf13/cobra"

	"github.com/mlinit/mlinit/internal/cmdutil"
)

// NewCmdCompletion builds `mlinit completion SHELL`. Written by hand instead of cobra's
// default so the script goes to the injected stdout and bad shells are usage errors.
func NewCmdCompletion(f *cmdutil.Factory) *cobra.Command {
	shells := []string{"bash", "zsh", "fish", "powershell"}
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `Print a completion script for the given shell to stdout.

  bash:       source <(mlinit completion bash)
  zsh:        mlinit completion zsh > "${fpath[1]}/_mlinit"
  fish:       mlinit completion fish > ~/.config/fish/completions/mlinit.fish
  powershell: mlinit completion powershell | Out-String | Invoke-Expression`,
		ValidArgs: shells,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdutil.UsageErrorf("completion needs exactly one shell: bash, zsh, fish or powershell")
			}
			return cmdutil.OneOf("the shell argument", args[0], shells...)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root, out := cmd.Root(), f.IOStreams.Out
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(out, true)
			case "zsh":
				return root.GenZshCompletion(out)
			case "fish":
				return root.GenFishCompletion(out, true)
			default:
				return root.GenPowerShellCompletionWithDesc(out)
			}
		},
	}
}
