package tomlfast

import (
	"bytes"
	"fmt"
	"testing"
)

// corpusConfig renders a document exactly like the benchmark corpus's
// configs/exp*.toml files (internal/benchcorpus), with n stages.
func corpusConfig(n int) []byte {
	var b bytes.Buffer
	b.WriteString("[experiment]\nname = \"exp12\"\nseed = 4242\n\n")
	for j := range n {
		fmt.Fprintf(&b, "[stage%d]\nlr = 0.%05d\nbatch = %d\nlayers = [%d, %d, %d]\n\n",
			j, j*7919%100000, 1<<(j%10), j*37%512, j*101%512, j*211%512)
	}
	return b.Bytes()
}

// benchDoc is a named benchmark input.
type benchDoc struct {
	name string
	data []byte
}

func benchDocs() []benchDoc {
	return []benchDoc{
		// The corpus's configs average about 1.6 KB, some 25 stages.
		{"corpus", corpusConfig(25)},
		{"pyproject", []byte(realisticCases[1])},
		{"poetry", []byte(realisticCases[2])},
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
