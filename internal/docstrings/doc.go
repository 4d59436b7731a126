// Package docstrings measures docstring coverage of Python code the way interrogate 1.7.0
// does, without running Python: a tokenizer for Python 3.8–3.14 source, a structural pass
// that finds modules, classes and functions and their docstrings, and interrogate's counting
// rules on top. The differential tests in this package hold the figures equal to the real
// interrogate's.
//
// The interrogate behaviour reproduced here, as read in its source and checked by running it:
//
//   - Files: positional paths resolved like os.path.realpath; a named file is taken as is
//     (.py or .pyi, never excluded); directories are walked like os.walk without following
//     symlinked directories, keeping names ending in ".py" (plus "pyi" with ext). Excludes
//     are realpath'd against the working directory and matched with fnmatch(file,
//     exclude+"*"), i.e. as prefixes in which '*' also crosses '/'. ".tox", ".venv", "venv",
//     ".git" and ".hg" are excluded the same way, joined to each scanned path only.
//     ignore-init-module drops every walked __init__.py, empty or not.
//   - Nodes: the module, and every ClassDef, FunctionDef and AsyncFunctionDef at any depth
//     (inside if/for/try/with/match blocks too); lambdas are not nodes. An ignored class or
//     function hides everything defined inside it.
//   - Docstring: ast.get_docstring — the first statement is an expression that is a str
//     constant (plain, u- or r-prefixed literals, implicitly concatenated, parenthesised;
//     not bytes, f- or t-strings) — and its value must contain a non-whitespace character
//     (str.strip semantics, escape sequences evaluated).
//   - Ignore rules: private = "__x" not ending in "__"; semiprivate = "_x" not starting
//     with "__" nor ending in "__"; magic = "__x__" other than __init__ (functions only);
//     property decorators = a bare @property, or any @<expr>.setter / .deleter (not
//     .getter); setters = any @<expr>.setter; overload = @overload or @typing.overload;
//     ignore-regex uses re.match (anchored at the start only) on the bare name.
//   - Nesting: a "nested function" is a FunctionDef directly inside a FunctionDef (async
//     defs never count as either side); a "nested class" is a ClassDef directly inside a
//     ClassDef or FunctionDef; ignore-nested-classes also drops the direct children of a
//     nested class, but not grandchildren.
//   - ignore-module does not count module nodes, and drops files with no other node;
//     whitelist-regex implies it, keeps the nodes whose name matches, and counts a node
//     once per matching pattern (as interrogate does).
//   - style google: a class and its (non-async) __init__ cover each other.
//   - Percent: covered/total*100, 100 when nothing is counted; fail-under compares after
//     rounding the percentage to as many decimals as Python's repr of fail-under.
//
// Where mlinit deliberately differs: a file interrogate cannot measure aborts interrogate's
// whole run; Scan reports it in Report.Errors (file:line) and leaves it out of the totals.
// A file starting with a UTF-8 BOM is valid Python and is measured, while interrogate fails
// on it (it decodes with "utf-8", not "utf-8-sig"); so is a file with an expression nested
// some 490 levels deep, on which interrogate's recursive visitor raises RecursionError.
// Syntax errors are detected as far as a tokenizer and the indentation structure allow
// (unterminated strings and brackets, bad indentation, tabs, invalid characters, and
// Python 2 relics such as print statements, backticks, "<>", 0777 and 10L); other grammar
// errors that only a full parser sees are not, and such a file is measured.
package docstrings
