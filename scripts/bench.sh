#!/usr/bin/env bash
# Process timings for `make bench` (Go benchmarks run before this, from the Makefile):
#   1. mlinit new my-project --yes --no-git     (target: under 20 ms wall)
#   2. mlinit check --gate repo on 2,000 and 20,000-file corpora
#   3. native docstring coverage vs interrogate on ~13,000 files (BENCH_DOCSTRINGS=0 skips;
#      interrogate alone takes minutes)
# Usage: scripts/bench.sh [path/to/mlinit]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-bin/mlinit}")

if ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq hyperfine
  else
    echo "bench.sh: hyperfine is needed (apt-get install hyperfine)" >&2
    exit 2
  fi
fi

out=${MLINIT_CACHE_DIR:-$PWD/.cache}/bench
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== mlinit new my-project --yes --no-git"
hyperfine --warmup 5 --runs 50 --export-json "$out/new.json" \
  --prepare "rm -rf $tmp/my-project" \
  "cd $tmp && $bin new my-project --yes --no-git"

echo "== mlinit check --gate repo"
internal/benchcorpus/bench.sh "$bin"

if [ "${BENCH_DOCSTRINGS:-1}" != 0 ]; then
  echo "== docstring coverage: mlinit vs interrogate"
  BENCH_OUT="$out/docstrings" internal/docstrings/bench.sh
fi
