package native

import (
	"bytes"
	"fmt"
	"math"
	"math/bits"
	"regexp"
	"sort"
	"strings"

	"github.com/mlinit/mlinit/checks"
)

// privateKeyHeaders are the markers pre-commit-hooks' detect-private-key
// uses. The PEM-style ones must follow "-----" as in a real key file, which
// keeps prose that mentions a header from matching; the literals are split
// so this source file does not match itself.
func privateKeyHeaders() [][]byte {
	const dash, priv = "-----", "PRIVATE " + "KEY"
	return [][]byte{
		[]byte(dash + "BEGIN RSA " + priv),
		[]byte(dash + "BEGIN DSA " + priv),
		[]byte(dash + "BEGIN EC " + priv),
		[]byte(dash + "BEGIN OPENSSH " + priv),
		[]byte(dash + "BEGIN " + priv),
		[]byte("PuTTY-User-" + "Key-File-2"),
		[]byte(dash + "BEGIN SSH2 ENCRYPTED " + priv),
		[]byte(dash + "BEGIN PGP " + priv + " BLOCK"),
		[]byte(dash + "BEGIN ENCRYPTED " + priv),
		[]byte(dash + "BEGIN OpenVPN " + "Static key V1"),
	}
}

// privateKeyHints are substrings every header contains: when none occurs, the
// file has no key, which settles nearly every file with two vectorised searches.
func privateKeyHints(headers [][]byte) [][]byte {
	begin := []byte("BEGIN ")
	hints := [][]byte{begin}
	for _, h := range headers {
		if !bytes.Contains(h, begin) {
			hints = append(hints, h)
		}
	}
	return hints
}

func containsAny(data []byte, subs [][]byte) bool {
	for _, s := range subs {
		if bytes.Contains(data, s) {
			return true
		}
	}
	return false
}

// privateKeys returns the offsets of private-key headers (one per line).
func privateKeys(data []byte, headers [][]byte) []int {
	var out []int
	lastLine := -1
	var li *lineIndex
	for _, h := range headers {
		if !bytes.Contains(data, h) {
			continue
		}
		if li == nil {
			li = newLineIndex(data)
		}
		for off := 0; off < len(data); {
			i := bytes.Index(data[off:], h)
			if i < 0 {
				break
			}
			at := off + i
			if l, _ := li.at(at); l != lastLine {
				out = append(out, at)
				lastLine = l
			}
			off = at + len(h)
		}
	}
	return out
}

func (e *env) hy201(f *checks.File, _ checks.Options) []checks.Finding {
	if f.Data == nil || f.Binary {
		return nil
	}
	if !containsAny(f.Data, e.keyHints) {
		return nil
	}
	offs := privateKeys(f.Data, e.keyHeaders)
	if len(offs) == 0 {
		return nil
	}
	var out []checks.Finding
	seen := map[int]bool{}
	li := newLineIndex(f.Data)
	for _, off := range offs {
		l, c := li.at(off)
		if seen[l] {
			continue
		}
		seen[l] = true
		out = append(out, finding("HY201", f.Path, l, c,
			"private key committed; remove it from the repository and history, and rotate the key"))
	}
	return out
}

// secretRule is one token shape (gitleaks-style, MIT) with the literal that
// must occur before the regexp is worth running and the entropy floor that
// separates real tokens from placeholders like "hf_xxxxxxxx…".
type secretRule struct {
	name     string
	literals []string // at least one must occur; the regexp runs only near them
	back     int      // how far before a literal a match may start
	re       *regexp.Regexp
	group    int // submatch holding the secret
	entropy  float64
}

func secretRules() []secretRule {
	return []secretRule{
		{"AWS access key ID", []string{"AKIA", "ASIA", "ABIA", "ACCA", "A3T"}, 1, regexp.MustCompile(`\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b`), 1, 3.0},
		{"GitHub token", []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}, 1, regexp.MustCompile(`\b(gh[pousr]_[0-9A-Za-z]{36})\b`), 1, 3.0},
		{"GitHub fine-grained token", []string{"github_pat_"}, 1, regexp.MustCompile(`\b(github_pat_[0-9A-Za-z_]{82})\b`), 1, 3.0},
		{"Hugging Face token", []string{"hf_"}, 1, regexp.MustCompile(`(?:^|[^A-Za-z0-9_])(hf_[A-Za-z]{34})(?:[^A-Za-z0-9_]|$)`), 1, 3.0},
		{"OpenAI API key", []string{"sk-"}, 1, regexp.MustCompile(`\b(sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})`), 1, 3.0},
		{"Anthropic API key", []string{"sk-ant-"}, 1, regexp.MustCompile(`\b(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_\-]{80,110})`), 1, 3.0},
		{"PyPI upload token", []string{"pypi-"}, 1, regexp.MustCompile(`\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})`), 1, 3.0},
		{"Slack token", []string{"xox"}, 1, regexp.MustCompile(`\b(xox[baprse]-[0-9A-Za-z-]{10,})`), 1, 3.0},
		{"Slack webhook", []string{"hooks.slack.com"}, len("https://"), regexp.MustCompile(`(https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{20,})`), 1, 3.0},
		{"Weights & Biases API key", []string{"WANDB"}, 1, regexp.MustCompile(`WANDB_API_KEY["']?\s*[:=]\s*["']?([0-9a-f]{40})\b`), 1, 3.0},
		{"Weights & Biases API key", []string{"wandb.login"}, 1, regexp.MustCompile(`wandb\.login\([^)]*key\s*=\s*["']([0-9a-f]{40})["']`), 1, 3.0},
	}
}

// shannon is the entropy in bits per character of s.
func shannon(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h := 0.0
	n := float64(len(s))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// placeholder recognises documentation examples and masks.
func placeholder(s string) bool {
	u := strings.ToUpper(s)
	for _, w := range []string{"EXAMPLE", "XXXXXXXX", "PLACEHOLDER", "YOUR_", "REDACTED", "DUMMY", "00000000"} {
		if strings.Contains(u, w) {
			return true
		}
	}
	return false
}

// secretHit is one token found in a file.
type secretHit struct {
	off  int
	rule string
}

// maxTokenLen bounds how far past a literal a token can reach; the regexps
// run only on these windows, which keeps the scan linear and cheap (Go's
// regexp engine is slow per byte on large inputs).
const maxTokenLen = 320

// secretScanner runs the token rules over a file. The regexps run only on
// windows around occurrences of the rules' literals, and the literals are
// found with a few vectorised byte searches: each literal is anchored on one
// of its bytes, chosen so that every literal holds an anchor and the anchors
// are rare in source text (see anchorBytes). Each occurrence of an anchor byte
// costs a call and a branch miss, so searching "-" instead of "s" and "p" (for
// "sk-" and "pypi-") or "h" instead of "g" (for "ghp_") is what makes the scan
// cheap; most files hold no literal and cost one search per anchor byte
// (five for today's rules).
type secretScanner struct {
	rules   []secretRule
	anchors []anchorGroup
}

// anchorGroup is one byte search: the literals anchored on byte c. The
// before and after tables hold, for each byte value, the literals whose byte
// just before (after) the anchor may be that value — all of them when the
// anchor starts (ends) the literal — so most occurrences of c are dismissed
// with two table look-ups before any literal is compared.
type anchorGroup struct {
	c             byte
	lits          []anchoredLiteral
	before, after neighbourMasks // bit k stands for lits[k]
}

// neighbourMasks maps a byte value to the literals it may neighbour the
// anchor in.
type neighbourMasks [256]uint32

// allow records that the literal with mask bit has l[i] next to its anchor,
// or anything when i falls outside l.
func (t *neighbourMasks) allow(l string, i int, bit uint32) {
	if i < 0 || i >= len(l) {
		for c := range t {
			t[c] |= bit
		}
		return
	}
	t[l[i]] |= bit
}

// anchoredLiteral is literal j of rule ri, whose byte at pos is its anchor.
type anchoredLiteral struct {
	ri, j int
	lit   string
	pos   int
}

func newSecretScanner(rules []secretRule) *secretScanner {
	var lits []string
	for _, r := range rules {
		lits = append(lits, r.literals...)
	}
	freq := typicalByteFrequency()
	anchors := anchorBytes(lits, &freq)
	s := &secretScanner{rules: rules}
	var open [256]int // per anchor byte, 1 + the index of its group taking literals
	for ri, r := range rules {
		for j, l := range r.literals {
			pos := anchorPosition(l, anchors, &freq)
			c := l[pos]
			if open[c] == 0 || len(s.anchors[open[c]-1].lits) == 32 {
				// A group holds as many literals as its masks have bits; one
				// more costs another search for the byte.
				s.anchors = append(s.anchors, anchorGroup{c: c})
				open[c] = len(s.anchors)
			}
			g := &s.anchors[open[c]-1]
			bit := uint32(1) << len(g.lits)
			g.lits = append(g.lits, anchoredLiteral{ri: ri, j: j, lit: l, pos: pos})
			g.before.allow(l, pos-1, bit)
			g.after.allow(l, pos+1, bit)
		}
	}
	return s
}

// anchorPosition picks the byte of lit to search for: the rarest of the
// anchors it holds, at a position with neighbours on both sides if there is
// one (two table checks rule out more occurrences than one).
func anchorPosition(lit string, anchors []byte, freq *[256]int) int {
	best := -1
	for i := range len(lit) {
		c := lit[i]
		if bytes.IndexByte(anchors, c) < 0 {
			continue
		}
		if best < 0 || freq[c] < freq[lit[best]] || (c == lit[best] && inner(i, lit) > inner(best, lit)) {
			best = i
		}
	}
	if best < 0 {
		panic("secret literal " + lit + " holds no anchor byte")
	}
	return best
}

// inner counts the neighbours of position i within s.
func inner(i int, s string) int {
	n := 0
	if i > 0 {
		n++
	}
	if i < len(s)-1 {
		n++
	}
	return n
}

// anchorPassCost is the cost of one byte search over a file that does not
// hold the byte, in the units of typicalByteFrequency: on cached data a
// vectorised search covers ~25 bytes a cycle, and each occurrence of the byte
// costs ~30 cycles (call, branch miss, table checks), so a search costs about
// as much as the occurrences of a byte with a frequency of 0.15–0.2%.
const anchorPassCost = 200

// anchorBytes returns the cheapest set of bytes such that every literal holds
// one of them, where a byte costs one search plus its typical number of
// occurrences. The branch-and-bound search is exact: each step takes the
// uncovered literal with the fewest usable bytes and tries each of them, the
// cheapest first. Once a byte has been tried, the later branches leave it out
// (any cover holding it was found in its own branch), and a branch stops when
// it cannot beat the best cover so far: uncovered literals with no usable byte
// in common each need a byte of their own, which bounds its cost from below.
// For the rules' literals it visits a few hundred sets.
func anchorBytes(lits []string, freq *[256]int) []byte {
	var cost [256]int
	for c := range cost {
		cost[c] = anchorPassCost + freq[c]
	}
	type literal struct {
		set    byteSet
		byCost []byte // the distinct bytes, cheapest first
	}
	ls := make([]literal, len(lits))
	for i, l := range lits {
		if l == "" {
			panic("empty secret literal")
		}
		for k := range len(l) {
			if c := l[k]; !ls[i].set.has(c) {
				ls[i].set.add(c)
				ls[i].byCost = append(ls[i].byCost, c)
			}
		}
		sort.SliceStable(ls[i].byCost, func(a, b int) bool { return cost[ls[i].byCost[a]] < cost[ls[i].byCost[b]] })
	}
	var best, chosen []byte
	var chosenSet, excluded byteSet
	bestCost := math.MaxInt
	var search func(total int)
	search = func(total int) {
		pick, pickLeft := -1, 0
		bound, claimed := total, byteSet{}
		for i := range ls {
			l := &ls[i]
			if l.set.intersects(chosenSet) {
				continue
			}
			usable := l.set.minus(excluded)
			left := usable.len()
			if left == 0 {
				return // every byte of this literal was left out higher up
			}
			if !usable.intersects(claimed) {
				for _, c := range l.byCost {
					if !excluded.has(c) {
						bound += cost[c]
						break
					}
				}
				claimed = claimed.union(usable)
			}
			if pick < 0 || left < pickLeft {
				pick, pickLeft = i, left
			}
		}
		if pick < 0 {
			best, bestCost = append(best[:0], chosen...), total
			return
		}
		if bound >= bestCost {
			return
		}
		saved := excluded
		for _, c := range ls[pick].byCost {
			if excluded.has(c) {
				continue
			}
			if total+cost[c] >= bestCost {
				break
			}
			chosen = append(chosen, c)
			chosenSet.add(c)
			search(total + cost[c])
			chosen = chosen[:len(chosen)-1]
			chosenSet.remove(c)
			excluded.add(c)
		}
		excluded = saved
	}
	search(0)
	return best
}

// byteSet is a set of byte values.
type byteSet [4]uint64

func (s *byteSet) add(c byte)     { s[c>>6] |= 1 << (c & 63) }
func (s *byteSet) remove(c byte)  { s[c>>6] &^= 1 << (c & 63) }
func (s byteSet) has(c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }

func (s byteSet) intersects(t byteSet) bool {
	return s[0]&t[0]|s[1]&t[1]|s[2]&t[2]|s[3]&t[3] != 0
}

func (s byteSet) union(t byteSet) byteSet {
	return byteSet{s[0] | t[0], s[1] | t[1], s[2] | t[2], s[3] | t[3]}
}

func (s byteSet) minus(t byteSet) byteSet {
	return byteSet{s[0] &^ t[0], s[1] &^ t[1], s[2] &^ t[2], s[3] &^ t[3]}
}

func (s byteSet) len() int {
	return bits.OnesCount64(s[0]) + bits.OnesCount64(s[1]) + bits.OnesCount64(s[2]) + bits.OnesCount64(s[3])
}

// typicalByteFrequency is how often each byte occurs per 100,000 bytes of
// source text: the mean over CPython's standard library, Go's source tree,
// and Markdown, YAML, TOML, JSON and notebook files. Bytes outside ASCII
// (0.15% of that text, spread over 128 values) and ASCII control bytes count
// as never occurring; the literals are printable ASCII.
func typicalByteFrequency() [256]int {
	return [256]int{
		'\t': 1245, '\n': 2950, '\r': 35, ' ': 20982, '!': 51, '"': 2091, '#': 274, '$': 61, '%': 52, '&': 43,
		'\'': 506, '(': 804, ')': 804, '*': 276, '+': 82, ',': 1556, '-': 641, '.': 1192, '/': 934,
		'0': 1585, '1': 741, '2': 610, '3': 435, '4': 446, '5': 328, '6': 415, '7': 270, '8': 368, '9': 279,
		':': 1181, ';': 67, '<': 68, '=': 568, '>': 136, '?': 11, '@': 14,
		'A': 710, 'B': 217, 'C': 412, 'D': 309, 'E': 565, 'F': 231, 'G': 157, 'H': 142, 'I': 485, 'J': 34,
		'K': 76, 'L': 404, 'M': 279, 'N': 346, 'O': 347, 'P': 320, 'Q': 58, 'R': 447, 'S': 507, 'T': 598,
		'U': 170, 'V': 186, 'W': 116, 'X': 161, 'Y': 77, 'Z': 44,
		'[': 290, '\\': 329, ']': 290, '^': 16, '_': 807, '`': 239,
		'a': 3305, 'b': 816, 'c': 1906, 'd': 1838, 'e': 5825, 'f': 1473, 'g': 1066, 'h': 1115, 'i': 3193, 'j': 152,
		'k': 369, 'l': 2153, 'm': 1306, 'n': 3287, 'o': 3085, 'p': 1510, 'q': 85, 'r': 3329, 's': 3186, 't': 4306,
		'u': 1528, 'v': 471, 'w': 414, 'x': 1080, 'y': 670, 'z': 106,
		'{': 369, '|': 63, '}': 368, '~': 6,
	}
}

func (s *secretScanner) scan(data []byte) []secretHit {
	found := s.literalOccurrences(data)
	if found == nil {
		return nil
	}
	var out []secretHit
	for ri, r := range s.rules {
		for _, w := range s.windows(data, found, ri) {
			// Dense candidates merge into long windows; scan them in bounded
			// chunks (each overlapping the next by a token's length) so the
			// regexp cost stays proportional to the input. A match belongs to
			// the chunk whose core [core0, core1) holds its start.
			for core0 := w[0]; core0 < w[1]; core0 += secretChunk {
				core1 := min(core0+secretChunk, w[1])
				a, b := max(w[0], core0-r.back), min(w[1], core1+maxTokenLen)
				for _, m := range r.re.FindAllSubmatchIndex(data[a:b], -1) {
					s, e := m[2*r.group], m[2*r.group+1]
					if s < 0 || a+s < core0 || a+s >= core1 {
						continue
					}
					tok := string(data[a+s : a+e])
					if shannon(tok) < r.entropy || placeholder(tok) {
						continue
					}
					out = append(out, secretHit{off: a + s, rule: r.name})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].off < out[j].off })
	return out
}

const secretChunk = 4096

// windows are the ranges where rule ri's regexp runs: around each of its
// literals' occurrences.
func (s *secretScanner) windows(data []byte, found [][][]int, ri int) [][2]int {
	var occ []int
	for _, o := range found[ri] {
		occ = append(occ, o...)
	}
	return windowsAround(occ, len(data), s.rules[ri].back)
}

// literalOccurrences finds where each rule literal starts — found[rule][literal]
// lists offsets, without overlaps, as a left-to-right search for the literal
// would — or returns nil when none occurs. Each anchor byte is searched once,
// and the literals anchored on it are compared in place; a literal has one
// anchor position, so its occurrences come in order.
func (s *secretScanner) literalOccurrences(data []byte) [][][]int {
	var found [][][]int
	for k := range s.anchors {
		g := &s.anchors[k]
		for at, m := g.next(data, 0); m != 0; at, m = g.next(data, at+1) {
			for ; m != 0; m &= m - 1 {
				l := &g.lits[bits.TrailingZeros32(m)]
				start := at - l.pos
				if start < 0 || start+len(l.lit) > len(data) || string(data[start:start+len(l.lit)]) != l.lit {
					continue
				}
				if found == nil {
					found = s.emptyFound()
				}
				prev := found[l.ri][l.j]
				if p := len(prev); p == 0 || start >= prev[p-1]+len(l.lit) {
					found[l.ri][l.j] = append(prev, start)
				}
			}
		}
	}
	return found
}

// next returns the first offset from at on where g's byte occurs between
// neighbours some of its literals allow, with the mask of those literals, or
// a zero mask when there is none. It is kept small because it runs for every
// occurrence of the byte: few live values, so nothing is spilled around the
// search call.
func (g *anchorGroup) next(data []byte, at int) (int, uint32) {
	for ; at < len(data); at++ {
		// A run of the anchor byte ("-----", "xxxx") is walked byte by byte
		// rather than with a search call per byte.
		if data[at] != g.c {
			i := bytes.IndexByte(data[at:], g.c)
			if i < 0 {
				break
			}
			at += i
		}
		// Outside the data the neighbours read as 0: a literal that would
		// reach there fails the bounds check in literalOccurrences.
		var before, after byte
		if at > 0 {
			before = data[at-1]
		}
		if at+1 < len(data) {
			after = data[at+1]
		}
		if m := g.before[before] & g.after[after]; m != 0 {
			return at, m
		}
	}
	return len(data), 0
}

func (s *secretScanner) emptyFound() [][][]int {
	found := make([][][]int, len(s.rules))
	for ri, r := range s.rules {
		found[ri] = make([][]int, len(r.literals))
	}
	return found
}

// windowsAround returns disjoint, sorted byte ranges around every occurrence,
// merged when they overlap.
func windowsAround(occ []int, n, back int) [][2]int {
	if len(occ) == 0 {
		return nil
	}
	sort.Ints(occ)
	var ws [][2]int
	for _, o := range occ {
		a, b := max(0, o-back), min(n, o+maxTokenLen)
		if k := len(ws); k > 0 && a <= ws[k-1][1] {
			ws[k-1][1] = max(ws[k-1][1], b)
			continue
		}
		ws = append(ws, [2]int{a, b})
	}
	return ws
}

func (e *env) hy202(f *checks.File, _ checks.Options) []checks.Finding {
	if f.Data == nil || f.Binary {
		return nil
	}
	var out []checks.Finding
	hits := e.secrets.scan(f.Data)
	if len(hits) == 0 {
		return nil
	}
	li := newLineIndex(f.Data)
	for _, h := range hits {
		l, c := li.at(h.off)
		out = append(out, finding("HY202", f.Path, l, c,
			fmt.Sprintf("%s committed; revoke it now, remove it from history, and load it from the environment or a secret store", h.rule)))
	}
	return out
}

// credentialFile classifies paths that hold credentials by convention.
func credentialFile(p string) string {
	b := base(p)
	lb := strings.ToLower(b)
	switch {
	case lb == ".env" || (strings.HasPrefix(lb, ".env.") && !envTemplate(lb)) || (strings.HasSuffix(lb, ".env") && lb != ".env" && !strings.HasSuffix(lb, ".example.env")):
		return "environment file"
	case lb == "kaggle.json":
		return "Kaggle API credentials"
	case strings.HasSuffix(lb, ".pem"), strings.HasSuffix(lb, ".p12"), strings.HasSuffix(lb, ".pfx"), strings.HasSuffix(lb, ".key") && !strings.HasSuffix(lb, ".pub.key"):
		return "key/certificate file"
	case lb == "id_rsa" || lb == "id_dsa" || lb == "id_ecdsa" || lb == "id_ed25519":
		return "SSH private key"
	case lb == ".netrc" || lb == "_netrc":
		return ".netrc credentials"
	case lb == ".pypirc":
		return "PyPI credentials (.pypirc)"
	case lb == "credentials" && strings.Contains(p, ".aws/"):
		return "AWS credentials"
	case lb == ".git-credentials":
		return "git credentials"
	}
	return ""
}

func envTemplate(lb string) bool {
	for _, s := range []string{".example", ".sample", ".template", ".dist", ".defaults", ".schema", ".tpl"} {
		if strings.HasSuffix(lb, s) {
			return true
		}
	}
	return false
}

func hy203(r *checks.Repo, _ checks.Options) ([]checks.Finding, string) {
	var out []checks.Finding
	for _, f := range r.Files {
		if !committed(r, f) {
			continue
		}
		kind := credentialFile(f.Path)
		if kind == "" && ext(f.Path) == ".json" && f.Size < 64<<10 {
			d := fileData(r, f, 64<<10)
			if bytes.Contains(d, []byte(`"service_account"`)) && bytes.Contains(d, []byte(`"private_key"`)) {
				kind = "GCP service-account key"
			}
		}
		if kind == "" {
			continue
		}
		verb := "tracked by git"
		if !r.Git {
			verb = "in the project"
		}
		out = append(out, finding("HY203", f.Path, 0, 0,
			fmt.Sprintf("%s %s; `git rm --cached %s`, add it to .gitignore and rotate the credentials it holds", kind, verb, f.Path)))
	}
	return out, ""
}
