#!/usr/bin/env bash
# folio build benchmark: cold full builds, median wall time, CPU time, peak
# memory, output size and folio's own stage timings; Hugo and Zola measured
# the same way in the same run when they are on PATH. See bench/README.md.
#
#   bench/run.sh [--pages N[,N...]] [--runs R] [--seed S] [--corpus DIR]
#                [--hugo-corpus DIR] [--zola-corpus DIR] [--no-build] [--keep]
#
# Installs nothing: whatever is missing is named, and the run goes on
# without it (python3 is the one hard requirement).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
PAGES="1000,10000"
RUNS=5
SEED=42
CORPUS=""
HUGO_CORPUS=""
ZOLA_CORPUS=""
KEEP=0
BUILD=1

usage() {
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    cat <<'EOF'

  --pages N[,N...]   corpus sizes to generate (default 1000,10000)
  --runs R           timed runs per tool and size, after one warm-up (default 5)
  --seed S           generator seed (default 42)
  --corpus DIR       measure this existing plain Markdown folder instead of
                     generating corpora (--pages is then ignored)
  --hugo-corpus DIR  with --corpus: a Hugo site of the same content, for the
                     comparison (otherwise Hugo is skipped with --corpus)
  --zola-corpus DIR  with --corpus: the same for Zola
  --no-build         use target/release/folio as it is (no cargo build)
  --keep             keep the work folder (corpora, outputs, logs)
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --pages) PAGES=${2:?--pages needs a value}; shift 2 ;;
        --pages=*) PAGES=${1#*=}; shift ;;
        --runs) RUNS=${2:?--runs needs a value}; shift 2 ;;
        --runs=*) RUNS=${1#*=}; shift ;;
        --seed) SEED=${2:?--seed needs a value}; shift 2 ;;
        --seed=*) SEED=${1#*=}; shift ;;
        --corpus) CORPUS=${2:?--corpus needs a folder}; shift 2 ;;
        --corpus=*) CORPUS=${1#*=}; shift ;;
        --hugo-corpus) HUGO_CORPUS=${2:?--hugo-corpus needs a folder}; shift 2 ;;
        --hugo-corpus=*) HUGO_CORPUS=${1#*=}; shift ;;
        --zola-corpus) ZOLA_CORPUS=${2:?--zola-corpus needs a folder}; shift 2 ;;
        --zola-corpus=*) ZOLA_CORPUS=${1#*=}; shift ;;
        --no-build) BUILD=0; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

case "$RUNS" in ''|*[!0-9]*|0) echo "run.sh: --runs must be a positive integer" >&2; exit 2 ;; esac
if ! [[ "$PAGES" =~ ^[0-9]+(,[0-9]+)*$ ]]; then
    echo "run.sh: --pages must be N or N,N,... (e.g. 1000,10000)" >&2; exit 2
fi
abspath() { (cd "$1" && pwd); }
for v in CORPUS HUGO_CORPUS ZOLA_CORPUS; do
    if [ -n "${!v}" ]; then
        [ -d "${!v}" ] || { echo "run.sh: no such folder: ${!v}" >&2; exit 2; }
        printf -v "$v" '%s' "$(abspath "${!v}")"
    fi
done

say() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------- tools
command -v python3 >/dev/null || { say "run.sh: python3 is required (corpus generator, statistics)"; exit 2; }

FOLIO="${CARGO_TARGET_DIR:-$REPO/target}/release/folio"
if [ "$BUILD" = 1 ]; then
    if command -v cargo >/dev/null; then
        say "== cargo build --release"
        if ! (cd "$REPO" && cargo build --release --quiet); then
            if [ -x "$FOLIO" ]; then
                say "cargo build --release FAILED; measuring the existing $FOLIO instead"
            else
                say "cargo build --release failed and there is no $FOLIO"; exit 1
            fi
        fi
    else
        say "cargo not found: measuring the existing $FOLIO"
    fi
fi
[ -x "$FOLIO" ] || { say "run.sh: $FOLIO not found (build with cargo build --release)"; exit 1; }

HYPERFINE=""
if command -v hyperfine >/dev/null; then
    HYPERFINE=$(command -v hyperfine)
else
    say "hyperfine: not found, wall times come from a plain loop (Debian: apt-get install hyperfine)"
fi
TIMEV=""
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
    TIMEV=/usr/bin/time
else
    say "/usr/bin/time (GNU): not found, CPU and peak memory come from a python3 wait4() wrapper (Debian: apt-get install time)"
fi
HUGO=$(command -v hugo || true)
ZOLA=$(command -v zola || true)
[ -n "$HUGO" ] || say "hugo: not on PATH, no Hugo comparison (Debian: apt-get install hugo)"
[ -n "$ZOLA" ] || say "zola: not on PATH, no Zola comparison (not packaged in Debian; put a zola binary on PATH)"

ZOLA_CONFIG=modern
if [ -n "$ZOLA" ]; then
    zv=$("$ZOLA" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+' | head -1 || true)
    if [ -n "$zv" ] && [ "${zv%%.*}" = 0 ] && [ "${zv#*.}" -lt 22 ]; then ZOLA_CONFIG=legacy; fi
fi

# ---------------------------------------------------------------- work folder
WORK=$(mktemp -d "${TMPDIR:-/tmp}/folio-bench.XXXXXX")
TRASH="$WORK/trash"
mkdir -p "$TRASH" "$WORK/results" "$WORK/logs"
cleanup() {
    if [ "$KEEP" = 1 ]; then
        rm -rf "$TRASH"
        say "work folder kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

if [ -z "$TIMEV" ]; then
    # Same report format as `/usr/bin/time -v -a -o FILE` for the fields used here.
    cat >"$WORK/timev.py" <<'EOF'
import os, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
pid = os.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
_, status, ru = os.wait4(pid, 0)
wall = time.monotonic() - t0
code = os.waitstatus_to_exitcode(status)
with open(out, "a") as fh:
    fh.write("\tCommand being timed: \"%s\"\n\tUser time (seconds): %.2f\n\tSystem time (seconds): %.2f\n"
             "\tElapsed (wall clock) time (h:mm:ss or m:ss): %d:%05.2f\n"
             "\tMaximum resident set size (kbytes): %d\n\tExit status: %d\n"
             % (" ".join(cmd), ru.ru_utime, ru.ru_stime, wall // 60, wall % 60, ru.ru_maxrss, code))
sys.exit(code)
EOF
fi

q() { printf '%q' "$1"; }

# measure ID TOOL PAGES OUT -- CMD...
#   One warm-up and $RUNS timed runs of CMD, the output folder OUT moved into
#   $TRASH before each (a rename; the trash is deleted afterwards, untimed).
measure() {
    local id=$1 tool=$2 pages=$3 out=$4; shift 5
    local tfile="$WORK/logs/$id.time" log="$WORK/logs/$id.log" json="$WORK/logs/$id.hyperfine.json"
    local wrap cmdline prep ok=1
    if [ -n "$TIMEV" ]; then wrap=("$TIMEV" -v -a -o "$tfile"); else wrap=(python3 "$WORK/timev.py" "$tfile"); fi
    cmdline=""
    for a in "${wrap[@]}" "$@"; do cmdline+="$(q "$a") "; done
    # folio's build cache beside the output goes too: every run is a first
    # build on a fresh checkout (which writes the cache).
    prep="if [ -e $(q "$out") ]; then mv $(q "$out") $(q "$TRASH")/\$(date +%s%N); fi; rm -rf $(q "$(dirname "$out")/.folio-cache")"
    say "== $tool, $pages pages: 1 warm-up + $RUNS runs"
    : >"$tfile"
    if [ -n "$HYPERFINE" ]; then
        "$HYPERFINE" --warmup 1 --runs "$RUNS" --prepare "$prep" --export-json "$json" \
            --command-name "$tool $pages" "$cmdline" >&2 2>"$log" || ok=0
    else
        local i
        for i in $(seq 0 "$RUNS"); do
            bash -c "$prep"
            if ! "${wrap[@]}" "$@" >>"$log" 2>&1; then ok=0; break; fi
            if [ "$i" = 0 ]; then say "  warm-up done"; else printf '  run %d/%d done\n' "$i" "$RUNS" >&2; fi
        done
    fi
    if [ "$ok" = 0 ]; then
        say "   $tool FAILED on $pages pages; log: $log (use --keep to keep it)"
        tail -5 "$log" >&2 || true
        rm -rf "$TRASH"/*
        return 0
    fi
    local bytes files
    bytes=$(du -sb "$out" | cut -f1)
    files=$(find "$out" -type f | wc -l)
    python3 - "$tfile" "$json" "$WORK/results/$id.json" "$tool" "$pages" "$bytes" "$files" "$RUNS" <<'EOF'
import json, os, re, statistics, sys
tfile, hjson, dest, tool, pages, nbytes, files, runs = sys.argv[1:]
runs = int(runs)
blocks = re.split(r"\n(?=\s*Command being timed:)", open(tfile).read().strip())
KEYS = ("User time (seconds)", "System time (seconds)", "Elapsed (wall clock) time (h:mm:ss or m:ss)",
        "Maximum resident set size (kbytes)")
recs = []
for b in blocks:
    f = {}
    for line in b.splitlines():
        line = line.strip()
        for k in KEYS:
            if line.startswith(k + ":"):
                f[k] = line[len(k) + 1:].strip()
    wall = f[KEYS[2]].split(":")
    secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
    recs.append({"wall": secs, "cpu": float(f["User time (seconds)"]) + float(f["System time (seconds)"]),
                 "rss": int(f["Maximum resident set size (kbytes)"])})
timed = recs[-runs:]  # the first record is the warm-up
walls = [r["wall"] for r in timed]
if os.path.exists(hjson):
    walls = json.load(open(hjson))["results"][0]["times"]
res = {"tool": tool, "pages": int(pages), "runs": len(walls),
       "wall_median": statistics.median(walls), "wall_min": min(walls), "wall_max": max(walls),
       "cpu_median": statistics.median(r["cpu"] for r in timed),
       "rss_peak_mib": max(r["rss"] for r in timed) / 1024.0,
       "out_mb": int(nbytes) / 1e6, "out_files": int(files),
       "wall_source": "hyperfine" if os.path.exists(hjson) else "/usr/bin/time"}
json.dump(res, open(dest, "w"))
EOF
    rm -rf "$TRASH"/*
}

# folio_extras ID CORPUS OUT: one more cold build with --timings and --format json
folio_extras() {
    local id=$1 corpus=$2 out=$3
    if [ -e "$out" ]; then mv "$out" "$TRASH/$(date +%s%N)"; fi
    rm -rf "$(dirname "$out")/.folio-cache"
    "$FOLIO" build "$corpus" -o "$out" -q --timings --format json \
        >"$WORK/logs/$id.diag.json" 2>"$WORK/logs/$id.timings" || true
    rm -rf "$TRASH"/*
}

gen() {  # gen DIR PAGES FLAVOR
    python3 "$HERE/gen_corpus.py" "$1" --pages "$2" --seed "$SEED" --flavor "$3" \
        --zola-config "$ZOLA_CONFIG" --manifest "$1.manifest.json"
}

say "folio: $FOLIO ($("$FOLIO" --version 2>/dev/null || echo '?'))"
[ -z "$HYPERFINE" ] || say "hyperfine: $("$HYPERFINE" --version)"
[ -z "$HUGO" ] || say "hugo: $("$HUGO" version 2>/dev/null | head -1)"
[ -z "$ZOLA" ] || say "zola: $("$ZOLA" --version 2>/dev/null | head -1)"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
say "machine: $(nproc) cores, load average $LOAD_START; work folder $WORK"

n=0
if [ -n "$CORPUS" ]; then
    say "--corpus given: measuring $CORPUS as it is (--pages not used)"
    np=$(find "$CORPUS" -name '*.md' -type f | wc -l)
    [ "$np" -gt 0 ] || { say "run.sh: no .md files under $CORPUS"; exit 2; }
    if [ -f "$CORPUS/hugo.toml" ] || [ -f "$CORPUS/config.toml" ]; then
        say "note: $CORPUS looks like a Hugo/Zola site; folio will build it as a plain Markdown folder"
    fi
    id=$(printf '%02d' $n)
    measure "$id-folio" folio "$np" "$WORK/out-$id-folio" -- "$FOLIO" build "$CORPUS" -o "$WORK/out-$id-folio" -q
    folio_extras "$id-folio" "$CORPUS" "$WORK/out-$id-folio"
    if [ -n "$HUGO" ] && [ -n "$HUGO_CORPUS" ]; then
        measure "$id-hugo" hugo "$np" "$WORK/out-$id-hugo" -- "$HUGO" --source "$HUGO_CORPUS" --destination "$WORK/out-$id-hugo" --cacheDir "$WORK/hugo-cache" --quiet
    elif [ -n "$HUGO" ]; then say "hugo: skipped (give --hugo-corpus DIR to compare on an existing corpus)"; fi
    if [ -n "$ZOLA" ] && [ -n "$ZOLA_CORPUS" ]; then
        measure "$id-zola" zola "$np" "$WORK/out-$id-zola" -- "$ZOLA" --root "$ZOLA_CORPUS" build --output-dir "$WORK/out-$id-zola"
    elif [ -n "$ZOLA" ]; then say "zola: skipped (give --zola-corpus DIR to compare on an existing corpus)"; fi
else
    IFS=, read -r -a SIZES <<<"$PAGES"
    for np in "${SIZES[@]}"; do
        id=$(printf '%02d' $n); n=$((n + 1))
        say "== generating $np-page corpora (seed $SEED)"
        gen "$WORK/corpus-$np-plain" "$np" plain
        [ -z "$HUGO" ] || gen "$WORK/corpus-$np-hugo" "$np" hugo
        [ -z "$ZOLA" ] || gen "$WORK/corpus-$np-zola" "$np" zola
        sync
        measure "$id-folio" folio "$np" "$WORK/out-$id-folio" -- "$FOLIO" build "$WORK/corpus-$np-plain" -o "$WORK/out-$id-folio" -q
        folio_extras "$id-folio" "$WORK/corpus-$np-plain" "$WORK/out-$id-folio"
        [ -z "$HUGO" ] || measure "$id-hugo" hugo "$np" "$WORK/out-$id-hugo" -- \
            "$HUGO" --source "$WORK/corpus-$np-hugo" --destination "$WORK/out-$id-hugo" --cacheDir "$WORK/hugo-cache" --quiet
        [ -z "$ZOLA" ] || measure "$id-zola" zola "$np" "$WORK/out-$id-zola" -- \
            "$ZOLA" --root "$WORK/corpus-$np-zola" build --output-dir "$WORK/out-$id-zola"
    done
fi

# ---------------------------------------------------------------- report
python3 - "$WORK" "$RUNS" "$(nproc)" "$LOAD_START" <<'EOF'
import glob, json, os, re, sys
work, runs, ncpu, load_start = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
res = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(work, "results", "*.json")))]
if not res:
    print("no results"); sys.exit(1)
print()
print("folio build benchmark: cold full builds, 1 warm-up + %d runs each, output folder moved away before every run" % runs)
print("wall = median (min-max) of the timed runs; CPU = median user+sys; RSS = highest peak resident set of the runs")
print()
hdr = "%8s  %-6s  %22s  %10s  %12s  %10s  %7s" % ("pages", "tool", "wall s, median (min-max)", "CPU s", "peak RSS MiB", "output MB", "files")
print(hdr)
print("-" * len(hdr))
by_pages = {}
for r in res:
    by_pages.setdefault(r["pages"], {})[r["tool"]] = r
for pages in sorted(by_pages):
    for tool in ("folio", "hugo", "zola"):
        r = by_pages[pages].get(tool)
        if r:
            wall = "%.2f (%.2f-%.2f)" % (r["wall_median"], r["wall_min"], r["wall_max"])
            print("%8d  %-6s  %22s  %10.2f  %12.1f  %10.1f  %7d" % (
                pages, tool, wall, r["cpu_median"], r["rss_peak_mib"], r["out_mb"], r["out_files"]))
    f = by_pages[pages].get("folio")
    for other in ("hugo", "zola"):
        o = by_pages[pages].get(other)
        if f and o:
            print("%8s  folio/%s: wall %.2fx, CPU %.2fx, peak RSS %.2fx, output %.2fx" % (
                "", other, f["wall_median"] / o["wall_median"], f["cpu_median"] / max(o["cpu_median"], 1e-9),
                f["rss_peak_mib"] / o["rss_peak_mib"], f["out_mb"] / max(o["out_mb"], 1e-9)))
print()
sizes = sorted(by_pages)
if len(sizes) >= 2:
    lo, hi = sizes[0], sizes[-1]
    for tool in ("folio", "hugo", "zola"):
        a, b = by_pages[lo].get(tool), by_pages[hi].get(tool)
        if a and b:
            print("linearity %-5s: wall(%d)/wall(%d) = %.2f, CPU ratio %.2f, for %.1fx the pages (1.0 per page = linear)"
                  % (tool, hi, lo, b["wall_median"] / a["wall_median"], b["cpu_median"] / a["cpu_median"], hi / lo))
    print()
# folio's own stage breakdown, one extra cold build with --timings
stage_re = re.compile(r"^\s+(\S.*?)\s+([0-9.]+) ms(?:\s+peak\s+([0-9]+) MiB)?\s*$")
for path in sorted(glob.glob(os.path.join(work, "logs", "*-folio.timings"))):
    id_ = os.path.basename(path).split("-")[0]
    r = json.load(open(os.path.join(work, "results", id_ + "-folio.json"))) \
        if os.path.exists(os.path.join(work, "results", id_ + "-folio.json")) else None
    stages = [m.groups() for m in map(stage_re.match, open(path).read().splitlines()) if m]
    diag = os.path.join(work, "logs", id_ + "-folio.diag.json")
    summary = ""
    try:
        d = json.load(open(diag))
        summary = " (that build: %d errors, %d warnings)" % (d["summary"]["errors"], d["summary"]["warnings"])
    except Exception:
        pass
    print("folio stages, %s pages, one more cold build with --timings%s:" % (r["pages"] if r else "?", summary))
    if not stages:
        print("  (no --timings lines; see %s)" % path)
    # parts of a stage ("  tera (cpu)") are summed thread time, not wall time
    total = sum(float(ms) for name, ms, _ in stages if "(cpu)" not in name) or 1.0
    for name, ms, peak in stages:
        share = "" if "(cpu)" in name else "%5.1f %%" % (100.0 * float(ms) / total)
        memory = "   peak %4s MiB" % peak if peak else ""
        label = ("  " + name) if "(cpu)" in name else name
        print("  %-18s %10.1f ms  %7s%s" % (label, float(ms), share, memory))
    print()
# how busy the machine was: wall times mean little on a loaded machine
try:
    load_end = " ".join(open("/proc/loadavg").read().split()[:3])
except OSError:
    load_end = "?"
pressure = ""
try:
    for line in open("/proc/pressure/cpu"):
        if line.startswith("some"):
            pressure = ", CPU pressure (some, avg300) %s %%" % dict(
                kv.split("=") for kv in line.split()[1:])["avg300"]
except (OSError, KeyError, ValueError):
    pass
print("machine: %s cores; load average %s at start, %s at end%s" % (ncpu, load_start, load_end, pressure))
print("(on a busy machine wall times wait for CPU; the CPU column is the steadier figure)")
EOF
