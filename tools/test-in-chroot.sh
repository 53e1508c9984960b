#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build, test and package the plugin against the Wireshark of another Debian
# release, in a debootstrap chroot (docs/building.md, "Other Wireshark
# versions"): trixie (Wireshark 4.4), sid (4.6), or any other suite.
# The test suite runs it as the ctest tests tshark_tests_trixie and
# tshark_tests_sid (test/CMakeLists.txt) when it runs as root and debootstrap
# is installed.
#
#   tools/test-in-chroot.sh [SUITE]          (default: trixie)
#
# Environment:
#   CHROOT_DIR  where the chroot lives (default /tmp/skype-chroot/SUITE). It
#               is kept and reused: the next run skips debootstrap and apt
#               (unless REFRESH=1) and rebuilds only what changed.
#   MIRROR      Debian mirror (default: the first URIs: of the host's
#               /etc/apt/sources.list.d/debian.sources, else deb.debian.org)
#   TESTS       ctest -R regular expression run inside
#               (default 'core_unit|tshark_tests$|captures_reproducible|package_deb')
#   DEB_DIR     when set, the Debian package built inside (test package_deb)
#               is copied there
#   JOBS        parallel build jobs inside (default 2)
#   REFRESH=1   apt-get update and upgrade the cached chroot
#
# Steps: debootstrap --variant=minbase into CHROOT_DIR.new, renamed when
# complete (first run only); apt-get install the build and test dependencies
# (first run, or when the list below changed); the working tree (without
# build*/ and .git) to CHROOT_DIR/src/main and ../shared, when present,
# beside it; then inside: cmake -DSKYPE_WERROR=ON -DSKYPE_SANITIZER_TESTS=OFF
# in /src/build, build, ctest. /proc and /dev/pts are mounted for the run and
# unmounted on exit. Runs on the same CHROOT_DIR wait for each other (flock).
#
# Exit status: ctest's (0 when every test passed); 77 when the run cannot be
# made here: not root, no debootstrap, or the Debian archive unreachable
# (ctest reports the test as skipped); 2 on a usage error.
set -eu
suite=${1:-trixie}
root=${CHROOT_DIR:-/tmp/skype-chroot/$suite}
tests=${TESTS:-'core_unit|tshark_tests$|captures_reproducible|package_deb'}
jobs=${JOBS:-2}
top=$(cd "$(dirname "$0")/.." && pwd)
# What the build, the tests (tshark as nobody through setpriv, GNU parallel
# and rsync for tools/skype-export, scapy for test_quality.py, matplotlib for
# tools/skype-call-report) and test/package.sh (cpack, dpkg-deb,
# dpkg-shlibdeps, nm) need.
pkgs="cmake gcc make pkg-config libglib2.0-dev libwireshark-dev tshark libpcap-dev libgcrypt20-dev"
pkgs="$pkgs python3 python3-pytest python3-scapy util-linux parallel rsync dpkg-dev file binutils python3-matplotlib"
skip=77
# debootstrap, chroot and mount live in the sbin folders.
PATH=$PATH:/usr/sbin:/sbin

say() { echo "test-in-chroot: $*"; }
case $suite in ''|-*|*/*) echo "usage: $0 [SUITE]" >&2; exit 2 ;; esac
case $root in /|"") echo "test-in-chroot: refusing CHROOT_DIR=$root" >&2; exit 2 ;; esac
[ "$(id -u)" -eq 0 ] || { say "SKIP: needs root (debootstrap, chroot, mount)"; exit $skip; }
command -v debootstrap >/dev/null || { say "SKIP: debootstrap not installed (apt-get install debootstrap)"; exit $skip; }
if [ -z "${MIRROR:-}" ]; then
    MIRROR=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
    MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi

# Is the suite's Release file reachable? apt's own downloader, so the host's
# apt proxy settings apply.
archive_reachable() {
    f=$(mktemp)
    if timeout 60 /usr/lib/apt/apt-helper download-file "$MIRROR/dists/$suite/InRelease" "$f" >/dev/null 2>&1 ||
       timeout 60 /usr/lib/apt/apt-helper download-file "$MIRROR/dists/$suite/Release" "$f" >/dev/null 2>&1; then
        rm -f "$f"
        return 0
    fi
    rm -f "$f"
    return 1
}
# A failed download step: a skip when the archive has gone away, else a failure.
net_step_failed() {
    if archive_reachable; then say "FAIL: $1"; exit 1; fi
    say "SKIP: $1, and $MIRROR/dists/$suite is unreachable"
    exit $skip
}

mkdir -p "$(dirname "$root")"
exec 9>"$root.lock"
if ! flock -w 3600 9; then say "FAIL: $root.lock held for an hour"; exit 1; fi

if [ ! -x "$root/usr/bin/apt-get" ]; then
    if ! archive_reachable; then
        say "SKIP: the Debian archive is unreachable ($MIRROR/dists/$suite/InRelease)"
        exit $skip
    fi
    rm -rf "$root.new"
    say "debootstrap $suite from $MIRROR"
    debootstrap --variant=minbase "$suite" "$root.new" "$MIRROR" >"$root.debootstrap.log" 2>&1 ||
        { tail -n 20 "$root.debootstrap.log"; net_step_failed "debootstrap $suite"; }
    rm -rf "$root"
    mv "$root.new" "$root"
fi

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
    for m in "$root/dev/pts" "$root/sys" "$root/proc"; do
        if mountpoint -q "$m"; then umount "$m" || umount -l "$m"; fi
    done
}
trap cleanup EXIT
trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
mountpoint -q "$root/dev/pts" || mount -t devpts devpts "$root/dev/pts"
# GNU parallel (tools/skype-export) counts the CPUs through /sys.
mountpoint -q "$root/sys" || mount -t sysfs -o ro sysfs "$root/sys"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# No daemons start inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
# sid's Release file is valid for a week only, and mirrors or snapshots can
# serve it past that date: apt must not refuse it.
echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99skype-valid-until"

stamp=$root/var/lib/skype-chroot-packages
if [ "$(cat "$stamp" 2>/dev/null)" != "$pkgs" ] || [ "${REFRESH:-0}" = 1 ]; then
    say "apt-get install in $suite"
    in_root sh -c "apt-get update -q && apt-get upgrade -y -q && \
        apt-get install -y -q --no-install-recommends $pkgs && apt-get clean" >"$root.apt.log" 2>&1 ||
        { tail -n 20 "$root.apt.log"; net_step_failed "apt-get install in $suite"; }
    printf '%s\n' "$pkgs" >"$stamp"
fi

# The working tree as it is (uncommitted changes included). rsync compares
# contents and rewrites only the files that differ, with the time of the copy
# (not the source's, which can be older than the last build's objects), so
# the build in /src/build stays incremental and never stale.
mkdir -p "$root/src/main"
if command -v rsync >/dev/null; then
    rsync -rlpD --checksum --delete --exclude='/build*' --exclude=/.git "$top/" "$root/src/main/"
else
    rm -rf "$root/src/main" && mkdir -p "$root/src/main"
    tar -C "$top" --exclude='./build*' --exclude=./.git -cf - . | tar -C "$root/src/main" -xf -
fi
rm -rf "$root/src/shared"
if [ -d "$top/../shared" ]; then
    cp -a "$top/../shared" "$root/src/shared"
    chmod -R u+w "$root/src/shared"
fi

say "$(in_root tshark --version 2>/dev/null | head -n 1)"
set +e
in_root sh -c "cd /src/main && cmake -S . -B /src/build -DSKYPE_WERROR=ON -DSKYPE_BUILD_TESTS=ON \
    -DSKYPE_SANITIZER_TESTS=OFF -DSKYPE_CHROOT_TESTS=OFF >/src/cmake.log 2>&1 || { cat /src/cmake.log; exit 1; }
    cmake --build /src/build -j$jobs >/src/build.log 2>&1 || { cat /src/build.log; exit 1; }
    ! grep -i 'warning:' /src/build.log || exit 1
    ctest --test-dir /src/build -R '$tests' --output-on-failure"
rc=$?
set -e
if [ -n "${DEB_DIR:-}" ]; then
    for d in "$root"/src/build/test/package-scratch/build/wireshark-plugin-skype_*.deb; do
        [ -f "$d" ] || continue
        mkdir -p "$DEB_DIR"
        cp "$d" "$DEB_DIR/"
        say "package $DEB_DIR/${d##*/} (Depends: $(dpkg-deb -f "$d" Depends))"
    done
fi
say "$suite in $root, ctest exit $rc"
exit $rc
