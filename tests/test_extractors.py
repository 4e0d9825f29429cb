"""Normaliser and document-fact extractors on small examples and on the real seeds.
Expected values come from reading the seed documents by hand."""

from __future__ import annotations

import datetime as dt

from chinakg.loaders.normalise import normalise
from chinakg.loaders.text import prepare

from chinakg.extractors.document import extract_document_facts


def facts_of(text: str):
    prepared, trailer = prepare(text)
    return prepared, extract_document_facts(prepared, trailer)


def test_hyphenated_line_breaks_are_joined_but_real_hyphens_kept() -> None:
    n = normalise("strategische afhankelijk-\nheden en surveillance-goederen en\n-technologie\n")
    assert "afhankelijkheden" in n.body
    assert "surveillance-goederen" in n.body and "-technologie" in n.body


def test_footers_are_read_and_removed() -> None:
    raw = "Eerste alinea.\nTweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32 8\nverder.\n"
    n = normalise(raw)
    assert "vergaderjaar" not in n.body
    assert [(f.year, f.dossier, f.suffix, f.number) for f in n.footers] == [("2019-2020", "35207", None, 32)]


def test_footnotes_between_paragraphs_are_separated_and_the_sentence_rejoined() -> None:
    raw = ("Volgens \n\n1 Bijlage bij Kamerstuk 35 207, nr. 1\n ex-gedetineerden is er sprake van "
           "mishandeling. \n\n2 Zie ook Kamerstuk 35 925 XVII, nr. 54.\n Nieuwe alinea.\n")
    n = normalise(raw)
    assert n.footnotes == {1: "Bijlage bij Kamerstuk 35 207, nr. 1", 2: "Zie ook Kamerstuk 35 925 XVII, nr. 54."}
    assert "Volgens\nex-gedetineerden" in n.body
    assert "mishandeling.\n\nNieuwe alinea." in n.body


def test_numbered_heading_is_not_a_footnote() -> None:
    n = normalise("Tekst.\n\n1. Introductie\n\nMeer tekst.\n")
    assert n.footnotes == {} and "1. Introductie" in n.body


def test_letter_header_dossiers_number_date_signatories() -> None:
    text = ("32 735 Mensenrechten in het buitenlands beleid\n\n35 207 China\n\n"
            "Nr. 286 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN\n\n"
            "Den Haag, 4 februari 2020\n\nInhoud.\n\nDe Minister van Buitenlandse Zaken,\nS.A. Blok\n")
    prepared, facts = facts_of(text)
    assert facts.official_id.value == "kst-32735-286"
    assert [d.value[:2] for d in facts.dossiers] == [("32735", None), ("35207", None)]
    assert facts.date.value == dt.date(2020, 2, 4)
    assert facts.kind.value == "letter"
    sig = facts.signatories[0]
    assert (sig.value.office, sig.value.name) == ("Minister van Buitenlandse Zaken", "S.A. Blok")
    assert prepared.body[sig.evidence.start:sig.evidence.end] == sig.evidence.quote


def test_dossier_suffix_and_impossible_date() -> None:
    text = "35 925 V Vaststelling begroting\n\nNr. 12 BRIEF VAN DE MINISTER\n\nDen Haag, 31 februari 2020\n"
    _, facts = facts_of(text)
    assert facts.official_id.value == "kst-35925-V-12"
    assert facts.date is None
    assert [(u.kind, u.text) for u in facts.unresolved] == [("date", "Den Haag, 31 februari 2020")]


def test_on_behalf_of_two_offices() -> None:
    _, facts = facts_of("In deze brief ga ik, mede namens de Minister van Buitenlandse Zaken en \nde Minister "
                        "van Economische Zaken en Klimaat, in op de volgende moties:\n")
    assert [f.value for f in facts.on_behalf_of] == ["Minister van Buitenlandse Zaken",
                                                     "Minister van Economische Zaken en Klimaat"]


def read_seed(shared, name: str):
    return facts_of((shared / "corpus" / "seeds" / name).read_text(encoding="utf-8"))[1]


def test_seed_questions_with_answers(shared) -> None:
    facts = read_seed(shared, "003_bae6a21c06046bbe.txt")
    assert facts.kind.value == "answers"
    # "Zie ook Aanhangsel Handelingen, vergaderjaar 2022–2023, nr. 325" names another document
    # (the notice of delay); the answers' own number (651) is not in the text
    assert facts.official_id is None
    assert facts.submitted.value == dt.date(2022, 9, 9)
    assert facts.received.value == dt.date(2022, 11, 8)
    assert facts.title.value.startswith("Vragen van het lid Van der Lee (GroenLinks)")


def test_seed_letter_without_header_or_date(shared) -> None:
    facts = read_seed(shared, "000_01de8c817880d3a9.txt")
    assert facts.official_id is None and facts.date is None  # neither is in the text
    assert [(s.value.office, s.value.name) for s in facts.signatories] == [
        ("Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking", "E.N.A.J. Schreinemacher")]


def test_seed_letter_identified_by_its_footer(shared) -> None:
    facts = read_seed(shared, "004_371c9ad47f551788.txt")
    assert facts.official_id.value == "kst-35207-32"
    assert facts.year.value == "2019-2020"
    assert facts.kind.value == "letter"


def test_seed_number_without_dossier_is_reported_not_guessed(shared) -> None:
    facts = read_seed(shared, "001_9ba678452e57c7df.txt")
    assert facts.official_id is None
    assert facts.sequence_number.value == 379
    assert facts.unresolved[0].kind == "document"
    assert facts.date.value == dt.date(2021, 11, 30)


def test_date_a_motion_was_proposed() -> None:
    _, facts = facts_of("MOTIE VAN HET LID PATERNOTTE C.S.\nVoorgesteld 9 april 2025\nDe Kamer,\n")
    assert facts.date.value == dt.date(2025, 4, 9) and facts.date.evidence.quote == "Voorgesteld 9 april 2025"
    _, facts = facts_of("Voorgesteld tijdens het Wetgevingsoverleg van 29 januari 2024\n")
    assert facts.date.value == dt.date(2024, 1, 29)


def test_a_label_of_two_concepts_matches_both() -> None:
    from chinakg.extractors.subjects import find_subjects

    text = "Bedrijven moeten gepaste zorgvuldigheid betrachten."
    found = {(f.value.concept.rsplit("/", 1)[-1], f.value.scheme) for f in find_subjects(text, [(0, len(text))])}
    assert found == {("responsible-business-conduct", "theme"), ("due-diligence-legislation", "instrument")}


def test_a_build_is_the_same_whatever_the_hash_seed(shared, tmp_path) -> None:
    """Set and dict order must not decide what is extracted (a shared label once did)."""
    import subprocess
    import sys
    from pathlib import Path

    from conftest import comparable

    exe = Path(sys.executable).parent / "chinakg"
    dumps = []
    for seed in ("1", "2"):
        store = tmp_path / f"store-{seed}"
        env = {"PYTHONHASHSEED": seed, "PATH": str(exe.parent)}
        subprocess.run([str(exe), "build", str(shared / "corpus" / "seeds" / "004_371c9ad47f551788.txt"),
                        "--store", str(store)], check=True, capture_output=True, env=env)
        out = subprocess.run([str(exe), "export", "--format", "nquads", "--store", str(store)],
                             check=True, capture_output=True, env=env).stdout
        dumps.append(comparable(out.decode()))
    assert dumps[0] == dumps[1] and len(dumps[0]) > 1000
