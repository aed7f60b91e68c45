"""Time codes in show notes (``12:34``, ``[@11:24]``, ``(1:02:03)``, ``*00:37:02*``) as
``{timestamp}`` roles, which link into the page's episode at that time.

Only pages with an episode get them (the role needs the episode's URL). Times of
day (``9:30 am``, ``20:00 UTC``, ``14:00h``), code, links, URLs, HTML tags and
directive options are left alone, and so is anything :func:`parse_timestamp`
refuses (``1:75``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..media import InvalidTimestamp, parse_timestamp

__all__ = ["link_timecodes"]

_TIMECODE = re.compile(
    r"(?:(?P<handle>\[@)|(?<![\w:.,/@#]))(?P<time>\d{1,2}(?::\d{2}){1,2})(?![\w:]|\.\d)(?(handle)\])"
)
_TIME_OF_DAY = re.compile(
    r"^\s*(?:[ap]\.?m\b|h\b|hs\b|uhr\b|utc\b|gmt\b|cet\b|[ecmp][sd]t\b|мск\b|時|o'clock|"
    r"in the (?:morning|afternoon|evening|night)\b|da (?:manhã|tarde|noite)\b|du (?:matin|soir)\b)",
    re.I,
)
_PROTECTED = re.compile(
    r"`+[^`]*`+"  # code spans
    r"|\]\([^)]*\)"  # link destinations
    r"|<[^>]*>"  # HTML tags and autolinks
    r"|https?://\S+"  # bare URLs
    r"|\{[\w:-]+\}`[^`]*`"  # roles already written
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})")
_OPTION = re.compile(r"^:[\w-]+:")


def link_timecodes(lines: Sequence[str]) -> tuple[list[str], int]:
    """Turn time codes into ``{timestamp}`` roles; return the lines and how many were made."""
    out: list[str] = []
    count = 0
    open_fences: list[tuple[str, bool]] = []  # (marker, is a directive)
    for line in lines:
        fence = _FENCE.match(line)
        if fence:
            marker = fence[1]
            top = open_fences[-1] if open_fences else None
            closes = (
                top is not None
                and marker[0] == top[0][0]
                and len(marker) >= len(top[0])
                and not line[fence.end() :].strip()
            )
            if closes:
                open_fences.pop()
            elif top is None or top[1]:
                open_fences.append((marker, "{" in line[fence.end() :][:1] or marker[0] == ":"))
            out.append(line)
            continue
        in_code = bool(open_fences) and not open_fences[-1][1]
        if in_code or _OPTION.match(line) or line.startswith("%"):
            out.append(line)
            continue
        converted, made = _line(line)
        out.append(converted)
        count += made
    return out, count


def _line(line: str) -> tuple[str, int]:
    pieces: list[str] = []
    made = 0
    position = 0
    for protected in [*_PROTECTED.finditer(line), None]:
        end = protected.start() if protected is not None else len(line)
        text, count = _convert(line[position:end], line[end:])
        pieces.append(text)
        made += count
        if protected is not None:
            pieces.append(protected[0])
            position = protected.end()
    return "".join(pieces), made


def _convert(text: str, after: str) -> tuple[str, int]:
    made = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal made
        following = text[match.end() :] + after
        if _TIME_OF_DAY.match(following) or following.startswith("]("):
            return match[0]
        try:
            parse_timestamp(match["time"])
        except InvalidTimestamp:
            return match[0]
        made += 1
        return f"{{timestamp}}`{match['time']}`"

    return _TIMECODE.sub(replace, text), made
