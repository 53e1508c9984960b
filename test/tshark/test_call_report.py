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

from conftest import ROOT, own_capture, tool_env

REPORT = ROOT / "tools" / "skype-call-report"
# a call with a Poor stream (the received video at 5 fps), and a Teams meeting (Good)
CAPTURES = ["quality_video_fps.pcap", "teams_meeting_three_sessions.pcap"]

needs_tools = pytest.mark.skipif(
    shutil.which("parallel") is None or subprocess.run(
        ["/usr/bin/python3", "-c", "import matplotlib"], capture_output=True).returncode != 0,
    reason="GNU parallel and Debian's python3-matplotlib are needed (apt-get install parallel python3-matplotlib)")

pytestmark = [needs_tools, pytest.mark.skipif(
    bool(os.environ.get("SKYPE_PRELOAD")),
    reason="the report tool is tested in the plain tshark_tests run, not under the sanitizer preload")]


@pytest.fixture(scope="module")
def env(tshark, tmp_path_factory):
    return tool_env(tmp_path_factory)


def run(env, *args):
    return subprocess.run([str(REPORT), *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=300)


_TABLES = {}


def tables(tshark, capture: Path):
    """The plugin's calls and streams tables, read here on their own: {table
    name: rows as {header: cell}} (once per capture)."""
    if capture.name in _TABLES:
        return _TABLES[capture.name]
    out = tshark.run(["-2", "-q", "-r", str(tshark.capture(capture)), "-z", "skype,calls",
                      "-z", "skype,streams"]).stdout.splitlines()
    res = {}
    for name in ("Skype/Teams calls", "Skype/Teams streams"):
        i = out.index(name)
        header = [c.strip() for c in out[i - 1][:-2].split(" |")]
        rows = []
        for line in out[i + 1:]:
            if line.startswith("="):
                break
            rows.append(dict(zip(header, [c.strip() for c in line[:-2].split(" |")])))
        res[name] = rows
    _TABLES[capture.name] = res
    return res


def png_size(path: Path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def report(env, tmp_path_factory):
    """The two captures, a non-Skype one and one that is no capture, reported
    once (PNG and SVG), into a folder with a stale picture of the bad one."""
    out = tmp_path_factory.mktemp("report")
    bad = tmp_path_factory.mktemp("bad") / "bad.pcap"
    bad.write_text("not a capture\n")
    (out / "bad.pcap").mkdir()
    (out / "bad.pcap" / "call-1.png").write_bytes(b"stale")
    caps = [own_capture(c) for c in CAPTURES] + [own_capture("udp_nonskype_mix.pcap"), bad]
    res = run(env, "-o", out, "--format", "both", *caps)
    assert res.returncode == 1, res.stderr
    assert "3 of 4 captures reported" in res.stderr
    assert "isn't a capture file" in res.stderr and f"no pictures for:\n  {bad}\n" in res.stderr
    return out


def test_one_picture_per_call_and_titles(report, tshark):
    assert (report / "index.html").is_file()
    index = (report / "index.html").read_text()
    for name in CAPTURES:
        t = tables(tshark, own_capture(name))
        calls, streams = t["Skype/Teams calls"], t["Skype/Teams streams"]
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


def test_poor_call_title(report, tshark):
    """The title of the Poor call: the verdict, then each Poor stream with
    the reasons the streams table gives."""
    name = "quality_video_fps.pcap"
    streams = tables(tshark, own_capture(name))["Skype/Teams streams"]
    (poor,) = [s for s in streams if s["Verdict"] == "Poor"]
    assert (poor["SSRC"], poor["Kind"], poor["Direction"]) == ("0x000074ED", "Video", "received")
    (call,) = json.loads((report / name / "calls.json").read_text())["calls"]
    assert call["title"].splitlines() == [
        "quality_video_fps.pcap, call 1: Poor (1 of 4 judged streams Poor)",
        f"Poor: 0x000074ED Video received: {poor['Reasons']}"]
    assert "frame rate" in poor["Reasons"]
    assert call["seconds"][0] == 0 and call["seconds"][1] >= 12
    index = (report / "index.html").read_text()
    assert '<td class="Poor">Poor</td>' in index.split('id="c-quality_video_fps.pcap"')[1]


def test_non_skype_capture_has_no_call(report):
    d = report / "udp_nonskype_mix.pcap"
    assert json.loads((d / "calls.json").read_text())["calls"] == []
    assert list(d.glob("call-*")) == []
    index = (report / "index.html").read_text()
    part = index.split('<h2 id="c-udp_nonskype_mix.pcap">')[1].split("<h2")[0]
    assert "<p>No calls.</p>" in part


def test_pictures_deterministic(env, report, tshark, tmp_path):
    """The job's Python part again on the same tshark output gives
    byte-identical pictures (PNG and SVG) and calls.json."""
    name = "teams_meeting_three_sessions.pcap"
    out = tshark.run(["-2", "-q", "-r", str(tshark.capture(own_capture(name))), "-z", "skype,calls",
                      "-z", "skype,streams", "-z", "skype,seconds"]).stdout
    (tmp_path / "tshark.txt").write_text(out)
    subprocess.run(["/usr/bin/python3", str(REPORT) + ".py", "capture", "--name", name, "--input",
                    str(tmp_path / "tshark.txt"), "--out", str(tmp_path / name), "--format", "both"],
                   check=True, timeout=300, env=env)
    assert sorted(p.name for p in (tmp_path / name).iterdir()) == \
        ["call-1.png", "call-1.svg", "calls.json"]
    for p in sorted((report / name).iterdir()):
        assert (tmp_path / name / p.name).read_bytes() == p.read_bytes(), p.name
    assert b"Software" not in (tmp_path / name / "call-1.png").read_bytes()
    assert b"<dc:date>" not in (tmp_path / name / "call-1.svg").read_bytes()


def test_failed_capture(report):
    """No folder (the stale one removed), listed as failed in the index."""
    assert sorted(p.name for p in report.iterdir()) == \
        sorted(["index.html", "udp_nonskype_mix.pcap", *CAPTURES])
    index = (report / "index.html").read_text()
    assert '<p class="failed">Failed: ' in index.split('id="c-bad.pcap"')[1]
    assert "isn&#x27;t a capture file" in index.split('id="c-bad.pcap"')[1]


def test_usage_errors(env, tmp_path):
    res = run(env, own_capture("call_p2p_audio_video.pcap"))
    assert res.returncode == 2 and "-o OUTDIR is required" in res.stderr
    res = run(env, "-o", tmp_path / "o", "--format", "gif", own_capture("call_p2p_audio_video.pcap"))
    assert res.returncode == 2 and not (tmp_path / "o").exists()


# --- a hand-written tshark output ----------------------------------------

SAMPLE = """
=====================================================================================================
Skype Stream Seconds:
Filter for statistics: 
Call |SSRC |Kind |Second |Packets |Bytes |Lost |Max jitter (ms) |Frames |
Skype/Teams stream seconds
1 |0x0000E65A |Audio |0 |50 |3000 |0 |1.20 |- |
1 |0x000003E8 |Audio |0 |48 |2900 |1 |10.00 |- |
1 |0x0000E65B |Video |0 |25 |32000 |0 |- |15 |
1 |0x0000044C |Screen sharing |0 |30 |9000 |0 |- |3 |
1 |0x0000E65A |Audio |1 |30 |1800 |0 |2.37 |- |
1 |0x000003E8 |Audio |1 |29 |1700 |2 |42.44 |- |
1 |0x0000E65B |Video |1 |25 |32000 |0 |- |14 |
1 |0x0000044C |Screen sharing |1 |20 |6000 |0 |- |5 |
1 |0x0000E65A |Audio |3 |2 |120 |0 |- |- |
3 |0x00000001 |Audio |6 |30 |4800 |0 |1.00 |- |
- |0x12345678 |Unknown |5 |5 |800 |0 |0.20 |- |
=====================================================================================================

=====================================================================================================
Skype Streams:
Filter for statistics: 
Call |SSRC |Kind |Codec |Direction |Packets |Lost (%) |Mean jitter (ms) |Max jitter (ms) |RTT (ms) |MOS |Frame rate (fps) |Verdict |Reasons |Lost |Max RTT (ms) |Mean RTT (ms) |Below 7 fps (%) |Bitrate (kbit/s) |Frame size (bytes) |Source |Destination |First frame |Extra, new |
Skype/Teams streams
1 |0x0000E65A |Audio |SILK |sent |80 |0.0 |1.65 |2.37 |- |4.4 |- |Good |- |0 |- |- |- |24.1 |- |192.168.50.10:50004 |52.113.40.20:3479 |3 |x |
1 |0x000003E8 |Audio |SILK |received |80 |3.6 |12.59 |42.44 |180.5 |3.2 |- |Poor |loss 3.6 % > 3 %; jitter 42.4 ms > 30 ms |3 |220.0 |170.2 |- |23.9 |- |52.113.40.20:3479 |192.168.50.10:50004 |4 |7 |
1 |0x0000E65B |Video |X-H264UC |sent |50 |0.0 |- |- |- |- |14.8 |Good |- |0 |- |- |0 |512.0 |1100 |192.168.50.10:50024 |52.113.40.20:3480 |6 |- |
1 |0x0000044C |Screen sharing |X-H264UC |received |50 |0.0 |- |- |- |- |4.0 |Poor |frame rate 4.0 fps < 7 fps |0 |- |- |100 |120.5 |900 |52.113.40.20:3480 |192.168.50.10:50024 |7 |- |
3 |0x00000001 |Audio |PCMU |sent |30 |0.0 |0.50 |1.00 |- |- |- |- |- |0 |- |- |- |64.0 |- |192.168.50.10:50006 |198.51.100.8:3478 |421 |- |
- |0x12345678 |Unknown |PCMU |- |5 |0.0 |0.10 |0.20 |- |- |- |- |- |0 |- |- |- |64.0 |- |10.0.0.1:4000 |10.0.0.2:4000 |500 |- |
=====================================================================================================

=====================================================================================================
Skype Calls:
Filter for statistics: 
Call |First frame |Start (s) |Duration (s) |Client host |Remote party |Legs |Audio |Video |Screen |Data |Streams sent/received |Packets |Lost |Max jitter (ms) |DSCP |Worst MOS |Poor streams |
Skype/Teams calls
1 |1 |0.000 |3.765 |192.168.50.10 |Transport Relay |0 direct, 3 relayed, 0 TCP |2 |1 |1 |0 |Audio 1/1, Video 1/0, Screen sharing 0/1 |348 |3 |42.44 |as recommended |3.2 |2 |
2 |400 |5.000 |1.000 |192.168.50.10 |198.51.100.7 |1 direct, 0 relayed, 0 TCP |0 |0 |0 |0 |- |12 |0 |0.00 |- |- |0 |
3 |420 |6.000 |1.000 |192.168.50.10 |198.51.100.8 |1 direct, 0 relayed, 0 TCP |1 |0 |0 |0 |Audio 1/0 |30 |0 |1.00 |- |- |0 |
=====================================================================================================
"""

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
        "Poor: 0x000003E8 Audio received: loss 3.6 % > 3 %; jitter 42.4 ms > 30 ms",
        "Poor: 0x0000044C Screen sharing received: frame rate 4.0 fps < 7 fps"]
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
    assert lines[0] == ("capture,call,ssrc,kind,codec,direction,packets,lost_pct,mean_jitter_ms,max_jitter_ms,"
                        "rtt_ms,mos,frame_rate_fps,verdict,reasons,lost,max_rtt_ms,mean_rtt_ms,below_7_fps_pct,"
                        "bitrate_kbit_s,frame_size_bytes,source,destination,first_frame,extra_new")
    assert lines[2] == ("meeting.pcap,1,0x000003E8,Audio,SILK,received,80,3.6,12.59,42.44,180.5,3.2,,Poor,"
                        "loss 3.6 % > 3 %; jitter 42.4 ms > 30 ms,3,220.0,170.2,,23.9,,"
                        "52.113.40.20:3479,192.168.50.10:50004,4,7")
    assert lines[6].startswith("meeting.pcap,,0x12345678,Unknown,PCMU,")
    res = subprocess.run([str(ROOT / "tools" / "skype-export"), "-q", "--streams", "-T", "json", "-o", str(out),
                          str(cap)], env=fake_env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(l) for l in (out / "combined.streams.jsonl").read_text().splitlines()]
    assert len(rows) == 6
    assert rows[1] == {
        "capture": "meeting.pcap", "call": 1, "ssrc": "0x000003E8", "kind": "Audio", "codec": "SILK",
        "direction": "received", "packets": 80, "lost_pct": 3.6, "mean_jitter_ms": 12.59,
        "max_jitter_ms": 42.44, "rtt_ms": 180.5, "mos": 3.2, "frame_rate_fps": None, "verdict": "Poor",
        "reasons": "loss 3.6 % > 3 %; jitter 42.4 ms > 30 ms", "lost": 3, "max_rtt_ms": 220.0,
        "mean_rtt_ms": 170.2, "below_7_fps_pct": None, "bitrate_kbit_s": 23.9, "frame_size_bytes": None,
        "source": "52.113.40.20:3479", "destination": "192.168.50.10:50004", "first_frame": 4, "extra_new": 7}
    assert rows[5]["call"] is None and rows[0]["extra_new"] == "x"
    # text columns keep the table's `-`
    assert (rows[4]["verdict"], rows[4]["reasons"], rows[5]["direction"]) == ("-", "-", "-")
    assert lines[5] == ("meeting.pcap,3,0x00000001,Audio,PCMU,sent,30,0.0,0.50,1.00,,,,-,-,0,,,,64.0,,"
                        "192.168.50.10:50006,198.51.100.8:3478,421,")
