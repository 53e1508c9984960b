#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The CPU goal of bench/skype_heavy.sh in instructions (issue 13): valgrind's
# callgrind counts (the same on every run of the same binaries and input)
# instead of CPU time, which other work on the machine disturbs.
#
#   bench/skype_heavy_instr.sh [CLIENTS] [SNS]   (default 400 25: 104,800
#                                                 frames, 10,400 conversations;
#                                                 after cmake --build build)
#
# Runs `tshark -2 -r` on `gen_captures --bench-skype CLIENTS SNS` under
# callgrind without the plugin but with the built-in skype_udp heuristic
# enabled, and with the plugin; subtracts each configuration's start-up (the
# same tshark on a 1-frame capture, as bench/cost_nonskype.sh does) and
# prints the ratio. About 4 minutes at the default size.
set -eu
cd "$(dirname "$0")/.."
clients=${1:-400}
sns=${2:-25}
build=${BUILD_DIR:-build}
. bench/lib.sh
bench_setup "$build"
"$build/captures/gen_captures" --bench-skype "$clients" "$sns" "$work/heavy.pcap" >/dev/null
"$build/captures/gen_captures" --bench-nonskype 1 "$work/one.pcap" >/dev/null
chmod -R a+rwX "$work"
frames=$(( clients * sns * 10 + clients * 12 ))

count() { # plugin (skype.so or none) capture [args] -> instructions
    d=$1
    cap=$2
    shift 2
    out="$work/cg.$$.$(date +%s%N)"
    tshark_as "$d" "valgrind --tool=callgrind --callgrind-out-file=$out" -2 -r "$cap" "$@" >/dev/null 2>"$work/log"
    grep -m1 '^summary:' "$out" | awk '{print $2}'
}

b_start=$(count none "$work/one.pcap" --enable-heuristic skype_udp)
b_full=$(count none "$work/heavy.pcap" --enable-heuristic skype_udp)
p_start=$(count "$plugin" "$work/one.pcap")
p_full=$(count "$plugin" "$work/heavy.pcap")
awk -v bs="$b_start" -v bf="$b_full" -v ps="$p_start" -v pf="$p_full" -v n="$frames" 'BEGIN {
    b = bf - bs; p = pf - ps;
    printf "frames                             %d (gen_captures --bench-skype, tshark -2)\n", n;
    printf "start-up built-in / plugin         %.0f / %.0f instructions\n", bs, ps;
    printf "capture  built-in skype_udp        %.0f instructions (%.0f per frame)\n", b, b / n;
    printf "capture  with plugin               %.0f instructions (%.0f per frame)\n", p, p / n;
    printf "instruction ratio plugin/built-in  %.4f   (goal <= 1.05)\n", p / b;
}'
