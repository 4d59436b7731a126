package templates

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"

	"github.com/mlinit/mlinit/internal/project"
)

// fileKeys are the options that change which files a project has; the
// exhaustive test renders every legal combination of them. The other options
// only change file contents and are cycled through a full table of their own
// combinations, so each of their values and pairs appears many times.
// TestFileKeysAreComplete keeps this list honest.
func fileKeys() []string {
	return []string{"env", "lint", "typecheck", "config", "tracking", "data", "docs", "ci", "docker", "notebooks"}
}

// choiceValues returns the accepted values of an option, including notebooks.
func choiceValues(key string) []string {
	if key == "notebooks" {
		return []string{"yes", "no"}
	}
	for _, c := range project.Choices() {
		if c.Key == key {
			return c.Values
		}
	}
	panic("unknown option " + key)
}

// contentKeys are the enumerated options not in fileKeys.
func contentKeys() []string {
	var keys []string
	for _, c := range project.Choices() {
		if !slices.Contains(fileKeys(), c.Key) {
			keys = append(keys, c.Key)
		}
	}
	return keys
}

// product lists every assignment of values to keys, as key=value lists.
func product(keys []string) [][]string {
	rows := [][]string{nil}
	for _, k := range keys {
		var next [][]string
		for _, row := range rows {
			for _, v := range choiceValues(k) {
				next = append(next, append(slices.Clone(row), k+"="+v))
			}
		}
		rows = next
	}
	return rows
}

// combinations returns every legal combination of the file options, each
// completed with a row of content options. Rows are visited with a stride
// coprime to their count, so consecutive combinations get dissimilar rows and
// every row is used many times; an illegal pairing moves on to the next row.
func combinations() (legal [][]string, illegal int) {
	rest := product(contentKeys())
	const stride = 7919 // prime, larger than len(rest)
	for i, combo := range product(fileKeys()) {
		found := false
		for try := 0; try < len(rest); try++ {
			row := append(slices.Clone(combo), rest[(i*stride+try)%len(rest)]...)
			if _, err := tryAnswers(row...); err == nil {
				legal = append(legal, row)
				found = true
				break
			}
		}
		if !found {
			illegal++
		}
	}
	return legal, illegal
}

func TestExhaustive(t *testing.T) {
	start := time.Now()
	combos, illegal := combinations()
	if testing.Short() {
		combos = combos[:len(combos)/97+1]
	}
	var (
		mu       sync.Mutex
		used     = map[string]bool{}
		checked  = map[[32]byte]bool{} // file contents already parsed
		failures []string
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 20 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	work := make(chan []string)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := newRenderer() // one per goroutine: a renderer is not concurrency-safe
			if err != nil {
				fail("%v", err)
				return
			}
			fresh, err := newRenderer() // a second renderer proves caching changes nothing
			if err != nil {
				fail("%v", err)
				return
			}
			for row := range work {
				a, err := tryAnswers(row...)
				if err != nil {
					fail("%v: %v", row, err)
					continue
				}
				d, err := newData(a, r.v)
				if err != nil {
					fail("%v: %v", row, err)
					continue
				}
				entries := Manifest(d)
				first, err := r.renderEntries(d, entries)
				if err != nil {
					fail("%v: %v", row, err)
					continue
				}
				second, err := fresh.render(a, Release{})
				if err != nil || !sameFiles(first, second) {
					fail("%v: two renders differ (%v)", row, err)
				}
				mu.Lock()
				for _, e := range entries {
					used[e.Src] = true
				}
				mu.Unlock()
				for _, f := range first {
					if bytes.Contains(f.Data, []byte("[[")) || bytes.Contains(f.Data, []byte("]]")) {
						fail("%v: %s contains [[ or ]]", row, f.Path)
					}
					if bytes.Contains(f.Data, []byte("\r")) {
						fail("%v: %s contains a carriage return", row, f.Path)
					}
					sum := sha256.Sum256(append([]byte(f.Path+"\x00"), f.Data...))
					mu.Lock()
					seen := checked[sum]
					checked[sum] = true
					mu.Unlock()
					if seen {
						continue
					}
					if err := parses(f); err != nil {
						fail("%v: %s does not parse: %v", row, f.Path, err)
					}
				}
			}
		}()
	}
	for _, row := range combos {
		work <- row
	}
	close(work)
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	t.Logf("%d legal combinations rendered twice (%d illegal skipped), %d distinct files parsed, in %v",
		len(combos), illegal, len(checked), time.Since(start).Round(time.Millisecond))
	if testing.Short() {
		return
	}

	// Every embedded template is used by some answer set.
	err := fs.WalkDir(projectFS, "project", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		if src := strings.TrimPrefix(p, "project/"); !used[src] {
			t.Errorf("template %s is used by no answer set", src)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func sameFiles(a, b []File) bool {
	return slices.EqualFunc(a, b, func(x, y File) bool {
		return x.Path == y.Path && x.Mode == y.Mode && bytes.Equal(x.Data, y.Data)
	})
}

// parses checks that a structured file is well-formed.
func parses(f File) error {
	switch path.Ext(f.Path) {
	case ".toml":
		var v map[string]any
		return toml.Unmarshal(f.Data, &v)
	case ".yaml", ".yml":
		dec := yaml.NewDecoder(bytes.NewReader(f.Data))
		for {
			var v any
			if err := dec.Decode(&v); err != nil {
				if err.Error() == "EOF" {
					return nil
				}
				return err
			}
		}
	case ".json":
		var v any
		return json.Unmarshal(f.Data, &v)
	}
	if f.Path == ".mlinit.toml" || strings.HasSuffix(f.Path, "/config") && strings.HasPrefix(f.Path, ".dvc") {
		return nil
	}
	return nil
}

func TestFileKeysAreComplete(t *testing.T) {
	// A content option must never change the set of output paths: vary each
	// one alone from several starting points and compare the manifests.
	bases := [][]string{
		nil,
		{"data=none", "config=none", "tracking=none", "docs=none", "ci=none", "docker=none"},
		{"env=pip", "lint=classic", "framework=lightning", "docker=cuda", "tracking=wandb"},
	}
	for _, base := range bases {
		ref := manifestPaths(t, base)
		for _, key := range contentKeys() {
			for _, v := range choiceValues(key) {
				row := append(slices.Clone(base), key+"="+v)
				if _, err := tryAnswers(row...); err != nil {
					continue
				}
				if got := manifestPaths(t, row); !slices.Equal(got, ref) {
					t.Errorf("%s=%s changes the files of %v; add it to fileKeys", key, v, base)
				}
			}
		}
	}
}

func manifestPaths(t *testing.T, row []string) []string {
	t.Helper()
	d, err := NewData(answers(t, row...))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range Manifest(d) {
		paths = append(paths, outPath(e.Out, d.Package))
	}
	slices.Sort(paths)
	return paths
}

func TestManifestHasNoDuplicateOutputs(t *testing.T) {
	combos, _ := combinations()
	for _, row := range combos[:len(combos)/53+1] {
		d, err := NewData(answers(t, row...))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]string{}
		for _, e := range Manifest(d) {
			if prev, ok := seen[e.Out]; ok {
				t.Fatalf("%v: %s comes from both %s and %s", row, e.Out, prev, e.Src)
			}
			seen[e.Out] = e.Src
		}
	}
}
