#!/usr/bin/env bash
# What print pages cost (issue 15 item 4; not a timed test):
#  1. `folio pdf` of the demo's strategy report (target: 5 s or less);
#  2. a cold build of a 10,000-page corpus with print pages on and off
#     (target: 5 % or less added).
# Usage: [RUNS=N] bench/print.sh [CORPUS]   (N pairs of builds, 5 by
# default; CORPUS by default a corpus generated into a
# temporary folder with bench/gen_corpus.py, 10,000 pages, seed 42).
# Needs a release build, GNU time and, for 1., Chromium.
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

echo "== 10,000 pages: print pages on and off, alternating (cold default builds)"
# Alternating keeps load drifting on a shared machine from landing on one
# side; CPU time (user + sys) is what the pages cost, wall time depends on
# the other cores. Each run is `folio build` as CI runs it on a fresh
# checkout: its own folder, so no output and no build cache (kept beside the
# output) from an earlier run. None is deleted before the end: ext4 without
# a journal passes over inodes freed in the last minutes when it allocates
# new ones, so building right after an `rm -rf` of the last output measures
# the file system's search (up to a third of the time here), and most on
# the side that writes more files.
timef=/usr/bin/time
[ -x "$timef" ] || { echo "needs GNU time (/usr/bin/time; Debian: apt-get install time)" >&2; exit 1; }
mkdir -p "$work/warm-up"
"$folio" build -q "$corpus" -o "$work/warm-up/out"
for run in $(seq "${RUNS:-5}"); do
  for side in on off; do
    dir=$corpus; [ $side = off ] && dir=$off
    mkdir -p "$work/$side-$run"
    "$timef" -f "%e %U %S %M" -o "$work/t" "$folio" build -q "$dir" -o "$work/$side-$run/out"
    read -r wall user sys rss < "$work/t"
    echo "$side $wall $(echo "$user + $sys" | bc) $rss $user $sys" >> "$work/runs"
    echo "$side run $run: wall $wall s, cpu $(echo "$user + $sys" | bc) s (user $user, sys $sys), peak $((rss / 1024)) MiB"
  done
done
python3 - "$work/runs" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = lambda side, i: statistics.median(float(r[i]) for r in rows if r[0] == side)
for name, i in (("wall", 1), ("cpu", 2), ("user", 4), ("sys", 5)):
    on, off = med("on", i), med("off", i)
    print(f"median {name}: on {on:.2f} s, off {off:.2f} s, print pages add {100 * (on - off) / off:.1f} %")
PY
du -sh "$work/on-1/out/_folio/print" 2>/dev/null || true
