#!/usr/bin/env bash
# folio build benchmark: cold full builds, median wall time, CPU time, peak
# memory, output size and folio's own stage timings; Hugo and Zola measured
# in the same run, interleaved with folio (one build of each tool a round,
# rotating order), when they are on PATH. See bench/README.md.
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
  --runs R           rounds per size, after one warm-up of each tool; a round
                     builds every tool once, in rotating order (default 5)
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

TIMEF=""
if [ -x /usr/bin/time ] && /usr/bin/time -f '%e' -o /dev/null true 2>/dev/null; then
    TIMEF=/usr/bin/time
else
    say "/usr/bin/time (GNU): not found, times and peak memory come from a python3 wait4() wrapper (Debian: apt-get install time)"
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

if [ -z "$TIMEF" ]; then
    # Writes the line `/usr/bin/time -f '%e %U %S %M' -o FILE` would.
    cat >"$WORK/timef.py" <<'EOF'
import os, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
pid = os.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
_, status, ru = os.wait4(pid, 0)
wall = time.monotonic() - t0
with open(out, "w") as fh:
    fh.write("%.2f %.2f %.2f %d\n" % (wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
EOF
fi

# The tools measured for the current size, in their order in a round (round
# k starts with TOOLS[k mod n]), with the source each builds; set per size.
TOOLS=()
declare -A SRC=()

# build_once ID TOOL ROUND POS: one cold build of TOOL into $WORK/out-ID-TOOL,
# timed by GNU time; appends "round pos tool wall user sys rss_kb status" to
# $WORK/results/ID.runs. The previous output is renamed into $TRASH first
# and, for folio, the build cache beside the output is removed: every run is
# a first build on a fresh checkout. The trash is emptied at the end, or
# between rounds when the disk runs low (`empty_trash`).
build_once() {
    local id=$1 tool=$2 round=$3 pos=$4
    local out="$WORK/out-$id-$tool" tfile="$WORK/logs/$id-$tool.time" log="$WORK/logs/$id-$tool.log"
    local cmd rc=0 line
    if [ -e "$out" ]; then mv "$out" "$TRASH/$(date +%s%N)"; fi
    case "$tool" in
        folio) rm -rf "$(dirname "$out")/.folio-cache"
               cmd=("$FOLIO" build "${SRC[$tool]}" -o "$out" -q) ;;
        hugo)  cmd=("$HUGO" --source "${SRC[$tool]}" --destination "$out" --cacheDir "$WORK/hugo-cache" --quiet) ;;
        zola)  cmd=("$ZOLA" --root "${SRC[$tool]}" build --output-dir "$out") ;;
    esac
    printf '== %s round %s\n' "$tool" "$round" >>"$log"
    if [ -n "$TIMEF" ]; then
        "$TIMEF" -f '%e %U %S %M' -o "$tfile" "${cmd[@]}" >>"$log" 2>&1 || rc=$?
    else
        python3 "$WORK/timef.py" "$tfile" "${cmd[@]}" >>"$log" 2>&1 || rc=$?
    fi
    # GNU time writes "Command exited with non-zero status N" above the line
    line=$(tail -1 "$tfile" 2>/dev/null || true)
    printf '%s %s %s %s %s\n' "$round" "$pos" "$tool" "${line:-0 0 0 0}" "$rc" >>"$WORK/results/$id.runs"
    LAST_WALL=${line%% *}
    return "$rc"
}

# measure_size ID PAGES: one warm-up of each tool in TOOLS, then $RUNS rounds
# of one build each, in rotating order. A tool that fails is named, its log
# tail shown, and it is left out of the rounds that follow.
measure_size() {
    local id=$1 pages=$2 n=${#TOOLS[@]} k j tool progress
    local -A failed=()
    : >"$WORK/results/$id.runs"
    say "== $pages pages: warm-up of ${TOOLS[*]}, then $RUNS rounds, each tool once a round in rotating order"
    for tool in "${TOOLS[@]}"; do
        if ! build_once "$id" "$tool" w 0; then
            failed[$tool]=1
            say "   $tool FAILED on $pages pages (warm-up); log: $WORK/logs/$id-$tool.log (use --keep to keep it)"
            tail -5 "$WORK/logs/$id-$tool.log" >&2 || true
        fi
    done
    empty_trash
    for ((k = 0; k < RUNS; k++)); do
        progress=""
        for ((j = 0; j < n; j++)); do
            tool=${TOOLS[$(((k + j) % n))]}
            [ -z "${failed[$tool]:-}" ] || continue
            if build_once "$id" "$tool" $((k + 1)) $((j + 1)); then
                progress+=" $tool $LAST_WALL s,"
            else
                failed[$tool]=1
                progress+=" $tool FAILED,"
                say "   $tool FAILED on $pages pages (round $((k + 1))); log: $WORK/logs/$id-$tool.log"
                tail -5 "$WORK/logs/$id-$tool.log" >&2 || true
            fi
        done
        empty_trash
        say "  round $((k + 1))/$RUNS:${progress%,}"
    done
    # size of each tool's last output, then folio's --timings build
    : >"$WORK/results/$id.out"
    for tool in "${TOOLS[@]}"; do
        local out="$WORK/out-$id-$tool"
        if [ -n "${failed[$tool]:-}" ] || [ ! -d "$out" ]; then continue; fi
        printf '%s %s %s %s\n' "$tool" "$pages" "$(du -sb "$out" | cut -f1)" "$(find "$out" -type f | wc -l)" >>"$WORK/results/$id.out"
    done
    [ -n "${failed[folio]:-}" ] || folio_extras "$id-folio" "${SRC[folio]}" "$WORK/out-$id-folio"
}

# folio_extras ID CORPUS OUT: one more cold build with --timings and --format json
folio_extras() {
    local id=$1 corpus=$2 out=$3
    if [ -e "$out" ]; then mv "$out" "$TRASH/$(date +%s%N)"; fi
    rm -rf "$(dirname "$out")/.folio-cache"
    "$FOLIO" build "$corpus" -o "$out" -q --timings --format json \
        >"$WORK/logs/$id.diag.json" 2>"$WORK/logs/$id.timings" || true
    empty_trash
}

# empty_trash: delete the outputs of earlier runs only when fewer than 10 GiB
# would be left free for the next round. On ext4 without a journal (this
# machine's), a build made in the minutes after a large `rm -rf` spends up
# to a third of its time in the kernel passing over the freed inodes
# (`recently_deleted`), and the tool writing the most files pays the most:
# deleting after every round measured the file system, not the tools.
empty_trash() {
    local free_kb
    free_kb=$(df -Pk "$WORK" | awk 'NR == 2 { print $4 }')
    if [ "${free_kb:-0}" -lt $((10 * 1024 * 1024)) ]; then
        rm -rf "${TRASH:?}"/*
    fi
}

gen() {  # gen DIR PAGES FLAVOR
    python3 "$HERE/gen_corpus.py" "$1" --pages "$2" --seed "$SEED" --flavor "$3" \
        --zola-config "$ZOLA_CONFIG" --manifest "$1.manifest.json"
}

say "folio: $FOLIO ($("$FOLIO" --version 2>/dev/null || echo '?'))"
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
    TOOLS=(folio); SRC=([folio]="$CORPUS")
    if [ -n "$ZOLA" ] && [ -n "$ZOLA_CORPUS" ]; then TOOLS+=(zola); SRC[zola]=$ZOLA_CORPUS
    elif [ -n "$ZOLA" ]; then say "zola: skipped (give --zola-corpus DIR to compare on an existing corpus)"; fi
    if [ -n "$HUGO" ] && [ -n "$HUGO_CORPUS" ]; then TOOLS+=(hugo); SRC[hugo]=$HUGO_CORPUS
    elif [ -n "$HUGO" ]; then say "hugo: skipped (give --hugo-corpus DIR to compare on an existing corpus)"; fi
    measure_size "$(printf '%02d' $n)" "$np"
else
    IFS=, read -r -a SIZES <<<"$PAGES"
    for np in "${SIZES[@]}"; do
        id=$(printf '%02d' $n); n=$((n + 1))
        say "== generating $np-page corpora (seed $SEED)"
        gen "$WORK/corpus-$np-plain" "$np" plain
        TOOLS=(folio); SRC=([folio]="$WORK/corpus-$np-plain")
        if [ -n "$ZOLA" ]; then gen "$WORK/corpus-$np-zola" "$np" zola; TOOLS+=(zola); SRC[zola]="$WORK/corpus-$np-zola"; fi
        if [ -n "$HUGO" ]; then gen "$WORK/corpus-$np-hugo" "$np" hugo; TOOLS+=(hugo); SRC[hugo]="$WORK/corpus-$np-hugo"; fi
        sync
        measure_size "$id" "$np"
    done
fi

# ---------------------------------------------------------------- report
python3 - "$WORK" "$RUNS" "$(nproc)" "$LOAD_START" <<'EOF'
import glob, json, os, re, statistics, sys
work, runs, ncpu, load_start = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
med = statistics.median
TOOL_ORDER = ("folio", "zola", "hugo")
by_pages = {}   # pages -> tool -> summary
rounds = {}     # pages -> round -> tool -> wall
id_pages = {}   # size id (00, 01, ...) -> pages
for path in sorted(glob.glob(os.path.join(work, "results", "*.runs"))):
    id_ = os.path.basename(path)[:-len(".runs")]
    out = {}
    if os.path.exists(os.path.join(work, "results", id_ + ".out")):
        for line in open(os.path.join(work, "results", id_ + ".out")):
            tool, pages, nbytes, files = line.split()
            out[tool] = (int(pages), int(nbytes), int(files))
            id_pages[id_] = int(pages)
    per_tool, per_round = {}, {}
    for line in open(path):
        rnd, _pos, tool, wall, user, system, rss, status = line.split()
        if rnd == "w" or status != "0":
            continue
        r = {"wall": float(wall), "cpu": float(user) + float(system), "rss": int(rss) / 1024.0}
        per_tool.setdefault(tool, []).append(r)
        per_round.setdefault(int(rnd), {})[tool] = r["wall"]
    for tool, recs in per_tool.items():
        if tool not in out:
            continue
        pages, nbytes, files = out[tool]
        walls = [r["wall"] for r in recs]
        by_pages.setdefault(pages, {})[tool] = {
            "id": id_, "runs": len(recs), "wall_median": med(walls), "wall_min": min(walls), "wall_max": max(walls),
            "cpu_median": med(r["cpu"] for r in recs),
            "rss_median": med(r["rss"] for r in recs), "rss_max": max(r["rss"] for r in recs),
            "out_mb": nbytes / 1e6, "out_files": files}
        rounds[pages] = per_round
if not by_pages:
    print("no results"); sys.exit(1)
print()
print("folio build benchmark: cold full builds; for each size one warm-up of each tool, then %d rounds" % runs)
print("in which every tool builds once, in rotating order (round k starts with tool k mod n); timed with GNU time")
print("wall, CPU (user+sys), peak RSS: median (min-max or max) of the rounds; ratios: median (min-max) of the per-round ratios")
print()
hdr = "%8s  %-6s  %5s  %22s  %8s  %20s  %10s  %7s" % (
    "pages", "tool", "runs", "wall s, median (min-max)", "CPU s", "peak RSS MiB (max)", "output MB", "files")
print(hdr)
print("-" * len(hdr))
for pages in sorted(by_pages):
    tools = by_pages[pages]
    for tool in TOOL_ORDER:
        r = tools.get(tool)
        if r:
            wall = "%.2f (%.2f-%.2f)" % (r["wall_median"], r["wall_min"], r["wall_max"])
            rss = "%.1f (%.1f)" % (r["rss_median"], r["rss_max"])
            print("%8d  %-6s  %5d  %22s  %8.2f  %20s  %10.1f  %7d" % (
                pages, tool, r["runs"], wall, r["cpu_median"], rss, r["out_mb"], r["out_files"]))
    f = tools.get("folio")
    for other in TOOL_ORDER[1:]:
        o = tools.get(other)
        if not (f and o):
            continue
        # folio/other wall of each round both built in: the two ran minutes
        # apart at most, under the same load, so the ratio cancels most drift
        ratios = [rt["folio"] / rt[other] for rt in rounds[pages].values()
                  if "folio" in rt and other in rt and rt[other] > 0]
        if not ratios:
            continue
        print("%8s  folio/%s: wall %.2fx (%.2f-%.2f, %d rounds); CPU %.2fx, peak RSS %.2fx, output %.2fx (of the medians)" % (
            "", other, med(ratios), min(ratios), max(ratios), len(ratios),
            f["cpu_median"] / max(o["cpu_median"], 1e-9), f["rss_median"] / max(o["rss_median"], 1e-9),
            f["out_mb"] / max(o["out_mb"], 1e-9)))
print()
sizes = sorted(by_pages)
if len(sizes) >= 2:
    lo, hi = sizes[0], sizes[-1]
    for tool in TOOL_ORDER:
        a, b = by_pages[lo].get(tool), by_pages[hi].get(tool)
        if a and b:
            print("linearity %-5s: wall(%d)/wall(%d) = %.2f, CPU ratio %.2f, for %.1fx the pages (1.0 per page = linear)"
                  % (tool, hi, lo, b["wall_median"] / a["wall_median"], b["cpu_median"] / a["cpu_median"], hi / lo))
    print()
# folio's own stage breakdown, one extra cold build with --timings
stage_re = re.compile(r"^\s+(\S.*?)\s+([0-9.]+) ms(?:\s+peak\s+([0-9]+) MiB)?\s*$")
for path in sorted(glob.glob(os.path.join(work, "logs", "*-folio.timings"))):
    id_ = os.path.basename(path).split("-")[0]
    stages = [m.groups() for m in map(stage_re.match, open(path).read().splitlines()) if m]
    diag = os.path.join(work, "logs", id_ + "-folio.diag.json")
    summary = ""
    try:
        d = json.load(open(diag))
        summary = " (that build: %d errors, %d warnings)" % (d["summary"]["errors"], d["summary"]["warnings"])
    except Exception:
        pass
    print("folio stages, %s pages, one more cold build with --timings%s:" % (id_pages.get(id_, "?"), summary))
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
print("(on a busy machine wall times wait for CPU; the CPU column and the per-round ratios are the steadier figures)")
EOF
