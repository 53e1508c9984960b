# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark tests of the UDP side: SoM (docs/protocol.md §2), UDP probe (§3),
precision and recall (docs/limits.md, docs/design.md "Detection")."""
import pytest

from conftest import flag, own_capture, shared_capture

PROBE = ["skype.som.id", "skype.som.func", "skype.probe.msg", "skype.probe.kind",
         "skype.probe.result", "skype.probe.public_addr", "skype.probe.sn_addr",
         "skype.probe.nonce_c", "skype.probe.nonce_s", "skype.probe.bootstrap"]


# --- registration (docs/design.md) --------------------------------------------

def test_plugin_loads_beside_builtin(tshark):
    res = tshark.run(["-G", "plugins"])
    line = [l for l in res.stdout.splitlines() if "skype.so" in l]
    assert len(line) == 1, res.stdout
    # 4.0 names the type from the registration, 4.4+ from plugin_describe()
    # (skype_compat.h; tshark shows the first of its flags).
    assert "\tdissector\t" in line[0], line[0]
    assert "Duplicate" not in res.stderr and "abort" not in res.stderr.lower()


def test_fields_registered_under_skype(tshark):
    rows = [l.split("\t") for l in tshark.run(["-G", "fields"]).stdout.splitlines()]
    ours = {r[2]: r for r in rows if len(r) > 6 and r[0] == "F" and r[4] == "skype"}
    assert ours["skype.som.func"][3] == "FT_UINT8" and ours["skype.som.func"][6] == "0x8f"
    assert ours["skype.som.rnd"][6] == "0x70"
    assert ours["skype.probe.public_addr"][3] == "FT_IPv4"
    assert ours["skype.som.response_in"][3] == "FT_FRAMENUM"
    assert ours["skype.probe.bootstrap"][3] == "FT_BOOLEAN"
    # The built-in protocol's own field is still there.
    assert "skype.som.type" in ours


def test_heuristic_enabled_by_default(tshark):
    out = tshark.run(["-G", "heuristic-decodes"]).stdout.splitlines()
    # 4.0: "udp<TAB>skype<TAB>T"; 4.2+ adds the default state, short name and description.
    assert "udp\tskype\tT" in out or any(l.startswith("udp\tskype\tT\tT\tskype_som_udp\t") for l in out)


# --- generated captures ---------------------------------------------------

def test_full_positive_probe(tshark):
    f = tshark.frames(own_capture("udp_probe_full_positive.pcap"), PROBE)
    assert [f[n]["skype.probe.msg"] for n in (1, 2, 3, 4)] == ["1", "2", "3", "4"]
    assert all(f[n]["skype.probe.kind"] == "1" for n in (1, 2, 3, 4))
    assert f[1]["skype.probe.nonce_c"] == "0x11223344"
    assert f[2]["skype.som.id"] == "0x1000" and f[2]["skype.som.func"] == "0x07"
    assert f[2]["skype.probe.public_addr"] == "203.0.113.7"
    assert f[2]["skype.probe.nonce_s"] == "0x55667788"
    assert f[3]["skype.probe.sn_addr"] == "198.51.100.10"
    assert f[3]["skype.probe.nonce_c"] == "0x11223344" and f[3]["skype.probe.nonce_s"] == "0x55667788"
    assert f[4]["skype.probe.result"] == "1"
    assert flag(f[1]["skype.probe.bootstrap"]) is False
    # Keep-alive answered by a 26-byte message: a request/response, no probe.
    assert f[5]["skype.probe.msg"] == "" and f[6]["skype.probe.msg"] == ""
    links = tshark.frames(own_capture("udp_probe_full_positive.pcap"),
                          ["skype.som.response_in", "skype.som.request_in"])
    assert links[5]["skype.som.response_in"] == "6" and links[6]["skype.som.request_in"] == "5"
    assert links[7]["skype.som.response_in"] == "8" and links[8]["skype.som.request_in"] == "7"
    assert links[1]["skype.som.response_in"] == "2" and links[2]["skype.som.request_in"] == "1"
    assert tshark.count(own_capture("udp_probe_full_positive.pcap"), "skype") == 8


def test_full_positive_probe_single_pass(tshark):
    """Without -2 the probe that confirms the client is still recognised from U3 on."""
    f = tshark.frames(own_capture("udp_probe_full_positive.pcap"),
                      ["skype.probe.msg", "skype.probe.result"], two_pass=False)
    assert f[3]["skype.probe.msg"] == "3" and f[4]["skype.probe.result"] == "1"


def test_partial_probes_18_51_53(tshark):
    f = tshark.frames(own_capture("udp_probe_partial.pcap"), PROBE)
    assert [f[n]["skype.probe.msg"] for n in range(1, 7)] == ["1", "1", "1", "4", "4", "4"]
    assert all(f[n]["skype.probe.kind"] == "2" for n in range(1, 7))
    assert [f[n]["skype.probe.result"] for n in (4, 5, 6)] == ["1", "2", "2"]
    assert [f[n]["skype.som.id"] for n in (1, 2, 3)] == ["0x2000", "0x2002", "0x2004"]


def test_negative_probe_expert_note(tshark):
    rows = tshark.fields(own_capture("udp_probe_partial.pcap"), ["frame.number", "_ws.expert.message"],
                         "skype.expert.probe_negative")
    assert [r[0] for r in rows] == ["5", "6"]


def test_bootstrap_probe(tshark):
    f = tshark.frames(own_capture("udp_probe_bootstrap.pcap"), PROBE)
    assert len(f) == 6
    assert all(flag(f[n]["skype.probe.bootstrap"]) is True for n in f)
    assert [f[n]["skype.probe.result"] for n in (4, 5, 6)] == ["2", "2", "2"]
    assert tshark.count(own_capture("udp_probe_bootstrap.pcap"), "skype.probe.bootstrap == 1") == 6


def test_v20_variable_u1(tshark):
    f = tshark.frames(own_capture("udp_probe_v20.pcap"), PROBE + ["udp.length"])
    assert f[1]["udp.length"] == "34" and f[3]["udp.length"] == "39"  # 26 + 5 = 31 bytes
    assert [f[n]["skype.probe.msg"] for n in range(1, 7)] == ["1", "2", "3", "4", "1", "4"]
    assert [f[n]["skype.probe.kind"] for n in (4, 6)] == ["1", "2"]
    assert [f[n]["skype.probe.result"] for n in (4, 6)] == ["2", "1"]
    assert f[3]["skype.probe.nonce_c"] == "0xc0ffee01" and f[3]["skype.probe.nonce_s"] == "0xbadc0de5"


def test_malformed_probe_messages(tshark):
    cap = own_capture("udp_som_malformed.pcap")
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.probe_truncated")] == [5, 8]
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.nonce_mismatch")] == [11]
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype.expert.som_truncated")] == [13, 14]
    # Malformed marks are exactly our expert entries: no exception, no dissector bug.
    assert [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "_ws.malformed")] == [5, 8, 13, 14]
    assert tshark.count(cap, "skype") == 14


def test_som_traffic_one_client_many_peers(tshark):
    cap = own_capture("udp_som_traffic.pcap")
    assert tshark.count(cap, "skype") == 36
    assert tshark.count(cap, "skype.som.func == 0x02") == 16
    assert tshark.count(cap, "skype.som.func == 0x0d") == 16
    assert tshark.count(cap, "skype.som.func == 0x0f") == 4
    # Peers 2-7 (frames 9-32) come after the confirmation at frame 9: each of
    # their 12 replies links to its request.
    assert tshark.count(cap, "skype.som.request_in && frame.number >= 9") == 12
    assert tshark.count(cap, "skype.client.confirmed_in == 9") == 36
    assert tshark.count(cap, "skype.expert.client_confirmed") == 1


def test_single_pass_misses_only_frames_before_confirmation(tshark):
    cap = own_capture("udp_som_traffic.pcap")
    tagged = [int(r[0]) for r in tshark.fields(cap, ["frame.number"], "skype", two_pass=False)]
    assert tagged == list(range(9, 37))


def test_nonskype_mix_untagged(tshark):
    cap = own_capture("udp_nonskype_mix.pcap")
    assert tshark.count(cap, "frame") == 200
    assert tshark.count(cap, "skype") == 0


def test_decode_as(tshark):
    cap = own_capture("udp_nonskype_mix.pcap")
    f = tshark.frames(cap, ["skype.som.id", "skype.som.func"], "udp.port == 7001",
                      extra=["-d", "udp.port==7001,skype"])
    assert len(f) == 25 and f[7]["skype.som.id"] == "0x7000" and f[7]["skype.som.func"] == "0x02"


def test_heuristic_can_be_disabled(tshark):
    cap = own_capture("udp_probe_partial.pcap")
    assert tshark.count(cap, "skype", extra=["--disable-heuristic", "skype_som_udp"]) == 0
    # the other UDP heuristic, STUN tagging, is not legacy SoM's switch
    assert tshark.count(cap, "skype", extra=["--disable-heuristic", "skype_stun_udp"]) == tshark.count(cap, "skype")


def test_stun_heuristic_switch_is_its_own(tshark):
    """skype_stun_udp tags a modern call with or without skype_som_udp; off, it takes the STUN tagging
    on high ports away and leaves legacy SoM alone (docs/preferences.md, "Heuristics")."""
    call = shared_capture("skype-conference-call.pcap")
    irc = shared_capture("skype-irc.cap")
    assert tshark.count(call, "skype", extra=["--disable-heuristic", "skype_som_udp"]) == 200
    assert tshark.count(call, "skype", extra=["--disable-heuristic", "skype_stun_udp"]) == 0
    assert tshark.count(irc, "skype", extra=["--disable-heuristic", "skype_stun_udp"]) == 522


# --- real captures (../shared/captures) -------------------------------------

IRC = "skype-irc.cap"


def test_irc_full_negative_probe(tshark):
    f = tshark.frames(shared_capture(IRC), PROBE, "frame.number >= 214 && frame.number <= 219")
    assert f[214]["skype.probe.msg"] == "1" and f[214]["skype.probe.nonce_c"] == "0x644a654d"
    u2 = f[215]
    assert (u2["skype.probe.msg"], u2["skype.som.id"], u2["skype.som.func"]) == ("2", "0x15f2", "0x07")
    assert u2["skype.probe.public_addr"] == "86.128.245.115" and u2["skype.probe.nonce_s"] == "0x24499eb8"
    u3 = f[216]
    assert (u3["skype.probe.msg"], u3["skype.som.id"], u3["skype.som.func"]) == ("3", "0x15f2", "0x03")
    assert u3["skype.probe.sn_addr"] == "165.124.253.241"
    assert u3["skype.probe.nonce_s"] == "0x24499eb8" and u3["skype.probe.nonce_c"] == "0x644a654d"
    u4 = f[219]
    assert (u4["skype.probe.msg"], u4["skype.probe.kind"], u4["skype.probe.result"]) == ("4", "1", "2")


def test_irc_partial_positive_probe(tshark):
    f = tshark.frames(shared_capture(IRC), PROBE + ["ip.src", "udp.srcport"], "frame.number in {266, 267}")
    assert f[266]["skype.probe.msg"] == "1"
    assert (f[267]["skype.probe.msg"], f[267]["skype.probe.kind"], f[267]["skype.probe.result"]) == ("4", "2", "1")
    assert (f[267]["ip.src"], f[267]["udp.srcport"]) == ("68.206.150.243", "57322")


def test_irc_info_column(tshark):
    rows = tshark.fields(shared_capture(IRC), ["frame.number", "_ws.col.Info"], "frame.number in {215, 216, 219}")
    info = {int(r[0]): r[1] for r in rows}
    assert info[215] == "U2 probe challenge, public address 86.128.245.115"
    assert info[216] == "U3 probe confirm, SN 165.124.253.241"
    assert info[219].startswith("U4 probe reply, negative")


def test_irc_recall_two_pass(tshark):
    """Recall: all 326 UDP frames of 192.168.1.2:35990 carry skype.som.*"""
    cap = shared_capture(IRC)
    on_port = "ip.addr == 192.168.1.2 && udp.port == 35990 && !icmp"
    assert tshark.count(cap, on_port) == 326
    assert tshark.count(cap, on_port + " && skype.som.id") == 326


def test_irc_nothing_off_the_client_port(tshark):
    cap = shared_capture(IRC)
    assert tshark.count(cap, "skype.som.id && !(udp.port == 35990)") == 0
    assert tshark.count(cap, "skype && icmp") == 0


def test_irc_client_confirmed_by_id_chain(tshark):
    cap = shared_capture(IRC)
    rows = tshark.fields(cap, ["frame.number", "skype.client.evidence"], "skype.expert.client_confirmed")
    assert rows == [["185", "1"]]


@pytest.mark.parametrize("name", ["dnscrypt_skype_false_positive.pcapng", "stun_classic.pcap"])
def test_shared_negatives_untagged(tshark, name):
    cap = shared_capture(name)
    assert tshark.count(cap, "frame") > 0
    assert tshark.count(cap, "skype") == 0


def test_builtin_heuristic_is_what_tags_dnscrypt(tshark):
    """The contrast docs/limits.md draws: the built-in skype_udp tags DNSCrypt, ours does not."""
    cap = shared_capture("dnscrypt_skype_false_positive.pcapng")
    assert tshark.count(cap, "skype", extra=["--enable-heuristic", "skype_udp"]) > 0


# --- labels follow the evidence (docs/protocol.md §3.2) ---------------------

def test_irc_unanswered_requests_are_not_probes(tshark):
    """skype-irc.cap frames 176-187: requests that got no U2 or U4 are not
    called U1; they are SoM requests in phase 5 with evidence 1, in every
    column alike. The answered ones (214, 266) are U1 in phase 1."""
    cap = shared_capture(IRC)
    f = tshark.frames(cap, ["skype.probe.msg", "skype.som.func", "skype.conv.phase", "skype.conv.evidence",
                            "_ws.col.Info"], "frame.number in {176..187, 214, 266}")
    for n in (176, 184, 185, 186, 187):
        assert f[n]["skype.som.func"] == "0x02"
        assert (f[n]["skype.probe.msg"], f[n]["skype.conv.phase"], f[n]["skype.conv.evidence"]) == ("", "5", "1")
        assert f[n]["_ws.col.Info"].startswith("Keep-alive/probe (U1, U4), ID 0x")
    assert tshark.count(cap, "frame.number in {176..187} && skype.probe.msg") == 0
    for n in (214, 266):
        assert (f[n]["skype.probe.msg"], f[n]["skype.conv.phase"], f[n]["skype.conv.evidence"]) == ("1", "1", "2")
        assert f[n]["_ws.col.Info"].startswith("U1 probe request")
    # No U1 without a U2 or U4 that names it.
    u1 = {r[0] for r in tshark.fields(cap, ["frame.number"], "skype.probe.msg == 1")}
    answered = {r[0] for r in tshark.fields(cap, ["skype.probe.u1_in"], "skype.probe.msg >= 2")}
    assert u1 and u1 == answered


def test_single_pass_never_labels_unanswered_u1(tshark):
    """Without -2 the answer is not known when the request is printed."""
    f = tshark.frames(own_capture("udp_probe_full_positive.pcap"),
                      ["skype.probe.msg", "skype.conv.phase", "skype.probe.u1_in"], two_pass=False)
    assert f[5]["skype.probe.msg"] == "" and f[3]["skype.probe.u1_in"] == "1"
