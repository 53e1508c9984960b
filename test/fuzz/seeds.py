#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write libFuzzer seed corpora from the captures.

  seeds.py OUTDIR CAPTURE...

OUTDIR/udp: per capture, its UDP payloads in order, framed as fuzz_udp.c
reads them ([flags][length][bytes], flags 0x20 = from the lower port's side).
OUTDIR/tcp: the same for TCP payloads (fuzz_tcp.c, two header bytes first).
OUTDIR/modern: each UDP and TCP payload alone (fuzz_modern.c).
Needs tshark (the plugin is not needed).
"""
import os
import subprocess
import sys


def payloads(capture, proto):
    out = subprocess.run(["tshark", "-r", capture, "-Y", f"{proto}.payload", "-T", "fields",
                          "-e", f"{proto}.srcport", "-e", f"{proto}.dstport", "-e", f"{proto}.payload"],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[2]:
            yield int(parts[0]) < int(parts[1]), bytes.fromhex(parts[2].replace(":", ""))


def main():
    outdir, captures = sys.argv[1], sys.argv[2:]
    for sub in ("udp", "tcp", "modern"):
        os.makedirs(os.path.join(outdir, sub), exist_ok=True)
    n = 0
    for cap in captures:
        base = os.path.splitext(os.path.basename(cap))[0]
        for proto, header in (("udp", b""), ("tcp", b"\x01\x01")):
            seq = bytearray(header)
            for i, (low, data) in enumerate(payloads(cap, proto)):
                if i < 64:
                    chunk = data[:255]
                    seq += bytes([0x20 if low else 0, len(chunk)]) + chunk
                if len(data) <= 2048 and n < 4000:
                    with open(os.path.join(outdir, "modern", f"{base}-{proto}-{i}"), "wb") as f:
                        f.write(data)
                    n += 1
            if len(seq) > len(header):
                with open(os.path.join(outdir, proto, base), "wb") as f:
                    f.write(seq)


if __name__ == "__main__":
    main()
