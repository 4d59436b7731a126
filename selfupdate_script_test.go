package main

import (
	"runtime"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/mlinit/mlinit/internal/selfupdate"
	"github.com/mlinit/mlinit/internal/selfupdate/selfupdatetest"
)

// cmdFakeGitHub starts a loopback stand-in for the GitHub API for the rest of the
// script and points MLINIT_GITHUB_API_URL at it:
//
//	fakegithub [-tampered] TAG...
//
// Each TAG becomes a release for this platform, signed with a throwaway key (so
// this binary, which trusts only the production keys, can check but never install
// it). -tampered changes the archives after signing.
func cmdFakeGitHub(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage: fakegithub [-tampered] TAG...")
	}
	tampered := false
	if len(args) > 0 && args[0] == "-tampered" {
		tampered, args = true, args[1:]
	}
	if len(args) == 0 {
		ts.Fatalf("usage: fakegithub [-tampered] TAG...")
	}
	priv, _ := selfupdatetest.NewKey()
	var releases []*selfupdatetest.Release
	for _, tag := range args {
		rel := selfupdatetest.NewRelease(tag, priv, runtime.GOOS+"/"+runtime.GOARCH)
		if tampered {
			name := selfupdate.AssetName(tag, runtime.GOOS, runtime.GOARCH)
			rel.Assets[name] = append(rel.Assets[name], 0)
		}
		releases = append(releases, rel)
	}
	srv := selfupdatetest.NewServer(releases...)
	ts.Defer(srv.Close)
	ts.Setenv(selfupdate.EnvAPIURL, srv.APIURL())
}
