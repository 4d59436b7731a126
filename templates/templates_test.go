package templates

import (
	"bytes"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/internal/project"
)

// answers returns validated answers: project defaults with fixed free text, then
// key=value overrides. It fails the test when the result is not legal.
func answers(tb testing.TB, overrides ...string) project.Answers {
	tb.Helper()
	a, err := tryAnswers(overrides...)
	if err != nil {
		tb.Fatalf("answers %v: %v", overrides, err)
	}
	return a
}

// tryAnswers is answers without a test: it reports illegal combinations.
func tryAnswers(overrides ...string) (project.Answers, error) {
	a := project.Defaults("my-project", 2026)
	a.Description = "A reproducible ML project."
	a.Author = "Ada Lovelace"
	a.Email = "ada@example.com"
	for _, kv := range overrides {
		k, v, _ := strings.Cut(kv, "=")
		if err := a.Set(k, v); err != nil {
			return project.Answers{}, err
		}
	}
	if a.Data != "dvc" {
		a.DVCRemote = ""
	}
	v, _, err := project.Validate(a)
	return v, err
}

func TestRenderDefaults(t *testing.T) {
	files, err := Render(answers(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no files")
	}
	byPath := map[string]File{}
	for i, f := range files {
		if i > 0 && files[i-1].Path >= f.Path {
			t.Errorf("not sorted: %s before %s", files[i-1].Path, f.Path)
		}
		if bytes.Contains(f.Data, []byte("\r")) {
			t.Errorf("%s contains a carriage return", f.Path)
		}
		if f.Mode != 0o644 && f.Mode != 0o755 {
			t.Errorf("%s has mode %v", f.Path, f.Mode)
		}
		byPath[f.Path] = f
	}
	// Dotfiles, __init__.py and the package placeholder survive embedding and
	// path resolution.
	for _, want := range []string{
		".gitignore", ".python-version", "src/my_project/__init__.py",
		"commands.py", "configs/config.yaml", "data/raw/.gitkeep", "LICENSE",
	} {
		if _, ok := byPath[want]; !ok {
			t.Errorf("default project lacks %s", want)
		}
	}
	if got := string(byPath[".python-version"].Data); got != "3.12\n" {
		t.Errorf(".python-version = %q", got)
	}
	if !strings.Contains(string(byPath["LICENSE"].Data), "Copyright (c) 2026 Ada Lovelace") {
		t.Errorf("LICENSE lacks the year and holder:\n%s", byPath["LICENSE"].Data)
	}
}

func TestEmbedKeepsDotfiles(t *testing.T) {
	// Without all: in the go:embed pattern these would silently vanish.
	for _, p := range []string{"project/.gitignore", "project/src/__package__/__init__.py.tmpl", "project/.gitkeep"} {
		if _, err := fs.Stat(projectFS, p); err != nil {
			t.Errorf("embedded tree lacks %s: %v", p, err)
		}
	}
}

func TestRenderDependsOnlyOnAnswers(t *testing.T) {
	a := answers(t, "name=cats-vs-dogs", "package=cats_dogs", "year=2031", "author=", "email=")
	files, err := Render(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.Contains(f.Path, PackagePlaceholder) {
			t.Errorf("unresolved placeholder in %s", f.Path)
		}
		if f.Path == "LICENSE" && !strings.Contains(string(f.Data), "2031 The cats-vs-dogs authors") {
			t.Errorf("LICENSE does not use the year and default holder:\n%s", f.Data)
		}
		if strings.Contains(string(f.Data), "my_project") || strings.Contains(string(f.Data), "Ada") {
			t.Errorf("%s leaks a value that is not in the answers", f.Path)
		}
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:      `"plain"`,
		`say "hi"`:   `"say \"hi\""`,
		`back\slash`: `"back\\slash"`,
		"tab\there":  `"tab\u0009here"`,
		"ünïcødé ✓":  `"ünïcødé ✓"`,
		"del\x7f":    `"del\u007f"`,
		"":           `""`,
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestTitle(t *testing.T) {
	if got := title("cats-vs-dogs"); got != "Cats vs dogs" {
		t.Errorf("title = %q", got)
	}
}

func TestRenderErrorsNameTheTemplate(t *testing.T) {
	d, err := NewData(answers(t))
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer()
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.renderEntries(d, []Entry{file("no/such/template.tmpl")})
	if err == nil || !strings.Contains(err.Error(), "no/such/template.tmpl") {
		t.Errorf("missing template error = %v", err)
	}
	_, err = r.renderEntries(d, []Entry{file("licenses/MIT.tmpl")})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCheckPaths(t *testing.T) {
	for _, p := range []string{"/abs", "../up", "a/../b", "a//b", `a\b`, "", "./a"} {
		if err := checkPaths([]File{{Path: p}}); err == nil {
			t.Errorf("checkPaths accepted %q", p)
		}
	}
	if err := checkPaths([]File{{Path: "a"}, {Path: "a"}}); err == nil {
		t.Error("checkPaths accepted a duplicate")
	}
	if err := checkPaths([]File{{Path: "a/b.txt"}, {Path: ".github/x.yml"}}); err != nil {
		t.Error(err)
	}
}

func BenchmarkRenderDefaults(b *testing.B) {
	a := answers(b)
	for b.Loop() {
		if _, err := Render(a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderDefaultsWarm(b *testing.B) {
	a := answers(b)
	r, err := newRenderer()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := r.render(a, Release{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestScriptEntriesAreExecutable(t *testing.T) {
	d, err := NewData(answers(t))
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer()
	if err != nil {
		t.Fatal(err)
	}
	files, err := r.renderEntries(d, []Entry{script("commands.py.tmpl"), file("CHANGELOG.md")})
	if err != nil {
		t.Fatal(err)
	}
	if files[0].Path != "CHANGELOG.md" || files[0].Mode != 0o644 || files[1].Mode != 0o755 {
		t.Errorf("modes: %s %v, %s %v", files[0].Path, files[0].Mode, files[1].Path, files[1].Mode)
	}
}

func TestDataCopiesEveryAnswer(t *testing.T) {
	// Data copies the answers field by field; a field added to project.Answers
	// must reach the templates too.
	a := answers(t, "notebooks=yes", "data=dvc", "dvc-remote=s3")
	d, err := NewData(a)
	if err != nil {
		t.Fatal(err)
	}
	av, dv := reflect.ValueOf(a), reflect.ValueOf(d)
	for i := range av.NumField() {
		name := av.Type().Field(i).Name
		got := dv.FieldByName(name)
		if !got.IsValid() {
			t.Errorf("Data has no field %s", name)
			continue
		}
		if !reflect.DeepEqual(got.Interface(), av.Field(i).Interface()) {
			t.Errorf("Data.%s = %v, answers have %v", name, got, av.Field(i))
		}
	}
}
