// Command benchcorpus writes the synthetic repository that `make bench` times
// `mlinit check --gate repo` against:
//
//	go run ./internal/cmd/benchcorpus -out /tmp/corpus -files 20000 -mb 250
//	hyperfine -w 3 'cd /tmp/corpus && mlinit check --gate repo'
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/mlinit/mlinit/internal/benchcorpus"
)

func main() {
	out := flag.String("out", "", "directory to create (must not exist)")
	files := flag.Int("files", 20000, "number of files")
	mb := flag.Int64("mb", 250, "approximate total size in MB")
	git := flag.Bool("git", true, "make it a git repository with one commit")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "benchcorpus: -out is required")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "benchcorpus: %s exists; remove it first\n", *out)
		os.Exit(2)
	}
	st, err := benchcorpus.Generate(benchcorpus.Options{Dir: *out, Files: *files, Bytes: *mb << 20, Git: *git})
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcorpus:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d files, %.1f MB\nplanted:", *out, st.Files, float64(st.Bytes)/(1<<20))
	ids := make([]string, 0, len(st.Planted))
	for id := range st.Planted {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Printf(" %s=%d", id, st.Planted[id])
	}
	fmt.Println()
}
