#!/usr/bin/env bash
# What print pages cost (issue 15 item 4; not a timed test):
#  1. `folio pdf` of the demo's strategy report (target: 5 s or less);
#  2. a cold build of a 10,000-page corpus with print pages on and off
#     (target: 5 % or less added).
# Usage: bench/print.sh [CORPUS]   (default: a corpus generated into a
# temporary folder with bench/gen_corpus.py, 10,000 pages, seed 42).
# Needs a release build and, for 1., Chromium; hyperfine when present.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
folio="$root/target/release/folio"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -x "$folio" ] || { echo "build first: cargo build --release" >&2; exit 1; }

echo "== folio pdf of content/10-战略报告"
cd "$root"
start=$(date +%s.%N)
"$folio" pdf --chapter content/10-战略报告 -o "$work/report.pdf"
end=$(date +%s.%N)
echo "pdf: $(echo "$end - $start" | bc) s, $(pdfinfo "$work/report.pdf" 2>/dev/null | grep Pages || true)"

corpus="${1:-}"
if [ -z "$corpus" ]; then
  corpus="$work/corpus"
  python3 "$root/bench/gen_corpus.py" "$corpus" --pages 10000 --seed 42 >/dev/null
fi
# The same corpus with print pages off.
off="$work/off"
cp -r "$corpus" "$off"
# A bare folder of Markdown gets a folio.toml that keeps it the content.
[ -f "$off/folio.toml" ] || printf 'content-dir = "."\n' > "$off/folio.toml"
printf '\n[print]\nenabled = false\n' >> "$off/folio.toml"

echo "== 10,000 pages: print pages on, then off"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 \
    -n on "$folio build -q $corpus -o $work/out-on" \
    -n off "$folio build -q $off -o $work/out-off"
else
  for side in on off; do
    dir=$corpus; [ $side = off ] && dir=$off
    for run in 1 2 3; do
      s=$(date +%s.%N); "$folio" build -q "$dir" -o "$work/out-$side"; e=$(date +%s.%N)
      echo "$side run $run: $(echo "$e - $s" | bc) s"
    done
  done
fi
du -sh "$work/out-on/_folio/print" 2>/dev/null || true
