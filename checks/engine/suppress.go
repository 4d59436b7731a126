package engine

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/mlinit/mlinit/checks"
)

var suppressMarker = []byte("mlinit: ignore[") //nolint:gochecknoglobals // constant bytes

// suppressed reports whether an inline comment silences f. The syntax is the
// same in every file type — `mlinit: ignore[HY104] reason` (several IDs or family
// prefixes separated by commas) after any comment leader (#, //, <!--, --, ;)
// on the finding's line or the line above. A finding without a line is
// silenced from the file's first line. The text is matched anywhere on the
// line, so it also works inside notebook cell sources and YAML/TOML comments.
func suppressed(data []byte, f checks.Finding) bool {
	if data == nil || !bytes.Contains(data, suppressMarker) {
		return false
	}
	line := max(f.Line, 1)
	for _, n := range []int{line, line - 1} {
		if n < 1 {
			continue
		}
		if l := lineAt(data, n); l != nil && ignoresID(l, f.CheckID) {
			return true
		}
	}
	return false
}

// lineAt returns line n (1-based) of data, or nil.
func lineAt(data []byte, n int) []byte {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return nil
		}
		data = data[j+1:]
	}
	if j := bytes.IndexByte(data, '\n'); j >= 0 {
		data = data[:j]
	}
	return data
}

// ignoresID reads every `mlinit: ignore[...]` on the line.
func ignoresID(line []byte, id string) bool {
	for {
		i := bytes.Index(line, suppressMarker)
		if i < 0 {
			return false
		}
		line = line[i+len(suppressMarker):]
		end := bytes.IndexByte(line, ']')
		if end < 0 {
			return false
		}
		for _, tok := range strings.Split(string(line[:end]), ",") {
			tok = strings.TrimSpace(tok)
			if tok != "" && (tok == "ALL" || strings.HasPrefix(id, tok)) {
				return true
			}
		}
		line = line[end:]
	}
}

// SuppressInline drops the findings of results produced outside the engine
// (the gates: ruff, mypy, pytest) that an inline `mlinit: ignore[...]`
// comment silences, so one syntax works for every finding; it returns how
// many it dropped. Each file named by a finding is read once, without
// following a symlink out of root.
func SuppressInline(root string, results []*checks.Result) int {
	r, err := os.OpenRoot(root)
	if err != nil {
		return 0
	}
	defer r.Close() //nolint:errcheck // read-only
	contents := map[string][]byte{}
	dropped := 0
	for _, res := range results {
		before := len(res.Findings)
		kept := res.Findings[:0]
		for _, f := range res.Findings {
			data, seen := contents[f.Path]
			if !seen && f.Path != "" {
				data, _ = r.ReadFile(filepath.FromSlash(f.Path))
				contents[f.Path] = data
			}
			if suppressed(data, f) {
				dropped++
				continue
			}
			kept = append(kept, f)
		}
		res.Findings = kept
		if res.Status == checks.Fail && before > 0 && len(kept) == 0 {
			res.Status = checks.Pass // every reason it failed is silenced
		}
	}
	return dropped
}
