package tomlfast

// cleanCases are documents Clean must recognise. Every one is also checked
// against the oracle, so a wrong entry here fails loudly.
var cleanCases = []string{
	"",
	"\n",
	"\r\n",
	" \t\n\n",
	"# only a comment",
	"# only a comment\n",
	"#\n",
	"# tab\tand ünïcödé and emoji 💥 in a comment\n",
	"a = 1",
	"a = 1\n",
	"a = 1\r\nb = 2\r\n",
	"a = 1 # comment\r\n[t] # comment\r\n",
	"a=1\nb\t=\t2\n",
	"  a = 1\n\t[t]\n  b = 2\n",
	"a = 1 #\n",
	"a = 1#no space needed\n",
	"a = true#c\n",
	"a = \"x\"#c\n",

	// Keys.
	"bare-key_1 = 1\n",
	"1234 = 1\n",
	"-_- = 1\n",
	"\"quoted key\" = 1\n",
	"'literal key' = 1\n",
	"\"\" = 1\n",
	"'' = 1\n",
	"\"ünï\" = 1\n",
	"\"a.b\" = 1\n\"a\" = 2\n",
	"'\"' = 1\n",
	"\"'\" = 1\n",
	"\"Foo.Bar\" = {git = \"https://github.com/x/y.git\", rev = \"abc\"}\n",
	"a.b = 1\n",
	"a.b = 1\na.c = 2\n",
	"a . b = 1\n",
	"a\t.\tb = 1\n",
	"a.\"b.c\".'d' = 1\n",
	"a.b.c = 1\na.b.d = 2\na.e = 3\n",
	"a.b = 1\n[a.c]\nd = 1\n",
	"[t]\nx.y = 1\nx.z = 2\n[t.x.w]\nv = 1\n",
	"site.\"google.com\" = true\n",

	// Strings.
	"a = \"\"\n",
	"a = ''\n",
	"a = \"hello, world\"\n",
	"a = 'C:\\Users\\path'\n",
	"a = '<\\i\\c*\\s*>'\n",
	"a = \"tab\there\"\n",
	"a = 'tab\there'\n",
	"a = \"é ü 値 💥\"\n",
	"a = 'é ü 値 💥'\n",
	"a = \"\\\"quoted\\\" \\\\ \\b \\f \\n \\r \\t \\e\"\n",
	"a = \"\\u00e9 \\U0001F600 \\u0000 \\uFFFF \\U0010FFFF \\uD7FF \\uE000\"\n",
	"a = \"\\x41\\x00\\xff\\xFF\"\n",
	"a = \"'single' inside\"\n",
	"a = 'say \"hi\"'\n",
	"a = \"# not a comment\"\n",
	"a = '# not a comment'\n",
	"a = \"numpy>=1.26 ; python_version >= \\\"3.10\\\"\"\n",

	// Multi-line strings.
	"a = \"\"\"multi\nline\"\"\"\n",
	"a = \"\"\"\"\"\"\n",
	"a = '''multi\nline'''\n",
	"a = ''''''\n",
	"a = \"\"\"\nfirst line trimmed\n\"\"\"\n",
	"a = \"\"\"\r\nCRLF\r\n\"\"\"\r\n",
	"a = \"\"\"a \\\n   b\"\"\"\n",
	"a = \"\"\"a \\  \t\n\n  \n  b\"\"\"\n",
	"a = \"\"\"a \\\r\n  \r\n  b\"\"\"\n",
	"a = \"\"\"a \\\n\"\"\"\n",
	"a = \"\"\"quotes \"\" and \" inside\"\"\"\n",
	"a = \"\"\"ends with two quotes\"\"\"\"\"\n",
	"a = \"\"\"\\\"\"\"\"\n",
	"a = \"\"\"\\u00e9 \\t \\\" \\x41 \\e\"\"\"\n",
	"a = \"\"\"tab\there, ünï\"\"\"\n",
	"a = '''C:\\path\\'''\n",
	"a = '''it's \"x\"'''\n",
	"a = '''ends with quotes'''''\n",
	"a = '''\r\n'''\n",
	"a = [\"\"\"x\ny\"\"\", '''z'''\n]\n",
	"a = {b = \"\"\"x\ny\"\"\"}\n",
	"a = \"\"\"x\"\"\" # comment\n",

	// Integers.
	"a = 0\nb = +0\nc = -0\nd = 1\ne = +17\nf = -17\n",
	"a = 1_000\nb = 5_349_221\nc = 1_2_3_4_5\n",
	"a = 9223372036854775807\nb = -9223372036854775808\n",
	"a = 0x7FFFFFFFFFFFFFFF\nb = 0xdead_beef\nc = 0xDEADBEEF\n",
	"a = 0o777\nb = 0o0_1\nc = 0o777777777777777777777\n",
	"a = 0b1010\nb = 0b1_0\nc = 0b111111111111111111111111111111111111111111111111111111111111111\n",
	"a = 0x0\nb = 0x00000000000000000000000000000001\n",

	// Floats.
	"a = 1.0\nb = 3.1415\nc = -0.01\nd = +0.5\n",
	"a = 5e+22\nb = 1e06\nc = -2E-2\nd = 6.626e-34\ne = 1e007\n",
	"a = 0.0\nb = -0.0\nc = +0.0\nd = 0e0\ne = 0E-5\n",
	"a = 224_617.445_991_228\nb = 1e1_0\nc = 1_0.0_1e0_1\n",
	"a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan\n",
	"a = 1e307\nb = 9.9e306\nc = 1e-400\nd = 123e-99999\n",
	"a = 0.000001e308\n",
	"lr = 0.12345\n",

	// Dates and times.
	"a = 1979-05-27\n",
	"a = 1979-05-27 # comment\n",
	"a = 0000-01-01\nb = 9999-12-31\nc = 2000-02-29\nd = 2024-02-29\ne = 1900-02-28\n",
	"a = 1979-05-27T07:32:00Z\nb = 1979-05-27t07:32:00z\nc = 1979-05-27 07:32:00Z\n",
	"a = 1979-05-27T00:32:00-07:00\nb = 1979-05-27T00:32:00.999999+23:59\nc = 1979-05-27T00:32:00.5-00:00\n",
	"a = 1979-05-27T07:32:00\nb = 1979-05-27 07:32:00.123456789123\nc = 1979-05-27T07:32\n",
	"a = 1979-05-27 07:32Z\nb = 1979-05-27 07:32-07:00\n",
	"a = 07:32:00\nb = 00:00:00.5\nc = 23:59:59.999\nd = 13:37\n",
	"a = [1979-05-27, 07:32:00, 1979-05-27T07:32:00Z, 1979-05-27 07:32]\n",
	"a = [1979-05-27,1979-05-28 ]\nb = {c = 1979-05-27T07:32:00Z}\n",
	"a = 1979-05-27T07:32:00Z#c\n",

	// Booleans.
	"a = true\nb = false\n",

	// Arrays.
	"a = []\n",
	"a = [ ]\n",
	"a = [1]\n",
	"a = [1, 2, 3]\n",
	"a = [1,2,3,]\n",
	"a = [ 1 , 2 , ]\n",
	"a = [\"a\", 'b', 1, 2.5, true, inf]\n",
	"a = [[1, 2], [\"a\"], []]\n",
	"a = [\n  1,\n  2,\n]\n",
	"a = [\r\n  1,\r\n  2,\r\n]\r\n",
	"a = [ # comment\n  1, # one\n  # alone\n  2 # two\n  , 3\n]\n",
	"a = [1\n,2]\n",
	"a = [\n]\n",
	"a = [{}]\n",
	"a = [{b = 1}, {b = 2}]\n",
	"a = [{b = 1}, {b = 1, c = 2}]\n",
	"a = [[{b = 1}], [{b = 1}]]\n",
	"a = [{ name = \"A\", email = \"a@example.com\" }]\n",

	// Inline tables.
	"a = {}\n",
	"a = { }\n",
	"a = {b = 1}\n",
	"a = {b = 1, c = \"x\", d = [1, 2], e = {f = true}}\n",
	"a = {b = 1,}\n",
	"a = {\n  b = 1,\n  c = 2\n}\n",
	"a = { # comment\n  b = 1, # one\n  c = 2,\n}\n",
	"a = {b = 1\n, c = 2}\n",
	"a = {b.c = 1, b.d = 2}\n",
	"a = {b = 1}\nb = {b = 1}\n",
	"a = {b = {a = 1}}\n",
	"a = {\"b\" = 1, 'c' = 2, d.\"e\" = 3}\n",
	"torch = { version = \">=2.3\", source = \"pytorch\", optional = true, markers = \"sys_platform == 'linux'\" }\n",

	// Tables.
	"[t]\n",
	"[t]\na = 1\n",
	"[a]\n[b]\n[c]\n",
	"[a.b.c]\n",
	"[ a . b ]\n",
	"[\ta\t]\n",
	"[\"quoted\"]\n",
	"['lit'.\"q\".bare]\n",
	"[\"a.b\"]\n[a]\n[a.b]\n",
	"[a]\n[A]\n",
	"[a]\nb = 1\n[c]\nb = 1\n",
	"[a.b]\n[a]\n",
	"[a.b.c]\n[a.b]\n[a]\n",
	"[a.b]\nx = 1\n[a]\ny = 2\n[a.c]\nz = 3\n",
	"[a]\n[a.b]\n[a.b.c]\n",
	"[a]\nb.c = 1\n[a.b.d]\n",
	"[a]\n[a.b]\n[b]\n[b.a]\n",
	"a = 1\n[b]\na = 1\n[b.c]\na = 1\n",
	"[t] # comment\n",
	"[t]\r\n",
	"[t]",

	// Arrays of tables.
	"[[a]]\n",
	"[[a]]\n[[a]]\n",
	"[[a]]\nb = 1\n[[a]]\nb = 2\n",
	"[[a]]\n[a.b]\n[[a]]\n[a.b]\n",
	"[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]\n",
	"[[a]]\nx = {y = 1}\n[[a]]\nx = {y = 1}\n",
	"[[a]]\nx = [{y = 1}]\n[[a]]\nx = [{y = 1}]\n",
	"[[a]]\nb.c = 1\n[[a]]\nb.c = 1\n",
	"[[a.b]]\n[a]\nc = 1\n",
	"[[ a . b ]]\n",
	"[x]\n[[x.a]]\n[x.b]\n[[x.a]]\n",
	"a.b = 1\n[[a.c]]\n",
	"[[t]]\nname = \"pytorch\"\nurl = \"https://download.pytorch.org/whl/cpu\"\n",
}

// invalidCases are documents the oracle rejects; Clean must not accept
// them.
var invalidCases = []string{
	// Encoding and characters.
	"\ufeffa = 1\n",
	"a = 1\rb = 2\n",
	"a = 1\r",
	"a = 1 # \r\n\rx\n",
	"\r",
	"a = 1\x00\n",
	"\x00",
	"# \x00\n",
	"# \x7f\n",
	"# \x01\n",
	"# \xff\n",
	"# \xc3\n",
	"# \xed\xa0\x80\n",
	"# \xc0\xaf\n",
	"# \xf4\x90\x80\x80\n",
	"a = \"\xff\"\n",
	"a = '\xc3'\n",
	"\"\xff\" = 1\n",
	"a = \"\x7f\"\n",
	"a = '\x7f'\n",
	"a = \"\x1b\"\n",
	"a = '\x0b'\n",
	"a = \"line\nbreak\"\n",
	"a = 'line\nbreak'\n",
	"a = \"cr\r\n\"\n",

	// Expressions.
	"a\n",
	"a =\n",
	"a = \n",
	"a = ",
	"= 1\n",
	"a = 1 b = 2\n",
	"a = 1 2\n",
	"a b = 1\n",
	"a = 1\n=\n",
	"a.= 1\n",
	".a = 1\n",
	"a..b = 1\n",
	"a. = 1\n",
	"a = # comment\n",
	"a = =\n",
	"a = 1,\n",
	"a = 1]\n",
	"a = x\n",
	"a = True\n",
	"a = truex\n",
	"a = tru\n",
	"a = infinity\n",
	"a = nan1\n",
	"a = null\n",
	"a:b = 1\n",
	"a$ = 1\n",
	"é = 1\n",

	// Strings.
	"a = \"unterminated\n",
	"a = \"unterminated",
	"a = 'unterminated\n",
	"a = 'unterminated",
	"a = \"\\\"\n",
	"a = \"\\\n",
	"a = \"\\",
	"a = \"\\ \"\n",
	"a = \"\\/\"\n",
	"a = \"\\a\"\n",
	"a = \"\\'\"\n",
	"a = \"\\0\"\n",
	"a = \"\\x4\"\n",
	"a = \"\\xg0\"\n",
	"a = \"\\u12\"\n",
	"a = \"\\u00\"0\"\n",
	"a = \"\\u123g\"\n",
	"a = \"\\uD800\"\n",
	"a = \"\\uDFFF\"\n",
	"a = \"\\U00110000\"\n",
	"a = \"\\UFFFFFFFF\"\n",
	"a = \"\\U0000D800\"\n",
	"a = \"x\" \"y\"\n",
	"a = 'x''y'\n",
	"\"a = 1\n",
	"'a = 1\n",
	"\"\"\"a\"\"\" = 1\n",
	"a = \"\"\"unterminated\n",
	"a = \"\"\"unterminated\"\"\n",
	"a = '''unterminated\n",
	"a = '''unterminated''",
	"a = \"\"\"x\"\"\"\"\"\"\n",
	"a = '''x''''''\n",
	"a = \"\"\"\\ x\"\"\"\n",
	"a = \"\"\"\\q\"\"\"\n",
	"a = \"\"\"\\u12\"\"\"\n",
	"a = \"\"\"\\",
	"a = \"\"\"\\\n",
	"a = \"\"\"a\rb\"\"\"\n",
	"a = '''a\rb'''\n",
	"a = \"\"\"a\\\n\rb\"\"\"\n",
	"a = \"\"\"a\\ \r\"\"\"\n",
	"a = \"\"\"\x00\"\"\"\n",
	"a = '''\x7f'''\n",
	"a = \"\"\"\xff\"\"\"\n",
	"a = '''\xed\xa0\x80'''\n",
	"a = \"\"\"x\"\"\" y\n",
	"'''a''' = 1\n",

	// Integers.
	"a = +\n",
	"a = -\n",
	"a = 1__0\n",
	"a = 1_\n",
	"a = _1\n",
	"a = 0_0\n",
	"a = 00\n",
	"a = 01\n",
	"a = -01\n",
	"a = +01\n",
	"a = 9223372036854775808\n",
	"a = -9223372036854775809\n",
	"a = 99999999999999999999999\n",
	"a = 0x\n",
	"a = 0x_1\n",
	"a = 0x1_\n",
	"a = 0x1g\n",
	"a = +0x1\n",
	"a = -0x1\n",
	"a = 0X1\n",
	"a = 0x8000000000000000\n",
	"a = 0xFFFFFFFFFFFFFFFFF\n",
	"a = 0o8\n",
	"a = 0o1000000000000000000000\n",
	"a = 0b2\n",
	"a = 0b102\n",
	"a = 0b1000000000000000000000000000000000000000000000000000000000000000\n",
	"a = 1x\n",
	"a = 20s\n",

	// Floats.
	"a = 1.\n",
	"a = .5\n",
	"a = +.5\n",
	"a = 1._5\n",
	"a = 1.5_\n",
	"a = 1.5.3\n",
	"a = 1e\n",
	"a = 1e+\n",
	"a = 1e_5\n",
	"a = 1e5_\n",
	"a = 1.0e\n",
	"a = 00.5\n",
	"a = 01.5\n",
	"a = 1e400\n",
	"a = 1e309\n",
	"a = 9e308\n",
	"a = -1.7976931348623159e308\n",
	"a = 1e99999999999999999999999\n",
	"a = +-1\n",
	"a = --1\n",
	"a = +i\n",
	"a = -nan1\n",
	"a = 1,5\n",

	// Arrays.
	"a = [\n",
	"a = [1\n",
	"a = [1,\n",
	"a = [1, 2",
	"a = [1 2]\n",
	"a = [1,,2]\n",
	"a = [,]\n",
	"a = [,1]\n",
	"a = [1,2,,]\n",
	"a = [1]x\n",
	"a = [1] 2\n",
	"a = [42 #]\n",
	"a = [1\r2]\n",
	"a = [ \x00 ]\n",
	"a = [{b = 1, b = 2}]\n",
	"a = [{b = 1}\n",
	"a = [1]]\n",

	// Inline tables.
	"a = {\n",
	"a = {b = 1\n",
	"a = {b = 1,\n",
	"a = {,}\n",
	"a = {,b = 1}\n",
	"a = {b = 1,,}\n",
	"a = {b = 1 c = 2}\n",
	"a = {b}\n",
	"a = {b =}\n",
	"a = {b\n= 1}\n",
	"a = {b =\n1}\n",
	"a = {b = 1, b = 2}\n",
	"a = {b = 1, \"b\" = 2}\n",
	"a = {b.c = 1, b = 2}\n",
	"a = {b = {c = 1}, b.d = 2}\n",
	"a = {b = 1, b.c = 2}\n",
	"a = {b = 1}}\n",
	"a = {b = 1}\na.c = 2\n",
	"a = {b = 1}\n[a]\n",
	"a = {b = 1}\n[a.c]\n",
	"a = {b = {c = 1}}\n[a.b.d]\n",

	// Duplicate keys.
	"a = 1\na = 2\n",
	"a = 1\n\"a\" = 2\n",
	"a = 1\n'a' = 2\n",
	"\"\" = 1\n'' = 2\n",
	"a = 1\na = 1\n",
	"[t]\na = 1\na = 2\n",
	"[t]\na = 1\n[u]\n[t.v]\n[t]\n",
	"a.b = 1\na.b = 2\n",
	"a.b = 1\na = 2\n",
	"a = 1\na.b = 2\n",
	"a.b.c = 1\na.b = 2\n",
	"a = []\na = []\n",

	// Tables defined twice.
	"[a]\n[a]\n",
	"[a]\n['a']\n",
	"[a]\n[\"a\"]\n",
	"[a.b]\n[a.b]\n",
	"[a.b]\n[a]\n[a]\n",
	"[a]\n[a.b]\n[a]\n",
	"[a]\n[b]\n[a]\n",
	"[ a ]\n[a]\n",

	// Keys and tables with the same name, at several depths.
	"a = 1\n[a]\n",
	"a = 1\n[a.b]\n",
	"[t]\nb = 1\n[t.b]\n",
	"[t]\nb = 1\n[t.b.c]\n",
	"[t.u]\nb = 1\n[t.u.b]\n",
	"[t.u]\nb = 1\n[t.u.b.c.d]\n",
	"[a.b]\n[a]\nb = 1\n",
	"[a.b.c]\n[a]\nb = 1\n",
	"[a.b.c]\n[a.b]\nc = 1\n",
	"[a]\n[a.b]\n[a]\nb = 2\n",
	"[a.b]\n[a]\nb.c = 1\n",
	"a.b = 1\n[a]\n",
	"a.b.c = 1\n[a.b]\n",
	"[t]\na.b = 1\n[t.a]\n",
	"[t]\na.b.c = 1\n[t.a.b]\n",
	"a = [1]\n[a]\n",
	"a = []\n[[a]]\n",
	"a = [{}]\n[[a]]\n",
	"a = [{b = 1}]\n[a.c]\n",

	// Arrays of tables.
	"[[a]]\n[a]\n",
	"[a]\n[[a]]\n",
	"[[a]]\nb = 1\nb = 2\n",
	"[[a]]\n[a.b]\n[a.b]\n",
	"[[a]]\nb = 1\n[a.b]\n",
	"a.b = 1\n[[a]]\n",
	"[[a.b]]\n[a]\n[a]\n",
	"[[a.b]]\n[a]\nb = 1\n",
	"[[a]]\n[[a.b]]\n[a.b]\n",
	"[[tab.arr]]\n[tab]\narr.val1=1\n",
	"[[a]\n",
	"[[a] ]\n",
	"[ [a]]\n",
	"[[a]]]\n",

	// Headers.
	"[]\n",
	"[a\n",
	"[a",
	"[broken\n",
	"[a.]\n",
	"[.a]\n",
	"[a..b]\n",
	"[a]]\n",
	"[a] b = 1\n",
	"[a] x\n",
	"[a b]\n",
	"[a]\rb = 1\n",
	"[a = 1]\n",

	// Dates and times, which the decoder checks.
	"a = 1979-02-30\n",
	"a = 1900-02-29\n",
	"a = 2023-02-29\n",
	"a = 1979-13-01\n",
	"a = 1979-00-01\n",
	"a = 1979-01-00\n",
	"a = 1979-04-31\n",
	"a = 1979-01-32\n",
	"a = 1979-1-01\n",
	"a = 1979-01-1\n",
	"a = 19790-01-01\n",
	"a = 1979-01-01-\n",
	"a = 1979-\n",
	"a = 1979-05-27x\n",
	"a = 1979-05-27 7\n",
	"a = 1979-05-27 07\n",
	"a = 1979-05-27T\n",
	"a = 1979-05-27T07:32:00ZZ\n",
	"a = 1979-05-27T07:32:00Zx\n",
	"a = 1979-05-27T07:32:00+25:00\n",
	"a = 1979-05-27T07:32:00+24:00\n",
	"a = 1979-05-27T07:32:00-7:00\n",
	"a = 1979-05-27T07:32:00*07:00\n",
	"a = 1979-05-27T07:32:00+07:60\n",
	"a = 1979-05-27T07:32:00+0700\n",
	"a = 1979-05-27T07:32:00+07:00:00\n",
	"a = 1979-05-27T07:32:00.Z\n",
	"a = 1979-05-27T07:32.5\n",
	"a = 1979-05-27T07:32.5Z\n",
	"a = 1979-05-27T24:00:00\n",
	"a = 1979-05-27T07:32:60\n",
	"a = 1979-05-27T7:32:00\n",
	"a = 1979-05-27TT07:32:00\n",
	"a = 1979-05-27 07:32:00 -07:00\n",
	"a = 24:00:00\n",
	"a = 23:60:00\n",
	"a = 23:59:60\n",
	"a = 12:\n",
	"a = 12:3\n",
	"a = 12:30:\n",
	"a = 12:30:0\n",
	"a = 12:30:00.\n",
	"a = 12:30.5\n",
	"a = 12:30:00Z\n",
	"a = 12:30:00+01:00\n",
	"a = 12:30 00\n",
	"a = +1979-05-27\n",
	"a = -12:30\n",
}

// unsupportedCases are documents the oracle accepts but that are outside
// the subset: Clean must say false (the tests check both).
var unsupportedCases = []string{
	"\"\\u0061\" = 1\n",
	"\"a\\tb\" = 1\n",
	"[\"\\n\"]\n",
	"a = 1e308\n",
	"a = 1.7976931348623157e308\n",
	"a = 0e999\n",
	"a = 123.4e306\n",
	"a = 0.001e309\n",
}

// realisticCases are whole configuration files as ML projects write them.
var realisticCases = []string{
	`[experiment]
name = "exp12"
seed = 4242

[stage0]
lr = 0.12345
batch = 64
layers = [12, 300, 45]

[stage1]
lr = 0.54321
batch = 512
layers = [1, 2, 3]
`,
	`[build-system]
requires = ["hatchling>=1.27"]
build-backend = "hatchling.build"

[project]
name = "demo"
version = "0.1.0"
description = "A demo project"
readme = "README.md"
requires-python = ">=3.12"
license = "MIT"
license-files = ["LICENSE"]
authors = [{ name = "Ada Lovelace", email = "ada@example.com" }]
classifiers = [
    "Programming Language :: Python :: 3",
]
dependencies = [
    "numpy>=2.1",
    "torch>=2.5",
]

[dependency-groups]
dev = [
    "ruff>=0.8",
    "pre-commit>=4",
]
test = [
    "pytest>=8.3",
]

[tool.uv]
# ` + "`uv sync`" + ` installs these groups.
default-groups = ["dev", "test"]
index = [
    { name = "pytorch-cpu", url = "https://download.pytorch.org/whl/cpu", explicit = true },
]

[tool.uv.sources]
torch = [{ index = "pytorch-cpu", marker = "sys_platform == 'linux'" }]

[tool.ruff]
line-length = 88
src = ["src", "."]

[tool.ruff.lint]
select = ["E4", "E7", "E9", "F", "W", "I", "N", "UP", "B", "SIM", "PTH", "RUF"]

[tool.pytest.ini_options]
minversion = "8.0"
testpaths = ["tests"]
addopts = ["-ra", "--strict-markers", "--strict-config", "--import-mode=importlib"]
markers = [
    "slow: long-running test",
    "gpu: requires a CUDA device",
]

[tool.coverage.report]
show_missing = true
fail_under = 80
exclude_also = ["if __name__ == .__main__.:", "if TYPE_CHECKING:"]

[tool.mypy]
files = ["src", "tests"]
strict = true
`,
	`[tool.poetry]
name = "x"
version = "1"
authors = ["A <a@example.com>"]
package-mode = false

[tool.poetry.dependencies]
python = "^3.10"
"Foo.Bar" = {git = "https://github.com/x/y.git", rev = "abc"}
torch = { version = ">=2.3", source = "pytorch", optional = true, markers = "sys_platform == 'linux'" }
weird = { version = "1.0", allow-prereleases = true, priority = 3, ratio = 1.5, big = 12345678901234567 }

[tool.poetry.group.dev.dependencies]
ruff = "0.7.0"

[[tool.poetry.source]]
name = "pytorch"
url = "https://download.pytorch.org/whl/cpu"
priority = "explicit"

[[tool.poetry.source]]
name = "pypi-simple"
url = "https://pypi.org/simple/"
priority = "primary"

[tool.poetry.extras]
gpu = ["torch"]
`,
	"[model]\r\nname = \"resnet\"\r\ndepth = 50\r\n\r\n[train]\r\nlr = 3e-4\r\nbetas = [0.9, 0.999]\r\nwarmup = { steps = 1_000, ratio = 0.1 }\r\n",
	`# Hyper-parameter sweep.
[sweep]
method = 'bayes'
metric = { name = "val/loss", goal = "minimize" }

[sweep.parameters]
lr = { min = 1e-5, max = 1e-2 }
dropout = { values = [0.0, 0.1, 0.2] }
optimizer.values = ["adam", "sgd"]
`,
}

// regressionCases are inputs that once fooled the recogniser (from fuzzing
// or review); Clean may answer anything, but true must be right.
var regressionCases = []string{}
