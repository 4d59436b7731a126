package cmd

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/internal/buildinfo"
	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
)

func TestNewCmdVersionFlags(t *testing.T) {
	tests := []struct {
		args     []string
		wantJSON bool
	}{
		{args: nil, wantJSON: false},
		{args: []string{"--json"}, wantJSON: true},
	}
	for _, tt := range tests {
		ios, _, _, _ := iostreams.Test()
		var got *VersionOptions
		c := NewCmdVersion(&cmdutil.Factory{IOStreams: ios}, func(o *VersionOptions) error { got = o; return nil })
		c.SetArgs(tt.args)
		if err := c.Execute(); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if got.JSON != tt.wantJSON {
			t.Errorf("%v: JSON = %v", tt.args, got.JSON)
		}
	}
}

func TestVersionRun(t *testing.T) {
	info := buildinfo.Info{Version: "1.2.3", Commit: "abc", Date: "d", Go: "go1.x", OS: "linux", Arch: "arm64"}
	ios, _, stdout, stderr := iostreams.Test()
	if err := versionRun(&VersionOptions{IO: ios, Build: info, JSON: true}); err != nil {
		t.Fatal(err)
	}
	var back buildinfo.Info
	if err := json.Unmarshal(stdout.Bytes(), &back); err != nil {
		t.Fatalf("not JSON: %q", stdout.String())
	}
	if back != info {
		t.Errorf("round trip = %+v", back)
	}
	if strings.Count(stdout.String(), "\n") != 1 || stderr.Len() != 0 {
		t.Errorf("want one line on stdout only, got %q / %q", stdout, stderr)
	}
}
