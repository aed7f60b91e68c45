"""Reading the dates legacy archives write.

Read as they are (no note): ISO dates, ISO datetimes with or without an offset
(``2024-05-15T09:30:00+02:00``, ``…Z``), Jekyll's ``2024-05-15 09:30:00 +0200``,
and the date and datetime values YAML and TOML produce. The day is the one the
author wrote: a datetime keeps its own offset's date.

Read with a note that shows the reading:

* epoch seconds and milliseconds (``1715166000``, ``1715166000000``), in UTC;
* month-name dates in English, Portuguese, Spanish, French, German and Russian
  (``May 15, 2024``, ``15 de maio de 2024``, ``15 mai 2024``, ``15. Mai 2024``,
  ``15 мая 2024 г.``), with or without a weekday, and ``2024年5月15日`` /
  ``2024년 5월 15일``;
* ``2024/05/15`` and ``2024.05.15`` (year first);
* numeric day/month dates with only one possible reading (``25/12/2024``).

Refused: numeric dates that read two ways (``03/04/2024`` is 3 April or March
4): the message names both readings.
"""

# ruff: noqa: RUF001, RUF002  (non-ASCII dashes, quotes and letters are data)

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = ["date_from_file_name", "normalize_date"]

_MONTH_NAMES = [
    # English, Portuguese, Spanish, French, German, Russian (nominative and genitive)
    "january jan janeiro enero janvier januar jänner январь января янв",
    "february feb fevereiro fev febrero février fevrier februar февраль февраля фев",
    "march mar março marco marzo mars märz marz март марта",
    "april apr abril avril апрель апреля апр",
    "may maio mayo mai май мая",
    "june jun junho junio juin juni июнь июня",
    "july jul julho julio juillet juli июль июля",
    "august aug agosto ago août aout авг август августа",
    "september sep sept setembro set septiembre septembre сентябрь сентября сен",
    "october oct outubro out octubre octobre oktober okt октябрь октября окт",
    "november nov novembro noviembre novembre ноябрь ноября ноя",
    "december dec dezembro dez diciembre dic décembre decembre dezember декабрь декабря дек",
]
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_WEEKDAY = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+|"
    r"^(?:segunda|terça|terca|quarta|quinta|sexta)(?:-feira)?,?\s+|^(?:sábado|sabado|domingo),?\s+|"
    r"^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+|^le\s+"
)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er|º|ª)\b")
_FILLER = re.compile(r"\b(?:de|del|of|the)\b|\bг\.?$|\bгода$")
_MONTH_FIRST = re.compile(r"^(?P<month>[^\W\d_]+)\.? (?P<day>\d{1,2}) (?P<year>\d{4})$")
_DAY_FIRST = re.compile(r"^(?P<day>\d{1,2})\.? (?P<month>[^\W\d_]+)\.? (?P<year>\d{4})$")
_YEAR_FIRST = re.compile(r"^(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})$")
_CJK = re.compile(
    r"^(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]?$"
)
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<year>\d{4})$")
_ISO_DATETIME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?$",
    re.I,
)
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_FILE_NAME_DATE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[-_ ]|$)")
#: Epoch values above this are milliseconds (it is in 2286 as seconds).
_MILLISECONDS_FROM = 10**10


def normalize_date(value: Any) -> tuple[dt.date, str]:
    """Return ``(date, how)``: *how* is ``""`` for an ISO form, else what to tell the author.

    Raises ``ValueError`` with a readable message for anything else.
    """
    if isinstance(value, bool) or value is None or value == "":
        raise ValueError("the date is empty; write it as YYYY-MM-DD")
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    if isinstance(value, int | float):
        return _epoch(float(value), str(value))
    text = " ".join(str(value).split())
    iso = _iso(text)
    if iso is not None:
        return iso, ""
    if _EPOCH.match(text):
        return _epoch(float(text), text)
    human = _human(text)
    if human is not None:
        return human, f"read date {text!r} as {human.isoformat()}"
    raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD")


def date_from_file_name(stem: str) -> dt.date | None:
    """The date a Jekyll-style file name starts with (``2024-12-21-slug``), if any."""
    match = _FILE_NAME_DATE.match(stem)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match["date"])
    except ValueError:
        return None


def _iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    match = _ISO_DATETIME.match(text)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match["date"])
    except ValueError:
        return None


def _epoch(number: float, shown: str) -> tuple[dt.date, str]:
    unit = "milliseconds" if number >= _MILLISECONDS_FROM else "seconds"
    seconds = number / 1000 if unit == "milliseconds" else number
    try:
        moment = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"{shown!r} is not a date; write it as YYYY-MM-DD") from None
    if not 1990 <= moment.year <= 2100:
        raise ValueError(f"{shown!r} is not a plausible date; write it as YYYY-MM-DD")
    day = moment.date()
    return day, f"read {shown} (epoch {unit}, UTC) as {day.isoformat()}"


def _human(text: str) -> dt.date | None:
    cleaned = _WEEKDAY.sub("", text.lower().replace(",", " "))
    cleaned = _ORDINAL.sub(r"\1", cleaned)
    cleaned = " ".join(_FILLER.sub(" ", cleaned).split())
    for pattern in (_MONTH_FIRST, _DAY_FIRST, _YEAR_FIRST, _CJK):
        match = pattern.match(cleaned)
        if match is not None:
            month_text = match["month"]
            month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text)
            return _make(int(match["year"]), month, int(match["day"]))
    numeric = _NUMERIC.match(cleaned)
    return _numeric(numeric, text) if numeric is not None else None


def _numeric(match: re.Match[str], text: str) -> dt.date | None:
    year, first, second = int(match["year"]), int(match["a"]), int(match["b"])
    day_first = _make(year, second, first)
    month_first = _make(year, first, second)
    if day_first and month_first and day_first != month_first:
        raise ValueError(
            f"{text!r} is ambiguous: {day_first:%d %B %Y} (day first) or "
            f"{month_first:%B %d, %Y} (month first); write it as YYYY-MM-DD"
        )
    return day_first or month_first


def _make(year: int, month: int | None, day: int) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
