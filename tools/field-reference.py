#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write docs/field-reference.md from what the built plugin registers.

  tools/field-reference.py > docs/field-reference.md

Reads `tshark -G fields`, `-G values` and `-G expert` through
tools/skype-tshark (so the plugin in build/ or $SKYPE_PLUGIN is loaded) and
lists every skype.* field, its values and every skype.expert.* entry. Fields
of Wireshark's built-in skype dissector are listed apart. The test
test_docs.py fails when the committed file differs from this output.
"""
import subprocess
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
BUILTIN = {"skype.som.type", "skype.som.unk", "skype.unknown_0.unk1", "skype.payload.iv",
           "skype.payload.crc", "skype.payload.encdata", "skype.ffr.num", "skype.ffr.unk1",
           "skype.ffr.iv", "skype.ffr.crc", "skype.ffr.encdata", "skype.natinfo.srcip",
           "skype.natinfo.dstip", "skype.natrequest.srcip", "skype.natrequest.dstip",
           "skype.audio.unk1", "skype.unknown_f.unk1", "skype.unknown_packet"}


def glossary(kind):
    out = subprocess.run([str(TOOLS / "skype-tshark"), "-G", kind], capture_output=True, text=True,
                         check=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def main():
    fields = [r for r in glossary("fields") if r[0] == "F" and r[4] == "skype"]
    values = {}
    for r in glossary("values"):
        if r[0] == "V" and r[1].startswith("skype."):
            values.setdefault(r[1], []).append((r[2], r[3]))

    last = {}
    for r in fields:  # a name registered twice (skype.som.id): the plugin's, registered last
        last[r[2]] = r
    seen = set()
    w = sys.stdout.write
    w("# Field reference\n\n")
    w("Generated from the plugin by `tools/field-reference.py`; do not edit by hand.\n")
    w("Every field is under the `skype` protocol (docs/design.md); `skype` as a display\n")
    w("filter matches every frame the plugin annotates.\n\n")
    w("| field | name | type | base | mask | description |\n|---|---|---|---|---|---|\n")
    for r in fields:
        abbrev = r[2]
        if abbrev in BUILTIN or abbrev in seen or abbrev.startswith("skype.expert."):
            continue
        seen.add(abbrev)
        r = last[abbrev]
        mask = r[6] if r[6] not in ("0x0", "0x00000000") else ""
        desc = r[7] if len(r) > 7 else ""
        w(f"| `{abbrev}` | {r[1]} | {r[3]} | {r[5]} | {mask} | {desc} |\n")
    w("\n## Values\n\n")
    for abbrev in sorted(values):
        if abbrev in BUILTIN:
            continue
        w(f"`{abbrev}`: " + "; ".join(f"{v} = {name}" for v, name in values[abbrev]) + "\n\n")
    w("## Expert information\n\n")
    w("Filter on an entry by its name, e.g. `-Y skype.expert.probe_negative`.\n\n")
    w("| entry | summary |\n|---|---|\n")
    for r in fields:
        if r[2].startswith("skype.expert."):
            w(f"| `{r[2]}` | {r[1]} |\n")
    w("\n## Fields of Wireshark's built-in skype dissector\n\n")
    w("Not registered by this plugin; present in Wireshark 4.0: "
      + ", ".join(f"`{a}`" for a in sorted(BUILTIN)) + ".\n")


if __name__ == "__main__":
    main()
