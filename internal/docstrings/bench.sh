#!/usr/bin/env bash
# Times mlinit's native docstring scan against interrogate 1.7.0 on a tree of ~13,000 real
# Python files (the interpreter's standard library replicated), side by side with hyperfine,
# and shows that the scan's time grows linearly with the number of files.
#
# Usage: internal/docstrings/bench.sh [FILES]   (default 13000; needs interrogate and
# hyperfine on PATH; results land in $BENCH_OUT, default .cache/bench-docstrings)
set -euo pipefail

files_wanted=${1:-13000}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${BENCH_OUT:-$repo/.cache/bench-docstrings}
mkdir -p "$out"

for tool in interrogate hyperfine go; do
	command -v "$tool" >/dev/null || { echo "bench.sh: $tool not found on PATH" >&2; exit 1; }
done
interrogate_bin=$(command -v interrogate)
python=$(head -1 "$interrogate_bin" | sed 's/^#!//; s/ .*//')

# The scan, as a process: the package's test binary has a scan entry (see bench_test.go).
(cd "$repo" && go test -c -o "$out/docstrings.test" ./internal/docstrings)
scan="$out/docstrings.test"

# One copy: the stdlib files interrogate itself can measure (it aborts the whole run on a
# file ast.parse rejects, e.g. Python 2 fixtures in lib2to3, or a UTF-8 BOM).
stdlib=$("$python" -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
tree="$out/tree"
if [[ ! -f "$tree/.complete-$files_wanted" ]]; then
	rm -rf "$tree"
	mkdir -p "$tree/copy0"
	"$python" - "$stdlib" "$tree/copy0" <<'PY'
import ast, os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
for root, dirs, files in os.walk(src):
    dirs[:] = [d for d in dirs if d not in ("site-packages", "dist-packages", "__pycache__")]
    for f in files:
        if not f.endswith(".py"):
            continue
        p = os.path.join(root, f)
        try:
            with open(p, encoding="utf-8") as fh:
                ast.parse(fh.read())
        except Exception:
            continue
        t = os.path.join(dst, os.path.relpath(p, src))
        os.makedirs(os.path.dirname(t), exist_ok=True)
        shutil.copyfile(p, t)
PY
	per_copy=$(find "$tree/copy0" -name '*.py' | wc -l)
	copies=$(( (files_wanted + per_copy - 1) / per_copy ))
	for ((i = 1; i < copies; i++)); do cp -r "$tree/copy0" "$tree/copy$i"; done
	touch "$tree/.complete-$files_wanted"
fi
copies=$(find "$tree" -maxdepth 1 -name 'copy*' | wc -l)
nfiles=$(find "$tree" -name '*.py' | wc -l)
echo "tree: $nfiles Python files ($copies copies of $stdlib), $(du -sh "$tree" | cut -f1)"

# Side by side. Each command writes its summary to a file, checked below: timing two
# programs that disagree would be meaningless. No warm-up run: interrogate takes minutes,
# and copying the tree has already brought it into the page cache.
hyperfine --style basic --runs "${RUNS:-3}" \
	--export-json "$out/side-by-side.json" --export-markdown "$out/side-by-side.md" \
	-n interrogate "cd '$tree' && interrogate -c /dev/null --fail-under 0 -v . > '$out/interrogate.out'" \
	-n mlinit "MLINIT_DOCSTRINGS_SCAN='$tree' '$scan' > '$out/mlinit.out'"

want=$(grep -E '^\| TOTAL' "$out/interrogate.out" | tr -d '|%' | awk '{print $2, $3, $4}')
got=$(awk '{print $2, $3, $4}' "$out/mlinit.out")
echo "interrogate total/miss/cover: $want"
echo "mlinit      total/miss/cover: $got"
[[ "$want" == "$got" ]] || { echo "bench.sh: figures differ" >&2; exit 1; }

# Linearity: 1, 2, 4, … copies of the same files.
lists=""
for ((k = 1; k <= copies; k *= 2)); do
	paths=""
	for ((i = 0; i < k; i++)); do paths+="copy$i "; done
	lists+="${lists:+,}${paths% }"
done
hyperfine --style basic --runs 5 --warmup 1 --export-json "$out/linearity.json" \
	-L paths "$lists" "MLINIT_DOCSTRINGS_SCAN='$tree' MLINIT_DOCSTRINGS_PATHS='{paths}' '$scan'"

"$python" - "$out" "$nfiles" <<'PY'
import json, sys
out, nfiles = sys.argv[1], int(sys.argv[2])
res = {r["command"]: r for r in json.load(open(f"{out}/side-by-side.json"))["results"]}
i, m = res["interrogate"], res["mlinit"]
cpu = lambda r: r["user"] + r["system"]
print(f"\nside by side on {nfiles} files:")
print(f"  interrogate {i['mean']:.3f} s wall, {cpu(i):.3f} s CPU")
print(f"  mlinit      {m['mean']:.3f} s wall, {cpu(m):.3f} s CPU")
print(f"  ratio       {i['mean'] / m['mean']:.1f}x wall, {cpu(i) / cpu(m):.1f}x CPU (target >= 30x)")
print("linearity (copies of the tree -> mean seconds, seconds per copy):")
for r in json.load(open(f"{out}/linearity.json"))["results"]:
    k = len(r["parameters"]["paths"].split())
    print(f"  {k:3d} copies  {r['mean']:.3f} s  {r['mean'] / k:.3f} s/copy")
PY
