"""Guests and shows from a post's title, by documented patterns only.

Front matter comes first (see :mod:`.mapping`); a title is read only when it has
one of these forms, and gives nothing otherwise — never a guess:

================================================  ==================================
Title                                             Gives
================================================  ==================================
``Ada Lovelace (Mathematician) – Notes on …``     guest ``Ada Lovelace``
``Ben Edmunds (Wayfair)``                         guest ``Ben Edmunds``
``Jane Doe: Building Acme | The Founder Show E42``  guest ``Jane Doe``, show ``The Founder Show``
``Pavex with Luca Palmieri``                      guest ``Luca Palmieri``
``Episódio 150: Otavio Salvador - Linguagem Rust``  guest ``Otavio Salvador``
``#123 – Grace Hopper: Compilers``                guest ``Grace Hopper``
================================================  ==================================

A name is two to five words, each capitalized (particles such as *de*, *van*,
*da* excepted), without digits; several guests are joined by ``&``, ``,``,
``and``, ``e``, ``et`` or ``und``.
"""

# ruff: noqa: RUF002  (non-ASCII dashes, quotes and letters are data)

from __future__ import annotations

import re

__all__ = ["guess_people"]

_DASH = r"[-\u2013\u2014:|]"
_ROLE_TITLE = re.compile(rf"^(?P<guest>[^()|:]+?)\s*\((?P<role>[^()]+)\)\s*(?:{_DASH}\s*\S.*)?$")
_SHOW_TITLE = re.compile(
    r"^(?P<guest>[^:|()]+?)\s*:\s*(?P<topic>[^|]+?)\s*\|\s*(?P<show>[^|]*?)\s*"
    r"\b(?:E|Ep\.?\s*|Episode\s+)#?(?P<number>\d+)\s*$",
    re.I,
)
_NUMBERED_TITLE = re.compile(
    r"^(?:(?:episode|episódio|episodio|épisode|folge|выпуск|ep\.?)\s*#?\s*\d+|#\s*\d+)"
    rf"\s*{_DASH}?\s*(?P<guest>[^:\u2013\u2014|]+?)\s*(?:\s-\s|[:\u2013\u2014|])\s*\S.*$",
    re.I,
)
_WITH_TITLE = re.compile(r"^(?P<topic>.+?)\s+(?:with|com|avec|mit|con)\s+(?P<guest>[^,:|()]+?)\s*$")
_GUESTS_SPLIT = re.compile(r"\s*(?:&|,|\band\b|\be\b|\bet\b|\bund\b|\by\b)\s*")
_PARTICLES = frozenset(
    {"de", "da", "das", "do", "dos", "di", "van", "von", "der", "den", "del", "du", "la", "le",
     "bin", "al", "el", "y", "e"}
)  # fmt: skip


def guess_people(title: str) -> dict[str, str]:
    """``guest`` (and ``show``) from a title of one of the documented forms; else ``{}``."""
    show_match = _SHOW_TITLE.match(title)
    if show_match:
        guests = _names(show_match["guest"])
        if not guests:
            return {}
        found = {"guest": guests}
        show = show_match["show"].strip(" -\u2013\u2014,:")
        if show:
            found["show"] = show
        return found
    for pattern in (_ROLE_TITLE, _NUMBERED_TITLE, _WITH_TITLE):
        match = pattern.match(title.strip())
        if match:
            guests = _names(match["guest"])
            return {"guest": guests} if guests else {}
    return {}


def _names(text: str) -> str:
    """Comma-separated guest names, or ``""`` if *text* does not look like names."""
    names = [name.strip() for name in _GUESTS_SPLIT.split(text.strip())]
    if not names or not all(_is_name(name) for name in names):
        return ""
    return ", ".join(names)


def _is_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 60 or any(c.isdigit() for c in text):
        return False
    if len(words) < 2:
        return False  # one word could be a topic ("with Python") as well as a name
    return all(word[0].isupper() or word.lower() in _PARTICLES for word in words)
