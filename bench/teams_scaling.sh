#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# How the plugin's three tables scale with the calls in a capture (issue 25,
# "Linear in calls"), against plain tshark with Decode As RTP and its RTP
# streams table, in user CPU seconds and peak resident memory (GNU time).
#
#   bench/teams_scaling.sh [SIZES]   (default "100 400 1600"; after
#                                     cmake --build build)
#
# For each size N, generates `gen_captures --bench-teams N` (overlapping
# direct Teams calls, one starting every 50 ms: ICE checks, two-way SILK
# audio with RTCP, video in every 4th call; 420 frames a call) and runs
# `tshark -2 -r` on it
#   (plugin) with build/skype.so, no Decode As,
#            -q -z skype,streams -z skype,calls -z skype,seconds;
#   (plain)  without any plugin, -d udp.port==50000-50059,rtp -q -z rtp,streams
# RUNS times each (default 3), interleaved (plain, plugin, plain, ...), and
# prints per size: frames, the minimum user CPU seconds of each (the least
# disturbed run on a shared machine), their ratio, the peak RSS of each (the
# largest of the runs) and its ratio, and the rows of each table (calls,
# streams; rtp,streams' streams), which must not change with the work.
# Targets of issue 25: at 1600 calls the CPU ratio at most 1.15 and the same
# within 0.05 from 400 to 1600 calls; the memory ratio at most 1.05.
# Runtime: about 2 minutes with both cores free (1600 calls: 672,000 frames,
# about 10 s a run; generating the captures takes a few seconds), more when
# other work shares them. Run on demand; not part of the test suite. Needs GNU
# time (apt-get install time). The figures: docs/performance.md, "Calls at
# scale".
set -eu
cd "$(dirname "$0")/.."
sizes=${1:-100 400 1600}
runs=${RUNS:-3}
build=${BUILD_DIR:-build}
decode='udp.port==50000-50059,rtp' # Teams' audio, video and screen-sharing ports
[ -x /usr/bin/time ] || { echo "teams_scaling: needs GNU time (apt-get install time)" >&2; exit 2; }
. bench/lib.sh
bench_setup "$build"

# one NAME PLUGIN CAPTURE ARGS...: one timed run; "user_seconds max_rss_kb"
# appended to $work/NAME.runs, the output kept in $work/NAME.out.
one() {
    _n=$1 _d=$2 _cap=$3
    shift 3
    tshark_as "$_d" "/usr/bin/time -f '%U %M' -o $work/t" -2 -r "$_cap" "$@" >"$work/$_n.out" 2>"$work/$_n.log" ||
        { echo "teams_scaling: run $_n failed:" >&2; tail -5 "$work/$_n.log" >&2; exit 1; }
    tail -1 "$work/t" >>"$work/$_n.runs"
}

# rows TITLE FILE: the rows of tshark's table TITLE (-z output) in FILE.
rows() {
    awk -v t="$1:" '$0 == t { on = 1; skip = 3; next } on && /^====/ { on = 0 } on && skip > 0 { skip--; next } on { c++ }
        END { print c + 0 }' "$2"
}

printf '%-6s %8s %10s %10s %7s %11s %11s %7s  %s\n' calls frames "plain s" "plugin s" ratio "plain KB" "plugin KB" ratio \
    "rows: calls / streams / rtp,streams"
for n in $sizes; do
    cap=$work/teams$n.pcap
    frames=$("$build/captures/gen_captures" --bench-teams "$n" "$cap" | awk '{print $(NF - 1)}')
    chmod a+r "$cap"
    rm -f "$work/plain.runs" "$work/plugin.runs"
    i=0
    while [ "$i" -lt "$runs" ]; do
        one plain none "$cap" -d "$decode" -q -z rtp,streams
        one plugin "$plugin" "$cap" -q -z skype,streams -z skype,calls -z skype,seconds
        i=$((i + 1))
    done
    # rows of the calls and streams tables; rtp,streams' streams (an SSRC column)
    r_calls=$(rows "Skype Calls" "$work/plugin.out")
    r_streams=$(rows "Skype Streams" "$work/plugin.out")
    r_rtp=$(grep -c ' 0x[0-9A-Fa-f]\{8\} ' "$work/plain.out" || true)
    awk -v n="$n" -v frames="$frames" -v rc="$r_calls" -v rs="$r_streams" -v rr="$r_rtp" \
        -v pf="$work/plain.runs" -v gf="$work/plugin.runs" 'BEGIN {
        pu = -1; pm = 0; while ((getline l < pf) > 0) { split(l, f, " "); if (pu < 0 || f[1] < pu) pu = f[1]; if (f[2] > pm) pm = f[2]; }
        gu = -1; gm = 0; while ((getline l < gf) > 0) { split(l, f, " "); if (gu < 0 || f[1] < gu) gu = f[1]; if (f[2] > gm) gm = f[2]; }
        printf "%-6d %8d %10.2f %10.2f %7.3f %11d %11d %7.3f  %d / %d / %d\n", n, frames, pu, gu, gu / pu, pm, gm, gm / pm, rc, rs, rr;
    }'
done
echo "(user CPU: the least of $runs runs each; peak RSS: the largest; tshark -2 -r, $(tshark -v 2>/dev/null | head -1))"
