package native

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/mlinit/mlinit/checks"
)

// The anchored literal search must find exactly what the first-byte search
// it replaced (refScanner) finds: the same literal occurrences, hence the
// same regexp windows, hits and HY202 findings.

// secretScanSeeds are texts built to trip an anchored search: every literal
// next to every other, cut at either end, overlapping itself, among
// non-ASCII bytes, in real tokens and in tokens longer than a window.
func secretScanSeeds() []string {
	var lits []string
	for _, r := range secretRules() {
		lits = append(lits, r.literals...)
	}
	seeds := append([]string(nil), fastpathSeeds()...)
	for _, a := range lits {
		seeds = append(seeds, a, " "+a, a+" ", a[:len(a)-1], a[1:], a+a, a+a[1:], a[:len(a)-1]+a, strings.Repeat(a, 5))
		for _, b := range lits {
			seeds = append(seeds, a+b, a+" "+b, a[:len(a)-1]+b)
		}
	}
	seeds = append(seeds,
		"AKIAKIAKIA", "ACCACCA", "A3TA3T", "xoxoxoxox", "xoxox-", "sk-sk-ant-sk-", "sk-ant-sk-ant-api03-",
		"pypi-pypi-AgEIcHlwaS5vcmc", "ghghp_ghp_", "githubgithub_pat_", "hf_hf_hf_", "hhf_", "WWANDBANDB",
		"wandb.wandb.login", "hooks.slack.comhooks.slack.com", "-", "--", "h", "x", "A", "w",
		strings.Repeat("-", 100), strings.Repeat("h", 70), strings.Repeat("x", 33), strings.Repeat("A", 65),
		"é"+"AKIA", "\xffsk-\xff", "\x00xox\x00", "日本hf_語", "\xe2\x80\x94pypi-\xe2\x80\x94",
		tok("token: ", "xoxb-", strings.Repeat("aZ9-", 100)),
		tok("key = ", "sk-ant-api03-", strings.Repeat("aB3_dE6-gH9", 12)),
		tok("u = 'https://", "hooks.slack.com/services/", strings.Repeat("Ab3+/Xy", 60), "'"),
		tok("WANDB_API_KEY", " = '", "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e6b4d2f0a", "'"),
		tok("wandb.login", "(key='", "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e6b4d2f0a", "')"),
		tok("x = ", "github_pat_", strings.Repeat("aB3dE6gH9j", 8), "Kl"),
		tok("AKIA", "Z7QW3XRT5YUI2OPL", "AKIA", "Z7QW3XRT5YUI2OPM"),
		tok("A3TX", "Z7QW3XRT5YUI2OPL"),
		tok("hf_", "QwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUi", "\n", "ghp_", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"),
		tok("pypi-", "AgEIcHlwaS5vcmc", "CJDE3ZjI1YTktMjQ5Ny00ZGEwLWI3NDEtNjBkYmM5ZTMwNDQ4AAIq"),
		tok("sk-proj-", "Ab3dEf7hIjK1mNoPqR5t", "T3BlbkFJ", "Zy9xWv8uTs7rQp6oNm5l"),
	)
	return seeds
}

func assertScanMatchesReference(t *testing.T, e *env, ref *refScanner, data []byte) {
	t.Helper()
	s := e.secrets
	found, want := s.literalOccurrences(data), ref.refLiteralOccurrences(data)
	if !reflect.DeepEqual(found, want) {
		t.Fatalf("literal occurrences in %q: %v, reference %v", data, found, want)
	}
	if found != nil {
		for ri := range s.rules {
			if got, want := s.windows(data, found, ri), ref.refWindows(data, want, ri); !reflect.DeepEqual(got, want) {
				t.Fatalf("rule %s on %q: windows %v, reference %v", s.rules[ri].name, data, got, want)
			}
		}
	}
	if got, want := s.scan(data), ref.refScan(data); !reflect.DeepEqual(got, want) {
		t.Fatalf("hits in %q: %v, reference %v", data, got, want)
	}
	f := &checks.File{Path: "a.py", Data: data}
	if got, want := e.hy202(f, checks.Options{}), refHY202(ref, f); !reflect.DeepEqual(got, want) {
		t.Fatalf("HY202 on %q: %v, reference %v", data, got, want)
	}
}

func TestSecretScanMatchesReference(t *testing.T) {
	e := newEnv()
	ref := newRefScanner(secretRules())
	seeds := secretScanSeeds()
	for _, a := range seeds {
		assertScanMatchesReference(t, e, ref, []byte(a))
		// Every cut, so each literal meets both ends of the buffer.
		for i := 1; i < len(a) && i < 48; i++ {
			assertScanMatchesReference(t, e, ref, []byte(a[i:]))
			assertScanMatchesReference(t, e, ref, []byte(a[:len(a)-i]))
		}
	}
	r := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // reproducible test data
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(6) {
			b.WriteString(seeds[r.IntN(len(seeds))])
		}
		assertScanMatchesReference(t, e, ref, []byte(b.String()))
	}
}

// TestAnchoredSearchMatchesReferenceOnRandomRules holds the anchored search
// to the first-byte one for made-up literals over a small alphabet — literals
// that overlap themselves and each other, share anchors, and crowd more than
// one mask's worth of literals onto a byte.
func TestAnchoredSearchMatchesReferenceOnRandomRules(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4)) //nolint:gosec // reproducible test data
	const alphabet = "abcab-_"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	never := regexp.MustCompile(`\A\z\A`)
	for range 400 {
		var rules []secretRule
		for range 1 + r.IntN(8) {
			var lits []string
			for range 1 + r.IntN(16) {
				lits = append(lits, word(1+r.IntN(4)))
			}
			rules = append(rules, secretRule{name: "r", literals: lits, back: 1, re: never})
		}
		s, ref := newSecretScanner(rules), newRefScanner(rules)
		for range 20 {
			data := []byte(word(r.IntN(200)))
			if got, want := s.literalOccurrences(data), ref.refLiteralOccurrences(data); !reflect.DeepEqual(got, want) {
				t.Fatalf("rules %v on %q: %v, reference %v", rules, data, got, want)
			}
		}
	}
}

// TestAnchorBytesIsCheapestCover compares the branch-and-bound search with
// trying every subset of the literals' bytes.
func TestAnchorBytesIsCheapestCover(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6)) //nolint:gosec // reproducible test data
	const alphabet = "abcdefghijkl"
	freq := typicalByteFrequency()
	cost := func(set []byte) int {
		c := 0
		for _, b := range set {
			c += anchorPassCost + freq[b]
		}
		return c
	}
	covers := func(set []byte, lits []string) bool {
		for _, l := range lits {
			if !strings.ContainsAny(l, string(set)) {
				return false
			}
		}
		return true
	}
	for range 300 {
		var lits []string
		for range 1 + r.IntN(12) {
			b := make([]byte, 1+r.IntN(5))
			for i := range b {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
			lits = append(lits, string(b))
		}
		got := anchorBytes(lits, &freq)
		if !covers(got, lits) {
			t.Fatalf("anchorBytes(%q) = %q misses a literal", lits, got)
		}
		best := -1
		for mask := range 1 << len(alphabet) {
			var set []byte
			for i := range len(alphabet) {
				if mask&(1<<i) != 0 {
					set = append(set, alphabet[i])
				}
			}
			if covers(set, lits) && (best < 0 || cost(set) < best) {
				best = cost(set)
			}
		}
		if cost(got) != best {
			t.Fatalf("anchorBytes(%q) = %q costs %d, cheapest cover %d", lits, got, cost(got), best)
		}
	}
}

func FuzzSecretScan(f *testing.F) {
	for _, s := range secretScanSeeds() {
		f.Add([]byte(s))
	}
	e := newEnv()
	ref := newRefScanner(secretRules())
	f.Fuzz(func(t *testing.T, data []byte) {
		assertScanMatchesReference(t, e, ref, data)
	})
}

// TestSecretScanCorpus compares the scanners on every text file of the
// corpus named by MLINIT_BENCH_CORPUS (go run ./internal/cmd/benchcorpus).
func TestSecretScanCorpus(t *testing.T) {
	dir := os.Getenv("MLINIT_BENCH_CORPUS")
	if dir == "" {
		t.Skip("set MLINIT_BENCH_CORPUS to a corpus directory")
	}
	e := newEnv()
	ref := newRefScanner(secretRules())
	files, hits := 0, 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			return err
		}
		data, err := os.ReadFile(p) //nolint:gosec // test corpus
		if err != nil || bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
			return err
		}
		got, want := e.secrets.scan(data), ref.refScan(data)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: hits %v, reference %v", p, got, want)
		}
		if got, want := e.secrets.literalOccurrences(data), ref.refLiteralOccurrences(data); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: literal occurrences %v, reference %v", p, got, want)
		}
		files++
		hits += len(want)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d text files, %d hits, all equal", files, hits)
}
