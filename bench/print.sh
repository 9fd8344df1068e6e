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
# Both sides are fresh copies made the same way: a corpus folder read
# many times before sits in the page cache differently from a new copy, and
# reading it took twice the system time here, which landed on one side.
on="$work/on"
off="$work/off"
cp -r "$corpus" "$on"
cp -r "$corpus" "$off"
# A bare folder of Markdown gets a folio.toml that keeps it the content.
for side in "$on" "$off"; do
  [ -f "$side/folio.toml" ] || printf 'content-dir = "."\n' > "$side/folio.toml"
done
printf '\n[print]\nenabled = false\n' >> "$off/folio.toml"

echo "== 10,000 pages: print pages on and off, alternating (cold default builds)"
# Alternating keeps load drifting on a shared machine from landing on one
# side. Each run is `folio build` as CI runs it on a fresh checkout: its own
# output folder, so no output and no build cache (kept beside the output)
# from an earlier run.
#
# The output goes to memory (/dev/shm, or OUT_ROOT) unless OUT_ROOT names a
# disk folder: on this machine's disk (ext4 without a journal) the system
# time of identical builds drifted from 1.3 s to 4.9 s within ten runs, as
# the kernel wrote back earlier runs' output and searched past their freed
# inodes, which swamps what print pages cost. On disk, nothing is deleted
# before the end, so that no run follows a deletion.
out_root="${OUT_ROOT:-/dev/shm}"
if [ -d "$out_root" ] && [ -w "$out_root" ]; then
  out_root="$(mktemp -d "$out_root/folio-print.XXXXXX")"
else
  out_root="$work/out"
  mkdir -p "$out_root"
fi
trap 'rm -rf "$work" "$out_root"' EXIT
in_memory=no
[ "$(stat -f -c %T "$out_root")" = tmpfs ] && in_memory=yes
echo "output in $out_root (in memory: $in_memory)"
timef=/usr/bin/time
[ -x "$timef" ] || { echo "needs GNU time (/usr/bin/time; Debian: apt-get install time)" >&2; exit 1; }
"$folio" build -q "$on" -o "$out_root/warm-up"
rm -rf "$out_root/warm-up"
for run in $(seq "${RUNS:-5}"); do
  for side in on off; do
    dir=$on; [ $side = off ] && dir=$off
    "$timef" -f "%e %U %S %M" -o "$work/t" "$folio" build -q "$dir" -o "$out_root/$side-$run"
    read -r wall user sys rss < "$work/t"
    echo "$side $wall $(echo "$user + $sys" | bc) $rss $user $sys" >> "$work/runs"
    echo "$side run $run: wall $wall s, cpu $(echo "$user + $sys" | bc) s (user $user, sys $sys), peak $((rss / 1024)) MiB"
    if [ $in_memory = yes ] && [ "$run" -gt 1 ]; then
      rm -rf "$out_root/$side-$run"
    fi
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
du -sh "$out_root/on-1/_folio/print" 2>/dev/null || true
