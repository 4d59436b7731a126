package engine

import (
	"bufio"
	"bytes"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
)

// pattern is one line of a .gitignore or .gitattributes file.
type pattern struct {
	base     string // directory of the file holding the pattern, "" at the root
	glob     string // doublestar glob relative to base
	negate   bool
	dirOnly  bool
	anchored bool // contains a slash: matched against the path from base, not the name
	// nameSuffix is set for the common "*.ext" name patterns, which every
	// listed file is tested against: a suffix test replaces the glob match.
	nameSuffix string
}

// parsePatterns reads gitignore syntax (gitignore(5)): blank lines and # comments
// are skipped, a leading ! negates, a trailing / matches directories only, a
// slash anywhere else anchors the pattern to the file's directory.
func parsePatterns(base string, data []byte) []pattern {
	var out []pattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if p, ok := parsePattern(base, line); ok {
			out = append(out, p)
		}
	}
	return out
}

func parsePattern(base, line string) (pattern, bool) {
	// Trailing spaces are ignored unless escaped.
	for strings.HasSuffix(line, " ") && !strings.HasSuffix(line, `\ `) {
		line = line[:len(line)-1]
	}
	if line == "" || strings.HasPrefix(line, "#") {
		return pattern{}, false
	}
	p := pattern{base: base}
	if strings.HasPrefix(line, "!") {
		p.negate = true
		line = line[1:]
	} else if strings.HasPrefix(line, `\!`) || strings.HasPrefix(line, `\#`) {
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = strings.TrimRight(line, "/")
	}
	if line == "" {
		return pattern{}, false
	}
	if strings.Contains(line, "/") {
		p.anchored = true
		line = strings.TrimPrefix(line, "/")
	}
	// gitignore has no brace expansion; doublestar does, so braces are literal.
	line = strings.NewReplacer("{", `\{`, "}", `\}`).Replace(line)
	if !doublestar.ValidatePattern(line) {
		return pattern{}, false
	}
	p.glob = line
	// Invalid UTF-8 and U+FFFD stay with the glob matcher, which compares runes.
	if rest, ok := strings.CutPrefix(line, "*"); ok && !p.anchored && rest != "" && utf8.ValidString(rest) && !strings.ContainsAny(rest, "*?[\\\uFFFD") {
		p.nameSuffix = rest
	}
	return p, true
}

// match reports whether the pattern matches rel (slash path from the root).
func (p pattern) match(rel string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	sub := rel
	if p.base != "" {
		if !strings.HasPrefix(rel, p.base+"/") {
			return false
		}
		sub = rel[len(p.base)+1:]
	}
	if p.anchored {
		ok, _ := doublestar.Match(p.glob, sub)
		return ok
	}
	name := path.Base(sub)
	if p.nameSuffix != "" {
		return strings.HasSuffix(name, p.nameSuffix)
	}
	ok, _ := doublestar.Match(p.glob, name)
	return ok
}

// ignorer answers "is this path ignored" from the .gitignore files seen so far
// during a walk. Later patterns win, as in git.
type ignorer struct {
	patterns []pattern
}

func (ig *ignorer) add(ps []pattern) { ig.patterns = append(ig.patterns, ps...) }

func (ig *ignorer) ignored(rel string, isDir bool) bool {
	ignored := false
	for _, p := range ig.patterns {
		if p.match(rel, isDir) {
			ignored = !p.negate
		}
	}
	return ignored
}

// lfsRules holds the .gitattributes patterns that set or unset filter=lfs.
type lfsRules struct {
	patterns []pattern // negate = the attribute is unset (-filter or filter=other)
}

// parseAttributes keeps the lines of a .gitattributes file that concern the lfs
// filter.
func parseAttributes(base string, data []byte) []pattern {
	var out []pattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		state := 0 // 1 set, -1 unset
		for _, a := range fields[1:] {
			switch {
			case a == "filter=lfs":
				state = 1
			case a == "-filter" || a == "!filter" || strings.HasPrefix(a, "filter="):
				state = -1
			}
		}
		if state == 0 {
			continue
		}
		p, ok := parsePattern(base, fields[0])
		if !ok || p.negate { // negative patterns are forbidden in .gitattributes
			continue
		}
		p.negate = state < 0
		out = append(out, p)
	}
	return out
}

func (l *lfsRules) lfs(rel string) bool {
	on := false
	for _, p := range l.patterns {
		if p.match(rel, false) {
			on = !p.negate
		}
	}
	return on
}
