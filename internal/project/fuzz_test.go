package project

import (
	"errors"
	"strings"
	"testing"
)

// FuzzValidateNames: any name/package pair either validates to a normalised,
// stable answer set or yields a *ValidationError; never a panic.
func FuzzValidateNames(f *testing.F) {
	for _, s := range []string{"my-project", "2cool name", "logging", "import", "My__Pkg", "a", "-", "é", "x\x00y", "tests"} {
		f.Add(s, "")
		f.Add("ok", s)
	}
	base := Defaults("/x/demo", 2026)
	f.Fuzz(func(t *testing.T, name, pkg string) {
		a := base
		a.Name, a.Package = name, pkg
		got, _, err := Validate(a)
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("untyped or empty error %T %v", err, err)
			}
			return
		}
		if got.Name != NormalizeName(got.Name) || checkPackage(got.Package) != "" {
			t.Fatalf("accepted %q/%q", got.Name, got.Package)
		}
		if strings.ContainsAny(got.Name+got.Package, " \n/\\") {
			t.Fatalf("accepted unsafe %q/%q", got.Name, got.Package)
		}
		if again, _, err := Validate(got); err != nil || again != got {
			t.Fatalf("not stable: %v", err)
		}
	})
}

// FuzzDecodeAnswers: any input decodes or yields a *FileError; never a panic.
func FuzzDecodeAnswers(f *testing.F) {
	for _, s := range []string{
		"name = \"x\"\n", "[answers]\nyear = 2020\n", "foo = 1", "year = \"x\"", "[files]\n'a' = 1",
		"mlinit-version = '1'\n[answers]\nnotebooks = true\n[files]\n'a/b' = 'c'\n", "name = \n", "[[answers]]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := DecodeAnswers(data, "f.toml")
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || len(fe.Problems) == 0 {
				t.Fatalf("untyped or empty error %T %v", err, err)
			}
			return
		}
		for _, k := range got.Keys {
			if !isKey(k) {
				t.Fatalf("unknown key %q reported present", k)
			}
		}
		_, _, err = Validate(got.Answers)
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("untyped validation error %T", err)
			}
		}
	})
}
