#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A capture cut in pieces and exported as a file set, against the whole file
# in one job (issue 26; docs/batch-export.md, "Ring buffers and file sets"),
# in wall seconds.
#
#   bench/file_set.sh [CALLS]   (default 400; after cmake --build build)
#
# Generates `gen_captures --bench-teams CALLS` (the Teams-heavy capture of
# bench/teams_scaling.sh; 400 calls: 168,000 frames, 23 s), cuts it with
# `editcap -c ${PIECE:-20000}` (400 calls: 9 pieces) and runs, RUNS times
# each (default 3), interleaved:
#   (whole)  tools/skype-export -q --calls -j 1 on the whole file: one job,
#            tshark -2 -q -z skype,calls;
#   (-j N)   tools/skype-export -q --calls --file-set -j N on the pieces'
#            folder, for N = 1, 2 and $(nproc): one job per piece, tshark -2
#            -q -z skype,legs -z skype,legstreams, then build/skype-join;
# all with --plugin build/skype.so. Prints the least wall time of each (the
# least disturbed run on a shared machine), its ratio to the whole file's,
# the CPU seconds (user + system, children included) of that run, the load
# average before and after, and whether combined.calls.csv equals the whole
# file's calls CSV but for the capture column (the whole file's name there,
# the first piece's in the set's). A difference is reported, not an error.
# Also times build/skype-join alone on the pieces' outputs.
# Target of issue 26: the file set on -j 2 at most 0.9 x the whole file.
# Runtime: about 1.5 minutes with both cores free (400 calls, 3 runs), more
# when other work shares them. Run on demand; not part of the test suite.
# Needs GNU time (apt-get install time), GNU parallel and editcap, capinfos
# (wireshark-common). The figures: docs/performance.md, "File sets".
set -eu
cd "$(dirname "$0")/.."
calls=${1:-400}
runs=${RUNS:-3}
piece=${PIECE:-20000}
build=${BUILD_DIR:-build}
all=$(nproc)
[ -x /usr/bin/time ] || { echo "file_set: needs GNU time (apt-get install time)" >&2; exit 2; }
command -v editcap >/dev/null || { echo "file_set: needs editcap (wireshark-common)" >&2; exit 2; }
. bench/lib.sh
bench_setup "$build"
join=$(cd "$build" && pwd)/skype-join
[ -x "$join" ] || { echo "file_set: $join not built" >&2; exit 2; }

cap=$work/teams$calls.pcap
frames=$("$build/captures/gen_captures" --bench-teams "$calls" "$cap" | awk '{print $(NF - 1)}')
mkdir "$work/pieces"
editcap -c "$piece" "$cap" "$work/pieces/teams$calls.pcap"
chmod -R a+rX "$work"
npieces=$(find "$work/pieces" -type f | wc -l)

# one NAME ARGS...: one timed tools/skype-export run (-q, --plugin), output
# in $work/NAME; "wall cpu" appended to $work/NAME.runs.
one() {
    _n=$1
    shift
    rm -rf "${work:?}/$_n"
    /usr/bin/time -f '%e %U %S' -o "$work/t" env SKYPE_JOIN="$join" tools/skype-export -q --will-cite \
        --plugin "$plugin" -o "$work/$_n" "$@" 2>"$work/$_n.log" ||
        { echo "file_set: run $_n failed:" >&2; tail -5 "$work/$_n.log" >&2; exit 1; }
    tail -1 "$work/t" | awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' >>"$work/$_n.runs"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
i=0
while [ "$i" -lt "$runs" ]; do
    one whole --calls -j 1 "$cap"
    one j1 --calls --file-set -j 1 "$work/pieces"
    one j2 --calls --file-set -j 2 "$work/pieces"
    one jall --calls --file-set -j "$all" "$work/pieces"
    i=$((i + 1))
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

# build/skype-join alone, on the pieces' legs tables (made once here, as
# skype-export's jobs make them) with the frame counts and first times.
jargs=""
k=0
for p in "$work"/pieces/*; do
    k=$((k + 1))
    tshark_as "$plugin" "" -2 -q -r "$p" -z skype,legs -z skype,legstreams >"$work/legs$k"
    # shellcheck disable=SC2046 # "FRAMES FIRST": two words
    set -- $(capinfos -T -r -c -a -S -- "$p" | cut -f2-)
    jargs="$jargs $work/legs$k $1 $(awk -v t="$2" 'BEGIN { split(t, a, "."); printf "%d%06d", a[1], substr(a[2] "000000", 1, 6) }')"
done
jbest=""
i=0
while [ "$i" -lt "$runs" ]; do
    # shellcheck disable=SC2086 # $jargs: words (no blanks in $work)
    /usr/bin/time -f '%e' -o "$work/t" "$join" --name x --calls "$work/joined" $jargs
    jbest=$(awk -v a="$jbest" -v b="$(tail -1 "$work/t")" 'BEGIN { print (a == "" || b < a) ? b : a }')
    i=$((i + 1))
done

# The sets' calls against the whole file's, the capture column left out.
cut -d, -f2- "$work/whole/teams$calls.pcap.calls.csv" >"$work/whole.cut"
same=""
for r in j1 j2 jall; do
    cut -d, -f2- "$work/$r/combined.calls.csv" >"$work/$r.cut"
    d=$(diff "$work/whole.cut" "$work/$r.cut" | grep -c '^[<>]' || true)
    if [ "$d" -eq 0 ]; then same="$same $r: yes;"; else same="$same $r: NO ($d lines differ);"; fi
done

echo "$calls calls, $frames frames; $npieces pieces of $piece frames (editcap -c $piece); $all cores"
printf '%-22s %8s %8s %8s\n' run "wall s" ratio "CPU s"
best() { sort -n "$work/$1.runs" | head -1; }
w=$(best whole | cut -d' ' -f1)
for r in "whole:whole file, -j 1" "j1:file set, -j 1" "j2:file set, -j 2" "jall:file set, -j $all (all)"; do
    # shellcheck disable=SC2046 # "WALL CPU": two words
    set -- $(best "${r%%:*}")
    awk -v l="${r#*:}" -v t="$1" -v c="$2" -v w="$w" 'BEGIN { printf "%-22s %8.2f %8.3f %8.2f\n", l, t, t / w, c }'
done
echo "skype-join alone: $jbest s"
echo "calls CSV of the set = the whole file's (capture column aside):${same%;}"
echo "(wall: the least of $runs runs each, and that run's CPU; load average before: $load0, after: $load1;"
echo " $(tshark -v 2>/dev/null | head -1))"
