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

from conftest import CAPTURES, ROOT, SHARED, TShark, shared_capture

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
    res = tshark.run(args, check=False)
    assert res.returncode == 0, f"{recipe.id}: tshark exit {res.returncode}:\n{res.stderr[-2000:]}"
    out = res.stdout
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
