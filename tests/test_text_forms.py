"""The official forms of Tweede Kamer texts, each read from a short passage written in that
form: how motions are named in letters, reports and the Handelingen; the headers that give a
document its id; questions whose askers share one party; the cabinet's appraisal labels."""

from __future__ import annotations

import datetime as dt

from chinakg.loaders.normalise import normalise

from chinakg.extractors.document import extract_document_facts
from chinakg.extractors.questions import read_questions
from chinakg.extractors.references import extract_text_facts
from chinakg.extractors.subjects import find_subjects, paragraphs_of
from chinakg.extractors.text import recognised


def mentions(text: str, responding: bool = True) -> list[tuple]:
    facts = extract_text_facts(text, responding=responding)
    return [(m.value.motion_id, m.value.submitters, m.value.responds) for m in facts.motions]


def document(text: str):
    n = normalise(text)
    return extract_document_facts(n, len(n.body))


def test_a_subject_clause_between_the_name_and_the_number() -> None:
    text = ("Hierbij ontvangt u een inhoudelijke reactie op de motie van het lid Kuzu over de Oeigoeren in China "
            "(Kamerstuk 34 775 V, nr. 31).")
    assert mentions(text) == [("kst-34775-V-31", ["Kuzu"], True)]
    assert mentions(text, responding=False) == [("kst-34775-V-31", ["Kuzu"], False)]  # a report only names it


def test_the_day_a_motion_was_submitted_is_kept_for_the_party() -> None:
    facts = extract_text_facts("de motie van het lid Kuzu, ingediend tijdens het notaoverleg op 15 november 2017 "
                               "(Kamerstuk 34 775 V, nr. 31)")
    [m] = facts.motions
    assert (m.value.motion_id, m.value.day) == ("kst-34775-V-31", dt.date(2017, 11, 15))


def test_short_forms_numbers_first_and_lists() -> None:
    assert mentions("De motie-Kamp houdende het opzeggen van het vertrouwen (19637, nr. 1195).") == [
        ("kst-19637-1195", ["Kamp"], False)]
    assert mentions("In de motie (Kamerstuk 35 207, nr. 31) van het lid Kuzu c.s. wordt gevraagd.") == [
        ("kst-35207-31", ["Kuzu"], False)]
    assert [m[0] for m in mentions("De moties Kuzu (Kamerstuk 34 775 V, nrs. 31 en 32) zijn uitgevoerd.")] == [
        "kst-34775-V-31", "kst-34775-V-32"]
    listed = mentions("Het betreft een motie over het textielconvenant (Kamerstuk 26 485, nr. 225), over de "
                      "evaluatie (Kamerstuk 26 485, nr. 298) en over kinderarbeid (Kamerstuk 34 952, nr. 14).")
    assert [m[:2] for m in listed] == [("kst-26485-225", []), ("kst-26485-298", []), ("kst-34952-14", [])]
    assert mentions("Bij de begroting (Kamerstuk 34 775 V, nr. 2) is de motie nr. 31 van het lid Kuzu "
                    "aangenomen.") == [("kst-34775-V-31", ["Kuzu"], False)]
    facts = extract_text_facts("De motie nr. 31 is aangenomen.")
    assert not facts.motions and [u.kind for u in facts.unresolved] == ["motion"]  # which dossier is not said


def test_a_motion_heading_in_a_letter_answers_it() -> None:
    text = ("Tijdens het notaoverleg is een motie aangehouden.\n\nMotie Kuzu 32 735, nr. 293:\n"
            "Het kabinet verwacht …\n")
    assert mentions(text) == [("kst-32735-293", ["Kuzu"], True)]


def test_the_handelingen_number_a_motion_after_its_text() -> None:
    text = ("Motie\n\nDe Kamer,\n\ngehoord de beraadslaging,\n\nconstaterende dat …;\n\n"
            "verzoekt de regering, de Kamer te informeren,\n\nen gaat over tot de orde van de dag.\n\n"
            "De voorzitter:\n\nDeze motie is voorgesteld door de leden Karabulut en Van Ojik.\n\n"
            "Zij krijgt nr. 2272 (21501-02).\n")
    facts = extract_text_facts(text, responding=False)
    [m] = facts.motions
    assert (m.value.motion_id, m.value.submitters) == ("kst-21501-02-2272", ["Karabulut", "Van Ojik"])
    assert m.value.request.value == "verzoekt de regering, de Kamer te informeren"
    assert not facts.unresolved  # "Motie / De Kamer," is the motion's own heading, not a mention


def test_appraisal_labels_in_an_appraisal_letter() -> None:
    text = ("Motie van het lid Kuzu over de Oeigoeren (Kamerstuk 34 775 V, nr. 31)\n\nDe motie verzoekt de regering "
            "iets.\n\nAppreciatie: ontraden\n\nMotie van het lid Omtzigt over X (Kamerstuk 34 775 V, nr. 32)\n\n"
            "Oordeel: oordeel Kamer\n")
    facts = extract_text_facts(text)
    assert [(a.value.motion_id, a.value.value) for a in facts.appraisals] == [
        ("kst-34775-V-31", "Ontraden"), ("kst-34775-V-32", "Oordeel Kamer")]
    assert [(a.value.motion_id, a.value.value) for a in extract_text_facts(
        "De motie-Kuzu (34 775-V, nr. 31) – oordeel Kamer.").appraisals] == [("kst-34775-V-31", "Oordeel Kamer")]


def test_aanhangsel_handelingen_is_one_citation_of_the_aanhangsel() -> None:
    facts = extract_text_facts("Zie de antwoorden (Aanhangsel Handelingen II 2017/18, nr. 354).")
    assert [(c.value.kind, c.value.target) for c in facts.citations] == [("aanhangsel", "ah-tk-20172018-354")]


def test_two_dossiers_one_number() -> None:
    facts = extract_text_facts("de voortgangsrapportage (Kamerstukken 26 150 en 36 180, nr. 202)")
    assert [c.value.target for c in facts.citations] == ["kst-26150-202"]


def test_the_aanhangsel_header_gives_the_answers_their_id() -> None:
    facts = document("Tweede Kamer der Staten-Generaal\nVergaderjaar 2021-2022\nAanhangsel van de Handelingen\n"
                     "Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven "
                     "antwoorden\n\n3809\n\n"
                     "Vragen van het lid Sjoerdsma (D66) aan de Minister van Buitenlandse Zaken over China "
                     "(ingezonden 1 juni 2022).\n\nAntwoord van Minister Hoekstra (Buitenlandse Zaken) "
                     "(ontvangen 22 juni 2022).\n\nVraag 1\nKent u het bericht?\n\nAntwoord 1\nJa.\n")
    assert (facts.kind.value, facts.official_id.value, facts.date.value) == ("answers", "ah-tk-20212022-3809",
                                                                            dt.date(2022, 6, 22))
    # "Zie ook Aanhangsel …" after the title names another document, not this one
    other = document("Vragen van het lid Kerseboom (FvD) aan de Minister van Buitenlandse Zaken over China (ingezonden "
                     "13 juli 2021).\nAntwoord van Minister Knapen (Buitenlandse Zaken) (ontvangen 6 oktober 2021). "
                     "Zie ook Aanhangsel Handelingen, vergaderjaar 2020–2021, nr. 3600.\n")
    assert other.official_id is None and other.kind.value == "answers"


def test_askers_who_share_a_party_each_have_it() -> None:
    text = ("Vragen van de leden Rajkowski, Brekelmans en Michon-Derkzen (allen VVD) aan de Ministers van Justitie en "
            "Veiligheid en van Buitenlandse Zaken over camera's (ingezonden 9 maart 2022).\n\nVraag 1\nKlopt het?\n")
    facts = extract_text_facts(text)
    read_questions(text, facts, numbered_forms=True)
    assert [a.value for a in facts.asked_by] == [("Rajkowski", "VVD"), ("Brekelmans", "VVD"), ("Michon-Derkzen", "VVD")]
    assert [a.value for a in facts.addressed_to] == ["Minister van Justitie en Veiligheid",
                                                     "Minister van Buitenlandse Zaken"]


def test_numbered_questions_without_the_word_vraag() -> None:
    text = ("Vragen van het lid Kuzu (DENK) aan de minister van Buitenlandse Zaken over Xinjiang (ingezonden 9 oktober "
            "2019)\n\n 1. Bent u bekend met het bericht?\n 2. Klopt het?\n")
    facts = extract_text_facts(text)
    read_questions(text, facts, numbered_forms=True)
    assert [(p.value.number, p.value.text) for p in facts.parts] == [(1, "Bent u bekend met het bericht?"),
                                                                     (2, "Klopt het?")]


def test_kinds_from_the_header_and_the_forms() -> None:
    assert document("32 735 Mensenrechten\nNr. 376\nVERSLAG VAN EEN NOTAOVERLEG\nVastgesteld 9 oktober 2023\n"
                    ).kind.value == "committee-report"
    report = document("35 207 China\n\nNr. 34 LIJST VAN VRAGEN EN ANTWOORDEN\n\nVastgesteld 24 juni 2020\n")
    assert (report.kind.value, report.official_id.value, report.date.value) == (
        "committee-report", "kst-35207-34", dt.date(2020, 6, 24))
    assert document("11 Wildbeheer\n\nAan de orde is het debat over wildbeheer.\n\nDe heer Graus (PVV):\n\n"
                    "Voorzitter.\n").kind.value == "handelingen"
    combined = document("35000 V 85 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN\n\nVergaderjaar 2018-2019\n\nNr. 85\n")
    assert (combined.kind.value, combined.official_id.value) == ("letter", "kst-35000-V-85")
    amended = document("35 207 China\n\nNr. 28 GEWIJZIGDE MOTIE VAN HET LID VOORDEWIND TER VERVANGING VAN DIE GEDRUKT "
                       "ONDER NR. 22\n\nVoorgesteld 8 oktober 2019\n\nDe Kamer,\n\ngehoord de beraadslaging,\n\n"
                       "verzoekt de regering, iets te doen,\n\nen gaat over tot de orde van de dag.\n\nVoordewind\n")
    assert (amended.kind.value, amended.replaces.value, [s.value for s in amended.submitters],
            [r.value for r in amended.requests]) == ("amended-motion", "kst-35207-22", ["Voordewind"],
                                                     ["verzoekt de regering, iets te doen"])


def test_a_signature_on_one_line_and_offices_on_behalf() -> None:
    facts = document("Den Haag, 14 mei 2019\n\nIk kan u, mede namens de Minister van Buitenlandse Zaken, als volgt "
                     "informeren.\n\nDe Minister van Onderwijs, Cultuur en Wetenschap, I.K. van Engelshoven\n")
    assert [(s.value.office, s.value.name) for s in facts.signatories] == [
        ("Minister van Onderwijs, Cultuur en Wetenschap", "I.K. van Engelshoven")]
    answers = document("Antwoord van Minister Rosenthal (Buitenlandse Zaken), mede namens de minister van Economische "
                       "Zaken, Landbouw en Innovatie (ontvangen 12 juli 2011).\n")
    assert [o.value for o in answers.on_behalf_of] == ["Minister van Economische Zaken, Landbouw en Innovatie"]


def test_a_label_broken_over_two_lines_is_matched() -> None:
    text = "De situatie van de Oeigoerse\ndiaspora baart zorgen.\n"
    found = {s.value.concept.rsplit("/", 1)[-1] for s in find_subjects(text, paragraphs_of(text))}
    assert "transnational-repression" in found


def test_text_without_anything_of_a_document_is_not_recognised() -> None:
    for text in ("hello world\n", "Het weer is vandaag mooi. Morgen regent het.\n"):
        n = normalise(text)
        facts = extract_document_facts(n, len(n.body))
        facts.text = extract_text_facts(n.body)
        assert not recognised(facts)


def test_own_headers_of_written_questions_and_handelingen_items() -> None:
    questions = document("2020Z09101\n\nVragen van de leden De Roon en Maeijer (beiden PVV) aan de Minister van "
                         "Buitenlandse Zaken over spionage (ingezonden 20 mei 2020).\n\nVraag 1\nBent u bekend?\n")
    assert (questions.official_id.value, questions.date.value) == ("kv-tk-2020Z09101", dt.date(2020, 5, 20))
    item = document("Handelingen II 2020/21, nr. 59, item 17\n\n17 Raad Buitenlandse Zaken\n\nAan de orde is het VAO "
                    "Raad Buitenlandse Zaken.\n\nDe voorzitter:\n\nIk geef het woord.\n")
    assert (item.kind.value, item.official_id.value) == ("handelingen", "h-tk-20202021-59-17")


def test_a_ministrys_letterhead_and_its_signature_block() -> None:
    letter = document("Aan de Voorzitter van de Tweede Kamer\nder Staten-Generaal\n\nDatum 16 juli 2020\n"
                      "Betreft Reactie op motie Van Ojik\n\nGeachte voorzitter,\n\nTekst.\n\n"
                      "De minister van Buitenlandse Zaken,\n\n\n"
                      "W.B. Hoekstra\n")
    assert (letter.kind.value, letter.date.value, letter.title.value) == (
        "letter", dt.date(2020, 7, 16), "Reactie op motie Van Ojik")
    assert [(s.value.office, s.value.name) for s in letter.signatories] == [
        ("Minister van Buitenlandse Zaken", "W.B. Hoekstra")]
    premier = document("Tekst.\n\nDe Minister-President, Minister van Algemene Zaken,\nM. Rutte\n")
    assert [s.value.name for s in premier.signatories] == ["M. Rutte"]


def test_citation_styles_with_chamber_and_year() -> None:
    assert [c.value.target for c in extract_text_facts("(Kamerstukken II 2019/20, 35 207, nr. 5)").citations] == [
        "kst-35207-5"]
    assert [c.value.target for c in extract_text_facts("Handelingen II 2019–2020, nr. 47, item 5").citations] == [
        "h-tk-20192020-47-5"]
    assert mentions("Met deze brief reageer ik op de motie Van Ojik/Sjoerdsma (Kamerstuk 35 207, nr. 27).") == [
        ("kst-35207-27", ["Van Ojik", "Sjoerdsma"], True)]
    [m] = extract_text_facts("de op 15 november 2017 aangenomen motie van het lid Kuzu (Kamerstuk 34 775 V, "
                             "nr. 31)").motions
    assert m.value.day == dt.date(2017, 11, 15)
    [a] = extract_text_facts("De motie van het lid Kuzu (Kamerstuk 35 207, nr. 5) laat ik aan het oordeel van de "
                             "Kamer.").appraisals
    assert a.value.value == "Oordeel Kamer"


def test_a_committee_debate_without_its_header_is_a_committee_report() -> None:
    # it has speakers, as the Handelingen do, but a committee held the debate
    report = document("De vaste commissie voor Buitenlandse Zaken en de vaste commissie voor Buitenlandse Handel "
                      "en Ontwikkelingssamenwerking hebben op 4 november 2021 overleg gevoerd met de heer Knapen, "
                      "Minister van Buitenlandse Zaken, over:\n\nVoorzitter: Van der Graaf\n\nDe heer Sjoerdsma "
                      "(D66):\n\nDank.\n")
    assert report.kind.value == "committee-report"


def test_a_number_after_a_clause_naming_another_document_is_not_the_motions() -> None:
    facts = extract_text_facts("de motie van het lid Kuzu over Xinjiang, waarop ik in mijn brief van 3 juni inging "
                               "(Kamerstuk 35 207, nr. 40)")
    assert not facts.motions and [u.text for u in facts.unresolved] == ["motie van het lid Kuzu"]
    assert [c.value.target for c in facts.citations] == ["kst-35207-40"]  # cited, as a Kamerstuk


def test_a_kamerstuk_of_another_kind_gets_no_guessed_kind() -> None:
    facts = document("35 207 China\n\nNr. 3 MEMORIE VAN TOELICHTING\n\nDen Haag, 3 mei 2020\n\nTekst.\n")
    assert (facts.kind, facts.official_id.value) == (None, "kst-35207-3")
