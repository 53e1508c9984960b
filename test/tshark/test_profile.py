# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark tests of the Wireshark configuration profile gui/profile/Skype
(docs/gui.md): its coloring rules compile, each colours frames of a named
capture, and its custom columns name registered fields."""
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, TShark, built_plugin, own_capture, shared_capture

PROFILE = ROOT / "gui" / "profile" / "Skype"
RULE = re.compile(r"^@([^@]+)@([^@]+)@\[(\d+),(\d+),(\d+)\]\[(\d+),(\d+),(\d+)\]$")

# For every coloring rule, a capture with frames it colours (the first rule
# that matches a frame colours it, so these are frames no earlier rule takes).
# Captures of captures/ unless marked shared (../shared/captures, skipped
# when absent).
EXAMPLES = {
    "Skype problem": "udp_som_malformed.pcap",
    "Skype refused": "udp_probe_partial.pcap",
    "Skype teardown": "tcp_login.pcap",
    "Skype fake TLS": "tcp_restricted_443.pcap",
    "Skype UDP probe": "udp_probe_full_positive.pcap",
    "Skype SN handshake": "tcp_sn_handshake.pcap",
    "Skype login": "tcp_login.pcap",
    "Skype update check": "shared:skype-irc.cap",
    "Skype SN session": "udp_som_traffic.pcap",
    "Skype/Teams call setup": "shared:skype-conference-call.pcap",
    "Skype/Teams relay": "modern_turn_allocate.pcap",
    "Skype/Teams media": "shared:skype-conference-call.pcap",
    "Skype (other)": "udp_probe_full_positive.pcap",
}


def rules():
    """(name, filter, background, foreground) of each line of colorfilters."""
    out = []
    for line in (PROFILE / "colorfilters").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        m = RULE.match(line)
        assert m, f"not a Wireshark coloring rule: {line!r}"
        rgb = [int(x) for x in m.groups()[2:]]
        out.append((m[1], m[2], rgb[:3], rgb[3:]))
    return out


def columns():
    """(title, format) pairs of gui.column.format in preferences."""
    text = (PROFILE / "preferences").read_text()
    m = re.search(r"^gui\.column\.format:(.*?)(?=^\S|\Z)", text, re.M | re.S)
    assert m, "preferences sets no gui.column.format"
    items = re.findall(r'"((?:[^"\\]|\\.)*)"', m[1])
    assert items and len(items) % 2 == 0, f"gui.column.format is not title/format pairs: {items}"
    return list(zip(items[0::2], items[1::2]))


def capture_path(example: str) -> Path:
    if example.startswith("shared:"):
        return shared_capture(example.split(":", 1)[1])
    return own_capture(example)


@pytest.fixture(scope="module")
def tshark_skype():
    """tshark with the plugin and the profile in ~/.config/wireshark/profiles/Skype."""
    with tempfile.TemporaryDirectory(prefix="skype-tsp-") as d:
        ts = TShark(Path(d), built_plugin())
        dst = ts.home / ".config" / "wireshark" / "profiles" / "Skype"
        shutil.copytree(PROFILE, dst)
        for p in [ts.home / ".config", *(ts.home / ".config").rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        yield ts


_coloured = {}


def coloured(ts: TShark, cap: Path):
    """{frame number: coloring rule name} of tshark -C Skype --color -2."""
    if cap not in _coloured:
        res = ts.run(["-C", "Skype", "--color", "-2", "-r", str(ts.capture(cap)),
                      "-T", "fields", "-e", "frame.number", "-e", "frame.coloring_rule.name"])
        assert "colorfilters" not in res.stderr, res.stderr
        _coloured[cap] = dict(line.split("\t", 1) for line in res.stdout.splitlines())
    return _coloured[cap]


def test_profile_files():
    assert sorted(p.name for p in PROFILE.iterdir()) == ["colorfilters", "preferences"]
    for name in ("colorfilters", "preferences"):
        first = (PROFILE / name).read_text().splitlines()[0]
        assert first == "# SPDX-License-Identifier: GPL-2.0-or-later"


def test_colorfilters_well_formed():
    rs = rules()
    names = [r[0] for r in rs]
    assert len(names) == len(set(names)), "duplicate rule names"
    assert set(names) == set(EXAMPLES), "every rule needs an example capture in EXAMPLES"
    for name, _, bg, fg in rs:
        assert name.startswith("Skype"), name
        assert all(0 <= c <= 65535 for c in bg + fg), name
        assert bg != fg, name


@pytest.mark.parametrize("name,dfilter", [(r[0], r[1]) for r in rules()])
def test_colorfilter_compiles(tshark_skype, name, dfilter):
    res = tshark_skype.run(["-r", str(tshark_skype.capture(own_capture("udp_probe_full_positive.pcap"))),
                            "-Y", dfilter], check=False)
    errors = [l for l in res.stderr.splitlines() if l.startswith("tshark:") or "filter" in l.lower()]
    assert res.returncode == 0 and not errors, f"{name}: {dfilter!r}: {res.stderr}"


@pytest.mark.parametrize("name,dfilter", [(r[0], r[1]) for r in rules()])
def test_colorfilter_colours_frames(tshark_skype, name, dfilter):
    cap = capture_path(EXAMPLES[name])
    assert tshark_skype.count(cap, dfilter) > 0, f"{name}: {dfilter!r} matches nothing in {cap.name}"
    by_rule = coloured(tshark_skype, cap)
    assert name in by_rule.values(), (f"{name}: no frame of {cap.name} gets this colour "
                                      f"(earlier rules take them all)")


def test_profile_colours_only_skype(tshark_skype):
    """Frames the plugin leaves alone stay uncoloured."""
    for cap in ("udp_nonskype_mix.pcap", "tcp_nonskype_mix.pcap", "modern_negatives.pcap", "names_negatives.pcap"):
        assert set(coloured(tshark_skype, own_capture(cap)).values()) == {""}, cap


def test_custom_columns_name_registered_fields(tshark_skype):
    cols = columns()
    titles = [t for t, _ in cols]
    assert len(titles) == len(set(titles)), "duplicate column titles"
    fields = {r.split("\t")[2] for r in tshark_skype.run(["-G", "fields"]).stdout.splitlines()
              if r.startswith("F\t")}
    custom = [f for _, f in cols if f.startswith("%Cus:")]
    assert custom, "no custom columns"
    for fmt in custom:
        parts = fmt.split(":")
        assert len(parts) == 4 and parts[2].lstrip("-").isdigit() and parts[3] in ("R", "U"), fmt
        for field in re.split(r"\s*\|\|\s*|\s+or\s+", parts[1]):
            assert field in fields, f"{fmt}: {field} is not a registered field"
    used = {f.split(":")[1] for f in custom}
    assert {"skype.som.func", "skype.probe.msg", "skype.tcp.msg", "skype.conv.phase",
            "skype.conv.evidence"} <= used


def test_profile_columns_in_tshark(tshark_skype):
    """tshark -C Skype fills the custom columns, with value names (R). Read
    by column title from -T psml: -e _ws.col.<title> of a custom column works
    on 4.0 only (from 4.2 on, column fields are named by format)."""
    rows = tshark_skype.columns(own_capture("tcp_login.pcap"), ["-C", "Skype"])
    assert list(rows[0]) == [t for t, _ in columns()], "tshark shows the profile's columns, in order"
    assert [rows[3][t] for t in ("TCP message", "Phase", "Evidence")] == \
        ["L1 (login, client)", "Login", "Login signature"]
    assert rows[0]["Phase"] == "Login" and rows[0]["TCP message"] == ""
    rows = tshark_skype.columns(own_capture("udp_probe_full_positive.pcap"), ["-C", "Skype"])
    assert [rows[0][t] for t in ("SoM function", "Probe")] == ["Keep-alive/probe (U1, U4)", "U1 probe request"]
