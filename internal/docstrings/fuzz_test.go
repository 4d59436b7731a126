package docstrings

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func FuzzTokenize(f *testing.F) {
	for _, fx := range fixtures() {
		f.Add([]byte(fx.src))
	}
	f.Add([]byte("f'{x:{y!r}}' rb'\\'' \"\"\"\n\"\"\"\r\n\tdef f[T](): ..."))
	f.Add([]byte("\xef\xbb\xbfx = f\"{f'{1}'}\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		toks, err := Tokenize(src)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if len(toks) == 0 || toks[len(toks)-1].Kind != TokEOF {
			t.Fatal("token stream does not end with EOF")
		}
		depth := 0
		prevLine := int32(0)
		for _, tk := range toks {
			if tk.Start < 0 || tk.End < tk.Start || int(tk.End) > len(src) {
				t.Fatalf("token %v out of range [%d,%d) of %d", tk.Kind, tk.Start, tk.End, len(src))
			}
			if tk.Kind == TokString && (tk.BodyStart < tk.Start || tk.BodyEnd < tk.BodyStart || tk.BodyEnd > tk.End) {
				t.Fatalf("string body [%d,%d) outside token [%d,%d)", tk.BodyStart, tk.BodyEnd, tk.Start, tk.End)
			}
			if tk.Line < prevLine {
				t.Fatalf("line numbers go backwards: %d after %d", tk.Line, prevLine)
			}
			prevLine = tk.Line
			switch tk.Kind {
			case TokIndent:
				depth++
			case TokDedent:
				depth--
			}
			if depth < 0 {
				t.Fatal("more DEDENT than INDENT")
			}
		}
		if depth != 0 {
			t.Fatalf("unbalanced indentation: %d", depth)
		}
	})
}

func FuzzScan(f *testing.F) {
	for _, fx := range fixtures() {
		f.Add([]byte(fx.src), uint16(0))
	}
	f.Add([]byte("class A:\n    @p.setter\n    def __init__(self): 'x'\n"), uint16(0xffff))
	f.Fuzz(func(t *testing.T, src []byte, flags uint16) {
		opts := Options{
			IgnoreInitMethod: flags&1 != 0, IgnoreInitModule: flags&2 != 0, IgnoreMagic: flags&4 != 0,
			IgnoreModule: flags&8 != 0, IgnoreNestedClasses: flags&16 != 0, IgnoreNestedFunctions: flags&32 != 0,
			IgnorePrivate: flags&64 != 0, IgnoreSemiprivate: flags&128 != 0, IgnorePropertyDecorators: flags&256 != 0,
			IgnoreSetters: flags&512 != 0, IgnoreOverloadedFunctions: flags&1024 != 0,
		}
		if flags&2048 != 0 && !opts.IgnoreInitMethod {
			opts.DocstringStyle = "google"
		}
		if flags&4096 != 0 {
			opts.IgnoreRegex = []string{"^_", "x"}
		}
		if flags&8192 != 0 {
			opts.WhitelistRegex = []string{"a", "b"}
		}
		total, covered, err := countSource("f.py", src, opts)
		if err != nil {
			return
		}
		if covered < 0 || covered > total {
			t.Fatalf("covered %d of %d", covered, total)
		}
	})
}

// TestLinearTime feeds adversarial inputs of growing size and requires time to grow about
// linearly: 16× the input may take at most 64× the time (generous for caches, GC and timer
// noise; quadratic behaviour would show as 256×).
// adversarialSources are worst cases for the tokenizer: deep brackets, unterminated
// strings and f-strings, long lines and continuations, by approximate size n.
func adversarialSources() map[string]func(n int) string {
	return map[string]func(n int) string{
		"nested_brackets": func(n int) string {
			return strings.Repeat("x = "+strings.Repeat("(", 199)+strings.Repeat(")", 199)+"\n", n/400+1)
		},
		"unclosed_brackets":    func(n int) string { return strings.Repeat("[", 150) + strings.Repeat("1,\n", n/3) },
		"unterminated_string":  func(n int) string { return "x = '''" + strings.Repeat("a'' \"\"\" \\'\n", n/12) },
		"unterminated_fstring": func(n int) string { return "x = f'''" + strings.Repeat("{y!r:{z}} {{ }} \\N{x}", n/22) },
		"nested_fstrings": func(n int) string {
			return strings.Repeat(strings.Repeat("f'{", 60)+strings.Repeat("}'", 60)+"\n", n/300+1)
		},
		"many_quotes":   func(n int) string { return strings.Repeat(`"" '' r"\"" `, n/12) + "\n" },
		"named_escapes": func(n int) string { return "x = f'" + strings.Repeat(`\N{SPACE}`, n/9) + "'\n" },
		"deep_indentation": func(n int) string {
			var b strings.Builder
			for b.Len() < n {
				for d := 0; d < 99; d++ {
					b.WriteString(strings.Repeat(" ", d) + "def f():\n")
				}
				b.WriteString(strings.Repeat(" ", 99) + "pass\n")
			}
			return b.String()
		},
		"decorators":    func(n int) string { return strings.Repeat("@a.b(c)[d].setter\n", n/18) + "def f(): pass\n" },
		"continuations": func(n int) string { return "x = 1" + strings.Repeat(" + \\\n 1", n/8) + "\n" },
		"long_line":     func(n int) string { return "x = [" + strings.Repeat("1, ", n/3) + "]\n" },
		"docstring_parens": func(n int) string {
			return strings.Repeat("def f(): "+strings.Repeat("(", 190)+"'d'"+strings.Repeat(")", 190)+"\n", n/400+1)
		},
	}
}

// BenchmarkAdversarial scans each adversarial source at 64 KB and 1 MB; `make bench`
// shows ns/op growing with the input (16x), not with its square.
func BenchmarkAdversarial(b *testing.B) {
	for name, gen := range adversarialSources() {
		for _, n := range []int{1 << 16, 1 << 20} {
			src := []byte(gen(n))
			b.Run(fmt.Sprintf("%s/%dKB", name, n>>10), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					_, _, _ = countSource("adv.py", src, Options{})
				}
			})
		}
	}
}
