package docstrings

import (
	"strings"
	"testing"
)

// fixture is one Python file with the totals interrogate 1.7.0 reports for it. Every
// fixture is also part of the differential corpus (corpus_test.go), so the expectations
// here are checked against the real interrogate whenever it is available.
type fixture struct {
	name string
	py   int // minimum Python minor version (3.x) whose ast.parse accepts the source
	src  string
	args []string // interrogate flags equivalent to opts
	opts Options
	// total, covered are interrogate's figures for the file.
	total, covered int
	// err, when set, is a substring of the error Scan must report (interrogate aborts).
	err string
}

func (f fixture) file() string { return f.name + ".py" }

func fixtures() []fixture {
	cls := "class C:\n    \"\"\"C.\"\"\"\n\n"
	return []fixture{
		// Docstring recognition.
		{name: "empty", src: "", total: 1, covered: 0},
		{name: "comment_only", src: "# just a comment\n", total: 1},
		{name: "module_doc", src: "\"\"\"Module.\"\"\"\n", total: 1, covered: 1},
		{name: "module_doc_after_comments", src: "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\n'''Doc.'''\nx = 1\n", total: 1, covered: 1},
		{name: "module_doc_after_import", src: "import os\n\"\"\"Not a docstring.\"\"\"\n", total: 1},
		{name: "module_doc_semicolon", src: "\"doc\"; import os\n", total: 1, covered: 1},
		{name: "module_doc_not_first_stmt", src: "import os; \"doc\"\n", total: 1},
		{
			name: "whitespace_docstrings", src: "\"\"\"   \n\t \"\"\"\ndef a():\n    ''\ndef b():\n    \"\\t\\n \"\ndef c():\n    \"\\x20\\u2003\\N{SPACE}\\N{em space}\"\ndef d():\n    \"\\x1c\\x1f\\x85\\xa0\"\ndef e():\n    \"\\\n\"\n",
			total: 6, covered: 0,
		},
		{
			name: "escape_docstrings", src: "def a():\n    \"\\x41\"\ndef b():\n    r\"\\t\"\ndef c():\n    \"\\q\"\ndef d():\n    \"\\101\"\ndef e():\n    \"\\N{BULLET}\"\ndef f():\n    \"\\u00e9\"\n",
			total: 7, covered: 6,
		},
		{
			name: "prefixes", src: "def a():\n    r'doc'\ndef b():\n    R'doc'\ndef c():\n    u'doc'\ndef d():\n    U\"doc\"\ndef e():\n    b'doc'\ndef f():\n    Rb'doc'\ndef g():\n    bR'doc'\ndef h():\n    f'doc'\ndef i():\n    F'doc'\ndef j():\n    rf'doc'\ndef k():\n    fR'doc'\ndef l():\n    f'{1}'\n",
			total: 13, covered: 4,
		},
		{
			name: "triple_quotes", src: "def a():\n    '''doc\n    more'''\ndef b():\n    \"\"\"x \" y \"\" z\"\"\"\ndef c():\n    '''it''s'''\ndef d():\n    \"\"\"\n    \"\"\"\n",
			total: 5, covered: 3,
		},
		{
			name: "concatenation", src: "def a():\n    \"\" \"x\"\ndef b():\n    (\"doc\")\ndef c():\n    ((\"doc\"))\ndef d():\n    (\"a\"\n     'b')\ndef e():\n    \"a\" f\"b\"\ndef f():\n    \"doc\".strip()\ndef g():\n    \"doc\",\ndef h():\n    \"a\" + \"b\"\ndef i():\n    \"a\" \\\n        \"b\"\ndef j():\n    (\"a\")(\"b\")\n",
			total: 11, covered: 5,
		},
		{
			name: "one_line_bodies", src: "def a(): \"doc\"\ndef b(): pass\nclass C: \"doc\"\nclass D: pass\ndef e(): \"doc\"; return 1\ndef f(): return 1; \"doc\"\nasync def g(): 'doc'\n",
			total: 8, covered: 4,
		},
		{name: "comments_before_docstring", src: "def a():\n    # comment\n\n    \"\"\"Doc.\"\"\"\n\n\nclass B:\n\n    # comment\n    '''Doc.'''\n", total: 3, covered: 2},
		{
			name: "not_docstring_expressions", src: "def a():\n    x = \"doc\"\ndef b():\n    return \"doc\"\ndef c():\n    \"doc\" if x else \"y\"\ndef d():\n    \"doc\"[0]\ndef e():\n    ...\n",
			total: 6,
		},

		// Syntax the scanner must get through.
		{name: "decorators", src: "import functools\n@functools.lru_cache(\n    maxsize=None,\n)\n# comment between\n@staticmethod\ndef a():\n    \"doc\"\n@(lambda f: f)\nclass B:\n    pass\n", total: 3, covered: 1},
		{name: "async_defs", src: "async def a():\n    \"doc\"\n    async def inner():\n        pass\n    async with x:\n        async for y in z:\n            pass\nclass K:\n    async def m(self):\n        '''doc'''\n", total: 5, covered: 2},
		{
			name: "nested_everywhere", src: "if True:\n    def a():\n        pass\nelse:\n    class B:\n        pass\nfor i in x:\n    def c(): pass\nwhile y:\n    def d(): pass\ntry:\n    def e(): pass\nexcept E:\n    def f(): pass\nfinally:\n    def g(): pass\nwith m as n:\n    class H:\n        def i(self):\n            def j():\n                class K:\n                    def l(self): pass\n",
			total: 13,
		},
		{name: "lambdas", src: "f = lambda: \"doc\"\ng = lambda x, y=lambda: 1: x\ndef h(a=lambda: 0):\n    return lambda: (lambda: 1)\n", total: 2},
		{
			name: "brackets_across_lines", src: "def a(\n    x: int = (\n        1 +\n        2),\n    y: dict = {\"k\": [1,\n                     2]},\n) -> \"Ret\":\n    \"\"\"Doc.\"\"\"\n\nclass B(\n    object,\n    metaclass=type,\n):\n    pass\n",
			total: 3, covered: 1,
		},
		{name: "line_continuation", src: "def a(x, \\\n      y):\n    \"doc\"\nx = 1 + \\\n    2\nclass \\\n  B:\n    'doc'\n", total: 3, covered: 2},
		{name: "tabs", src: "class A:\n\t\"\"\"Doc.\"\"\"\n\tdef m(self):\n\t\tpass\n\tdef n(self):\n\t\t'doc'\n", total: 4, covered: 2},
		{name: "crlf", src: "\"\"\"Doc.\"\"\"\r\ndef a():\r\n    \"\"\"Doc.\r\n    \"\"\"\r\ndef b():\r\n    pass\r\n", total: 3, covered: 2},
		{name: "cr_only", src: "\"\"\"Doc.\"\"\"\rdef a():\r    pass\r", total: 2, covered: 1},
		{name: "formfeed", src: "def a():\n    pass\n\f\ndef b():\n    'doc'\n", total: 3, covered: 1},
		{name: "no_trailing_newline", src: "def a():\n    'doc'", total: 2, covered: 1},
		{name: "encoding_declaration", src: "# -*- coding: latin-1 -*-\n\"\"\"Doc.\"\"\"\nx = 'caf\u00e9'\n", total: 1, covered: 1},
		{name: "unicode_names", src: "def caf\u00e9():\n    'doc'\nclass \u00c9t\u00e9:\n    pass\n", total: 3, covered: 1},
		{name: "fstrings_pre312", src: "def a():\n    x = f\"{y!r:>{w}} {{lit}} {z['k']}\"\n    return f'''{\n        x\n    }'''\ndef b():\n    'doc'\n", total: 3, covered: 1},
		{name: "strings_with_hashes_and_colons", src: "def a(x=\"#:\", y='def b(): pass'):\n    \"\"\"def c(): pass\"\"\"\ns = '''\nclass D:\n    pass\n'''\n", total: 2, covered: 1},
		{name: "semicolons_and_docstring_class", src: "class A: 'doc'; x = 1\nclass B: x = 1; 'doc'\n", total: 3, covered: 1},
		{name: "match_statement", py: 10, src: "match = 1\ncase = 2\nmatch x:\n    case {\"a\": 1}:\n        def a():\n            'doc'\n    case [1, *rest] if rest:\n        class B:\n            pass\n    case _:\n        pass\n", total: 3, covered: 1},
		{name: "walrus_and_star", py: 8, src: "def a(*args, **kw):\n    if (n := len(args)) > 1:\n        pass\ndef b(x, /, y, *, z):\n    'doc'\n", total: 3, covered: 1},
		{name: "type_params", py: 12, src: "def a[T](x: T) -> T:\n    'doc'\nclass B[T: (int, str), *Ts, **P]:\n    def m[U](self): pass\ntype Alias[T] = list[T]\ntype = 1\n", total: 4, covered: 1},
		{name: "fstrings_pep701", py: 12, src: "def a():\n    x = f\"{\"nested\" + f\"{'deep' + f\"{1}\"}\"}\"\n    y = f\"{x # comment\n    }\"\n    return f\"{'\\n'.join([])}\"\ndef b():\n    \"doc\"\n", total: 3, covered: 1},

		// Node kinds and names.
		{name: "names", src: "def _semi(): pass\ndef __priv(): pass\ndef __magic__(): pass\ndef __init__(): pass\ndef _x__(): pass\ndef __(): pass\nclass _C:\n    def __m(self): pass\n", total: 9},
		{name: "init_method", src: cls + "    def __init__(self):\n        pass\n\n    def __repr__(self):\n        pass\n", total: 4, covered: 1},
		{
			name: "properties", src: cls + "    @property\n    def p(self):\n        pass\n\n    @p.setter\n    def p(self, v):\n        pass\n\n    @p.deleter\n    def p(self):\n        pass\n\n    @p.getter\n    def p(self):\n        pass\n\n    @functools.cached_property\n    def q(self):\n        pass\n\n    @(property)\n    def r(self): pass\n\n    @property()\n    def s(self): pass\n",
			total: 9, covered: 1,
		},
		{
			name: "overloads", src: "import typing\nfrom typing import overload\n@overload\ndef a(x: int) -> int: ...\n@typing.overload\ndef a(x: str) -> str: ...\n@t.overload\ndef a(x): ...\n@typing_extensions.overload\ndef a(x): ...\n@(typing).overload\ndef a(x): ...\ndef a(x):\n    'doc'\n",
			total: 7, covered: 1,
		},
		{
			name: "nesting", src: "def outer():\n    def inner():\n        def innermost(): pass\n    class InFunc:\n        def m(self): pass\n        class Deeper:\n            def n(self): pass\n    async def ainner():\n        def under_async(): pass\nclass Outer:\n    class Inner:\n        def m(self): pass\n        class Deep:\n            def d(self): pass\n    def meth(self):\n        def closure(): pass\nasync def aouter():\n    def f(): pass\n    class G:\n        pass\n",
			total: 20,
		},

		// Options, one at a time.
		{name: "opt_ignore_init_method", src: cls + "    def __init__(self):\n        def helper(): pass\n", args: []string{"-i"}, opts: Options{IgnoreInitMethod: true}, total: 2, covered: 1},
		{name: "opt_ignore_magic", src: cls + "    def __init__(self): pass\n    def __repr__(self): pass\n    def __x(self): pass\n", args: []string{"-m"}, opts: Options{IgnoreMagic: true}, total: 4, covered: 1},
		{name: "opt_ignore_module", src: "def a():\n    'doc'\n", args: []string{"-M"}, opts: Options{IgnoreModule: true}, total: 1, covered: 1},
		{name: "opt_ignore_module_empty", src: "x = 1\n", args: []string{"-M"}, opts: Options{IgnoreModule: true}, total: 0},
		{
			name: "opt_ignore_nested_functions", src: "def a():\n    def b():\n        def c(): pass\n    class D:\n        def e(self): pass\n    async def f(): pass\nclass G:\n    def h(self):\n        def i(): pass\n",
			args: []string{"-n"}, opts: Options{IgnoreNestedFunctions: true}, total: 7,
		},
		{
			name: "opt_ignore_nested_classes", src: "class A:\n    class B:\n        def m(self):\n            def inner(): pass\n        class C:\n            def n(self): pass\ndef f():\n    class D:\n        def o(self): pass\nasync def g():\n    class E:\n        pass\n",
			args: []string{"-C"}, opts: Options{IgnoreNestedClasses: true}, total: 6,
		},
		{name: "opt_ignore_overloaded", src: "from typing import overload\nimport typing\n@overload\ndef a(x: int): ...\n@typing.overload\ndef a(x: str): ...\ndef a(x): 'doc'\n", args: []string{"-O"}, opts: Options{IgnoreOverloadedFunctions: true}, total: 2, covered: 1},
		{name: "opt_ignore_private", src: "def __a(): pass\ndef _b(): pass\ndef __c__(): pass\nclass __D:\n    def visible(self): pass\n", args: []string{"-p"}, opts: Options{IgnorePrivate: true}, total: 3},
		{name: "opt_ignore_semiprivate", src: "def __a(): pass\ndef _b(): pass\ndef _c__(): pass\nclass _D:\n    def visible(self): pass\n", args: []string{"-s"}, opts: Options{IgnoreSemiprivate: true}, total: 3},
		{
			name: "opt_ignore_property_decorators", src: cls + "    @property\n    def p(self): pass\n    @p.setter\n    def p(self, v): pass\n    @p.deleter\n    def p(self): pass\n    @p.getter\n    def p(self): pass\n",
			args: []string{"-P"}, opts: Options{IgnorePropertyDecorators: true}, total: 3, covered: 1,
		},
		{
			name: "opt_ignore_setters", src: cls + "    @property\n    def p(self): pass\n    @p.setter\n    def p(self, v): pass\n    @p.deleter\n    def p(self): pass\n",
			args: []string{"-S"}, opts: Options{IgnoreSetters: true}, total: 4, covered: 1,
		},
		{
			name: "opt_ignore_regex", src: "def test_a(): pass\ndef a_test(): pass\ndef helper(): pass\nclass TestX:\n    def m(self): pass\n",
			args: []string{"-r", "^test", "-r", "help"}, opts: Options{IgnoreRegex: []string{"^test", "help"}}, total: 4,
		},
		{
			name: "opt_whitelist_regex", src: "'''doc'''\ndef pub_a(): 'doc'\ndef pub_b(): pass\ndef priv(): pass\nclass pubC:\n    def pub_m(self): pass\n",
			args: []string{"-w", "pub", "-w", "pub_"}, opts: Options{WhitelistRegex: []string{"pub", "pub_"}}, total: 7, covered: 2,
		},
		{
			name: "opt_style_google", src: "class A:\n    '''doc'''\n    def __init__(self): pass\nclass B:\n    def __init__(self):\n        '''doc'''\nclass C:\n    def __init__(self): pass\nclass D:\n    async def __init__(self): 'doc'\n",
			args: []string{"--style", "google"}, opts: Options{DocstringStyle: "google"}, total: 9, covered: 5,
		},
		{
			name: "opt_all", src: "class _A:\n    def __init__(self): pass\n    @property\n    def p(self): pass\n    def __eq__(self, o): pass\nclass B:\n    class C: pass\n    def m(self):\n        def n(): pass\n",
			args: []string{"-i", "-m", "-M", "-n", "-C", "-O", "-p", "-P", "-S", "-s"},
			opts: Options{
				IgnoreInitMethod: true, IgnoreMagic: true, IgnoreModule: true, IgnoreNestedFunctions: true, IgnoreNestedClasses: true,
				IgnoreOverloadedFunctions: true, IgnorePrivate: true, IgnorePropertyDecorators: true, IgnoreSetters: true, IgnoreSemiprivate: true,
			},
			total: 2,
		},

		// Files interrogate cannot measure (ast.parse raises).
		{name: "err_unterminated_string", src: "def a():\n    'doc\n", err: "unterminated string literal"},
		{name: "err_unterminated_triple", src: "def a():\n    '''doc\n", err: "unterminated triple-quoted string"},
		{name: "err_unclosed_bracket", src: "x = (1,\n", err: "was never closed"},
		{name: "err_unmatched_bracket", src: "x = 1)\n", err: "unmatched ')'"},
		{name: "err_bad_dedent", src: "if x:\n        a = 1\n    b = 2\n", err: "unindent does not match"},
		{name: "err_unexpected_indent", src: "a = 1\n    b = 2\n", err: "unexpected indent"},
		{name: "err_expected_indent", src: "def a():\nb = 1\n", err: "expected an indented block"},
		{name: "err_tab_error", src: "if x:\n        a = 1\n\tb = 2\n", err: "inconsistent use of tabs"},
		{name: "err_python2_print", src: "print \"hello\"\n", err: "invalid syntax"},
		{name: "err_python2_octal", src: "x = 0777\n", err: "leading zeros"},
		{name: "err_python2_long", src: "x = 10L\n", err: "invalid syntax"},
		{name: "err_python2_backtick", src: "x = `y`\n", err: "invalid syntax"},
		{name: "err_python2_ne", src: "x = a <> b\n", err: "invalid syntax"},
		{name: "err_python2_exec", src: "exec code in ns\n", err: "invalid syntax"},
		{name: "err_null_byte", src: "x = 1\x00\n", err: "null bytes"},
		{name: "err_not_utf8", src: "x = 'caf\xe9'\n", err: "not valid UTF-8"},
		{name: "err_continuation", src: "x = 1 \\ 2\n", err: "unexpected character after line continuation"},
		{name: "err_deep_brackets", src: "x = " + strings.Repeat("(", 201) + strings.Repeat(")", 201) + "\n", err: "too many nested parentheses"},
	}
}

// countSource measures one source text with opts as interrogate would.
func countSource(name string, src []byte, opts Options) (total, covered int, err error) {
	o, err := opts.compile()
	if err != nil {
		return 0, 0, err
	}
	defs, err := parseSource(src)
	if err != nil {
		return 0, 0, err
	}
	for _, n := range o.fileCoverage(name, defs) {
		if n.def.typ == Module && o.IgnoreModule {
			continue
		}
		total++
		if n.covered {
			covered++
		}
	}
	return total, covered, nil
}

func TestFixtures(t *testing.T) {
	for _, f := range fixtures() {
		t.Run(f.name, func(t *testing.T) {
			total, covered, err := countSource(f.file(), []byte(f.src), f.opts)
			if f.err != "" {
				if err == nil || !strings.Contains(err.Error(), f.err) {
					t.Fatalf("error = %v, want one containing %q", err, f.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if total != f.total || covered != f.covered {
				t.Errorf("total, covered = %d, %d; want %d, %d", total, covered, f.total, f.covered)
			}
		})
	}
}

// TestTStrings covers Python 3.14 template strings, which no interpreter here can parse
// for a differential check: a t-string is never a docstring (ast.TemplateStr).
func TestTStrings(t *testing.T) {
	src := "def a():\n    t'doc'\ndef b():\n    T\"\"\"doc {x!r:>{w}}\"\"\"\ndef c():\n    rt'doc'\ndef d():\n    'doc' t'x'\ndef e():\n    x = t\"{t'{1}'}\"\n    'not first'\n"
	total, covered, err := countSource("t.py", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 6 || covered != 0 {
		t.Errorf("total, covered = %d, %d; want 6, 0", total, covered)
	}
}
