package native

import (
	"bytes"
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

// jsonProblems validates JSON and reports the first syntax error or duplicate
// object key, with its position. encoding/json accepts duplicate keys
// silently (last wins), so keys are tracked per object while streaming tokens.
func jsonProblems(data []byte) (pos, string) {
	if len(data) <= 4<<20 {
		// Small documents: the fast tree scanner finds syntax errors and
		// duplicate keys in one pass.
		_, err := parseJSONTree(data)
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
	// Large documents: stream tokens instead of building a tree.
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		var se *json.SyntaxError
		if asSyntax(err, &se) {
			l, c := lineCol(data, int(se.Offset)-1)
			return pos{l, c}, "invalid JSON: " + se.Error()
		}
		if err != nil {
			return pos{1, 1}, "invalid JSON: " + err.Error()
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		obj     bool
		keys    map[string]bool
		wantKey bool
	}
	var stack []frame
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return pos{}, ""
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].obj && stack[top].wantKey {
			if k, ok := tok.(string); ok {
				if stack[top].keys[k] {
					l, c := lineCol(data, keyOffset(data, int(off)))
					return pos{l, c}, fmt.Sprintf("duplicate key %q in JSON object; the earlier value is silently lost — keep one", k)
				}
				stack[top].keys[k] = true
				stack[top].wantKey = false
				continue
			}
		}
		if top >= 0 && stack[top].obj && !stack[top].wantKey {
			// This token is a value; the next token in this object is a key.
			stack[top].wantKey = true
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{obj: true, keys: map[string]bool{}, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].obj {
				stack[len(stack)-1].wantKey = true
			}
		}
	}
}

// keyOffset skips separators from the decoder's offset to the key's quote.
func keyOffset(data []byte, off int) int {
	for off < len(data) && (data[off] == ',' || data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
		off++
	}
	return off
}
