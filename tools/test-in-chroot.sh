#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build and test the plugin against the Wireshark of another Debian release,
# in a debootstrap chroot (docs/building.md, "Other Wireshark versions").
# Run by hand as root on a Debian host; the test suite never runs it.
#
#   tools/test-in-chroot.sh [SUITE]          (default: trixie)
#
# Environment:
#   CHROOT_DIR  where the chroot lives (default /tmp/SUITE; kept afterwards,
#               reused by the next run)
#   MIRROR      Debian mirror (default: the first URIs: of the host's
#               /etc/apt/sources.list.d/debian.sources, else deb.debian.org)
#   TESTS       ctest -R regular expression
#               (default 'core_unit|tshark_tests$|captures_reproducible')
#
# Steps: debootstrap --variant=minbase (first run only); apt-get install the
# build and test dependencies; copy the working tree (without build*/ and
# .git) to CHROOT_DIR/src/main and ../shared, when present, beside it; then
# inside: cmake -DSKYPE_WERROR=ON -DSKYPE_SANITIZER_TESTS=OFF, build (-j1),
# ctest. /proc and /dev/pts are mounted for the run and unmounted on exit.
# Exit status: ctest's.
set -eu
suite=${1:-trixie}
root=${CHROOT_DIR:-/tmp/$suite}
tests=${TESTS:-'core_unit|tshark_tests$|captures_reproducible'}
top=$(cd "$(dirname "$0")/.." && pwd)
pkgs="cmake gcc make pkg-config libglib2.0-dev libwireshark-dev tshark libpcap-dev"
pkgs="$pkgs python3 python3-pytest util-linux parallel rsync"

[ "$(id -u)" -eq 0 ] || { echo "test-in-chroot: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "test-in-chroot: apt-get install debootstrap" >&2; exit 2; }
case $root in /|"") echo "test-in-chroot: refusing CHROOT_DIR=$root" >&2; exit 2 ;; esac
if [ -z "${MIRROR:-}" ]; then
    MIRROR=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
    MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }

if [ ! -x "$root/usr/bin/apt-get" ]; then
    debootstrap --variant=minbase "$suite" "$root" "$MIRROR"
fi

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
    for m in "$root/dev/pts" "$root/proc"; do
        if mountpoint -q "$m"; then umount "$m" || umount -l "$m"; fi
    done
}
trap cleanup EXIT
trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
mountpoint -q "$root/dev/pts" || mount -t devpts devpts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# No daemons start inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

in_root sh -c "apt-get update -q && apt-get install -y -q --no-install-recommends $pkgs"

# The working tree as it is (uncommitted changes included).
rm -rf "$root/src/main"
mkdir -p "$root/src/main"
tar -C "$top" --exclude='./build*' --exclude=./.git -cf - . | tar -C "$root/src/main" -xf -
if [ -d "$top/../shared" ]; then
    rm -rf "$root/src/shared"
    cp -a "$top/../shared" "$root/src/shared"
fi

in_root tshark --version 2>/dev/null | head -n 1
set +e
in_root sh -c "cd /src/main && cmake -S . -B build -DSKYPE_WERROR=ON -DSKYPE_BUILD_TESTS=ON \
    -DSKYPE_SANITIZER_TESTS=OFF && cmake --build build -j1 && \
    ctest --test-dir build -R '$tests' --output-on-failure"
rc=$?
echo "test-in-chroot: $suite in $root, ctest exit $rc"
exit $rc
