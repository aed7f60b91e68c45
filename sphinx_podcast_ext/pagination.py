"""Splitting long listings into pages: stable first pages, ``…/page/2`` after them, prev/next links.

Every page that lists the archive (ablog's archives, the quote index, the
guest and show indexes) grows with it; past one page size it is split. Page 1
keeps the listing's own name (so its URL never changes); page *n* is
``<name>/page/<n>``. Each page knows its neighbours, for the links at the
bottom and the ``<link rel="prev/next">`` in its head.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["PageSlice", "page_slices", "pagename_of"]

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
