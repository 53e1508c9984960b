# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark tests of stream quality (docs/quality.md): the streams table
(-z skype,streams), the per-second figures (-z skype,seconds), the calls
table's Worst MOS and Poor streams, skype.media.poor and
skype.expert.poor_stream, and the verdict preferences, on the shared real
conference call and the project's Teams captures. The figures against
captures with known loss, jitter, round trip and frame rate are in
test_quality.py.
"""
import re
from collections import Counter

from conftest import own_capture, shared_capture, stat_table

CONFERENCE = "skype-conference-call.pcap"


def streams(tshark, cap, extra=()):
    out = tshark.run(["-q", "-2", "-r", str(tshark.capture(cap)), "-z", "skype,streams", *extra]).stdout
    return stat_table(out)


def seconds(tshark, cap):
    out = tshark.run(["-q", "-2", "-r", str(tshark.capture(cap)), "-z", "skype,seconds"]).stdout
    assert "Call |SSRC |Kind |Second |Packets |Bytes |Lost |Max jitter (ms) |Frames |" in out
    return stat_table(out)


def rtp_counts(tshark, cap):
    """Packets per SSRC as Wireshark's RTP dissector shows them."""
    return Counter(int(r[0], 16) for r in tshark.fields(cap, ["rtp.ssrc"], display_filter="rtp"))


def test_conference_silk_stream_good(tshark):
    """Issue 20: the shared conference call's SILK stream is Good, MOS >= 4.0;
    the values that cannot be known are '-', never 0."""
    rows = streams(tshark, shared_capture(CONFERENCE))
    assert len(rows) == 1
    r = rows[0]
    assert (r["Call"], r["SSRC"], r["Kind"], r["Codec"], r["Direction"]) == ("1", "0xE074C700", "Audio", "SILK", "sent")
    assert r["Source"] == "192.168.2.20:49282" and r["Destination"] == "104.46.40.49:60642"
    assert int(r["Packets"]) == rtp_counts(tshark, shared_capture(CONFERENCE))[0xE074C700] == 31
    assert r["Verdict"] == "Good" and r["Reasons"] == "-"
    assert float(r["MOS"]) >= 4.0
    # its RTCP is SRTCP with the E flag set (encrypted): no round trip; audio has no frame rate
    for col in ("RTT (ms)", "Max RTT (ms)", "Frame rate (fps)", "Below 7 fps (%)", "Frame size (bytes)"):
        assert r[col] == "-", col
    calls = stat_table(tshark.run(["-q", "-2", "-r", str(tshark.capture(shared_capture(CONFERENCE))), "-z",
                              "skype,calls"]).stdout)
    assert calls[0]["Worst MOS"] == r["MOS"] and calls[0]["Poor streams"] == "0"


def test_streams_match_rtp(tshark):
    """One row per SSRC and direction, with the packets Wireshark's RTP shows,
    kinds and directions as the capture's ports say (teams_meeting_three_sessions:
    audio 50004/3479, video 50024/3480, screen sharing 50044/3481)."""
    cap = own_capture("teams_meeting_three_sessions.pcap")
    rows = streams(tshark, cap)
    counts = rtp_counts(tshark, cap)
    assert {int(r["SSRC"], 16): int(r["Packets"]) for r in rows} == dict(counts)
    kinds = sorted((r["Kind"], r["Direction"]) for r in rows)
    assert kinds == [("Audio", "received"), ("Audio", "sent"), ("Screen sharing", "sent"), ("Video", "received"),
                     ("Video", "sent")]
    for r in rows:
        assert r["Verdict"] == "Good"
        if r["Kind"] == "Audio":
            assert r["Codec"] == "SILK" and float(r["MOS"]) >= 4.0 and r["Frame rate (fps)"] == "-"
        else:
            assert r["Codec"] == "X-H264UC" and r["MOS"] == "-" and r["Frame size (bytes)"] != "-"


def test_seconds_add_up(tshark):
    """The per-second rows of each stream add up to its packets and bytes in
    the streams table; seconds count from the capture's first frame."""
    cap = own_capture("call_p2p_audio_video.pcap")
    rows = streams(tshark, cap)
    per = seconds(tshark, cap)
    assert per
    for r in rows:
        mine = [s for s in per if s["SSRC"] == r["SSRC"]]
        assert sum(int(s["Packets"]) for s in mine) == int(r["Packets"])
        assert sum(int(s["Lost"]) for s in mine) == int(r["Lost"])
        assert [int(s["Second"]) for s in mine] == sorted({int(s["Second"]) for s in mine})
        if r["Kind"] != "Audio":   # frame size = bytes / frames over the stream
            frames = sum(int(s["Frames"]) for s in mine)
            assert abs(sum(int(s["Bytes"]) for s in mine) / frames - float(r["Frame size (bytes)"])) <= 0.5
        assert all(s["Call"] == r["Call"] and s["Kind"] == r["Kind"] for s in mine)
        assert all((s["Frames"] == "-") == (r["Kind"] == "Audio") for s in mine)


def test_lost_packet_counted(tshark):
    """call_p2p_audio_video.pcap leaves out one packet of the received audio
    (captures/README.md): Lost 1 on that stream, 0 elsewhere."""
    rows = streams(tshark, own_capture("call_p2p_audio_video.pcap"))
    assert sorted((r["SSRC"], r["Lost"]) for r in rows) == [
        ("0x1111AAAA", "0"), ("0x2222BBBB", "1"), ("0x3333CCCC", "0"), ("0x4444DDDD", "0")]
    lossy = next(r for r in rows if r["SSRC"] == "0x2222BBBB")
    expected = int(lossy["Packets"]) + 1
    assert lossy["Lost (%)"] == f"{100.0 / expected:.1f}"


def test_limits_are_preferences(tshark):
    """Stricter limits make the conference call's SILK stream Poor, with one
    warning on the frame where its mean jitter first passes the limit."""
    cap = shared_capture(CONFERENCE)
    prefs = ["-o", "skype.poor_min_packets:10", "-o", "skype.poor_audio_jitter:1"]
    rows = streams(tshark, cap, prefs)
    assert rows[0]["Verdict"] == "Poor" and rows[0]["Reasons"].startswith("jitter ")
    hits = tshark.fields(cap, ["frame.number", "skype.media.poor"], display_filter="skype.media.poor",
                         extra=prefs)
    assert hits == [["78", "0xe074c700"]]
    assert tshark.count(cap, "skype.expert.poor_stream", extra=prefs) == 1
    # the default limits: no warning
    assert tshark.count(cap, "skype.media.poor") == 0


def test_no_streams_without_skype(tshark):
    """Non-Skype captures give an empty streams table and no seconds."""
    for name in ("udp_nonskype_mix.pcap", "modern_negatives.pcap"):
        cap = own_capture(name)
        out = tshark.run(["-q", "-2", "-r", str(tshark.capture(cap)), "-z", "skype,streams"]).stdout
        assert "Skype/Teams streams" in out and not re.search(r"^(\d+|-) \|", out, re.M)
        assert seconds(tshark, cap) == []
