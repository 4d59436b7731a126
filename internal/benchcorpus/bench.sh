#!/usr/bin/env bash
# Times `mlinit check --gate repo` on the synthetic corpora (2,000 and 20,000
# files) with hyperfine when installed, else with /usr/bin/time. The corpora are
# built once into $MLINIT_CACHE_DIR/benchcorpus (generation takes minutes: git
# has to hash ~250 MB).
#
#   internal/benchcorpus/bench.sh [path/to/mlinit]
set -euo pipefail
bin=$(realpath "${1:-bin/mlinit}")
cache=${MLINIT_CACHE_DIR:-$PWD/.cache}/benchcorpus
mkdir -p "$cache"
for spec in 2000:25 20000:250; do
	files=${spec%%:*} mb=${spec##*:}
	dir=$cache/corpus-$files
	[[ -d $dir/.git ]] || { rm -rf "$dir"; go run ./internal/cmd/benchcorpus -out "$dir" -files "$files" -mb "$mb"; }
done
for files in 2000 20000; do
	dir=$cache/corpus-$files
	echo "== $files files ($(du -sh --exclude=.git "$dir" | cut -f1))"
	if command -v hyperfine >/dev/null; then
		# Exit 1 is expected: the corpus has planted problems.
		hyperfine --warmup 2 --runs 10 -i --export-json "$cache/hyperfine-$files.json" \
			"cd $dir && $bin check --gate repo --format json >/dev/null"
	else
		for _ in 1 2 3 4 5; do
			( cd "$dir" && /usr/bin/time -f "wall %es user %Us sys %Ss maxrss %MKB" "$bin" check --gate repo --format json >/dev/null ) 2>&1 | grep wall || true
		done
	fi
done
