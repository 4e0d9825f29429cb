"""The text extractors on small examples of every form the documents use.  The examples
are sentences from the seed letters (some shortened) and the forms the issue lists."""

from __future__ import annotations

from chinakg.extractors.questions import read_questions
from chinakg.extractors.references import extract_text_facts
from chinakg.extractors.subjects import find_subjects, paragraphs_of


def motions(text: str) -> list[tuple[str | None, list[str], bool]]:
    return [(f.value.motion_id, f.value.submitters, f.value.amended) for f in extract_text_facts(text).motions]


def test_motion_of_one_member_with_kamerstuk_reference() -> None:
    text = "• Motie van het lid Brekelmans (Kamerstuk 32 735, nr. 324) verzoekt de regering iets te doen.\n"
    assert motions(text) == [("kst-32735-324", ["Brekelmans"], False)]


def test_motion_of_two_members_with_a_given_name() -> None:
    text = "Motie van de leden Piri en Jasper van Dijk (Kamerstuk 35 207, nr. 53) verzoekt de regering te zwijgen.\n"
    assert motions(text) == [("kst-35207-53", ["Piri", "Jasper van Dijk"], False)]


def test_motion_co_submitted_by_several_members() -> None:
    text = ("Naar aanleiding van de motie Karabulut mede ingediend door de Leden Van Ojik, Ploumen en Kuzu "
            "(Kamerstuk 32 735, nr. 278) voorgesteld op 29 januari 2020 deelt het kabinet het volgende.\n")
    facts = extract_text_facts(text)
    assert motions(text) == [("kst-32735-278", ["Karabulut", "Van Ojik", "Ploumen", "Kuzu"], False)]
    assert facts.motions[0].value.responds  # "Naar aanleiding van"


def test_motion_without_kamerstuk_word_or_brackets() -> None:
    assert motions("(Motie Brekelmans en Mulder, 35 925, nr. 97)") == [
        ("kst-35925-97", ["Brekelmans", "Mulder"], False)]


def test_cs_and_amended_and_further_amended_motions() -> None:
    assert motions("De motie van het lid Karabulut c.s. (Kamerstuk 35 207, nr. 11) verzoekt de regering.") == [
        ("kst-35207-11", ["Karabulut"], False)]
    assert motions("De gewijzigde motie van het lid Voordewind (Kamerstuk 35 207, nr. 22) verzoekt.") == [
        ("kst-35207-22", ["Voordewind"], True)]
    assert motions("De nader gewijzigde motie van de leden Van Ojik en Sjoerdsma\n(Kamerstuk 35 207, nr. 27) x") == [
        ("kst-35207-27", ["Van Ojik", "Sjoerdsma"], True)]


def test_two_motions_in_one_bracket_with_a_budget_suffix() -> None:
    text = "De Moties van het lid Kuzu (Kamerstuk 35 925 V, nr. 48 en Kamerstuk\n32 735, nr. 293) gaan over China."
    assert motions(text) == [("kst-35925-V-48", ["Kuzu"], False), ("kst-32735-293", ["Kuzu"], False)]


def test_a_list_of_motions_each_with_its_own_submitters() -> None:
    text = ("in lijn met de moties van de leden Bisschop en Van Helvert (Kamerstuk 35 207, nr. 7) en\n"
            "Voordewind en Van Helvert (Kamerstuk 35 207, nr. 21) die de regering verzoeken")
    assert motions(text) == [("kst-35207-7", ["Bisschop", "Van Helvert"], False),
                             ("kst-35207-21", ["Voordewind", "Van Helvert"], False)]


def test_short_mention_resolves_to_the_one_motion_named_earlier() -> None:
    text = ("De Motie van het lid Brekelmans (Kamerstuk 32 735, nr. 324) vraagt veel.\n\n"
            "De Motie van het lid Brekelmans linkt strategische afhankelijkheden aan mensenrechten.\n")
    assert [m[0] for m in motions(text)] == ["kst-32735-324", "kst-32735-324"]


def test_short_mention_with_several_candidates_is_reported_not_guessed() -> None:
    text = ("Motie van het lid Kuzu (Kamerstuk 35 207, nr. 47) en Motie van het lid Kuzu (Kamerstuk 35 207, nr. 48).\n"
            "Motie van het lid Kuzu verzoekt het kabinet ook om een inventarisatie.\n")
    facts = extract_text_facts(text)
    assert [f.value.motion_id for f in facts.motions] == ["kst-35207-47", "kst-35207-48"]
    assert len(facts.unresolved) == 1 and facts.unresolved[0].kind == "motion"
    assert "several motions first submitted by Kuzu" in facts.unresolved[0].reason


def test_request_plain_and_quoted() -> None:
    plain = extract_text_facts("Motie van het lid Kuzu (Kamerstuk 35 207, nr. 47) verzoekt de regering een "
                               "ambitieus plan te presenteren.\n\nVolgende alinea.")
    assert plain.motions[0].value.request.value == "een ambitieus plan te presenteren"
    quoted = extract_text_facts("in een tweede motie van het lid Kuzu\n(Kamerstuk 35 207, nr. 47) verzocht «een "
                                "ambitieus plan te presenteren». ")
    assert quoted.motions[0].value.request.value == "een ambitieus plan te presenteren"


def test_appraisal_after_the_motion_and_eveneens() -> None:
    text = ("Motie van het lid Kuzu (Kamerstuk 35 925 V, nr. 48) wordt ontraden. Het kabinet deelt de zorgen.\n\n"
            "Motie van het lid Kuzu (Kamerstuk 35 207, nr. 47) wordt eveneens\nontraden.\n")
    facts = extract_text_facts(text)
    assert [(a.value.motion_id, a.value.value) for a in facts.appraisals] == [
        ("kst-35925-V-48", "Ontraden"), ("kst-35207-47", "Ontraden")]
    assert facts.appraisals[0].evidence.quote.endswith("wordt ontraden")


def test_appraisal_of_this_motion_goes_to_the_motion_the_letter_answers() -> None:
    text = ("Naar aanleiding van de motie Karabulut mede ingediend door de Leden Van Ojik, Ploumen en Kuzu "
            "(Kamerstuk 32 735, nr. 278) deelt het kabinet het volgende. In navolging van de motie van de leden "
            "Van Ojik en Sjoerdsma (Kamerstuk 35 207, nr. 26) komt er meer controle.\n\n"
            "Om deze redenen ontraadt het kabinet deze motie.\n")
    facts = extract_text_facts(text)
    assert [(a.value.motion_id, a.value.value) for a in facts.appraisals] == [("kst-32735-278", "Ontraden")]


def test_oordeel_kamer() -> None:
    facts = extract_text_facts("De motie van het lid Ceder (Kamerstuk 35 207, nr. 85) is overbodig.\n"
                               "De motie van het lid Boswijk (Kamerstuk 35 207, nr. 95) laat het kabinet "
                               "oordeel aan de Kamer.")
    assert [(a.value.motion_id, a.value.value) for a in facts.appraisals] == [
        ("kst-35207-85", "Overbodig"), ("kst-35207-95", "Oordeel Kamer")]


def test_appraisals_are_not_read_outside_the_body() -> None:
    text = "Motie van het lid Kuzu (Kamerstuk 35 207, nr. 47) wordt ontraden."
    assert extract_text_facts(text, body_end=0).appraisals == []


def citations(text: str, doc_id: str | None = None) -> list[tuple[str, str | None]]:
    return [(c.value.kind, c.value.target) for c in extract_text_facts(text, doc_id).citations]


def test_kamerstuk_citations_with_suffix_and_annex() -> None:
    assert citations("1 Zie ook Kamerstuk 35 925 XVII, nr. 54 van 22-11-2021.") == [("kamerstuk", "kst-35925-XVII-54")]
    assert citations("In het coalitieakkoord (Bijlage bij Kamerstuk 35 788, nr. 77) staat") == [
        ("other", "kst-35788-77")]


def test_handelingen_and_aanhangsel_with_two_numbers() -> None:
    text = ("(Handelingen II 2019/20, nr. 47, Dertigledendebat) en Kamervragen (Aanhangsel Hande-lingen II 2018/19, "
            "nrs. 3894 en 3922).").replace("Hande-lingen", "Handelingen")
    assert citations(text) == [("handelingen", "h-tk-20192020-47"), ("aanhangsel", "ah-tk-20182019-3894"),
                               ("aanhangsel", "ah-tk-20182019-3922")]


def test_a_document_does_not_cite_itself() -> None:
    text = "Zie ook Aanhangsel Handelingen, vergaderjaar 2022–2023, nr. 325."
    assert citations(text, "ah-tk-20222023-325") == []
    assert citations(text) == [("aanhangsel", "ah-tk-20222023-325")]


def test_motion_references_are_cited_as_motions_only_once() -> None:
    assert citations("Motie van het lid Kuzu (Kamerstuk 35 207, nr. 47) wordt ontraden.") == [
        ("motion", "kst-35207-47")]


QUESTIONS = """Vragen van het lid Van der Lee (GroenLinks) aan de Ministers van Buitenlandse Zaken en voor
Buitenlandse Handel en Ontwikkelingssamenwerking over het VN rapport (ingezonden 9 september 2022).

Antwoord van Minister Hoekstra (Buitenlandse Zaken) en van Minister
Schreinemacher (Buitenlandse Handel en Ontwikkelingssamenwerking) (ontvangen 8 november 2022).

Vraag 1
Bent u bekend met het rapport?

Antwoord 1
Ja

Vraag 2
Wat is uw oordeel?

Antwoord 2
Het rapport bevestigt onze zorgen.
"""


def test_questions_and_answers_are_numbered_parts_with_askers_and_answerers() -> None:
    facts = extract_text_facts(QUESTIONS)
    read_questions(QUESTIONS, facts, numbered_forms=True)
    assert [(p.value.role, p.value.number, p.value.text) for p in facts.parts] == [
        ("question", 1, "Bent u bekend met het rapport?"), ("answer", 1, "Ja"),
        ("question", 2, "Wat is uw oordeel?"), ("answer", 2, "Het rapport bevestigt onze zorgen.")]
    assert [a.value for a in facts.asked_by] == [("Van der Lee", "GroenLinks")]
    assert [a.value for a in facts.addressed_to] == [
        "Minister van Buitenlandse Zaken", "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"]
    assert [a.value for a in facts.answered_by] == [
        ("Minister van Buitenlandse Zaken", "Hoekstra"),
        ("Minister van Buitenlandse Handel en Ontwikkelingssamenwerking", "Schreinemacher")]


def test_themes_and_instruments_per_paragraph_with_evidence() -> None:
    text = ("De Oeigoeren in Xinjiang worden onderdrukt.\n\nEen exportverbod en sancties zijn mogelijk.\n\n"
            "Niets hier.\n")
    found = find_subjects(text, paragraphs_of(text))
    by_paragraph = {}
    for f in found:
        by_paragraph.setdefault(f.value.paragraph, []).append((f.value.scheme, f.value.concept.rsplit("/", 1)[-1]))
        assert text[f.evidence.start:f.evidence.end] == f.evidence.quote
    assert list(by_paragraph.values())[0] == [("theme", "xinjiang")]  # two labels of one concept: once
    schemes = {s for s, _ in list(by_paragraph.values())[1]}
    assert schemes == {"instrument"}
    assert len(by_paragraph) == 2
