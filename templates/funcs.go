package templates

import (
	"fmt"
	"strings"
	"text/template"
)

// funcMap is the curated set of template functions. Version look-ups fail the
// render on an unknown name, so a typo never yields an empty version.
//
//	[[ req "ruff" ]]                 ruff>=0.16      (dependency specifier)
//	[[ spec "ruff" ]]                >=0.16          (specifier only)
//	[[ pin "uv" ]]                   0.13.0          (exact version)
//	[[ rev "astral-sh/ruff-pre-commit" ]]  v0.17.0   (pre-commit rev)
//	[[ action "actions/checkout" ]]  actions/checkout@<40 hex> # v7.0.1
//	[[ image "python" ]]             python:3.12-slim-trixie[@sha256:…]
//	[[ q .Description ]]             "…"  (a double-quoted string valid in TOML,
//	                                       YAML, JSON and Python)
//	[[ list .Deps ]]                 ["a", "b"]  (inline TOML/YAML/Python list)
func funcMap(d Data) template.FuncMap {
	return template.FuncMap{
		"req":    d.V.req,
		"spec":   d.V.spec,
		"pin":    d.V.pin,
		"rev":    d.V.rev,
		"action": d.V.action,
		"image":  func(name string) (string, error) { return d.V.image(name, d.Python) },
		"q":      quote,
		"list":   list,
		"join":   strings.Join,
		"title":  title,
		"holder": func() string { return holder(d) },
		// badge escapes a shields.io path segment (a dash is written "--").
		"badge": func(s string) string { return strings.ReplaceAll(s, "-", "--") },
		"ternary": func(cond bool, yes, no string) string {
			if cond {
				return yes
			}
			return no
		},
		// dflt writes a dataclass default (" = value") only without Hydra: with
		// Hydra the YAML files under configs/ are the single source of values.
		"dflt": func(value string) string {
			if d.Hydra {
				return ""
			}
			return " = " + value
		},
	}
}

// quote returns s as a double-quoted string using only escapes that TOML basic
// strings, YAML double-quoted scalars, JSON and Python all read the same way.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// list renders strings as an inline list of quoted items; each argument is a
// string or a []string (flattened), so `list .Package "commands"` works.
func list(items ...any) (string, error) {
	var q []string
	for _, it := range items {
		switch v := it.(type) {
		case string:
			q = append(q, quote(v))
		case []string:
			for _, s := range v {
				q = append(q, quote(s))
			}
		default:
			return "", fmt.Errorf("list: unsupported item %T", it)
		}
	}
	return "[" + strings.Join(q, ", ") + "]", nil
}

// title turns a distribution name into a heading: "cats-vs-dogs" → "Cats vs dogs".
func title(name string) string {
	s := strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(name)
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// holder is the copyright holder: the author, or the project's authors when no
// author was given (mlinit never reads a name from git or the environment).
func holder(d Data) string {
	if d.Author != "" {
		return d.Author
	}
	return "The " + d.Name + " authors"
}
