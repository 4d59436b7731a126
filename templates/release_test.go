package templates

import (
	"strings"
	"testing"
)

func TestReleaseOf(t *testing.T) {
	sha := strings.Repeat("0123456789abcdef", 3)[:40]
	if got := ReleaseOf("1.2.3", sha); got != (Release{Version: "1.2.3", Commit: sha}) {
		t.Errorf("release build: got %+v", got)
	}
	for _, c := range []struct{ version, commit string }{
		{"dev", sha}, {"1.2.3", "unknown"}, {"0.0.1-SNAPSHOT-abc", sha}, {"1.2", sha}, {"1.2.3", strings.ToUpper(sha)},
	} {
		if got := ReleaseOf(c.version, c.commit); got != (Release{}) {
			t.Errorf("ReleaseOf(%q, %q) = %+v, want the catalogue fallback", c.version, c.commit, got)
		}
	}
}

func TestCatalogueReleaseIsValid(t *testing.T) {
	v, err := LoadVersions()
	if err != nil {
		t.Fatal(err)
	}
	if ReleaseOf(v.Mlinit.Version, v.Mlinit.Commit) == (Release{}) {
		t.Errorf("[mlinit] in versions.toml is not a release: %+v", v.Mlinit)
	}
}
