"""`chinakg report`: one self-contained HTML page (inline SVG and CSS, no network needed)
with charts and the key tables, all computed from the canned queries.

Charts: documents per theme per year (a heat map), the cabinet's appraisals of the motions
each party signed, how each party voted, and co-submission by party (a matrix).  A small inline
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

# The Okabe-Ito palette: eight colours that readers with any common colour-vision deficiency
# can tell apart; grey is kept for "none" and "not taken part".
NO_APPRAISAL = "none (yet)"  # no appraisal, or the open data's "Geen (expliciete) appreciatie", "Nog te ontvangen", ...
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
APPRAISAL_COLOURS = {
    "Ontraden": "#D55E00", "Ontraden, tenzij gewijzigd": "#E69F00", "Oordeel Kamer": "#009E73",
    "Overgenomen": "#0072B2", "Ontijdig": "#CC79A7", "Overbodig": "#56B4E9",
    "Verzocht motie aan te houden": "#F0E442", "Niet beschikbaar bij gewijzigde moties en/of amendementen": "#000000",
    NO_APPRAISAL: "#BBBBBB",
}
OTHER_COLOUR = "#000000"
VOTE_COLOURS = {"Voor": "#009E73", "Tegen": "#D55E00", "Niet deelgenomen": "#BBBBBB"}
#: nouns whose plural is not noun + "s"
PLURALS = {"answers": ("set of answers", "sets of answers"),
           "answers to written questions": ("set of answers to written questions",
                                            "sets of answers to written questions"),
           "written questions": ("set of written questions", "sets of written questions"),
           "Handelingen": ("Handelingen item", "Handelingen items"),
           "letter to parliament": ("letter to parliament", "letters to parliament")}


def plural(n: int, noun: str) -> str:
    """ "1 motion", "145 amended motions", "1 set of answers", "2 sets of answers"."""
    one, many = PLURALS.get(noun) or (noun, noun if noun.endswith("s") else noun + "s")
    return f"{n:,} {one if n == 1 else many}"


CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
figure { margin: 1em 0; } figcaption { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.85em; width: 100%; }
.wrap { overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td:first-child { white-space: nowrap; }
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
    timeline, pairs = kg.query("theme-timeline"), kg.query("co-submission")
    themes, years = {r["theme"] for r in timeline}, {r["year"] for r in timeline}
    signed = sum(1 for m in motions if any(m["parties"].split(";")))
    sections = [
        _summary(kg.query("documents"), unresolved),
        _figure("theme-timeline", "Documents per theme and year",
                f"Documents whose paragraphs name each theme, per year: {plural(len(themes), 'theme')} over "
                f"{plural(len(years), 'year')}; the number in a cell is its documents (motions, letters, "
                "questions); darker is more.", heatmap(timeline)),
        _figure("appraisals-by-party", "The cabinet's appraisals of the motions each party signed",
                f"Latest appraisal of each of the {plural(signed, 'motion')} with a known party, counted once for "
                "every party whose member signed it (as submitter or co-submitter); the number after a bar is "
                "its total, and the legend's numbers count the same way. "
                f"\"{NO_APPRAISAL}\" holds (motions): {_none_values(motions)}.", appraisal_bars(motions)),
        _vote_figure(kg.query("votes-by-party"), motions),
        _figure("co-submission", "Co-submission by party",
                f"Motions signed together by members of two parties (the diagonal: within one party), summed over "
                f"the {plural(len(pairs), 'pair')} of members who signed a motion together; darker is more.",
                party_matrix(pairs)),
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
    parts = [f"<span>{e(plural(len(docs), 'document'))}</span>"]
    parts += [f"<span>{e(plural(n, kind))}</span>" for kind, n in sorted(kinds.items())]
    parts.append(f"<span>{e(plural(len(unresolved), 'unresolved mention'))}</span>")
    return f"<p class=\"summary\">{''.join(parts)}</p>"


def _figure(key: str, heading: str, caption: str, svg: str) -> str:
    return (f"<h2>{e(heading)}</h2>\n<figure data-chart=\"{e(key)}\">{svg}"
            f"<figcaption>{e(caption)}</figcaption></figure>")


def _table(heading: str, rows: Rows, limit: int | None = None) -> str:
    shown = list(rows)[:limit] if limit else list(rows)
    head = "".join(f"<th>{e(c)}</th>" for c in rows.columns)
    body = "".join("<tr>" + "".join(f"<td>{e(r[c])}</td>" for c in rows.columns) + "</tr>" for r in shown)
    hidden = len(rows) - len(shown)
    more = f"<p>{e(plural(hidden, 'more row'))}: see <code>chinakg query</code>.</p>" if hidden else ""
    return (f"<h2>{e(heading)} <small>({e(plural(len(rows), 'row'))})</small></h2>\n<div class=\"wrap\"><table><thead>"
            f"<tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{more}")


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
            tip = (f"{theme}, {year}: {plural(n, 'document')} ({plural(int(row['motions']), 'motion')}, "
                   f"{plural(int(row['letters']), 'letter')}, {plural(int(row['questions']), 'set')} of questions "
                   "or answers)")
            out.append(f"<rect class=\"mark\" x=\"{left + j * w}\" y=\"{y}\" width=\"{w - 2}\" height=\"{h - 2}\" "
                       f"fill=\"rgba(31,119,180,{shade:.2f})\"><title>{e(tip)}</title></rect>"
                       f"<text x=\"{left + j * w + w / 2 - 1}\" y=\"{y + 14}\" text-anchor=\"middle\">{n}</text>")
    out.append("</svg>")
    return "".join(out)


BAR_LEFT, BAR_TOP, BAR_WIDTH, BAR_HEIGHT = 150, 24, 640, 18  # where bar charts draw, in px


def stacked_bars(counts: dict[str, Counter], colours: dict[str, str], order: list[str], unit: str) -> str:
    """One bar per party, stacked by category, on an axis of `unit`s with ticks; each bar ends
    with its total, and the legend gives each category's total."""
    parties = sorted(counts, key=lambda p: -sum(counts[p].values()))
    if not parties:
        return _empty(600, "Nothing to show.")
    peak = max(sum(c.values()) for c in counts.values())
    step = _tick_step(peak)
    top_tick = step * math.ceil(peak / step)
    left, top, width, h = BAR_LEFT, BAR_TOP, BAR_WIDTH, BAR_HEIGHT
    keys = order + sorted({k for c in counts.values() for k in c} - set(order))
    keys = [k for k in keys if any(c.get(k) for c in counts.values())]
    bottom = top + h * len(parties)
    out = [_axis(top_tick, step, bottom, unit)]
    for i, party in enumerate(parties):
        y, x = top + i * h, float(left)
        out.append(f"<text x=\"{left - 6}\" y=\"{y + 13}\" text-anchor=\"end\">{e(party)}</text>")
        for key in keys:
            n = counts[party].get(key, 0)
            if not n:
                continue
            bar = width * n / top_tick
            out.append(f"<rect class=\"mark\" x=\"{x:.1f}\" y=\"{y}\" width=\"{bar:.1f}\" height=\"{h - 3}\" "
                       f"fill=\"{colours.get(key, OTHER_COLOUR)}\"><title>{e(f'{party}: {key} {n}')}</title></rect>")
            x += bar
        out.append(f"<text x=\"{x + 4:.1f}\" y=\"{y + 13}\">{sum(counts[party].values())}</text>")
    legend, end = _legend(keys, counts, colours, bottom + 22)
    return f"<svg width=\"{left + width + 60}\" height=\"{end + 10}\" role=\"img\">" + "".join(out) + legend + "</svg>"


def _axis(top_tick: int, step: int, bottom: int, unit: str) -> str:
    """The bar charts' axis: grid lines with their counts, and the unit counted."""
    left, top, width = BAR_LEFT, BAR_TOP, BAR_WIDTH
    out = []
    for tick in range(0, top_tick + 1, step):
        x = left + width * tick / top_tick
        out.append(f"<line x1=\"{x:.1f}\" x2=\"{x:.1f}\" y1=\"{top - 4}\" y2=\"{bottom}\" stroke=\"#ddd\"/>"
                   f"<text x=\"{x:.1f}\" y=\"{top - 8}\" text-anchor=\"middle\">{tick}</text>")
    out.append(f"<text x=\"{left + width}\" y=\"{top - 8 - 12}\" text-anchor=\"end\">{e(unit)}s</text>")
    return "".join(out)


def _legend(keys: list[str], counts: dict[str, Counter], colours: dict[str, str], y: int) -> tuple[str, int]:
    """Each category with its colour and total, wrapping at the width of the bars; and the
    last line's y."""
    out, x = [], BAR_LEFT
    for key in keys:
        text = f"{key} ({sum(c.get(key, 0) for c in counts.values())})"
        item = 22 + 7 * len(text)
        if x + item > BAR_LEFT + BAR_WIDTH and x > BAR_LEFT:
            x, y = BAR_LEFT, y + 16
        out.append(f"<rect x=\"{x}\" y=\"{y - 10}\" width=\"12\" height=\"12\" "
                   f"fill=\"{colours.get(key, OTHER_COLOUR)}\"/><text x=\"{x + 16}\" y=\"{y}\">{e(text)}</text>")
        x += item
    return "".join(out), y


def _tick_step(peak: int) -> int:
    """A round step for about five ticks up to `peak`: 1, 2, 5, 10, 20, 50, ..."""
    raw = max(peak / 5, 1)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def appraisal_groups(motions: Rows) -> dict[str, Counter]:
    """Per party, its motions by the category of their latest appraisal: one of the eight
    values with a colour of their own, else "none (yet)" (no appraisal, or an open-data value
    that says none was given: the caption lists them)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for m in motions:
        value = m["appraisal"] if m["appraisal"] in APPRAISAL_COLOURS else NO_APPRAISAL
        for party in {p for p in m["parties"].split(";") if p}:
            counts[party][value] += 1
    return counts


def appraisal_bars(motions: Rows) -> str:
    return stacked_bars(appraisal_groups(motions), APPRAISAL_COLOURS, list(APPRAISAL_COLOURS), "motion")


def _none_values(motions: Rows) -> str:
    """What "none (yet)" holds: each value with its number of motions."""
    found = Counter(m["appraisal"] or "no appraisal" for m in motions if m["appraisal"] not in APPRAISAL_COLOURS)
    return "; ".join(f"{value} {n}" for value, n in found.most_common())


def _vote_figure(votes: Rows, motions: Rows) -> str:
    """Only decisions tied to a motion count, and the caption says how many motions that is."""
    voted = len({v["motion"] for v in votes})
    caption = (f"How each party voted on the {voted:,} of {plural(len(motions), 'motion')} whose decision the open "
               f"data ties to the motion: one vote per party per motion, the number after a bar is the party's "
               f"total; decisions tied to no motion are left out.")
    return _figure("votes-by-party", "How parties voted", caption, vote_bars(votes))


def vote_bars(votes: Rows) -> str:
    """Per party, its votes (Voor, Tegen, ...) on the motions, once per party per motion."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for _motion, party, vote in sorted({(v["motion"], v["party"], v["vote"]) for v in votes}):
        counts[party][vote] += 1
    return stacked_bars(counts, VOTE_COLOURS, list(VOTE_COLOURS), "motion")


def party_matrix(pairs: Rows) -> str:
    """Co-submission by party: a cell holds the motions that members of the two parties signed
    together (summed over pairs of members; the diagonal is pairs within one party).  A grid
    stays legible at any number of members, where a network of hundreds of lines does not."""
    counts: Counter = Counter()
    for p in pairs:
        a, b = sorted((p["party_a"] or "party unknown", p["party_b"] or "party unknown"))
        counts[(a, b)] += int(p["motions"])
    if not counts:
        return _empty(600, "No motions signed by more than one member.")
    totals: Counter = Counter()
    for (a, b), n in counts.items():
        totals[a] += n
        totals[b] += n if a != b else 0
    parties = [p for p, _ in totals.most_common()]
    peak = max(counts.values())
    cell, left, top = 34, 150, 120
    size = cell * len(parties) + 20
    out = [f"<svg width=\"{left + size}\" height=\"{top + size}\" role=\"img\">"]
    for j, party in enumerate(parties):
        x = left + j * cell + cell / 2
        out.append(f"<text x=\"{x:.1f}\" y=\"{top - 6}\" transform=\"rotate(-50 {x:.1f} {top - 6})\">{e(party)}</text>")
    for i, row_party in enumerate(parties):
        y = top + i * cell
        out.append(f"<text x=\"{left - 6}\" y=\"{y + cell / 2 + 4}\" text-anchor=\"end\">{e(row_party)}</text>")
        for j, col_party in enumerate(parties):
            n = counts.get(tuple(sorted((row_party, col_party))), 0)  # type: ignore[arg-type]
            x = left + j * cell
            if not n:
                out.append(f"<rect x=\"{x}\" y=\"{y}\" width=\"{cell - 2}\" height=\"{cell - 2}\" fill=\"#f4f4f4\"/>")
                continue
            shade = 0.12 + 0.88 * math.sqrt(n / peak)
            ink = "#fff" if shade > 0.55 else "#222"
            out.append(f"<rect class=\"mark\" x=\"{x}\" y=\"{y}\" width=\"{cell - 2}\" height=\"{cell - 2}\" "
                       f"fill=\"rgba(0,114,178,{shade:.2f})\"><title>{e(row_party)} and {e(col_party)}: "
                       f"{e(plural(n, 'motion'))} (summed over pairs of members)</title></rect>"
                       f"<text x=\"{x + cell / 2 - 1}\" y=\"{y + cell / 2 + 4}\" text-anchor=\"middle\" "
                       f"fill=\"{ink}\">{n}</text>")
    out.append("</svg>")
    return "".join(out)
