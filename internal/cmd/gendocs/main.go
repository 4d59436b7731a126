// Command gendocs writes the man pages and shell completions that release archives
// and packages ship. goreleaser runs it as a before hook: go run ./internal/cmd/gendocs DIR
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/mlinit/mlinit/cmd"
	"github.com/mlinit/mlinit/internal/buildinfo"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendocs OUTDIR")
		os.Exit(cmdutil.ExitUsage)
	}
	if err := generate(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(cmdutil.ExitInternal)
	}
}

func generate(out string) error {
	ios := iostreams.New(nil, io.Discard, io.Discard, nil)
	root := cmd.NewCmdRoot(&cmdutil.Factory{IOStreams: ios, Build: buildinfo.Default("", "", "")})
	root.DisableAutoGenTag = true // keeps the pages byte-identical from build to build
	manDir := filepath.Join(out, "manpages")
	compDir := filepath.Join(out, "completions")
	for _, d := range []string{manDir, compDir} {
		if err := os.MkdirAll(d, 0o755); err != nil { //nolint:gosec // d is under the build's own output directory
			return err
		}
	}
	header := &doc.GenManHeader{Title: "MLINIT", Section: "1", Source: "mlinit", Manual: "mlinit manual"}
	if err := doc.GenManTree(root, header, manDir); err != nil {
		return err
	}
	return writeCompletions(root, compDir)
}

func writeCompletions(root *cobra.Command, dir string) error {
	gens := map[string]func(io.Writer) error{
		"mlinit.bash": func(w io.Writer) error { return root.GenBashCompletionV2(w, true) },
		"mlinit.zsh":  root.GenZshCompletion,
		"mlinit.fish": func(w io.Writer) error { return root.GenFishCompletion(w, true) },
		"mlinit.ps1":  root.GenPowerShellCompletionWithDesc,
	}
	for name, gen := range gens {
		f, err := os.Create(filepath.Join(dir, name)) //nolint:gosec // dir is the build's own output directory
		if err != nil {
			return err
		}
		if err := gen(f); err != nil {
			_ = f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}
