package native

import (
	"bytes"
	"fmt"
	"math"
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

// secretScanner runs the token rules over a file. Each distinct first byte
// of the rule literals is searched once per file (a vectorised byte search),
// and every literal's occurrences are picked from its first byte's positions:
// most files hold none of the literals and cost a few byte searches instead of
// one substring search per literal.
type secretScanner struct {
	rules  []secretRule
	firsts []byte         // distinct first bytes of all literals
	groups [][]literalRef // per first byte, the literals starting with it
}

// literalRef is literal j of rule ri.
type literalRef struct {
	ri, j int
	lit   []byte
}

func newSecretScanner(rules []secretRule) *secretScanner {
	s := &secretScanner{rules: rules}
	for ri, r := range rules {
		for j, l := range r.literals {
			k := bytes.IndexByte(s.firsts, l[0])
			if k < 0 {
				s.firsts = append(s.firsts, l[0])
				s.groups = append(s.groups, nil)
				k = len(s.firsts) - 1
			}
			s.groups[k] = append(s.groups[k], literalRef{ri: ri, j: j, lit: []byte(l)})
		}
	}
	return s
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
// would — or returns nil when none occurs. Each distinct first byte is searched
// once and the literals starting with it are compared in place.
func (s *secretScanner) literalOccurrences(data []byte) [][][]int {
	var found [][][]int
	for k, c := range s.firsts {
		group := s.groups[k]
		for off := 0; off < len(data); off++ {
			i := bytes.IndexByte(data[off:], c)
			if i < 0 {
				break
			}
			off += i
			var next byte // the second byte is compared first: it rules out most hits
			if off+1 < len(data) {
				next = data[off+1]
			}
			for _, l := range group {
				if (len(l.lit) > 1 && l.lit[1] != next) || !bytes.HasPrefix(data[off:], l.lit) {
					continue
				}
				if found == nil {
					found = s.emptyFound()
				}
				prev := found[l.ri][l.j]
				if n := len(prev); n == 0 || off >= prev[n-1]+len(l.lit) {
					found[l.ri][l.j] = append(prev, off)
				}
			}
		}
	}
	return found
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
