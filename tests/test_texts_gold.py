"""The text readers scored against facts read by hand from ../shared/corpus/texts/
(tests/gold/texts.json): per fact type, how many gold facts were read right, wrong, missed,
and how many facts were read that are not there (invented).

Run as a script for the table: `python tests/test_texts_gold.py`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from chinakg.loaders.registry import parse

from chinakg.extractors import extract
from chinakg.extractors.base import DocumentFacts
from chinakg.names import norm, party_key

GOLD = json.loads((Path(__file__).parent / "gold" / "texts.json").read_text(encoding="utf-8"))
GOLD.pop("_about")
FIELDS = ("gold", "right", "wrong", "missed", "invented")


def _read(folder: Path, name: str) -> DocumentFacts:
    path = folder / f"{name}.txt"
    facts = extract(parse(path, path.read_bytes()))
    assert isinstance(facts, DocumentFacts)
    return facts


def _value(found: object) -> object:
    return None if found is None else getattr(found, "value", found)


def _single(score: Counter, gold: object, got: object) -> None:
    """One fact that the text states (gold not None) or does not (gold None)."""
    if gold is None:
        score["invented"] += got is not None
        return
    score["gold"] += 1
    score["right" if got == gold else "missed" if got is None else "wrong"] += 1


def _sets(score: Counter, gold: set, got: set) -> None:
    score["gold"] += len(gold)
    score["right"] += len(gold & got)
    score["missed"] += len(gold - got)
    score["invented"] += len(got - gold)


def _names(names: list[str]) -> list[str]:
    return [norm(n) for n in names]


def score_document(gold: dict, facts: DocumentFacts, scores: dict[str, Counter]) -> None:
    text = facts.text
    assert text is not None
    _single(scores["kind"], gold["kind"], _value(facts.kind))
    _single(scores["official id"], gold["id"], _value(facts.official_id))
    date = _value(facts.date)
    _single(scores["date"], gold["date"], date.isoformat() if date else None)
    mentions = {m.value.motion_id: m.value for m in text.motions if m.value.motion_id}
    expected = gold.get("motions", {})
    _sets(scores["motion mentions"], set(expected), set(mentions))
    for motion_id, (submitters, responds) in expected.items():
        if motion_id in mentions:
            _single(scores["mention submitters"], _names(submitters), _names(mentions[motion_id].submitters))
            _single(scores["respondsTo"], responds, mentions[motion_id].responds)
    if "submitters" in gold:
        _single(scores["motion signatories"], _names(gold["submitters"]), _names([s.value for s in facts.submitters]))
        _single(scores["motion requests"], gold["requests"], len(facts.requests))
        _single(scores["replaces"], gold.get("replaces"), _value(facts.replaces))
    askers = [(norm(n), norm(party_key(p)) if p else None) for n, p in (a.value for a in text.asked_by)]
    expected_askers = [(norm(n), norm(party_key(p))) for n, p in gold.get("askers", [])]
    _sets(scores["askers with party"], set(expected_askers), set(askers))
    cited = {c.value.target for c in text.citations if c.value.target}
    _sets(scores["citations"], set(gold.get("citations", [])), cited)
    concepts = {(s.value.scheme, s.value.concept.rsplit("/", 1)[-1]) for s in text.subjects}
    themes = {c for s, c in concepts if s == "theme"}
    score = scores["themes (recall)"]
    score["gold"] += len(gold.get("themes", []))
    score["right"] += len(set(gold.get("themes", [])) & themes)
    score["missed"] += len(set(gold.get("themes", [])) - themes)
    _sets(scores["instruments"], set(gold.get("instruments", [])), {c for s, c in concepts if s == "instrument"})
    signatories = [list(s) for s in gold.get("signatories", [])]
    _single(scores["signatories"], signatories or None,
            [[s.value.office, s.value.name] for s in facts.signatories] or None)


def score_all(folder: Path) -> dict[str, Counter]:
    scores: dict[str, Counter] = defaultdict(Counter)
    for name, gold in GOLD.items():
        score_document(gold, _read(folder, name), scores)
    return scores


def rate(c: Counter) -> tuple[float, float]:
    """(recall, precision) of one fact type."""
    recall = c["right"] / c["gold"] if c["gold"] else 1.0
    said = c["right"] + c["wrong"] + c["invented"]
    return recall, (c["right"] / said if said else 1.0)


#: fact type -> (least recall, least precision), from issue 15's targets
TARGETS = {
    "kind": (0.98, 0.98), "official id": (0.98, 0.98), "date": (0.98, 0.98),
    "motion mentions": (0.95, 0.99), "mention submitters": (0.95, 0.95), "respondsTo": (0.95, 0.95),
    "motion signatories": (0.95, 0.95), "motion requests": (0.95, 0.95), "askers with party": (0.95, 0.95),
    "citations": (0.0, 0.99), "themes (recall)": (0.95, 0.0), "instruments": (0.0, 1.0),
}


@pytest.fixture(scope="module")
def scores(shared: Path) -> dict[str, Counter]:
    return score_all(shared / "corpus" / "texts")


@pytest.mark.parametrize("fact", sorted(TARGETS))
def test_reading_the_real_texts_meets_the_target(scores: dict[str, Counter], fact: str) -> None:
    c = scores[fact]
    assert c["gold"] > 0 or fact == "instruments"
    recall, precision = rate(c)
    least_recall, least_precision = TARGETS[fact]
    assert recall >= least_recall and precision >= least_precision, (fact, dict(c))


def test_every_text_has_gold(shared: Path) -> None:
    assert {p.stem for p in (shared / "corpus" / "texts").glob("*.txt")} == set(GOLD)


if __name__ == "__main__":
    table = score_all(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared"
                      / "corpus" / "texts")
    print(f"{'fact':22}" + "".join(f"{f:>9}" for f in FIELDS) + f"{'recall':>9}{'precision':>10}")
    for fact, c in table.items():
        recall, precision = rate(c)
        print(f"{fact:22}" + "".join(f"{c[f]:>9}" for f in FIELDS) + f"{recall:>9.1%}{precision:>10.1%}")
