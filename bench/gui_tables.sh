#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# How long the GUI takes to fill the plugin's tables and Wireshark's RTP
# Streams on a Teams-heavy capture (issue 25): Debian's wireshark (Qt) on a
# virtual X server, as tools/screenshots.sh runs it (the plugin in a fresh
# HOME's personal plugin folder; as root, as user nobody), driven by xdotool.
#
#   bench/gui_tables.sh [CALLS]   (default 1600: 672,000 frames; after
#                                  cmake --build build)
#
# Generates `gen_captures --bench-teams CALLS` and, for each window, starts
# wireshark on it, waits until the file is read and the window is filled
# (wireshark idle), then RUNS times (default 3) makes the window retap and
# measures it:
#   Skype Calls, Skype Streams, Skype Stream Seconds: opened with -z
#       skype,calls (skype,streams, skype,seconds) as the Statistics menu
#       opens them; retapped with the dialog's Apply button;
#   RTP Streams: Telephony > RTP > RTP Streams (menu clicks; Qt 4.0 has no
#       -z rtp,streams), opened anew each time (it retaps when it opens),
#       with the plugin and, for comparison, without any plugin but with
#       Decode As RTP on Teams' ports (-d udp.port==50000-50059,rtp).
# A retap's cost is the CPU time (user + system, /proc/PID/stat, polled every
# 0.2 s) wireshark uses from the click until it is idle again (no growth for
# IDLE seconds, default 3); its wall time runs to the last growth. The least
# of the runs is printed, with the wall time of that run and the rows the
# same table has in tshark -2 (the plugin's tables). SHOTS=DIR keeps a
# screenshot of each window after its last retap. The menu clicks assume
# wireshark's default window geometry in a fresh HOME (750x570 at 20,20).
# Needs xvfb openbox wireshark-qt xdotool (imagemagick for SHOTS). About 5
# minutes at 1600 calls. Run on demand; not part of the test suite. The
# figures: docs/performance.md, "Calls at scale".
set -eu
cd "$(dirname "$0")/.."
calls=${1:-1600}
idle=${IDLE:-3}
runs=${RUNS:-3}
build=${BUILD_DIR:-build}
decode='udp.port==50000-50059,rtp'
for c in Xvfb openbox wireshark xdotool setpriv timeout; do
    command -v "$c" >/dev/null 2>&1 || { echo "gui_tables: $c is missing (apt-get install xvfb openbox wireshark-qt xdotool)" >&2; exit 2; }
done
. bench/lib.sh
bench_setup "$build"
abi=$(pkg-config --modversion wireshark 2>/dev/null | cut -d. -f1,2)
abi=${abi:-4.0}
hz=$(getconf CLK_TCK)
cap=$work/teams$calls.pcap
frames=$("$build/captures/gen_captures" --bench-teams "$calls" "$cap" | awk '{print $(NF - 1)}')
chmod a+r "$cap"

xvfb_pid='' wm_pid='' ws_pid=''
cleanup() {
    for p in $ws_pid $wm_pid $xvfb_pid; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
i=0
while [ ! -s "$work/display" ]; do
    i=$((i + 1)); [ $i -lt 100 ] || { echo "gui_tables: Xvfb did not start" >&2; exit 1; }; sleep 0.1
done
DISPLAY=:$(head -1 "$work/display")
export DISPLAY
openbox --sm-disable >"$work/openbox.log" 2>&1 &
wm_pid=$!
sleep 1

# cpu PID: user + system CPU seconds of the process so far (0 when gone).
cpu() {
    awk -v hz="$hz" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# idle: wait until wireshark's CPU time has not grown for IDLE seconds;
# sets $last (CPU seconds) and $tl (when it last grew).
idle() {
    last=$(cpu "$ws_pid") tl=$(date +%s.%N) still=0
    while [ "$still" -lt $((idle * 5)) ]; do
        sleep 0.2
        now=$(cpu "$ws_pid")
        if [ "$now" != "$last" ]; then last=$now tl=$(date +%s.%N) still=0; else still=$((still + 1)); fi
    done
}

# start PLUGIN TITLE [wireshark arguments]: wireshark on the capture, idle,
# with a window whose name matches TITLE; sets $win to that window.
start() {
    so=$1 title=$2
    shift 2
    home=$work/home
    rm -rf "$home"
    mkdir -p "$home/.local/lib/wireshark/plugins/$abi/epan" "$home/.config/wireshark" "$home/runtime"
    [ "$so" = none ] || cp "$so" "$home/.local/lib/wireshark/plugins/$abi/epan/skype.so"
    printf 'privs.warn_if_elevated: FALSE\nsys.warn_if_no_capture: FALSE\n' >"$home/.config/wireshark/recent_common"
    chmod 700 "$home/runtime"
    set -- wireshark -r "$cap" "$@"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R nobody:nogroup "$home"
        set -- setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
    fi
    env -u WIRESHARK_PLUGIN_DIR HOME="$home" XDG_RUNTIME_DIR="$home/runtime" LC_ALL=C.UTF-8 \
        "$@" >"$work/ws.log" 2>&1 &
    ws_pid=$!
    win=$(timeout 300 xdotool search --sync --onlyvisible --name "$title" 2>/dev/null | head -1) ||
        { echo "gui_tables: no window \"$title\"" >&2; tail -3 "$work/ws.log" >&2; exit 1; }
    idle
}

stop() {
    kill "$ws_pid" 2>/dev/null || true
    wait "$ws_pid" 2>/dev/null || true
    ws_pid=
}

# measure NAME ACTION...: RUNS times, run the shell words ACTION (a click
# that makes wireshark retap) and wait until idle; prints "NAME cpu wall"
# of the run with the least CPU time.
measure() {
    name=$1
    shift
    best='' i=0
    while [ "$i" -lt "$runs" ]; do
        c0=$(cpu "$ws_pid") t0=$(date +%s.%N)
        "$@"
        idle
        r=$(echo "$last - $c0" | bc) w=$(echo "$tl - $t0" | bc)
        if [ -z "$best" ] || [ "$(echo "$r < $best" | bc)" = 1 ]; then best=$r bestw=$w; fi
        i=$((i + 1))
    done
    [ -z "${SHOTS:-}" ] || import -silent -window root "$SHOTS/$name.png" 2>/dev/null || true
    echo "$name $best $bestw"
}

apply() { # the Apply button of the table window $win (bottom right of its client area)
    eval "$(xdotool getwindowgeometry --shell "$win")"
    xdotool mousemove --window "$win" $((WIDTH - 52)) $((HEIGHT - 58)) click 1
}

rtp_streams() { # close an RTP Streams window, then Telephony > RTP > RTP Streams (3 tries)
    for w in $(xdotool search --onlyvisible --name 'RTP Streams' 2>/dev/null); do
        xdotool key --window "$w" Escape
    done
    sleep 1
    for try in 1 2 3; do
        xdotool windowactivate --sync "$win" 2>/dev/null || true
        xdotool windowfocus --sync "$win" 2>/dev/null || true
        xdotool mousemove 423 50 click 1
        sleep 1
        xdotool mousemove 427 274 click 1
        sleep 1
        xdotool mousemove 680 274 click 1
        timeout 60 xdotool search --sync --onlyvisible --name 'RTP Streams' >/dev/null 2>&1 && return 0
        xdotool key Escape Escape
    done
    echo "gui_tables: no RTP Streams window after 3 tries" >&2
}

rows() { # TABLE: the rows tshark prints for -z TABLE (the same plugin, -2)
    tshark_as "$plugin" "" -2 -q -r "$cap" -z "$1" 2>/dev/null |
        awk '/^====/ { n++ } n == 1 && !/^====/ { c++ } END { print c - 4 }'
}

echo "capture: gen_captures --bench-teams $calls, $frames frames; $(wireshark -v 2>/dev/null | head -1)"
{
    for t in "calls Skype Calls" "streams Skype Streams" "seconds Skype Stream Seconds"; do
        z=${t%% *} title=${t#* }
        start "$plugin" "$title" -z "skype,$z"
        measure "skype,$z" apply
        stop
    done
    start "$plugin" "teams$calls.pcap"
    measure rtp,streams rtp_streams
    stop
    start none "teams$calls.pcap" -d "$decode"
    measure "rtp,streams(plain)" rtp_streams
    stop
} >"$work/runs"
awk -v c="$(rows skype,calls)" -v s="$(rows skype,streams)" -v q="$(rows skype,seconds)" '
    BEGIN { printf "%-20s %12s %12s  %s\n", "window", "retap CPU s", "wall s", "tshark -2 rows" }
    { r = $1 == "skype,calls" ? c : $1 == "skype,streams" ? s : $1 == "skype,seconds" ? q : "";
      printf "%-20s %12.2f %12.2f  %s\n", $1, $2, $3, r }' "$work/runs"
echo "(the least of $runs retaps each; the plugin in the first four, none in the last)"
