#!/usr/bin/env bash
# Times `mlinit check --gate repo` on the synthetic corpora (2,000 and 20,000
# files) with hyperfine, reports the peak memory of the 20,000-file run and how
# the time grows with the corpus. The corpora are built once into
# $MLINIT_CACHE_DIR/benchcorpus (generation takes a minute: git has to hash
# ~250 MB); the directory name carries a hash of the generator, so a change to
# it builds new ones.
#
#   internal/benchcorpus/bench.sh [path/to/mlinit]
#
# Targets (issue #5): under 200 ms wall and 150 MB peak memory for 20,000
# files on 2 cores, and at most 11x the 2,000-file time. Both cached runs and
# --no-cache runs are timed; peak RSS is the larger of the two kinds.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-bin/mlinit}")
command -v hyperfine >/dev/null || { echo "bench.sh: hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
cache=${MLINIT_CACHE_DIR:-$PWD/.cache}/benchcorpus
gen=$(cat internal/benchcorpus/corpus.go internal/cmd/benchcorpus/main.go | sha256sum | cut -c1-12)
mkdir -p "$cache"
for spec in 2000:25 20000:250; do
	files=${spec%%:*} mb=${spec##*:}
	dir=$cache/corpus-$files-$gen
	[[ -d $dir/.git ]] || { rm -rf "$dir"; go run ./internal/cmd/benchcorpus -out "$dir" -files "$files" -mb "$mb"; }
done

for files in 2000 20000; do
	dir=$cache/corpus-$files-$gen
	echo "== $files files ($(du -sh --exclude=.git "$dir" | cut -f1))"
	# Exit 1 is expected: the corpus has planted problems. The warm-up runs
	# fill the results cache (.mlinit_cache), as repeated runs on a laptop do;
	# --no-cache is a first run (a fresh CI checkout).
	hyperfine --warmup 3 --runs 20 -i --export-json "$cache/hyperfine-$files.json" \
		--command-name "check --gate repo ($files files)" \
		"cd $dir && $bin check --gate repo --format json >/dev/null"
	hyperfine --warmup 1 --runs 10 -i --export-json "$cache/hyperfine-$files-nocache.json" \
		--command-name "check --gate repo --no-cache ($files files)" \
		"cd $dir && $bin check --gate repo --no-cache --format json >/dev/null"
done

# Peak resident memory of the largest run, measured by the kernel (ru_maxrss).
python3 - "$bin" "$cache/corpus-20000-$gen" "$cache" <<'EOF'
import json, resource, subprocess, sys
binary, corpus, cache = sys.argv[1:4]
for args in (["--no-cache"], [], [], ["--no-cache"], []):
    subprocess.run([binary, "check", "--gate", "repo", "--format", "json", *args],
                   cwd=corpus, stdout=subprocess.DEVNULL, check=False)
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
def result(name):
    return json.load(open(f"{cache}/hyperfine-{name}.json"))["results"][0]
small, large = result("2000"), result("20000")
small_cold, large_cold = result("2000-nocache"), result("20000-nocache")
print(f"== summary: 20,000 files {large['mean']*1000:.1f} ms ± {large['stddev']*1000:.1f} ms "
      f"(median {large['median']*1000:.1f} ms); 2,000 files {small['mean']*1000:.1f} ms; "
      f"10x the files costs {large['mean']/small['mean']:.1f}x; peak RSS {peak_mb:.0f} MB")
print(f"== without the cache: 20,000 files {large_cold['mean']*1000:.1f} ms ± {large_cold['stddev']*1000:.1f} ms; "
      f"2,000 files {small_cold['mean']*1000:.1f} ms; 10x the files costs {large_cold['mean']/small_cold['mean']:.1f}x")
EOF
