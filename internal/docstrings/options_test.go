package docstrings

import (
	"reflect"
	"strings"
	"testing"
)

func TestOptionsFromPyproject(t *testing.T) {
	got, err := OptionsFromPyproject(map[string]any{
		"fail-under":                  int64(95),
		"exclude":                     []any{"setup.py", "docs"},
		"ignore-regex":                "^get$", // a single string is accepted
		"ignore_init_method":          true,
		"ignore-init-module":          true,
		"--ignore-magic":              true,
		"ignore-module":               true,
		"ignore-nested-classes":       true,
		"ignore-nested-functions":     true,
		"ignore-private":              true,
		"ignore-semiprivate":          true,
		"ignore-property-decorators":  true,
		"ignore-setters":              true,
		"ignore-overloaded-functions": true,
		"omit-covered-files":          true,
		"ext":                         []any{"PYI"},
		"whitelist-regex":             []any{"^pub"},
		"verbose":                     int64(2),
		"color":                       true,
		"generate-badge":              ".",
		"ignore-property-setters":     true, // not an interrogate option: ignored, reported
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Options{
		FailUnder: 95, Exclude: []string{"setup.py", "docs"}, IgnoreRegex: []string{"^get$"}, WhitelistRegex: []string{"^pub"},
		Ext: []string{"pyi"}, DocstringStyle: "sphinx", IgnoreInitMethod: true, IgnoreInitModule: true, IgnoreMagic: true,
		IgnoreModule: true, IgnoreNestedClasses: true, IgnoreNestedFunctions: true, IgnorePrivate: true, IgnoreSemiprivate: true,
		IgnorePropertyDecorators: true, IgnoreSetters: true, IgnoreOverloadedFunctions: true, OmitCoveredFiles: true,
		UnknownKeys: []string{"ignore-property-setters"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}

	def, err := OptionsFromPyproject(nil)
	if err != nil || def.FailUnder != 80 || def.DocstringStyle != "sphinx" {
		t.Errorf("defaults = %+v, %v; want fail-under 80 (interrogate's default)", def, err)
	}

	over, err := got.Override(map[string]any{"fail_under": 50.5, "ignore-module": false})
	if err != nil || over.FailUnder != 50.5 || over.IgnoreModule || !over.IgnoreMagic {
		t.Errorf("override = %+v, %v", over, err)
	}
}

func TestOptionsErrors(t *testing.T) {
	for _, tc := range []struct {
		table map[string]any
		want  string
	}{
		{map[string]any{"fail-under": "high"}, "fail-under"},
		{map[string]any{"ignore-magic": "perhaps"}, "ignore-magic"},
		{map[string]any{"exclude": []any{1}}, "exclude"},
		{map[string]any{"ignore-regex": []any{"(?=lookahead)"}}, "not supported"},
		{map[string]any{"style": "numpy"}, "style"},
		{map[string]any{"ext": []any{"ipynb"}}, "ext"},
		{map[string]any{"style": "google", "ignore-init-method": true}, "mutually exclusive"},
	} {
		if _, err := OptionsFromPyproject(tc.table); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one mentioning %q", tc.table, err, tc.want)
		}
	}
}

func TestPythonRegexSemantics(t *testing.T) {
	// re.match anchors at the start only.
	re, err := pyRegexp("help")
	if err != nil {
		t.Fatal(err)
	}
	if !re.MatchString("helper") || re.MatchString("my_help") {
		t.Error("pyRegexp must behave like re.match")
	}
	re, _ = pyRegexp(`a|b\Z`)
	if !re.MatchString("b") || re.MatchString("xb") || !re.MatchString("ax") {
		t.Error("alternation must stay inside the start anchor")
	}
}

func TestPassedRounding(t *testing.T) {
	// Values checked against Python: -Decimal(str(f)).as_tuple().exponent and round().
	for f, want := range map[float64]int{80: 1, 95.5: 1, 99.25: 2, 1e-05: 5, 0.001: 3, 1e16: -16, 123.456: 3, 0: 1, 1.5e-05: 6, 100: 1} {
		if got := reprDecimals(f); got != want {
			t.Errorf("reprDecimals(%v) = %d, want %d", f, got, want)
		}
	}
	for _, tc := range []struct {
		x    float64
		n    int
		want float64
	}{{79.96, 1, 80.0}, {79.94, 1, 79.9}, {0.125, 2, 0.12}, {2.675, 2, 2.67}, {66.66666666666667, 2, 66.67}, {12.5, 0, 12}, {13.5, 0, 14}} {
		if got := roundPy(tc.x, tc.n); got != tc.want {
			t.Errorf("roundPy(%v, %d) = %v, want %v", tc.x, tc.n, got, tc.want)
		}
	}
	if !Passed(79.96, 80) || Passed(79.94, 80) || !Passed(100, 100) || !Passed(66.66666666666667, 66.67) || Passed(66.66666666666667, 66.68) {
		t.Error("Passed must compare like interrogate")
	}
}

func TestOptionsFromSetupCfg(t *testing.T) {
	got, err := OptionsFromSetupCfg(map[string]string{
		"fail-under": "90", "ignore-init-method": "True", "exclude": `["setup.py", "docs"]`, "ignore-regex": "^get,^set",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.FailUnder != 90 || !got.IgnoreInitMethod || !reflect.DeepEqual(got.Exclude, []string{"setup.py", "docs"}) ||
		!reflect.DeepEqual(got.IgnoreRegex, []string{"^get", "^set"}) {
		t.Errorf("got %+v", got)
	}
}
