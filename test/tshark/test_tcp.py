# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark tests of the TCP side (docs/protocol.md §4) and of session phases (§5)."""
import pytest

from datetime import datetime, timezone

from conftest import abs_time, flag, own_capture, shared_capture

TCP = ["skype.tcp.msg", "skype.conv.phase", "skype.conv.evidence", "skype.sn.result", "tcp.len"]


def test_heuristic_registered_and_enabled(tshark):
    out = tshark.run(["-G", "heuristic-decodes"]).stdout.splitlines()
    # 4.0: "tcp<TAB>skype<TAB>T"; 4.2+ adds the default state, short name and description.
    assert "tcp\tskype\tT" in out or any(l.startswith("tcp\tskype\tT\tT\tskype_tcp\t") for l in out)


def test_sn_handshake_after_positive_probe(tshark):
    cap = own_capture("tcp_sn_handshake.pcap")
    f = tshark.frames(cap, TCP)
    assert [f[n]["skype.tcp.msg"] for n in (8, 10, 11, 12)] == ["1", "2", "3", "4"]
    assert f[9]["skype.tcp.msg"] == ""
    assert f[11]["skype.sn.result"] == "1"
    assert all(f[n]["skype.conv.evidence"] == "12" for n in range(5, 18))  # linked to the probe
    assert [f[n]["skype.conv.phase"] for n in range(1, 18)] == \
        ["1"] * 4 + ["2"] * 8 + ["5", "5"] + ["9"] * 3
    changes = [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.phase")]
    assert changes == [1, 8, 13, 15]
    assert tshark.count(cap, "skype.conv.first_frame == 8") == 13


def test_sn_refused_and_v20(tshark):
    cap = own_capture("tcp_sn_refused_v20.pcap")
    f = tshark.frames(cap, TCP)
    assert (f[11]["skype.tcp.msg"], f[11]["skype.sn.result"]) == ("3", "2")
    assert f[12]["skype.conv.phase"] == "9" and f[13]["skype.conv.phase"] == "9"
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.sn_refused")] == [11]
    # v2.0: 20-byte T1, one extra client message, then T2-T4
    assert [f[n]["skype.tcp.msg"] for n in (21, 22, 23, 24, 25, 26)] == ["1", "", "", "2", "3", "4"]
    assert f[25]["skype.sn.result"] == "1" and f[27]["skype.conv.phase"] == "5"


def test_login_with_further_exchanges(tshark):
    cap = own_capture("tcp_login.pcap")
    f = tshark.frames(cap, TCP + ["skype.login.marker_offset", "tls"])
    assert [f[n]["skype.tcp.msg"] for n in (4, 5, 6, 7)] == ["21", "22", "23", "24"]
    assert f[6]["skype.login.marker_offset"] == "207"
    assert all(f[n]["skype.conv.phase"] == "3" for n in range(1, 12))
    assert all(f[n]["skype.conv.evidence"] == "4" for n in range(1, 14))
    assert f[12]["skype.conv.phase"] == "9"
    assert tshark.count(cap, "tls") == 0
    assert tshark.count(cap, "skype") == 13


def test_restricted_443(tshark):
    cap = own_capture("tcp_restricted_443.pcap")
    f = tshark.frames(cap, TCP + ["skype.tls.fake", "skype.tls.challenge", "skype.tls.gmt_unix_time"],
                      extra=["-t", "u"])
    assert [f[n]["skype.tcp.msg"] for n in range(4, 10)] == ["11", "12", "13", "2", "3", "4"]
    assert flag(f[4]["skype.tls.fake"]) is True and flag(f[5]["skype.tls.fake"]) is True
    assert f[4]["skype.tls.challenge"] == "000102030405060708090a0b0c0d0e0f"
    assert abs_time(f[5]["skype.tls.gmt_unix_time"]) == datetime(2004, 1, 31, 17, 23, 18, tzinfo=timezone.utc)
    assert f[4]["skype.conv.evidence"] == "5"
    assert f[11]["skype.conv.phase"] == "9"
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.fake_tls")] == [4, 5]
    assert tshark.count(cap, "tls") == 0


def test_restricted_80(tshark):
    cap = own_capture("tcp_restricted_80.pcap")
    f = tshark.frames(cap, TCP)
    assert [f[n]["skype.tcp.msg"] for n in range(7, 13)] == ["11", "12", "13", "2", "3", "4"]
    assert f[7]["skype.conv.evidence"] == "12"          # v1.4 pattern + the client's UDP
    assert [f[n]["skype.tcp.msg"] for n in range(16, 22)] == ["11", "12", "13", "2", "3", "4"]
    assert f[16]["skype.conv.evidence"] == "3"          # v2.0 pattern alone
    assert tshark.count(cap, "http") == 0


def test_tcp_negatives_untagged(tshark):
    cap = own_capture("tcp_nonskype_mix.pcap")
    assert tshark.count(cap, "frame") == 24
    assert tshark.count(cap, "skype") == 0
    # TLS and HTTP are still dissected by Wireshark behind the plugin's port front.
    assert tshark.count(cap, "tls.handshake.type == 1") == 1
    assert tshark.count(cap, "http.request.method == \"GET\"") == 1
    assert tshark.count(cap, "http.response.code == 200") == 1


def test_tcp_negatives_untagged_single_pass(tshark):
    assert tshark.count(own_capture("tcp_nonskype_mix.pcap"), "skype", two_pass=False) == 0


def test_tcp_heuristic_can_be_disabled(tshark):
    cap = own_capture("tcp_login.pcap")
    assert tshark.count(cap, "skype.tcp.msg", extra=["--disable-heuristic", "skype_tcp"]) == 0


# --- skype-irc.cap -----------------------------------------------------------

IRC = "skype-irc.cap"


def test_irc_sn_handshake(tshark):
    f = tshark.frames(shared_capture(IRC), TCP + ["skype.conv.first_frame"], "tcp.stream == 7 || tcp.port == 1312")
    assert [f[n]["skype.tcp.msg"] for n in (273, 276, 277, 278)] == ["1", "2", "3", "4"]
    assert [f[n]["tcp.len"] for n in (273, 274, 276, 277, 278)] == ["14", "73", "25", "587", "16"]
    assert f[277]["skype.sn.result"] == "1"
    assert f[273]["skype.conv.evidence"] == "12"
    assert f[279]["skype.conv.phase"] == "5"
    assert f[1622]["skype.conv.phase"] == "9"


def test_irc_logins(tshark):
    cap = shared_capture(IRC)
    f = tshark.frames(cap, TCP + ["skype.login.marker_offset", "ip.dst", "tcp.dstport"], "skype.tcp.msg >= 21")
    assert [f[n]["skype.tcp.msg"] for n in (297, 314, 316, 361)] == ["21", "22", "23", "24"]
    assert f[316]["skype.login.marker_offset"] == "207"
    servers = {(f[n]["ip.dst"], f[n]["tcp.dstport"]) for n in f if f[n]["skype.tcp.msg"] == "21"}
    assert servers == {("195.215.8.141", "33033"), ("212.72.49.141", "33033"), ("212.72.49.142", "12350")}
    assert all(f[n]["skype.conv.phase"] == "3" for n in f)


def test_irc_login_frames_not_tls(tshark, tshark_plain):
    """Plain Wireshark takes L3/L4 for TLS; with the plugin they are Skype."""
    cap = shared_capture(IRC)
    assert tshark_plain.count(cap, "tls && frame.number in {316, 361}") == 2
    assert tshark.count(cap, "tls && frame.number in {316, 361}") == 0
    assert tshark.count(cap, "tls") == 0


def test_irc_update_check(tshark):
    cap = shared_capture(IRC)
    rows = tshark.fields(cap, ["frame.number", "skype.http.update", "skype.conv.phase", "http.request.method"],
                         "skype.http.update")
    assert rows == [["406", "getlatestversion", "4", "GET"], ["2030", "getlatestversion", "4", "GET"]]


def test_irc_incoming_tcp_to_client_port(tshark):
    cap = shared_capture(IRC)
    f = tshark.frames(cap, ["skype.tcp.mode", "skype.conv.evidence"], "tcp.port == 35990 && tcp.len > 0")
    assert len(f) >= 8
    assert all(v["skype.tcp.mode"] == "6" and v["skype.conv.evidence"] == "12" for v in f.values())


def test_irc_listing_of_tcp_messages(tshark):
    """The command of the issue's 'done when': SN handshakes and three logins, with phases."""
    cap = shared_capture(IRC)
    rows = tshark.fields(cap, ["frame.number", "skype.tcp.msg", "skype.conv.phase"], "skype.tcp.msg")
    msgs = [r[1] for r in rows]
    assert msgs.count("21") == 4 and msgs.count("24") == 4   # L1/L4: two to 212.72.49.142 (contact list)
    assert msgs.count("1") == 2 and msgs.count("4") == 2     # two SN handshakes (1312, 1092)
    assert {r[2] for r in rows} == {"2", "3"}


def test_irc_no_malformed_from_plugin(tshark, tshark_plain):
    cap = shared_capture(IRC)
    assert tshark.count(cap, "_ws.malformed && skype") == 0
    before = tshark_plain.count(cap, "_ws.malformed")
    after = tshark.count(cap, "_ws.malformed")
    assert after <= before


def test_port_front_leaves_other_traffic_alone(tshark, tshark_plain):
    """TLS on 443 and HTTP on 80 pass through the plugin's port front untouched:
    same protocols in every frame as without the plugin."""
    cap = own_capture("tcp_nonskype_mix.pcap")
    with_plugin = tshark.fields(cap, ["frame.number", "frame.protocols", "_ws.col.Info"])
    without = tshark_plain.fields(cap, ["frame.number", "frame.protocols", "_ws.col.Info"])
    assert with_plugin == without


def test_client_host_https_is_not_skype(tshark, tshark_plain):
    """A confirmed client's host also browses the web (tcp_client_https.pcap):
    its HTTPS to 443 and HTTP to 80 are not SN connections, and a ClientHello
    and an HTTP response split across segments reassemble as without the
    plugin (the port front passes TCP's desegmentation right on)."""
    cap = own_capture("tcp_client_https.pcap")
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype")] == [1, 2, 3, 4]
    cols = ["frame.number", "frame.protocols", "_ws.col.Info", "tls.handshake.type", "http.response.code"]
    with_plugin = tshark.fields(cap, cols, "frame.number >= 5")
    assert with_plugin == tshark_plain.fields(cap, cols, "frame.number >= 5")
    rows = {int(r[0]): r for r in with_plugin}
    assert rows[9][3] == "1" and "tls" in rows[9][1]       # ClientHello reassembled from 8+9
    assert rows[21][4] == "200" and "http" in rows[21][1]  # response reassembled from 20+21


def test_disabled_protocol_silences_the_fronts(tshark):
    """--disable-protocol skype switches off the port fronts too (they have no
    protocol of their own, so Wireshark would not skip them)."""
    for name in ["modern_tls_sni.pcap", "tcp_restricted_443.pcap", "modern_dns_tls.pcap", "modern_turn_allocate.pcap",
                 "turn_tcp_443.pcap"]:
        cap = own_capture(name)
        assert tshark.count(cap, "skype") > 0, name
        assert tshark.count(cap, "skype", extra=["--disable-protocol", "skype"]) == 0, name


# --- probe-to-handshake link without a confirmed client (docs/protocol.md §6.2) ---

def test_partial_probe_links_sn_handshake(tshark):
    """A positive partial probe, then TCP from the same host to that SN's
    ip:port starting with a T1-sized message within 10 s: both are Skype
    (evidence 12, linked), although the client is never confirmed."""
    cap = own_capture("tcp_sn_partial_probe.pcap")
    f = tshark.frames(cap, TCP + ["skype.probe.msg", "skype.probe.kind", "skype.probe.result",
                                  "skype.conv.first_frame", "skype.client.confirmed_in"])
    # Refused SN: U1 U4, then T1 T2 T3 (339).
    assert [f[n]["skype.probe.msg"] for n in (1, 2)] == ["1", "4"]
    assert (f[2]["skype.probe.kind"], f[2]["skype.probe.result"]) == ("2", "1")
    assert [f[n]["skype.tcp.msg"] for n in (6, 8, 9)] == ["1", "2", "3"] and f[9]["skype.sn.result"] == "2"
    # Accepted SN: T1-T4, then the session.
    assert [f[n]["skype.probe.msg"] for n in (12, 13)] == ["1", "4"]
    assert [f[n]["skype.tcp.msg"] for n in (17, 19, 20, 21)] == ["1", "2", "3", "4"]
    assert f[20]["skype.sn.result"] == "1" and f[22]["skype.conv.phase"] == "5"
    assert [f[n]["skype.conv.phase"] for n in (1, 2, 12, 13)] == ["1"] * 4
    assert all(f[n]["skype.conv.evidence"] == "12" for n in list(range(1, 12)) + list(range(12, 24)))
    assert f[2]["skype.conv.first_frame"] == "1" and f[17]["skype.conv.first_frame"] == "17"
    assert f[10]["skype.conv.phase"] == "9"
    assert all(f[n]["skype.client.confirmed_in"] == "" for n in f)  # never confirmed
    # Outside the window, after a negative probe, from another host, a first
    # message that is not T1-sized: untagged.
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype")] == list(range(1, 24))
    # Single pass: the probe went by before the link; the TCP is found.
    single = [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.tcp.msg", two_pass=False)]
    assert single == [6, 8, 9, 17, 19, 20, 21]


def test_t1_sizes_without_probe_stay_untagged(tshark):
    """tcp_nonskype_mix.pcap frames 16-20: T1-T4 sizes without a probe."""
    cap = own_capture("tcp_nonskype_mix.pcap")
    assert [r[1] for r in tshark.fields(cap, ["frame.number", "tcp.len"], "frame.number in {16..20}")] == \
        ["14", "73", "25", "587", "16"]
    assert tshark.count(cap, "skype", two_pass=False) == 0


@pytest.mark.parametrize("name", ["udp_nonskype_mix.pcap", "tcp_nonskype_mix.pcap", "modern_negatives.pcap",
                                  "names_negatives.pcap"])
def test_negatives_still_untagged(tshark, name):
    assert tshark.count(own_capture(name), "skype") == 0


def test_tag_only_with_tcp_heuristics_first(tshark):
    """tcp.try_heuristic_first: TLS's heuristic takes the TLS segments before
    the plugin's port front. A connection the plugin's heuristic recognised
    first (here: to an address a DNS answer recorded) keeps the same tags
    (postdissector). A server name, which the TCP 443 front reads from TLS's
    fields by default, is then read by the names postdissector, active with
    this preference only (skype_names.c): the same 10 frames are tagged."""
    cap = own_capture("modern_dns_tls.pcap")
    cols = ["skype.tcp.mode", "skype.conv.phase", "skype.conv.evidence"]
    default = tshark.frames(cap, cols)
    first = tshark.frames(cap, cols, extra=["-o", "tcp.try_heuristic_first:TRUE"])
    assert first == default
    assert [default[n]["skype.tcp.mode"] for n in range(8, 12)] == ["8"] * 4
    assert [default[n]["skype.conv.evidence"] for n in range(5, 15)] == ["9"] * 10
    sni = own_capture("modern_tls_sni.pcap")
    assert tshark.count(sni, "skype") == 10
    assert tshark.count(sni, "skype", extra=["-o", "tcp.try_heuristic_first:TRUE"]) == 10