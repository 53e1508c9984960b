# SPDX-License-Identifier: GPL-2.0-or-later
"""Variants of the shared real Teams call (../shared/captures/teams.pcap, see
PROVENANCE.md there), made at test time with scapy for test_teams_real.py.
Nothing made here is committed: the files go to a pytest temporary folder.

How a copy is rewritten (rewrite()):
  - IPv4 headers: every address through an address map (addresses the map
    does not name stay), also the IP header quoted inside ICMP errors;
  - UDP/TCP ports: a port is mapped only together with its address (the
    client's media ports when the address is the client's, the peer's ports
    when it is the peer's), so that the peer's host candidate port 50005
    stays 50005 while the client's 50017 becomes 50005;
  - STUN payloads of the call's frames (UDP from or to a client media port)
    are walked attribute by attribute, not searched for byte patterns:
    [MS-TURN] messages (first attribute MAGIC-COOKIE 0x000F) by their length
    fields without padding, RFC 5389 messages with padding to 4 bytes, the
    DATA attribute (0x0013) of Send/Data messages and the STUN inside 0xFF10
    frames (12 bytes in) recursively. An address attribute (family 0x0001,
    8 bytes) is rewritten plain or XOR'd (port ^ 0x2112, address ^
    0x2112A442), whichever form names an address of the map; an address
    attribute that names none fails the rewrite (UnknownAddress), so a
    missed form cannot pass unnoticed. USERNAME values "ufrag:ufrag" get
    the ICE ufrags mapped (same length). FINGERPRINT (0x8028) is recomputed
    where it was right (Wireshark checks it); MESSAGE-INTEGRITY cannot be
    (no key) and stays as it is, as wrong for Wireshark as for anyone
    without the password;
  - transaction IDs XOR'd with a per-copy mask (requests and their answers
    alike), so that no two copies share one, as no two real calls do;
  - TCP sequence and acknowledgement numbers (SACK edges too) offset per copy (a new
    connection, not a retransmission of the old one, when the 4-tuple is
    the same);
  - DNS and DHCP payloads: 4-byte addresses of the map replaced; TCP
    payloads: the dotted form of a mapped address replaced by the mapped
    one's (same length: the TLS SNI of the relays is an IP literal);
  - checksums: deleted and recomputed by scapy (IP, UDP, TCP, ICMP).
Frame times are shifted by a given offset; merge() interleaves copies by
time and says which file frame came from which copy and original frame.
"""
import struct
import zlib
from dataclasses import dataclass, field
from ipaddress import IPv4Address

try:
    from scapy.layers.inet import ICMP, IP, TCP, UDP, IPerror, TCPerror, UDPerror
    from scapy.layers.l2 import Ether
    from scapy.packet import Raw
    from scapy.utils import RawPcapReader, RawPcapWriter
    HAVE_SCAPY = True
except ImportError:     # the constants below serve without scapy; the tests that make variants skip
    HAVE_SCAPY = False

COOKIE = 0x2112A442
MS_TURN_MAGIC = 0x000F
FINGERPRINT = 0x8028
USERNAME = 0x0006
DATA = 0x0013
ADDRESS_ATTRIBUTES = {0x0001, 0x0002, 0x0004, 0x0005, 0x000E, 0x0011, 0x0012, 0x0016, 0x0020, 0x8020,
                      0x802B, 0x802C}

# --- the original call (PROVENANCE.md, "teams.pcap: ground truth") ----------
CLIENT = "192.168.1.6"
NAT = "80.181.206.72"
PEER = "93.71.110.205"
PEER_HOST = "192.168.0.4"
CLIENT_UDP = (50016, 50017, 50036, 50037)
CLIENT_TCP = (50014, 50018, 50021, 50036)
AUDIO_UDP, AUDIO_TCP = (50016, 50017), (50014, 50018)
VIDEO_UDP, VIDEO_TCP = (50036, 50037), (50021, 50036)
PEER_PORTS = (16332, 16333)
UFRAGS = ("o5/I", "FY32", "JFwj", "+mIv")


def call_filter(udp=CLIENT_UDP, tcp=CLIENT_TCP):
    """The Wireshark 4.0 filter of the call's frames (PROVENANCE.md)."""
    return (f"udp.port in {{{', '.join(map(str, udp))}}} || "
            f"tcp.port in {{{', '.join(map(str, tcp))}}}")


class UnknownAddress(ValueError):
    """A STUN address attribute names an address the map does not know."""


@dataclass
class Mapping:
    """How one copy is renumbered. Empty maps: the addresses stay."""
    addresses: dict = field(default_factory=dict)      # "a.b.c.d" -> "a.b.c.d"
    client: str = CLIENT                               # the client host (original address)
    peer: str = PEER
    client_ports: dict = field(default_factory=dict)   # port -> port, for the client's address
    peer_ports: dict = field(default_factory=dict)     # port -> port, for the peer's address
    ufrags: dict = field(default_factory=dict)         # "o5/I" -> "Ab1c", same length
    tid_mask: bytes = bytes(16)                        # XOR'd into transaction IDs
    tcp_offset: int = 0                                # added to TCP seq/ack (mod 2**32)
    time_offset: int = 0                               # microseconds

    def addr(self, a: str) -> str:
        return self.addresses.get(a, a)

    def port(self, a: str, p: int) -> int:
        """The new port of (original address a, port p)."""
        if a == self.client:
            return self.client_ports.get(p, p)
        if a == self.peer:
            return self.peer_ports.get(p, p)
        return p

    def known(self, a: str) -> bool:
        """Is a an address the copy must rewrite (in STUN payloads)? With an
        empty address map: the addresses of the original call."""
        return a in self.addresses if self.addresses else a in ORIGINAL_ADDRESSES


ORIGINAL_ADDRESSES = {CLIENT, NAT, PEER, PEER_HOST, "52.114.250.123", "52.114.250.137", "52.114.250.141",
                      "52.114.252.8", "52.114.252.21"}


def renumbered() -> Mapping:
    """Variant (i): every IPv4 address of the capture elsewhere, the client's
    media ports elsewhere in their Teams ranges (audio 50000-50019, video
    50020-50039), the peer's ports and the ICE ufrags changed.
    The public addresses keep their /24 (last octet ^ 0x80), so that ranges
    known by prefix (Microsoft's 13.107.0.0/16, 40.126.0.0/16...) stay what
    they were; Microsoft's Teams relays 52.112.0.0/14 stay inside it
    (52.113 <-> 52.115, 52.114 -> 52.112: same length in dotted form); the
    documentation addresses for the NAT and the peer."""
    addresses = {CLIENT: "10.20.30.40", NAT: "203.0.113.72", PEER: "198.51.100.77", PEER_HOST: "10.9.8.7"}
    for last in range(256):
        addresses.setdefault(f"192.168.1.{last}", f"10.20.30.{last}")
        addresses.setdefault(f"192.168.0.{last}", f"10.9.8.{last}")
    return Mapping(
        addresses=addresses,
        client_ports={50014: 50002, 50016: 50004, 50017: 50005, 50018: 50006, 50021: 50022, 50036: 50024,
                      50037: 50025},
        peer_ports={16332: 20002, 16333: 20003},
        ufrags={"o5/I": "Xq7a", "FY32": "mB0z", "JFwj": "t9Ke", "+mIv": "/pQ4"},
        tid_mask=bytes(range(0x11, 0x21)), tcp_offset=0x3C6EF372)


def renumbered_address(a: str, mapping: Mapping) -> str:
    """Addresses not in the explicit map of renumbered(): public ones keep
    their /24, the Teams relay range stays inside 52.112.0.0/14."""
    if a in mapping.addresses:
        return mapping.addresses[a]
    o = [int(x) for x in a.split(".")]
    if a in ("0.0.0.0", "255.255.255.255") or IPv4Address(a).is_multicast:
        return a
    if o[0] == 52 and 112 <= o[1] <= 115:
        o[1] = {112: 114, 113: 115, 114: 112, 115: 113}[o[1]]
    else:
        o[3] ^= 0x80
    return ".".join(map(str, o))


def same_host_again() -> Mapping:
    """Variant (iii): the same host, addresses and ports; new ICE ufrags, new
    transaction IDs and TCP sequence numbers."""
    return Mapping(ufrags={"o5/I": "Lk2w", "FY32": "9vRs", "JFwj": "Hh4u", "+mIv": "c3/D"},
                   tid_mask=bytes(range(0x31, 0x41)), tcp_offset=0x1F2E3D4C)


# --- STUN ---------------------------------------------------------------------

def _ip(b: bytes) -> str:
    return str(IPv4Address(b))


def _fingerprint(msg: bytes) -> bytes:
    return struct.pack("!I", (zlib.crc32(msg) ^ 0x5354554E) & 0xFFFFFFFF)


def looks_stun(b: bytes) -> bool:
    return len(b) >= 20 and b[0] & 0xC0 == 0 and struct.unpack("!H", b[2:4])[0] + 20 == len(b)


def rewrite_stun(b: bytes, m: Mapping) -> bytes:
    """The STUN message b rewritten as the module docstring says."""
    if len(b) >= 12 and b[:2] == b"\xff\x10":
        return b[:12] + rewrite_stun(b[12:], m) if looks_stun(b[12:]) else b
    if not looks_stun(b):
        return b
    out = bytearray(b)
    cookie = struct.unpack("!I", b[4:8])[0] == COOKIE
    # the transaction ID: 12 bytes after the cookie, or [MS-TURN]'s 16
    tid_from = 8 if cookie else 4
    for i in range(tid_from, 20):
        out[i] ^= m.tid_mask[i - 4]
    ms_turn = len(b) >= 24 and struct.unpack("!H", b[20:22])[0] == MS_TURN_MAGIC
    off = 20
    while off + 4 <= len(b):
        at, al = struct.unpack("!HH", b[off:off + 4])
        v = off + 4
        if v + al > len(b):
            break
        val = b[v:v + al]
        if at == USERNAME and m.ufrags:
            try:
                parts = val.decode("ascii").split(":")
            except UnicodeDecodeError:
                parts = []
            if len(parts) == 2 and all(p in UFRAGS for p in parts):
                out[v:v + al] = ":".join(m.ufrags.get(p, p) for p in parts).encode()
        elif at in ADDRESS_ATTRIBUTES and al == 8 and val[:2] == b"\x00\x01":
            out[v:v + al] = _rewrite_address(at, val, m)
        elif at == DATA:
            out[v:v + al] = rewrite_stun(val, m)
        elif at == FINGERPRINT and al == 4 and _fingerprint(b[:off]) == val:
            out[v:v + al] = _fingerprint(bytes(out[:off]))
        off = v + al + (0 if ms_turn else (-al) % 4)
    return bytes(out)


def _rewrite_address(at: int, val: bytes, m: Mapping) -> bytes:
    port, addr = struct.unpack("!H4s", val[2:])
    plain = _ip(addr)
    xored = _ip(struct.pack("!I", struct.unpack("!I", addr)[0] ^ COOKIE))
    if m.known(plain):
        return struct.pack("!HH4s", 1, m.port(plain, port), IPv4Address(m.addr(plain)).packed)
    if m.known(xored):
        new_addr = struct.unpack("!I", IPv4Address(m.addr(xored)).packed)[0] ^ COOKIE
        return struct.pack("!HHI", 1, m.port(xored, port ^ 0x2112) ^ 0x2112, new_addr)
    raise UnknownAddress(f"STUN attribute 0x{at:04x}: neither {plain}:{port} nor "
                         f"{xored}:{port ^ 0x2112} is an address of the call")


# --- frames -------------------------------------------------------------------

def rewrite(raw: bytes, m: Mapping) -> bytes:
    """One Ethernet frame of the capture rewritten by m."""
    pkt = Ether(raw)
    if IP not in pkt:
        return raw
    ip = pkt[IP]
    src, dst = ip.src, ip.dst
    ip_end = 14 + ip.len
    trailer = raw[ip_end:]
    ip.src, ip.dst = m.addr(src), m.addr(dst)
    del ip.chksum
    l4 = ip.payload
    if isinstance(l4, (UDP, TCP)):
        hdr = 8 if isinstance(l4, UDP) else l4.dataofs * 4
        payload = raw[14 + ip.ihl * 4 + hdr:ip_end]
        sport, dport = l4.sport, l4.dport
        l4.sport, l4.dport = m.port(src, sport), m.port(dst, dport)
        if isinstance(l4, UDP):
            if (src == m.client and sport in CLIENT_UDP) or (dst == m.client and dport in CLIENT_UDP):
                payload = rewrite_stun(payload, m)
            elif {sport, dport} & {53, 67, 68}:
                payload = _replace_packed(payload, m)
            del l4.len
        else:
            l4.seq = (l4.seq + m.tcp_offset) & 0xFFFFFFFF
            if l4.flags.A:
                l4.ack = (l4.ack + m.tcp_offset) & 0xFFFFFFFF
            if m.tcp_offset and any(o[0] == "SAck" for o in l4.options):
                l4.options = [("SAck", tuple((e + m.tcp_offset) & 0xFFFFFFFF for e in o[1]))
                              if o[0] == "SAck" else o for o in l4.options]
            payload = _replace_dotted(payload, m)
        if l4.chksum != 0:
            del l4.chksum
        l4.remove_payload()
        if payload:
            l4.add_payload(Raw(payload))
    elif isinstance(l4, ICMP) and IPerror in l4:
        inner = l4[IPerror]
        isrc, idst = inner.src, inner.dst
        inner.src, inner.dst = m.addr(isrc), m.addr(idst)
        del inner.chksum
        for cls in (UDPerror, TCPerror):
            if cls in inner:
                e = inner[cls]
                e.sport, e.dport = m.port(isrc, e.sport), m.port(idst, e.dport)
        del l4.chksum
    return bytes(pkt) + trailer


def _replace_packed(payload: bytes, m: Mapping) -> bytes:
    for a, b in m.addresses.items():
        if a != b:
            payload = payload.replace(IPv4Address(a).packed, IPv4Address(b).packed)
    return payload


def _replace_dotted(payload: bytes, m: Mapping) -> bytes:
    for a, b in m.addresses.items():
        if a != b and len(a) == len(b) and a.encode() in payload:
            payload = payload.replace(a.encode(), b.encode())
    return payload


def read(path):
    """[(time in microseconds, raw frame)] of a pcap, its link type Ethernet."""
    out = []
    reader = RawPcapReader(str(path))
    assert reader.linktype == 1, "teams.pcap is Ethernet"
    for raw, md in reader:
        out.append((md.sec * 1_000_000 + md.usec, raw))
    reader.close()
    return out


def make_copy(frames, m: Mapping, full_map=False):
    """[(time, raw)] of the copy; with full_map, every address of the
    capture is mapped (renumbered_address) first."""
    if full_map:
        for _, raw in frames:
            pkt = Ether(raw)
            if IP in pkt:
                for a in (pkt[IP].src, pkt[IP].dst, NAT, "52.114.252.8", "52.114.252.21"):
                    m.addresses.setdefault(a, renumbered_address(a, m))
    return [(t + m.time_offset, rewrite(raw, m)) for t, raw in frames]


def merge(*copies):
    """Frames of the copies by time (ties: the earlier copy first) and, for
    each frame of the file, (copy index, original frame number)."""
    tagged = [(t, i, n, raw) for i, c in enumerate(copies) for n, (t, raw) in enumerate(c, 1)]
    tagged.sort(key=lambda x: (x[0], x[1], x[2]))
    return [(t, raw) for t, _, _, raw in tagged], [(i, n) for _, i, n, _ in tagged]


def write(path, frames):
    w = RawPcapWriter(str(path), linktype=1, sync=False)
    w.write_header(None)
    for t, raw in frames:
        w.write_packet(raw, sec=t // 1_000_000, usec=t % 1_000_000)
    w.close()
    return path


def leftovers(frames, m: Mapping):
    """What of the original call is left in the UDP payloads of the copy's
    frames (from or to the copy's client media ports): [(frame number, what)]
    for every original address of the call, plain or XOR'd, and every ICE
    ufrag the map changes, found as bytes anywhere in a payload (inside
    DATA attributes and 0xFF10 frames too)."""
    patterns = {}
    for a in ORIGINAL_ADDRESSES:
        if m.addr(a) != a:
            packed = IPv4Address(a).packed
            patterns[packed] = a
            patterns[struct.pack("!I", struct.unpack("!I", packed)[0] ^ COOKIE)] = a + " (XOR'd)"
    for u, new in m.ufrags.items():
        if new != u:
            patterns[u.encode()] = u
    ports = {m.port(m.client, p) for p in CLIENT_UDP}
    found = []
    for n, (_, raw) in enumerate(frames, 1):
        pkt = Ether(raw)
        if UDP not in pkt or IPerror in pkt or not {pkt[UDP].sport, pkt[UDP].dport} & ports:
            continue
        payload = bytes(pkt[UDP].payload)
        found += [(n, what) for pat, what in patterns.items() if pat in payload]
    return found
