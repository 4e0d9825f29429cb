"""Name resolution against the packaged reference graph: members by name and date, parties
at a date, ambiguous names reported rather than guessed."""

from __future__ import annotations

import datetime as dt

SPRING_2024 = dt.date(2024, 5, 1)


def slug(iri) -> str | None:  # noqa: ANN001
    return None if iri is None else str(iri).rsplit("/", 1)[-1]


def test_a_given_name_or_initial_tells_the_van_dijks_apart(people) -> None:
    assert slug(people.member("Diederik van Dijk", SPRING_2024).person) == "diederik-van-dijk"
    assert slug(people.member("D. van Dijk", SPRING_2024).person) == "diederik-van-dijk"
    assert slug(people.member("Inge van Dijk", SPRING_2024).person) == "inge-van-dijk"
    assert slug(people.member("Dijk", SPRING_2024).person) == "jimmy-dijk"


def test_party_on_the_date_and_prefixes_and_accents(people) -> None:
    match = people.member("Van der Lee", SPRING_2024)
    assert (slug(match.person), slug(match.party), match.reason) == ("tom-van-der-lee", "groenlinks-pvda", "")
    assert slug(people.member("Kostić", SPRING_2024).party) == "pvdd"


def test_a_surname_shared_by_members_of_different_times_is_chosen_by_date(people) -> None:
    """Agnes, Anne and Edgar Mulder all sat in the Kamer; in 2024 only Edgar did."""
    assert slug(people.member("Mulder", SPRING_2024).person) == "edgar-mulder"
    earlier = people.member_before("Mulder", dt.date(2022, 11, 8))
    assert earlier.person is None and "3 members of that name" in earlier.reason


def test_unknown_names_and_undated_documents_are_reported(people) -> None:
    assert "no member of parliament named" in people.member("Tony van Dijck", SPRING_2024).reason
    assert people.member("Koekkoek", None).person is None


def test_a_member_missing_from_one_roll_call_is_seen_in_the_others(people) -> None:
    """Van Houwelingen did not vote in the roll call of 14 December 2023; the roll calls of
    2024 (tk-rollcalls/stemming-rollcall-2024-04-03.json and others) show him voting with FVD."""
    match = people.member("Van Houwelingen", SPRING_2024)
    assert slug(match.person) == "pepijn-van-houwelingen" and slug(match.party) == "fvd" and not match.reason


def test_a_change_of_fractie_between_two_roll_calls_leaves_the_days_between_unresolved(people) -> None:
    """Agnes Joseph voted with NSC on 4 July 2025 and with BBB on 1 October 2025 (the roll
    calls of those days): her party is known on and around those days, not between them."""
    assert slug(people.member("Joseph", dt.date(2025, 6, 11)).party) == "nsc"
    assert slug(people.member("Joseph", dt.date(2025, 10, 2)).party) == "bbb"
    between = people.member("Joseph", dt.date(2025, 9, 9))
    assert between.party is None and "no party term covers 2025-09-09" in between.reason


def test_a_double_married_name_is_found_by_either_part(people) -> None:
    """Motions of 2024-2025 are signed "Postma" and "Van Vroonhoven" by the members the
    Tweede Kamer records as Wytske de Pater-Postma and Nicolien van Vroonhoven-Kok (NSC)."""
    for written, who in (("Postma", "wytske-de-pater-postma"), ("Van Vroonhoven", "nicolien-van-vroonhoven-kok")):
        match = people.member(written, dt.date(2025, 3, 6))
        assert (slug(match.person), slug(match.party)) == (who, "nsc"), match.reason


def test_members_named_in_later_letters_keep_their_only_party(people) -> None:
    match = people.member_before("Voordewind", dt.date(2020, 10, 1))
    assert (slug(match.person), slug(match.party)) == ("joel-voordewind", "christenunie")
    kuzu = people.member_before("Kuzu", dt.date(2021, 11, 30))
    assert slug(kuzu.person) == "tunahan-kuzu" and kuzu.party is None  # several parties over time


def test_signatories_match_van_and_voor_in_office_titles(people) -> None:
    person, _ = people.signatory("Minister van Buitenlandse Handel en Ontwikkelingssamenwerking", "Schreinemacher",
                                 dt.date(2022, 11, 8))
    assert slug(person) == "liesje-schreinemacher"


def test_parties_as_written(people) -> None:
    assert slug(people.party("GroenLinks")) == "groenlinks"
    assert slug(people.party("Partij voor de Vrijheid")) == "pvv"
    assert people.party("Partij van de Toekomst") is None


def test_an_earlier_closed_seat_does_not_unseat_a_later_open_one(people) -> None:
    """Kuzu sat for the PvdA (2012-2014), then his own group, then DENK from 2015; the sources
    end in 2019 and 2022, and the roll calls saw him in October 2019: in March 2020 he sat for DENK."""
    match = people.member("Kuzu", dt.date(2020, 3, 11))
    assert (slug(match.person), slug(match.party), match.reason) == ("tunahan-kuzu", "denk", "")


def test_the_stated_party_tells_two_members_of_one_name_apart(people) -> None:
    day = dt.date(2020, 10, 5)
    assert slug(people.member("Koopmans", day, people.party("VVD")).person) == "sven-koopmans"


def test_an_undated_motion_gets_the_party_its_dossier_allows_or_none(people) -> None:
    # dossier 35 207 was opened in 2019: Kuzu was DENK over the whole interval to the letter's date
    assert slug(people.member_before("Kuzu", dt.date(2020, 9, 1), dt.date(2018, 7, 1)).party) == "denk"
    # dossier 32 735 dates from 2011: he was PvdA, then in two groups, then DENK
    undated = people.member_before("Kuzu", dt.date(2020, 9, 1), dt.date(2010, 7, 1))
    assert undated.party is None and "4 parties" in undated.reason
