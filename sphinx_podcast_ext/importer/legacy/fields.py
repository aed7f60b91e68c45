"""The post's own fields from its front matter: title (else the first heading), date
(else a Jekyll file name), tags, description and Markdown content, slug, old
address, and quotes. Each reader takes the keys it uses from a :class:`.Reading`
and adds its problems and notes there. The episode is :mod:`.legacy.episode`.
"""

# ruff: noqa: RUF001  (non-ASCII dashes, quotes and letters are data)

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from ...media import InvalidTimestamp, format_timestamp, parse_timestamp
from ..dates import date_from_file_name, normalize_date
from ..mapping import find_keys, normal_key
from ..quotes import Quote, parse_attributed
from .reading import Reading

__all__ = [
    "read_date",
    "read_legacy_slug",
    "read_quotes",
    "read_tags",
    "read_text",
    "read_texts",
    "read_title",
]

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKDOWN_SYNTAX = re.compile(r"\*\*|__|\[[^\]]*\]\(|^#|^>|^[-*+] |<[a-z/!]|`|\n", re.M)
_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")
_MAX_DESCRIPTION = 300
_QUOTE_TEXT_KEYS = ("text", "quote", "body", "content")
_QUOTE_SPEAKER_KEYS = ("speaker", "author", "by", "who", "name", "person")
_QUOTE_TIME_KEYS = ("timestamp", "time", "at", "start")


def read_title(reading: Reading, body: list[str], body_start: int) -> tuple[str | None, int | None]:
    """The title, and the file line of the body heading it was taken from if it was."""
    found = next(find_keys(reading.data, "title"), None)
    if found is None:
        heading = _first_heading(body)
        if heading is None:
            reading.errors.append(
                (1, "the front matter has no 'title' and the body has no heading to take it from")
            )
            return None, None
        index, text = heading
        reading.notes.append((body_start + index, f"title taken from the first heading: {text!r}"))
        return text, body_start + index
    reading.take(found)
    value = found.value
    if isinstance(value, list | dict) or value is None or isinstance(value, bool):
        reading.errors.append((reading.line(found.path), "'title' must be text"))
        return None, None
    title = " ".join(str(value).split())
    if not title:
        reading.errors.append((reading.line(found.path), "'title' is empty"))
        return None, None
    return title, None


def _first_heading(body: list[str]) -> tuple[int, str] | None:
    """``(index, text)`` of the first ATX or setext heading outside code fences."""
    fence = ""
    for index, line in enumerate(body):
        opening = _FENCE.match(line)
        if opening and (not fence or (opening[1][0] == fence[0] and len(opening[1]) >= len(fence))):
            fence = "" if fence else opening[1]
            continue
        if fence:
            continue
        atx = _ATX.match(line)
        if atx and atx["text"].strip():
            return index, " ".join(atx["text"].split())
        following = body[index + 1] if index + 1 < len(body) else ""
        if line.strip() and _SETEXT.match(following) and not _SETEXT.match(line):
            return index, " ".join(line.split())
    return None


def read_date(reading: Reading, name: str) -> dt.date | None:
    """The first usable date key's date, else the date in the file *name*."""
    for found in find_keys(reading.data, "date"):
        if isinstance(found.value, bool) or found.value in (None, ""):
            continue
        reading.take(found)
        try:
            date, how = normalize_date(found.value)
        except ValueError as exc:
            reading.errors.append((reading.line(found.path), f"bad '{found.key}': {exc}"))
            return None
        if how:
            reading.notes.append((reading.line(found.path), how))
        return date
    from_name = date_from_file_name(name.rsplit("/", 1)[-1])
    if from_name is not None:
        reading.notes.append((None, f"date {from_name.isoformat()} taken from the file name"))
        return from_name
    reading.errors.append(
        (1, "the front matter has no 'date' (write date: YYYY-MM-DD) and the file name none")
    )
    return None


def read_tags(reading: Reading) -> list[str]:
    """The tags, each once, in order (a comma-separated text is a list too)."""
    found = next(find_keys(reading.data, "tags"), None)
    if found is None or found.value is None:
        return []
    reading.take(found)
    line = reading.line(found.path)
    if isinstance(found.value, dict):
        reading.errors.append((line, "'tags' must be a list, not a mapping"))
        return []
    items = found.value if isinstance(found.value, list) else str(found.value).split(",")
    tags: list[str] = []
    for item in items:
        if isinstance(item, list | dict):
            reading.errors.append((line, "each tag must be a word or phrase"))
            return []
        text = str(item).strip().lstrip("#").strip() if item is not None else ""
        if text and text not in tags:
            tags.append(text)
    return tags


def read_texts(reading: Reading) -> tuple[str, list[str]]:
    """The description (plain text), and Markdown kept in front matter, shown in the body."""
    description = ""
    content: list[str] = []
    candidates = [*find_keys(reading.data, "description"), *find_keys(reading.data, "content")]
    for found in candidates:
        if not isinstance(found.value, str) or not found.value.strip():
            continue
        text = found.value.strip()
        reading.take(found)
        if (
            not description
            and _is_plain_description(text)
            and found.key.lower()
            not in (
                "notes",
                "content",
                "body",
                "shownotes",
            )
        ):
            description = " ".join(text.split())
        elif " ".join(text.split()) != description and text not in content:
            content.append(text)
    return description, content


def _is_plain_description(text: str) -> bool:
    """One or two sentences of plain text: a description, not Markdown content."""
    return (
        len(text) <= _MAX_DESCRIPTION
        and not _MARKDOWN_SYNTAX.search(text)
        and len(_SENTENCE_END.findall(text)) <= 2
    )


def read_text(reading: Reading, target: str) -> str:
    """The first *target* key's text (or number), else ``""``."""
    found = next(find_keys(reading.data, target), None)
    if found is None or not isinstance(found.value, str | int) or isinstance(found.value, bool):
        return ""
    reading.take(found)
    return str(found.value).strip()


def read_legacy_slug(reading: Reading) -> tuple[str, int | None]:
    """The old address (``legacy_slug``, or a site path in ``permalink``/``url``) and its line."""
    for found in find_keys(reading.data, "legacy_slug"):
        if not isinstance(found.value, str) or not found.value.strip():
            continue
        value = found.value.strip()
        if normal_key(found.key) != "legacyslug":
            if "://" in value or not value.startswith("/"):
                continue  # not a path on the old site
            value = _site_path(value)
        reading.take(found)
        return value, reading.line(found.path)
    return "", None


def _site_path(path: str) -> str:
    """``/2024/05/post/``, ``/2024/05/post.html`` -> ``2024/05/post``."""
    path = path.split("#")[0].split("?")[0].strip("/")
    for ending in ("/index.html", ".html", ".htm"):
        if path.endswith(ending):
            path = path[: -len(ending)]
    return path


def read_quotes(reading: Reading) -> tuple[list[Quote], list[str], int | None]:
    """Quotes from front-matter fields: attributed ones, plain texts, and the first one's line."""
    quotes: list[Quote] = []
    plain: list[str] = []
    first_line = None
    for found in find_keys(reading.data, "quotes"):
        items = found.value if isinstance(found.value, list) else [found.value]
        taken = [_quote_item(item) for item in items]
        if not taken or any(item is None for item in taken):
            continue
        reading.take(found)
        first_line = first_line or reading.line(found.path)
        for item in taken:
            if isinstance(item, Quote):
                quotes.append(item)
            elif isinstance(item, str):
                plain.append(item)
    return quotes, plain, first_line


def _quote_item(item: Any) -> Quote | str | None:
    """A front-matter quote: ``"“…” — Name"`` text, or ``{text:, speaker:, timestamp:}``."""
    if isinstance(item, str) and item.strip():
        return parse_attributed(item.strip()) or item.strip()
    if not isinstance(item, Mapping):
        return None
    fields = {normal_key(k): v for k, v in item.items()}
    text = next((fields[k] for k in _QUOTE_TEXT_KEYS if isinstance(fields.get(k), str)), None)
    if text is None or not text.strip():
        return None
    speaker = next((fields[k] for k in _QUOTE_SPEAKER_KEYS if isinstance(fields.get(k), str)), "")
    stamp = next((fields[k] for k in _QUOTE_TIME_KEYS if isinstance(fields.get(k), str | int)), "")
    role = fields.get("role") if isinstance(fields.get("role"), str) else ""
    try:
        stamp = format_timestamp(parse_timestamp(stamp)) if stamp != "" else ""
    except InvalidTimestamp:
        role = f"{role} [{stamp}]".strip() if role else f"[{stamp}]"
        stamp = ""
    lines = tuple(line.rstrip() for line in text.strip().strip('"“”«»').strip().split("\n"))
    if not speaker.strip():
        return text.strip()
    return Quote(lines, speaker.strip(), str(role or "").strip(), str(stamp).strip())
