#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the libFuzzer harnesses of the pure-C core with clang (ASan + UBSan),
# replay the committed regression inputs, then fuzz each harness for
# SECONDS (default 60) from seeds made of the captures.
#   test/fuzz/run.sh [SECONDS] [BUILD_DIR]
# A long run: test/fuzz/run.sh 3600 (per harness). Crashes land in
# BUILD_DIR/fuzz/crash-*; turn each into a file under test/fuzz/regressions/.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
build=${2:-$top/build}
out=$build/fuzz
mkdir -p "$out"
cc=${FUZZ_CC:-clang}
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I$top/plugin/core"
core="$top/plugin/core/skype_som.c $top/plugin/core/skype_probe.c $top/plugin/core/skype_udp_flow.c \
      $top/plugin/core/skype_endpoint.c \
      $top/plugin/core/skype_tcp.c $top/plugin/core/skype_phase.c $top/plugin/core/skype_modern.c \
      $top/plugin/core/skype_call.c $top/plugin/core/skype_tcp_recognise.c $top/plugin/core/skype_turn_tcp.c \
      $top/plugin/core/skype_call_join.c $top/plugin/core/skype_call_graph.c $top/plugin/core/skype_quality.c \
      $top/plugin/core/skype_stream_join.c"
caps=$(ls "$top"/captures/*.pcap "$top"/../shared/captures/*.pcap* 2>/dev/null || true)
/usr/bin/python3 "$top/test/fuzz/seeds.py" "$out/seeds" $caps
status=0
for h in udp tcp modern; do
    # shellcheck disable=SC2086
    $cc $flags "$top/test/fuzz/fuzz_$h.c" $core -lm -o "$out/fuzz_$h"
    if [ -d "$top/test/fuzz/regressions/$h" ]; then
        "$out/fuzz_$h" "$top/test/fuzz/regressions/$h"/* >"$out/regress_$h.log" 2>&1 || {
            echo "fuzz_$h: a regression input fails again"; tail -20 "$out/regress_$h.log"; status=1; }
    fi
    mkdir -p "$out/corpus_$h"
    if "$out/fuzz_$h" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/" \
        "$out/corpus_$h" "$out/seeds/$h" >"$out/fuzz_$h.log" 2>&1; then
        echo "fuzz_$h: $(grep -m1 'stat::number_of_executed_units' "$out/fuzz_$h.log" | awk '{print $2}') runs in ${seconds}s, no crash"
    else
        echo "fuzz_$h: CRASH"; tail -30 "$out/fuzz_$h.log"; status=1
    fi
done
exit $status
