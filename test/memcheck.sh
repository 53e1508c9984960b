#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# valgrind memcheck of tshark with the plugin over the project's captures:
# fails on any memory error, and on any leak whose stack passes through the
# plugin (skype.so). Leaks of Wireshark itself are not the plugin's.
#   test/memcheck.sh PLUGIN.so [CAPTURE...]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
plugin=$1
shift
[ $# -gt 0 ] || set -- "$top"/captures/*.pcap
abi=$(pkg-config --modversion wireshark | cut -d. -f1,2)
work=$(mktemp -d /tmp/skype-memcheck.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plugins/$abi/epan" "$work/home"
cp "$plugin" "$work/plugins/$abi/epan/skype.so"
status=0
for cap in "$@"; do
    cp "$cap" "$work/cap.pcap"
    chmod -R a+rwX "$work"
    run="valgrind --error-exitcode=97 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=none --log-file=$work/vg.log tshark -2 -V -r $work/cap.pcap"
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=nobody --regid=nogroup --clear-groups \
            env HOME="$work/home" WIRESHARK_PLUGIN_DIR="$work/plugins" $run >/dev/null 2>&1 || rc=$?
    else
        env HOME="$work/home" WIRESHARK_PLUGIN_DIR="$work/plugins" $run >/dev/null 2>&1 || rc=$?
    fi
    errors=$(grep -m1 "ERROR SUMMARY" "$work/vg.log" | awk '{print $4}')
    plugin_leaks=$(awk '/definitely lost in/{blk=1; s=""} blk{s=s $0 "\n"} /^==[0-9]+== $/{ if (blk && s ~ /skype\.so/) n++; blk=0 } END{print n+0}' "$work/vg.log")
    echo "$(basename "$cap"): memory errors ${errors:-?}, leaks through skype.so $plugin_leaks"
    if [ "${errors:-1}" != 0 ] || [ "$plugin_leaks" != 0 ]; then
        status=1
        grep -A25 "Invalid\|uninitialised\|definitely lost" "$work/vg.log" | head -60
    fi
    rc=0
done
exit $status
