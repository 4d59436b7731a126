package project

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// RecordName is the file every generated project carries: the record of how it
// was made, and itself a valid answers file.
const RecordName = ".mlinit.toml"

// Record is the layout of .mlinit.toml. The answers sit in their own table so
// a reader sees at a glance what was asked; files maps each generated path (not
// the record itself) to the sha256 of its content.
type Record struct {
	MlinitVersion   string            `toml:"mlinit-version"`
	TemplateVersion string            `toml:"template-version"`
	Answers         Answers           `toml:"answers"`
	Files           map[string]string `toml:"files"`
}

// EncodeRecord renders r as .mlinit.toml: a comment saying how to use it, then
// TOML with keys in a fixed order (struct order; files sorted by path).
func EncodeRecord(r Record) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Written by mlinit: how this project was generated.\n")
	b.WriteString("# `mlinit new DIR --answers .mlinit.toml` reproduces it byte for byte.\n")
	enc := toml.NewEncoder(&b)
	enc.SetIndentTables(false)
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("encode %s: %w", RecordName, err)
	}
	return b.Bytes(), nil
}

// AnswersFile is a decoded answers file: a plain file of answer keys at the top
// level, or a .mlinit.toml with an [answers] table.
type AnswersFile struct {
	Answers Answers
	// Keys are the answer keys the file sets, in form order; the rest take
	// defaults (and flags override any).
	Keys            []string
	MlinitVersion   string
	TemplateVersion string
	Files           map[string]string
}

// FilePos is one problem at a place in an answers file.
type FilePos struct {
	Line, Col int // 1-based; 0 when unknown
	Msg       string
}

// FileError reports why an answers file cannot be read, one line per problem,
// each as path:line:column: message.
type FileError struct {
	Path     string
	Problems []FilePos
}

func (e *FileError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		if p.Line > 0 {
			lines[i] = fmt.Sprintf("%s:%d:%d: %s", e.Path, p.Line, p.Col, p.Msg)
		} else {
			lines[i] = fmt.Sprintf("%s: %s", e.Path, p.Msg)
		}
	}
	return strings.Join(lines, "\n")
}

// fileDoc accepts both layouts; strict decoding refuses any other key.
type fileDoc struct {
	Answers                           // plain answers file: keys at the top level
	MlinitVersion   string            `toml:"mlinit-version"`
	TemplateVersion string            `toml:"template-version"`
	Table           *Answers          `toml:"answers"`
	Files           map[string]string `toml:"files"`
}

// DecodeAnswers decodes an answers file strictly: unknown keys and values of the
// wrong type are a *FileError naming path, line and column. Values are not judged
// here; Validate does that.
func DecodeAnswers(data []byte, path string) (*AnswersFile, error) {
	var doc fileDoc
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, tomlError(path, err)
	}
	// Decode again loosely to learn which keys are present: a key set to its zero
	// value (notebooks = false) must still override the default.
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		return nil, tomlError(path, err)
	}
	out := &AnswersFile{MlinitVersion: doc.MlinitVersion, TemplateVersion: doc.TemplateVersion, Files: doc.Files}
	present := raw
	out.Answers = doc.Answers
	if table, ok := raw["answers"].(map[string]any); ok {
		for k := range raw {
			if isKey(k) {
				return nil, &FileError{Path: path, Problems: []FilePos{{
					Msg: fmt.Sprintf("key %q is outside [answers]: put every answer in the [answers] table, or use no table at all", k),
				}}}
			}
		}
		present = table
		out.Answers = *doc.Table
	}
	for _, k := range Keys() {
		if _, ok := present[k]; ok {
			out.Keys = append(out.Keys, k)
		}
	}
	return out, nil
}

// tomlError turns go-toml's errors into a *FileError with positions and
// messages that name TOML types rather than Go types.
func tomlError(path string, err error) error {
	fe := &FileError{Path: path}
	var strict *toml.StrictMissingError
	var de *toml.DecodeError
	switch {
	case errors.As(err, &strict):
		for _, e := range strict.Errors {
			line, col := e.Position()
			fe.Problems = append(fe.Problems, FilePos{Line: line, Col: col, Msg: unknownKeyMsg(e.Key())})
		}
	case errors.As(err, &de):
		line, col := de.Position()
		fe.Problems = append(fe.Problems, FilePos{Line: line, Col: col, Msg: decodeMsg(de)})
	default:
		fe.Problems = append(fe.Problems, FilePos{Msg: strings.TrimPrefix(err.Error(), "toml: ")})
	}
	return fe
}

func unknownKeyMsg(key []string) string {
	return fmt.Sprintf("unknown key %q; accepted keys are %s, and in .mlinit.toml mlinit-version, template-version, [answers], [files]",
		strings.Join(key, "."), strings.Join(Keys(), ", "))
}

// decodeMsg rewrites "cannot decode TOML string into struct field
// project.fileDoc.Year of type int" as "year: expected an integer, got a string".
func decodeMsg(de *toml.DecodeError) string {
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	key := de.Key()
	if len(key) == 0 || !strings.HasPrefix(msg, "cannot decode TOML ") {
		return msg
	}
	got := strings.TrimPrefix(msg, "cannot decode TOML ")
	got = got[:max(strings.IndexByte(got, ' '), 0)]
	name := strings.Join(key, ".")
	if want := expectedKind(key[len(key)-1]); want != "" {
		return fmt.Sprintf("%s: expected %s, got a TOML %s", name, want, got)
	}
	return fmt.Sprintf("%s: wrong type (TOML %s)", name, got)
}

// expectedKind names the TOML type an answers-file key takes.
func expectedKind(key string) string {
	switch key {
	case "answers":
		return "a table"
	case "files":
		return "a table of path = sha256 strings"
	}
	t := reflect.TypeFor[Answers]()
	for i := range t.NumField() {
		f := t.Field(i)
		if strings.Split(f.Tag.Get("toml"), ",")[0] != key {
			continue
		}
		switch f.Type.Kind() {
		case reflect.String:
			return "a string"
		case reflect.Int:
			return "an integer"
		case reflect.Bool:
			return "a boolean (true or false)"
		default:
			return ""
		}
	}
	if key == "mlinit-version" || key == "template-version" {
		return "a string"
	}
	// A path inside [files].
	return "a string"
}

// Merge copies the options named in keys from src into dst.
func Merge(dst *Answers, src Answers, keys []string) {
	for _, k := range keys {
		_ = dst.Set(k, src.Get(k))
	}
}
