#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The test command: configure with warnings as errors, build, run every test
# (core unit tests, the same under ASan+UBSan, capture reproducibility, tshark
# tests against captures/ and ../shared/captures when present).
set -eu
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -DSKYPE_WERROR=ON -DSKYPE_BUILD_TESTS=ON
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure --verbose
