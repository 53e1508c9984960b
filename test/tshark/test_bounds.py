# SPDX-License-Identifier: GPL-2.0-or-later
"""State bounds (docs/design.md "State", docs/performance.md): a capture with
more would-be Skype clients than the plugin tracks. The memory side is
measured by bench/state_bounds.sh; this checks the cap itself."""
import os
import subprocess
from pathlib import Path

import pytest

MAX_CLIENTS = 65536  # SKYPE_MAX_CLIENTS, plugin/epan/skype_state.h


@pytest.fixture(scope="module")
def gen():
    g = os.environ.get("SKYPE_GEN")
    if not g or not Path(g).is_file():
        pytest.skip("SKYPE_GEN (the built gen_captures) is not set: run through ctest")
    return g


def confirmed(tshark, cap, two_pass):
    args = ["-q", "-r", str(cap), "-z", "io,stat,0,skype.expert.client_confirmed"]
    out = tshark.run((["-2"] if two_pass else []) + args).stdout
    rows = [l.split("|") for l in out.splitlines() if "<>" in l]
    assert len(rows) == 1, out
    return int(rows[0][2])


def test_confirmed_clients_are_capped(tshark, gen):
    """70,000 endpoints that each confirm by the ID chain (210,000 frames):
    exactly SKYPE_MAX_CLIENTS are confirmed, the rest are not tracked."""
    cap = tshark.workdir / "caps" / "endpoints_chains.pcap"
    cap.parent.mkdir(exist_ok=True)
    cap.parent.chmod(0o755)
    subprocess.run([gen, "--bench-endpoints", "70000", "chains", str(cap)], check=True, capture_output=True)
    cap.chmod(0o644)
    assert confirmed(tshark, cap, two_pass=False) == MAX_CLIENTS


def test_unconfirmed_requests_confirm_nothing(tshark, gen):
    """100,000 endpoints with one SoM request each share the fixed candidate
    table and confirm nothing."""
    cap = tshark.workdir / "caps" / "endpoints_requests.pcap"
    cap.parent.mkdir(exist_ok=True)
    cap.parent.chmod(0o755)
    subprocess.run([gen, "--bench-endpoints", "100000", "requests", str(cap)], check=True, capture_output=True)
    cap.chmod(0o644)
    assert confirmed(tshark, cap, two_pass=False) == 0
    assert tshark.count(cap, "skype", two_pass=False) == 0
