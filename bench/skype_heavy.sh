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
# Each runs RUNS times, interleaved; the median user+system CPU seconds and peak resident
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


# tshark on the capture in configuration $1 (plain, builtin or plugin).
# $2 time: one timed run, "cpu_seconds max_rss_kb" appended to $work/$1.runs;
# $2 count: print the frames the display filter `skype` matches.
run_cfg() {
    c=$1 what=$2
    case $c in
    plain) d=none; set -- ;;
    builtin) d=none; set -- --enable-heuristic skype_udp ;;
    plugin) d=$plugin; set -- ;;
    esac
    if [ "$what" = time ]; then
        tshark_as "$d" "/usr/bin/time -f '%U %S %M' -o $work/t" -2 -r "$work/heavy.pcap" "$@" >/dev/null
        awk '{printf "%.2f %d\n", $1 + $2, $3}' "$work/t" >>"$work/$c.runs"
    else
        n=$(tshark_as "$d" "" -2 -q -r "$work/heavy.pcap" "$@" -z io,stat,0,skype |
            awk -F'|' '/<>/{gsub(/ /, "", $3); print $3}')
        echo "${n:-0}"
    fi
}

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

# The runs are interleaved (plain, built-in, plugin, then again), so that a
# slower or faster spell of the shared machine falls on all three alike.
# Each round's plugin/built-in ratio is printed too: their spread shows the
# machine's noise (bench/skype_heavy_instr.sh counts instructions instead).
for cfg in plain builtin plugin; do : >"$work/$cfg.runs"; done
i=0
while [ $i -lt "$runs" ]; do
    for cfg in plain builtin plugin; do run_cfg $cfg time; done
    i=$((i + 1))
done
col() { cut -d' ' -f"$2" "$work/$1.runs" | median; } # configuration, 1 CPU or 2 RSS
rounds=$(paste -d' ' "$work/builtin.runs" "$work/plugin.runs" | awk '{printf "%.3f ", $3 / $1}')
p_cpu=$(col plain 1) p_rss=$(col plain 2) p_tag=$(run_cfg plain count)
b_cpu=$(col builtin 1) b_rss=$(col builtin 2) b_tag=$(run_cfg builtin count)
s_cpu=$(col plugin 1) s_rss=$(col plugin 2) s_tag=$(run_cfg plugin count)

awk -v f="$frames" -v c="$convs" -v runs="$runs" \
    -v pc="$p_cpu" -v pr="$p_rss" -v pt="$p_tag" \
    -v bc="$b_cpu" -v br="$b_rss" -v bt="$b_tag" \
    -v sc="$s_cpu" -v sr="$s_rss" -v st="$s_tag" -v rounds="$rounds" 'BEGIN {
    printf "capture   %d frames, %d conversations (gen_captures --bench-skype), tshark -2, median of %d interleaved runs\n", f, c, runs;
    printf "%-34s %9s %12s %14s\n", "configuration", "CPU s", "peak RSS MB", "frames `skype`";
    printf "%-34s %9.2f %12.1f %14d\n", "plain tshark (no plugin)", pc, pr / 1024, pt;
    printf "%-34s %9.2f %12.1f %14d\n", "built-in skype_udp enabled", bc, br / 1024, bt;
    printf "%-34s %9.2f %12.1f %14d\n", "with the plugin", sc, sr / 1024, st;
    printf "CPU ratio plugin/built-in               %.3f   (goal <= 1.05; ratio of the CPU medians)\n", sc / bc;
    printf "the same, round by round                %s\n", rounds;
    printf "bytes per conversation                  %.0f   (goal <= 400; plugin - plain peak RSS / conversations)\n",
        (sr - pr) * 1024 / c;
    printf "CPU ratio plugin / plain tshark         %.3f\n", sc / pc;
    printf "peak memory plugin - plain              %.1f MB (%.0f bytes per frame)\n", (sr - pr) / 1024,
        (sr - pr) * 1024 / f;
    printf "peak memory plugin - built-in           %.1f MB\n", (sr - br) / 1024;
}'
"$build/bench/core_throughput" "$work/heavy.pcap" 5 | sed -n '3,5p'
