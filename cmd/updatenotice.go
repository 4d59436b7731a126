package cmd

import (
	"context"
	"time"

	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/selfupdate"
	"github.com/mlinit/mlinit/internal/update"
)

// startUpdateNotice starts the background release check for one command line, or
// returns nil (a valid no-op *update.Notifier) when no notice may be shown.
func startUpdateNotice(ctx context.Context, f *cmdutil.Factory, args []string) *update.Notifier {
	ios := f.IOStreams
	if !update.Enabled(ios.Getenv, ios.IsStderrTTY(), f.Build.IsDev()) || f.HTTPClient == nil {
		return nil
	}
	if len(args) > 0 {
		switch args[0] {
		// self-update reports versions itself; completion output is read by shells,
		// often in the background, where a notice is noise.
		case "self-update", "completion", "__complete", "__completeNoDesc":
			return nil
		}
	}
	stateFile, err := update.DefaultStateFile(ios.Getenv)
	if err != nil {
		return nil
	}
	now := f.Now
	if now == nil {
		now = time.Now
	}
	return update.Start(ctx, update.Options{
		Current:   f.Build.Version,
		StateFile: stateFile,
		Now:       now,
		Latest: func(ctx context.Context) (*selfupdate.Release, error) {
			hc, err := f.HTTPClient()
			if err != nil {
				return nil, err
			}
			short := *hc
			short.Timeout = 10 * time.Second // a notice is never worth a long wait
			gh, err := selfupdate.NewGitHub(selfupdate.GitHubOptionsFromEnv(&short, ios.Getenv))
			if err != nil {
				return nil, err
			}
			return gh.Release(ctx, "")
		},
		UpdateCommand: func() string {
			if f.Executable != nil {
				if exe, err := f.Executable(); err == nil {
					m := selfupdate.DetectManager(ctx, exe, selfupdate.DefaultManagedOptions(ios.Getenv))
					if m != nil {
						return m.Command
					}
				}
			}
			return "mlinit self-update"
		},
	})
}
