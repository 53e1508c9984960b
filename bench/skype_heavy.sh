#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Cost on Skype-heavy traffic, side by side in one run (issues 5 and 13).
#
#   bench/skype_heavy.sh [CLIENTS] [SNS] [RUNS]   (default 4000 25 3: 1,048,000
#                                                  frames, 104,000 conversations;
#                                                  after cmake --build build)
#
# Generates `gen_captures --bench-skype CLIENTS SNS` (CLIENTS legacy clients,
# each probing SNS SNs: 10 UDP frames per client<->SN conversation, plus one
# 12-frame SN TCP connection per client) and runs `tshark -2 -r` on it in
# three configurations:
#   plain     tshark without the plugin (Wireshark's defaults: the built-in
#             skype_udp heuristic is off)
#   builtin   tshark without the plugin, --enable-heuristic skype_udp
#   plugin    tshark with build/skype.so
# Each runs RUNS times; the median user+system CPU seconds and peak resident
# memory (GNU time's %M) are printed, with the ratios and the memory the
# plugin adds per tracked conversation and per frame. One more run per
# configuration counts the frames the display filter `skype` matches. Last,
# the core alone on the same capture (bench/core_throughput). The two goal
# figures (issue 13) are on their own lines: CPU ratio plugin/built-in (<=
# 1.05) and bytes per conversation (<= 400). CPU time is noisy on a shared
# machine; bench/skype_heavy_instr.sh gives the same ratio in instructions.
set -eu
cd "$(dirname "$0")/.."
clients=${1:-4000}
sns=${2:-25}
runs=${3:-3}
build=${BUILD_DIR:-build}
[ -x /usr/bin/time ] || { echo "skype_heavy: needs GNU time (apt-get install time)" >&2; exit 2; }
. bench/lib.sh
bench_setup "$build"
"$build/captures/gen_captures" --bench-skype "$clients" "$sns" "$work/heavy.pcap" >/dev/null
chmod a+r "$work/heavy.pcap"
frames=$(( clients * sns * 10 + clients * 12 ))
convs=$(( clients * sns + clients ))


measure() { # name plugin (skype.so or none) extra-args -> "cpu_seconds max_rss_kb" (medians)
    name=$1
    d=$2
    shift 2
    : >"$work/$name.runs"
    i=0
    while [ $i -lt "$runs" ]; do
        tshark_as "$d" "/usr/bin/time -f '%U %S %M' -o $work/$name.t" -2 -r "$work/heavy.pcap" "$@" >/dev/null
        awk '{printf "%.2f %d\n", $1 + $2, $3}' "$work/$name.t" >>"$work/$name.runs"
        i=$((i + 1))
    done
    cpu=$(cut -d' ' -f1 "$work/$name.runs" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
    rss=$(cut -d' ' -f2 "$work/$name.runs" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
    tagged=$(tshark_as "$d" "" -2 -q -r "$work/heavy.pcap" "$@" -z io,stat,0,skype |
        awk -F'|' '/<>/{gsub(/ /, "", $3); print $3}')
    echo "$cpu $rss ${tagged:-0}"
}

set -- $(measure plain none)
p_cpu=$1 p_rss=$2 p_tag=$3
set -- $(measure builtin none --enable-heuristic skype_udp)
b_cpu=$1 b_rss=$2 b_tag=$3
set -- $(measure plugin "$plugin")
s_cpu=$1 s_rss=$2 s_tag=$3

awk -v f="$frames" -v c="$convs" -v runs="$runs" \
    -v pc="$p_cpu" -v pr="$p_rss" -v pt="$p_tag" \
    -v bc="$b_cpu" -v br="$b_rss" -v bt="$b_tag" \
    -v sc="$s_cpu" -v sr="$s_rss" -v st="$s_tag" 'BEGIN {
    printf "capture   %d frames, %d conversations (gen_captures --bench-skype), tshark -2, median of %d runs\n", f, c, runs;
    printf "%-34s %9s %12s %14s\n", "configuration", "CPU s", "peak RSS MB", "frames `skype`";
    printf "%-34s %9.2f %12.1f %14d\n", "plain tshark (no plugin)", pc, pr / 1024, pt;
    printf "%-34s %9.2f %12.1f %14d\n", "built-in skype_udp enabled", bc, br / 1024, bt;
    printf "%-34s %9.2f %12.1f %14d\n", "with the plugin", sc, sr / 1024, st;
    printf "CPU ratio plugin/built-in               %.3f   (goal <= 1.05)\n", sc / bc;
    printf "bytes per conversation                  %.0f   (goal <= 400; plugin - plain peak RSS / conversations)\n",
        (sr - pr) * 1024 / c;
    printf "CPU ratio plugin / plain tshark         %.3f\n", sc / pc;
    printf "peak memory plugin - plain              %.1f MB (%.0f bytes per frame)\n", (sr - pr) / 1024,
        (sr - pr) * 1024 / f;
    printf "peak memory plugin - built-in           %.1f MB\n", (sr - br) / 1024;
}'
"$build/bench/core_throughput" "$work/heavy.pcap" 5 | sed -n '3,5p'
