package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
	"github.com/mlinit/mlinit/checks/gates"
	"github.com/mlinit/mlinit/checks/native"
	"github.com/mlinit/mlinit/internal/golden"
	"github.com/mlinit/mlinit/internal/project"
)

// TestReadmeGenerated keeps the README's generated sections (the check catalogue
// that findings link to, and the option combination rules) equal to the code.
// `go test -run TestReadmeGenerated . -args -update` rewrites them.
func TestReadmeGenerated(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	got := readme
	for _, s := range []struct{ name, body string }{
		{"check-catalogue", checkCatalogue()},
		{"combination-rules", project.RulesMarkdown()},
	} {
		begin, end := "<!-- BEGIN "+s.name+" -->\n", "<!-- END "+s.name+" -->"
		i, j := strings.Index(got, begin), strings.Index(got, end)
		if i < 0 || j < i {
			t.Fatalf("README.md lacks the %q and %q markers", begin, end)
		}
		got = got[:i+len(begin)] + s.body + got[j:]
	}
	if got == readme {
		return
	}
	if golden.Updating() {
		if err := os.WriteFile("README.md", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Error("README.md generated sections are out of date; run: go test -run TestReadmeGenerated . -args -update")
}

func checkCatalogue() string {
	families := []struct{ prefix, title string }{
		{checks.FamilyLayout, "Layout and packaging"},
		{checks.FamilyRepro, "Reproducibility"},
		{checks.FamilyHygiene, "Hygiene"},
		{checks.FamilyCI, "CI workflows and hook wiring"},
		{checks.FamilyDocs, "Documentation"},
		{checks.FamilyGate, "Gates (the project's own tools)"},
	}
	all := append(native.All(), gates.Checks()...)
	scope := map[checks.Scope]string{checks.ScopeFile: "file", checks.ScopeRepo: "repo", checks.ScopeGate: "gate"}
	var b strings.Builder
	for _, fam := range families {
		fmt.Fprintf(&b, "#### %s — %s\n\n", fam.prefix, fam.title)
		for _, c := range all {
			if c.Family() != fam.prefix {
				continue
			}
			fix := ""
			if c.Fixable {
				fix = ", fixable"
			}
			fmt.Fprintf(&b, "- <a id=\"%s\"></a>**%s** %s (%s, %s%s).", strings.ToLower(c.ID), c.ID, c.Title, c.Severity, scope[c.Scope], fix)
			if c.Help != "" {
				b.WriteString(" " + strings.TrimSpace(c.Help))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}
