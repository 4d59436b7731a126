package yamlfast

import (
	"bytes"
	"fmt"
	"testing"
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
type benchDoc struct {
	name string
	data []byte
}

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
		{"corpus", corpusConfig(40)},
		{"hydra", hydraConfig(40)},
		{"workflow", []byte(realisticCases[0])},
	}
}

func BenchmarkClean(b *testing.B) {
	for _, d := range benchDocs() {
		if !Clean(d.data) {
			b.Fatalf("%s: Clean rejects the benchmark document", d.name)
		}
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(d.data)))
			b.ReportAllocs()
			for b.Loop() {
				Clean(d.data)
			}
		})
	}
}

// BenchmarkOracle is the cost Clean saves.
func BenchmarkOracle(b *testing.B) {
	for _, d := range benchDocs() {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(d.data)))
			b.ReportAllocs()
			for b.Loop() {
				_ = oracle(d.data)
			}
		})
	}
}
