# SPDX-License-Identifier: GPL-2.0-or-later
"""tools/skype-export --file-set: a capture cut in pieces gives the calls and
streams of the whole (docs/batch-export.md, "Ring buffers and file sets";
issue 26). The pieces are dissected apart (`-z skype,legs -z
skype,legstreams`, plugin/epan/skype_legs_table.c) and joined by
build/skype-join with the core's graph of legs. Bad sets: clear errors and
nothing written. skype-join --report and skype-call-report --file-set: the
set's tables and pictures are the whole file's. One run goes through a real ssh login (sshd on localhost,
key only), skipped when sshd cannot be started.
"""
import csv
import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, own_capture, shared_capture, stat_table, tool_env

EXPORT = ROOT / "tools" / "skype-export"

pytestmark = [
    pytest.mark.skipif(shutil.which("parallel") is None,
                       reason="GNU parallel is not installed (Debian package parallel)"),
    pytest.mark.skipif(shutil.which("editcap") is None or shutil.which("capinfos") is None,
                       reason="editcap/capinfos are not installed (Debian package wireshark-common)"),
    pytest.mark.skipif(bool(os.environ.get("SKYPE_PRELOAD")),
                       reason="the export tool is tested in the plain tshark_tests run"),
]


@pytest.fixture(scope="module")
def env(tshark, tmp_path_factory):
    e = tool_env(tmp_path_factory)
    join = Path(e.get("SKYPE_JOIN", ROOT / "build" / "skype-join"))
    if not join.is_file():
        pytest.skip("build/skype-join is not built (SKYPE_JOIN)")
    return e


def run(env, *args):
    return subprocess.run([str(EXPORT), *map(str, args)], env=env, capture_output=True, text=True,
                          timeout=900)


def rows(path: Path):
    """The rows without the capture column (the set is named after its first piece)."""
    with open(path, newline="") as f:
        return [r[1:] for r in csv.reader(f)]


def cut(capture: Path, out: Path, *ranges) -> list[Path]:
    """Pieces of capture: editcap -r with frame ranges "a-b"."""
    out.mkdir(parents=True, exist_ok=True)
    pieces = []
    for i, r in enumerate(ranges):
        p = out / f"piece_{i:05d}.pcap"
        subprocess.run(["editcap", "-r", str(capture), str(p), r], check=True)
        pieces.append(p)
    return pieces


def both(env, tmp: Path, whole: Path, pieces, *extra):
    """calls and streams, of the whole capture and of the set."""
    got = {}
    for table in ("calls", "streams"):
        w, s = tmp / f"w-{table}", tmp / f"s-{table}"
        res = run(env, "-q", f"--{table}", "-o", w, whole)
        assert res.returncode == 0, res.stderr
        res = run(env, "-q", f"--{table}", "--file-set", *extra, "-o", s, *pieces)
        assert res.returncode == 0, res.stderr
        got[table] = rows(w / f"combined.{table}.csv"), rows(s / f"combined.{table}.csv")
    return got


def generator() -> Path:
    """The built gen_captures (SKYPE_GEN, set by ctest, as test_bounds.py takes it)."""
    g = os.environ.get("SKYPE_GEN")
    if not g or not Path(g).is_file():
        pytest.skip("SKYPE_GEN (the built gen_captures) is not set: run through ctest")
    return Path(g)


def frames(capture: Path) -> int:
    out = subprocess.run(["capinfos", "-T", "-r", "-M", "-c", str(capture)], capture_output=True,
                         text=True, check=True).stdout
    return int(out.split("\t")[1])


# --- exact: teams.pcap cut mid-call -----------------------------------------

def test_teams_cut_mid_call_is_the_whole(env, tmp_path):
    """teams.pcap cut at frame 1450 (between the ICE checks and the media):
    one call, first frame 1238, client 192.168.1.6, remote 93.71.110.205,
    4 direct, 8 relayed, 4 TCP legs, 181 packets (the TLS legs' frames in the
    second piece counted by their connections' continuations); the audio
    stream received from frame 1496 on (PROVENANCE.md): the same rows as the
    whole file."""
    teams = shared_capture("teams.pcap")
    pieces = cut(teams, tmp_path / "set", "1-1450", "1451-1540")
    got = both(env, tmp_path, teams, pieces)
    for table, (whole, joined) in got.items():
        assert joined == whole, table
    calls = got["calls"][1]
    assert len(calls) == 2
    row = dict(zip(calls[0], calls[1]))
    assert (row["first_frame"], row["client_host"], row["remote_party"], row["legs"], row["packets"]) == (
        "1238", "192.168.1.6", "93.71.110.205", "4 direct, 8 relayed, 4 TCP", "181")
    s = dict(zip(got["streams"][1][0], got["streams"][1][1]))
    assert (s["ssrc"], s["direction"], s["packets"], s["first_frame"]) == ("0x000074EC", "received", "18", "1496")


def test_teams_ring_buffer_folder_with_two_jobs(env, tmp_path):
    """editcap -c 1450 names its pieces as a ring buffer (NAME_00000_TIME):
    the folder is the set, in name order, on -j 2."""
    teams = shared_capture("teams.pcap")
    (tmp_path / "ring").mkdir()
    subprocess.run(["editcap", "-c", "1450", str(teams), str(tmp_path / "ring" / "teams.pcap")], check=True)
    assert len(list((tmp_path / "ring").iterdir())) == 2
    got = both(env, tmp_path, teams, [tmp_path / "ring"], "-j", "2")
    for table, (whole, joined) in got.items():
        assert joined == whole, table


# --- a generated capture ------------------------------------------------------

def test_generated_relayed_call_cut(env, tmp_path):
    """captures/call_relayed.pcap cut in the middle of its media: the call
    (its first frame, roles, legs, packets, lost) exactly; a stream's jitter
    within 5 % of the mean and its MOS within 0.1 (the RFC 3550 estimate
    restarts in each piece; skype-join carries the earlier one)."""
    cap = own_capture("call_relayed.pcap")
    n = frames(cap)
    pieces = cut(cap, tmp_path / "set", f"1-{n // 2}", f"{n // 2 + 1}-{n}")
    got = both(env, tmp_path, cap, pieces)
    (wh, *wrows), (jh, *jrows) = got["calls"]
    assert wh == jh and len(wrows) == len(jrows) == 1
    exact = ["call", "first_frame", "start_s", "duration_s", "client_host", "remote_party", "legs", "audio",
             "video", "streams_sent_received", "packets", "lost", "dscp", "worst_mos", "poor_streams"]
    w, j = dict(zip(wh, wrows[0])), dict(zip(jh, jrows[0]))
    assert [w[k] for k in exact] == [j[k] for k in exact]
    (wh, *wrows), (jh, *jrows) = got["streams"]
    assert len(wrows) == len(jrows) == 2
    for wr, jr in zip(wrows, jrows):
        w, j = dict(zip(wh, wr)), dict(zip(jh, jr))
        for k in ("call", "ssrc", "kind", "direction", "packets", "lost", "source", "destination",
                  "first_frame", "verdict"):
            assert w[k] == j[k], k
        assert abs(float(w["mean_jitter_ms"]) - float(j["mean_jitter_ms"])) <= 0.05 * float(w["mean_jitter_ms"])
        assert abs(float(w["mos"]) - float(j["mos"])) <= 0.1


def test_teams_heavy_in_nine_pieces_is_the_whole(env, tmp_path):
    """The Teams-heavy capture (gen_captures --bench-teams, docs/performance.md)
    cut with editcap -c into 9 pieces: most pieces start in the media of calls
    set up in an earlier one (continuation legs, skype_legs.h). The calls and
    streams tables are the whole file's, every cell: numbers, first frames,
    roles, packets, lost, jitter, RTT, MOS, frame rates."""
    gen = generator()
    whole = tmp_path / "heavy.pcap"
    subprocess.run([str(gen), "--bench-teams", "60", str(whole)], check=True, capture_output=True)
    n = frames(whole)
    (tmp_path / "ring").mkdir()
    subprocess.run(["editcap", "-c", str(n // 9 + 1), str(whole), str(tmp_path / "ring" / "heavy.pcap")], check=True)
    assert len(list((tmp_path / "ring").iterdir())) == 9
    got = both(env, tmp_path, whole, [tmp_path / "ring"], "-j", "2")
    for table, (w, j) in got.items():
        assert len(w) > 60 and j == w, table


# Every own capture with a call, cut in 3 (editcap -c): the same rows. TURN
# over TCP is left out: a piece that starts inside a TURN-over-TCP connection
# counts its frames, not the relayed RTP in it (docs/batch-export.md, Limits).
CUT_IN_THREE = ["call_best_effort.pcap", "call_p2p_audio_video.pcap", "call_relayed.pcap",
                "call_screen_share.pcap", "call_two_overlapping.pcap", "modern_names_v6.pcap",
                "teams_alloc_before_checks.pcap", "teams_meeting_three_sessions.pcap",
                "teams_relayed_channeldata.pcap", "teams_relayed_ff10.pcap", "teams_second_call_same_ports.pcap",
                "teams_tls_relay_cert_only.pcap", "teams_tls_relay_sni.pcap", "teams_two_calls_two_parties.pcap"]


@pytest.mark.parametrize("name", CUT_IN_THREE)
def test_own_capture_in_three_pieces_is_the_whole(env, tmp_path, name):
    cap = own_capture(name)
    (tmp_path / "ring").mkdir()
    subprocess.run(["editcap", "-c", str(frames(cap) // 3 + 1), str(cap), str(tmp_path / "ring" / name)],
                   check=True)
    got = both(env, tmp_path, cap, [tmp_path / "ring"])
    assert len(got["calls"][0]) > 1
    for table, (w, j) in got.items():
        assert j == w, table


# --- bad sets -------------------------------------------------------------------

@pytest.fixture(scope="module")
def teams_pieces(tmp_path_factory):
    teams = shared_capture("teams.pcap")
    return cut(teams, tmp_path_factory.mktemp("pieces"), "1-1000", "1001-1540")


def failed_clean(res, out: Path, what: str):
    assert res.returncode != 0
    assert what in res.stderr, res.stderr
    assert not any(out.glob("combined*")) if out.exists() else True
    assert not any(out.glob("*.tmp")) if out.exists() else True


def test_missing_piece(env, tmp_path, teams_pieces):
    out = tmp_path / "out"
    res = run(env, "-q", "--calls", "--file-set", "-o", out, teams_pieces[0], tmp_path / "nope.pcap")
    failed_clean(res, out, "missing or unreadable")


def test_unreadable_piece(env, tmp_path, teams_pieces):
    bad = tmp_path / "bad.pcap"
    bad.write_bytes(b"not a capture at all\n" * 4)
    out = tmp_path / "out"
    res = run(env, "-q", "--calls", "--file-set", "-o", out, teams_pieces[0], bad)
    failed_clean(res, out, "cannot be read")


def test_pieces_out_of_order(env, tmp_path, teams_pieces):
    out = tmp_path / "out"
    res = run(env, "-q", "--streams", "--file-set", "-o", out, teams_pieces[1], teams_pieces[0])
    failed_clean(res, out, "out of order")


def test_pieces_of_other_link_types(env, tmp_path, teams_pieces):
    other = tmp_path / "raw.pcap"
    subprocess.run(["editcap", "-T", "rawip", str(teams_pieces[1]), str(other)], check=True)
    out = tmp_path / "out"
    res = run(env, "-q", "--calls", "--file-set", "-o", out, teams_pieces[0], other)
    failed_clean(res, out, "link type")


def test_gap_is_reported(env, tmp_path, teams_pieces):
    """A gap is allowed and reported; calls across it follow the 30 s rule."""
    later = tmp_path / "later.pcap"
    subprocess.run(["editcap", "-t", "100", str(teams_pieces[1]), str(later)], check=True)
    out = tmp_path / "out"
    res = run(env, "-q", "--calls", "--file-set", "-o", out, teams_pieces[0], later)
    assert res.returncode == 0, res.stderr
    assert "gap of 100.0" in res.stderr and "30 s rule" in res.stderr


def test_file_set_wants_a_table(env, tmp_path, teams_pieces):
    res = run(env, "--file-set", "-o", tmp_path / "o", *teams_pieces)
    assert res.returncode == 2 and "--calls or --streams" in res.stderr


# --- GNU parallel over ssh -------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    """sshd on a free localhost port with its own config and host key, key
    login only, for the user running the tests; skipped when it cannot start."""
    sshd_bin = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
    if sshd_bin is None or shutil.which("ssh") is None or shutil.which("ssh-keygen") is None:
        pytest.skip("sshd/ssh not installed (Debian packages openssh-server, openssh-client)")
    d = tmp_path_factory.mktemp("sshd")
    os.chmod(d, 0o700)
    for key in ("host", "user"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d / key)], check=True)
    (d / "authorized_keys").write_text((d / "user.pub").read_text())
    os.chmod(d / "authorized_keys", 0o600)
    port = free_port()
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    (d / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {d / 'host'}\nPidFile {d / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {d / 'authorized_keys'}\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nUsePAM no\nStrictModes no\n"
        f"PermitRootLogin prohibit-password\nAllowUsers {user}\nSubsystem sftp internal-sftp\n")
    Path("/run/sshd").mkdir(exist_ok=True) if os.geteuid() == 0 else None
    proc = subprocess.Popen([sshd_bin, "-D", "-e", "-f", str(d / "sshd_config")],
                            stdout=subprocess.DEVNULL, stderr=open(d / "sshd.log", "w"))
    (d / "ssh_config").write_text(
        f"Host localhost\n  Port {port}\n  IdentityFile {d / 'user'}\n  IdentitiesOnly yes\n"
        "  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n"
        "  BatchMode yes\n")
    ssh = f"ssh -F {d / 'ssh_config'}"
    for _ in range(50):
        if proc.poll() is not None:
            break
        if subprocess.run([*ssh.split(), "localhost", "true"], capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    else:
        proc.terminate()
        pytest.skip(f"sshd did not accept a login: {(d / 'sshd.log').read_text()[-300:]}")
    if proc.poll() is not None:
        pytest.skip(f"sshd could not be started: {(d / 'sshd.log').read_text()[-300:]}")
    yield ssh, user
    proc.terminate()
    proc.wait(timeout=10)


def test_file_set_over_ssh(env, sshd, tmp_path):
    """The teams.pcap pieces dissected through an ssh login to localhost
    (GNU parallel -S with --transfer): the rows of the whole file."""
    ssh, user = sshd
    teams = shared_capture("teams.pcap")
    pieces = cut(teams, tmp_path / "set", "1-1450", "1451-1540")
    login = f"1/{ssh} {user}@localhost"
    w, s = tmp_path / "w", tmp_path / "s"
    res = run(env, "-q", "--calls", "-o", w, teams)
    assert res.returncode == 0, res.stderr
    e = dict(env, PATH=env["PATH"])
    res = subprocess.run([str(EXPORT), "-q", "--calls", "--file-set", "-S", login, "--transfer",
                          "--will-cite", "-o", str(s), *map(str, pieces)],
                         env=e, capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr
    assert rows(s / "combined.calls.csv") == rows(w / "combined.calls.csv")


# --- the set's report tables (skype-join --report) and pictures ------------------

REPORT = ROOT / "tools" / "skype-call-report"
needs_matplotlib = pytest.mark.skipif(
    subprocess.run(["/usr/bin/python3", "-c", "import matplotlib"], capture_output=True).returncode != 0,
    reason="Debian's python3-matplotlib is needed (apt-get install python3-matplotlib)")


def tables_of(text: str):
    """The seconds, streams and calls tables of tshark's text (or skype-join
    --report's): the seconds as a sorted list (skype-join orders a second's
    rows by the streams' first frames, one capture by its first packets),
    the others in order."""
    def table(title):
        return stat_table(text[text.index(title):])
    secs = sorted(tuple(r.items()) for r in table("Skype Stream Seconds:"))
    return secs, table("Skype Streams:"), table("Skype Calls:")


def whole_tables(env, capture: Path) -> str:
    e = dict(os.environ, **env)
    return subprocess.run([str(ROOT / "tools" / "skype-tshark"), "-2", "-q", "-r", str(capture), "-z", "skype,calls",
                           "-z", "skype,streams", "-z", "skype,seconds"], env=e, capture_output=True, text=True,
                          check=True, timeout=900).stdout


def set_tables(env, tmp: Path, pieces, *extra) -> str:
    out = tmp / "report-tables.txt"
    res = run(env, "-q", "--calls", "--file-set", "--report-tables", out, *extra, "-o", tmp / "set-out", *pieces)
    assert res.returncode == 0, res.stderr
    assert not list(tmp.glob("*.tmp"))
    return out.read_text()


def test_teams_cut_report_tables_are_the_whole(env, tmp_path):
    """teams.pcap cut at 1450: skype-join --report's seconds rows (from each
    piece's -z skype,legseconds), streams and calls are the whole file's."""
    teams = shared_capture("teams.pcap")
    pieces = cut(teams, tmp_path / "set", "1-1450", "1451-1540")
    secs, streams, calls = tables_of(set_tables(env, tmp_path, pieces))
    wsecs, wstreams, wcalls = tables_of(whole_tables(env, teams))
    assert len(wsecs) >= 1 and secs == wsecs
    assert streams == wstreams and calls == wcalls


def test_teams_heavy_report_tables_are_the_whole(env, tmp_path):
    """The Teams-heavy capture in 9 pieces: every stream's seconds at the
    cuts merged (packets, bytes, lost, frames added up, the jitter of the
    replayed head), the same rows as the whole file's -z skype,seconds."""
    gen = generator()
    whole = tmp_path / "heavy.pcap"
    subprocess.run([str(gen), "--bench-teams", "60", str(whole)], check=True, capture_output=True)
    n = frames(whole)
    (tmp_path / "ring").mkdir()
    subprocess.run(["editcap", "-c", str(n // 9 + 1), str(whole), str(tmp_path / "ring" / "heavy.pcap")], check=True)
    secs, streams, calls = tables_of(set_tables(env, tmp_path, [tmp_path / "ring"], "-j", "2"))
    wsecs, wstreams, wcalls = tables_of(whole_tables(env, whole))
    assert len(wsecs) > 100 and secs == wsecs
    assert streams == wstreams and calls == wcalls


def report(env, *args):
    return subprocess.run([str(REPORT), "--will-cite", *map(str, args)], env=env, capture_output=True, text=True,
                          timeout=900)


@needs_matplotlib
def test_call_report_file_set_is_the_whole(env, tmp_path):
    """skype-call-report --file-set on teams.pcap cut at 1450: one picture per
    call of the set, calls.json as for the whole file (but the name: the
    first piece's)."""
    teams = shared_capture("teams.pcap")
    pieces = cut(teams, tmp_path / "set", "1-1450", "1451-1540")
    res = report(env, "-q", "--file-set", "-o", tmp_path / "set-out", *pieces)
    assert res.returncode == 0, res.stderr
    res = report(env, "-q", "-o", tmp_path / "whole-out", teams)
    assert res.returncode == 0, res.stderr
    got = (tmp_path / "set-out" / pieces[0].name / "calls.json").read_text().replace(pieces[0].name, "X")
    want = (tmp_path / "whole-out" / "teams.pcap" / "calls.json").read_text().replace("teams.pcap", "X")
    assert json.loads(got) == json.loads(want) and json.loads(want)["calls"]
    pngs = sorted(p.name for p in (tmp_path / "set-out" / pieces[0].name).glob("*.png"))
    assert pngs == sorted(p.name for p in (tmp_path / "whole-out" / "teams.pcap").glob("*.png")) and pngs
    assert (tmp_path / "set-out" / "index.html").is_file()
    assert not list((tmp_path / "set-out").glob(".skype-call-report*"))


@needs_matplotlib
def test_call_report_file_set_missing_piece(env, tmp_path, teams_pieces):
    """A missing piece: a clear error, nothing written."""
    out = tmp_path / "out"
    res = report(env, "-q", "--file-set", "-o", out, teams_pieces[0], tmp_path / "nope.pcap", teams_pieces[1])
    assert res.returncode != 0
    assert "missing" in res.stderr and "nothing written" in res.stderr, res.stderr
    assert not [p for p in out.iterdir() if not p.name.startswith(".")] if out.exists() else True
