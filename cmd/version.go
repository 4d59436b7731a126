package cmd

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mlinit/mlinit/internal/buildinfo"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
)

// VersionOptions holds what `mlinit version` needs.
type VersionOptions struct {
	IO    *iostreams.IOStreams
	Build buildinfo.Info
	JSON  bool
}

// NewCmdVersion builds `mlinit version`. runF replaces the run function in tests.
func NewCmdVersion(f *cmdutil.Factory, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{IO: f.IOStreams, Build: f.Build}
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print version, commit, build date and platform",
		Example: "  mlinit version\n  mlinit version --json",
		Args:    cmdutil.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return versionRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print one JSON object")
	return cmd
}

func versionRun(opts *VersionOptions) error {
	b := opts.Build
	if opts.JSON {
		enc := json.NewEncoder(opts.IO.Out)
		return enc.Encode(b)
	}
	_, err := fmt.Fprintf(opts.IO.Out, "mlinit %s\ncommit: %s\nbuilt:  %s\ngo:     %s\nos/arch: %s/%s\n",
		b.Version, b.Commit, b.Date, b.Go, b.OS, b.Arch)
	return err
}
