#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The test command: configure with warnings as errors, build, run every test
# (core unit tests, the same under ASan+UBSan, capture reproducibility, tshark
# tests against captures/ and ../shared/captures when present, fuzzing,
# memcheck, the Debian package; as root with debootstrap, the same build,
# tshark tests and package against Wireshark 4.4 and 4.6 in Debian trixie and
# sid chroots: tshark_tests_trixie, tshark_tests_sid, tools/test-in-chroot.sh).
# The tests run two at a time (one per core of the CI machine), the longest
# first (their COST in test/CMakeLists.txt): each of them is one process at
# a time, and the chroot tests wait on the Debian archive for much of their
# first run, so two at once take about half the time of one after another.
set -eu
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -DSKYPE_WERROR=ON -DSKYPE_BUILD_TESTS=ON
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure --verbose -j"$(nproc)"
