// Package benchcorpus builds a synthetic Python ML repository for timing
// `mlinit check --gate repo`: Python modules, TOML, YAML and JSON configs,
// notebooks (some with outputs), model weights and images (mostly LFS-tracked),
// with planted problems of every hygiene kind. The same options always give the
// same bytes (a fixed seed), so timings compare across runs and machines.
package benchcorpus

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Options size the corpus.
type Options struct {
	Dir   string
	Files int   // total number of files (>= 100)
	Bytes int64 // approximate total size
	Git   bool  // git init, add and commit (needs git)
}

// Stats describe what was written.
type Stats struct {
	Files   int
	Bytes   int64
	Planted map[string]int // check ID -> number of planted problems
}

// mix is the share of files per kind, in thousandths; binaries carry most bytes.
type kind struct {
	name   string
	share  int     // of Files, per mille
	weight float64 // share of Bytes
}

func kinds() []kind {
	return []kind{
		{"py", 700, 0.17},
		{"toml", 40, 0.005},
		{"yaml", 60, 0.01},
		{"json", 50, 0.015},
		{"md", 50, 0.01},
		{"ipynb", 50, 0.10},
		{"bin", 25, 0.63},
		{"png", 25, 0.06},
	}
}

// Generate writes the corpus.
func Generate(o Options) (*Stats, error) {
	if o.Files < 100 {
		return nil, fmt.Errorf("at least 100 files, got %d", o.Files)
	}
	r := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // deterministic test data, not security
	st := &Stats{Planted: map[string]int{}}
	write := func(rel string, data []byte, mode os.FileMode) error {
		p := filepath.Join(o.Dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, mode); err != nil {
			return err
		}
		st.Files++
		st.Bytes += int64(len(data))
		return nil
	}
	fixed := map[string]string{
		"pyproject.toml": `[project]
name = "benchproj"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["numpy>=2"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.mlinit]
exclude = ["vendor/**"]
`,
		".gitattributes": "*.pt filter=lfs diff=lfs merge=lfs -text\n*.bin filter=lfs diff=lfs merge=lfs -text\n",
		".gitignore":     "__pycache__/\n.venv/\n*.log\n",
		"README.md":      "# benchproj\n\n## Install\n\npip install .\n\n## Usage\n\npython -m benchproj\n",
		// Planted: credentials file, private key, broken YAML, big model outside LFS.
		".env":             "HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH\n",
		"deploy/id_rsa":    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n",
		"conf/broken.yaml": "model: [1, 2\nlr: 0.1\n",
	}
	for name, body := range fixed {
		if err := write(name, []byte(body), 0o644); err != nil {
			return nil, err
		}
	}
	st.Planted["HY203"]++
	st.Planted["HY201"]++
	st.Planted["HY105"]++
	big := make([]byte, 2<<20)
	fillBinary(r, big)
	if err := write("checkpoints/final.ckpt", big, 0o644); err != nil {
		return nil, err
	}
	st.Planted["HY101"]++
	st.Planted["HY102"]++

	remaining := o.Files - st.Files
	budget := o.Bytes - st.Bytes
	for _, k := range kinds() {
		n := remaining * k.share / 1000
		if k.name == "py" {
			// Python absorbs rounding so the total file count is exact.
			total := 0
			for _, k2 := range kinds() {
				total += remaining * k2.share / 1000
			}
			n += remaining - total
		}
		per := int(float64(budget) * k.weight / float64(max(n, 1)))
		for i := range n {
			rel, data, planted := makeFile(r, k.name, i, per)
			if planted != "" {
				st.Planted[planted]++
			}
			mode := os.FileMode(0o644)
			if k.name == "py" && i%500 == 7 {
				mode = 0o755 // executable without a shebang: HY108
				st.Planted["HY108"]++
			}
			if err := write(rel, data, mode); err != nil {
				return nil, err
			}
		}
	}
	if o.Git {
		if err := gitCommit(o.Dir); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func fillBinary(r *rand.Rand, b []byte) {
	for i := 0; i+8 <= len(b); i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j) & 0xff) //nolint:gosec // masked to a byte
		}
	}
	if len(b) > 0 {
		b[0] = 0 // make sure git and mlinit see it as binary
	}
}

// makeFile builds file number i of a kind, about size bytes, sometimes with a
// planted problem (returned as the check ID that should report it).
func makeFile(r *rand.Rand, kind string, i, size int) (rel string, data []byte, planted string) {
	pkg := fmt.Sprintf("src/benchproj/mod%03d", i%150)
	switch kind {
	case "py":
		rel = fmt.Sprintf("%s/file%05d.py", pkg, i)
		if i%7 == 0 {
			rel = fmt.Sprintf("tests/unit%02d/test_file%05d.py", i%40, i)
		}
		var b bytes.Buffer
		fmt.Fprintf(&b, "\"\"\"Module %d of the benchmark corpus.\"\"\"\n\nimport math\nimport os\n\n", i)
		for fn := 0; b.Len() < size; fn++ {
			fmt.Fprintf(&b, "\ndef compute_%d_%d(x: float, y: float = %d.0) -> float:\n    \"\"\"Return a value.\"\"\"\n", i, fn, fn)
			fmt.Fprintf(&b, "    z = math.sqrt(abs(x * y)) + %d\n    for k in range(%d):\n        z += k / (y + 1)\n    return z\n", r.IntN(1000), r.IntN(50))
		}
		switch i % 1000 {
		case 3:
			b.WriteString("\n<<<<<<< HEAD\nVALUE = 1\n=======\nVALUE = 2\n>>>>>>> feature\n")
			planted = "HY104"
		case 5:
			b.WriteString("\nAWS_ACCESS_KEY_ID = \"AKIAIOSFODNN7EXAMPLE\"\nAWS_SECRET = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n")
			planted = "HY202"
		case 9:
			b.WriteString("x = 1   \n") // trailing whitespace
			planted = "HY106"
		}
		return rel, b.Bytes(), planted
	case "toml":
		rel = fmt.Sprintf("configs/exp%04d.toml", i)
		var b bytes.Buffer
		fmt.Fprintf(&b, "[experiment]\nname = \"exp%d\"\nseed = %d\n\n", i, r.IntN(1<<16))
		for j := 0; b.Len() < size; j++ {
			fmt.Fprintf(&b, "[stage%d]\nlr = %.5f\nbatch = %d\nlayers = [%d, %d, %d]\n\n", j, r.Float64(), 1<<r.IntN(10), r.IntN(512), r.IntN(512), r.IntN(512))
		}
		if i%400 == 11 {
			b.WriteString("[broken\n")
			planted = "HY105"
		}
		return rel, b.Bytes(), planted
	case "yaml":
		rel = fmt.Sprintf("configs/hydra/run%04d.yaml", i)
		var b bytes.Buffer
		fmt.Fprintf(&b, "defaults:\n  - base\nname: run%d\n", i)
		for j := 0; b.Len() < size; j++ {
			fmt.Fprintf(&b, "stage%d:\n  lr: %.5f\n  batch: %d\n  tags: [a, b, c]\n", j, r.Float64(), 1<<r.IntN(10))
		}
		if i%400 == 13 {
			b.WriteString("stage0:\n  lr: 2\n") // duplicate key
			planted = "HY105"
		}
		return rel, b.Bytes(), planted
	case "json":
		rel = fmt.Sprintf("data/meta/item%05d.json", i)
		var b bytes.Buffer
		fmt.Fprintf(&b, "{\n  \"id\": %d,\n  \"values\": [", i)
		for j := 0; b.Len() < size; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%.6f", r.Float64())
		}
		b.WriteString("]\n}\n")
		if i%400 == 17 {
			b.Truncate(b.Len() - 3)
			planted = "HY105"
		}
		return rel, b.Bytes(), planted
	case "md":
		rel = fmt.Sprintf("docs/page%04d.md", i)
		var b bytes.Buffer
		fmt.Fprintf(&b, "# Page %d\n\n", i)
		for b.Len() < size {
			b.WriteString("Some documentation text about the model, the data and the training loop.  \n")
		}
		return rel, b.Bytes(), ""
	case "ipynb":
		rel = fmt.Sprintf("notebooks/nb%04d.ipynb", i)
		return rel, notebook(r, i, size, i%10 == 0), map[bool]string{true: "HY301", false: ""}[i%10 == 0]
	case "bin":
		ext := ".pt"
		if i%2 == 1 {
			ext = ".bin"
		}
		rel = fmt.Sprintf("models/v%02d/weights%04d%s", i%20, i, ext)
		data = make([]byte, size)
		fillBinary(r, data)
		return rel, data, ""
	case "png":
		rel = fmt.Sprintf("docs/img/fig%04d.png", i)
		data = make([]byte, size)
		fillBinary(r, data)
		copy(data, "\x89PNG\r\n\x1a\n\x00")
		return rel, data, ""
	}
	panic("unknown kind " + kind)
}

func notebook(r *rand.Rand, i, size int, outputs bool) []byte {
	var cells []string
	total := 0
	for c := 0; total < size; c++ {
		src := fmt.Sprintf(`"import numpy as np\n", "x = np.arange(%d)\n", "x.mean()"`, r.IntN(1000))
		out := "[]"
		count := "null"
		if outputs {
			count = fmt.Sprint(c + 1)
			out = fmt.Sprintf(`[{"data": {"text/plain": ["%s"]}, "execution_count": %d, "metadata": {}, "output_type": "execute_result"}]`,
				strings.Repeat("0.5 ", 40), c+1)
		}
		cell := fmt.Sprintf(`  {"cell_type": "code", "execution_count": %s, "id": "c%d-%d", "metadata": {}, "outputs": %s, "source": [%s]}`,
			count, i, c, out, src)
		cells = append(cells, cell)
		total += len(cell)
	}
	return []byte(fmt.Sprintf("{\n \"cells\": [\n%s\n ],\n \"metadata\": {\"kernelspec\": {\"display_name\": \"Python 3\", \"language\": \"python\", \"name\": \"python3\"}},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n",
		strings.Join(cells, ",\n")))
}

func gitCommit(dir string) error {
	run := func(args ...string) error {
		cmd := exec.CommandContext(context.Background(), "git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=bench", "GIT_AUTHOR_EMAIL=bench@example.com", "GIT_COMMITTER_NAME=bench", "GIT_COMMITTER_EMAIL=bench@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %w\n%s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := run("init", "-q", "-b", "main"); err != nil {
		return err
	}
	if err := run("add", "-A"); err != nil {
		return err
	}
	return run("commit", "-q", "-m", "benchmark corpus")
}
