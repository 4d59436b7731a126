package tomlfast

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/mlinit/mlinit/internal/corpustest"
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
type benchDoc = corpustest.Doc

func benchDocs() []benchDoc {
	return []benchDoc{
		// The corpus's configs average about 1.6 KB, some 25 stages.
		{Name: "corpus", Data: corpusConfig(25)},
		{Name: "pyproject", Data: []byte(realisticCases[1])},
		{Name: "poetry", Data: []byte(realisticCases[2])},
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
