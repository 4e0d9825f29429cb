"""`chinakg report`: one self-contained HTML page (inline SVG and CSS, no network needed)
with charts and the key tables, all computed from the canned queries.

Charts: documents per theme per year (a heat map), the cabinet's appraisals of the motions
each party signed, how each party voted, and the co-submission network.  A small inline
script marks each chart with the number of its marks that the browser laid out
(`data-rendered`), so a headless browser can tell that the charts rendered.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections import Counter, defaultdict
from typing import Protocol

from chinakg.canned import Rows

APPRAISAL_COLOURS = {
    "Ontraden": "#c0392b", "Ontraden, tenzij gewijzigd": "#e67e22", "Oordeel Kamer": "#27ae60",
    "Overgenomen": "#16a085", "Ontijdig": "#8e44ad", "Overbodig": "#7f8c8d",
}
OTHER_COLOUR = "#bdc3c7"
VOTE_COLOURS = {"Voor": "#27ae60", "Tegen": "#c0392b", "Niet deelgenomen": "#95a5a6"}
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"]

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
figure { margin: 1em 0; } figcaption { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.85em; width: 100%; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } .num { text-align: right; }
.summary span { display: inline-block; margin-right: 2em; font-size: 1.1em; }
svg text { font-size: 11px; }
"""

# Counts, per chart, the marks the browser laid out (non-empty bounding boxes).
SCRIPT = """
document.querySelectorAll("figure[data-chart]").forEach(function (fig) {
  var n = 0;
  fig.querySelectorAll("svg rect.mark, svg circle.mark, svg line.mark").forEach(function (el) {
    var b = el.getBBox(); if (b.width > 0 || b.height > 0) { n += 1; }
  });
  fig.setAttribute("data-rendered", String(n));
});
document.body.setAttribute("data-report-ready", "yes");
"""


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


class Queryable(Protocol):
    """What the report needs of a graph: its canned queries (a KnowledgeGraph has them)."""

    def query(self, name: str, **params: str) -> Rows: ...


def build_report(kg: Queryable, title: str = "chinakg report") -> str:
    unresolved = kg.query("unresolved")
    motions = kg.query("motions")
    sections = [
        _summary(kg.query("documents"), unresolved),
        _figure("theme-timeline", "Documents per theme and year",
                "Documents whose paragraphs name each theme, per year (motions, letters, questions).",
                heatmap(kg.query("theme-timeline"))),
        _figure("appraisals-by-party", "The cabinet's appraisals of the motions each party signed",
                "Latest appraisal of every motion a party's member signed (as submitter or co-submitter).",
                appraisal_bars(motions)),
        _vote_figure(kg.query("votes-by-party"), motions),
        _figure("co-submission", "Co-submission network",
                "Members who signed motions together; line width = motions in common (the 60 most frequent pairs).",
                network(kg.query("co-submission"))),
        _table("Motions about China", kg.query("china-motions"), limit=200),
        _table("Motions advised against", kg.query("advised-against"), limit=100),
        _table("Most-cited documents", kg.query("most-cited"), limit=30),
        _table("Unresolved names and references (by kind)", _unresolved_summary(unresolved)),
    ]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{e(title)}</title>"
            f"<style>{CSS}</style></head>\n<body>\n<h1>{e(title)}</h1>\n<p>Generated {e(stamp)} by chinakg from "
            "Dutch parliamentary documents (officielebekendmakingen.nl) and Tweede Kamer open data.</p>\n"
            + "\n".join(sections) + f"\n<script>{SCRIPT}</script>\n</body></html>\n")


def _summary(docs: Rows, unresolved: Rows) -> str:
    kinds = Counter(r["type"] for r in docs)
    parts = [f"<span><b>{len(docs)}</b> documents</span>"]
    parts += [f"<span><b>{n}</b> {e(kind)}</span>" for kind, n in sorted(kinds.items())]
    parts.append(f"<span><b>{len(unresolved)}</b> unresolved mentions</span>")
    return f"<p class=\"summary\">{''.join(parts)}</p>"


def _figure(key: str, heading: str, caption: str, svg: str) -> str:
    return (f"<h2>{e(heading)}</h2>\n<figure data-chart=\"{e(key)}\">{svg}"
            f"<figcaption>{e(caption)}</figcaption></figure>")


def _table(heading: str, rows: Rows, limit: int | None = None) -> str:
    shown = list(rows)[:limit] if limit else list(rows)
    head = "".join(f"<th>{e(c)}</th>" for c in rows.columns)
    body = "".join("<tr>" + "".join(f"<td>{e(r[c])}</td>" for c in rows.columns) + "</tr>" for r in shown)
    hidden = len(rows) - len(shown)
    more = f"<p>{hidden} more rows: see <code>chinakg query</code>.</p>" if hidden else ""
    return f"<h2>{e(heading)}</h2>\n<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _unresolved_summary(rows: Rows) -> Rows:
    counts = Counter((r["kind"], r["reason"].split(":")[0][:80]) for r in rows)
    return Rows(["kind", "reason", "count"],
                [{"kind": k, "reason": reason, "count": str(n)} for (k, reason), n in counts.most_common()])


def _empty(width: int, text: str) -> str:
    return f"<svg width=\"{width}\" height=\"40\"><text x=\"10\" y=\"25\">{e(text)}</text></svg>"


def heatmap(rows: Rows) -> str:
    themes = sorted({r["theme"] for r in rows})
    years = sorted({r["year"] for r in rows})
    if not themes:
        return _empty(600, "No dated documents with a theme.")
    cells = {(r["theme"], r["year"]): r for r in rows}
    peak = max(int(r["documents"]) for r in rows)
    left, top, w, h = 260, 30, 48, 20
    out = [f"<svg width=\"{left + w * len(years) + 20}\" height=\"{top + h * len(themes) + 10}\">"]
    for j, year in enumerate(years):
        out.append(f"<text x=\"{left + j * w + w / 2}\" y=\"20\" text-anchor=\"middle\">{e(year)}</text>")
    for i, theme in enumerate(themes):
        y = top + i * h
        out.append(f"<text x=\"{left - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{e(theme)}</text>")
        for j, year in enumerate(years):
            row = cells.get((theme, year))
            if row is None:
                continue
            n = int(row["documents"])
            shade = 0.15 + 0.85 * n / peak
            tip = (f"{theme}, {year}: {n} documents ({row['motions']} motions, {row['letters']} letters, "
                   f"{row['questions']} questions)")
            out.append(f"<rect class=\"mark\" x=\"{left + j * w}\" y=\"{y}\" width=\"{w - 2}\" height=\"{h - 2}\" "
                       f"fill=\"rgba(31,119,180,{shade:.2f})\"><title>{e(tip)}</title></rect>"
                       f"<text x=\"{left + j * w + w / 2 - 1}\" y=\"{y + 14}\" text-anchor=\"middle\">{n}</text>")
    out.append("</svg>")
    return "".join(out)


def stacked_bars(counts: dict[str, Counter], colours: dict[str, str], order: list[str]) -> str:
    parties = sorted(counts, key=lambda p: -sum(counts[p].values()))
    if not parties:
        return _empty(600, "Nothing to show.")
    peak = max(sum(c.values()) for c in counts.values())
    left, top, width, h = 150, 10, 700, 18
    keys = order + sorted({k for c in counts.values() for k in c} - set(order))
    out = [f"<svg width=\"{left + width + 20}\" height=\"{top + h * len(parties) + 40}\">"]
    for i, party in enumerate(parties):
        y, x = top + i * h, left
        out.append(f"<text x=\"{left - 6}\" y=\"{y + 13}\" text-anchor=\"end\">{e(party)}</text>")
        for key in keys:
            n = counts[party].get(key, 0)
            if not n:
                continue
            bar = width * n / peak
            out.append(f"<rect class=\"mark\" x=\"{x:.1f}\" y=\"{y}\" width=\"{bar:.1f}\" height=\"{h - 3}\" "
                       f"fill=\"{colours.get(key, OTHER_COLOUR)}\"><title>{e(f'{party}: {key} {n}')}</title></rect>")
            x += bar
    legend_y = top + h * len(parties) + 20
    x = left
    for key in keys:  # the legend wraps at the width of the bars
        item = 20 + 7 * len(key)
        if x + item > left + width and x > left:
            x, legend_y = left, legend_y + 16
        out.append(f"<rect x=\"{x}\" y=\"{legend_y - 10}\" width=\"10\" height=\"10\" "
                   f"fill=\"{colours.get(key, OTHER_COLOUR)}\"/><text x=\"{x + 14}\" y=\"{legend_y}\">{e(key)}</text>")
        x += item
    out.append("</svg>")
    out[0] = f"<svg width=\"{left + width + 20}\" height=\"{legend_y + 10}\">"
    return "".join(out)


def appraisal_bars(motions: Rows) -> str:
    counts: dict[str, Counter] = defaultdict(Counter)
    for m in motions:
        for party in {p for p in m["parties"].split(";") if p}:
            counts[party][m["appraisal"] or "no appraisal"] += 1
    return stacked_bars(counts, APPRAISAL_COLOURS, list(APPRAISAL_COLOURS))


def _vote_figure(votes: Rows, motions: Rows) -> str:
    """Only decisions tied to a motion count, and the caption says how many motions that is."""
    voted = len({v["motion"] for v in votes})
    caption = (f"How each party voted on the {voted} of {len(motions)} motions whose decision the open data "
               f"ties to the motion (one vote per party per motion; decisions tied to no motion are left out).")
    return _figure("votes-by-party", "How parties voted", caption, vote_bars(votes))


def vote_bars(votes: Rows) -> str:
    """Per party, its votes (Voor, Tegen, ...) on the motions, once per party per motion."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for _motion, party, vote in sorted({(v["motion"], v["party"], v["vote"]) for v in votes}):
        counts[party][vote] += 1
    return stacked_bars(counts, VOTE_COLOURS, list(VOTE_COLOURS))


def network(pairs: Rows, most: int = 60) -> str:
    top = list(pairs)[:most]
    if not top:
        return _empty(600, "No motions signed by more than one member.")
    people: dict[str, str] = {}
    for p in top:
        people.setdefault(p["person_a"], p["party_a"])
        people.setdefault(p["person_b"], p["party_b"])
    names = sorted(people, key=lambda n: (people[n], n))
    parties = sorted({people[n] for n in names})
    colour = {party: PALETTE[i % len(PALETTE)] for i, party in enumerate(parties)}
    size, radius = 720, 270
    centre = size / 2
    pos = {n: (centre + radius * math.cos(2 * math.pi * i / len(names)),
               centre + radius * math.sin(2 * math.pi * i / len(names))) for i, n in enumerate(names)}
    peak = max(int(p["motions"]) for p in top)
    out = [f"<svg width=\"{size + 200}\" height=\"{size}\">"]
    for p in top:
        (x1, y1), (x2, y2) = pos[p["person_a"]], pos[p["person_b"]]
        width = 0.5 + 5 * int(p["motions"]) / peak
        out.append(f"<line class=\"mark\" x1=\"{x1:.1f}\" y1=\"{y1:.1f}\" x2=\"{x2:.1f}\" y2=\"{y2:.1f}\" "
                   f"stroke=\"#888\" stroke-opacity=\"0.6\" stroke-width=\"{width:.1f}\">"
                   f"<title>{e(p['person_a'])} and {e(p['person_b'])}: {e(p['motions'])} motions</title></line>")
    for n in names:
        x, y = pos[n]
        anchor = "start" if x >= centre else "end"
        dx = 8 if x >= centre else -8
        out.append(f"<circle class=\"mark\" cx=\"{x:.1f}\" cy=\"{y:.1f}\" r=\"6\" fill=\"{colour[people[n]]}\">"
                   f"<title>{e(n)} ({e(people[n] or 'party unknown')})</title></circle>"
                   f"<text x=\"{x + dx:.1f}\" y=\"{y + 4:.1f}\" text-anchor=\"{anchor}\">{e(n)}</text>")
    for i, party in enumerate(parties):
        out.append(f"<circle cx=\"{size + 20}\" cy=\"{20 + 16 * i}\" r=\"5\" fill=\"{colour[party]}\"/>"
                   f"<text x=\"{size + 30}\" y=\"{24 + 16 * i}\">{e(party or 'party unknown')}</text>")
    out.append("</svg>")
    return "".join(out)
