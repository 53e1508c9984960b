# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin's annotations do not depend on TCP/UDP preferences a user may set
(docs/protocol.md §6.2: a connection's first payload is what the plugin saw
first, not what TCP's sequence numbers say).

For skype-irc.cap and every captures/*.pcap, every skype.* field (all
occurrences, expert entries included) of every frame, dumped with tshark -2,
must be the same with default preferences and with the preferences below.

Run time (2 cores): every preference alone on skype-irc.cap, the richest
capture (2263 frames, 522 of them Skype); on the generated captures the
preferences are combined into three sets, the two heuristics-first orders
kept apart because they act on different dissector tables. Each test runs
its tshark processes two at a time.
"""
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import CAPTURES, shared_capture

TCP_PREFS = [
    "tcp.relative_sequence_numbers:FALSE",
    "tcp.analyze_sequence_numbers:FALSE",
    "tcp.desegment_tcp_streams:FALSE",
    "tcp.calculate_timestamps:FALSE",
    "tcp.try_heuristic_first:TRUE",
]
UDP_PREFS = ["udp.try_heuristic_first:TRUE"]

# skype-irc.cap: one preference at a time.
IRC_SETS = {p.split(":")[0]: [p] for p in TCP_PREFS + UDP_PREFS}

# Generated captures: combined.
OWN_SETS = {
    # analyze_sequence_numbers off also switches relative numbers off.
    "tcp sequence numbers and reassembly off": [
        "tcp.analyze_sequence_numbers:FALSE", "tcp.relative_sequence_numbers:FALSE",
        "tcp.desegment_tcp_streams:FALSE", "tcp.calculate_timestamps:FALSE"],
    "tcp relative numbers off, analysis on": [
        "tcp.relative_sequence_numbers:FALSE", "tcp.calculate_timestamps:FALSE"],
    "tcp heuristics first": ["tcp.try_heuristic_first:TRUE"],
    "udp heuristics first": ["udp.try_heuristic_first:TRUE"],
}

# Differences that are known and not the TCP/UDP side's to fix. Each must
# still differ (a fix makes the test fail: remove the entry then).
#
# Names are read from Wireshark's own TLS, QUIC and DNS fields by the port
# fronts (skype_names.c), which call those dissectors with a primed tree. With
# tcp/udp.try_heuristic_first, TLS's, QUIC's and DNS's own heuristics take
# their traffic before the port table, so the fronts never see it; a names
# postdissector, active only with one of those preferences, then reads the
# same fields from the frame's tree and does what the front would have done,
# so those captures are not listed here.
KNOWN = {
    ("names_tls_split_hello.pcap", "tcp sequence numbers and reassembly off"):
        "without TCP reassembly TLS never sees the whole 1805-byte ClientHello, whose server name "
        "is in its second segment, so Wireshark shows no server name to read",
}


def skype_fields(tshark):
    rows = [l.split("\t") for l in tshark.run(["-G", "fields"]).stdout.splitlines()]
    return sorted({r[2] for r in rows if len(r) > 4 and r[0] == "F" and r[2].startswith("skype.")})


@pytest.fixture(scope="module")
def fields(tshark):
    f = skype_fields(tshark)
    # The contract's fields are among them (a renamed field would drop out).
    assert {"skype.som.id", "skype.som.func", "skype.probe.msg", "skype.probe.kind", "skype.probe.result",
            "skype.tcp.msg", "skype.sn.result", "skype.conv.phase", "skype.conv.evidence",
            "skype.conv.first_frame", "skype.expert.phase"} <= set(f)
    return f


def dump(tshark, cap, fields, prefs):
    args = ["-2", "-r", str(tshark.capture(cap)), "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a",
            "-e", "frame.number"]
    for f in fields:
        args += ["-e", f]
    for p in prefs:
        args += ["-o", p]
    return tshark.run(args).stdout.splitlines()


def differing(base, other):
    """Frame numbers whose dumps differ (or that one dump lacks)."""
    a = {l.split("\t", 1)[0]: l for l in base}
    b = {l.split("\t", 1)[0]: l for l in other}
    return sorted((int(n) for n in a.keys() | b.keys() if a.get(n) != b.get(n)))


def check(tshark, cap, fields, sets):
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {name: pool.submit(dump, tshark, cap, fields, prefs) for name, prefs in
                [("default", [])] + list(sets.items())}
        out = {name: r.result() for name, r in runs.items()}
    base = out.pop("default")
    assert len(base) > 0
    diffs = {name: differing(base, lines) for name, lines in out.items()}
    unexpected = {n: d[:20] for n, d in diffs.items() if d and (cap.name, n) not in KNOWN}
    assert not unexpected, f"{cap.name}: skype.* fields differ from the defaults in frames {unexpected}"
    for (name_cap, name), reason in KNOWN.items():
        if name_cap == cap.name and name in diffs:
            assert diffs[name], f"{cap.name} / {name} is fixed: remove it from KNOWN ({reason})"
    return base


def test_irc_same_under_every_preference(tshark, fields):
    base = check(tshark, shared_capture("skype-irc.cap"), fields, IRC_SETS)
    # The dump covers what the preferences used to take away: the two SN
    # handshakes (T1 in frames 273 and 1892) and the 522 Skype frames.
    col = {f: i + 1 for i, f in enumerate(fields)}
    rows = {int(l.split("\t")[0]): l.split("\t") for l in base}
    assert rows[273][col["skype.tcp.msg"]] == "1" and rows[1892][col["skype.tcp.msg"]] == "1"
    assert sum(1 for r in rows.values() if r[col["skype.conv.phase"]] or r[col["skype.som.id"]]) >= 522


@pytest.mark.parametrize("name", sorted(p.name for p in CAPTURES.glob("*.pcap")))
def test_own_capture_same_under_preferences(tshark, fields, name):
    check(tshark, CAPTURES / name, fields, OWN_SETS)


@pytest.mark.parametrize("prefs", [[], ["tcp.relative_sequence_numbers:FALSE"],
                                   ["tcp.analyze_sequence_numbers:FALSE"]])
def test_irc_skype_frame_count(tshark, prefs):
    """The issue's numbers: 522 Skype frames in skype-irc.cap, 4 SN handshake
    messages in tcp_sn_handshake.pcap, whatever the sequence-number preferences."""
    extra = [a for p in prefs for a in ("-o", p)]
    assert tshark.count(shared_capture("skype-irc.cap"), "skype", extra=extra) == 522
    assert tshark.count(CAPTURES / "tcp_sn_handshake.pcap", "skype.tcp.msg", extra=extra) == 4
