# SPDX-License-Identifier: GPL-2.0-or-later
"""Legacy Skype over IPv6: the same annotations as over IPv4.

The plugin keys its per-5-tuple UDP state by a compact key that holds IPv4
addresses inline and IPv6 ones apart (plugin/epan/skype_udp.c). Each UDP-only
generated capture is rewritten here, frame by frame, from Ethernet/IPv4/UDP to
Ethernet/IPv6/UDP (2001:db8::a.b.c.d for a.b.c.d, payload and ports unchanged,
UDP checksum computed as IPv6 requires); its golden field dump must equal the
IPv4 one, frame for frame."""
import importlib.machinery
import importlib.util
import struct

import pytest

from conftest import CAPTURES, ROOT

_loader = importlib.machinery.SourceFileLoader("skype_golden", str(ROOT / "tools" / "skype-golden"))
_spec = importlib.util.spec_from_loader("skype_golden", _loader)
golden = importlib.util.module_from_spec(_spec)
_loader.exec_module(golden)

# UDP only (no TCP, whose addresses the SN handshake links), with SoM traffic.
CAPS = ["udp_probe_full_positive.pcap", "udp_probe_bootstrap.pcap", "udp_probe_v20.pcap",
        "udp_som_malformed.pcap", "udp_som_traffic.pcap"]


def _v6(addr4: bytes) -> bytes:
    return bytes.fromhex("20010db8000000000000000000000000")[:12] + addr4


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s & 0xFFFF) or 0xFFFF


def to_ipv6(src, dst):
    """Rewrite the classic pcap src (Ethernet, IPv4, UDP) into dst over IPv6."""
    raw = src.read_bytes()
    assert struct.unpack("<I", raw[:4])[0] == 0xA1B2C3D4 and struct.unpack("<I", raw[20:24])[0] == 1
    out, off, frames = [raw[:24]], 24, 0
    while off < len(raw):
        ts_s, ts_us, incl, orig = struct.unpack("<IIII", raw[off:off + 16])
        pkt = raw[off + 16:off + 16 + incl]
        off += 16 + incl
        assert incl == orig and pkt[12:14] == b"\x08\x00" and pkt[23] == 17, "whole Ethernet/IPv4/UDP frames only"
        ihl = (pkt[14] & 0x0F) * 4
        ip = pkt[14:14 + ihl]
        udp = pkt[14 + ihl:]
        ulen = struct.unpack("!H", udp[4:6])[0]
        udp = udp[:ulen]
        s6, d6 = _v6(ip[12:16]), _v6(ip[16:20])
        body = udp[:6] + b"\0\0" + udp[8:]
        csum = _checksum(s6 + d6 + struct.pack("!IxxxB", ulen, 17) + body)
        udp = udp[:6] + struct.pack("!H", csum) + udp[8:]
        ip6 = struct.pack("!IHBB", 6 << 28, ulen, 17, ip[8]) + s6 + d6
        frame = pkt[:12] + b"\x86\xdd" + ip6 + udp
        out.append(struct.pack("<IIII", ts_s, ts_us, len(frame), len(frame)) + frame)
        frames += 1
    dst.write_bytes(b"".join(out))
    dst.chmod(0o644)
    return frames


@pytest.fixture(scope="module")
def fields(tshark):
    return golden.skype_fields(lambda args: tshark.run(args).stdout)


@pytest.mark.parametrize("name", CAPS)
def test_ipv6_same_annotations(tshark, fields, name):
    cap = CAPTURES / name
    v6 = tshark.capture(cap).parent / f"v6_{name}"
    assert to_ipv6(cap, v6) > 0
    run = lambda args: tshark.run(args).stdout  # noqa: E731
    d4 = golden.dump(tshark.capture(cap), fields, run)
    d6 = golden.dump(v6, fields, run)
    assert "skype.som.id" in d4
    assert d6 == d4, golden.diff(d4, d6, f"{name} over IPv6")
    # And Wireshark reads the rewritten frames as IPv6/UDP.
    assert tshark.run(["-r", str(v6), "-Y", "ipv6 && udp", "-T", "fields", "-e", "frame.number"]).stdout.split()


def test_ipv6_counts_probe(tshark):
    """The full probe over IPv6: U1-U4 in frames as over IPv4."""
    cap = CAPTURES / "udp_probe_full_positive.pcap"
    v6 = tshark.capture(cap).parent / "v6_probe_count.pcap"
    to_ipv6(cap, v6)
    msgs = tshark.run(["-2", "-r", str(v6), "-Y", "skype.probe.msg", "-T", "fields",
                       "-e", "skype.probe.msg"]).stdout.split()
    assert msgs[:4] == ["1", "2", "3", "4"]
