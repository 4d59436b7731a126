package native

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// JSON side of HY105: syntax errors and duplicate keys with positions, and
// which files are JSON with comments.

// jsoncFile recognises JSON files that editors and tools read as JSON with
// comments and trailing commas.
func jsoncFile(p string) bool {
	b := strings.ToLower(base(p))
	switch {
	case ext(p) == ".jsonc", strings.HasSuffix(b, ".code-workspace"):
		return true
	case b == "devcontainer.json" || b == ".devcontainer.json" || strings.HasPrefix(p, ".devcontainer/"):
		return true
	case strings.HasPrefix(p, ".vscode/") || strings.Contains(p, "/.vscode/"):
		return true
	case strings.HasPrefix(b, "tsconfig") || strings.HasPrefix(b, "jsconfig") || b == ".eslintrc.json" || b == "biome.json" ||
		b == "turbo.json" || b == "renovate.json" || b == ".babelrc" || b == "language-configuration.json":
		return true
	}
	return false
}

// jsonErrPos finds a position in a JSON (or hujson) error.
func jsonErrPos(data []byte, err error) (int, int) {
	var se *json.SyntaxError
	if ok := asSyntax(err, &se); ok {
		return lineCol(data, int(se.Offset)-1)
	}
	// hujson errors read "hujson: line 3, column 5: …".
	var l, c int
	s := err.Error()
	if i := strings.Index(s, "line "); i >= 0 {
		// A message without the position leaves l at 0, handled below.
		_, _ = fmt.Sscanf(s[i:], "line %d, column %d", &l, &c)
	}
	if l == 0 {
		l, c = 1, 1
	}
	return l, c
}

func asSyntax(err error, se **json.SyntaxError) bool {
	return errors.As(err, se)
}

// jsonProblems validates JSON and reports the first syntax error or, in a
// valid document, the first duplicate object key (encoding/json accepts them
// silently, last wins) or value nested deeper than maxJSONDepth, with its
// position. One scan of any size, no tree: validateJSON keeps memory bounded.
func jsonProblems(data []byte) (pos, string) {
	err := validateJSON(data)
	if err == nil {
		return pos{}, ""
	}
	l, c := lineCol(data, jsonErrOffset(err, data))
	var pe *jsonPosErr
	if errors.As(err, &pe) && strings.HasPrefix(pe.msg, "duplicate key") {
		return pos{l, c}, pe.msg + " in JSON object; the earlier value is silently lost — keep one"
	}
	return pos{l, c}, "invalid JSON: " + oneLine(err.Error())
}
