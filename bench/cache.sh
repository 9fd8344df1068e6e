#!/usr/bin/env bash
# folio build cache benchmark: a cold build, a rebuild into the existing
# output after a one-line edit (warm), and the CI case (the cache restored,
# no old output), each as wall time, user time and peak memory, with the
# ratios to the cold build. See bench/README.md.
#
#   bench/cache.sh [--corpus DIR] [--pages N] [--runs R] [--folio BIN] [--work DIR]
#
# The corpus is copied into the work folder (it is edited there); without
# --corpus one is generated with gen_corpus.py (default 10000 pages).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
CORPUS=""
PAGES=10000
RUNS=3
FOLIO="$REPO/target/release/folio"
WORK=""

while [ $# -gt 0 ]; do
    case "$1" in
        --corpus) CORPUS=$2; shift 2 ;;
        --pages) PAGES=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --folio) FOLIO=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        *) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

[ -x "$FOLIO" ] || { echo "no folio binary at $FOLIO (cargo build --release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }
if [ -z "$WORK" ]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
SITE="$WORK/site"
OUT="$WORK/public"
CACHE="$WORK/cache"
rm -rf "$SITE" "$OUT" "$CACHE"
if [ -n "$CORPUS" ]; then
    cp -r "$CORPUS" "$SITE"
else
    python3 "$HERE/gen_corpus.py" "$SITE" --pages "$PAGES" --seed 42 >/dev/null
fi
# One page to edit: the first Markdown file found, always the same.
PAGE=$(cd "$SITE" && find . -name '*.md' | LC_ALL=C sort | sed -n 2p)

# time_build NAME ARGS...: one build, its figures appended to $WORK/NAME.
time_build() {
    local name=$1; shift
    /usr/bin/time -f "%e %U %M" -o "$WORK/time" "$FOLIO" build "$SITE" -o "$OUT" -q "$@" >/dev/null
    cat "$WORK/time" >>"$WORK/$name"
}

edit() {
    echo "" >>"$SITE/$PAGE"
    echo "一行新的文字 $RANDOM。" >>"$SITE/$PAGE"
}

rm -f "$WORK/cold" "$WORK/warm" "$WORK/ci" "$WORK/nocache"
for _ in $(seq "$RUNS"); do
    # Cold: no output, no cache (the build writes its cache).
    rm -rf "$OUT" "$CACHE"
    time_build cold --cache "$CACHE"
    # Warm: one line changed, the output and the cache from the last build.
    edit
    time_build warm --cache "$CACHE"
    # CI: a fresh checkout with the cache restored, no old output.
    rm -rf "$OUT"
    edit
    time_build ci --cache "$CACHE"
    # The same build without any cache, for reference.
    rm -rf "$OUT"
    time_build nocache --no-cache
done
cache_bytes=$(du -sb "$CACHE" | cut -f1)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v c="$2" '{print $c}' "$WORK/$1" | median; }
cold_wall=$(col cold 1)
printf "%-28s %9s %9s %10s %8s\n" "case (median of $RUNS)" "wall s" "user s" "peak MiB" "x cold"
for name in nocache cold warm ci; do
    wall=$(col "$name" 1)
    printf "%-28s %9.2f %9.2f %10.0f %8.2f\n" "$name" "$wall" "$(col "$name" 2)" \
        "$(echo "$(col "$name" 3) / 1024" | bc -l)" "$(echo "$wall / $cold_wall" | bc -l)"
done
echo "cache size: $((cache_bytes / 1024 / 1024)) MiB; edited page: $PAGE"
