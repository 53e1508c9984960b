# SPDX-License-Identifier: GPL-2.0-or-later
"""Whole-plugin robustness: tshark with the plugin over fuzzed (editcap -E,
fixed seeds) and truncated (editcap -s) copies of every capture. No crash, no
hang (timeout), no dissector bug; malformed/expert marks are fine. One
fuzzed copy also goes through a file set's piece dissection (-z skype,legs:
continuation legs, heads, pending report blocks; docs/batch-export.md)."""
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CAPTURES, SHARED

CAPS = sorted(CAPTURES.glob("*.pcap")) + sorted(p for p in SHARED.glob("*.pcap*") if p.is_file())
VARIANTS = [("-E", "0.02", "--seed", "1"), ("-E", "0.05", "--seed", "2"), ("-E", "0.2", "--seed", "3"),
            ("-s", "20"), ("-s", "40"), ("-s", "60")]


@pytest.mark.parametrize("cap", CAPS, ids=lambda p: p.name)
def test_fuzzed_and_truncated_copies(tshark, cap, tmp_path):
    editcap = shutil.which("editcap")
    assert editcap, "editcap (wireshark-common) is needed"
    for i, variant in enumerate(VARIANTS):
        out = tmp_path / f"v{i}-{cap.name}"
        subprocess.run([editcap, *variant, str(cap), str(out)], check=True, capture_output=True)
        dst = tshark.workdir / "caps" / f"hostile-{i}-{cap.name}"
        dst.parent.mkdir(exist_ok=True)
        shutil.copy(out, dst)
        dst.chmod(0o644)
        res = tshark.run(["-2", "-V", "-r", str(dst)], check=False)
        assert res.returncode == 0, f"{variant}: tshark exit {res.returncode}: {res.stderr[-2000:]}"
        assert "Dissector bug" not in res.stdout, f"{variant}: dissector bug"
        assert "Dissector bug" not in res.stderr
        if i == 2:
            res = tshark.run(["-2", "-q", "-r", str(dst), "-z", "skype,legs", "-z", "skype,legstreams",
                              "-z", "skype,legseconds"], check=False)
            assert res.returncode == 0, f"{variant} legs: tshark exit {res.returncode}: {res.stderr[-2000:]}"
            assert "Skype/Teams legs (format 2)" in res.stdout
            assert "Skype/Teams leg seconds (format 2)" in res.stdout
