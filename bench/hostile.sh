#!/usr/bin/env bash
# Hostile inputs: cases that once took time or memory growing faster than
# the input. Each is generated at three sizes (each twice the last) and built
# once; wall time and peak memory are printed, so that growth is visible:
# linear means each row about twice the one before. See bench/README.md.
#
#   bench/hostile.sh [--folio PATH] [--scale K] [--only CASE[,CASE...]] [--keep]
#
#   --folio PATH   the binary to measure (default target/release/folio, built
#                  with cargo build --release unless --folio is given)
#   --scale K      multiply every size by K (e.g. 0.25 for a quick look)
#   --only CASES   some of: one-line, many-broken, yaml-nesting, big-page,
#                  flat-folder
#   --keep         keep the work folder and print its path
#
# Each build is a full `folio build` with the human report on stderr (its
# size is printed too: a report must not grow faster than the input).
#
# Needs bash, python3 and GNU time as /usr/bin/time.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
FOLIO=""
SCALE=1
ONLY="one-line,many-broken,yaml-nesting,big-page,flat-folder"
KEEP=0

while [ $# -gt 0 ]; do
    case "$1" in
        --folio) FOLIO=$2; shift 2 ;;
        --scale) SCALE=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [ ! -x /usr/bin/time ]; then
    echo "GNU time is needed as /usr/bin/time (Debian package \`time\`)" >&2
    exit 2
fi
if [ -z "$FOLIO" ]; then
    (cd "$REPO" && cargo build --release --locked)
    FOLIO="$REPO/target/release/folio"
fi

WORK=$(mktemp -d)
if [ "$KEEP" = 0 ]; then
    trap 'rm -rf "$WORK"' EXIT
fi

# gen CASE SIZE DIR: write the case's content folder.
gen() {
    python3 - "$1" "$2" "$3" <<'EOF'
import os, sys
case, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)
def write(name, text):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(text)
write("README.md", "# 首页\n\n见[页面](页面.md)。\n")
if case == "one-line":
    # n broken links, one of them every few bytes, all on one line.
    write("页面.md", "# 页面\n\n" + "".join(f"[链{i}](缺{i}.md) " for i in range(n)) + "\n")
elif case == "many-broken":
    # n broken links, one a line.
    write("页面.md", "# 页面\n\n" + "".join(f"- [链{i}](缺{i}.md)\n" for i in range(n)))
elif case == "yaml-nesting":
    # n bytes of `[` in YAML front matter.
    write("页面.md", "---\ntitle: 页面\nx: " + "[" * n + "\n---\n正文\n")
elif case == "flat-folder":
    # n three-line pages in one folder (every page once carried all their
    # names in its sidebar: bytes per page grew with n).
    os.makedirs(os.path.join(out, "记录"), exist_ok=True)
    for i in range(1, n + 1):
        write(f"记录/r{i}.md", f"# 记录 {i}\n\n第 {i} 条记录。\n")
elif case == "big-page":
    # One page of about n MB: headings, prose, tables, lists, links.
    block = (
        "## 合作伙伴 {i}\n\n"
        "东义项目的风险评估与缓解策略，见[总览](README.md)与[章节](#合作伙伴-{i})。"
        "合作伙伴全景包括渠道、技术与服务三类，**重点**是`接口`的稳定。\n\n"
        "| 名称 | 状态 | 日期 |\n|---|:-:|--:|\n| 合作{i} | 🟢 良好 | 2025-03-20 |\n| 项目{i} | 🟡 关注 | 2025-04-01 |\n\n"
        "- [ ] 待办 {i}\n- [x] 完成 {i}\n\n"
    )
    parts, size, i = [], 0, 0
    while size < n * 1_000_000:
        b = block.format(i=i)
        parts.append(b)
        size += len(b.encode())
        i += 1
    write("页面.md", "# 页面\n\n" + "".join(parts))
EOF
}

sizes() {
    case "$1" in
        one-line) echo "16000 32000 64000" ;;
        many-broken) echo "25000 50000 100000" ;;
        yaml-nesting) echo "20000 40000 80000" ;;
        big-page) echo "12 25 50" ;;
        flat-folder) echo "5000 10000 20000" ;;
    esac
}

unit() {
    case "$1" in
        one-line|many-broken) echo "links" ;;
        yaml-nesting) echo "bytes" ;;
        big-page) echo "MB" ;;
        flat-folder) echo "pages" ;;
    esac
}

echo "folio: $FOLIO"
printf '%-14s %10s %-6s %9s %12s %12s %12s %5s\n' case size unit "wall s" "peak MiB" "report KiB" "B/page" exit
for case in ${ONLY//,/ }; do
    for size in $(sizes "$case"); do
        size=$(python3 -c "print(max(1, round($size * $SCALE)))")
        dir="$WORK/$case-$size"
        gen "$case" "$size" "$dir/content"
        sync
        set +e
        /usr/bin/time -f '%e %M' -o "$dir/time" \
            "$FOLIO" build "$dir/content" -o "$dir/public" >"$dir/stdout" 2>"$dir/stderr"
        code=$?
        set -e
        # The last line: GNU time puts "Command exited with ..." before it.
        read -r wall kb < <(tail -n 1 "$dir/time")
        report=$(( $(wc -c <"$dir/stderr") / 1024 ))
        # Output bytes per page (folio's own files included).
        pages=$(find "$dir/public" -name '*.html' | wc -l)
        per_page=$(( $(du -sb "$dir/public" | cut -f1) / (pages > 0 ? pages : 1) ))
        printf '%-14s %10s %-6s %9s %12s %12s %12s %5s\n' "$case" "$size" "$(unit "$case")" \
            "$wall" "$((kb / 1024))" "$report" "$per_page" "$code"
        rm -rf "$dir/public"
    done
done
if [ "$KEEP" = 1 ]; then
    echo "work folder: $WORK"
fi
