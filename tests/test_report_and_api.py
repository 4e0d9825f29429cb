"""The Python API and the HTML report, the report checked in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from chinakg.graph_store import EmbeddedStore
from click.testing import CliRunner
from test_canned_queries import load_fixture

from chinakg import KnowledgeGraph
from chinakg.cli import main
from chinakg.errors import QueryError


def test_api_builds_and_queries(tmp_path: Path, shared: Path) -> None:
    with KnowledgeGraph(tmp_path / "store") as kg:
        summary = kg.build([shared / "corpus" / "seeds" / "002_54dab813ef9c6552.txt"])
        assert summary.loaded == ["kst-32735-286"] and not summary.rejected
        rows = kg.query("motions", motion="kst-32735-278")
        assert rows.columns[:4] == ["motion", "date", "title", "submitters"]
        assert [r["appraisal"] for r in rows] == ["Ontraden"]
        count = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"]
        assert int(count) > 1000
        assert "motion-trail" in {q.name for q in kg.queries()}
        with pytest.raises(QueryError, match="has no parameter"):
            kg.query("motions", colour="red")
        frame = rows.to_pandas()
        assert list(frame.columns) == rows.columns and len(frame) == 1


def test_dataframes_are_typed_and_missing_values_are_missing(seeds_store: Path) -> None:
    """The seed answers (003): asked 9 September 2022 by Van der Lee, answered 8 November 2022
    (60 days), ten questions; counts per theme and year are integers."""
    import pandas as pd

    with KnowledgeGraph(seeds_store, read_only=True) as kg:
        questions = kg.query("questions").to_pandas()
        assert str(questions["days_to_answer"].dtype) == "Int64" and questions["days_to_answer"].tolist() == [60]
        assert questions["question_count"].tolist() == [10]
        assert questions["submitted"].tolist() == [pd.Timestamp("2022-09-09")]
        assert questions["answered"].tolist() == [pd.Timestamp("2022-11-08")]
        timeline = kg.query("theme-timeline").to_pandas()
        assert all(str(timeline[c].dtype) == "Int64" for c in ("year", "documents", "motions", "letters"))
        assert timeline["year"].between(2011, 2026).all()
        motions = kg.query("motions").to_pandas()
        assert motions["vote_result"].isna().any() and not (motions["vote_result"] == "").any()
        counted = kg.sparql("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").to_pandas()
        assert str(counted["n"].dtype) == "Int64" and counted["n"].sum() == kg.store.count()
        since = kg.query("party-activity", from_="2000-01-01")  # from_ is the parameter `from`
        assert since == kg.query("party-activity", **{"from": "2000-01-01"}) and len(since) == 1
        assert kg.query("party-activity", from_="2099-01-01") == []


def test_query_list_documents_every_canned_query() -> None:
    from chinakg.canned import list_queries

    result = CliRunner().invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    for q in list_queries():
        assert q.name in result.output and q.title in result.output
        for p in q.parameters:
            assert f"--param {p}=" in result.output


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store_dir = tmp_path_factory.mktemp("report-store")
    store = EmbeddedStore(store_dir)
    load_fixture(store)
    store.close()
    out = store_dir.parent / "report <test>.html"
    args = ["report", "--store", str(store_dir), "-o", str(out), "--title", "Test <&> report"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def test_report_is_self_contained_and_escaped(report_file: Path) -> None:
    page = report_file.read_text(encoding="utf-8")
    assert "<title>Test &lt;&amp;&gt; report</title>" in page
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=", page)  # nothing fetched from anywhere
    assert "@import" not in page and "url(" not in page
    for title in ("Motions about China", "Motions advised against", "Most-cited documents"):
        assert title in page


def test_report_charts_render_in_headless_chromium(report_file: Path) -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("Chromium is not installed (Debian package 'chromium'); .ci/run installs it")
    dom = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", report_file.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert 'data-report-ready="yes"' in dom
    rendered = dict(re.findall(r'data-chart="([a-z-]+)" data-rendered="(\d+)"', dom))
    # marks laid out by the browser, counted from the fixture by hand: 5 heat-map cells;
    # appraisal bars: Party One (Ontraden, Oordeel Kamer), Party Two (the same) = 4;
    # vote bars: Party One Voor, Party Two Tegen = 2; co-submission by party: Alpha (One) with
    # Beta (Two) on M1 and Beta (Two) with Gamma (One) on M2 make one party pair, 2 motions,
    # drawn in its two cells of the symmetric matrix = 2
    assert rendered == {"theme-timeline": "5", "appraisals-by-party": "4", "votes-by-party": "2",
                        "co-submission": "2"}
    assert "Party One and Party Two: 2 motions (summed over pairs of members)" in dom
    # every bar chart has an axis with counts, and its legend gives each category's total
    appraisals = dom[dom.index('data-chart="appraisals-by-party"'):dom.index('data-chart="votes-by-party"')]
    assert ">motions</text>" in appraisals and ">Ontraden (2)</text>" in appraisals
    assert ">Oordeel Kamer (2)</text>" in appraisals
    summary = dom[dom.index('class="summary"'):dom.index("</p>", dom.index('class="summary"'))]
    assert "<span>4 documents</span>" in summary and "<span>2 motions</span>" in summary
    assert "<span>1 set of answers to written questions</span>" in summary  # not "1 answers"
    # the vote chart counts decisions tied to a motion only, and says how many motions: the
    # fixture's one decision is on M1, of its two motions
    assert "How each party voted on the 1 of 2 motions whose decision" in dom
