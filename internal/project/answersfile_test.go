package project

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestRecordRoundTrip(t *testing.T) {
	a := valid(t)
	a.Description = `it's "quoted"`
	a.Notebooks = false
	rec := Record{
		MlinitVersion: "1.2.3", TemplateVersion: "7", Answers: a,
		Files: map[string]string{"src/my_project/__init__.py": "aa", "README.md": "bb"},
	}
	b, err := EncodeRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := EncodeRecord(rec)
	if string(b) != string(b2) {
		t.Fatal("encoding is not deterministic")
	}
	if strings.Index(string(b), "'README.md'") > strings.Index(string(b), "'src/") {
		t.Errorf("files not sorted:\n%s", b)
	}
	f, err := DecodeAnswers(b, RecordName)
	if err != nil {
		t.Fatal(err)
	}
	if f.Answers != a || f.MlinitVersion != "1.2.3" || f.TemplateVersion != "7" || len(f.Files) != 2 {
		t.Errorf("round trip lost data: %+v", f)
	}
	if !slices.Equal(f.Keys, Keys()) {
		t.Errorf("keys = %v", f.Keys)
	}
}

func TestDecodePlainPartial(t *testing.T) {
	f, err := DecodeAnswers([]byte("name = \"demo\"\nnotebooks = false\nyear = 2020\n"), "a.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Keys, []string{"name", "year", "notebooks"}) {
		t.Errorf("keys = %v", f.Keys)
	}
	base := valid(t)
	Merge(&base, f.Answers, f.Keys)
	if base.Name != "demo" || base.Notebooks || base.Year != 2020 || base.Env != "uv" {
		t.Errorf("merged = %+v", base)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"name = \"x\"\nfoo = 1\n", `a.toml:2:1: unknown key "foo"`},
		{"[answers]\nname = \"x\"\nbogus = true\n", `a.toml:3:1: unknown key "answers.bogus"`},
		{"year = \"2020\"\n", "a.toml:1:8: year: expected an integer, got a TOML string"},
		{"python = 3.12\n", "a.toml:1:10: python: expected a string, got a TOML float"},
		{"notebooks = \"yes\"\n", "a.toml:1:13: notebooks: expected a boolean"},
		{"name = \n", "a.toml:1:8: "},
		{"name = \"x\"\n[answers]\nenv = \"uv\"\n", `a.toml: key "name" is outside [answers]`},
	}
	for _, tt := range tests {
		_, err := DecodeAnswers([]byte(tt.in), "a.toml")
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Errorf("%q: want *FileError, got %v", tt.in, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q:\n got %q\nwant prefix %q", tt.in, err, tt.want)
		}
	}
}
