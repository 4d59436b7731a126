package native

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// poetryContentHash replicates poetry's Locker._get_content_hash (poetry 2.x):
// sha256 of json.dumps(relevant, sort_keys=True) where relevant holds
// project.{requires-python,dependencies,optional-dependencies}, the top-level
// [dependency-groups] (poetry >= 2.3 only) and tool.poetry.{dependencies,
// source,extras,dev-dependencies,group}. The "legacy" keys are kept with a
// null value when absent, unless [project] or [dependency-groups] contributed
// something; with neither, the tool.poetry content goes at top level.
func poetryContentHash(pyproject map[string]any, withGroups bool) (string, error) {
	project := tbl(pyproject, "project")
	var groups map[string]any
	if withGroups {
		groups = tbl(pyproject, "dependency-groups")
	}
	poetry := tbl(pyproject, "tool", "poetry")

	relProject := map[string]any{}
	for _, k := range []string{"requires-python", "dependencies", "optional-dependencies"} {
		if v, ok := project[k]; ok && v != nil {
			relProject[k] = v
		}
	}
	legacy := map[string]bool{"dependencies": true, "source": true, "extras": true, "dev-dependencies": true}
	relPoetry := map[string]any{}
	for _, k := range []string{"dependencies", "source", "extras", "dev-dependencies", "group"} {
		v, ok := poetry[k]
		if !ok || v == nil {
			if !legacy[k] || len(relProject) > 0 || len(groups) > 0 {
				continue
			}
			v = nil
		}
		relPoetry[k] = v
	}
	var rel map[string]any
	if len(relProject) > 0 || len(groups) > 0 {
		rel = map[string]any{}
		if len(relProject) > 0 {
			rel["project"] = relProject
		}
		if len(groups) > 0 {
			rel["dependency-groups"] = groups
		}
		rel["tool"] = map[string]any{"poetry": relPoetry}
	} else {
		rel = relPoetry
	}
	s, err := pyJSONDumps(rel)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:]), nil
}

// poetryLockVersion reads "Poetry X.Y.Z" from the lock's @generated header.
func poetryLockVersion(lock []byte) string {
	first, _, _ := bytes.Cut(lock, []byte{'\n'})
	i := bytes.Index(first, []byte("Poetry "))
	if i < 0 {
		return ""
	}
	rest := first[i+len("Poetry "):]
	if j := bytes.IndexByte(rest, ' '); j >= 0 {
		rest = rest[:j]
	}
	return string(rest)
}

// versionLess compares dotted numeric versions ("2.2.1" < "2.3.0"); non-numeric
// parts compare as 0, which is enough for poetry's own release numbers.
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(leadingDigits(pa[i]))
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(leadingDigits(pb[i]))
		}
		if x != y {
			return x < y
		}
	}
	return false
}

func leadingDigits(s string) string {
	for i, c := range s {
		if c < '0' || c > '9' {
			return s[:i]
		}
	}
	return s
}

// poetryFresh tells whether the lock's content-hash matches pyproject the way
// poetry >= 2.3 decides it, including its fallback for locks written by older
// poetry (which hashed without [dependency-groups]).
func poetryFresh(pyproject map[string]any, lock []byte, recorded string) (bool, string, error) {
	h, err := poetryContentHash(pyproject, true)
	if err != nil {
		return false, "", err
	}
	if h == recorded {
		return true, h, nil
	}
	if v := poetryLockVersion(lock); v != "" && versionLess(v, "2.3.0") {
		old, err := poetryContentHash(pyproject, false)
		if err != nil {
			return false, "", err
		}
		if old == recorded {
			return true, old, nil
		}
	}
	return false, h, nil
}

// req is a PEP 508 requirement reduced to what uv records in uv.lock.
type req struct {
	Name   string
	Extras []string
	Spec   string // normalised specifier set, "" when none
	Extra  string // the `extra == '…'` the dependency belongs to (optional deps)
	URL    bool   // a direct reference (name @ url)
}

func (q req) key() string {
	s := q.Name
	if len(q.Extras) > 0 {
		s += "[" + strings.Join(q.Extras, ",") + "]"
	}
	if q.Spec != "" {
		s += q.Spec
	}
	if q.Extra != "" {
		s += " ; extra == '" + q.Extra + "'"
	}
	return s
}

type reParts struct {
	name  *regexp.Regexp
	extra *regexp.Regexp
}

func newReParts() reParts {
	return reParts{
		name:  regexp.MustCompile(`^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*`),
		extra: regexp.MustCompile(`extra\s*==\s*['"]([^'"]+)['"]`),
	}
}

// parsePEP508 parses the parts of a requirement uv keeps; ok is false for
// strings that are not requirements.
func (rp reParts) parsePEP508(s string) (req, bool) {
	var q req
	m := rp.name.FindStringSubmatchIndex(s)
	if m == nil {
		return q, false
	}
	q.Name = normName(s[m[2]:m[3]])
	rest := s[m[1]:]
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return q, false
		}
		for _, e := range strings.Split(rest[1:end], ",") {
			if e = strings.TrimSpace(e); e != "" {
				q.Extras = append(q.Extras, normName(e))
			}
		}
		sort.Strings(q.Extras)
		rest = strings.TrimSpace(rest[end+1:])
	}
	marker := ""
	if strings.HasPrefix(rest, "@") {
		q.URL = true
		// A URL ends at whitespace followed by ';' (PEP 508).
		if i := strings.Index(rest, " ;"); i >= 0 {
			marker = rest[i+2:]
		}
	} else {
		spec := rest
		if i := strings.IndexByte(rest, ';'); i >= 0 {
			spec, marker = rest[:i], rest[i+1:]
		}
		q.Spec = normSpec(spec)
	}
	if mm := rp.extra.FindStringSubmatch(marker); mm != nil {
		q.Extra = normName(mm[1])
	}
	return q, true
}

// normSpec removes spaces and parentheses and sorts the clauses, so ">= 1, <2"
// and "(<2,>=1)" compare equal.
func normSpec(s string) string {
	s = strings.NewReplacer(" ", "", "\t", "", "(", "", ")", "").Replace(s)
	if s == "" {
		return ""
	}
	parts := strings.Split(s, ",")
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// uvLockReq turns one entry of requires-dist / requires-dev into a req.
func (rp reParts) uvLockReq(v any) (req, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return req{}, false
	}
	name, _ := m["name"].(string)
	if name == "" {
		return req{}, false
	}
	q := req{Name: normName(name)}
	for _, e := range strList(m["extras"]) {
		q.Extras = append(q.Extras, normName(e))
	}
	sort.Strings(q.Extras)
	if s, ok := m["specifier"].(string); ok {
		q.Spec = normSpec(s)
	}
	for _, k := range []string{"url", "git", "path", "directory", "editable"} {
		if _, ok := m[k]; ok {
			q.URL = true
		}
	}
	if mk, ok := m["marker"].(string); ok {
		if mm := rp.extra.FindStringSubmatch(mk); mm != nil {
			q.Extra = normName(mm[1])
		}
	}
	return q, true
}

// reqKeys normalises two requirement lists for comparison: when one side
// names a direct reference (url/git/path or a [tool.uv.sources] entry) the
// specifier is not comparable, so it is dropped on both sides.
func reqKeys(qs []req, sourced map[string]bool) []string {
	out := make([]string, 0, len(qs))
	for _, q := range qs {
		if q.URL || sourced[q.Name] {
			q.Spec = ""
			q.URL = false
		}
		out = append(out, q.key())
	}
	sort.Strings(out)
	return out
}

// diffSorted returns what is only in a and only in b (both sorted).
func diffSorted(a, b []string) (onlyA, onlyB []string) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j >= len(b) || (i < len(a) && a[i] < b[j]):
			onlyA = append(onlyA, a[i])
			i++
		case i >= len(a) || b[j] < a[i]:
			onlyB = append(onlyB, b[j])
			j++
		default:
			i++
			j++
		}
	}
	return onlyA, onlyB
}

// lockedVersions maps normalised package names to versions from a uv.lock
// or poetry.lock (both use [[package]] name/version).
func lockedVersions(doc map[string]any) map[string]string {
	out := map[string]string{}
	pkgs, _ := doc["package"].([]any)
	for _, p := range pkgs {
		m, ok := p.(map[string]any)
		if !ok {
			continue
		}
		n, _ := m["name"].(string)
		v, _ := m["version"].(string)
		if n != "" && v != "" {
			out[normName(n)] = v
		}
	}
	return out
}

// specLine finds the line of the first occurrence of needle in data (1 when absent).
func specLine(data []byte, needle string) int {
	if i := bytes.Index(data, []byte(needle)); i >= 0 {
		return lineOf(data, i)
	}
	return 1
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
