# SPDX-License-Identifier: GPL-2.0-or-later
"""TURN over TCP (docs/modern.md, "TURN over TCP"): Teams' media relayed over
TCP 443 when UDP is blocked, as a call's TCP leg.

captures/turn_tcp_443.pcap (captures/README.md): the call's UDP check
(frames 1-2), then TCP 192.168.20.30:51000 -> 52.113.5.20:443, a Microsoft
relay: Allocate with MS-VERSION and MS-MULTIPLEXED-TURN-SESSION-ID (6), 401
(7), Allocate with credentials (8), its success split over frames 9-10,
CreatePermission and ChannelBind in one segment (11), their successes
(12-13), Send/Data indications with the relayed ICE check (14-15),
ChannelData (16-19), Refresh with LIFETIME 0 (20-21), FIN (22-23); then
another host's Allocate over TCP 3478 (STUN's port) to the relay range
52.114.7.7 without Microsoft attributes (24-30), tagged by the range; STUN
over TCP 443 to 203.0.113.50 without them (31-37), which stays untagged.

Tag, never take over: without Decode As, the frames are what plain tshark
shows with Decode As tcp.port==443 -> STUN, plus the skype layer.
"""
from conftest import own_capture

from test_calls import calls_table, protocols_without_skype

CAP = "turn_tcp_443.pcap"
FIELDS = ["skype.call.id", "skype.call.leg", "skype.conv.phase", "skype.conv.evidence", "skype.tcp.mode",
          "skype.stun.method", "skype.stun.ms_attributes", "skype.conv.first_frame", "frame.protocols"]
PAYLOAD = list(range(6, 22))  # TCP frames with payload of the relay connection
TCP_LEG = list(range(3, 24))  # the whole relay connection, SYN to FIN
BY_RANGE = list(range(24, 31))
NEGATIVE = list(range(31, 38))


def frames(tshark, two_pass=True):
    rows = tshark.fields(own_capture(CAP), ["frame.number", *FIELDS], two_pass=two_pass,
                         extra=["-E", "occurrence=a"])
    return {int(r[0]): dict(zip(FIELDS, r[1:])) for r in rows}


def test_tcp_leg_joins_the_call(tshark):
    for two_pass in (True, False):
        f = frames(tshark, two_pass)
        assert len(f) == 37
        # single pass: the handshake comes before the tag; -2 annotates it too
        tagged = TCP_LEG if two_pass else list(range(6, 24))
        assert all(f[n]["skype.call.id"] == "1" for n in [1, 2] + tagged), two_pass
        assert [f[n]["skype.call.leg"] for n in (1, 2)] == ["1", "1"]
        assert all(f[n]["skype.call.leg"] == "3" for n in tagged)
        assert all(f[n]["skype.conv.evidence"] == "10" and f[n]["skype.conv.first_frame"] == "6" for n in tagged)
        assert all(f[n]["skype.tcp.mode"] == "10" for n in PAYLOAD)
        # phases: the UDP check is call set-up, Allocate on relay, Refresh 0 and FIN teardown
        assert [f[n]["skype.conv.phase"] for n in (1, 2)] == ["6", "6"]
        assert all(f[n]["skype.conv.phase"] == "7" for n in range(6, 16))
        # RTP in ChannelData (frames 16-19) is media, relayed as it is (issue 19)
        assert all(f[n]["skype.conv.phase"] == "8" for n in range(16, 20))
        assert all(f[n]["skype.conv.phase"] == "9" for n in range(20, 24))
        assert all(f[n]["skype.call.id"] == "" for n in NEGATIVE)


def test_stun_messages_of_each_segment(tshark):
    for two_pass in (True, False):
        f = frames(tshark, two_pass)
        methods = {n: f[n]["skype.stun.method"] for n in PAYLOAD}
        assert methods == {
            6: "0x0003", 7: "0x0003", 8: "0x0003",
            9: "0x0003",             # the success begins here ...
            10: "",                  # ... and ends here: no message starts in frame 10
            11: "0x0008,0x0009",     # CreatePermission and ChannelBind back to back
            12: "0x0008", 13: "0x0009", 14: "0x0006", 15: "0x0007",
            16: "", 17: "", 18: "", 19: "",  # ChannelData
            20: "0x0004", 21: "0x0004"}, two_pass
        # MS-VERSION (0x0001) and MS-MULTIPLEXED-TURN-SESSION-ID (0x0040)
        assert [f[n]["skype.stun.ms_attributes"] for n in (6, 7, 8, 20)] == ["0x0041", "", "0x0041", "0x0001"]
        assert f[1]["skype.stun.ms_attributes"] == "0x0030"  # the UDP check: 0x8070, 0x8054


def test_dissected_as_plain_stun_over_tcp(tshark, tshark_plain):
    cap = own_capture(CAP)
    # plain Wireshark with its RTP-over-TURN heuristic: the plugin's own "stun" heuristic hands the
    # relayed RTP of a tagged call to RTP the same way
    plain = protocols_without_skype(tshark_plain, cap, ["-d", "tcp.port==443,stun", "--enable-heuristic", "rtp_stun"])
    relay = list(range(0, 23))  # rows of frames 1-23
    for two_pass in (True, False):
        ours = [r[0] for r in tshark.fields(cap, ["frame.protocols"], two_pass=two_pass)]
        assert [p.replace(":skype", "") for p in ours][:23] == plain[:23]
        # the skype layer right over TCP (UDP) on every STUN frame
        assert all(":skype:stun" in ours[i] for i in relay if ":stun" in plain[i])
    assert tshark.count(cap, "stun && tcp.stream == 0") == 15
    assert tshark_plain.count(cap, "stun && tcp.stream == 0", extra=["-d", "tcp.port==443,stun"]) == 15


def test_negative_stays_untagged(tshark, tshark_plain):
    """STUN over TCP 443 to an address outside the relay ranges, only IETF
    attributes (SOFTWARE, FINGERPRINT): no tag; 443 stays TLS's."""
    cap = own_capture(CAP)
    f = frames(tshark)
    assert all(not any(f[n][k] for k in FIELDS[:-1]) for n in NEGATIVE)
    assert protocols_without_skype(tshark, cap)[30:] == protocols_without_skype(tshark_plain, cap)[30:]
    assert tshark.count(cap, "skype && tcp.stream == 2") == 0


def test_calls_table_counts_the_tcp_leg(tshark):
    for two_pass in (True, False):
        rows = calls_table(tshark, own_capture(CAP), two_pass=two_pass)
        assert [(r["Call"], r["First frame"], r["Client host"], r["Legs"], r["Packets"]) for r in rows] == [
            ("1", "1", "192.168.20.30", "1 direct, 0 relayed, 1 TCP", "18"),
            ("2", "27", "192.168.20.32", "0 direct, 0 relayed, 1 TCP", "2")]


def test_decode_as_wins(tshark):
    """With Decode As for 443 the user's choice has the port: STUN dissects
    the connection, the plugin does not tag it (3478 is still tagged)."""
    cap = own_capture(CAP)
    assert tshark.count(cap, "stun && tcp", extra=["-d", "tcp.port==443,stun"]) == 19
    assert tshark.count(cap, "skype && tcp.port == 443", extra=["-d", "tcp.port==443,stun"]) == 0
    assert tshark.count(cap, "skype && tcp.port == 3478", extra=["-d", "tcp.port==443,stun"]) == 7


def test_relay_range_alone_on_stun_port(tshark, tshark_plain):
    """TCP 3478, which STUN owns: an Allocate to the relay range without
    Microsoft attributes tags the connection (evidence 11) through the
    plugin's port front, STUN still dissects it; with the range preference
    emptied, nothing is tagged."""
    cap = own_capture(CAP)
    for two_pass in (True, False):
        f = frames(tshark, two_pass)
        tagged = BY_RANGE if two_pass else list(range(27, 31))
        assert all((f[n]["skype.call.id"], f[n]["skype.call.leg"], f[n]["skype.conv.evidence"]) == ("2", "3", "11")
                   for n in tagged)
        assert [f[n]["skype.conv.phase"] for n in range(27, 31)] == ["7", "7", "9", "9"]
        assert [f[n]["skype.stun.method"] for n in (27, 28)] == ["0x0003", "0x0003"]
    assert protocols_without_skype(tshark, cap)[23:30] == protocols_without_skype(tshark_plain, cap)[23:30]
    assert tshark.count(cap, "skype && tcp.port == 3478", extra=["-o", "skype.relay_ranges:"]) == 0
