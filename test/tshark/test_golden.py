# SPDX-License-Identifier: GPL-2.0-or-later
"""Golden field dumps (test/golden/README.md): for each capture, every skype.*
field the plugin sets per frame (tshark -2) must equal test/golden/NAME.txt,
written by tools/skype-golden. A failure shows the unified diff; review it,
then regenerate with tools/skype-golden NAME if the change is intended."""
import importlib.machinery
import importlib.util

import pytest

from conftest import CAPTURES, ROOT, SHARED, shared_capture

_loader = importlib.machinery.SourceFileLoader("skype_golden", str(ROOT / "tools" / "skype-golden"))
_spec = importlib.util.spec_from_loader("skype_golden", _loader)
golden = importlib.util.module_from_spec(_spec)
_loader.exec_module(golden)

# The shared captures are listed by name, so that their tests are skipped (not
# missing) when ../shared is absent.
SHARED_NAMES = ["dnscrypt_skype_false_positive.pcapng", "skype-conference-call.pcap",
                "skype-irc.cap", "stun_classic.pcap", "stun_msteams_unidir.pcapng", "teams.pcap"]
CASES = [f"own:{p.name}" for p in sorted(CAPTURES.glob("*.pcap"))] + \
        [f"shared:{n}" for n in SHARED_NAMES]


@pytest.fixture(scope="module")
def fields(tshark):
    f = golden.skype_fields(lambda args: tshark.run(args).stdout)
    # The dumps hold the plugin's fields: a few that every capture family sets.
    assert {"skype.conv.phase", "skype.som.id", "skype.tcp.msg", "skype.call.id"} <= set(f)
    assert not set(f) & golden.BUILTIN_ONLY
    return f


def test_every_golden_file_has_a_capture():
    """No stale dump of a capture that is gone (or renamed)."""
    names = {c.split(":", 1)[1] for c in CASES}
    stale = [p.name for p in golden.GOLDEN.glob("*.txt") if p.name[:-4] not in names]
    assert not stale, f"golden dumps without a capture: {stale}"
    assert golden.GOLDEN.is_dir() and len(list(golden.GOLDEN.glob("*.txt"))) >= len(names) - len(SHARED_NAMES)


def test_shared_list_complete():
    """SHARED_NAMES lists every capture of ../shared/captures."""
    if not SHARED.is_dir():
        pytest.skip("../shared/captures is absent")
    assert sorted(p.name for p in golden.all_captures() if p.parent == SHARED) == sorted(SHARED_NAMES)


def test_normalise():
    """The forms that differ between Wireshark 4.0, 4.4 and 4.6 print alike."""
    n = golden.normalise
    assert n("FT_BOOLEAN", "0", "True") == n("FT_BOOLEAN", "0", "1") == "1"
    assert n("FT_BOOLEAN", "0", "False") == n("FT_BOOLEAN", "0", "0") == "0"
    assert (n("FT_ABSOLUTE_TIME", "", "Jan 31, 2004 17:23:18.000000000 UTC")
            == n("FT_ABSOLUTE_TIME", "", "2004-01-31T17:23:18.000000000Z")
            == "2004-01-31T17:23:18.000000000Z")
    assert n("FT_UINT16", "BASE_HEX", "0x002a") == n("FT_UINT16", "BASE_HEX", "42") == "0x002a"
    assert n("FT_BYTES", "", "0a:0B:0c") == n("FT_BYTES", "", "0a0b0c") == "3:0a0b0c"
    assert n("FT_UINT8", "BASE_DEC", "Login") == '?"Login"'


@pytest.mark.parametrize("case", CASES, ids=[c.split(":", 1)[1] for c in CASES])
def test_golden(tshark, fields, case):
    kind, name = case.split(":", 1)
    cap = shared_capture(name) if kind == "shared" else CAPTURES / name
    gp = golden.golden_path(cap)
    assert gp.is_file(), f"no {gp.relative_to(ROOT)}: run tools/skype-golden {name}"
    now = golden.text(cap, fields, lambda args: tshark.run(args).stdout, read=tshark.capture(cap))
    old = gp.read_text()
    assert now == old, (f"plugin output changed for {name}; review the diff, then "
                        f"tools/skype-golden {name} to accept it:\n{golden.diff(old, now, gp.name)}")
