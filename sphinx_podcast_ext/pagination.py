"""Splitting long listings into pages: stable first pages, ``…/page/2`` after them, prev/next links.

Every page that lists the archive (ablog's archives, the quote index, the
guest and show indexes) grows with it; past one page size it is split. Page 1
keeps the listing's own name (so its URL never changes); page *n* is
``<name>/page/<n>``. Each page knows its neighbours, for the links at the
bottom and the ``<link rel="prev/next">`` in its head.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .slugs import slugify

__all__ = [
    "PageLetters",
    "PageSlice",
    "by_initial",
    "initial",
    "letter_anchor",
    "page_slices",
    "pagename_of",
    "place_of",
]

T = TypeVar("T")


def pagename_of(base: str, number: int) -> str:
    """The page name of page *number* of the listing at *base*."""
    return base if number == 1 else f"{base}/page/{number}"


@dataclass(frozen=True, slots=True)
class PageSlice:
    """One page of a listing: its number, how many there are, and its items' range."""

    base: str
    number: int
    count: int
    start: int
    stop: int

    @property
    def pagename(self) -> str:
        """This page's name."""
        return pagename_of(self.base, self.number)

    @property
    def previous(self) -> str:
        """The previous page's name, ``""`` on the first."""
        return pagename_of(self.base, self.number - 1) if self.number > 1 else ""

    @property
    def next(self) -> str:
        """The next page's name, ``""`` on the last."""
        return pagename_of(self.base, self.number + 1) if self.number < self.count else ""

    def items(self, sequence: Sequence[T]) -> tuple[T, ...]:
        """This page's items of *sequence*."""
        return tuple(sequence[self.start : self.stop])


def page_slices(base: str, total: int, size: int) -> list[PageSlice]:
    """The pages of a listing of *total* items, *size* per page (at least one page)."""
    count = max(1, math.ceil(total / size)) if size > 0 else 1
    step = size if size > 0 else max(total, 1)
    return [
        PageSlice(base, number, count, (number - 1) * step, min(number * step, total))
        for number in range(1, count + 1)
    ]


def place_of(
    page: PageSlice, key_of: Callable[[int], str], names: Mapping[str, str]
) -> dict[str, Any]:
    """Where *page* stands in its listing: its number, how many, its neighbours' names."""
    return {
        "number": page.number,
        "count": page.count,
        "previous": names.get(key_of(page.number - 1), ""),
        "next": names.get(key_of(page.number + 1), ""),
    }


#: Letters that NFKD leaves whole, as indexes alphabetize them (Łukasz among the L).
_UNDECOMPOSED = str.maketrans(
    {"Ø": "O", "Ł": "L", "Đ": "D", "Ħ": "H", "Æ": "A", "Œ": "O", "Þ": "T", "\u0131": "I"}
    | {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "æ": "a", "œ": "o", "þ": "t"}
)


def initial(name: str) -> str:
    """The letter a name is listed under: ``A`` to ``Z``, else ``#``."""
    # The first character one sees: not a space, nor a format character a paste leaves
    # (a zero-width space, a BOM, a soft hyphen). casefold() spells "ß" as "ss"; NFKD
    # of one character can be several (the ligature "ﬁ", the digraph "ǅ"): the first.
    shown = next((c for c in name if not c.isspace() and unicodedata.category(c) != "Cf"), "")
    first = shown.translate(_UNDECOMPOSED).casefold()
    decomposed = unicodedata.normalize("NFKD", first)
    letter = decomposed.encode("ascii", "ignore").decode()[:1]
    return letter.upper() if letter.isalpha() else "#"


def by_initial(name: str) -> tuple[str, str, str]:
    """The order of a listing of names: by :func:`initial` (``#`` first), then by name.

    So that each letter's names are together, whatever their accents: ``Ålbert``
    is listed among the A, not after ``Zoë``.
    """
    return (initial(name), name.casefold(), name)


def letter_anchor(name: str) -> str:
    """The id of the place where the names of *name*'s initial start on a page."""
    return "letter-" + (slugify(initial(name)) or "other")


class PageLetters:
    """``(letter, page name, anchor)`` of the first label of each initial, in order.

    Every page of a listing shows them all; they are found once per listing (not
    once per page, which is quadratic in the archive's size).
    """

    def __init__(
        self,
        labels: Sequence[str],
        slices: Sequence[PageSlice],
        key_of: Callable[[int], str],
    ) -> None:
        self._labels, self._slices, self._key_of = labels, slices, key_of
        self._names: Mapping[str, str] | None = None
        self._letters: tuple[tuple[str, str, str], ...] = ()

    def __call__(self, names: Mapping[str, str]) -> tuple[tuple[str, str, str], ...]:
        """The letters, with the page names of *names* (the assigned claims)."""
        if self._names is not names:
            self._names, self._letters = names, self._find(names)
        return self._letters

    def _find(self, names: Mapping[str, str]) -> tuple[tuple[str, str, str], ...]:
        letters: dict[str, tuple[str, str, str]] = {}
        for page in self._slices:
            pagename = names.get(self._key_of(page.number))
            if not pagename:
                continue
            for label in page.items(self._labels):
                letter = initial(label)
                if letter not in letters:
                    letters[letter] = (letter, pagename, letter_anchor(label))
        return tuple(letters.values())
