package cmd

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/mlinit/mlinit/internal/buildinfo"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
)

// Main runs mlinit as a process: real streams, real environment, signal-aware
// context. It returns the exit code; only package main calls os.Exit.
func Main(build buildinfo.Info) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	f := &cmdutil.Factory{
		IOStreams:  iostreams.System(),
		Build:      build,
		Now:        time.Now,
		HTTPClient: func() (*http.Client, error) { return &http.Client{Timeout: 60 * time.Second}, nil },
		Executable: os.Executable,
	}
	return Execute(ctx, f, os.Args[1:])
}

// Execute runs one command line against the given dependencies and maps the outcome
// to an exit code. It is the single place where errors are printed.
func Execute(ctx context.Context, f *cmdutil.Factory, args []string) int {
	// The release check runs in the background while the command runs; its notice
	// is printed after the command's output (updatenotice.go).
	notice := startUpdateNotice(ctx, f, args)
	root := NewCmdRoot(f)
	root.SetArgs(args)
	failed, err := root.ExecuteContextC(ctx)
	if err != nil {
		err = classify(root, failed, err)
		if msg := cmdutil.Message(err); msg != "" {
			for _, line := range problemLines(msg) {
				fmt.Fprintf(f.IOStreams.ErrOut, "mlinit: %s\n", line)
			}
		}
	}
	notice.Finish(f.IOStreams.ErrOut)
	return cmdutil.ExitCode(ctx, err)
}

// classify turns cobra's plain errors for unknown commands into usage errors, with
// the suggestion folded into the same line.
func classify(root, failed *cobra.Command, err error) error {
	var flagErr *cmdutil.FlagError
	if errors.As(err, &flagErr) {
		return withHelpHint(failed, err)
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "unknown command ") {
		first := strings.SplitN(msg, "\n", 2)[0]
		var name string
		if _, scanErr := fmt.Sscanf(first, "unknown command %q", &name); scanErr == nil {
			if s := root.SuggestionsFor(name); len(s) > 0 {
				first += fmt.Sprintf(" (did you mean %q?)", s[0])
			}
		}
		return cmdutil.UsageErrorf("%s; see 'mlinit --help'", first)
	}
	return err
}

func withHelpHint(failed *cobra.Command, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "--help") || failed == nil {
		return err
	}
	return &cmdutil.FlagError{Err: fmt.Errorf("%s; see '%s --help'", msg, failed.CommandPath())}
}

// problemLines splits an error into one line per problem: validation reports each
// bad answer on its own line; anything else is a single line.
func problemLines(s string) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}
