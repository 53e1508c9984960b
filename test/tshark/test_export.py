# SPDX-License-Identifier: GPL-2.0-or-later
"""tools/skype-export: batch export through GNU parallel (docs/batch-export.md).

Row counts are checked against `tshark -2 -Y skype` run independently through
conftest's TShark; the values against what the UDP tests know of the probe.
"""
import csv
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import ASCII_TIME_ARGS, CAPTURES, ROOT, own_capture, shared_capture, tool_env

EXPORT = ROOT / "tools" / "skype-export"
WORKER = ROOT / "tools" / "skype-export-one"
# What skype-export takes from the folder (docs/batch-export.md), in its order.
OWN = sorted(p for p in CAPTURES.iterdir() if p.suffix in (".pcap", ".pcapng", ".cap"))
BASE = ["capture", "frame.number", "frame.time_epoch", "transport", "stream",
        "src", "srcport", "dst", "dstport"]
CONV_BASE = ["capture", "transport", "stream", "src", "srcport", "dst", "dstport",
             "first_frame", "last_frame", "first_time", "last_time", "frames"]

needs_parallel = pytest.mark.skipif(
    shutil.which("parallel") is None,
    reason="GNU parallel is not installed (Debian package parallel): skype-export runs its jobs")

# The sanitizer run of the tshark tests preloads the ASan runtime into tshark
# only (conftest); the tool's own processes (bash, awk, perl) cannot get it.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("SKYPE_PRELOAD")),
    reason="the export tool is tested in the plain tshark_tests run, not under the sanitizer preload")


@pytest.fixture(scope="module")
def env(tshark, tmp_path_factory):
    return tool_env(tmp_path_factory)


def run(env, *args, cmd=EXPORT):
    return subprocess.run([str(cmd), *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=900)


def export(env, out: Path, *args):
    res = run(env, "-o", out, *args)
    assert res.returncode == 0, res.stderr
    return res


def read_csv(path: Path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


@pytest.fixture(scope="module")
def exported(env, tmp_path_factory):
    """captures/ exported once with -j 1 and once with -j 2 (CSV)."""
    outs = {}
    for j in (1, 2):
        out = tmp_path_factory.mktemp(f"export-j{j}")
        export(env, out, "-j", j, CAPTURES)
        outs[j] = out
    return outs


# --- per-frame CSV ------------------------------------------------------------

@needs_parallel
def test_combined_rows_equal_tshark_counts(exported, tshark):
    header, rows = read_csv(exported[1] / "combined.csv")
    assert header[:len(BASE)] == BASE
    assert header[len(BASE):][:3] == ["skype.conv.phase", "skype.conv.evidence",
                                      "skype.conv.first_frame"]
    # One output per capture plus the combined file, nothing else left behind.
    assert sorted(p.name for p in exported[1].iterdir()) == \
        sorted([f"{c.name}.csv" for c in OWN] + ["combined.csv"])
    total = 0
    for cap in OWN:
        expected = tshark.count(cap, "skype")
        mine = [r for r in rows if r["capture"] == cap.name]
        assert len(mine) == expected, cap.name
        own_header, own_rows = read_csv(exported[1] / f"{cap.name}.csv")
        assert own_header == header and own_rows == mine
        assert [r["frame.number"] for r in mine] == \
            [str(n) for n in sorted(tshark.frames(cap, [], "skype"))]
        total += expected
    assert len(rows) == total > 0
    # Captures in name order (folder argument), frames in order within each.
    assert [r["capture"] for r in rows] == sorted(r["capture"] for r in rows)


@needs_parallel
def test_full_positive_probe_values(exported):
    _, rows = read_csv(exported[1] / "combined.csv")
    probe = {r["skype.probe.msg"]: r for r in rows
             if r["capture"] == "udp_probe_full_positive.pcap" and r["skype.probe.msg"]}
    assert sorted(probe) == ["1", "2", "3", "4"]
    client, sn = ("10.0.0.2", "40001"), ("198.51.100.10", "40500")
    for msg, frame, func, som_id, src, dst in [
            ("1", "1", "0x02", "0x1000", client, sn),
            ("2", "2", "0x07", "0x1000", sn, client),
            ("3", "3", "0x03", "0x1000", client, sn),
            ("4", "4", "0x02", "0xea0b", sn, client)]:
        r = probe[msg]
        assert r["frame.number"] == frame
        assert r["frame.time_epoch"] == f"1700000000.00{int(frame) - 1}000000"
        assert (r["transport"], r["stream"]) == ("udp", "0")
        assert (r["src"], r["srcport"], r["dst"], r["dstport"]) == (*src, *dst)
        assert (r["skype.som.func"], r["skype.som.id"]) == (func, som_id)
        assert r["skype.probe.kind"] == "1"
        assert r["skype.conv.phase"] == "1" and r["skype.conv.evidence"] == "2"
        assert r["skype.conv.first_frame"] == "1" and r["skype.client.evidence"] == "2"
    assert probe["1"]["skype.som.response_in"] == "2"
    assert probe["2"]["skype.som.request_in"] == "1"
    assert probe["2"]["skype.probe.public_addr"] == "203.0.113.7"
    assert probe["3"]["skype.probe.sn_addr"] == "198.51.100.10"
    assert probe["4"]["skype.probe.result"] == "1"
    assert [probe[m]["skype.probe.result"] for m in "123"] == ["", "", ""]


@needs_parallel
def test_j2_same_as_j1(exported):
    for name in sorted(p.name for p in exported[1].iterdir()):
        assert (exported[1] / name).read_bytes() == (exported[2] / name).read_bytes(), name


@needs_parallel
def test_chosen_fields_filter_and_csv_quoting(env, tmp_path):
    cap = own_capture("tcp_restricted_443.pcap")
    # The time in its 4.0 form, which has a comma (4.6 prints ISO 8601 unless told).
    time_args = [a for arg in ASCII_TIME_ARGS for a in ("--tshark-arg", arg)]
    export(env, tmp_path, "-Y", "skype.tls.fake", "-e", "skype.tcp.msg",
           "-e", "skype.tls.gmt_unix_time", *time_args, cap)
    text = (tmp_path / "combined.csv").read_text()
    assert text.splitlines()[0] == ",".join(BASE + ["skype.tcp.msg", "skype.tls.gmt_unix_time"])
    # The value with a comma is quoted.
    assert text.splitlines()[2].endswith(',12,"Jan 31, 2004 17:23:18.000000000 UTC"')
    _, rows = read_csv(tmp_path / "combined.csv")
    assert [(r["frame.number"], r["skype.tcp.msg"], r["skype.tls.gmt_unix_time"]) for r in rows] == \
        [("4", "11", ""), ("5", "12", "Jan 31, 2004 17:23:18.000000000 UTC")]
    assert rows[0]["dstport"] == "443" and rows[0]["transport"] == "tcp"
    assert (tmp_path / "tcp_restricted_443.pcap.csv").read_text() == text


# --- JSON lines ---------------------------------------------------------------

@needs_parallel
def test_json_lines_match_csv(env, exported, tmp_path):
    export(env, tmp_path, "-T", "json", CAPTURES)
    header, rows = read_csv(exported[1] / "combined.csv")
    objs = [json.loads(line) for line in (tmp_path / "combined.jsonl").read_text().splitlines()]
    assert len(objs) == len(rows) > 0
    for o, r in zip(objs, rows):
        assert list(o) == header
        assert o == {k: (v if v != "" else None) for k, v in r.items()}
    one = [json.loads(line) for line in
           (tmp_path / "udp_probe_full_positive.pcap.jsonl").read_text().splitlines()]
    assert one == [o for o in objs if o["capture"] == "udp_probe_full_positive.pcap"]
    assert one[1]["skype.probe.public_addr"] == "203.0.113.7" and one[1]["skype.probe.msg"] == "2"


# --- per conversation ---------------------------------------------------------

@needs_parallel
def test_conversations(env, exported, tmp_path):
    export(env, tmp_path, "--conversations", CAPTURES)
    header, convs = read_csv(tmp_path / "combined.conv.csv")
    assert header[:len(CONV_BASE)] == CONV_BASE
    _, frames = read_csv(exported[1] / "combined.csv")
    # Frames per conversation add up to the per-frame rows, capture by capture.
    for cap in OWN:
        assert sum(int(c["frames"]) for c in convs if c["capture"] == cap.name) == \
            sum(1 for f in frames if f["capture"] == cap.name), cap.name
    login = [c for c in convs if c["capture"] == "tcp_login.pcap"]
    assert len(login) == 1
    c = login[0]
    assert (c["transport"], c["stream"], c["src"], c["srcport"], c["dst"], c["dstport"]) == \
        ("tcp", "0", "10.0.0.22", "1033", "192.0.2.141", "33033")
    assert (c["first_frame"], c["last_frame"], c["frames"]) == ("1", "13", "13")
    assert (c["first_time"], c["last_time"]) == ("1700000000.000000000", "1700000000.012000000")
    # Login, then teardown; evidence: login signature; mode: login connection.
    assert (c["skype.conv.phase"], c["skype.conv.evidence"], c["skype.tcp.mode"]) == ("3;9", "4", "2")
    partial = [c for c in convs if c["capture"] == "udp_probe_partial.pcap"]
    assert [(c["stream"], c["dst"], c["first_frame"], c["last_frame"], c["frames"],
             c["skype.probe.kind"], c["skype.probe.result"]) for c in partial] == [
        ("0", "198.51.100.21", "1", "4", "2", "2", "1"),
        ("1", "198.51.100.22", "2", "5", "2", "2", "2"),
        ("2", "198.51.100.23", "3", "6", "2", "2", "2")]


CONV_LINE = re.compile(r"^(\S+)\s+<->\s+(\S+)\s+\d+\s+\d+\s+\S+\s+\d+\s+\d+\s+\S+\s+(\d+)\s")


@needs_parallel
def test_conversations_match_tshark_conv_tables(env, tshark, tmp_path):
    """Frames per conversation = Total Frames of `tshark -z conv,udp|tcp,skype`."""
    caps = [shared_capture("skype-irc.cap"), shared_capture("skype-conference-call.pcap"),
            own_capture("tcp_sn_refused_v20.pcap")]
    export(env, tmp_path, "--conversations", *caps)
    _, convs = read_csv(tmp_path / "combined.conv.csv")
    for cap in caps:
        expected = {}
        for transport in ("udp", "tcp"):
            out = tshark.run(["-2", "-q", "-r", str(tshark.capture(cap)),
                              "-z", f"conv,{transport},skype"]).stdout
            for line in out.splitlines():
                m = CONV_LINE.match(line)
                if m:
                    expected[(transport, frozenset(m.group(1, 2)))] = int(m.group(3))
        mine = {(c["transport"], frozenset([f"{c['src']}:{c['srcport']}", f"{c['dst']}:{c['dstport']}"])):
                int(c["frames"]) for c in convs if c["capture"] == cap.name}
        assert mine == expected, cap.name
    assert sum(1 for c in convs if c["capture"] == "skype-irc.cap" and c["transport"] == "udp") == 80


@needs_parallel
def test_conversations_json(env, tmp_path):
    export(env, tmp_path, "--conversations", "-T", "json", own_capture("tcp_login.pcap"))
    (o,) = [json.loads(line) for line in (tmp_path / "combined.conv.jsonl").read_text().splitlines()]
    assert o["frames"] == 13 and o["first_frame"] == "1"
    assert o["skype.conv.phase"] == ["3", "9"] and o["skype.sn.result"] == []


# --- errors -------------------------------------------------------------------

@needs_parallel
def test_corrupt_capture(env, tmp_path):
    caps = tmp_path / "caps"
    caps.mkdir()
    for name in ("udp_probe_partial.pcap", "tcp_login.pcap"):
        shutil.copy(own_capture(name), caps / name)
    (caps / "bad.pcap").write_text("this is not a capture\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "bad.pcap.csv").write_text("stale output of an earlier run\n")
    res = run(env, "-o", out, caps)
    assert res.returncode == 1
    assert "bad.pcap" in res.stderr and "isn't a capture file" in res.stderr
    assert f"no output written for:\n  {caps / 'bad.pcap'}\n" in res.stderr
    assert sorted(p.name for p in out.iterdir()) == \
        ["combined.csv", "tcp_login.pcap.csv", "udp_probe_partial.pcap.csv"]
    _, rows = read_csv(out / "combined.csv")
    assert [r["capture"] for r in rows] == ["tcp_login.pcap"] * 13 + ["udp_probe_partial.pcap"] * 6


@needs_parallel
def test_bad_field_fails_before_any_job(env, tmp_path):
    res = run(env, "-o", tmp_path, "-e", "skype.no_such_field", own_capture("tcp_login.pcap"))
    assert res.returncode == 2
    assert "skype.no_such_field" in res.stderr and "nothing exported" in res.stderr
    assert list(tmp_path.iterdir()) == []


def test_without_parallel(env, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("dirname",):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    res = subprocess.run(["/bin/bash", str(EXPORT), "-o", str(tmp_path / "out"),
                          str(own_capture("tcp_login.pcap"))],
                         env={**env, "PATH": str(bin_dir)}, capture_output=True, text=True)
    assert res.returncode == 2
    assert "GNU parallel is needed" in res.stderr
    assert not (tmp_path / "out").exists()


# --- plugin installed: plain tshark ---------------------------------------------

@needs_parallel
def test_plain_tshark_when_plugin_installed(env, exported, tshark):
    """Without --plugin and $SKYPE_PLUGIN the jobs run plain tshark, which
    must find the plugin itself, as when it is installed. Simulated with
    WIRESHARK_PLUGIN_DIR, which tshark honours for a user other than root."""
    work = Path(tempfile.mkdtemp(prefix="skype-export-plain-"))
    try:
        work.chmod(0o755)
        home, out = work / "home", work / "out"
        home.mkdir()
        out.mkdir()
        e = {k: v for k, v in env.items() if k != "SKYPE_PLUGIN"}
        e.update(HOME=str(home), WIRESHARK_PLUGIN_DIR=str(tshark.plugin_dir))
        cmd = [str(EXPORT), "-q", "-j", "2", "-o", str(out), str(CAPTURES)]
        if os.geteuid() == 0:
            for d in (home, out):
                shutil.chown(d, "nobody", "nogroup")
            cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                   "env", "-i", *[f"{k}={v}" for k, v in e.items()], *cmd]
        res = subprocess.run(cmd, env=e, capture_output=True, text=True, timeout=900, cwd=work)
        assert res.returncode == 0, res.stderr
        assert (out / "combined.csv").read_bytes() == (exported[1] / "combined.csv").read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- the per-capture job ------------------------------------------------------

@needs_parallel
def test_worker_alone_gives_the_same_file(env, exported):
    """The job parallel runs (locally or over ssh) is one self-contained command."""
    cap = own_capture("udp_som_traffic.pcap")
    res = run(env, cap, cmd=WORKER)
    assert res.returncode == 0, res.stderr
    assert res.stdout == (exported[1] / "udp_som_traffic.pcap.csv").read_text()


FAKE_SSH = r"""#!/bin/bash
# ssh stand-in: runs the command here, in a per-host folder as its home.
printf '%s\n' "$*" >> "$FAKE_REMOTE/ssh.log"
while [ $# -gt 0 ]; do
    case $1 in
        -l|-p|-o|-i|-F|-S) shift 2 ;;
        --) shift; break ;;
        -*) shift ;;
        *) host=$1; shift; break ;;
    esac
done
[ "${1:-}" = "--" ] && shift
export HOME=$FAKE_REMOTE/$host
mkdir -p "$HOME" && chmod 755 "$HOME" && cd "$HOME"
exec bash -c "$*"
"""


@needs_parallel
@pytest.mark.skipif(shutil.which("rsync") is None,
                    reason="rsync is not installed: GNU parallel transfers files with it")
def test_remote_path_through_fake_ssh(env, exported, tmp_path):
    """-S/--transfer through GNU parallel's remote machinery, with an ssh that
    runs each command locally in a per-host home: captures are rsynced into
    the job's work dir, read from there, and removed afterwards."""
    remote = Path(tempfile.mkdtemp(prefix="skype-export-remote-"))
    try:
        remote.chmod(0o755)     # tshark runs as nobody when root
        ssh = remote / "ssh"
        ssh.write_text(FAKE_SSH)
        ssh.chmod(ssh.stat().st_mode | stat.S_IXUSR)
        caps = remote / "local"
        caps.mkdir()
        caps.chmod(0o755)
        names = ["udp_probe_partial.pcap", "tcp_login.pcap", "udp_probe_v20.pcap"]
        for name in names:
            shutil.copy(own_capture(name), caps / name)
        (caps / "bad.pcap").write_text("not a capture\n")
        out = tmp_path / "out"
        res = run({**env, "FAKE_REMOTE": str(remote)}, "-o", out, "--transfer",
                  "-S", "1/hostA", "-S", "1/hostB", f"--parallel-arg=--ssh={ssh}",
                  *[caps / n for n in names], caps / "bad.pcap")
        assert res.returncode == 1, res.stderr
        # The job read the transferred copy (relative name in its work dir).
        assert 'The file "bad.pcap" isn\'t a capture file' in res.stderr
        assert " on hostA" in res.stderr or " on hostB" in res.stderr
        log = (remote / "ssh.log").read_text()
        assert log.count("rsync --server") == 4
        for name in names:
            assert (out / f"{name}.csv").read_bytes() == (exported[1] / f"{name}.csv").read_bytes()
        assert not (out / "bad.pcap.csv").exists()
        # --cleanup: nothing left on the "remote" hosts but empty folders.
        left = [p for p in remote.glob("host*/**/*") if p.is_file()]
        assert left == []
    finally:
        shutil.rmtree(remote, ignore_errors=True)


@needs_parallel
def test_calls(env, tmp_path):
    """--calls: one row per call, the calls table's values (docs/modern.md)."""
    caps = [own_capture("call_two_overlapping.pcap"), own_capture("call_best_effort.pcap"),
            own_capture("tcp_login.pcap")]
    export(env, tmp_path, "--calls", *caps)
    header, rows = read_csv(tmp_path / "combined.calls.csv")
    assert header[:3] == ["capture", "call", "first_frame"]
    # every column of the calls table, issue 20's too (the table's headers, in its order)
    assert header[header.index("dscp"):] == ["dscp", "worst_mos", "poor_streams"]
    assert [(r["capture"], r["call"], r["first_frame"], r["client_host"], r["packets"]) for r in rows] == [
        ("call_two_overlapping.pcap", "1", "1", "192.168.10.22", "66"),
        ("call_two_overlapping.pcap", "2", "31", "192.168.10.22", "66"),
        ("call_best_effort.pcap", "1", "1", "192.168.10.21", "86")]
    assert rows[2]["dscp"] == "1 Audio stream at 0 (want 46)" and rows[2]["audio"] == "2"
    # the columns issue 19 added: the remote party, the streams each way
    assert [(r["remote_party"], r["streams_sent_received"]) for r in rows] == [
        ("198.51.100.60", "Audio 1/1"), ("198.51.100.61", "Audio 1/1"), ("198.51.100.50", "Audio 1/1")]
    assert read_csv(tmp_path / "tcp_login.pcap.calls.csv") == (header, [])
    out = tmp_path / "json"
    export(env, out, "--calls", "-T", "json", caps[0])
    lines = [json.loads(l) for l in (out / "combined.calls.jsonl").read_text().splitlines()]
    assert [(l["call"], l["first_frame"], l["lost"]) for l in lines] == [(1, 1, 0), (2, 31, 0)]
    assert all(isinstance(l["remote_party"], str) and isinstance(l["streams_sent_received"], str) for l in lines)
    assert [(l["worst_mos"], l["poor_streams"]) for l in lines] == \
        [(float(r["worst_mos"]), 0) for r in rows[:2]]


RTP_STREAM_LINE = re.compile(r"^\s*[\d.]+\s+[\d.]+\s+(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(0x[0-9A-Fa-f]+)\s+.*?\s(\d+)\s+\d+ \(")


@needs_parallel
def test_streams(env, tshark, tmp_path):
    """--streams: one row per RTP stream, the streams table's columns. The
    streams of the Teams meeting are those Wireshark's own RTP analysis
    (`-z rtp,streams`) lists, with its SSRCs and packet counts; the kinds are
    those of the Teams port ranges (audio 50000-50019, video 50020-50039,
    screen sharing 50040-50059, on the client's side)."""
    cap = own_capture("teams_meeting_three_sessions.pcap")
    export(env, tmp_path, "--streams", cap, own_capture("tcp_login.pcap"))
    header, rows = read_csv(tmp_path / "combined.streams.csv")
    assert header[:4] == ["capture", "call", "ssrc", "kind"]
    for col in ("source", "destination", "direction", "packets", "lost", "lost_pct", "mean_jitter_ms",
                "max_jitter_ms", "mos", "frame_rate_fps", "below_7_fps_pct", "bitrate_kbit_s",
                "verdict", "reasons", "first_frame"):
        assert col in header
    mine = {int(r["ssrc"], 0): r for r in rows if r["capture"] == cap.name}
    assert len(mine) == len(rows) == 5
    # Wireshark's RTP streams (values read from its -z rtp,streams on this capture)
    expected = {0xE65A: ("Audio", "192.168.50.10:50004", "52.113.40.20:3479", 80),
                0x03E8: ("Audio", "52.113.40.20:3479", "192.168.50.10:50004", 80),
                0xE65B: ("Video", "192.168.50.10:50024", "52.113.40.20:3480", 50),
                0x044C: ("Video", "52.113.40.20:3480", "192.168.50.10:50024", 50),
                0xE65C: ("Screen sharing", "192.168.50.10:50044", "52.113.40.20:3481", 60)}
    assert {s: (r["kind"], r["source"], r["destination"], int(r["packets"])) for s, r in mine.items()} == expected
    assert all(r["call"] == "1" and r["lost"] == "0" for r in mine.values())
    # the client host (the calls table's) is 192.168.50.10
    assert {s: r["direction"] for s, r in mine.items()} == \
        {s: "sent" if v[1].startswith("192.168.50.10:") else "received" for s, v in expected.items()}
    # ... and the same as Wireshark prints them now
    out = tshark.run(["-2", "-q", "-r", str(tshark.capture(cap)), "-z", "rtp,streams"]).stdout
    ws = {}
    for line in out.splitlines():
        m = RTP_STREAM_LINE.match(line)
        if m:
            src, sp, dst, dp, ssrc, pkts = m.groups()
            ws[int(ssrc, 16)] = (f"{src}:{sp}", f"{dst}:{dp}", int(pkts))
    assert ws == {s: v[1:] for s, v in expected.items()}
    assert read_csv(tmp_path / "tcp_login.pcap.streams.csv") == (header, [])
    # JSON lines: numbers, text, null for unknown (`-`)
    out = tmp_path / "json"
    export(env, out, "--streams", "-T", "json", cap)
    objs = [json.loads(l) for l in (out / "combined.streams.jsonl").read_text().splitlines()]
    assert [(o["ssrc"], o["kind"], o["packets"], o["call"]) for o in objs] == \
        [(r["ssrc"], r["kind"], int(r["packets"]), 1) for r in rows]
    assert all(list(o) == header for o in objs)
