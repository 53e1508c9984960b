# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the bench scripts (POSIX sh).
#
# bench_setup BUILD_DIR: a scratch folder $work (removed on exit) holding
# $work/with/ABI/epan/skype.so (the built plugin), an empty $work/without and
# a HOME for tshark; sets $abi to Wireshark's plugin ABI (e.g. 4.0).
bench_setup() {
    work=$(mktemp -d /tmp/skype-bench.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    abi=$(pkg-config --modversion wireshark | cut -d. -f1,2)
    mkdir -p "$work/with/$abi/epan" "$work/without/$abi/epan" "$work/home"
    cp "$1/skype.so" "$work/with/$abi/epan/"
    chmod -R a+rwX "$work"
}

# tshark_as PLUGIN_DIR COMMAND...: run COMMAND (tshark, or a wrapper such as
# valgrind or /usr/bin/time in front of it) with WIRESHARK_PLUGIN_DIR set;
# as root, as user nobody (Wireshark ignores plugin folders for root).
tshark_as() {
    _d=$1
    shift
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=nobody --regid=nogroup --clear-groups \
            env HOME="$work/home" WIRESHARK_PLUGIN_DIR="$_d" "$@"
    else
        env HOME="$work/home" WIRESHARK_PLUGIN_DIR="$_d" "$@"
    fi
}
