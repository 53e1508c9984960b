#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Cost of the plugin on traffic without Skype (goal: at most 3%).
#
#   bench/cost_nonskype.sh [FRAMES] [MIX]   (default 100000 frames of the UDP+TCP
#                                            mix; MIX=udp for the UDP-only mix;
#                                            after cmake --build build)
#
# Counts tshark's instructions with valgrind's callgrind (repeatable, unlike
# time) reading a generated non-Skype capture, with and without the plugin,
# and subtracts each configuration's start-up (the same tshark on a 1-frame
# capture), then prints the ratio. tshark runs with -2 (two passes, as the
# GUI does) and without a display filter or tree.
set -eu
cd "$(dirname "$0")/.."
frames=${1:-100000}
mix=${2:-}
gen_flag=--bench-nonskype
[ "$mix" = udp ] && gen_flag=--bench-nonskype-udp
build=${BUILD_DIR:-build}
. bench/lib.sh
bench_setup "$build"
"$build/captures/gen_captures" "$gen_flag" "$frames" "$work/nonskype.pcap" >/dev/null
"$build/captures/gen_captures" --bench-nonskype 1 "$work/one.pcap" >/dev/null
chmod -R a+rwX "$work"

count() { # plugin (skype.so or none) capture -> instructions
    out="$work/cg.$$.$(date +%s%N)"
    tshark_as "$1" "valgrind --tool=callgrind --callgrind-out-file=$out" -2 -r "$2" >/dev/null 2>"$work/log"
    grep -m1 '^summary:' "$out" | awk '{print $2}'
}

base_start=$(count none "$work/one.pcap")
base_full=$(count none "$work/nonskype.pcap")
plug_start=$(count "$plugin" "$work/one.pcap")
plug_full=$(count "$plugin" "$work/nonskype.pcap")
awk -v bs="$base_start" -v bf="$base_full" -v ps="$plug_start" -v pf="$plug_full" -v n="$frames" -v mix="${mix:-UDP and TCP}" 'BEGIN {
    b = bf - bs; p = pf - ps;
    printf "frames                         %d (non-Skype %s mix, tshark -2)\n", n, mix;
    printf "start-up without / with plugin %.0f / %.0f instructions\n", bs, ps;
    printf "capture  without plugin        %.0f instructions (%.0f per frame)\n", b, b / n;
    printf "capture  with plugin           %.0f instructions (%.0f per frame)\n", p, p / n;
    printf "ratio with/without             %.4f   (goal <= 1.03)\n", p / b;
}'
