"""Lenient date parsing for legacy front matter.

ISO dates (and datetimes) are read as they are. A few unambiguous human forms
(``May 15, 2024``, ``15 May 2024``, ``Wed, May 15th 2024``, ``2024/05/15``)
are accepted too and reported with a note, so the author can see the reading.
Numeric day/month forms such as ``05/06/2024`` are ambiguous and refused.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..metadata import parse_date

__all__ = ["normalize_date"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+")
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b")
_MONTH_FIRST = re.compile(r"^(?P<month>[a-z]+)\.? (?P<day>\d{1,2}) (?P<year>\d{4})$")
_DAY_FIRST = re.compile(r"^(?P<day>\d{1,2}) (?P<month>[a-z]+)\.? (?P<year>\d{4})$")
_YEAR_FIRST = re.compile(r"^(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})$")


def normalize_date(value: Any) -> tuple[dt.date, bool]:
    """Return ``(date, was_human_form)``; raise ``ValueError`` with a readable message.

    ``was_human_form`` is true when the value was not ISO and deserves a note.
    """
    if value is None or value == "":
        raise ValueError("the date is empty; write it as YYYY-MM-DD")
    try:
        return parse_date(value), False
    except ValueError:
        pass
    text = str(value).strip()
    human = _parse_human(text)
    if human is None:
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD")
    return human, True


def _parse_human(text: str) -> dt.date | None:
    cleaned = _WEEKDAY.sub("", text.lower().replace(",", " "))
    cleaned = " ".join(_ORDINAL.sub(r"\1", cleaned).split())
    for pattern in (_MONTH_FIRST, _DAY_FIRST, _YEAR_FIRST):
        match = pattern.match(cleaned)
        if match is None:
            continue
        month_text = match["month"]
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text)
        if month is None:
            return None
        try:
            return dt.date(int(match["year"]), month, int(match["day"]))
        except ValueError:
            return None
    return None
