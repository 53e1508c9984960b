#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What the plugin's streams table costs on a Teams-heavy capture, against
# plain tshark with Decode As RTP and its RTP streams table (issue 20), in
# valgrind's callgrind instruction counts (the same on every run of the same
# binaries and input; CPU time on the shared machine is not).
#
#   bench/teams_heavy_instr.sh [CALLS]   (default 200: 84,000 frames; after
#                                         cmake --build build)
#
# Generates `gen_captures --bench-teams CALLS` (overlapping direct Teams
# calls: Teams ICE checks, two-way SILK audio with RTCP on the 5-tuple, video
# in every 4th call) and runs `tshark -2 -r` on it under callgrind:
#   (a) plain tshark (no plugin), Decode As RTP on Teams' media ports,
#       -q -z rtp,streams;
#   (b) with the plugin (build/skype.so), no Decode As, -q -z skype,streams;
#   (c) with the plugin, -q -z skype,streams -z skype,calls;
#   (d) plain tshark, no Decode As, -q -z rtp,streams: (a) without the
#       Decode As (the table is empty). `tshark -2 -q` alone is no floor:
#       with nothing asking for it, tshark does not dissect at all.
# Each count has its start-up subtracted (the same tshark on a 1-frame
# capture, as bench/cost_nonskype.sh does). Prints frames, counts, counts per
# frame, the ratios b/a, c/a, b/d, and how many streams and calls each table
# lists. JOBS=2 (default) runs two callgrinds at once (the counts do not
# depend on it), JOBS=1 one at a time. At the default size about 45 G
# instructions under callgrind in all, 18 to 23 CPU-minutes: about 10 to 12
# minutes on 2 free cores, longer when other work shares them (36 minutes
# measured at load average 4 to 5). The figures: docs/performance.md.
set -eu
cd "$(dirname "$0")/.."
calls=${1:-200}
jobs=${JOBS:-2}
build=${BUILD_DIR:-build}
decode='udp.port==50000-50059,rtp' # Teams' audio, video and screen-sharing ports
. bench/lib.sh
bench_setup "$build"
frames=$("$build/captures/gen_captures" --bench-teams "$calls" "$work/teams.pcap" | awk '{print $(NF - 1)}')
"$build/captures/gen_captures" --bench-nonskype 1 "$work/one.pcap" >/dev/null
chmod -R a+rwX "$work"

count() { # name plugin (skype.so or none) capture [args]: instructions into $work/name.n, output into $work/name.out
    n=$1 d=$2 cap=$3
    shift 3
    tshark_as "$d" "valgrind --tool=callgrind --callgrind-out-file=$work/$n.cg" -2 -r "$cap" "$@" \
        >"$work/$n.out" 2>"$work/$n.log" || { echo "bench: run $n failed:" >&2; tail -5 "$work/$n.log" >&2; }
    grep -m1 '^summary:' "$work/$n.cg" | awk '{print $2}' >"$work/$n.n"
    rm -f "$work/$n.cg"
}
# Two lanes of about the same instruction count (d + b against c + a +
# the start-ups at the default size).
lane1() {
    count d none "$work/teams.pcap" -q -z rtp,streams
    count b "$plugin" "$work/teams.pcap" -q -z skype,streams
}
lane2() {
    count c "$plugin" "$work/teams.pcap" -q -z skype,streams -z skype,calls
    count a none "$work/teams.pcap" -d "$decode" -q -z rtp,streams
    count a1 none "$work/one.pcap" -d "$decode" -q -z rtp,streams
    count b1 "$plugin" "$work/one.pcap" -q -z skype,streams
    count c1 "$plugin" "$work/one.pcap" -q -z skype,streams -z skype,calls
    count d1 none "$work/one.pcap" -q -z rtp,streams
}
if [ "$jobs" -ge 2 ]; then
    lane1 &
    lane2 &
    wait
else
    lane1
    lane2
fi
for n in a b c d a1 b1 c1 d1; do
    [ -s "$work/$n.n" ] || { echo "bench: no instruction count for run $n" >&2; exit 1; }
done

# What each table lists: RTP streams (rows with an SSRC), the plugin's
# streams and calls (rows starting with the call number), against what the
# capture holds (audio both ways in every call, video both ways in every 4th).
rtp_a=$(grep -c ' 0x[0-9A-Fa-f]\{8\} ' "$work/a.out" || true)
rtp_d=$(grep -c ' 0x[0-9A-Fa-f]\{8\} ' "$work/d.out" || true)
sk_b=$(grep -c '^[0-9][0-9]* |0x' "$work/b.out" || true)
sk_calls=$(grep -c '^[0-9][0-9]* |[0-9][0-9]* |[0-9.]* |' "$work/c.out" || true)
streams=$((2 * calls + 2 * ((calls + 3) / 4)))

awk -v a="$(cat "$work/a.n")" -v b="$(cat "$work/b.n")" -v c="$(cat "$work/c.n")" -v d="$(cat "$work/d.n")" \
    -v a1="$(cat "$work/a1.n")" -v b1="$(cat "$work/b1.n")" -v c1="$(cat "$work/c1.n")" -v d1="$(cat "$work/d1.n")" \
    -v n="$frames" -v calls="$calls" -v streams="$streams" -v ra="$rtp_a" -v rd="$rtp_d" -v sb="$sk_b" \
    -v sc="$sk_calls" 'BEGIN {
    A = a - a1; B = b - b1; C = c - c1; D = d - d1;
    printf "frames                               %d (gen_captures --bench-teams %d: %d RTP streams; tshark -2)\n", n, calls, streams;
    printf "start-up a / b / c / d               %.0f / %.0f / %.0f / %.0f instructions\n", a1, b1, c1, d1;
    printf "(a) plain, Decode As RTP, rtp,streams   %.0f instructions (%.0f per frame)\n", A, A / n;
    printf "(b) plugin, skype,streams               %.0f instructions (%.0f per frame)\n", B, B / n;
    printf "(c) plugin, skype,streams + calls       %.0f instructions (%.0f per frame)\n", C, C / n;
    printf "(d) plain, no Decode As, rtp,streams    %.0f instructions (%.0f per frame)\n", D, D / n;
    printf "ratio b/a                            %.4f\n", B / A;
    printf "ratio c/a                            %.4f\n", C / A;
    printf "ratio b/d                            %.4f\n", B / D;
    printf "streams listed                       rtp,streams (a) %d, (d) %d; skype,streams (b) %d; skype,calls (c) %d calls\n", ra, rd, sb, sc;
}'
