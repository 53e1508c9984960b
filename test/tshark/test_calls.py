# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark tests of modern Skype/Teams calls (docs/modern.md, "Calls").

Tag, never take over: Wireshark's STUN, RTP and RTCP dissection of a tagged
call is what plain tshark gives with Decode As RTP; the plugin adds
skype.call.*, skype.media.* and the calls table (-z skype,calls). The
captures are the project's own (captures/call_*.pcap, captures/README.md)
and the shared real conference call.
"""
import re

from conftest import own_capture, shared_capture, stat_table

CONFERENCE = "skype-conference-call.pcap"
CALL = ["skype.call.id", "skype.call.leg", "skype.conv.phase", "skype.media.kind", "skype.media.kind_rule",
        "skype.media.dscp_expected"]


def calls_table(tshark, cap, extra=(), two_pass=True):
    """Rows of -z skype,calls as {column: text}, in the table's order."""
    args = ["-q", "-r", str(tshark.capture(cap)), "-z", "skype,calls", *(["-2"] if two_pass else []), *extra]
    return stat_table(tshark.run(args).stdout)


def rtp_streams(tshark, cap, extra=()):
    """(src, sport, dst, dport, SSRC, packets, lost) of every stream of -z rtp,streams."""
    out = tshark.run(["-q", "-2", "-r", str(tshark.capture(cap)), "-z", "rtp,streams", *extra]).stdout
    streams = []
    for line in out.splitlines():
        m = re.search(r"(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(0x[0-9A-F]{8})\s.*?\s(\d+)\s+(-?\d+) \(", line)
        if m:
            streams.append(m.groups())
    return sorted(streams)


def protocols_without_skype(tshark, cap, extra=()):
    rows = tshark.fields(cap, ["frame.protocols"], extra=extra)
    return [r[0].replace(":skype", "") for r in rows]


def plain_layers(tshark_plain, cap, decode_as):
    """What plain Wireshark shows: STUN as it shows STUN without Decode As
    (from 4.4 on, Decode As RTP also puts an RTP layer over the port's STUN),
    everything else as with the Decode As that makes the media RTP."""
    without = protocols_without_skype(tshark_plain, cap)
    with_da = protocols_without_skype(tshark_plain, cap, decode_as)
    return [w if w.endswith(":stun") else d for w, d in zip(without, with_da)]


# --- the shared real conference call ----------------------------------

def test_conference_rtp_streams_as_with_decode_as(tshark, tshark_plain):
    """With the plugin and no Decode As, RTP Streams lists what plain
    Wireshark lists with Decode As RTP (the reference: SSRC 0xE074C700,
    31 packets, 0 lost)."""
    cap = shared_capture(CONFERENCE)
    ours = rtp_streams(tshark, cap)
    assert ours == rtp_streams(tshark_plain, cap, ["-d", "udp.port==60642,rtp"])
    assert ours == [("192.168.2.20", "49282", "104.46.40.49", "60642", "0xE074C700", "31", "0")]
    # without the plugin and without Decode As there is no stream at all
    assert rtp_streams(tshark_plain, cap) == []


def test_conference_dissection_unchanged(tshark, tshark_plain):
    """Every frame keeps the layers plain Wireshark gives with Decode As RTP
    (STUN, RTP, RTCP with Microsoft's extensions), plus the skype layer."""
    cap = shared_capture(CONFERENCE)
    assert protocols_without_skype(tshark, cap) == plain_layers(tshark_plain, cap, ["-d", "udp.port==60642,rtp"])
    rtcp = ["frame.number", "rtcp.pt", "rtcp.senderssrc"]
    assert tshark.fields(cap, rtcp, "rtcp") == \
        tshark_plain.fields(cap, rtcp, "rtcp", extra=["-d", "udp.port==60642,rtp"])
    assert tshark.count(cap, "rtcp") == 200 - 31 - 14 and tshark.count(cap, "stun") == 14


def test_conference_one_call_and_its_audio(tshark):
    cap = shared_capture(CONFERENCE)
    f = tshark.frames(cap, CALL + ["rtp.p_type", "rtp.setup-frame", "rtp.setup-method"])
    assert len(f) == 200 and all(v["skype.call.id"] == "1" and v["skype.call.leg"] == "1" for v in f.values())
    rtp = [n for n in f if f[n]["rtp.p_type"]]
    assert len(rtp) == 31
    silk = [n for n in rtp if f[n]["rtp.p_type"] == "104"]
    assert len(silk) == 30                                              # and one comfort noise (118)
    # SILK (104) and its comfort noise (118) are audio, by payload type
    assert all(f[n]["skype.media.kind"] == "1" and f[n]["skype.media.kind_rule"] == "2" for n in rtp)
    assert all(f[n]["skype.media.dscp_expected"] == "46" for n in rtp)
    # Wireshark's RTP says who set the stream up: the plugin, at frame 1
    assert all(f[n]["rtp.setup-frame"] == "1" and f[n]["rtp.setup-method"] == "SKYPE" for n in rtp)
    # the stream is marked best effort: one warning, on its first packet
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.dscp_mismatch")] == [8]


def test_conference_calls_table(tshark):
    rows = calls_table(tshark, shared_capture(CONFERENCE))
    assert rows == [{
        "Call": "1", "First frame": "1", "Start (s)": "0.000", "Duration (s)": "1.505",
        "Client host": "192.168.2.20", "Remote party": "104.46.40.49", "Legs": "1 direct, 0 relayed, 0 TCP",
        "Audio": "1", "Video": "0", "Screen": "0", "Data": "0", "Streams sent/received": "Audio 1/0", "Packets": "200", "Lost": "0", "Max jitter (ms)": "2.73",
        "DSCP": "1 Audio stream at 0 (want 46)", "Worst MOS": "4.4", "Poor streams": "0"}]


def test_decode_as_wins(tshark, tshark_plain):
    """A Decode As the user chooses is used on the tagged 5-tuple (here a
    wrong one: RTCP for everything on UDP 60642), exactly as without the
    plugin; the plugin's fields stay."""
    cap = shared_capture(CONFERENCE)
    d = ["-d", "udp.port==60642,rtcp"]
    assert protocols_without_skype(tshark, cap, d) == protocols_without_skype(tshark_plain, cap, d)
    assert tshark.count(cap, "rtp", extra=d) == 0
    assert tshark.count(cap, "skype.call.id == 1", extra=d) == 200
    # choosing RTP itself changes nothing
    assert rtp_streams(tshark, cap, ["-d", "udp.port==60642,rtp"]) == rtp_streams(tshark, cap)


def test_single_pass_same_calls(tshark):
    cap = shared_capture(CONFERENCE)
    one = tshark.fields(cap, ["frame.number", "skype.call.id", "skype.conv.phase"], two_pass=False)
    two = tshark.fields(cap, ["frame.number", "skype.call.id", "skype.conv.phase"])
    assert one == two


# --- the project's generated calls ---------------------------------------

def test_p2p_audio_video(tshark, tshark_plain):
    cap = own_capture("call_p2p_audio_video.pcap")
    f = tshark.frames(cap, CALL + ["udp.srcport", "udp.dstport", "rtp.p_type", "rtcp.pt"])
    assert len(f) == 226 and all(v["skype.call.id"] == "1" and v["skype.call.leg"] == "1" for v in f.values())
    audio = [n for n in f if {f[n]["udp.srcport"], f[n]["udp.dstport"]} == {"50010", "50012"}]
    video = [n for n in f if {f[n]["udp.srcport"], f[n]["udp.dstport"]} == {"50025", "50027"}]
    assert len(audio) + len(video) == 226
    media = [n for n in f if f[n]["rtp.p_type"] or f[n]["rtcp.pt"]]
    # what each 5-tuple carries decides (the RTP payload type; RTCP: the leg's first one), before
    # MS-SERVICE-QUALITY, which agrees here (type 1 audio, 2 video) but need not (teams.pcap)
    assert all(f[n]["skype.media.kind"] == "1" and f[n]["skype.media.kind_rule"] in ("2", "3") and
               f[n]["skype.media.dscp_expected"] == "46" for n in media if n in audio)
    assert all(f[n]["skype.media.kind"] == "2" and f[n]["skype.media.kind_rule"] in ("2", "3") and
               f[n]["skype.media.dscp_expected"] == "34" for n in media if n in video)
    assert all(f[n]["skype.media.kind_rule"] == "2" for n in media if f[n]["rtp.p_type"])
    # checks until the first media, then media (the consent check 107/111 too)
    assert [n for n in f if f[n]["skype.conv.phase"] == "6"] == list(range(1, 9))
    assert all(f[n]["skype.conv.phase"] == "8" for n in range(9, 227))
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.phase")] == [1, 9]
    assert tshark.count(cap, "skype.expert.dscp_mismatch") == 0
    d = ["-d", "udp.port==50012,rtp", "-d", "udp.port==50027,rtp"]
    ours = rtp_streams(tshark, cap)
    assert ours == rtp_streams(tshark_plain, cap, d)
    assert sorted((s[4], s[5], s[6]) for s in ours) == [
        ("0x1111AAAA", "60", "0"), ("0x2222BBBB", "60", "1"), ("0x3333CCCC", "45", "0"), ("0x4444DDDD", "45", "0")]
    assert protocols_without_skype(tshark, cap) == plain_layers(tshark_plain, cap, d)
    [row] = calls_table(tshark, cap)
    assert (row["Legs"], row["Audio"], row["Video"], row["Screen"], row["Packets"], row["Lost"], row["DSCP"]) == \
        ("2 direct, 0 relayed, 0 TCP", "2", "2", "0", "226", "1", "as recommended")


def test_relayed_call(tshark, tshark_plain):
    cap = own_capture("call_relayed.pcap")
    f = tshark.frames(cap, CALL + ["stun"])
    assert len(f) == 97 and all(v["skype.call.id"] == "1" for v in f.values())
    # the unanswered direct checks, then the relay's 5-tuple
    assert [f[n]["skype.call.leg"] for n in (1, 2, 3)] == ["1"] * 3
    assert all(f[n]["skype.call.leg"] == "2" for n in range(4, 98))
    # relay from the Allocate, media from the first RTP relayed in ChannelData (frame 14), teardown at Refresh 0
    assert [f[n]["skype.conv.phase"] for n in (1, 4, 12, 13, 14, 95, 96, 97)] == \
        ["6", "7", "7", "7", "8", "8", "9", "9"]
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.phase")] == [1, 4, 14, 96]
    # Allocate, 401, ..., ChannelData, Refresh: all Wireshark's STUN/TURN, as without the plugin
    assert tshark.count(cap, "stun") == tshark_plain.count(cap, "stun", extra=["-d", "udp.port==50030,stun"])
    assert tshark.count(cap, "stun.type == 0x0113") == 1                     # the 401
    # the relayed audio is analysed as direct audio is (issue 19): RTP inside ChannelData goes to RTP
    # through the plugin's "stun" heuristic, the same streams as plain Wireshark with rtp_stun, and
    # with rtp_stun on too never twice
    [row] = calls_table(tshark, cap)
    assert (row["Legs"], row["Audio"], row["Packets"], row["Lost"], row["DSCP"]) == \
        ("1 direct, 1 relayed, 0 TCP", "2", "97", "0", "as recommended")
    plain = rtp_streams(tshark_plain, cap, ["-d", "udp.port==50030,stun", "--enable-heuristic", "rtp_stun"])
    assert rtp_streams(tshark, cap) == plain and len(plain) == 2 and all(s[5] == "40" for s in plain)
    assert rtp_streams(tshark, cap, ["--enable-heuristic", "rtp_stun"]) == plain
    [row] = calls_table(tshark, cap, ["--enable-heuristic", "rtp_stun"])
    assert (row["Audio"], row["Lost"], row["DSCP"]) == ("2", "0", "as recommended")
    # switched off, the relayed media is STUN's data again (no stream); the phase still follows the bytes
    [row] = calls_table(tshark, cap, ["--disable-heuristic", "skype_stun_media"])
    assert row["Audio"] == "0"
    f = tshark.frames(cap, CALL, extra=["--disable-heuristic", "skype_stun_media"])
    assert f[14]["skype.conv.phase"] == "8"  # the phase is the call's rule, from the bytes, not RTP's


def test_screen_sharing(tshark):
    cap = own_capture("call_screen_share.pcap")
    f = tshark.frames(cap, CALL + ["udp.srcport", "udp.dstport", "rtp.p_type"])
    screen = [n for n in f if "50045" in (f[n]["udp.srcport"], f[n]["udp.dstport"]) and f[n]["rtp.p_type"]]
    assert len(screen) == 40
    # no MS-SERVICE-QUALITY on that 5-tuple: H.264 video, refined by the
    # screen-sharing port range 50040-50059
    assert all(f[n]["skype.media.kind"] == "3" and f[n]["skype.media.kind_rule"] == "3" and
               f[n]["skype.media.dscp_expected"] == "18" for n in screen)
    assert all(v["skype.call.id"] == "1" for v in f.values())
    [row] = calls_table(tshark, cap)
    assert (row["Audio"], row["Video"], row["Screen"], row["DSCP"]) == ("2", "0", "1", "as recommended")


def test_best_effort_marking(tshark):
    cap = own_capture("call_best_effort.pcap")
    warned = [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.dscp_mismatch")]
    first_rtp = {}
    for n, ssrc, src in tshark.fields(cap, ["frame.number", "rtp.ssrc", "ip.src"], "rtp"):
        first_rtp.setdefault((ssrc, src), int(n))
    # both hosts mark 0; only the client host's own stream is its marking (issue 24): the one warning
    assert len(first_rtp) == 2
    assert warned == [n for (ssrc, src), n in first_rtp.items() if src == "192.168.10.21"]
    [row] = calls_table(tshark, cap)
    assert row["DSCP"] == "1 Audio stream at 0 (want 46)"


def test_two_overlapping_calls(tshark):
    cap = own_capture("call_two_overlapping.pcap")
    f = tshark.frames(cap, ["skype.call.id", "udp.srcport", "udp.dstport"])
    by_port = {}
    for v in f.values():
        by_port.setdefault(min(v["udp.srcport"], v["udp.dstport"]), set()).add(v["skype.call.id"])
    assert by_port == {"50002": {"1"}, "50006": {"2"}}
    rows = calls_table(tshark, cap)
    assert [(r["Call"], r["First frame"], r["Client host"], r["Packets"]) for r in rows] == \
        [("1", "1", "192.168.10.22", "66"), ("2", "31", "192.168.10.22", "66")]


def test_negatives_stay_untagged(tshark, tshark_plain):
    """A WebRTC call (standard ICE, no Microsoft attributes or addresses) and
    SIP with RTP: nothing tagged, dissection as without the plugin."""
    cap = own_capture("call_negatives.pcap")
    assert tshark.count(cap, "skype") == 0
    assert calls_table(tshark, cap) == []
    assert rtp_streams(tshark, cap) == rtp_streams(tshark_plain, cap) and len(rtp_streams(tshark, cap)) == 2
    assert protocols_without_skype(tshark, cap) == protocols_without_skype(tshark_plain, cap)


def test_unidirectional_teams_relay_ports(tshark):
    """stun_msteams_unidir.pcapng: media from a Transport Relay's audio port
    3479 (52.115.136.55): a relayed leg, RTCP of kind audio by the port."""
    cap = shared_capture("stun_msteams_unidir.pcapng")
    f = tshark.frames(cap, CALL + ["rtcp.pt"])
    assert all(v["skype.call.id"] == "1" and v["skype.call.leg"] == "2" for v in f.values())
    rtcp = [n for n in f if f[n]["rtcp.pt"]]
    assert rtcp and all(f[n]["skype.media.kind"] == "1" and f[n]["skype.media.kind_rule"] == "3" for n in rtcp)


def test_calls_do_not_touch_legacy_captures(tshark):
    """Legacy Skype and non-Skype captures have no calls."""
    for cap in [own_capture("udp_probe_full_positive.pcap"), own_capture("udp_nonskype_mix.pcap")]:
        assert tshark.count(cap, "skype.call.id") == 0
        assert calls_table(tshark, cap) == []


def test_unrecognised_payload_is_not_media(tshark):
    """A relay 5-tuple that carries, after its STUN, datagrams that are none of STUN, ChannelData,
    0xFF10, DTLS, RTP or RTCP (teams_relay_unrecognised.pcap, the shape of nDPI's teams.pcap flight
    proxy on 3478): labelled an unrecognised payload, never media; the call's phase stays relay; no
    stream (issue 19)."""
    cap = own_capture("teams_relay_unrecognised.pcap")
    f = tshark.frames(cap, CALL + ["skype.expert.unrecognised_payload", "_ws.col.Info"])
    odd = [n for n in range(5, 33)]
    assert all(f[n]["skype.expert.unrecognised_payload"] == "1" for n in odd)
    assert all(f[n]["_ws.col.Info"].startswith("Unrecognised payload, ") for n in odd)
    assert all(f[n]["skype.conv.phase"] == "7" for n in range(1, 33))   # relay, from the Allocate
    assert not any("Media" in v["_ws.col.Info"] for v in f.values())
    # the second client's 5-tuple, tagged by the relay range alone, has no STUN: no phase is known,
    # and nothing a call places: no call, no leg (issue 24, as teams.pcap's flight-proxy flow)
    assert all(f[n]["skype.conv.phase"] == "" and f[n]["skype.expert.unrecognised_payload"] == "1" and
               f[n]["skype.call.id"] == "" and f[n]["skype.call.leg"] == "" for n in range(35, 59))
    assert tshark.count(cap, "skype.conv.phase == 8") == 0
    rows = calls_table(tshark, cap)
    assert [(r["Client host"], r["Audio"], r["Video"], r["Screen"], r["Data"]) for r in rows] == \
        [("192.168.50.90", "0", "0", "0", "0")]


# --- issue 19's grouping rules on the Teams shapes (docs/modern.md, "Calls") ---

def summary(tshark, cap):
    """(Call, First frame, Client host, Legs, Audio, Video, Screen) per row of the calls table."""
    return [(r["Call"], r["First frame"], r["Client host"], r["Legs"], r["Audio"], r["Video"], r["Screen"])
            for r in calls_table(tshark, own_capture(cap))]


def test_meeting_three_sessions_one_call(tshark):
    """Audio, video and sharing in three ICE sessions (own pairs, own ports)
    to one conference server: one call (rule 2)."""
    assert summary(tshark, "teams_meeting_three_sessions.pcap") == \
        [("1", "1", "192.168.50.10", "0 direct, 3 relayed, 0 TCP", "2", "2", "1")]
    assert tshark.count(own_capture("teams_meeting_three_sessions.pcap"), "skype.call.id != 1") == 0


def test_alloc_before_checks_one_call_no_teardown(tshark):
    """teams.pcap's shape: [MS-TURN] allocations from the media ports and
    their RTCP ports (one answered from another relay address), TCP relay
    candidates from four media ports, then the checks of two sessions, the
    peer's first: one call (the ports, the transaction, the last resort);
    releasing the allocations (Allocate LIFETIME 0) does not tear the call
    down while the media goes on; every TCP frame is the call's, relay phase."""
    cap = own_capture("teams_alloc_before_checks.pcap")
    assert summary(tshark, "teams_alloc_before_checks.pcap") == \
        [("1", "3", "192.168.50.20", "4 direct, 6 relayed, 4 TCP", "2", "2", "0")]
    assert tshark.count(cap, "skype.conv.phase == 9") == 0
    assert tshark.count(cap, "skype.call.id == 2") == 0
    assert tshark.count(cap, "tcp && !(skype.call.id == 1 && skype.call.leg == 3 && skype.conv.phase == 7)") == 0
    assert tshark.count(cap, "skype.expert.unrecognised_payload") == 0
    [row] = calls_table(tshark, cap)
    assert row["Remote party"] == "198.51.100.120"


def test_relayed_sessions_one_call(tshark):
    """Two relayed sessions (audio, video) of one call, in ChannelData and in
    0xFF10: one call; the client host is the private side, never the relay."""
    assert summary(tshark, "teams_relayed_channeldata.pcap") == \
        [("1", "1", "192.168.50.40", "2 direct, 2 relayed, 0 TCP", "2", "1", "0")]
    assert summary(tshark, "teams_relayed_ff10.pcap") == \
        [("1", "1", "192.168.50.50", "0 direct, 2 relayed, 0 TCP", "2", "1", "0")]


def test_tls_relay_leg_joins_the_call(tshark):
    """A TLS connection from the call's video port to a Transport Relay on
    443 (SNI, or the certificate alone) is the call's TCP leg (3) with the
    video kind of its port (rule 5)."""
    for cap, host in (("teams_tls_relay_sni.pcap", "192.168.50.30"),
                      ("teams_tls_relay_cert_only.pcap", "192.168.50.31")):
        assert summary(tshark, cap) == [("1", "1", host, "2 direct, 0 relayed, 1 TCP", "2", "2", "0")]
        rows = tshark.fields(own_capture(cap), ["skype.call.id", "skype.call.leg", "skype.media.kind"],
                             "tcp.port == 443 && skype")
        assert rows and all(r == ["1", "3", "2"] for r in rows)


def test_two_calls_two_parties(tshark):
    """Two calls of one host at once with different remote parties: two."""
    assert summary(tshark, "teams_two_calls_two_parties.pcap") == \
        [("1", "1", "192.168.50.60", "2 direct, 0 relayed, 0 TCP", "2", "2", "0"),
         ("2", "57", "192.168.50.60", "2 direct, 0 relayed, 0 TCP", "2", "2", "0")]


def test_second_call_same_ports(tshark):
    """A new call on the same ports a minute after the first: two calls,
    each with its own frames (rule 4: the 30 s gap)."""
    cap = own_capture("teams_second_call_same_ports.pcap")
    assert summary(tshark, "teams_second_call_same_ports.pcap") == \
        [("1", "1", "192.168.50.80", "2 direct, 2 relayed, 0 TCP", "2", "2", "0"),
         ("2", "151", "192.168.50.80", "2 direct, 2 relayed, 0 TCP", "2", "2", "0")]
    f = tshark.frames(cap, ["skype.call.id", "frame.time_relative"])
    assert all(v["skype.call.id"] == ("1" if float(v["frame.time_relative"]) < 30 else "2") for v in f.values())
    # single pass: the same
    assert [r["First frame"] for r in calls_table(tshark, cap, two_pass=False)] == ["1", "151"]


def test_existing_numbers_kept(tshark):
    """call_two_overlapping.pcap stays two calls, the conference call one."""
    assert [r[0] for r in summary(tshark, "call_two_overlapping.pcap")] == ["1", "2"]
    assert len(calls_table(tshark, shared_capture(CONFERENCE))) == 1


def test_calls_table_remote_party_and_directions(tshark):
    """The calls table names the remote party of each call and counts the streams each way (issue 19,
    item 4): the two concurrent calls of one host go to two parties; a call relayed where no TURN
    message names the peer goes to "Transport Relay"."""
    rows = calls_table(tshark, own_capture("teams_two_calls_two_parties.pcap"))
    assert [(r["Remote party"], r["Streams sent/received"]) for r in rows] == [
        ("198.51.100.161", "Audio 1/1, Video 1/1"), ("198.51.100.162", "Audio 1/1, Video 1/1")]
    [row] = calls_table(tshark, own_capture("teams_meeting_three_sessions.pcap"))
    assert (row["Remote party"], row["Streams sent/received"]) == \
        ("Transport Relay", "Audio 1/1, Video 1/1, Screen sharing 1/0")
    [row] = calls_table(tshark, own_capture("teams_relayed_channeldata.pcap"))
    assert (row["Remote party"], row["Streams sent/received"]) == ("198.51.100.140", "Audio 1/1, Video 1/0")
    [row] = calls_table(tshark, own_capture("teams_relay_unrecognised.pcap"))[:1]
    assert row["Streams sent/received"] == "-"
