"""The summary at the top of a resource's page, by kind: a motion, a letter (or answers, a
report), a person, a party, a theme or instrument.  The facts are the rows of the canned
query `summary` (queries/summary.rq), so a SPARQL user gets the same facts with one query;
this module only arranges them.  Every piece of text from the data goes through `esc`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable

from rdflib.namespace import SKOS
from rdflib.term import Node

from chinakg.namespaces import CK
from chinakg.report import VOTE_COLOURS, plural  # the report's colours and plurals, on the pages too

Link = Callable[[str, str], str]  # (iri, text) -> an <a> element, relative to the page
Esc = Callable[[object], str]
Rows = list[dict[str, Node | None]]

PARTY_VOTE = re.compile(r"^(?P<party>.+): (?P<vote>[^()]+) \((?P<seats>\d+)\)$")


def kind_of(types: set[Node], rows: Rows) -> str | None:
    """Which summary a resource gets, from its classes (and, for documents, its rows)."""
    if types & {CK.Motion, CK.AmendedMotion}:
        return "motion"
    if CK.Person in types:
        return "person"
    if CK.ParliamentaryParty in types:
        return "party"
    if SKOS.Concept in types:
        return "concept"
    if any(r["aspect"] and str(r["aspect"]) in {"document", "signatory", "cites", "cited-by"} for r in rows):
        return "document"
    return None


def by_aspect(rows: Rows) -> dict[str, list[dict[str, str]]]:
    """The rows as plain strings ('' for unbound), grouped by aspect, in the query's order."""
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        plain = {k: ("" if v is None else str(v)) for k, v in row.items()}
        grouped[plain["aspect"]].append(plain)
    return grouped


class Summary:
    """Writes one summary; `link` and `esc` come from the page, so links stay relative."""

    def __init__(self, rows: Rows, link: Link, esc: Esc) -> None:
        self.a = by_aspect(rows)
        self.link = link
        self.esc = esc

    def html(self, kind: str) -> str:
        body = {"motion": self.motion, "document": self.document, "person": self.person,
                "party": self.party, "concept": self.concept}[kind]()
        return f'<section id="summary" class="summary {kind}">{body}</section>'

    # -- pieces ---------------------------------------------------------------------------
    def _item(self, row: dict[str, str], text: str | None = None) -> str:
        label = text or row["label"] or row["item"].rsplit("/", 1)[-1]
        return self.link(row["item"], label) if row["item"] else self.esc(label)

    def _agent(self, row: dict[str, str]) -> str:
        if not row["agent"]:
            return ""
        return self.link(row["agent"], row["agent_label"] or row["agent"].rsplit("/", 1)[-1])

    def _facts(self, facts: list[tuple[str, str]]) -> str:
        shown = "".join(f"<dt>{self.esc(k)}</dt><dd>{v}</dd>" for k, v in facts if v)
        return f'<dl class="facts">{shown}</dl>' if shown else ""

    def _list(self, heading: str, items: list[str], css: str, limit: int = 200) -> str:
        if not items:
            return ""
        more = f'<li class="more">… and {len(items) - limit:,} more (see the table below)</li>' \
            if len(items) > limit else ""
        return (f'<h2>{self.esc(heading)} <span class="count">({len(items):,})</span></h2>'
                f'<ul class="{css}">' + "".join(f"<li>{i}</li>" for i in items[:limit]) + more + "</ul>")

    def _dated(self, row: dict[str, str]) -> str:
        return f'<span class="date">{self.esc(row["date"])}</span> ' if row["date"] else ""

    def _pages(self) -> str:
        """Links out, each named by where it goes (the official publication by its format)."""
        links = sorted({page_name(r["item"]): r["item"] for r in self.a.get("page", [])}.items())
        links += [("Tweede Kamer case record", r["item"]) for r in self.a.get("record", [])]
        return " · ".join(f'<a href="{self.esc(url)}" rel="external">{self.esc(name)}</a>' for name, url in links)

    # -- a motion ---------------------------------------------------------------------------
    def motion(self) -> str:
        doc = (self.a.get("document") or [{}])[0]
        subject = (self.a.get("subject") or [{}])[0].get("label") or doc.get("label", "")
        submitters = [f"{self._item(r)}" + (f" ({self._agent(r)})" if r["agent"] else "")
                      for r in sorted(self.a.get("submitter", []), key=lambda r: int(r["n"] or 0))]
        requests = "".join(f"<li>{self.esc(r['label'])}</li>" for r in self.a.get("request", []))
        facts = [("Subject", self.esc(subject)), ("Date", self.esc(doc.get("date", ""))),
                 ("Submitted by", ", ".join(submitters)),
                 ("Requests", f'<ul class="requests">{requests}</ul>' if requests else ""),
                 ("Cabinet's appraisal", self._appraisals()),
                 ("Vote", self._decisions()),
                 ("Official publication", self._pages())]
        return self._facts(facts) + self._trail(doc)

    def _appraisals(self) -> str:
        out = []
        for r in sorted(self.a.get("appraisal", []), key=lambda r: r["date"] or "0", reverse=True):
            by = f" by {self._agent(r)}" if r["agent"] else ""
            when = f", {self.esc(r['date'])}" if r["date"] else ""
            out.append(f'<span class="badge">{self.esc(r["detail"])}</span> in {self._item(r)}{by}{when}')
        return "<br>".join(out)

    def _decisions(self) -> str:
        return "".join(self._decision(r) for r in self.a.get("decision", []))

    def _decision(self, row: dict[str, str]) -> str:
        votes = [m.groupdict() for part in row["label"].split(";") if (m := PARTY_VOTE.match(part.strip()))]
        seats: dict[str, int] = {}
        for x in votes:
            seats[x["vote"]] = seats.get(x["vote"], 0) + int(x["seats"])
        total = sum(seats.values()) or 1
        bar = "".join(f'<span class="seg" style="width:{100 * n / total:.2f}%;background:'
                      f'{VOTE_COLOURS.get(v, "#56B4E9")}" title="{self.esc(v)}: {n} seats"></span>'
                      for v, n in seats.items())
        tally = " · ".join(f"{self.esc(v)} {n} seats" for v, n in seats.items())
        parties = "".join(f'<tr><td>{self.esc(x["party"])}</td><td><span class="dot" style="background:'
                          f'{VOTE_COLOURS.get(x["vote"], "#56B4E9")}"></span>{self.esc(x["vote"])}</td>'
                          f'<td class="num">{self.esc(x["seats"])}</td></tr>' for x in votes)
        return (f'<div class="decision"><b>{self.esc(row["detail"] or "result unknown")}</b> — {tally}'
                f'<div class="votebar" role="img" aria-label="{self.esc(tally)}">{bar}</div>'
                f'<details><summary>each party\'s vote ({len(votes)} parties)</summary><table class="votes">'
                f"<tr><th>party</th><th>vote</th><th>seats</th></tr>{parties}</table></details></div>")

    def _trail(self, doc: dict[str, str]) -> str:
        steps: list[tuple[str, int, str]] = []
        if doc:
            steps.append((doc.get("date", ""), 1, "submitted"))
        for r in self.a.get("appraisal", []):
            by = f" by {self._agent(r)}" if r["agent"] else ""
            steps.append((r["date"], 2, f'appraised <span class="badge">{self.esc(r["detail"])}</span> in '
                                        f"{self._item(r)}{by}"))
        for r in self.a.get("decision", []):
            steps.append(("", 3, f"voted: <b>{self.esc(r['detail'])}</b>"))
        for aspect, verb in (("answered-by", "answered by"), ("cited-by", "cited by")):
            for r in self.a.get(aspect, []):
                steps.append((r["date"], 4, f"{verb} {self._item(r)}"))
        # dated steps in time order; steps without a date (open-data appraisals, votes) after them
        steps.sort(key=lambda s: (s[0] == "", s[0], s[1]))
        items = "".join(f'<li><span class="date">{self.esc(d) or "date not known"}</span> {text}</li>'
                        for d, _, text in steps)
        return f'<h2>Trail <span class="count">({len(steps)})</span></h2><ol class="trail">{items}</ol>' \
            if steps else ""

    # -- a letter, answers, a report -----------------------------------------------------------
    def document(self) -> str:
        doc = (self.a.get("document") or [{}])[0]
        signed = [self._item(r) + (f", {self._agent(r)}" if r["agent"] else "")
                  for r in sorted(self.a.get("signatory", []), key=lambda r: int(r["n"] or 0))]
        askers = [self._item(r) + (f" ({self._agent(r)})" if r["agent"] else "")
                  for r in sorted(self.a.get("asker", []), key=lambda r: int(r["n"] or 0))]
        answerers = [self._item(r) for r in self.a.get("answerer", [])]
        facts = [("Kind", self.esc(doc.get("detail", ""))), ("Date", self.esc(doc.get("date", ""))),
                 ("Asked by", ", ".join(askers)), ("Answered by", ", ".join(answerers)),
                 ("Signed by", "<br>".join(signed)), ("Official publication", self._pages())]
        appraisals = [f'{self._item(r)} <span class="badge">{self.esc(r["detail"])}</span>'
                      + (f" by {self._agent(r)}" if r["agent"] else "") for r in self.a.get("appraisal", [])]
        questions = [f'<b>Question {self.esc(r["n"])}</b> {self.esc(r["label"])}'
                     + (f'<div class="answer"><b>Answer</b> {self.esc(r["detail"])}</div>' if r["detail"] else "")
                     for r in sorted(self.a.get("question", []), key=lambda r: int(r["n"] or 0))]
        return (self._facts(facts)
                + self._list("Motions it appraises", appraisals, "appraisals")
                + self._list("Questions and answers", questions, "questions")
                + self._list("Answered by", [self._dated(r) + self._item(r) for r in self.a.get("answered-by", [])],
                             "docs")
                + self._list("Cites", [self._item(r) for r in self.a.get("cites", [])], "docs")
                + self._list("Cited by", [self._dated(r) + self._item(r) for r in self.a.get("cited-by", [])], "docs"))

    # -- a person ---------------------------------------------------------------------------------
    def person(self) -> str:
        terms = self._terms(("party", "seat", "office"))
        motions = sorted(self.a.get("motion", []), key=lambda r: r["date"], reverse=True)
        items = [self._dated(r) + self._item(r) + f' <span class="role">{self.esc(r["detail"])}'
                 + (f", {self._agent(r)}" if r["agent"] else "") + "</span>" for r in motions]
        signed = [self._dated(r) + self._item(r) + (f' <span class="role">{self._agent(r)}</span>'
                                                     if r["agent"] else "")
                  for r in sorted(self.a.get("signed", []), key=lambda r: r["date"], reverse=True)]
        questions = [self._dated(r) + self._item(r)
                     for r in sorted(self.a.get("question", []), key=lambda r: r["date"], reverse=True)]
        partners = sorted(self.a.get("co-submitter", []), key=lambda r: (-int(r["n"] or 0), r["label"]))
        co = [self._item(r) + f' <span class="count">{plural(int(r["n"] or 0), "motion")}</span>' for r in partners]
        links = self._pages()
        return (self._facts([("Elsewhere", links)]) + terms
                + self._list("Motions submitted", items, "docs")
                + self._list("Documents signed", signed, "docs")
                + self._list("Written questions asked", questions, "docs")
                + self._list("Co-submitters", co, "people"))

    def _terms(self, aspects: tuple[str, ...]) -> str:
        """Party, seat and office over time: one bar per term (as the sources give it)."""
        seen: dict[tuple, dict[str, str]] = {}
        for aspect in aspects:
            for r in self.a.get(aspect, []):
                seen.setdefault((aspect, r["item"], r["date"], r["until"]), r | {"aspect": aspect})
        terms = sorted(seen.values(), key=lambda r: (r["date"] == "", r["date"], r["aspect"]))
        entries = [(r["aspect"], self._item(r), r["date"], r["until"]) for r in terms]
        return self._timeline("Party, seat and offices over time", ("kind", "of"), entries)

    def _timeline(self, heading: str, columns: tuple[str, str], entries: list[tuple[str, str, str, str]]) -> str:
        """Rows (kind, name, from, to) with a bar each on one shared time axis; an open end
        runs to today, a row without a start date has no bar."""
        if not entries:
            return ""
        today = dt.date.today().isoformat()
        first = int(min((e[2] for e in entries if e[2]), default=today)[:4])
        last = int(today[:4]) + 1
        span = max(last - first, 1)

        def pos(day: str) -> float:
            year, month, dom = int(day[:4]), int(day[5:7] or 1), int(day[8:10] or 1)
            return 100 * (year - first + ((month - 1) * 30.4 + dom) / 366) / span

        rows = []
        for kind, name, start, end in entries:
            until = end or ("end not known" if start else "")
            bar = ""
            if start:
                left, right = pos(start), pos(end or today)
                bar = (f'<span class="term {self.esc(kind)}" style="left:{left:.1f}%;width:'
                       f'{max(right - left, 0.6):.1f}%" title="{self.esc(start)} – {self.esc(until)}"></span>')
            when = f'{self.esc(start or "dates not known")} – {self.esc(until)}'
            rows.append(f'<tr><td>{self.esc(kind)}</td><td>{name}</td><td class="when">{when}</td>'
                        f'<td class="lane">{bar}</td></tr>')
        axis = "".join(f'<span style="left:{100 * (y - first) / span:.1f}%">{y}</span>'
                       for y in range(first, last + 1, max(1, span // 8)))
        return (f'<h2>{self.esc(heading)} <span class="count">({len(entries)})</span></h2>'
                f'<div class="wrap"><table class="timeline"><tr><th>{self.esc(columns[0])}</th>'
                f'<th>{self.esc(columns[1])}</th><th>from – to</th><th class="lane"><div class="axis">{axis}</div></th>'
                f'</tr>{"".join(rows)}</table></div>')

    # -- a party -------------------------------------------------------------------------------------
    def party(self) -> str:
        spans = member_spans(self.a.get("member", []))
        entries = [("member", self._item(row), start, end) for row, start, end in spans]
        motions = sorted({r["item"]: r for r in self.a.get("motion", [])}.values(), key=lambda r: r["date"],
                         reverse=True)
        votes = sorted(self.a.get("vote", []), key=lambda r: -int(r["n"] or 0))
        total = sum(int(r["n"] or 0) for r in votes) or 1
        bar = "".join(f'<span class="seg" style="width:{100 * int(r["n"] or 0) / total:.2f}%;background:'
                      f'{VOTE_COLOURS.get(r["detail"], "#56B4E9")}"></span>' for r in votes)
        tally = " · ".join(f'{self.esc(r["detail"])} {plural(int(r["n"] or 0), "decision")}' for r in votes)
        vote_html = f'{tally}<div class="votebar">{bar}</div>' if votes else ""
        return (self._facts([("Votes", vote_html), ("Elsewhere", self._pages())])
                + self._timeline("Members over time", ("", "member"), entries)
                + self._list("Motions its members signed", [self._dated(r) + self._item(r) for r in motions], "docs"))

    # -- a theme or instrument ---------------------------------------------------------------------
    def concept(self) -> str:
        years = sorted((int(r["date"]), int(r["n"] or 0)) for r in self.a.get("year", []) if r["date"])
        motions = sorted(self.a.get("motion", []), key=lambda r: r["date"], reverse=True)
        together = sorted(self.a.get("with", []), key=lambda r: (-int(r["n"] or 0), r["label"]))
        co = [self._item(r) + f' <span class="count">{plural(int(r["n"] or 0), "document")}</span>' for r in together]
        return (year_chart(years, self.esc)
                + self._list("Motions", [self._dated(r) + self._item(r) for r in motions], "docs")
                + self._list("Themes and instruments in the same documents", co, "people"))


def member_spans(rows: list[dict[str, str]]) -> list[tuple[dict[str, str], str, str]]:
    """One span per member of a party: from the first known start to the last known end, or
    open ("") when a dated term has no end.  The sources give many short terms (one per
    roll-call day), which would otherwise fill the page."""
    by_member: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_member[r["item"]].append(r)
    spans = []
    for terms in by_member.values():
        starts = [r["date"] for r in terms if r["date"]]
        ends = [r["until"] for r in terms if r["until"]]
        still = any(r["date"] and not r["until"] for r in terms)
        spans.append((terms[0], min(starts, default=""), "" if still else max(ends, default="")))
    return sorted(spans, key=lambda s: (s[1] == "", s[1]))


#: the sites pages link out to, by host
SITES = {"zoek.officielebekendmakingen.nl": "officielebekendmakingen.nl", "www.parlement.com": "Parlement.com",
         "www.wikidata.org": "Wikidata", "gegevensmagazijn.tweedekamer.nl": "Tweede Kamer open data",
         "www.tweedekamer.nl": "tweedekamer.nl"}


def page_name(url: str) -> str:
    """ "officielebekendmakingen.nl (PDF)", "Wikidata Q2425518", "nl.wikipedia.org", ..."""
    host = url.split("/")[2] if url.count("/") >= 2 else url
    name = SITES.get(host, host)
    if host == "zoek.officielebekendmakingen.nl":
        return f"{name} ({url.rsplit('.', 1)[-1].upper()})"
    if host == "www.wikidata.org":
        return f"{name} {url.rsplit('/', 1)[-1]}"
    if host.endswith("wikipedia.org"):
        return f"Wikipedia ({host.split('.')[0]})"
    return name


def year_chart(years: list[tuple[int, int]], esc: Esc) -> str:
    """Documents per year as an SVG bar chart with a labelled axis and the counts on the bars."""
    if not years:
        return ""
    first, last = years[0][0], years[-1][0]
    counts = dict(years)
    peak = max(counts.values())
    width, height, left, bottom = 40, 140, 40, 30
    pad = 20  # room above the tallest bar for its count
    n = last - first + 1
    total = sum(counts.values())
    parts = [f'<svg class="chart" id="year-chart" width="{left + width * n + 10}" '
             f'height="{pad + height + bottom + 10}" '
             f'role="img" aria-label="{plural(total, "document")} in {plural(n, "year")}">']
    for tick in sorted({0, peak // 2, peak}):
        y = pad + height - height * tick / peak
        parts.append(f'<line x1="{left - 4}" x2="{left + width * n}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, year in enumerate(range(first, last + 1)):
        x, c = left + i * width, counts.get(year, 0)
        h = height * c / peak
        if c:
            parts.append(f'<rect class="mark" x="{x + 4}" y="{pad + height - h:.1f}" width="{width - 8}" '
                         f'height="{h:.1f}" '
                         f'fill="#0072B2"><title>{year}: {plural(c, "document")}</title></rect>'
                         f'<text x="{x + width / 2}" y="{pad - 4 + height - h:.1f}" text-anchor="middle">{c}</text>')
        parts.append(f'<text x="{x + width / 2}" y="{pad + height + 16}" text-anchor="middle">{year}</text>')
    parts.append(f'<text x="4" y="{pad + height / 2}" transform="rotate(-90 10 {pad + height / 2})" '
                 f'text-anchor="middle">documents</text></svg>')
    return (f'<h2>Documents per year <span class="count">({plural(total, "document")}, '
            f'{first}–{last})</span></h2>' + "".join(parts))
