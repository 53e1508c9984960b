# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark tests of modern Skype/Teams tagging (docs/modern.md) and the statistics tree."""
from conftest import own_capture, shared_capture

CONV = ["skype.conv.phase", "skype.conv.evidence", "skype.conv.first_frame", "stun", "skype.stun.method"]


def test_conference_call_every_frame_tagged(tshark):
    cap = shared_capture("skype-conference-call.pcap")
    assert tshark.count(cap, "frame") == 200
    assert tshark.count(cap, "skype") == 200
    f = tshark.frames(cap, CONV)
    stun = [n for n in f if f[n]["stun"]]
    assert len(stun) == 14
    # the checks before the first media are call setup; everything from the
    # first RTP on is media, the consent checks during media included
    assert [n for n in f if f[n]["skype.conv.phase"] == "6"] == list(range(1, 8))
    assert all(f[n]["skype.conv.phase"] == "8" for n in range(8, 201))
    assert all(f[n]["skype.conv.evidence"] == "10" and f[n]["skype.conv.first_frame"] == "1" for n in f)
    # STUN stays Wireshark's STUN
    assert tshark.count(cap, "stun.type == 0x0001") == 7
    # one phase-change entry per call phase change
    changes = [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.phase")]
    assert changes == [1, 8]


def test_teams_unidirectional(tshark):
    cap = shared_capture("stun_msteams_unidir.pcapng")
    f = tshark.frames(cap, CONV + ["skype.stun.ms_attributes"])
    assert len(f) == 12 and all(v["skype.conv.phase"] for v in f.values())
    assert f[1]["skype.stun.ms_attributes"] == "0x0010"         # MS-IMPLEMENTATION-VERSION
    # one Binding response, then media through the relay: consent checks
    # (frames 6, 7, 9) during media stay media
    assert [n for n in f if f[n]["skype.conv.phase"] == "6"] == [1]
    assert tshark.count(cap, "skype") == 12
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.phase")] == [1, 2]


def test_turn_allocate_relay_and_teardown(tshark, tshark_plain):
    cap = own_capture("modern_turn_allocate.pcap")
    f = tshark.frames(cap, CONV)
    assert [f[n]["skype.conv.phase"] for n in range(1, 8)] == ["7", "7", "7", "7", "7", "9", "9"]
    assert [f[n]["skype.stun.method"] for n in (1, 3, 4, 6)] == ["0x0003", "0x0006", "0x0007", "0x0004"]
    # ChannelData (frame 5) stays Wireshark's STUN/TURN, as without the plugin
    assert f[5]["stun"] != ""
    assert tshark.count(cap, "stun") == tshark_plain.count(cap, "stun") == 7
    assert tshark.count(cap, "_ws.malformed") == 0


def test_tls_with_skype_server_name(tshark, tshark_plain):
    cap = own_capture("modern_tls_sni.pcap")
    f = tshark.frames(cap, CONV + ["tls.handshake.extensions_server_name"])
    assert len(f) == 10 and all(f[n]["skype.conv.evidence"] == "7" for n in f)
    assert [f[n]["skype.conv.phase"] for n in range(1, 11)] == ["5"] * 7 + ["9"] * 3
    assert f[4]["tls.handshake.extensions_server_name"] == "api.teams.microsoft.com"
    # TLS keeps its dissection
    assert tshark.count(cap, "tls") == tshark_plain.count(cap, "tls") == 4


def test_modern_negatives(tshark):
    cap = own_capture("modern_negatives.pcap")
    assert tshark.count(cap, "frame") == 14
    assert tshark.count(cap, "skype") == 0
    assert tshark.count(cap, "stun") == 4 and tshark.count(cap, "tls") == 4


def test_stun_classic_untagged(tshark):
    assert tshark.count(shared_capture("stun_classic.pcap"), "skype") == 0


def test_name_preference_changes_tagging(tshark):
    cap = own_capture("modern_tls_sni.pcap")
    assert tshark.count(cap, "skype", extra=["-o", "skype.names:*.example.org"]) == 0
    assert tshark.count(own_capture("modern_negatives.pcap"), "skype.conv.evidence == 7",
                        extra=["-o", "skype.names:*.example.org"]) == 10


def test_relay_range_preference(tshark):
    """Without Microsoft attributes, UDP 3478 to a relay range is tagged (evidence 11)."""
    cap = own_capture("modern_negatives.pcap")
    f = tshark.frames(cap, CONV, "udp", extra=["-o", "skype.relay_ranges:192.0.2.44/32"])
    assert [n for n in f if f[n]["skype.conv.evidence"] == "11"] == [11, 12]
    assert f[13]["skype.conv.phase"] == ""


def test_stats_tree(tshark):
    cap = own_capture("tcp_sn_handshake.pcap")
    out = tshark.run(["-2", "-q", "-r", str(tshark.capture(cap)), "-z", "skype,tree"]).stdout
    assert "Skype/Phases and evidence" in out
    counts = {}
    for l in out.splitlines():
        parts = l.rstrip().split("  ")
        parts = [p.strip() for p in parts if p.strip()]
        if len(parts) >= 2 and parts[1].isdigit():
            counts.setdefault(parts[0], int(parts[1]))
    assert counts["Skype frames"] == 17
    assert counts["SN discovery"] == 4 and counts["SN handshake"] == 8
    assert counts["SN session"] == 2 and counts["Teardown"] == 3
    assert counts["10.0.0.20"] == 17


def test_dns_then_tls_without_sni(tshark):
    cap = own_capture("modern_dns_tls.pcap")
    f = tshark.frames(cap, CONV)
    assert all(f[n]["skype.conv.evidence"] == "9" for n in range(5, 15))
    assert [f[n]["skype.conv.phase"] for n in range(5, 15)] == ["5"] * 7 + ["9"] * 3
    assert all(f[n]["skype.conv.phase"] == "" for n in list(range(1, 5)) + list(range(15, 25)))
    assert tshark.count(cap, "dns") == 4 and tshark.count(cap, "tls") == 8


def test_tls_certificate_name(tshark):
    """TLS without SNI; the server's certificate (CN *.teams.microsoft.com) tags it."""
    cap = own_capture("modern_tls_cert.pcap")
    f = tshark.frames(cap, CONV + ["_ws.malformed"])
    assert all(f[n]["skype.conv.evidence"] == "8" for n in range(1, 11))
    assert [f[n]["skype.conv.phase"] for n in range(1, 11)] == ["5"] * 7 + ["9"] * 3
    assert all(f[n]["skype.conv.first_frame"] == "5" for n in f)
    assert tshark.count(cap, "_ws.malformed") == 0
    # one phase-change entry per change: SN session at the certificate, teardown at the FIN
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.phase")] == [5, 8]
    # single pass: from the certificate on
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype", two_pass=False)] == list(range(5, 11))
    # another name list: untagged
    assert tshark.count(cap, "skype", extra=["-o", "skype.names:*.example.org"]) == 0


# skype.conv.confidence (docs/modern.md, "Confidence"): 3 Skype's own signature or Microsoft STUN
# attributes, 2 server name or certificate, 1 DNS answer, link or range alone.

def test_confidence_microsoft_stun(tshark):
    """Evidence 10 -> confidence 3 on every frame of the conference call."""
    cap = shared_capture("skype-conference-call.pcap")
    f = tshark.frames(cap, ["skype.conv.evidence", "skype.conv.confidence"])
    assert len(f) == 200
    assert all(v["skype.conv.evidence"] == "10" and v["skype.conv.confidence"] == "3" for v in f.values())
    assert tshark.count(cap, "skype.conv.confidence >= 2") == 200


def test_confidence_names_dns_and_range(tshark):
    # TLS server name: evidence 7 -> 2 on all 10 frames
    f = tshark.frames(own_capture("modern_tls_sni.pcap"), ["skype.conv.evidence", "skype.conv.confidence"])
    assert len(f) == 10 and all(v["skype.conv.confidence"] == "2" for v in f.values())
    # certificate name: evidence 8 -> 2
    cap = own_capture("modern_tls_cert.pcap")
    assert tshark.count(cap, "skype.conv.evidence == 8 && skype.conv.confidence == 2") == 10
    # DNS answer: evidence 9 -> 1 on frames 5-14; the untagged frames have no confidence
    cap = own_capture("modern_dns_tls.pcap")
    f = tshark.frames(cap, ["skype.conv.evidence", "skype.conv.confidence"])
    assert [n for n in f if f[n]["skype.conv.confidence"] == "1"] == list(range(5, 15))
    assert all(f[n]["skype.conv.confidence"] == "" for n in list(range(1, 5)) + list(range(15, 25)))
    assert tshark.count(cap, "skype.conv.confidence >= 2") == 0
    # address range alone: evidence 11 -> 1
    f = tshark.frames(own_capture("modern_negatives.pcap"), ["skype.conv.evidence", "skype.conv.confidence"],
                      "skype", extra=["-o", "skype.relay_ranges:192.0.2.44/32"])
    assert f == {11: {"skype.conv.evidence": "11", "skype.conv.confidence": "1"},
                 12: {"skype.conv.evidence": "11", "skype.conv.confidence": "1"}}


def test_confidence_filter_separates_weak_evidence(tshark):
    """One filter keeps names and stronger, drops DNS and range tags."""
    cap = own_capture("modern_names_v6.pcap")
    assert tshark.count(cap, "skype") == 12
    strong = [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.conv.confidence >= 2")]
    assert strong == list(range(1, 11))
    weak = [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.conv.confidence == 1")]
    assert weak == [33, 34]


def test_bare_service_name_and_teamspeak(tshark):
    """*.teams.microsoft.com also matches teams.microsoft.com; TeamSpeak's names
    (which contain "teams") are not Skype, by SNI or by DNS."""
    cap = own_capture("modern_names_v6.pcap")
    f = tshark.frames(cap, CONV + ["tls.handshake.extensions_server_name", "skype.conv.confidence"])
    assert len(f) == 36
    assert f[4]["tls.handshake.extensions_server_name"] == "teams.microsoft.com"
    assert all(f[n]["skype.conv.evidence"] == "7" for n in range(1, 11))
    assert [f[n]["skype.conv.phase"] for n in range(1, 11)] == ["5"] * 7 + ["9"] * 3
    assert f[14]["tls.handshake.extensions_server_name"] == "voice.teamspeak.com"
    assert all(f[n]["skype.conv.phase"] == "" for n in range(11, 33))
    assert tshark.count(cap, "tls") == 12 and tshark.count(cap, "dns") == 2
    # "*.x" matches x and below it, not the names above x
    assert tshark.count(cap, "skype.conv.evidence == 7", extra=["-o", "skype.names:*.api.teams.microsoft.com"]) == 0
    assert tshark.count(cap, "skype.conv.evidence == 7", extra=["-o", "skype.names:*.microsoft.com"]) == 10
    # a list that names TeamSpeak tags it: the capture is a real negative, not a broken one
    f = tshark.frames(cap, ["skype.conv.evidence"], "skype", extra=["-o", "skype.names:*.teamspeak.com"])
    assert [n for n in f if f[n]["skype.conv.evidence"] == "7"] == list(range(11, 21))
    assert [n for n in f if f[n]["skype.conv.evidence"] == "9"] == list(range(23, 33))


def test_ipv6_relay_range(tshark):
    """UDP 3478 to 2603:1063::/38 (default relay ranges) without Microsoft
    attributes is tagged by range (evidence 11); another IPv6 server is not."""
    cap = own_capture("modern_names_v6.pcap")
    f = tshark.frames(cap, CONV + ["ipv6.src", "ipv6.dst", "skype.conv.confidence", "skype.stun.ms_attributes"],
                      "ipv6")
    assert list(f) == [33, 34, 35, 36]
    assert f[33]["ipv6.dst"] == "2603:1063:1::10" and f[34]["ipv6.src"] == "2603:1063:1::10"
    for n in (33, 34):
        assert f[n]["skype.conv.evidence"] == "11" and f[n]["skype.conv.phase"] == "6"
        assert f[n]["skype.conv.confidence"] == "1" and f[n]["skype.stun.ms_attributes"] == ""
        assert f[n]["stun"] != ""                    # STUN stays Wireshark's STUN
    assert f[35]["skype.conv.phase"] == "" and f[36]["skype.conv.phase"] == ""
    assert tshark.count(cap, "stun") == 4
    # the ranges are a preference, IPv6 entries included
    assert tshark.count(cap, "skype.conv.evidence == 11", extra=["-o", "skype.relay_ranges:"]) == 0
    f = tshark.frames(cap, ["skype.conv.evidence"], "skype.conv.evidence == 11",
                      extra=["-o", "skype.relay_ranges:2001:db8:61::/48"])
    assert list(f) == [35, 36]


def test_default_relay_ranges_v4(tshark):
    """IPv4 defaults: 52.112.0.0/14 and 52.122.0.0/15; the STUN of
    modern_negatives (192.0.2.44) is in none of them."""
    out = tshark.run(["-G", "defaultprefs"]).stdout
    line = next(l for l in out.splitlines() if l.startswith("#skype.relay_ranges:"))
    ranges = line.split(":", 1)[1].strip().split(",")
    assert ranges[:2] == ["52.112.0.0/14", "52.122.0.0/15"]
    assert "2603:1063::/38" in ranges and len(ranges) == 9
    names = next(l for l in out.splitlines() if l.startswith("#skype.names:")).split(":", 1)[1].strip().split(",")
    for n in ("*.teams.microsoft.com", "*.lync.com", "*.skypeforbusiness.com", "*.teams.office.com", "*.skype.com"):
        assert n in names
    assert tshark.count(own_capture("modern_negatives.pcap"), "skype") == 0
