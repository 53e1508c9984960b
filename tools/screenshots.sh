#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Take the screenshots of docs/gui.md: Debian's wireshark (Qt) with the plugin
# and the "Skype" configuration profile of gui/profile/, on a virtual X server
# (Xvfb) with the openbox window manager, driven by xdotool, captured with
# ImageMagick's import.
#
#   tools/screenshots.sh            writes docs/img/*.png (about a minute)
#
# Needs the Debian packages xvfb openbox wireshark-qt tshark xdotool imagemagick,
# and ../shared/captures/skype-irc.cap and skype-conference-call.pcap.
# Environment: SKYPE_PLUGIN (default build/skype.so), SKYPE_SHOTS_OUT (default
# docs/img), SKYPE_SHOTS_KEEP=1 keeps the temporary folder (logs, raw shots),
# SKYPE_SHOTS_ONLY="name ..." takes only those shots (default: all).
#
# wireshark gets a fresh HOME for every screenshot: the plugin in the personal
# plugin folder (~/.local/lib/wireshark/plugins/4.0/epan, where
# "cmake --install" puts it), the profile in ~/.config/wireshark/profiles/Skype,
# and "recent" files that fix the window (maximised, 1280x800), the panes and
# the column widths. As root, wireshark runs as "nobody": Wireshark ignores
# personal plugin folders for root.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
plugin=${SKYPE_PLUGIN:-$top/build/skype.so}
out=${SKYPE_SHOTS_OUT:-$top/docs/img}
shared=$top/../shared/captures
irc=$shared/skype-irc.cap
conf=$shared/skype-conference-call.pcap
teams=$shared/teams.pcap  # the teams-call shot (taken when present)
W=1280 H=800

die() { echo "screenshots: $*" >&2; exit 2; }
for c in Xvfb openbox wireshark tshark xdotool import convert identify setpriv timeout; do
    command -v "$c" >/dev/null 2>&1 ||
        die "$c is missing: apt-get install xvfb openbox wireshark-qt tshark xdotool imagemagick"
done
[ -f "$plugin" ] || die "$plugin is not built (cmake -S . -B build && cmake --build build), or set SKYPE_PLUGIN"
for f in "$irc" "$conf"; do
    [ -f "$f" ] || die "$f is absent: the screenshots need the shared captures skype-irc.cap and skype-conference-call.pcap in ../shared/captures/ beside the repository"
done
abi=$(pkg-config --modversion wireshark 2>/dev/null | cut -d. -f1,2)
abi=${abi:-$(tshark -v 2>/dev/null | sed -n '1s/.* \([0-9]*\.[0-9]*\)\..*/\1/p')}
abi=${abi:-4.0}

dir=$(mktemp -d /tmp/skype-shots.XXXXXX)
streams_cap=${SKYPE_SHOTS_STREAMS_CAP:-quality_video_fps.pcap}  # the streams-table shot
xvfb_pid='' wm_pid='' ws_pid=''
cleanup() {
    for p in $ws_pid $wm_pid $xvfb_pid; do kill "$p" 2>/dev/null || true; done
    if [ "${SKYPE_SHOTS_KEEP:-}" = 1 ]; then echo "screenshots: kept $dir" >&2; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$dir/caps" "$dir/raw" "$out"
cp "$irc" "$conf" "$top/captures/teams_relayed_channeldata.pcap" "$top/captures/$streams_cap" "$dir/caps/"
[ -f "$teams" ] && cp "$teams" "$dir/caps/"
chmod -R a+rX "$dir"
t0=$(date +%s)

# The frames shown in the packet details: the first U3 of a full probe and the
# first L3 of skype-irc.cap.
frame_of() {
    SKYPE_PLUGIN=$plugin "$top/tools/skype-tshark" -2 -r "$irc" -Y "$1" -T fields -e frame.number \
        2>/dev/null | head -1
}
probe_frame=$(frame_of 'skype.probe.msg == 3 && skype.probe.kind == 1')
login_frame=$(frame_of 'skype.tcp.msg == 23')
if [ -z "$probe_frame" ] || [ -z "$login_frame" ]; then die "no U3 or L3 frame in $irc with $plugin"; fi

# --- X server and window manager -------------------------------------------
exec 3>"$dir/display"
Xvfb -displayfd 3 -screen 0 ${W}x${H}x24 -nolisten tcp -dpi 96 >"$dir/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
i=0
while [ ! -s "$dir/display" ]; do
    i=$((i + 1)); [ $i -lt 100 ] || die "Xvfb did not start: $(cat "$dir/xvfb.log")"; sleep 0.1
done
DISPLAY=:$(head -1 "$dir/display")
export DISPLAY
openbox --sm-disable >"$dir/openbox.log" 2>&1 &
wm_pid=$!
sleep 1
echo "screenshots: DISPLAY=$DISPLAY; U3 frame $probe_frame, L3 frame $login_frame"

# --- wireshark ---------------------------------------------------------------
# ws_start CAPTURE LAYOUT [wireshark arguments]: LAYOUT "list" gives the packet
# list most of the window, "details" the packet details.
ws_start() {
    cap=$1 layout=$2
    shift 2
    home=$dir/home
    rm -rf "$home"
    mkdir -p "$home/.local/lib/wireshark/plugins/$abi/epan" "$home/.config/wireshark/profiles"
    cp "$plugin" "$home/.local/lib/wireshark/plugins/$abi/epan/skype.so"
    cp -r "$top/gui/profile/Skype" "$home/.config/wireshark/profiles/"
    mkdir -m 700 "$home/runtime"
    cat >"$home/.config/wireshark/recent_common" <<EOF
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: $W
gui.geometry_main_height: $H
gui.geometry_main_maximized: TRUE
gui.last_used_profile: Skype
privs.warn_if_elevated: FALSE
sys.warn_if_no_capture: FALSE
EOF
    case $layout in
    list) upper=560 ;;
    *)    upper=150 ;;
    esac
    cat >"$home/.config/wireshark/profiles/Skype/recent" <<EOF
gui.toolbar_main_show: TRUE
gui.filter_toolbar_show: TRUE
gui.wireless_toolbar_show: FALSE
gui.packet_list_show: TRUE
gui.tree_view_show: TRUE
gui.byte_view_show: FALSE
gui.packet_diagram_show: FALSE
gui.statusbar_show: TRUE
gui.packet_list_colorize: TRUE
gui.time_format: RELATIVE
gui.time_precision: AUTO
gui.zoom_level: 0
gui.geometry_main_upper_pane: $upper
column.width:
	%m, 50,
	%t, 75,
	%s, 118,
	%d, 118,
	%p, 60,
	%L, 50,
	"%Cus:skype.som.func", 150,
	"%Cus:skype.probe.msg", 120,
	"%Cus:skype.tcp.msg", 125,
	"%Cus:skype.conv.phase", 160,
	"%Cus:skype.conv.evidence", 110,
	%i, 400
EOF
    chmod -R a+rX "$home"
    set -- wireshark -C Skype -r "$dir/caps/$cap" "$@"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R nobody:nogroup "$home"
        set -- setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
    fi
    env -u WIRESHARK_PLUGIN_DIR HOME="$home" XDG_RUNTIME_DIR="$home/runtime" LC_ALL=C.UTF-8 \
        "$@" >>"$dir/wireshark.log" 2>&1 &
    ws_pid=$!
    main=$(wait_window "^$cap\$")
    sleep 4    # the file is read and the list drawn
    activate "$main"
}

ws_stop() {
    kill "$ws_pid" 2>/dev/null || true
    wait "$ws_pid" 2>/dev/null || true
    ws_pid=
    sleep 0.5
}

# wait_window REGEX: the id of the visible top-level window whose name matches.
wait_window() {
    timeout 30 xdotool search --sync --onlyvisible --name "$1" 2>/dev/null | head -1 | grep . ||
        die "no window \"$1\" appeared; wireshark said: $(tail -5 "$dir/wireshark.log")"
}

activate() {
    xdotool windowactivate --sync "$1" 2>/dev/null || true
    sleep 0.5
}

key() {
    for k in "$@"; do xdotool key --clearmodifiers "$k"; sleep 0.4; done
}

# want NAME: is NAME among the shots to take?
want() {
    [ -z "${SKYPE_SHOTS_ONLY:-}" ] && return 0
    case " $SKYPE_SHOTS_ONLY " in *" $1 "*) return 0 ;; esac
    return 1
}

# shot NAME: the whole screen, reduced to 128 colours (small PNGs, sharp text).
shot() {
    sleep 1
    import -silent -window root "$dir/raw/$1.png"
    convert "$dir/raw/$1.png" -strip -dither None -colors 128 "PNG8:$out/$1.png"
    echo "screenshots: $out/$1.png ($(identify -format '%wx%h' "$out/$1.png"), $(($(wc -c <"$out/$1.png") / 1024)) KiB)"
}

# A filter given with -Y is applied while the file is read, when the frames
# before a client's confirmation are not yet known as Skype; applying it again
# (as a user pressing Enter in the filter bar does) shows them too.
refilter() {
    key ctrl+slash Return
    sleep 3
}

# Packet details: focus the tree by a click below its items, select the last
# top-level item (the Skype tree; the first key only makes the first item
# current) and expand it with all its subtrees.
expand_skype() {
    xdotool mousemove $((W / 2)) $((H - 60)) click 1
    sleep 0.5
    key Home End shift+Right
    xdotool mousemove $((W - 5)) $((H - 5))    # no hover highlight in the shot
}

# (a) packet list: filter "skype", the profile's columns and colours
if want packet-list; then
    ws_start skype-irc.cap list -Y skype -g "$probe_frame"
    refilter
    shot packet-list
    ws_stop
fi

# (b) packet details of the U3 of a full probe, Skype tree expanded
if want details-probe; then
    ws_start skype-irc.cap details -Y skype -g "$probe_frame"
    refilter
    expand_skype
    shot details-probe
    ws_stop
fi

# (c) packet details of an L3 login record, Skype tree expanded
if want details-login; then
    ws_start skype-irc.cap details -Y 'skype.tcp.msg >= 21' -g "$login_frame"
    expand_skype
    shot details-login
    ws_stop
fi

# (d) Analyze > Expert Information (last item of the menu), limited to the
# display filter "skype", searched for "skype"; the Skype groups expanded
# (from the bottom up: phase change, client confirmed, negative probe).
if want expert-info; then
    ws_start skype-irc.cap list -Y skype
    refilter
    key alt+a Up Return
    expert=$(wait_window 'Expert Information')
    sleep 3
    xdotool windowsize "$expert" 1000 690 windowmove "$expert" 140 60
    activate "$expert"
    key Tab Tab Tab
    xdotool type --delay 60 skype
    sleep 2
    key shift+Tab shift+Tab shift+Tab End Right Up Right Up Up Up Right
    shot expert-info
    ws_stop
fi

# (e) Statistics > Skype > Phases and evidence on the conference call: the
# menu, then the statistics tree window it opens.
if want stats-tree; then
    ws_start skype-conference-call.pcap list -Y skype
    refilter
    key alt+s Up Right
    shot statistics-menu
    key Return
    tree=$(wait_window 'Phases and evidence')
    sleep 4
    activate "$tree"
    shot stats-tree
    ws_stop
fi

# (f) Help > About Wireshark (last item) > Plugins (fourth tab): a click in
# the list, then typing "skype" selects skype.so among Debian's plugins.
if want about-plugins; then
    ws_start skype-irc.cap list -Y skype
    key alt+h Up Return
    about=$(wait_window 'About Wireshark')
    sleep 2
    activate "$about"
    key ctrl+Tab ctrl+Tab ctrl+Tab
    xdotool mousemove --window "$about" 60 120 click 1
    sleep 0.5
    xdotool type --delay 60 skype
    xdotool mousemove $((W - 5)) $((H - 5))
    shot about-plugins
    ws_stop
fi

# table_shot NAME CAPTURE TITLE W H X Y [wireshark arguments]: a statistics
# table opened from the command line (-z ...), its window called TITLE
# sized WxH at X,Y over the packet list, taken as NAME.
table_shot() {
    name=$1 cap=$2 title=$3 w=$4 h=$5 x=$6 y=$7
    shift 7
    ws_start "$cap" list "$@"
    win=$(wait_window "$title")
    sleep 4
    xdotool windowsize "$win" "$w" "$h" windowmove "$win" "$x" "$y"
    activate "$win"
    shot "$name"
    ws_stop
}

# (g) Statistics > Skype Calls on the conference call (-z skype,calls).
if want calls-table; then
    table_shot calls-table skype-conference-call.pcap 'Skype Calls' 1200 300 40 420 -Y skype -z skype,calls
fi

# (g2) the real Teams call (../shared/captures/teams.pcap): one call, its
# legs (4 direct, 8 relayed, 4 TCP relay candidates), the packet list
# filtered to the call's frames (issue 24, docs/modern.md "Calls").
if want teams-call && [ -f "$teams" ]; then
    ws_start teams.pcap list -Y 'skype.call.id == 1' -z skype,calls
    win=$(wait_window 'Skype Calls')
    activate "$main"
    # the filter typed into the bar as a user would (the TCP candidates'
    # frames before their tag, which -Y at reading time does not show, too)
    key ctrl+slash
    xdotool type --delay 40 'skype.call.id == 1'
    key Return
    sleep 3
    xdotool windowsize "$win" 1260 260 windowmove "$win" 10 470
    activate "$win"
    shot teams-call
    ws_stop
fi

# (h) Statistics > Skype Streams (-z skype,streams) on a Teams call with a
# poor stream (captures/README.md): one row per stream, with its verdict;
# the packet list shows the frame where the stream became poor.
if want streams-table; then
    table_shot streams-table "$streams_cap" 'Skype Streams' 1260 330 10 400 -Y skype.media.poor -z skype,streams
fi

# menu_dialog NAME TITLE X,Y...: on the conference call, click the given
# places in turn (a menu, its items; places in a 1280x800 window), wait for
# the window called TITLE, click inside it (for a selection) and take NAME.
menu_dialog() {
    name=$1 title=$2
    shift 2
    ws_start "${dialog_cap:-skype-conference-call.pcap}" list -Y skype
    for xy in "$@"; do
        xdotool mousemove "${xy%,*}" "${xy#*,}" click 1
        sleep 1
    done
    win=$(wait_window "$title")
    sleep 4
    activate "$win"
    xdotool mousemove --window "$win" 300 50 click 1
    xdotool mousemove $((W - 5)) $((H - 5))
    shot "$name"
    ws_stop
}

# (h) Telephony > RTP > RTP Streams on the conference call, no Decode As.
if want rtp-streams; then
    menu_dialog rtp-streams 'RTP Streams' 380,28 385,234 623,234
fi

# (h2) the same on a Teams call whose media is relayed in TURN ChannelData
# (captures/teams_relayed_channeldata.pcap): the streams inside the relay's
# 5-tuples, as plain Wireshark lists them only with its rtp_stun heuristic.
if want rtp-streams-relayed; then
    dialog_cap=teams_relayed_channeldata.pcap menu_dialog rtp-streams-relayed 'RTP Streams' 380,28 385,234 623,234
fi

# (i) Telephony > VoIP Calls (first item of the menu), the call selected.
if want voip-calls; then
    menu_dialog voip-calls 'VoIP Calls' 380,28 403,50
fi

echo "screenshots: done in $(($(date +%s) - t0)) s"
