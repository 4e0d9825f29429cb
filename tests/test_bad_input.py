"""Bad input: one build of real documents mixed with every kind of bad file.

Each case gets its own test on the outcome of that one build: the message names the file
and the problem, the good documents of the same build are stored, nothing of a rejected
file is stored, and the build exits with 1 (a document was rejected).  Files that are odd
but readable (other encodings, odd names, impossible dates, unknown people) load, with
what could not be resolved reported and recorded.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfWriter

from chinakg.cli import main

ODD_NAMES = ["brief met  spaties.txt", "kamerbrief ünïcödé 中国 ✓.txt", "-begint-met-streep.txt",
             "quotes ' and \".txt", "lang-" + "x" * 200 + ".txt"]


CP1252_PRINTABLE = [b for b in range(0x20, 0x100) if b not in (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D)]


def _motion(shared: Path, number: int) -> str:
    return (shared / "corpus" / "motions-xml" / f"kst-35207-{number}.xml").read_text(encoding="utf-8")


def _write_inputs(folder: Path, shared: Path) -> None:
    seeds = shared / "corpus" / "seeds"
    seed = {n: path.read_text(encoding="utf-8") for n, path in enumerate(sorted(seeds.iterdir()))}
    case = json.loads((shared / "corpus" / "odata" / "zaak-documents" / "kst-35207-84.json").read_text())
    files: dict[str, bytes | str] = {
        # good documents
        "good-letter.txt": seed[2],
        "good-motion.xml": _motion(shared, 84),
        "good-case-unknown-fields.json": json.dumps({**case, "NieuwVeld": {"a": 1}, "Extra": None}),
        # rejected
        "empty.txt": b"",
        "junk.bin": bytes(range(256)) * 16,
        "truncated.xml": _motion(shared, 85)[:900],
        "other-schema.xml": '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
        "unknown-type.xml": re.sub(r"<(/?)kamerstuk>", r"<\1raadsstuk>", _motion(shared, 86)),
        "case-without-number.json": json.dumps({k: v for k, v in case.items() if k != "Nummer"}),
        "dup-a.txt": seed[4],
        "dup-b.txt": seed[4].replace("6 februari 2018", "7 februari 2018"),
        "big.txt": b"China en de mensenrechten in Xinjiang. " * (50 * 1024 * 1024 // 39 + 1),
        "hello.txt": "hello world\n",
        # a generated text of thousands of motion mentions (3 facts each): bounded, not minutes and gigabytes
        "many-mentions.txt": "Aan de Voorzitter van de Tweede Kamer\n\n" + "".join(
            f"De motie van het lid Kuzu (Kamerstuk 35 207, nr. {n % 9000 + 1}) wordt ontraden. " for n in range(4000)),
        # random bytes that all decode as Windows-1252: text, but nothing of a document
        "random-1252.bin": bytes(random.Random(15).choice(CP1252_PRINTABLE) for _ in range(8192)),
        # loaded, with what could not be resolved reported
        "impossible-date.txt": seed[1].replace("Den Haag, 30 november 2021", "Den Haag, 31 februari 2021"),
        "impossible-isodatum.xml": _motion(shared, 87).replace('isodatum="', 'isodatum="2020-02-31" x="'),
        "impossible-number.txt": seed[0] + "\nZie de motie van het lid Kuzu (Kamerstuk 35 207, nr. 99999) en "
                                           "Kamerstuk 35 207, nr. 0.\n",
        "person-absent.xml": _motion(shared, 88).replace("<al-groep>", "<al-groep><al>Xyzzyvanderplas</al>"),
        ODD_NAMES[0]: seed[3],
    }
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    writer = PdfWriter()
    writer.add_blank_page(595, 842)  # a PDF of one page without any text: a scan not yet OCR'd
    writer.write(folder / "scan.pdf")
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory, shared):
    folder = tmp_path_factory.mktemp("bad") / "input"
    folder.mkdir()
    _write_inputs(folder, shared)
    store = str(folder.parent / "store")
    result = CliRunner().invoke(main, ["build", str(folder), "--store", store])
    files = CliRunner().invoke(main, ["sparql", "PREFIX ck: <https://w3id.org/chinakg/def#> SELECT ?g ?file "
                                      "WHERE { GRAPH ?g { ?s ck:sourceFile ?file } }", "--format", "csv",
                                      "--store", store])
    stored = {row["file"]: row["g"] for row in csv.DictReader(io.StringIO(files.output))}
    return result, stored, store, folder


def lines(output: str, prefix: str, name: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(f"{prefix}: ") and f"/{name}: " in line]


REJECTED = {
    "empty.txt": "the file is empty",
    "junk.bin": "binary content that is not a PDF, nor text in UTF-8, UTF-16 or Windows-1252",
    "scan.pdf": "the PDF has no text layer (scanned image?); OCR it first",
    "truncated.xml": "not well-formed XML: Premature end of data",
    "other-schema.xml": "well-formed XML, but of another schema: root element <rss>",
    "unknown-type.xml": "official publication XML with document type <raadsstuk>; chinakg reads <kamerstuk>",
    "case-without-number.json": "the case record has no 'Nummer' field",
    "dup-b.txt": "another file in this build already claims document id",
    "big.txt": "the file is 50.0 MB, over the limit of 32 MB for one document",
    "hello.txt": "nothing of a parliamentary document was recognised in the text",
    "many-mentions.txt": "the text yields 12,000 facts (motions named, citations, themes, …), more than the 10,000",
    "random-1252.bin": "nothing of a parliamentary document was recognised in the text",
}


def test_the_build_says_documents_were_rejected_and_shows_no_traceback(bad_build) -> None:
    result, stored, _, _ = bad_build
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{len(REJECTED) + 1} rejected" in result.output  # the cases, and the symbolic-link loop


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_rejected_file_is_named_with_its_problem_and_nothing_of_it_is_stored(bad_build, name) -> None:
    result, stored, _, _ = bad_build
    [line] = lines(result.output, "rejected", name)
    assert REJECTED[name] in line
    assert name not in stored


def test_the_good_documents_of_the_same_build_are_stored(bad_build) -> None:
    _, stored, _, _ = bad_build
    assert {"good-letter.txt", "good-motion.xml", "dup-a.txt"} <= set(stored)
    assert stored["good-motion.xml"].endswith("/doc/kst-35207-84")
    assert stored["dup-a.txt"] != stored["good-letter.txt"]


def test_open_data_with_unknown_fields_loads_and_ignores_them(bad_build) -> None:
    result, stored, store, _ = bad_build
    assert stored["good-case-unknown-fields.json"].endswith("/doc/tk-zaak-2025Z06903")
    out = CliRunner().invoke(main, ["query", "motions", "-p", "motion=kst-35207-84", "--format", "csv",
                                    "--store", store]).output
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["appraisal"] == "Ontraden"


def test_symbolic_link_loop_is_reported_and_the_folder_skipped_once(bad_build) -> None:
    result, stored, _, folder = bad_build
    assert f"rejected: {folder}/sub/loop: symbolic-link loop; folder skipped" in result.output
    assert all("/loop/" not in line for line in result.output.splitlines() if line.startswith("unresolved"))


def test_impossible_written_date_is_unresolved_not_guessed(bad_build) -> None:
    result, stored, store, _ = bad_build
    assert "impossible-date.txt" in stored
    assert any("31 februari 2021" in line for line in lines(result.output, "unresolved", "impossible-date.txt"))
    out = CliRunner().invoke(main, ["query", "documents", "--format", "csv", "--store", store]).output
    [row] = [r for r in csv.DictReader(io.StringIO(out)) if r["source"] == "impossible-date.txt"]
    assert row["date"] == ""  # no date rather than an invented one


def test_impossible_isodatum_is_unresolved_and_the_written_date_kept(bad_build) -> None:
    result, stored, store, _ = bad_build
    [line] = lines(result.output, "unresolved", "impossible-isodatum.xml")
    assert 'date “isodatum="2020-02-31"”: not a calendar date' in line
    out = CliRunner().invoke(main, ["query", "documents", "--format", "csv", "--store", store]).output
    [row] = [r for r in csv.DictReader(io.StringIO(out)) if r["source"] == "impossible-isodatum.xml"]
    assert row["date"] == "2025-04-09"  # as written in the motion: "9 april 2025"


def test_impossible_motion_number_is_unresolved_not_cited(bad_build) -> None:
    result, stored, store, _ = bad_build
    found = lines(result.output, "unresolved", "impossible-number.txt")
    assert any("impossible document number 99999" in line for line in found)
    assert any("impossible document number 0" in line for line in found)
    out = CliRunner().invoke(main, ["sparql", "PREFIX ck: <https://w3id.org/chinakg/def#> SELECT ?t WHERE { "
                                    "GRAPH ?g { ?c ck:target ?t FILTER(REGEX(STR(?t), 'kst-35207-(0|99999)$')) } }",
                                    "--store", store]).output
    assert "kst-35207" not in out


def test_person_absent_from_the_reference_graph_is_unresolved(bad_build) -> None:
    result, stored, _, _ = bad_build
    assert "person-absent.xml" in stored
    [line] = [x for x in lines(result.output, "unresolved", "person-absent.xml") if "Xyzzyvanderplas" in x]
    assert "no member of parliament named 'Xyzzyvanderplas' in the reference graph" in line


def test_odd_file_names_load_and_are_named_as_they_are(tmp_path, shared) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    seeds = sorted((shared / "corpus" / "seeds").iterdir())
    for name, seed in zip(ODD_NAMES, seeds, strict=False):
        (folder / name).write_bytes(seed.read_bytes())
    (folder / "leeg ünïcödé.txt").write_bytes(b"   \n")
    store = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["build", str(folder), "--store", store, "--workers", "1"])
    assert result.exit_code == 1
    assert f"rejected: {folder}/leeg ünïcödé.txt: the file is empty" in result.output
    assert "5 documents loaded" in result.output
    out = CliRunner().invoke(main, ["query", "documents", "--format", "csv", "--store", store]).output
    assert sorted(r["source"] for r in csv.DictReader(io.StringIO(out))) == sorted(ODD_NAMES)
    # a file named like an option is still a file when given after `--`
    result = CliRunner().invoke(main, ["build", "--store", store, "--", str(folder / "-begint-met-streep.txt")])
    assert result.exit_code == 0 and "1 unchanged" in result.output


def test_an_unexpected_error_costs_one_file_with_one_line_and_debug_shows_the_traceback(
        tmp_path, shared, monkeypatch) -> None:
    """A bug in a loader (simulated: the only stand-in in this module) must not stop the build."""
    from chinakg.loaders.xml import XmlLoader

    def broken(self, path, raw):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(XmlLoader, "parse", broken)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "motion.xml").write_text(_motion(shared, 84), encoding="utf-8")
    (folder / "letter.txt").write_bytes((shared / "corpus" / "seeds" / "002_54dab813ef9c6552.txt").read_bytes())
    store = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["build", str(folder), "--store", store, "--workers", "1"])
    assert result.exit_code == 1
    [line] = lines(result.output, "rejected", "motion.xml")
    assert "unexpected error, not stored (ZeroDivisionError: simulated bug); this is a bug in chinakg" in line
    assert "Traceback" not in result.output and "1 documents loaded" in result.output
    result = CliRunner().invoke(main, ["build", str(folder), "--store", store, "--workers", "1", "--debug"])
    assert isinstance(result.exception, ZeroDivisionError)  # --debug lets the traceback through


def test_store_errors_are_one_line_with_exit_code_2(tmp_path) -> None:
    not_a_store = tmp_path / "file"
    not_a_store.write_text("x")
    result = CliRunner().invoke(main, ["query", "documents", "--store", str(not_a_store)])
    assert result.exit_code == 2 and result.output.startswith("error: ") and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["sparql", "SELECT WHERE {", "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "error: " in result.output and "Traceback" not in result.output



def test_a_file_claiming_a_stored_id_of_another_file_is_refused_and_the_stored_one_kept(tmp_path, shared) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "kst-35207-84.xml").write_text(_motion(shared, 84), encoding="utf-8")
    (second / "letter.txt").write_text("35 207 China\n\nNr. 84 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN\n\n"
                                       "Den Haag, 1 mei 2025\n\nEen brief.\n", encoding="utf-8")
    store = str(tmp_path / "store")
    assert CliRunner().invoke(main, ["build", str(first), "--store", store]).exit_code == 0
    result = CliRunner().invoke(main, ["build", str(second), "--store", store])
    assert result.exit_code == 1
    assert ("letter.txt: document id kst-35207-84 is already stored, loaded from the file kst-35207-84.xml"
            in result.output)
    out = CliRunner().invoke(main, ["query", "documents", "--format", "csv", "--store", store]).output
    [row] = csv.DictReader(io.StringIO(out))
    assert (row["document"], row["type"], row["source"]) == ("kst-35207-84", "motion", "kst-35207-84.xml")
    # the same file changed is its document rebuilt, as before
    (first / "kst-35207-84.xml").write_text(_motion(shared, 84) + "<!-- changed -->\n", encoding="utf-8")
    assert "1 documents loaded" in CliRunner().invoke(main, ["build", str(first), "--store", store]).output


def test_a_name_that_is_not_utf8_and_invisible_characters_in_a_name_lose_nothing(tmp_path, shared) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    letter = (shared / "corpus" / "texts" / "kst-32735-311.txt").read_bytes()
    (Path(os.fsdecode(bytes(folder) + b"/brief-\xe9t\xe9.txt"))).write_bytes(letter)  # a Latin-1 file name
    hidden = letter.replace(b"Kuzu", "Ku\u200bzu".encode()).replace(b"Van Helvert", "Van \u202eHelvert".encode())
    (folder / "hidden.txt").write_bytes(hidden)
    store = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["build", str(folder), "--store", store])
    assert "rejected" not in result.output.split("\n")[-2].replace("0 rejected", ""), result.output
    assert "2 documents loaded" in result.output
    out = CliRunner().invoke(main, ["query", "motions", "--format", "csv", "--store", store]).output
    submitters = {r["motion"]: r["submitters"] for r in csv.DictReader(io.StringIO(out))}
    assert (submitters["kst-32735-293"], submitters["kst-32735-299"]) == ("Tunahan Kuzu", "Martijn van Helvert")
    # a document with its own id, in a file of such a name: changed and built again, it is
    # replaced -- the name it was stored under is the same file, not another one
    other = Path(os.fsdecode(bytes(tmp_path) + b"/\xe9\xe9n"))
    other.mkdir()
    named = Path(os.fsdecode(bytes(other) + b"/kst-35207-35-\xe9.txt"))
    text = (shared / "corpus" / "texts" / "kst-35207-35.txt").read_text(encoding="utf-8")
    named.write_text(text, encoding="utf-8")
    assert "1 documents loaded" in CliRunner().invoke(main, ["build", str(other), "--store", store]).output
    named.write_text(text + "\nNog een alinea.\n", encoding="utf-8")
    again = CliRunner().invoke(main, ["build", str(other), "--store", store]).output
    assert "1 documents loaded" in again and "0 rejected" in again, again


def test_a_fifo_and_a_device_are_refused_without_reading_them(tmp_path, shared) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")  # reading it would wait for a writer for ever
    (folder / "kst-35207-84.xml").write_text(_motion(shared, 84), encoding="utf-8")
    (folder / "kst-35207-84.metadata.xml").symlink_to("/dev/zero")  # reading it would never end
    (folder / "good.txt").write_text((shared / "corpus" / "texts" / "kst-35207-35.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "--store", str(tmp_path / "store")])
    assert "pipe.txt: a named pipe (FIFO), not a regular file; not read" in result.output
    assert ("kst-35207-84.xml: its metadata record kst-35207-84.metadata.xml: a character device, not a regular "
            "file; not read") in result.output
    assert "1 documents loaded" in result.output and "3 rejected" in result.output
