# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the bench scripts (POSIX sh), which run from the top folder.
#
# bench_setup BUILD_DIR: a scratch folder $work (removed on exit; writable by
# all, since as root tshark and its wrapper run as nobody and write there) and
# $plugin, the built BUILD_DIR/skype.so.
bench_setup() {
    work=$(mktemp -d /tmp/skype-bench.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    plugin=$(cd "$1" && pwd)/skype.so
    [ -f "$plugin" ] || { echo "bench: $plugin not built" >&2; exit 2; }
    chmod a+rwx "$work"
    skype_tshark=$(pwd)/tools/skype-tshark
}

# tshark_as PLUGIN WRAPPER ARGS...: tshark ARGS through tools/skype-tshark, the
# project's one tshark runner (plugin folder; as root, as user nobody, since
# Wireshark ignores plugin folders for root). PLUGIN: a skype.so, or "none"
# for tshark without any plugin. WRAPPER: shell words run in front of tshark
# (e.g. "valgrind --tool=callgrind ..." or "/usr/bin/time -f '%M' -o FILE"),
# or "" for none.
tshark_as() {
    _p=$1 _w=$2
    shift 2
    SKYPE_PLUGIN=$_p SKYPE_TSHARK_WRAPPER=$_w "$skype_tshark" "$@"
}
