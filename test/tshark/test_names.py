# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark tests of the name-evidence captures (captures/names_*.pcap, written by
captures/src/gen_names.c; frames in captures/README.md): a ClientHello split
over two TCP segments, a QUIC Initial, DNS answers through CNAME chains (UDP
and TCP, A and AAAA), and look-alikes that must stay untagged.

Each capture is first checked with plain tshark (Wireshark itself dissects it
as the scenario says), then with the plugin: the frames tagged and the
plugin's own fields (skype.conv.evidence, skype.conv.confidence,
skype.conv.first_frame), and that the other dissectors' layers are the same
with and without the plugin.
"""
import pytest

from conftest import own_capture

TAGS = ["skype.conv.evidence", "skype.conv.confidence", "skype.conv.first_frame"]
SNI, DNS = "7", "9"             # skype.conv.evidence: TLS server name, DNS answer
MEDIUM, WEAK = "2", "1"         # skype.conv.confidence

SPLIT = own_capture("names_tls_split_hello.pcap")
QUIC = own_capture("names_quic_initial.pcap")
CNAME = own_capture("names_dns_cname.pcap")
NEG = own_capture("names_negatives.pcap")
NAMES = [SPLIT, QUIC, CNAME, NEG]
FRAMES = {SPLIT: 22, QUIC: 20, CNAME: 42, NEG: 40}


def tagged(tshark, cap, two_pass=True):
    return [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype", two_pass=two_pass)]


def span(a, b):
    return list(range(a, b + 1))


def assert_tags(tshark, cap, frames, evidence, confidence, first):
    """frames (2-pass) carry evidence / confidence, and first_frame first(n)."""
    f = tshark.frames(cap, TAGS)
    for n in frames:
        assert (f[n]["skype.conv.evidence"], f[n]["skype.conv.confidence"]) == (evidence, confidence), n
        assert f[n]["skype.conv.first_frame"] == str(first(n)), n


def assert_layers_unchanged(tshark, tshark_plain, cap, fields=()):
    """Every frame: the same protocol layers (and fields) with and without the
    plugin, in both passes' modes."""
    cols = ["frame.number", "frame.protocols", *fields]
    for two_pass in (True, False):
        with_plugin = tshark.fields(cap, cols, two_pass=two_pass)
        plain = tshark_plain.fields(cap, cols, two_pass=two_pass)
        assert len(plain) == FRAMES[cap]
        assert with_plugin == plain, f"{cap.name} (two_pass={two_pass})"


@pytest.mark.parametrize("cap", NAMES, ids=lambda p: p.name)
def test_names_capture_well_formed(tshark, tshark_plain, cap):
    assert tshark_plain.count(cap, "frame") == FRAMES[cap]
    assert tshark_plain.count(cap, "_ws.malformed") == 0
    assert tshark.count(cap, "_ws.malformed") == 0


# --- A ClientHello in two TCP segments ------------------------------------

def test_split_hello_as_wireshark_sees_it(tshark_plain):
    f = tshark_plain.frames(SPLIT, ["tcp.len", "tls.handshake.type", "tls.handshake.extensions_server_name",
                                    "tls.handshake.extensions_key_share_group", "tcp.reassembled.length"])
    # the hello's first segment is a full MSS and names nothing; TLS
    # reassembles the 1805-byte record in the second segment's frame
    for first, second, name in ((4, 5, "teams.microsoft.com"), (15, 16, "www.example.org")):
        assert f[first]["tcp.len"] == "1460" and f[first]["tls.handshake.type"] == ""
        assert f[first]["tls.handshake.extensions_server_name"] == ""
        assert f[second]["tcp.reassembled.length"] == "1805"
        assert f[second]["tls.handshake.type"] == "1"
        assert f[second]["tls.handshake.extensions_server_name"] == name
        assert f[second]["tls.handshake.extensions_key_share_group"].split(",")[0] == str(0x11ec)
    assert [n for n in f if f[n]["tls.handshake.extensions_server_name"]] == [5, 16]


def test_split_hello_tagged_from_second_segment(tshark):
    """The Teams connection (frames 1-11) is tagged by its server name, read
    from the reassembled hello: on all its frames with -2, from the second
    segment's frame (5) on in single pass. www.example.org (12-22): untagged."""
    assert tagged(tshark, SPLIT) == span(1, 11)
    assert tagged(tshark, SPLIT, two_pass=False) == span(5, 11)
    assert_tags(tshark, SPLIT, span(1, 11), SNI, MEDIUM, lambda n: 5)


def test_split_hello_layers_unchanged(tshark, tshark_plain):
    assert_layers_unchanged(tshark, tshark_plain, SPLIT,
                            ["tls.handshake.extensions_server_name", "tls.record.content_type"])


# --- QUIC Initial ----------------------------------------------------------

def test_quic_initial_as_wireshark_sees_it(tshark_plain):
    """Wireshark removes the Initial protection (RFC 9001) and shows the
    ClientHello; the short-header packets stay opaque."""
    f = tshark_plain.frames(QUIC, ["udp.length", "quic.long.packet_type", "quic.dcid", "tls.handshake.type",
                                   "tls.handshake.extensions_server_name", "quic.header_form"])
    for first, name in ((1, "teams.microsoft.com"), (11, "www.example.org")):
        assert f[first]["udp.length"] == "1208"                     # 1200-byte datagram
        assert f[first]["quic.long.packet_type"] == "0"             # Initial
        assert f[first]["tls.handshake.type"] == "1"
        assert f[first]["tls.handshake.extensions_server_name"] == name
        assert f[first + 1]["tls.handshake.type"] == "2"            # the server's Initial: ServerHello
        assert all(f[n]["quic.long.packet_type"] == "" and f[n]["tls.handshake.type"] == ""
                   for n in span(first + 2, first + 9))
    assert f[1]["quic.dcid"] == "8394c8f03e515708"
    assert f[3]["quic.dcid"] == "5e5e5e5e5e5e5e5e" and f[4]["quic.dcid"] == "c1c1c1c1c1c1c1c1"


def test_quic_tagged_by_server_name(tshark):
    """The Teams flow (frames 1-10) is tagged from its client Initial on, in
    both modes; the www.example.org flow (11-20) is not."""
    assert tagged(tshark, QUIC) == span(1, 10)
    assert tagged(tshark, QUIC, two_pass=False) == span(1, 10)
    assert_tags(tshark, QUIC, span(1, 10), SNI, MEDIUM, lambda n: 1)


def test_quic_layers_unchanged(tshark, tshark_plain):
    assert_layers_unchanged(tshark, tshark_plain, QUIC,
                            ["quic.dcid", "quic.packet_length", "tls.handshake.extensions_server_name"])


# --- DNS through CNAME chains ---------------------------------------------

def test_dns_cname_as_wireshark_sees_it(tshark_plain):
    f = tshark_plain.frames(CNAME, ["frame.protocols", "dns.qry.name", "dns.cname", "dns.a", "dns.aaaa",
                                    "dns.resp.name", "tls.handshake.type", "tls.handshake.extensions_server_name"],
                            extra=["-E", "occurrence=a"])
    assert [n for n in f if "dns" in f[n]["frame.protocols"].split(":")] == [1, 2, 16, 17, 31, 32]
    assert f[2]["dns.cname"] == "teams-microsoft-com.trafficmanager.net,s-0005.s-msedge.net"
    assert f[2]["dns.a"] == "52.113.194.132"
    # the address record's owner is the chain's last name, which no pattern matches
    assert f[2]["dns.resp.name"].split(",")[-1] == "s-0005.s-msedge.net"
    assert ":tcp:dns" in f[17]["frame.protocols"]
    assert f[17]["dns.qry.name"] == "teams.cloud.microsoft"
    assert f[17]["dns.cname"] == "teams-cloud-microsoft.trafficmanager.net,s-0006.s-msedge.net"
    assert f[17]["dns.aaaa"] == "2620:1ec:c11::239"
    assert f[32]["dns.a"] == "192.0.2.72"
    # the ClientHellos name no server
    hellos = [n for n in f if f[n]["tls.handshake.type"] == "1"]
    assert hellos == [6, 24, 36]
    assert all(f[n]["tls.handshake.extensions_server_name"] == "" for n in hellos)


def test_dns_cname_tags_connections_to_the_answers(tshark):
    """TLS without SNI to 52.113.194.132 (frames 3-12, after a UDP A answer)
    and to [2620:1ec:c11::239] (21-30, after a TCP AAAA answer): DNS
    evidence, from the ClientHello on in single pass. The DNS frames, the TCP
    DNS connection and the www.example.org connection (33-42): untagged."""
    assert tagged(tshark, CNAME) == span(3, 12) + span(21, 30)
    assert tagged(tshark, CNAME, two_pass=False) == span(6, 12) + span(24, 30)
    assert_tags(tshark, CNAME, span(3, 12), DNS, WEAK, lambda n: 6)
    assert_tags(tshark, CNAME, span(21, 30), DNS, WEAK, lambda n: 24)


def test_dns_cname_udp_answer(tshark):
    """The IPv4 half alone (UDP DNS, A answer): tagged, the negative not."""
    got = tagged(tshark, CNAME)
    assert [n for n in got if n <= 12] == span(3, 12)
    assert [n for n in got if n >= 31] == []


def test_dns_cname_layers_unchanged(tshark, tshark_plain):
    assert_layers_unchanged(tshark, tshark_plain, CNAME,
                            ["dns.qry.name", "dns.cname", "dns.a", "dns.aaaa", "tcp.len"])


# --- Negatives -------------------------------------------------------------

def test_negatives_as_wireshark_sees_them(tshark_plain):
    f = tshark_plain.frames(NEG, ["frame.protocols", "udp.dstport", "ip.dst", "tls.handshake.extensions_server_name",
                                  "x509ce.dNSName", "x509sat.uTF8String", "stun.att.software",
                                  "stun.att.crc32.status", "teredo.orig.addr"],
                            extra=["-E", "occurrence=a"])
    assert f[1]["udp.dstport"] == "9987"
    assert {n: f[n]["tls.handshake.extensions_server_name"] for n in f
            if f[n]["tls.handshake.extensions_server_name"]} == {6: "teamspeak.com", 16: "www.bing.com",
                                                                 30: "www.microsoft.com"}
    # the multi-domain certificate: CN *.skype.com, subjectAltName with
    # unrelated names besides
    names = f[17]["x509ce.dNSName"].split(",")
    assert "*.skype.com" in names and "*.bing.com" in names and "*.msn.com" in names
    assert "*.skype.com" in f[17]["x509sat.uTF8String"].split(",")
    # Teredo: IPv6 in UDP 3544, an origin indication in the server's answers
    assert [n for n in f if ":teredo:ipv6" in f[n]["frame.protocols"]] == [23, 24, 25, 26]
    assert f[24]["teredo.orig.addr"] == "203.0.113.73"
    # HTTPS to 52.113.10.20, inside 52.112.0.0/14
    assert f[30]["ip.dst"] == "52.113.10.20"
    # other vendors' STUN, FINGERPRINT good
    assert [f[n]["stun.att.software"] for n in span(37, 40)] == ["Google STUN", "Google STUN server",
                                                                  "Twilio Video", "Twilio"]
    assert all(f[n]["stun.att.crc32.status"] == "1" for n in span(37, 40))
    assert [f[n]["udp.dstport"] for n in (37, 39)] == ["19302", "3478"]


def test_negatives_untagged(tshark):
    """TeamSpeak, a certificate whose names include *.skype.com on a
    connection that names www.bing.com, Teredo, HTTPS to a relay range,
    other vendors' STUN: nothing is Skype."""
    assert tagged(tshark, NEG) == []
    assert tagged(tshark, NEG, two_pass=False) == []


def test_negatives_layers_unchanged(tshark, tshark_plain):
    assert_layers_unchanged(tshark, tshark_plain, NEG, ["stun.type", "tls.handshake.type"])
