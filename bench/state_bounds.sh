#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# State bounds (issue 5): memory the plugin adds on captures full of distinct
# UDP endpoints that look like Skype clients, at two sizes, so that growth is
# visible.
#
#   bench/state_bounds.sh [N_SMALL] [N_LARGE]   (default 250000 1000000;
#                                                after cmake --build build)
#
# For each N, two captures (gen_captures --bench-endpoints):
#   requests  N endpoints, one 18-byte SoM request each: candidates that never
#             confirm. They share the fixed candidate table (4096 slots,
#             528 KiB, direct-mapped: a newer endpoint takes an older one's
#             slot), so the plugin's memory must not grow with N.
#   chains    N/4 endpoints, three +2-ID requests each to three hosts: every one
#             confirms. Confirmed clients are capped at SKYPE_MAX_CLIENTS
#             (65536); beyond, no new client is confirmed or tracked.
# tshark -2 runs once with and once without the plugin (peak RSS from GNU
# time); prints the difference, per endpoint, and the clients confirmed.
set -eu
cd "$(dirname "$0")/.."
small=${1:-250000}
large=${2:-1000000}
build=${BUILD_DIR:-build}
[ -x /usr/bin/time ] || { echo "state_bounds: needs GNU time (apt-get install time)" >&2; exit 2; }
. bench/lib.sh
bench_setup "$build"


rss() { # plugin (skype.so or none) capture -> peak RSS in KB
    tshark_as "$1" "/usr/bin/time -f %M -o $work/t" -2 -r "$2" >/dev/null
    cat "$work/t"
}

printf "%-9s %10s %9s %12s %12s %12s %14s %10s\n" mode endpoints frames "RSS without" "RSS with" "plugin adds" "per endpoint" confirmed
for mode in requests chains; do
    for n in "$small" "$large"; do
        eps=$n
        [ "$mode" = chains ] && eps=$((n / 4))
        "$build/captures/gen_captures" --bench-endpoints "$eps" "$mode" "$work/cap.pcap" >/dev/null
        chmod -R a+rwX "$work"
        frames=$eps
        [ "$mode" = chains ] && frames=$((eps * 3))
        a=$(rss none "$work/cap.pcap")
        b=$(rss "$plugin" "$work/cap.pcap")
        confirmed=$(tshark_as "$plugin" "" -2 -q -r "$work/cap.pcap" -z io,stat,0,skype.expert.client_confirmed |
            awk -F'|' '/<>/{gsub(/ /, "", $3); print $3}')
        awk -v m="$mode" -v n="$eps" -v f="$frames" -v a="$a" -v b="$b" -v c="${confirmed:-0}" 'BEGIN {
            printf "%-9s %10d %9d %9.1f MB %9.1f MB %9.1f MB %11.1f B %10d\n", m, n, f, a / 1024, b / 1024,
                (b - a) / 1024, (b - a) * 1024 / n, c }'
    done
done
