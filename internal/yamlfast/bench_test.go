package yamlfast

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/mlinit/mlinit/internal/corpustest"
)

// hydraConfig renders a document shaped like the benchmark corpus's Hydra
// configs, with n stages.
func hydraConfig(n int) []byte {
	var b bytes.Buffer
	b.WriteString("# @package _global_\ndefaults:\n  - base\n  - override hydra/launcher: basic\n  - _self_\nname: run0\n")
	b.WriteString("paths:\n  data_dir: ${oc.env:DATA_DIR,data}\n  output_dir: ${hydra:runtime.output_dir}\n")
	for j := range n {
		fmt.Fprintf(&b, "stage%d:\n  lr: 0.%05d\n  batch: %d\n  tags: [a, b, c]  # per-stage tags\n  optimizer: {name: adamw, betas: [0.9, 0.999]}\n  note: 'stage %d of the run'\n", j, j*7919%100000, 1<<(j%10), j)
	}
	return b.Bytes()
}

// benchDoc is a named benchmark input.
type benchDoc = corpustest.Doc

// corpusConfig renders a document exactly like the benchmark corpus's
// configs/hydra files (internal/benchcorpus), with n stages.
func corpusConfig(n int) []byte {
	var b bytes.Buffer
	b.WriteString("defaults:\n  - base\nname: run0\n")
	for j := range n {
		fmt.Fprintf(&b, "stage%d:\n  lr: 0.%05d\n  batch: %d\n  tags: [a, b, c]\n", j, j*7919%100000, 1<<(j%10))
	}
	return b.Bytes()
}

func benchDocs() []benchDoc {
	return []benchDoc{
		{Name: "corpus", Data: corpusConfig(40)},
		{Name: "hydra", Data: hydraConfig(40)},
		{Name: "workflow", Data: []byte(realisticCases[0])},
	}
}

func BenchmarkClean(b *testing.B) {
	for _, d := range benchDocs() {
		if !Clean(d.Data) {
			b.Fatalf("%s: Clean rejects the benchmark document", d.Name)
		}
		b.Run(d.Name, func(b *testing.B) {
			b.SetBytes(int64(len(d.Data)))
			b.ReportAllocs()
			for b.Loop() {
				Clean(d.Data)
			}
		})
	}
}

// BenchmarkOracle is the cost Clean saves.
func BenchmarkOracle(b *testing.B) {
	for _, d := range benchDocs() {
		b.Run(d.Name, func(b *testing.B) {
			b.SetBytes(int64(len(d.Data)))
			b.ReportAllocs()
			for b.Loop() {
				_ = oracle(d.Data)
			}
		})
	}
}
