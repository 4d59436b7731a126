package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestResolve(t *testing.T) {
	withModule := func(v string, settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{Main: debug.Module{Version: v}, Settings: settings}, true
		}
	}
	tests := []struct {
		name                  string
		version, commit, date string
		read                  func() (*debug.BuildInfo, bool)
		want                  Info
	}{
		{
			name: "ldflags win", version: "1.2.3", commit: "abc", date: "2026-01-01", read: withModule("v9.9.9"),
			want: Info{Version: "1.2.3", Commit: "abc", Date: "2026-01-01"},
		},
		{
			name: "go install", read: withModule("v0.4.0", debug.BuildSetting{Key: "vcs.revision", Value: "def"}, debug.BuildSetting{Key: "vcs.time", Value: "2026-02-02T00:00:00Z"}),
			want: Info{Version: "0.4.0", Commit: "def", Date: "2026-02-02T00:00:00Z"},
		},
		{name: "devel", read: withModule("(devel)"), want: Info{Version: "dev", Commit: "unknown", Date: "unknown"}},
		{name: "no info", read: func() (*debug.BuildInfo, bool) { return nil, false }, want: Info{Version: "dev", Commit: "unknown", Date: "unknown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Resolve(tt.version, tt.commit, tt.date, tt.read)
			if got.Version != tt.want.Version || got.Commit != tt.want.Commit || got.Date != tt.want.Date {
				t.Errorf("Resolve = %+v, want %+v", got, tt.want)
			}
			if got.Go == "" || got.OS == "" || got.Arch == "" {
				t.Errorf("runtime fields empty: %+v", got)
			}
		})
	}
}

func TestIsDev(t *testing.T) {
	for v, want := range map[string]bool{"dev": true, "0.1.0": false, "0.2.0-SNAPSHOT-abc": true, "1.0.0-rc.1": false} {
		if got := (Info{Version: v}).IsDev(); got != want {
			t.Errorf("IsDev(%q) = %v, want %v", v, got, want)
		}
	}
}
