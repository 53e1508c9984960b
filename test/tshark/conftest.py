# SPDX-License-Identifier: GPL-2.0-or-later
"""Run tshark with the freshly built plugin, through tools/skype-tshark (the
project's one tshark runner: plugin folder, root -> nobody, sanitizer preload).

Environment (set by ctest, see test/CMakeLists.txt):
  SKYPE_PLUGIN  path of the built skype.so
  SKYPE_TSHARK  tshark binary (default: tshark on PATH)
  SKYPE_WS_ABI  plugin folder name, major.minor of the Wireshark built against
                (default 4.0)

Wireshark ignores personal plugin folders and WIRESHARK_PLUGIN_DIR when run
as root, so as root skype-tshark runs tshark as nobody (setpriv); the
captures are copied once into a private world-readable folder, and each
session's HOME (preferences, profiles) is one such folder too.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CAPTURES = ROOT / "captures"
SHARED = ROOT.parent / "shared" / "captures"
WS_ABI = os.environ.get("SKYPE_WS_ABI", "4.0")
WS_VERSION = tuple(int(x) for x in WS_ABI.split(".")[:2])


def ws_at_least(major: int, minor: int) -> bool:
    """Is the Wireshark under test (SKYPE_WS_ABI) major.minor or later?"""
    return WS_VERSION >= (major, minor)


# The tests hold on Wireshark 4.0, 4.4 and 4.6 (docs/building.md). What other
# versions print differently for the same value is read through these:
#  - booleans in -T fields: 1/0 on 4.0, True/False from 4.2 on (flag());
#  - absolute times: "Jan 31, 2004 17:23:18.000000000 UTC" up to 4.4, ISO 8601
#    "2004-01-31T17:23:18.000000000Z" from 4.6 on (abs_time()); 4.6's
#    protocols.display_abs_time_ascii:ALWAYS prints the old form
#    (ASCII_TIME_ARGS, for output compared with the 4.0 pages of docs/);
#  - columns: -e _ws.col.<title> of a custom column works on 4.0 only (4.2+
#    names column fields by format); columns() reads them from -T psml.
ASCII_TIME_ARGS = ["-o", "protocols.display_abs_time_ascii:ALWAYS"] if ws_at_least(4, 6) else []


def flag(value: str):
    """A boolean field as printed by -T fields: True, False, or None (absent)."""
    return {"1": True, "True": True, "0": False, "False": False, "": None}[value]


def abs_time(value: str) -> datetime:
    """An absolute-time field (UTC) as printed by -T fields, either form."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:Z|[+-]00:?00)", value)
    if m:
        y, mo, d, h, mi, sec, frac = m.groups()
    else:
        m = re.fullmatch(r"([A-Z][a-z]{2}) +(\d+), (\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? UTC", value)
        assert m, f"not an absolute UTC time: {value!r}"
        mon, d, y, h, mi, sec, frac = m.groups()
        mo = datetime.strptime(mon, "%b").month
    micro = int((frac or "0")[:6].ljust(6, "0"))
    return datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec), micro, tzinfo=timezone.utc)

# The ASan+UBSan build of the plugin (test tshark_tests_asan_ubsan): tshark is
# not instrumented, so tools/skype-tshark preloads the sanitizer runtime named
# by SKYPE_PRELOAD into it; the sanitizer options pass through to tshark.
SANITIZER_ENV = {k: os.environ[k] for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS",
                                             "WIRESHARK_DEBUG_WMEM_OVERRIDE", "SKYPE_PRELOAD")
                 if k in os.environ}
SKYPE_TSHARK = ROOT / "tools" / "skype-tshark"


class TShark:
    def __init__(self, workdir: Path, plugin: Path | None):
        self.workdir = workdir
        # The plugin folder (empty without a plugin), made once per session:
        # tools/skype-tshark uses it in place, as the HOME below, so that it
        # adds no copy to each tshark run.
        self.plugin_dir = workdir / ("plugins" if plugin else "noplugins")
        epan = self.plugin_dir / WS_ABI / "epan"
        epan.mkdir(parents=True, exist_ok=True)
        if plugin:
            shutil.copy(plugin, epan / "skype.so")
        self.home = workdir / "home"
        self.home.mkdir(exist_ok=True)
        # No extcap programs: tshark -G would start every one of them (and
        # with a preloaded sanitizer runtime, androiddump hangs).
        self.extcap = workdir / "extcap"
        self.extcap.mkdir(exist_ok=True)
        for p in [workdir, self.home, self.extcap, *self.plugin_dir.rglob("*"), self.plugin_dir]:
            p.chmod(0o755)
        self.binary = os.environ.get("SKYPE_TSHARK") or shutil.which("tshark")

    def capture(self, path: Path) -> Path:
        """A copy of path readable by the unprivileged tshark."""
        dst = self.workdir / "caps" / path.name
        if not dst.exists():
            dst.parent.mkdir(exist_ok=True)
            dst.parent.chmod(0o755)
            shutil.copy(path, dst)
            dst.chmod(0o644)
        return dst

    def run(self, args, check=True):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8",
               "SKYPE_PLUGIN": str(self.plugin_dir),
               "SKYPE_TSHARK": self.binary, "SKYPE_WS_ABI": WS_ABI,
               "SKYPE_TSHARK_HOME": str(self.home), "WIRESHARK_EXTCAP_DIR": str(self.extcap),
               # capture() and the tests hand tshark world-readable copies
               "SKYPE_TSHARK_READABLE": "1"}
        env.update(SANITIZER_ENV)
        cmd = [str(SKYPE_TSHARK), *args]
        # A session of its own, so that a timeout stops tshark too, not only
        # the wrapper script. errors="replace": Wireshark 4.0 can cut a long
        # label inside a UTF-8 sequence ("Username [truncated]: ..." of a
        # fuzzed STUN USERNAME, plain tshark too), and -V then prints bytes
        # that are not UTF-8.
        with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, errors="replace", cwd=self.workdir, start_new_session=True) as p:
            try:
                out, err = p.communicate(timeout=600)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                raise
        res = subprocess.CompletedProcess(cmd, p.returncode, out, err)
        if check and res.returncode != 0:
            raise AssertionError(f"{cmd} failed ({res.returncode}):\n{res.stderr}")
        return res

    def fields(self, capture: Path, fields, display_filter=None, two_pass=True, extra=()):
        """Rows of -T fields output, one list of strings per displayed frame."""
        args = ["-r", str(self.capture(capture)), "-T", "fields", "-E", "separator=\t",
                "-E", "occurrence=f"]
        if two_pass:
            args.append("-2")
        if display_filter:
            args += ["-Y", display_filter]
        for f in fields:
            args += ["-e", f]
        args += list(extra)
        out = self.run(args).stdout
        return [line.split("\t") for line in out.splitlines()]

    def frames(self, capture: Path, fields, display_filter=None, **kw):
        """{frame number: {field: value}} for the displayed frames."""
        rows = self.fields(capture, ["frame.number", *fields], display_filter, **kw)
        return {int(r[0]): dict(zip(fields, r[1:])) for r in rows}

    def count(self, capture: Path, display_filter, **kw):
        return len(self.fields(capture, ["frame.number"], display_filter, **kw))

    def columns(self, capture: Path, extra=(), two_pass=True):
        """The packet list as the columns of the configuration (-C PROFILE in
        extra, else the defaults) show it: one {column title: text} per
        displayed frame, from -T psml, which names columns by title on every
        version."""
        args = ["-r", str(self.capture(capture)), "-T", "psml", *(["-2"] if two_pass else []), *extra]
        root = ET.fromstring(self.run(args).stdout)
        titles = [s.text or "" for s in root.find("structure")]
        return [dict(zip(titles, [s.text or "" for s in p])) for p in root.findall("packet")]


def built_plugin() -> Path:
    """The built skype.so named by SKYPE_PLUGIN (ctest sets it)."""
    plugin = os.environ.get("SKYPE_PLUGIN")
    if not plugin or not Path(plugin).is_file():
        pytest.fail("SKYPE_PLUGIN must name the built skype.so (run through ctest)")
    return Path(plugin)


@pytest.fixture(scope="session")
def tshark():
    with tempfile.TemporaryDirectory(prefix="skype-ts-") as d:
        yield TShark(Path(d), built_plugin())


@pytest.fixture(scope="session")
def tshark_plain():
    """tshark without the plugin, for before/after comparisons."""
    with tempfile.TemporaryDirectory(prefix="skype-ts0-") as d:
        yield TShark(Path(d), None)


def shared_capture(name: str) -> Path:
    p = SHARED / name
    if not p.is_file():
        pytest.skip(f"../shared/captures/{name} is absent (fresh clone without shared/)")
    return p


def own_capture(name: str) -> Path:
    return CAPTURES / name


def stat_table(out: str, first_col: str = "Call"):
    """Rows of a statistics table as tshark prints it (-z skype,calls,
    skype,streams, skype,seconds): the header line of column names each
    followed by " |", then rows of cells each followed by " |"; rows start
    with a number or "-". Returns [{column: text}] in the table's order."""
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith(first_col + " |"))
    cols = [c.strip() for c in lines[head].split("|")][:-1]
    rows = []
    for line in lines[head + 1:]:
        if re.match(r"^(\d+|-) \|", line):
            rows.append(dict(zip(cols, [c.strip() for c in line.split("|")][:-1])))
        elif line.startswith("="):
            break
    return rows


def tool_env(tmp_path_factory):
    """Environment of the batch tools (tools/skype-export, skype-call-report):
    the plugin under test, a private HOME (GNU parallel keeps its cache and
    config in ~/.parallel), no $PARALLEL, the tshark under test first on PATH."""
    home = tmp_path_factory.mktemp("home")
    path = os.environ.get("PATH", "/usr/bin:/bin")
    if os.environ.get("SKYPE_TSHARK"):
        path = f"{Path(os.environ['SKYPE_TSHARK']).parent}:{path}"
    env = {"PATH": path, "HOME": str(home), "LC_ALL": "C.UTF-8",
           "SKYPE_PLUGIN": os.environ["SKYPE_PLUGIN"]}
    if os.environ.get("SKYPE_JOIN"):  # build/skype-join (skype-export --file-set)
        env["SKYPE_JOIN"] = os.environ["SKYPE_JOIN"]
    return env
