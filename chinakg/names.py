"""Names as documents and sources write them, in the one normal form used to compare them.

Shared by the reference builder (merging people and parties from several sources), the
name resolver (a signature in a document -> a person of the reference graph) and the XML
loader (telling a signature line from a paragraph).
"""

from __future__ import annotations

import re
import unicodedata

#: words that begin a Dutch family name ("van Dijk", "in 't Veld")
NAME_PREFIXES = {"van", "de", "der", "den", "ter", "te", "het", "in", "'t", "op", "la", "le", "du", "von"}

#: party names as the sources write them -> the Tweede Kamer's own short name
PARTY_ALIASES = {
    "gl": "GroenLinks", "groenlinks": "GroenLinks", "cu": "ChristenUnie", "christenunie": "ChristenUnie",
    "fvd": "FVD", "forum voor democratie": "FVD", "nieuw sociaal contract": "NSC", "nsc": "NSC",
    "volt": "Volt", "boerburgerbeweging": "BBB", "bbb": "BBB", "partij voor de vrijheid": "PVV",
    "partij van de arbeid": "PvdA", "volkspartij voor vrijheid en democratie": "VVD",
    "democraten 66": "D66", "socialistische partij": "SP", "partij voor de dieren": "PvdD",
    "christen-democratisch appel": "CDA", "staatkundig gereformeerde partij": "SGP",
    "groenlinks-pvda": "GroenLinks-PvdA", "ja21": "JA21", "denk": "DENK", "50plus": "50PLUS",
}


def norm(text: str) -> str:
    """Case-, accent- and space-insensitive form of a name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in ascii_text if ch.isalnum())


def party_key(name: str) -> str:
    """A party as written -> the Tweede Kamer's short name where it is a known alias."""
    name = name.strip()
    return PARTY_ALIASES.get(name.lower(), PARTY_ALIASES.get(norm(name), name))


def office_key(title: str) -> str:
    """Office titles compared without "van"/"voor" and case: "Minister van Buitenlandse Handel
    en Ontwikkelingssamenwerking" is the "Minister voor …" of the reference graph."""
    return norm(re.sub(r"\b(?:van|voor)\b", " ", title, flags=re.IGNORECASE))


def family_name(written: str) -> str:
    """'Th.J.A.M. de Bruijn' -> 'de Bruijn'; 'S.A.M. Kaag' -> 'Kaag'."""
    return re.sub(r"^(?:[A-Z][a-z]?\.)+\s*", "", written.strip())


def looks_like_name(text: str) -> bool:
    """A signature line: a few capitalised words ("Koekkoek", "Diederik van Dijk", "Postma.",
    "van Nispen")."""
    words = text.rstrip(",.").split()
    capitalised = text[:1].isupper() or (len(words) > 1 and words[0] in NAME_PREFIXES and words[-1][:1].isupper())
    return 0 < len(words) <= 5 and capitalised and not any(ch.isdigit() for ch in text) \
        and not text.endswith((";", ":")) and not (text.endswith(".") and len(words) > 3)


def title_case(ministry: str) -> str:
    """'buitenlandse zaken' -> 'Buitenlandse Zaken' ("en", "van", "voor" stay small)."""
    small = {"en", "van", "voor"}
    return " ".join(w if w in small else w[:1].upper() + w[1:] for w in ministry.split(" "))


def family_keys(family: str) -> list[str]:
    """The name keys a family name is found by: itself, and each part of a double name."""
    parts = [p for p in family.split("-") if p.strip()] if "-" in family else []
    return list(dict.fromkeys([norm(family)] + [norm(p) for p in parts]))
