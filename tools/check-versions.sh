#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Compile-only check (-fsyntax-only) of plugin/epan/*.c against the headers of
# another Wireshark version, without building that Wireshark. Manual tool:
# the test suite never runs it (it needs headers fetched from outside).
#
#   tools/check-versions.sh --include DIR
#       DIR holds installed Wireshark headers (ws_version.h, epan/, wsutil/),
#       e.g. usr/include/wireshark from an unpacked libwireshark-dev,
#       libwsutil-dev and libwiretap-dev of that version
#       (apt-get download ...; dpkg-deb -x PKG.deb /tmp/ws-X).
#   tools/check-versions.sh --git GIT_DIR REV
#       A Wireshark source tree at REV (a tag or commit) of the git directory
#       GIT_DIR: its epan/, wsutil/, wiretap/ and include/ are exported to a
#       scratch folder under /tmp, and ws_version.h is generated from the
#       version in its CMakeLists.txt.
#
# Environment: CC (default cc), EXTRA_CFLAGS (added last, e.g. -Wno-error).
# Exit status 0 when every file passes; deprecation warnings count as errors.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
cc=${CC:-cc}
tmp=

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() { if [ -n "$tmp" ]; then rm -rf "$tmp"; fi; }
trap cleanup EXIT

usage() { sed -n '4,20p' "$0" >&2; exit 2; }

[ $# -ge 2 ] || usage
case $1 in
--include)
    inc="-isystem $2"
    ;;
--git)
    [ $# -eq 3 ] || usage
    gitdir=$2 rev=$3
    tmp=$(mktemp -d /tmp/skype-wscheck.XXXXXX)
    # Headers only: snapshots may lack the largest generated sources.
    git --git-dir="$gitdir" ls-tree -r --name-only "$rev" -- epan wsutil wiretap include ws_version.h.in |
        grep -E '\.h(\.in)?$' | while IFS= read -r path; do
            mkdir -p "$tmp/$(dirname "$path")"
            git --git-dir="$gitdir" show "$rev:$path" > "$tmp/$path"
        done
    cml=$(git --git-dir="$gitdir" show "$rev:CMakeLists.txt")
    v() { printf '%s\n' "$cml" | sed -n "s/^set(PROJECT_$1_VERSION \\([0-9]*\\)).*/\\1/p" | head -n 1; }
    maj=$(v MAJOR) min=$(v MINOR) mic=$(v PATCH)
    if [ -z "$maj" ] || [ -z "$min" ]; then
        echo "no PROJECT_MAJOR/MINOR_VERSION in $rev:CMakeLists.txt" >&2
        exit 1
    fi
    sed -e "s/@PROJECT_MAJOR_VERSION@/$maj/" -e "s/@PROJECT_MINOR_VERSION@/$min/" \
        -e "s/@PROJECT_PATCH_VERSION@/${mic:-0}/" "$tmp/ws_version.h.in" > "$tmp/ws_version.h"
    inc="-isystem $tmp -isystem $tmp/include"
    ;;
*)
    usage
    ;;
esac

glib=$(pkg-config --cflags glib-2.0)
# The warnings of CMakeLists.txt (SKYPE_WARNINGS) with -Werror, as CI builds.
# The Wireshark headers come in with -isystem, as CMake's imported target does.
warn="-Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wundef -Werror"
status=0
for f in "$here"/plugin/epan/*.c; do
    # shellcheck disable=SC2086
    if ! $cc -std=c11 -fsyntax-only $warn ${EXTRA_CFLAGS:-} -DSKYPE_PLUGIN_VERSION='"0.0.0"' \
        $inc $glib -I"$here/plugin/core" -I"$here/plugin/epan" "$f"; then
        echo "FAIL: ${f#"$here"/}" >&2
        status=1
    fi
done
# shellcheck disable=SC2086
ver=$(printf '#include <ws_version.h>\nWIRESHARK_VERSION_MAJOR.WIRESHARK_VERSION_MINOR.WIRESHARK_VERSION_MICRO\n' |
      $cc -E -P $inc - | tail -n 1 | tr -d ' ')
if [ $status -eq 0 ]; then
    echo "plugin/epan/*.c: syntax check passed against Wireshark $ver"
else
    echo "plugin/epan/*.c: syntax check FAILED against Wireshark $ver" >&2
fi
exit $status
