# SPDX-License-Identifier: GPL-2.0-or-later
"""tools/skype-call-report: per-call pictures and an index (docs/call-report.md).

The calls and the streams' verdicts are read independently from the plugin's
own tables (`-z skype,calls`, `-z skype,streams`, run through conftest's
TShark); the pictures' titles, one picture per call and the index are checked
against them. One test feeds a hand-written tshark output through a stand-in
tshark, for what the project's captures do not show (Poor streams with
reasons, a stream in no call, a column the tool does not know).
"""
import json
import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, own_capture

REPORT = ROOT / "tools" / "skype-call-report"
CAPTURES = ["teams_meeting_three_sessions.pcap", "call_p2p_audio_video.pcap"]

needs_tools = pytest.mark.skipif(
    shutil.which("parallel") is None or subprocess.run(
        ["/usr/bin/python3", "-c", "import matplotlib"], capture_output=True).returncode != 0,
    reason="GNU parallel and Debian's python3-matplotlib are needed (apt-get install parallel python3-matplotlib)")

pytestmark = [needs_tools, pytest.mark.skipif(
    bool(os.environ.get("SKYPE_PRELOAD")),
    reason="the report tool is tested in the plain tshark_tests run, not under the sanitizer preload")]


@pytest.fixture(scope="module")
def env(tshark, tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    path = os.environ.get("PATH", "/usr/bin:/bin")
    if os.environ.get("SKYPE_TSHARK"):
        path = f"{Path(os.environ['SKYPE_TSHARK']).parent}:{path}"
    return {"PATH": path, "HOME": str(home), "LC_ALL": "C.UTF-8",
            "SKYPE_PLUGIN": os.environ["SKYPE_PLUGIN"]}


def run(env, *args):
    return subprocess.run([str(REPORT), *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=300)


def table(tshark, capture: Path, stat: str, name: str):
    """Rows of a stat table of the plugin ({header: cell}), read here on its own."""
    out = tshark.run(["-2", "-q", "-r", str(tshark.capture(capture)), "-z", stat]).stdout.splitlines()
    i = out.index(name)
    header = [c.strip() for c in out[i - 1][:-2].split(" |")]
    rows = []
    for line in out[i + 1:]:
        if line.startswith("="):
            break
        rows.append(dict(zip(header, [c.strip() for c in line[:-2].split(" |")])))
    return rows


def png_size(path: Path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def report(env, tmp_path_factory):
    """The two captures and a non-Skype one, reported once (PNG and SVG)."""
    out = tmp_path_factory.mktemp("report")
    caps = [own_capture(c) for c in CAPTURES] + [own_capture("udp_nonskype_mix.pcap")]
    res = run(env, "-o", out, "--format", "both", *caps)
    assert res.returncode == 0, res.stderr
    assert "3 of 3 captures reported" in res.stderr
    return out


def test_one_picture_per_call_and_titles(report, tshark):
    assert (report / "index.html").is_file()
    index = (report / "index.html").read_text()
    for name in CAPTURES:
        calls = table(tshark, own_capture(name), "skype,calls", "Skype/Teams calls")
        streams = table(tshark, own_capture(name), "skype,streams", "Skype/Teams streams")
        assert calls, name
        doc = json.loads((report / name / "calls.json").read_text())
        assert doc["capture"] == name
        assert [c["call"] for c in doc["calls"]] == [int(c["Call"]) for c in calls]
        pngs = sorted(p.name for p in (report / name).glob("*.png"))
        assert pngs == sorted(f"call-{c['Call']}.png" for c in calls)
        assert sorted(p.name for p in (report / name).glob("*.svg")) == \
            sorted(f"call-{c['Call']}.svg" for c in calls)
        for c in doc["calls"]:
            assert png_size(report / name / f"call-{c['call']}.png") == (1100, 850)
            mine = [s for s in streams if s["Call"] == str(c["call"])]
            judged = [s for s in mine if s["Verdict"] != "-"]
            poor = [s for s in judged if s["Verdict"] == "Poor"]
            want = "Poor" if poor else "Good" if judged else "-"
            assert c["verdict"] == want
            first = c["title"].splitlines()[0]
            assert first.startswith(f"{name}, call {c['call']}: "
                                    f"{ {'Poor': 'Poor', 'Good': 'Good', '-': 'no verdict'}[want] }")
            assert [(p["ssrc"], p["reasons"]) for p in c["poor_streams"]] == \
                [(s["SSRC"], s["Reasons"]) for s in poor]
            for s in poor:
                assert s["SSRC"] in c["title"]
            assert len(c["streams"]) == len({(s["SSRC"], s["Kind"]) for s in mine})
            assert f'{name}/call-{c["call"]}.png' in index
        # the index's table of the capture's streams: every row
        assert len(doc["stream_rows"]) == len(streams)
        for s in streams:
            assert f"<td>{s['SSRC']}</td>" in index


def test_non_skype_capture_has_no_call(report):
    d = report / "udp_nonskype_mix.pcap"
    assert json.loads((d / "calls.json").read_text())["calls"] == []
    assert list(d.glob("call-*")) == []
    index = (report / "index.html").read_text()
    part = index.split('<h2 id="c-udp_nonskype_mix.pcap">')[1].split("<h2")[0]
    assert "<p>No calls.</p>" in part


def test_pictures_deterministic(env, report, tmp_path):
    name = CAPTURES[0]
    res = run(env, "-q", "-j", "1", "-o", tmp_path, "--format", "both", own_capture(name))
    assert res.returncode == 0 and res.stderr == "", res.stderr
    for p in sorted((report / name).iterdir()):
        assert (tmp_path / name / p.name).read_bytes() == p.read_bytes(), p.name
    assert b"Software" not in (tmp_path / name / "call-1.png").read_bytes()
    assert b"<dc:date>" not in (tmp_path / name / "call-1.svg").read_bytes()


def test_failed_capture(env, tmp_path):
    caps = tmp_path / "caps"
    caps.mkdir()
    shutil.copy(own_capture("call_p2p_audio_video.pcap"), caps)
    (caps / "bad.pcap").write_text("not a capture\n")
    out = tmp_path / "out"
    (out / "bad.pcap").mkdir(parents=True)
    (out / "bad.pcap" / "call-1.png").write_bytes(b"stale")
    res = run(env, "-o", out, caps)
    assert res.returncode == 1
    assert "isn't a capture file" in res.stderr and f"no pictures for:\n  {caps / 'bad.pcap'}\n" in res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["call_p2p_audio_video.pcap", "index.html"]
    index = (out / "index.html").read_text()
    assert '<p class="failed">Failed: ' in index.split('id="c-bad.pcap"')[1]


def test_usage_errors(env, tmp_path):
    res = run(env, own_capture("call_p2p_audio_video.pcap"))
    assert res.returncode == 2 and "-o OUTDIR is required" in res.stderr
    res = run(env, "-o", tmp_path / "o", "--format", "gif", own_capture("call_p2p_audio_video.pcap"))
    assert res.returncode == 2 and not (tmp_path / "o").exists()


# --- a hand-written tshark output ----------------------------------------

SAMPLE = """
=====================================================================================================
Skype Calls:
Filter for statistics: 
Call |First frame |Start (s) |Duration (s) |Client host |Remote party |Legs |Audio |Video |Screen |Data |Streams sent/received |Packets |Lost |Max jitter (ms) |DSCP |
Skype/Teams calls
1 |1 |0.000 |3.765 |192.168.50.10 |Transport Relay |0 direct, 3 relayed, 0 TCP |2 |1 |1 |0 |Audio 1/1, Video 1/0, Screen sharing 0/1 |348 |3 |42.44 |as recommended |
2 |400 |5.000 |1.000 |192.168.50.10 |198.51.100.7 |1 direct, 0 relayed, 0 TCP |0 |0 |0 |0 |- |12 |0 |0.00 |- |
3 |420 |6.000 |1.000 |192.168.50.10 |198.51.100.8 |1 direct, 0 relayed, 0 TCP |1 |0 |0 |0 |Audio 1/0 |30 |0 |1.00 |- |
=====================================================================================================

=====================================================================================================
Skype Streams:
Filter for statistics: 
Call |SSRC |Kind |Codec |Source |Destination |Direction |Packets |Lost |Lost (%) |Mean jitter (ms) |Max jitter (ms) |RTT (ms) |Max RTT (ms) |MOS |Frame rate (fps) |Below 7 fps (%) |Bitrate (kbit/s) |Frame size (bytes) |Verdict |Reasons |First frame |Extra, new |
Skype/Teams streams
1 |0x0000E65A |Audio |SILK |192.168.50.10:50004 |52.113.40.20:3479 |sent |80 |0 |0.0 |1.65 |2.37 |- |- |4.31 |- |- |24.1 |- |Good |- |3 |x |
1 |0x000003E8 |Audio |SILK |52.113.40.20:3479 |192.168.50.10:50004 |received |80 |3 |3.6 |12.59 |42.44 |180.5 |220.0 |3.20 |- |- |23.9 |- |Poor |loss 3.6% > 3%, jitter 42.4 ms > 30 ms |4 |7 |
1 |0x0000E65B |Video |X-H264UC |192.168.50.10:50024 |52.113.40.20:3480 |sent |50 |0 |0.0 |- |- |- |- |- |14.8 |0.0 |512.0 |1100 |Good |- |6 |- |
1 |0x0000044C |Screen sharing |X-H264UC |52.113.40.20:3480 |192.168.50.10:50024 |received |50 |0 |0.0 |- |- |- |- |- |4.0 |75.0 |120.5 |900 |Poor |frame rate below 7 fps 75% of the time |7 |- |
3 |0x00000001 |Audio |PCMU |192.168.50.10:50006 |198.51.100.8:3478 |sent |30 |0 |0.0 |0.50 |1.00 |- |- |- |- |- |64.0 |- |- |- |421 |- |
- |0x12345678 |Unknown |PCMU |10.0.0.1:4000 |10.0.0.2:4000 |- |5 |0 |0.0 |0.10 |0.20 |- |- |- |- |- |64.0 |- |- |- |500 |- |
=====================================================================================================
=====================================================================================================
Skype stream seconds
Call\tSSRC\tKind\tSecond\tPackets\tBytes\tLost\tMax jitter (ms)\tFrames
1\t0x0000E65A\tAudio\t0\t50\t3000\t0\t1.20\t-
1\t0x0000E65A\tAudio\t1\t30\t1800\t0\t2.37\t-
1\t0x000003E8\tAudio\t0\t48\t2900\t1\t10.00\t-
1\t0x000003E8\tAudio\t1\t29\t1700\t2\t42.44\t-
1\t0x0000E65A\tAudio\t3\t2\t120\t0\t-\t-
1\t0x0000E65B\tVideo\t0\t25\t32000\t0\t-\t15
1\t0x0000E65B\tVideo\t1\t25\t32000\t0\t-\t14
1\t0x0000044C\tScreen sharing\t0\t30\t9000\t0\t-\t3
1\t0x0000044C\tScreen sharing\t1\t20\t6000\t0\t-\t5
3\t0x00000001\tAudio\t6\t30\t4800\t0\t1.00\t-
-\t0x12345678\tUnknown\t5\t5\t800\t0\t0.20\t-
=====================================================================================================
""".replace("\\t", "\t")

FAKE_TSHARK = """#!/bin/sh
for a in "$@"; do case $a in *bad*) echo "tshark: The file \\"$a\\" isn't a capture file" >&2; exit 2;; esac; done
cat "$FAKE_TSHARK_OUT"
"""


@pytest.fixture
def fake_env(env, tmp_path):
    """Plain `tshark` (no --plugin) found first on PATH: prints SAMPLE."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "tshark").write_text(FAKE_TSHARK)
    (bin_dir / "tshark").chmod(0o755)
    (tmp_path / "sample.txt").write_text(SAMPLE)
    e = {k: v for k, v in env.items() if k != "SKYPE_PLUGIN"}
    return {**e, "PATH": f"{bin_dir}:{env['PATH']}", "FAKE_TSHARK_OUT": str(tmp_path / "sample.txt")}


def test_hand_written_output(fake_env, tmp_path):
    cap = tmp_path / "meeting.pcap"
    cap.write_bytes(own_capture("call_p2p_audio_video.pcap").read_bytes())
    out = tmp_path / "out"
    res = run(fake_env, "-q", "-o", out, cap)
    assert res.returncode == 0 and res.stderr == "", res.stderr
    doc = json.loads((out / "meeting.pcap" / "calls.json").read_text())
    assert [(c["call"], c["verdict"]) for c in doc["calls"]] == [(1, "Poor"), (2, "-"), (3, "-")]
    c1 = doc["calls"][0]
    assert c1["title"].splitlines() == [
        "meeting.pcap, call 1: Poor (2 of 4 judged streams Poor)",
        "Poor: 0x000003E8 Audio received: loss 3.6% > 3%, jitter 42.4 ms > 30 ms",
        "Poor: 0x0000044C Screen sharing received: frame rate below 7 fps 75% of the time"]
    assert c1["streams"] == ["0x0000E65A Audio sent", "0x000003E8 Audio received", "0x0000E65B Video sent",
                             "0x0000044C Screen sharing received"]
    assert c1["seconds"] == [0, 3]
    assert doc["calls"][1]["title"] == "meeting.pcap, call 2: no verdict (no RTP stream in the call)"
    assert doc["calls"][2]["title"] == "meeting.pcap, call 3: no verdict (no stream of the call has one)"
    assert sorted(p.name for p in (out / "meeting.pcap").iterdir()) == \
        ["call-1.png", "call-2.png", "call-3.png", "calls.json"]
    # the stream in no call: in the index's streams table, in no picture
    assert len(doc["stream_rows"]) == 6 and doc["columns"][-1] == "Extra, new"
    index = (out / "index.html").read_text()
    assert "<td>0x12345678</td>" in index and "<th>Extra, new</th>" in index
    assert '<td class="Poor">Poor</td>' in index


def test_export_streams_hand_written_output(fake_env, tmp_path):
    """skype-export --streams: the columns by the table's header, `-` as empty
    (CSV) or null (JSON), numbers in JSON, a column the tool does not know."""
    cap = tmp_path / "meeting.pcap"
    cap.write_bytes(b"")
    out = tmp_path / "out"
    res = subprocess.run([str(ROOT / "tools" / "skype-export"), "-q", "--streams", "-o", str(out), str(cap)],
                         env=fake_env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    lines = (out / "combined.streams.csv").read_text().splitlines()
    assert lines[0] == ("capture,call,ssrc,kind,codec,source,destination,direction,packets,lost,lost_pct,"
                        "mean_jitter_ms,max_jitter_ms,rtt_ms,max_rtt_ms,mos,frame_rate_fps,below_7_fps_pct,"
                        "bitrate_kbit_s,frame_size_bytes,verdict,reasons,first_frame,extra_new")
    assert lines[2] == ("meeting.pcap,1,0x000003E8,Audio,SILK,52.113.40.20:3479,192.168.50.10:50004,received,"
                        '80,3,3.6,12.59,42.44,180.5,220.0,3.20,,,23.9,,Poor,"loss 3.6% > 3%, jitter 42.4 ms > 30 ms",4,7')
    assert lines[6].startswith("meeting.pcap,,0x12345678,Unknown,PCMU,")
    res = subprocess.run([str(ROOT / "tools" / "skype-export"), "-q", "--streams", "-T", "json", "-o", str(out),
                          str(cap)], env=fake_env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(l) for l in (out / "combined.streams.jsonl").read_text().splitlines()]
    assert len(rows) == 6
    assert rows[1] == {
        "capture": "meeting.pcap", "call": 1, "ssrc": "0x000003E8", "kind": "Audio", "codec": "SILK",
        "source": "52.113.40.20:3479", "destination": "192.168.50.10:50004", "direction": "received",
        "packets": 80, "lost": 3, "lost_pct": 3.6, "mean_jitter_ms": 12.59, "max_jitter_ms": 42.44,
        "rtt_ms": 180.5, "max_rtt_ms": 220.0, "mos": 3.2, "frame_rate_fps": None, "below_7_fps_pct": None,
        "bitrate_kbit_s": 23.9, "frame_size_bytes": None, "verdict": "Poor",
        "reasons": "loss 3.6% > 3%, jitter 42.4 ms > 30 ms", "first_frame": 4, "extra_new": 7}
    assert rows[5]["call"] is None and rows[0]["extra_new"] == "x"
    # text columns keep the table's `-`
    assert (rows[4]["verdict"], rows[4]["reasons"], rows[5]["direction"]) == ("-", "-", "-")
    assert lines[5].endswith(",64.0,,-,-,421,")
