"""The command line end to end on the real seed documents, with click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from chinakg.cli import main

ANSWERS_003 = "local-ea3303b99bac"  # the seed answers state no Aanhangsel number of their own


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared):
    store = str(tmp_path_factory.mktemp("cli") / "store")
    result = CliRunner().invoke(main, ["build", str(shared / "corpus" / "seeds"), "--store", store])
    assert result.exit_code == 0, result.output
    assert "5 documents loaded, 0 unchanged, 0 rejected" in result.output
    return store


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_documents_query_gives_one_row_per_seed(built) -> None:
    code, out = run("query", "documents", "--format", "csv", "--store", built)
    assert code == 0
    rows = {r["source"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"000_01de8c817880d3a9.txt", "001_9ba678452e57c7df.txt", "002_54dab813ef9c6552.txt",
                         "003_bae6a21c06046bbe.txt", "004_371c9ad47f551788.txt"}
    letter = rows["002_54dab813ef9c6552.txt"]
    assert letter["document"] == "kst-32735-286" and letter["date"] == "2020-02-04"
    assert set(letter["dossiers"].split(";")) == {"32 735", "35 207"}
    assert letter["signatories"].split(";") == [
        "S.A.M. Kaag (Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking)",
        "S.A. Blok (Minister van Buitenlandse Zaken)"]
    assert rows["003_bae6a21c06046bbe.txt"]["document"] == ANSWERS_003  # "Zie ook … nr. 325" is another document
    assert rows["003_bae6a21c06046bbe.txt"]["type"] == "answers to written questions"
    assert rows["004_371c9ad47f551788.txt"]["document"] == "kst-35207-32"
    assert rows["004_371c9ad47f551788.txt"]["date"] == ""  # the letter's text gives no date
    assert rows["000_01de8c817880d3a9.txt"]["document"].startswith("local-")


def test_a_misspelt_theme_or_a_repeated_parameter_is_an_error_not_an_empty_answer(built) -> None:
    code, out = run("query", "motions", "--store", built, "--param", "theme=xinjang")
    assert code == 2 and "'xinjang' is not a theme of the vocabulary; did you mean xinjiang?" in out
    code, out = run("query", "motions", "--format", "csv", "--store", built, "--param", "theme=xinjiang")
    assert code == 0 and out.startswith("motion,")
    code, out = run("query", "motions", "--store", built, "-p", "theme=xinjiang", "-p", "theme=tibet")
    assert code == 2 and "theme is given twice ('xinjiang' and 'tibet')" in out


def test_kind_parameter_is_bound_as_a_class_of_the_ontology(built) -> None:
    for kind in ("https://w3id.org/chinakg/def#AnswersToWrittenQuestions", "AnswersToWrittenQuestions",
                 "ck:AnswersToWrittenQuestions", "answerstowrittenquestions"):
        code, out = run("query", "documents", "--format", "json", "--store", built, "--param", f"kind={kind}")
        assert code == 0
        assert [r["document"] for r in json.loads(out)] == [ANSWERS_003]
    code, out = run("query", "documents", "--store", built, "--param", "kind=not an iri")
    assert code == 2 and "is not a kind known to the store" in out


def test_validate_is_conformant_after_build(built) -> None:
    code, out = run("validate", "--store", built)
    assert code == 0, out
    assert "0 violations" in out
    # off a terminal, a line per stage: what it is doing, the count, the rate and the time left
    stages = [line for line in out.splitlines() if line.startswith("validating: ")]
    assert stages[0] == "validating: reading the store" and stages[-1].startswith("validating: 4/4 stages, ")
    assert "checking against the reference graph" in out and "s left" in stages[1]


def test_signatories_are_linked_to_reference_people(built) -> None:
    code, out = run("sparql", "SELECT ?p WHERE { GRAPH ?g { ?d <https://w3id.org/chinakg/def#signedBy> ?p } } "
                    "ORDER BY ?p", "--format", "csv", "--store", built)
    assert code == 0
    people = [line.rsplit("/", 1)[-1] for line in out.split()[1:]]
    assert people == ["liesje-schreinemacher", "sigrid-kaag", "stef-blok", "tom-de-bruijn"]


def test_query_list_and_unknown_query(built) -> None:
    code, out = run("query", "--list")
    assert code == 0 and "documents: Documents" in out and "columns: document, type, date" in out
    code, out = run("query", "nonexistent", "--store", built)
    assert code == 2 and "no canned query named 'nonexistent'" in out
    assert "Traceback" not in out


def test_export_keeps_named_graphs(built, tmp_path) -> None:
    target = tmp_path / "dump.nq"
    code, _ = run("export", "--format", "nquads", "-o", str(target), "--store", built)
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert "<https://w3id.org/chinakg/graph/doc/kst-32735-286>" in text
    assert "<https://w3id.org/chinakg/graph/reference>" in text


@pytest.mark.parametrize("fmt", ["nquads", "trig", "jsonld", "turtle", "nt"])
def test_every_export_format_holds_the_whole_graph(built, tmp_path, fmt) -> None:
    """Read back, each format has every quad (named-graph formats) or every distinct triple
    (Turtle and N-Triples, which merge the graphs) of the store."""
    from rdflib import Dataset, Graph

    target = tmp_path / f"dump.{fmt}"
    code, _ = run("export", "--format", fmt, "-o", str(target), "--store", built)
    assert code == 0
    parse_as = {"nquads": "nquads", "trig": "trig", "jsonld": "json-ld", "turtle": "turtle", "nt": "nt"}[fmt]
    count_query = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }" if fmt in ("nquads", "trig", "jsonld")
                   else "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    code, out = run("sparql", count_query, "--format", "csv", "--store", built)
    expected = int(out.splitlines()[1])
    if fmt in ("nquads", "trig", "jsonld"):
        data = Dataset()
        data.parse(target, format=parse_as)
        found = sum(1 for _ in data.quads((None, None, None, None)))
    else:
        found = len(Graph().parse(target, format=parse_as))
    assert expected > 40_000 and found == expected
    assert not list(tmp_path.glob(".*.partial"))  # written whole, then put in place


def test_bad_file_is_rejected_and_the_rest_still_loads(tmp_path, shared) -> None:
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "empty file.txt").write_bytes(b"")
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 4)
    seed = shared / "corpus" / "seeds" / "002_54dab813ef9c6552.txt"
    (folder / "brief één.txt").write_bytes(seed.read_bytes())
    store = str(tmp_path / "store")
    code, out = run("build", str(folder), "--store", store)
    assert code == 1
    assert "empty file.txt: the file is empty" in out
    assert "junk.bin: binary content" in out
    assert "1 documents loaded, 0 unchanged, 2 rejected" in out
    code, out = run("query", "documents", "--format", "csv", "--store", store)
    assert [r["document"] for r in csv.DictReader(io.StringIO(out))] == ["kst-32735-286"]


def test_windows_1252_and_utf16_text_load(tmp_path, shared) -> None:
    text = (shared / "corpus" / "seeds" / "001_9ba678452e57c7df.txt").read_text(encoding="utf-8")
    folder = tmp_path / "enc"
    folder.mkdir()
    (folder / "a.txt").write_bytes(text.replace("’", "'").encode("cp1252"))
    (folder / "b.txt").write_bytes(text.replace("379", "380").encode("utf-16"))
    store = str(tmp_path / "store")
    code, out = run("build", str(folder), "--store", store)
    assert code == 0, out
    code, out = run("query", "documents", "--format", "csv", "--store", store)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 and all(r["date"] == "2021-11-30" for r in rows)


def test_mixed_sources_build_and_a_schema_file_is_skipped_not_rejected(tmp_path, shared) -> None:
    """XML motion, its open-data case, a letter and the OData $metadata file in one folder."""
    import shutil

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(shared / "corpus" / "motions-xml" / "kst-35207-84.xml", src)
    shutil.copy(shared / "corpus" / "odata" / "zaak-documents" / "kst-35207-84.json", src / "case.json")
    shutil.copy(shared / "corpus" / "odata" / "odata-metadata.xml", src)
    (src / "broken.xml").write_text("<officiele-publicatie><kamerstuk>")
    store = str(tmp_path / "store")
    code, out = run("build", str(src), "--store", store)
    assert code == 1  # broken.xml was rejected ...
    assert "rejected: " in out and "broken.xml: not well-formed XML" in out
    assert "skipped: " in out and "odata-metadata.xml" in out
    assert "2 documents loaded, 0 unchanged, 1 rejected, 1 skipped" in out  # ... and the others loaded
    code, out = run("query", "motions", "--format", "csv", "--store", store)
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert (row["motion"], row["submitters"], row["appraisal"], row["appraised_in"]) == (
        "kst-35207-84", "Jan Paternotte;Derk Boswijk", "Ontraden", "tk-zaak-2025Z06903")


def test_rebuild_skips_unchanged_files_replaces_changed_ones_and_remove(tmp_path, shared) -> None:
    import shutil

    src = tmp_path / "in"
    src.mkdir()
    for name in ("002_54dab813ef9c6552.txt", "003_bae6a21c06046bbe.txt"):
        shutil.copy(shared / "corpus" / "seeds" / name, src)
    store = str(tmp_path / "store")
    assert "2 documents loaded, 0 unchanged" in run("build", str(src), "--store", store)[1]
    assert "0 documents loaded, 2 unchanged" in run("build", str(src), "--store", store)[1]
    letter = src / "002_54dab813ef9c6552.txt"
    letter.write_text(letter.read_text(encoding="utf-8").replace("4 februari 2020", "5 februari 2020"),
                      encoding="utf-8")
    assert "1 documents loaded, 1 unchanged" in run("build", str(src), "--store", store)[1]
    code, out = run("query", "documents", "--format", "csv", "--store", store)
    dates = {r["document"]: r["date"] for r in csv.DictReader(io.StringIO(out))}
    assert dates == {"kst-32735-286": "2020-02-05", ANSWERS_003: "2022-11-08"}  # replaced, not added
    assert "2 documents loaded, 0 unchanged" in run("build", str(src), "--store", store, "--force")[1]
    code, out = run("remove", "kst-32735-286", "kst-1-1", "--store", store)
    assert code == 1 and "not in the store: kst-1-1" in out and "1 removed" in out
    code, out = run("query", "documents", "--format", "csv", "--store", store)
    assert [r["document"] for r in csv.DictReader(io.StringIO(out))] == [ANSWERS_003]


def test_workers_option_gives_the_same_graph_inline_and_in_parallel(tmp_path, shared) -> None:
    from conftest import comparable

    files = [str(p) for p in sorted((shared / "corpus" / "motions-xml").glob("*.xml"))[:12]]
    dumps = []
    for workers in ("1", "2"):
        store = str(tmp_path / f"store-{workers}")
        code, out = run("build", *files, "--workers", workers, "--store", store)
        assert code == 0 and "12 documents loaded" in out, out
        code, out = run("export", "--format", "nquads", "--store", store)
        dumps.append(comparable(out))
    assert dumps[0] == dumps[1] and len(dumps[0]) > 1000


def test_a_reader_that_stops_early_is_not_an_error(built) -> None:
    """`chinakg export | head -1`: the broken pipe ends the command quietly, exit code 0."""
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "chinakg"
    proc = subprocess.Popen([str(exe), "export", "--format", "nquads", "--store", built],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # as `head -1` does, long before the 5 MB of N-Quads are written
    _, err = proc.communicate(timeout=60)
    assert first.startswith(b"<") and proc.returncode == 0, err
    assert b"error" not in err and b"Traceback" not in err


def test_long_work_reports_its_progress_with_total_rate_and_time_left(capsys) -> None:
    """Off a terminal (a log, CI) the build's progress is one line a minute; here every step."""
    from chinakg.cli import Progress

    with Progress("building", 3, every=0) as progress:
        for _ in range(3):
            progress.step()
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(",")[0] for line in lines] == ["building: 1/3 files", "building: 2/3 files",
                                                      "building: 3/3 files"]
    assert all(re.search(r", [\d.]+ files/s, about \d+ s left$", line) for line in lines)


def test_query_help_lists_the_queries_and_examples() -> None:
    from chinakg.canned import query_names

    result = CliRunner().invoke(main, ["query", "--help"])
    assert result.exit_code == 0
    assert all(name in result.output for name in query_names())
    assert "chinakg query party-votes -p party=d66" in result.output
