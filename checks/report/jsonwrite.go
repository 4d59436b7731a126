package report

import (
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"
)

// writeJSONReport renders the report to out exactly as encoding/json's
// Encoder with SetIndent("", "  ") does (HTML-escaped strings, empty
// collections kept compact, a final newline). A large tree has tens of
// thousands of findings, and reflection plus the separate indentation pass
// cost more than the checks that found them; the text goes out in 64 KiB
// pieces rather than as one document in memory.
// TestJSONWriterMatchesEncodingJSON holds the two together.
func writeJSONReport(out io.Writer, r *JSONReport) error {
	w := &jsonWriter{out: out, b: make([]byte, 0, jsonChunk+4096)}
	w.open('{')
	w.intField("schema_version", r.SchemaVersion)
	w.key("tool")
	w.open('{')
	w.strField("name", r.Tool.Name)
	w.strField("version", r.Tool.Version)
	w.close('}')
	w.boolField("passed", r.Passed)
	w.strField("fail_level", r.FailLevel)
	w.key("summary")
	s := r.Summary
	w.open('{')
	for _, kv := range []struct {
		k string
		v int
	}{
		{"checks", s.Checks},
		{"passed", s.Passed},
		{"failed", s.Failed},
		{"skipped", s.Skipped},
		{"ignored", s.Ignored},
		{"errors", s.Errors},
		{"warnings", s.Warnings},
		{"infos", s.Infos},
		{"fixed", s.Fixed},
		{"suppressed", s.Suppressed},
		{"files", s.Files},
	} {
		w.intField(kv.k, kv.v)
	}
	if s.ElapsedMS != nil {
		w.key("elapsed_ms")
		w.b = strconv.AppendInt(w.b, *s.ElapsedMS, 10)
	}
	w.close('}')

	w.key("checks")
	w.array(len(r.Checks), func(i int) {
		c := r.Checks[i]
		w.open('{')
		w.strField("id", c.ID)
		w.strField("title", c.Title)
		w.strField("family", c.Family)
		w.strField("scope", c.Scope)
		w.strField("severity", c.Severity)
		w.strField("status", c.Status)
		if c.Reason != "" {
			w.strField("reason", c.Reason)
		}
		w.strField("url", c.URL)
		w.boolField("fixable", c.Fixable)
		w.intField("findings", c.Findings)
		w.close('}')
	})
	w.key("ignored")
	w.array(len(r.Ignored), func(i int) {
		w.open('{')
		w.strField("id", r.Ignored[i].ID)
		w.strField("title", r.Ignored[i].Title)
		w.strField("reason", r.Ignored[i].Reason)
		w.close('}')
	})
	w.key("findings")
	w.array(len(r.Findings), func(i int) {
		w.flushIfFull()
		f := &r.Findings[i]
		w.open('{')
		w.strField("check", f.Check)
		if f.Path != "" {
			w.strField("path", f.Path)
		}
		if f.Line != 0 {
			w.intField("line", f.Line)
		}
		if f.Column != 0 {
			w.intField("column", f.Column)
		}
		w.strField("severity", f.Severity)
		w.strField("message", f.Message)
		w.boolField("fixed", f.Fixed)
		w.close('}')
	})
	w.key("fixes")
	w.array(len(r.Fixes), func(i int) {
		w.open('{')
		w.strField("path", r.Fixes[i].Path)
		w.strField("check", r.Fixes[i].Check)
		w.close('}')
	})
	w.key("errors")
	w.array(len(r.Errors), func(i int) { w.str(r.Errors[i]) })
	if r.Docstrings != nil {
		// One object per run (the docs gate): the reflective encoder is fine here.
		b, err := json.MarshalIndent(r.Docstrings, w.indent(), "  ")
		if err != nil {
			return err
		}
		w.key("docstrings")
		w.b = append(w.b, b...)
	}
	w.close('}')
	w.b = append(w.b, '\n')
	w.flush()
	return w.err
}

// jsonChunk is how much text the writer gathers before passing it on.
const jsonChunk = 64 << 10

// jsonWriter appends indented JSON. first tracks, per open container, whether
// the next member is its first (no comma before it).
type jsonWriter struct {
	out   io.Writer
	err   error // the first write error; later writes are dropped
	b     []byte
	first []bool
}

func (w *jsonWriter) flushIfFull() {
	if len(w.b) >= jsonChunk {
		w.flush()
	}
}

func (w *jsonWriter) flush() {
	if w.err == nil && len(w.b) > 0 {
		_, w.err = w.out.Write(w.b)
	}
	w.b = w.b[:0]
}

func (w *jsonWriter) indent() string {
	s := make([]byte, 2*len(w.first))
	for i := range s {
		s[i] = ' '
	}
	return string(s)
}

func (w *jsonWriter) newline() {
	w.b = append(w.b, '\n')
	for range w.first {
		w.b = append(w.b, ' ', ' ')
	}
}

// item starts a member or element: the comma and the line break before it.
func (w *jsonWriter) item() {
	if n := len(w.first); n > 0 {
		if !w.first[n-1] {
			w.b = append(w.b, ',')
		}
		w.first[n-1] = false
	}
	w.newline()
}

func (w *jsonWriter) open(c byte) {
	w.b = append(w.b, c)
	w.first = append(w.first, true)
}

func (w *jsonWriter) close(c byte) {
	empty := w.first[len(w.first)-1]
	w.first = w.first[:len(w.first)-1]
	if !empty {
		w.newline()
	}
	w.b = append(w.b, c)
}

func (w *jsonWriter) key(k string) {
	w.item()
	w.str(k)
	w.b = append(w.b, ':', ' ')
}

// array writes n elements; each call of elem writes one value.
func (w *jsonWriter) array(n int, elem func(i int)) {
	w.open('[')
	for i := range n {
		w.item()
		elem(i)
	}
	w.close(']')
}

// strField, intField and boolField write one object member.
func (w *jsonWriter) strField(k, v string) { w.key(k); w.str(v) }

func (w *jsonWriter) intField(k string, v int) { w.key(k); w.int(v) }

func (w *jsonWriter) boolField(k string, v bool) { w.key(k); w.bool(v) }

func (w *jsonWriter) int(v int) { w.b = strconv.AppendInt(w.b, int64(v), 10) }

func (w *jsonWriter) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

const hexDigits = "0123456789abcdef"

// str appends s as encoding/json does with HTML escaping on: <, > and & as
// \u escapes, control characters escaped, invalid UTF-8 replaced by U+FFFD,
// and U+2028/U+2029 escaped for JavaScript.
func (w *jsonWriter) str(s string) {
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	w.b = append(b, '"')
}
