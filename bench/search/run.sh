#!/usr/bin/env bash
# Search benchmark on the reference corpus: build time and memory of the
# index, its size against the text, and keystroke-to-results in Chromium.
# See README.md here. Usage: bench/search/run.sh [CORPUS] [OUT]
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="${1:-/tmp/corpus10k}"
out="${2:-/tmp/search-out}"
cd "$root"

if [ ! -d "$corpus" ]; then
  python3 /work/shared/bench/gen_corpus.py "$corpus" --pages 10000 --seed 42
fi
cargo build --release
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== build with search (the 'search index' line is the index and the text shards)"
/usr/bin/time -f "wall %e s, peak RSS %M KB" \
  ./target/release/folio build "$corpus" -o "$out" -q --timings

echo "== sizes and keystroke-to-results (file://, headless Chromium)"
node bench/search/measure.mjs "$out" --runs "${RUNS:-5}"
