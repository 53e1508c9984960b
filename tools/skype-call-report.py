#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The Python part of tools/skype-call-report (docs/call-report.md): reads what
`tshark -2 -q -z skype,calls -z skype,streams -z skype,seconds` printed for one
capture and draws one picture per call; then writes the index of all captures.

    skype-call-report.py capture --name NAME --input TSHARK_OUTPUT --out DIR [--format png|svg|both]
    skype-call-report.py index --dir DIR --list LIST --output FILE

`capture` writes DIR/call-N.png (and/or .svg) per call and DIR/calls.json;
`index` writes FILE, the index that is to be DIR/index.html, from the
calls.json of each capture DIR/NAME named in LIST (lines: NAME<TAB>ok, or
NAME<TAB>failed<TAB>why), and prints the number of calls. Run with Debian's
/usr/bin/python3 and its python3-matplotlib (Agg backend). The pictures are
deterministic: fixed size and dpi, no date or software version in them.
"""
import argparse
import html
import json
import math
import sys
import textwrap
import urllib.parse
from pathlib import Path

CALLS_TABLE = "Skype/Teams calls"
STREAMS_TABLE = "Skype/Teams streams"
SECONDS_TABLE = "Skype/Teams stream seconds"
TABLES = (CALLS_TABLE, STREAMS_TABLE, SECONDS_TABLE)
SECONDS_COLUMNS = ["Call", "SSRC", "Kind", "Second", "Packets", "Bytes", "Lost",
                   "Max jitter (ms)", "Frames"]
# What the picture shows of each stream, and the order of its panels.
PANELS = [("Bitrate (kbit/s)", "bitrate"), ("Lost (packets)", "lost"),
          ("Max jitter (ms)", "jitter"), ("Frame rate (fps)", "fps")]
FIGSIZE = (11.0, 8.5)   # inches
DPI = 100               # so 1100 x 850 pixels
TITLE_WIDTH = 120       # characters per title line


class ReportError(Exception):
    pass


# ---- the tshark output ---------------------------------------------------

def is_rule(line: str) -> bool:
    return len(line) >= 3 and set(line) == {"="}


def cells(line: str):
    """The cells of a stat table line (header or row): each is followed by " |"."""
    if line.endswith(" |"):
        line = line[:-2]
    return [c.strip() for c in line.split(" |")]


def parse(text: str):
    """{table name: (header, rows)} of the plugin's stat tables in tshark's
    output (the calls, streams and stream seconds tables; rows: dicts keyed
    by header name, every header present), whatever their order."""
    lines = text.splitlines()
    tables = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if line in TABLES and i > 0 and lines[i - 1].endswith(" |"):
            header = cells(lines[i - 1])
            rows = []
            i += 1
            while i < len(lines) and not is_rule(lines[i]):
                if lines[i].endswith(" |"):
                    c = cells(lines[i])
                    rows.append(dict(zip(header, c + [""] * (len(header) - len(c)))))
                i += 1
            tables[line] = (header, rows)
            continue
        i += 1
    return tables


def number(value: str):
    """A cell as a float; None for `-`, empty or not a number."""
    try:
        v = float(value)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def call_key(value: str):
    """Sort key of a call number (numbers first, in numeric order)."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def is_video(kind: str) -> bool:
    k = kind.lower()
    return "video" in k or "screen" in k


# ---- one capture -----------------------------------------------------------

class Stream:
    """One stream of a call: its rows of the streams table (normally one;
    more when the table lists the same SSRC and kind twice in the call) and
    its per-second rows."""

    def __init__(self, call: str, ssrc: str, kind: str):
        self.call, self.ssrc, self.kind = call, ssrc, kind
        self.rows = []
        self.seconds = {}

    @property
    def direction(self) -> str:
        dirs = []
        for r in self.rows:
            d = r.get("Direction", "-")
            if d not in ("", "-") and d not in dirs:
                dirs.append(d)
        return "/".join(dirs)

    @property
    def label(self) -> str:
        return " ".join(x for x in (self.ssrc, self.kind, self.direction) if x)

    @property
    def video(self) -> bool:
        return is_video(self.kind) or any(r.get("Frames", "-") not in ("", "-") for r in self.seconds.values())


def call_verdict(streams):
    """(verdict, poor streams): Poor when any stream is Poor, Good when
    at least one stream has a verdict and none is Poor; streams with verdict
    `-` do not count, and a call none of whose streams has a verdict has none
    (`-`)."""
    judged = [(s, r) for s in streams for r in s.rows if r.get("Verdict", "-") not in ("", "-")]
    poor = [(s, r) for s, r in judged if r["Verdict"] == "Poor"]
    if poor:
        return "Poor", poor
    return ("Good" if judged else "-"), []


def poor_text(stream, row) -> str:
    who = " ".join(x for x in (stream.ssrc, stream.kind, row.get("Direction", "-")) if x not in ("", "-"))
    reasons = row.get("Reasons", "-")
    return f"{who}: {reasons}" if reasons not in ("", "-") else who


MAX_POOR_LINES = 6


def call_title(capture: str, call: str, verdict: str, poor, streams) -> str:
    """The picture's title: capture, call and verdict; then, for a Poor call,
    one line per Poor stream with its reasons."""
    judged = sum(1 for s in streams if any(r.get("Verdict", "-") not in ("", "-") for r in s.rows))
    if verdict == "Poor":
        head = f"{capture}, call {call}: Poor ({len(poor)} of {judged} judged streams Poor)"
    elif verdict == "Good":
        head = f"{capture}, call {call}: Good"
    elif streams:
        head = f"{capture}, call {call}: no verdict (no stream of the call has one)"
    else:
        head = f"{capture}, call {call}: no verdict (no RTP stream in the call)"
    lines = textwrap.wrap(head, TITLE_WIDTH) or [head]
    for n, (s, r) in enumerate(poor):
        if n == MAX_POOR_LINES - 1 and len(poor) > MAX_POOR_LINES:
            lines.append(f"... and {len(poor) - n} more Poor streams (index.html, calls.json)")
            break
        lines += textwrap.wrap("Poor: " + poor_text(s, r), TITLE_WIDTH, subsequent_indent="    ")
    return "\n".join(lines)


def call_info(row) -> str:
    """One line of the calls table's facts about the call, when it has a row."""
    if not row:
        return ""
    parts = []
    if row.get("Client host", "-") not in ("", "-"):
        parts.append(f"client host {row['Client host']}")
    if row.get("Remote party", "-") not in ("", "-"):
        parts.append(f"remote party {row['Remote party']}")
    if row.get("Start (s)", "-") not in ("", "-") and row.get("Duration (s)", "-") not in ("", "-"):
        parts.append(f"from {row['Start (s)']} s for {row['Duration (s)']} s")
    if row.get("Legs", "-") not in ("", "-"):
        parts.append(f"legs: {row['Legs']}")
    return ", ".join(parts)


def series(stream):
    """x (seconds) and the four panels' values of one stream, from its first
    to its last second: seconds without a row between them carry 0 (nothing
    sent), jitter none."""
    if not stream.seconds:
        return [], {k: [] for _, k in PANELS}
    lo, hi = min(stream.seconds), max(stream.seconds)
    xs, out = [], {k: [] for _, k in PANELS}
    for sec in range(lo, hi + 1):
        r = stream.seconds.get(sec)
        xs.append(sec)
        if r is None:
            for k in ("bitrate", "lost", "fps"):
                out[k].append(0.0)
            out["jitter"].append(math.nan)
            continue
        b = number(r.get("Bytes", "-"))
        out["bitrate"].append(b * 8 / 1000 if b is not None else math.nan)
        lost = number(r.get("Lost", "-"))
        out["lost"].append(lost if lost is not None else math.nan)
        j = number(r.get("Max jitter (ms)", "-"))
        out["jitter"].append(j if j is not None else math.nan)
        f = number(r.get("Frames", "-"))
        out["fps"].append(f if f is not None else (0.0 if stream.video else math.nan))
    return xs, out


def draw(plt, path_base: Path, formats, title: str, info: str, streams, span):
    from matplotlib.ticker import MaxNLocator

    nlines = title.count("\n") + 1 + (1 if info else 0)
    fig, axes = plt.subplots(len(PANELS), 1, sharex=True, figsize=FIGSIZE, dpi=DPI)
    top = 1 - (0.3 + 0.2 * nlines) / FIGSIZE[1]
    fig.subplots_adjust(left=0.08, right=0.74, top=top, bottom=0.07, hspace=0.12)
    head, _, rest = title.partition("\n")
    y = 1 - 0.15 / FIGSIZE[1]
    fig.text(0.08, y, head, ha="left", va="top", fontsize=12, fontweight="bold")
    y -= 0.25 / FIGSIZE[1]
    if rest:
        fig.text(0.08, y, rest, ha="left", va="top", fontsize=10, color="#a00000", linespacing=1.3)
        y -= 0.2 * (rest.count("\n") + 1) / FIGSIZE[1]
    if info:
        fig.text(0.08, y, info, ha="left", va="top", fontsize=9, color="0.3")
    colours = plt.get_cmap("tab10").colors
    first, last = span
    handles, labels = [], []
    for n, s in enumerate(streams):
        xs, ys = series(s)
        style = dict(color=colours[n % len(colours)], marker="o", markersize=3.5, linewidth=1.4,
                     linestyle="-" if n < len(colours) else "--")
        line = None
        for ax, (_, key) in zip(axes, PANELS):
            if key == "fps" and not s.video:
                continue
            if xs:
                (line,) = ax.plot(xs, ys[key], **style)
        if line is None:        # no per-second row: still in the legend
            (line,) = axes[0].plot([], [], **style)
        handles.append(line)
        labels.append(s.label)
    for ax, (name, key) in zip(axes, PANELS):
        ax.set_ylabel(name, fontsize=9)
        ax.grid(True, linewidth=0.5, alpha=0.5)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=8)
        if key == "lost":
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_ylim(top=max(ax.get_ylim()[1], 1))
        if key == "fps" and not any(s.video for s in streams):
            ax.set_yticks([])
            ax.text(0.5, 0.5, "no video or screen-sharing stream", transform=ax.transAxes,
                    ha="center", va="center", fontsize=9, color="0.4")
    if not streams:
        axes[0].text(0.5, 0.5, "no RTP stream in the call", transform=axes[0].transAxes,
                     ha="center", va="center", fontsize=9, color="0.4")
    axes[-1].set_xlim(first - 0.5, last + 0.5)
    axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[-1].set_xlabel("Second since the capture's first frame", fontsize=9)
    if handles:
        fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.755, top), fontsize=8,
                   title="SSRC, kind, direction", title_fontsize=8, frameon=False)
    written = []
    for fmt in formats:
        path = path_base.with_suffix("." + fmt)
        meta = {"Software": None} if fmt == "png" else {"Date": None}
        fig.savefig(path, format=fmt, dpi=DPI, metadata=meta)
        written.append(path.name)
    plt.close(fig)
    return written


def report_capture(name: str, text: str, out: Path, formats):
    tables = parse(text)
    for table, stat in ((STREAMS_TABLE, "streams"), (SECONDS_TABLE, "seconds")):
        if table not in tables:
            raise ReportError(f"no table {table!r} in tshark's output (a plugin without -z skype,{stat}?)")
    header, rows = tables[STREAMS_TABLE]
    for col in ("Call", "SSRC", "Kind"):
        if col not in header:
            raise ReportError(f"the streams table has no column {col}")
    missing = [c for c in SECONDS_COLUMNS if c not in tables[SECONDS_TABLE][0]]
    if missing:
        raise ReportError(f"the stream seconds table has no column(s) {', '.join(missing)}")
    seconds = tables[SECONDS_TABLE]
    calls_header, calls_rows = tables.get(CALLS_TABLE, ([], []))

    # The calls: those of the calls table, and any a stream names.
    info = {r["Call"]: r for r in calls_rows if r.get("Call", "-") not in ("", "-")}
    streams = {}
    for r in rows:
        if r["Call"] in ("", "-"):
            continue
        key = (r["Call"], r["SSRC"], r["Kind"])
        streams.setdefault(key, Stream(*key)).rows.append(r)
    for r in seconds[1]:
        if r["Call"] in ("", "-"):
            continue
        sec = number(r["Second"])
        if sec is None:
            continue
        key = (r["Call"], r["SSRC"], r["Kind"])
        streams.setdefault(key, Stream(*key)).seconds[int(sec)] = r
    calls = sorted({k[0] for k in streams} | set(info), key=call_key)
    if formats is None:
        return []

    out.mkdir(parents=True, exist_ok=True)
    if calls:
        import matplotlib
        matplotlib.use("Agg")
        # SVG element ids from a fixed salt, not a random one
        matplotlib.rcParams["svg.hashsalt"] = "skype-call-report"
        import matplotlib.pyplot as plt
    summary = []
    for call in calls:
        mine = [s for k, s in streams.items() if k[0] == call]
        verdict, poor = call_verdict(mine)
        title = call_title(name, call, verdict, poor, mine)
        info_line = call_info(info.get(call))
        secs = [sec for s in mine for sec in s.seconds]
        if secs:
            span = (min(secs), max(secs))
        else:
            start = number(info.get(call, {}).get("Start (s)", "-"))
            dur = number(info.get(call, {}).get("Duration (s)", "-"))
            lo = int(start) if start is not None else 0
            span = (lo, int(start + dur) if start is not None and dur is not None else lo)
        pictures = draw(plt, out / f"call-{call}", formats, title, info_line, mine, span)
        summary.append({
            "call": int(call) if call.isdigit() else call,
            "verdict": verdict,
            "title": title,
            "poor_streams": [{"ssrc": s.ssrc, "kind": s.kind, "direction": r.get("Direction", "-"),
                              "reasons": r.get("Reasons", "-")} for s, r in poor],
            "streams": [s.label for s in mine],
            "seconds": [span[0], span[1]],
            "pictures": pictures,
            "calls_table": info.get(call),
        })
    doc = {"capture": name, "calls": summary, "columns": header, "stream_rows": rows,
           "calls_columns": calls_header}
    (out / "calls.json").write_text(json.dumps(doc, indent=1) + "\n")
    return summary


# ---- the index -------------------------------------------------------------

CSS = """body { font-family: sans-serif; margin: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 90%; }
th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
.Poor { color: #b00; font-weight: bold; }
.Good { color: #070; }
.failed { color: #b00; }
img { max-width: 100%; border: 1px solid #ccc; }
"""


def esc(s) -> str:
    return html.escape("" if s is None else str(s))


def write_index(out: Path, entries, output: Path):
    h = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
         "<title>Skype/Teams call report</title>", f"<style>\n{CSS}</style>", "</head>", "<body>",
         "<h1>Skype/Teams call report</h1>"]
    # The overview: one row per capture.
    h += ["<table>", "<tr><th>Capture</th><th>Calls</th><th>Poor calls</th><th>Streams</th></tr>"]
    docs = {}
    for name, status, why in entries:
        anchor = "c-" + urllib.parse.quote(name, safe="")
        if status != "ok":
            h.append(f'<tr><td><a href="#{esc(anchor)}">{esc(name)}</a></td>'
                     f'<td class="failed" colspan="3">failed</td></tr>')
            continue
        doc = json.loads((out / name / "calls.json").read_text())
        docs[name] = doc
        poor = sum(1 for c in doc["calls"] if c["verdict"] == "Poor")
        h.append(f'<tr><td><a href="#{esc(anchor)}">{esc(name)}</a></td><td>{len(doc["calls"])}</td>'
                 f'<td>{poor}</td><td>{len(doc["stream_rows"])}</td></tr>')
    h.append("</table>")
    for name, status, why in entries:
        anchor = "c-" + urllib.parse.quote(name, safe="")
        h.append(f'<h2 id="{esc(anchor)}">{esc(name)}</h2>')
        if status != "ok":
            h.append(f'<p class="failed">Failed: {esc(why or "tshark or the report failed")}</p>')
            continue
        doc = docs[name]
        base = urllib.parse.quote(name, safe="")
        if not doc["calls"]:
            h.append("<p>No calls.</p>")
        else:
            h += ["<table>", "<tr><th>Call</th><th>Verdict</th><th>Poor streams (reasons)</th>"
                  "<th>Streams</th><th>Picture</th></tr>"]
            for c in doc["calls"]:
                poor = "<br>".join(
                    esc(" ".join(x for x in (p["ssrc"], p["kind"], p["direction"]) if x not in ("", "-"))
                        + (f" ({p['reasons']})" if p["reasons"] not in ("", "-") else ""))
                    for p in c["poor_streams"]) or "-"
                links = ", ".join(f'<a href="{base}/{urllib.parse.quote(p)}">{esc(p)}</a>' for p in c["pictures"])
                verdict = c["verdict"] if c["verdict"] != "-" else "no verdict"
                h.append(f'<tr><td>{esc(c["call"])}</td><td class="{esc(c["verdict"])}">{esc(verdict)}</td>'
                         f'<td>{poor}</td><td>{len(c["streams"])}</td><td>{links}</td></tr>')
            h.append("</table>")
            for c in doc["calls"]:
                if c["pictures"]:
                    src = f'{base}/{urllib.parse.quote(c["pictures"][0])}'
                    h.append(f'<p><a href="{src}"><img src="{src}" alt="{esc(c["title"])}"></a></p>')
        if doc["stream_rows"]:
            h += ["<h3>Streams</h3>", "<table>",
                  "<tr>" + "".join(f"<th>{esc(col)}</th>" for col in doc["columns"]) + "</tr>"]
            for r in doc["stream_rows"]:
                tds = []
                for col in doc["columns"]:
                    v = r.get(col, "")
                    cls = f' class="{esc(v)}"' if col == "Verdict" and v in ("Good", "Poor") else ""
                    tds.append(f"<td{cls}>{esc(v)}</td>")
                h.append("<tr>" + "".join(tds) + "</tr>")
            h.append("</table>")
        else:
            h.append("<p>No RTP streams.</p>")
    h += ["</body>", "</html>"]
    output.write_text("\n".join(h) + "\n")
    return sum(len(d["calls"]) for d in docs.values())


def main(argv):
    ap = argparse.ArgumentParser(prog="skype-call-report.py")
    sub = ap.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("capture")
    c.add_argument("--name", required=True)
    c.add_argument("--input", required=True, type=Path)
    c.add_argument("--out", required=True, type=Path)
    # none: read and check tshark's output only (skype-call-report's check of the options)
    c.add_argument("--format", default="png", choices=["png", "svg", "both", "none"])
    i = sub.add_parser("index")
    i.add_argument("--dir", required=True, type=Path)
    i.add_argument("--list", required=True, type=Path)
    i.add_argument("--output", required=True, type=Path)
    a = ap.parse_args(argv)
    try:
        if a.mode == "capture":
            formats = {"both": ["png", "svg"], "none": None}.get(a.format, [a.format])
            report_capture(a.name, a.input.read_text(errors="replace"), a.out, formats)
        else:
            entries = []
            for line in a.list.read_text().splitlines():
                parts = line.split("\t")
                entries.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
            print(write_index(a.dir, entries, a.output))
    except ReportError as e:
        print(f"skype-call-report: {e}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
