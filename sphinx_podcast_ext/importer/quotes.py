"""Recognizing attributed key quotes: ``> "text" - **Speaker**, Role``.

A quote is text in straight or curly quotation marks followed by a dash
(hyphen, double hyphen, en or em dash) and a speaker, bold or plain, optionally followed
by a role (``, Role`` or ``(Role)``) and a timestamp (``[12:34]``). Anything
that does not fit — a blockquote without attribution, a speaker with links or
markup — is left alone by the converter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..media import InvalidTimestamp, format_timestamp, parse_timestamp

__all__ = [
    "Quote",
    "blockquote_lines",
    "is_lead_line",
    "parse_attributed",
    "parse_blockquote",
    "strip_lead",
]

_OPEN = "\"\u201c\u2018'\u00ab\u201e"
_CLOSE = "\"\u201d\u2019'\u00bb\u201c"
_DASH = "(?:--?|\u2013|\u2014|\u2015)"
_ATTRIBUTED = re.compile(
    rf"^\s*[{_OPEN}](?P<text>.*\S)\s*[{_CLOSE}]\s*{_DASH}\s*(?P<who>\S.*?)\s*$",
    re.S,
)
#: An attribution inside a quote's text means it is really two quotes.
_INNER_ATTRIBUTION = re.compile(rf"[{_CLOSE}]\s*{_DASH}\s*(\*\*|__)")
_LEAD = re.compile(
    r"^\s*(?:\*\*|__|\*|_)?\s*key\s+quotes?\s*(?::\s*(?:\*\*|__|\*|_)?|(?:\*\*|__|\*|_)\s*:?)\s*",
    re.I,
)
_LEAD_ONLY = re.compile(
    r"^\s*(?:\*\*|__|\*|_)?\s*key\s+quotes?\s*:?\s*(?:\*\*|__|\*|_)?\s*:?\s*$", re.I
)
_EMPHASIZED = re.compile(r"^(?P<mark>\*{1,3}|_{1,3})(?P<inner>[^*_]+?)(?P=mark)(?P<rest>.*)$")
_TIMESTAMP = re.compile(r"\s*[\[(](?P<time>\d{1,2}(?::\d{2}){1,2})[\])]$")
_PAREN_ROLE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<role>[^()]+)\)$")
_FORBIDDEN = re.compile(r"[\[\]<>`|\\\n{}]")
_QUOTE_PREFIX = re.compile(r"^ {0,3}> ?")
MAX_NAME = 80
MAX_ROLE = 200


@dataclass(frozen=True, slots=True)
class Quote:
    """An attributed quote: its Markdown text lines, speaker, role and timestamp."""

    lines: tuple[str, ...]
    speaker: str
    role: str = ""
    timestamp: str = ""


def is_lead_line(line: str) -> bool:
    """Whether *line* is only a ``**Key Quote:**`` lead-in."""
    return bool(_LEAD_ONLY.match(line))


def strip_lead(text: str) -> str | None:
    """The text after a leading ``**Key Quote:**`` marker, or ``None`` if there is none."""
    match = _LEAD.match(text)
    return text[match.end() :] if match else None


def blockquote_lines(lines: Sequence[str]) -> list[str]:
    """A block quote's content lines: one ``>`` (and one space) removed from each."""
    return [_QUOTE_PREFIX.sub("", line, count=1) for line in lines]


def parse_blockquote(lines: Sequence[str]) -> list[Quote] | None:
    """The attributed quotes a block quote consists of, or ``None`` if it is anything else."""
    inner = blockquote_lines(lines)
    while inner and not inner[0].strip():
        inner.pop(0)
    if inner and is_lead_line(inner[0]):
        inner.pop(0)
    elif inner:
        rest = strip_lead(inner[0])
        if rest is not None:
            inner[0] = rest
    paragraphs = _paragraphs(inner)
    if len(paragraphs) > 1:
        quotes = [parse_attributed(p) for p in paragraphs]
        if all(q is not None for q in quotes):
            return [q for q in quotes if q is not None]
    quote = parse_attributed("\n".join(inner))
    return [quote] if quote is not None else None


def _paragraphs(lines: Sequence[str]) -> list[str]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return ["\n".join(p) for p in paragraphs if p]


def parse_attributed(text: str) -> Quote | None:
    """Parse ``"text" - Speaker`` (any quote marks, dashes and speaker forms); else ``None``."""
    match = _ATTRIBUTED.match(text)
    if match is None or _INNER_ATTRIBUTION.search(match["text"]):
        return None
    speaker = _parse_speaker(match["who"])
    if speaker is None:
        return None
    name, role, timestamp = speaker
    lines = match["text"].split("\n")
    lines[0] = lines[0].lstrip()
    return Quote(tuple(line.rstrip() for line in lines), name, role, timestamp)


def _parse_speaker(who: str) -> tuple[str, str, str] | None:
    """Split ``**Name**, Role [1:02:33]`` into name, role and timestamp."""
    timestamp = ""
    stamp = _TIMESTAMP.search(who)
    if stamp:
        try:
            timestamp = format_timestamp(parse_timestamp(stamp["time"]))
        except InvalidTimestamp:
            return None
        who = who[: stamp.start()].rstrip()
    bold = _EMPHASIZED.match(who)
    if bold:
        name, role = _split_role(bold["inner"].strip())
        rest = bold["rest"].strip()
        if rest:
            if role:
                return None
            parsed = _parse_rest(rest)
            if parsed is None:
                return None
            role = parsed
    else:
        name, role = _split_role(who)
        if not name[:1].isupper():
            return None
    role = _unemphasize(role)
    if not _valid_name(name) or len(role) > MAX_ROLE or _FORBIDDEN.search(role):
        return None
    return name, role, timestamp


def _split_role(text: str) -> tuple[str, str]:
    paren = _PAREN_ROLE.match(text)
    if paren:
        return paren["name"].strip(), paren["role"].strip()
    name, _comma, role = text.partition(",")
    return name.strip(), role.strip()


def _parse_rest(rest: str) -> str | None:
    """The role after a bold name: ``, Role`` or ``(Role)``; ``None`` if it is something else."""
    if rest.startswith(","):
        return rest[1:].strip() or None
    if rest.startswith("(") and rest.endswith(")") and "(" not in rest[1:-1]:
        return rest[1:-1].strip() or None
    return None


def _unemphasize(text: str) -> str:
    match = _EMPHASIZED.match(text)
    return match["inner"].strip() if match and not match["rest"] else text


def _valid_name(name: str) -> bool:
    words = name.split()
    return (
        0 < len(name) <= MAX_NAME
        and 0 < len(words) <= 8
        and any(c.isalpha() for c in name)
        and not _FORBIDDEN.search(name)
        and "*" not in name
        and not (name.endswith(".") and len(words[-1]) > 4)
        and not name.endswith(("!", "?", ":", ";"))
    )
