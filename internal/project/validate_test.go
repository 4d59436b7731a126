package project

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func valid(t *testing.T) Answers {
	t.Helper()
	a, _, err := Validate(Defaults("/somewhere/my-project", 2026))
	if err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	return a
}

func TestDefaults(t *testing.T) {
	a := valid(t)
	if a.Name != "my-project" || a.Package != "my_project" || a.Year != 2026 {
		t.Errorf("got name %q package %q year %d", a.Name, a.Package, a.Year)
	}
	if a.Python != "3.12" || a.Env != "uv" || a.Framework != "none" || a.DVCRemote != "local" || !a.Notebooks {
		t.Errorf("defaults are not the first choices: %+v", a)
	}
	if a.Author != "" || a.Email != "" {
		t.Errorf("author/email must default empty, got %q %q", a.Author, a.Email)
	}
}

func TestStdlibLists(t *testing.T) {
	if !slices.Equal(StdlibVersions(), sortedChoice(t, "python")) {
		t.Errorf("stdlib lists %v do not match the python choices", StdlibVersions())
	}
	for _, v := range StdlibVersions() {
		b, err := stdlibFS.ReadFile("stdlib/" + v + ".txt")
		if err != nil || !strings.Contains(string(b), "\nlogging\n") {
			t.Errorf("stdlib list %s missing or incomplete: %v", v, err)
		}
	}
	if got := stdlibWith("tomllib"); !slices.Equal(got, []string{"3.11", "3.12", "3.13", "3.14"}) {
		t.Errorf("tomllib in %v", got)
	}
	if got := stdlibWith("annotationlib"); !slices.Equal(got, []string{"3.14"}) {
		t.Errorf("annotationlib in %v", got)
	}
	if got := stdlibWith("distutils"); !slices.Equal(got, []string{"3.10", "3.11"}) {
		t.Errorf("distutils in %v", got)
	}
}

func sortedChoice(t *testing.T, key string) []string {
	t.Helper()
	for _, c := range Choices() {
		if c.Key == key {
			return slices.Sorted(slices.Values(c.Values))
		}
	}
	t.Fatalf("no choice %q", key)
	return nil
}

func TestValidateNames(t *testing.T) {
	tests := []struct {
		name, pkg string
		wantName  string
		wantPkg   string
		wantErr   string // substring of the single problem line
		wantNote  bool
	}{
		{name: "my-project", wantName: "my-project", wantPkg: "my_project"},
		{name: "My_Project..X", wantName: "my-project-x", wantPkg: "my_project_x", wantNote: true},
		{name: "cats-vs-dogs", pkg: "catsdogs", wantName: "cats-vs-dogs", wantPkg: "catsdogs"},
		{name: "2cool name", wantErr: `--name: "2cool name" is not a valid PEP 508`},
		{name: "-x", wantErr: "--name"},
		{name: "x-", wantErr: "--name"},
		{name: "", wantErr: "--name: \"\" must not be empty"},
		{name: "héllo", wantErr: "--name"},
		{name: "2cool", wantErr: `--package: "2cool" (derived from --name) must not start with a digit`},
		{name: "logging", wantErr: `--package: "logging" (derived from --name) is a standard-library module of Python 3.10, 3.11, 3.12, 3.13, 3.14; pass --package`},
		{name: "import", wantErr: `--package: "import" (derived from --name) is a Python keyword`},
		{name: "match", wantErr: "soft keyword"},
		{name: "ok", pkg: "type", wantErr: `--package: "type" is a Python soft keyword`},
		{name: "ok", pkg: "src", wantErr: "reserved by the project layout"},
		{name: "tests", wantErr: "reserved"},
		{name: "torch", wantErr: "shadow the import name of a dependency"},
		{name: "ok", pkg: "sklearn", wantErr: "dependency"},
		{name: "ok", pkg: "Foo", wantErr: "lower-case"},
		{name: "ok", pkg: "foo-bar", wantErr: "identifier"},
		{name: "ok", pkg: "tomllib", wantErr: "standard-library module of Python 3.11"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"_"+tt.pkg, func(t *testing.T) {
			a := valid(t)
			a.Name, a.Package = tt.name, tt.pkg
			got, notes, err := Validate(a)
			if tt.wantErr != "" {
				var ve *ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("want *ValidationError, got %v", err)
				}
				if len(ve.Problems) != 1 || strings.Contains(err.Error(), "\n") {
					t.Fatalf("want exactly one problem line, got %q", err)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %q does not contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != tt.wantName || got.Package != tt.wantPkg {
				t.Errorf("got %q/%q, want %q/%q", got.Name, got.Package, tt.wantName, tt.wantPkg)
			}
			if (len(notes) > 0) != tt.wantNote {
				t.Errorf("notes = %q", notes)
			}
			// Validation is idempotent: a validated answer set validates to itself, silently.
			again, notes2, err := Validate(got)
			if err != nil || again != got || len(notes2) != 0 {
				t.Errorf("second validation changed answers: %v %q", err, notes2)
			}
		})
	}
}

func TestValidateChoicesAndRules(t *testing.T) {
	tests := []struct {
		set     map[string]string
		wantErr []string // one per line, in order
	}{
		{set: map[string]string{"python": "2.7"}, wantErr: []string{`--python: "2.7" is not accepted; accepted values are 3.12, 3.10, 3.11, 3.13, 3.14`}},
		{set: map[string]string{"env": "pipenv", "docs": "x"}, wantErr: []string{"--env: ", "--docs: "}},
		{set: map[string]string{"docker": "cuda"}, wantErr: []string{`--docker: "cuda" needs --framework to be pytorch or lightning, not "none"`}},
		{set: map[string]string{"docker": "cuda", "framework": "sklearn"}, wantErr: []string{"--docker"}},
		{set: map[string]string{"docker": "cuda", "framework": "lightning"}},
		{set: map[string]string{"data": "none", "dvc-remote": "s3"}, wantErr: []string{`--dvc-remote: "s3" needs --data to be dvc, not "none"`}},
		{set: map[string]string{"data": "none", "dvc-remote": ""}},
		{set: map[string]string{"dvc-remote": "ftp"}, wantErr: []string{"--dvc-remote: \"ftp\" is not accepted"}},
		{set: map[string]string{"year": "99"}, wantErr: []string{"--year"}},
		{set: map[string]string{"description": "two\nlines"}, wantErr: []string{"--description"}},
		{set: map[string]string{"email": "not-an-address"}, wantErr: []string{"--email"}},
		{set: map[string]string{"email": "a@b.org", "author": "Ann Lee"}},
	}
	for _, tt := range tests {
		a := valid(t)
		for k, v := range tt.set {
			if err := a.Set(k, v); err != nil {
				t.Fatal(err)
			}
		}
		_, _, err := Validate(a)
		if len(tt.wantErr) == 0 {
			if err != nil {
				t.Errorf("%v: unexpected error %v", tt.set, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%v: want error", tt.set)
			continue
		}
		lines := strings.Split(err.Error(), "\n")
		if len(lines) != len(tt.wantErr) {
			t.Errorf("%v: got %d lines %q, want %d", tt.set, len(lines), lines, len(tt.wantErr))
			continue
		}
		for i, w := range tt.wantErr {
			if !strings.Contains(lines[i], w) {
				t.Errorf("%v: line %q does not contain %q", tt.set, lines[i], w)
			}
		}
	}
}

func TestDataDVCDefaultsRemote(t *testing.T) {
	a := valid(t)
	a.DVCRemote = ""
	got, _, err := Validate(a)
	if err != nil || got.DVCRemote != "local" {
		t.Errorf("dvc-remote = %q, err %v", got.DVCRemote, err)
	}
}

func TestCombinationRulesAreWellFormed(t *testing.T) {
	for _, r := range CombinationRules() {
		for _, key := range []string{r.Key, r.Needs} {
			if !isKey(key) {
				t.Errorf("rule names unknown option %q", key)
			}
		}
		for _, v := range r.Values {
			if !slices.Contains(choiceValues(r.Key), v) {
				t.Errorf("rule value %s=%s is not a choice", r.Key, v)
			}
		}
		for _, v := range r.Allowed {
			if !slices.Contains(choiceValues(r.Needs), v) {
				t.Errorf("rule value %s=%s is not a choice", r.Needs, v)
			}
		}
		if r.Why == "" {
			t.Errorf("rule %s=%v has no reason", r.Key, r.Values)
		}
	}
}

func choiceValues(key string) []string {
	for _, c := range Choices() {
		if c.Key == key {
			return c.Values
		}
	}
	return nil
}

func TestGetSetRoundTrip(t *testing.T) {
	a := valid(t)
	var b Answers
	Merge(&b, a, Keys())
	if a != b {
		t.Errorf("merge of every key lost something:\n%+v\n%+v", a, b)
	}
	if err := b.Set("notebooks", "maybe"); err == nil {
		t.Error("notebooks=maybe accepted")
	}
	if err := b.Set("year", "soon"); err == nil {
		t.Error("year=soon accepted")
	}
	if err := b.Set("nosuch", "x"); err == nil {
		t.Error("unknown key accepted")
	}
}

func TestRulesMarkdown(t *testing.T) {
	md := RulesMarkdown()
	if got := strings.Count(md, "\n"); got != 2+len(CombinationRules()) {
		t.Errorf("want a header and one row per rule, got:\n%s", md)
	}
	if !strings.Contains(md, "| `docker` is cuda | `framework` must be pytorch or lightning |") {
		t.Errorf("docker rule missing:\n%s", md)
	}
}
