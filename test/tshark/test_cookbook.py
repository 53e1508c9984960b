# SPDX-License-Identifier: GPL-2.0-or-later
"""Every recipe in docs/cookbook.md runs, and prints what the page says it prints.

The same holds for the examples of the other pages of docs/ that are marked
as recipes (sessions.md, expert-info.md, preferences.md, limits.md).

Format of the page (docs/cookbook.md, "How the recipes are checked"):

  ```sh recipe
  tools/skype-tshark -2 -r captures/X.pcap -Y ... [| sort | uniq -c ...]
  ```
  ```text expected
  <output>
  ```

- A recipe is one command (backslash-newline continues it) that starts with
  tools/skype-tshark. Captures are named captures/X (the project's own) or
  ../shared/captures/X (the shared real captures; the recipe is skipped when
  that folder is absent). The tshark part runs through the `tshark` fixture
  (the built plugin, $SKYPE_PLUGIN, as nobody when root); anything after the
  first " | " runs in sh on tshark's standard output, with LC_ALL=C.UTF-8.
- The recipe must exit 0, and its standard output must match the expected
  block that follows it. Matching rule: line by line, trailing white space
  ignored, leading and trailing blank lines ignored; a line that is exactly
  "..." in the expected block stands for any number of output lines (none
  included), so an abridged output keeps its first and/or last lines and
  marks the gap. Everything else must be equal, in order.

The pages show Wireshark 4.0's output. On 4.4 and 4.6 (tested in chroots,
docs/building.md) the same recipes run, and what those versions print
differently for the same values is read as 4.0 prints it (booleans, absolute
times, the io,stat table's layout, TLS's Info text: see VERSION_NOTES). A few
recipes show another dissector's behaviour that changed after 4.0; on those
versions what still holds is checked instead (LATER_BEHAVIOUR).

Run alone: SKYPE_PLUGIN=build/skype.so /usr/bin/python3 -m pytest -q test/tshark/test_cookbook.py
Print the actual outputs (to write or review the page):
  SKYPE_PLUGIN=build/skype.so /usr/bin/python3 test/tshark/test_cookbook.py [substring of a recipe]
"""
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ASCII_TIME_ARGS, CAPTURES, ROOT, SHARED, TShark, shared_capture, ws_at_least

COOKBOOK = ROOT / "docs" / "cookbook.md"
PREFIX = "tools/skype-tshark"
FENCE = re.compile(r"^```(\S*)(?:[ \t]+(\S+))?[ \t]*$")
GAP = "..."


class Recipe:
    def __init__(self, doc, line, command, expected):
        self.doc = doc            # the page, e.g. "cookbook.md"
        self.line = line          # 1-based line of the command's first line in the page
        self.command = command    # the command, continuations joined
        self.expected = expected  # list of lines, or None when no expected block follows

    @property
    def id(self):
        return f"{self.doc}:{self.line}"


def parse(text, doc="cookbook.md"):
    """The recipes of a page, each with the expected block after it."""
    recipes, lines, i = [], text.splitlines(), 0
    blocks = []  # (info, tag, first line number, body lines)
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m and m.group(1):
            start, body = i + 1, []
            i += 1
            while i < len(lines) and lines[i].rstrip() != "```":
                body.append(lines[i])
                i += 1
            blocks.append((m.group(1), m.group(2), start + 1, body))
        elif m:  # a bare ``` opening a block without info string: skip its body
            i += 1
            while i < len(lines) and lines[i].rstrip() != "```":
                i += 1
        i += 1
    for k, (info, tag, start, body) in enumerate(blocks):
        if (info, tag) != ("sh", "recipe"):
            continue
        command = " ".join(part.rstrip().rstrip("\\").strip() for part in body if part.strip())
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        expected = nxt[3] if nxt and (nxt[0], nxt[1]) == ("text", "expected") else None
        recipes.append(Recipe(doc, start, command, expected))
    return recipes


# The cookbook, and any other page of docs/ that marks examples the same way
# (sessions.md, preferences.md, limits.md, expert-info.md do).
RECIPES = [r for page in sorted((ROOT / "docs").glob("*.md")) for r in parse(page.read_text(), page.name)]


# --- Wireshark versions after 4.0 (the pages show 4.0's output) -------------
#
# VERSION_NOTES: the same value in another version's wording, read back into
# 4.0's before the output is compared (and before any pipeline runs on it).
# Absolute times need no note: recipes run with ASCII_TIME_ARGS (4.6 prints
# them as 4.0 did when told).

def _fields_booleans(out):
    """-T fields prints booleans as True/False from 4.2 on (4.0: 1/0)."""
    cell = {"True": "1", "False": "0"}

    def one(c):
        parts = c.split(",")  # several occurrences
        return ",".join(cell.get(p, p) for p in parts) if all(p in cell for p in parts) else c
    return "\n".join("\t".join(one(c) for c in line.split("\t")) for line in out.split("\n"))


def _tls_sni_info(out):
    """4.4's TLS adds the server name to the ClientHello's Info text."""
    return re.sub(r"Client Hello \(SNI=[^)]*\)", "Client Hello", out)


VERSION_NOTES = [  # (since (major, minor), applies to command?, rewrite)
    ((4, 2), lambda c: "-T fields" in c, _fields_booleans),
    ((4, 4), lambda c: "_ws.col.Info" in c, _tls_sni_info),
]


def _io_stat_rows(lines):
    """The numbers of an io,stat table: each interval row without its interval
    (4.6 pads the header differently and labels the last interval up to the
    next step; the counts are the plugin's)."""
    return [[c.strip() for c in l.split("|")[2:]] for l in lines if "<>" in l]


# LATER_BEHAVIOUR: recipes that show another dissector's behaviour (or the
# plugin's answer to it) that changed after 4.0 (docs/building.md, "Other
# Wireshark versions"). Since the version named, check() replaces the
# comparison with the page.
def _tls_heuristic(expected, actual):
    # --disable-heuristic skype_tcp: 4.4's TLS heuristic no longer takes the
    # 5-byte L1/L2 for (malformed) TLS, so frames 4 and 5 drop out; what is
    # left is as on the page, and none of it is the plugin's.
    assert actual and all(line in expected for line in actual), actual
    assert not any("\tSkype\t" in line for line in actual), actual


def _rtp_decode_as(expected, actual):
    # -d udp.port==49282,rtp: 4.4's RTP sorts STUN out of an RTP port itself,
    # so the STUN that tags the 5-tuple never reaches the plugin and Decode As
    # wins (preferences.md says so): frames 8 and 9 are not the plugin's.
    assert [line.split("\t")[0] for line in actual] == ["8", "9"], actual
    assert not any("\tSkype\t" in line for line in actual), actual


LATER_BEHAVIOUR = [  # (since, applies to command?, check)
    ((4, 4), lambda c: "--disable-heuristic skype_tcp -Y 'skype || tls'" in c, _tls_heuristic),
    ((4, 4), lambda c: "-d udp.port==49282,rtp" in c and "--disable-heuristic" not in c
     and "_ws.col.Protocol" in c, _rtp_decode_as),
]


def later_behaviour(command):
    """The check that replaces the page's output on this version, or None."""
    found = [check for since, applies, check in LATER_BEHAVIOUR if applies(command) and ws_at_least(*since)]
    return found[0] if found else None


def split(command):
    """(tshark arguments, shell pipeline or None) of a recipe command."""
    tshark_part, _, pipeline = command.partition(" | ")
    args = shlex.split(tshark_part)
    assert args and args[0] == PREFIX, f"a recipe starts with {PREFIX}: {command}"
    return args[1:], (pipeline.strip() or None)


def captures_of(args):
    """[(argument index, source path)] of the capture arguments."""
    found = []
    for n, a in enumerate(args):
        if a.startswith("captures/"):
            found.append((n, CAPTURES / a[len("captures/"):]))
        elif a.startswith("../shared/captures/"):
            found.append((n, SHARED / a[len("../shared/captures/"):]))
    return found


def run_recipe(tshark, recipe):
    """Standard output of a recipe, as a user running it from the top of the tree sees it."""
    args, pipeline = split(recipe.command)
    for n, src in captures_of(args):
        if src.parent == SHARED:
            src = shared_capture(src.name)  # skips the test when ../shared/captures is absent
        assert src.is_file(), f"{recipe.id}: no capture {args[n]}"
        args[n] = str(tshark.capture(src))
    res = tshark.run([*ASCII_TIME_ARGS, *args], check=False)
    assert res.returncode == 0, f"{recipe.id}: tshark exit {res.returncode}:\n{res.stderr[-2000:]}"
    out = res.stdout
    for since, applies, rewrite in VERSION_NOTES:
        if ws_at_least(*since) and applies(recipe.command):
            out = rewrite(out)
    if pipeline:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
        p = subprocess.run(["sh", "-c", pipeline], input=out, capture_output=True, text=True, env=env,
                           timeout=120)
        assert p.returncode == 0, f"{recipe.id}: pipeline exit {p.returncode}:\n{p.stderr}"
        out = p.stdout
    return out


def trim(lines):
    lines = [line.rstrip() for line in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(expected, actual):
    """True when actual (lines) fits expected (lines, "..." = any run of lines)."""
    exp, act = trim(expected), trim(actual)
    # memoised match of exp[i:] against act[j:]
    memo = {}

    def m(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(exp):
            r = j == len(act)
        elif exp[i] == GAP:
            r = any(m(i + 1, k) for k in range(j, len(act) + 1))
        else:
            r = j < len(act) and exp[i] == act[j] and m(i + 1, j + 1)
        memo[(i, j)] = r
        return r

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * (len(exp) + len(act)) + 100))
    return m(0, 0)


def test_cookbook_has_recipes():
    assert sum(r.doc == COOKBOOK.name for r in RECIPES) >= 20, \
        "docs/cookbook.md lost its recipes (or their ```sh recipe fences)"
    for r in RECIPES:
        assert r.expected is not None, f"{r.id}: recipe without a ```text expected block after it"
        args, _ = split(r.command)
        assert captures_of(args), f"{r.id}: recipe reads no captures/ or ../shared/captures/ file"


def test_version_notes_name_recipes():
    """Each entry of LATER_BEHAVIOUR still names exactly one recipe."""
    for _, applies, check in LATER_BEHAVIOUR:
        assert len([r for r in RECIPES if applies(r.command)]) == 1, check.__name__


def test_version_rewrites():
    assert _fields_booleans("4\tTrue\tx True\n5\tFalse,True\t") == "4\t1\tx True\n5\t0,1\t"
    assert _tls_sni_info("4\tClient Hello (SNI=a.b)") == "4\tClient Hello"
    assert _io_stat_rows(["| Col 1: x |", "| 1.5 <> 1.5 |  0 |   1 |"]) == [["0", "1", ""]]


def test_matching_rule():
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "b"], ["a", "b"])
    assert matches(["", "a  ", "..."], ["a", "b", ""])
    assert not matches(["a", "b"], ["a", "b", "c"])
    assert not matches(["a", "...", "d"], ["a", "b", "c"])
    assert matches([], [""])


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda r: r.id)
def test_recipe(tshark, recipe):
    out = run_recipe(tshark, recipe)
    check = later_behaviour(recipe.command)
    if check:
        check(trim(recipe.expected), trim(out.splitlines()))
        return
    if "io,stat" in recipe.command and ws_at_least(4, 6):
        assert _io_stat_rows(recipe.expected) == _io_stat_rows(out.splitlines()), (
            f"docs/{recipe.id}: io,stat counts differ\n--- actual output ---\n{out}")
        return
    assert matches(recipe.expected, out.splitlines()), (
        f"docs/{recipe.id}: output differs from the expected block\n"
        f"command: {recipe.command}\n--- actual output ---\n{out}")


def main(argv):
    """Print each recipe's actual output (for writing and reviewing the page)."""
    import tempfile

    plugin = os.environ.get("SKYPE_PLUGIN")
    if not plugin:
        sys.exit("SKYPE_PLUGIN must name the built skype.so")
    with tempfile.TemporaryDirectory(prefix="skype-cb-") as d:
        ts = TShark(Path(d), Path(plugin))
        for r in RECIPES:
            if argv and not any(a in r.command for a in argv):
                continue
            print(f"### {r.id}: {r.command}")
            try:
                out = run_recipe(ts, r)
            except KeyboardInterrupt:
                raise
            except BaseException as e:  # pytest.skip's exception is a BaseException too
                out = f"<{type(e).__name__}: {e}>\n"
            state = "" if r.expected is None else ("  [matches]" if matches(r.expected, out.splitlines())
                                                    else "  [DIFFERS]")
            print(f"```text expected{state}\n{out}```\n")


if __name__ == "__main__":
    main(sys.argv[1:])
