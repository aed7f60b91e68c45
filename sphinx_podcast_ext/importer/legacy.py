"""Reading a legacy post: its front matter (YAML, TOML, JSON or none) mapped onto the schema.

:func:`parse_legacy` finds the front matter with :mod:`sphinx_podcast_ext.frontmatter`
(so exactly where MyST would), maps its keys with the table of :mod:`.mapping`,
takes the title from the first heading and the date from a Jekyll file name
when the front matter has none, and collects *every* problem of the file
before refusing it: :class:`PostError` carries them all, each at its line.
"""

# ruff: noqa: RUF001  (non-ASCII dashes, quotes and letters are data)

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import frontmatter
from ..media import InvalidTimestamp, format_timestamp, parse_timestamp
from .dates import date_from_file_name, normalize_date
from .errors import PostError
from .mapping import (
    AUDIO_SUFFIXES,
    EPISODE_AUDIO_KEYS,
    EpisodeFields,
    MappedKey,
    duration_text,
    find_keys,
    is_audio_url,
    media_url,
    normal_key,
    platform_url,
    split_names,
)
from .quotes import Quote, parse_attributed

__all__ = ["EPISODE_IMAGE", "FORMAT_CHOICES", "LegacyPost", "lookup", "parse_legacy"]

#: Write the source's artwork as ``episode.image``. Off until the extension knows the
#: field (it warns "unknown episode field image" under ``-W``); the artwork then
#: stays under ``legacy:``.
EPISODE_IMAGE = False
#: What ``--format`` accepts: a front-matter format, ``none``, or ``auto`` (detect per file).
FORMAT_CHOICES = ("auto", "yaml", "toml", "json", "none")
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKDOWN_SYNTAX = re.compile(r"\*\*|__|\[[^\]]*\]\(|^#|^>|^[-*+] |<[a-z/!]|`|\n", re.M)
_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")
_MAX_DESCRIPTION = 300
_QUOTE_TEXT_KEYS = ("text", "quote", "body", "content")
_QUOTE_SPEAKER_KEYS = ("speaker", "author", "by", "who", "name", "person")
_QUOTE_TIME_KEYS = ("timestamp", "time", "at", "start")
_PLATFORMS = ("youtube", "spotify", "apple", "rss", "website")


@dataclass(slots=True)
class LegacyPost:
    """A legacy post mapped onto the schema, with what is left of its front matter."""

    meta: dict[Any, Any]
    title: str
    date: dt.date
    tags: list[str]
    body_lines: list[str]
    #: 1-based line number of ``body_lines[0]`` in the source file.
    body_start: int
    #: 1-based source line of each front-matter key (dotted paths).
    key_lines: Mapping[str, int] = field(default_factory=dict)
    #: ``(line, message)`` notes about lenient readings and what was left out.
    notes: list[tuple[int | None, str]] = field(default_factory=list)
    format: str = "yaml"
    description: str = ""
    #: Episode fields of the schema found in the front matter, and their source keys.
    episode: dict[str, Any] = field(default_factory=dict)
    episode_sources: dict[str, str] = field(default_factory=dict)
    #: Every source key the schema did not take, unchanged.
    legacy: dict[str, Any] = field(default_factory=dict)
    slug: str = ""
    #: The old address as written (``legacy_slug``, ``permalink``, ``url``); validated later.
    legacy_slug: str = ""
    legacy_slug_line: int | None = None
    #: Quotes from front-matter fields: attributed ones, and texts without a speaker.
    quotes: list[Quote] = field(default_factory=list)
    plain_quotes: list[str] = field(default_factory=list)
    quotes_line: int | None = None
    #: Markdown kept in front matter (``summary:``, ``notes:`` …), shown in the body.
    content: list[str] = field(default_factory=list)
    #: The body line of the heading the title was taken from, if it was.
    title_heading_line: int | None = None


@dataclass(slots=True)
class _Reading:
    """What :func:`parse_legacy` gathers while it reads one file."""

    data: dict[str, Any]
    fm: frontmatter.FrontMatter
    consumed: set[str] = field(default_factory=set)
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    notes: list[tuple[int | None, str]] = field(default_factory=list)

    def line(self, path: str) -> int:
        return self.fm.line(path) or 1

    def take(self, found: MappedKey) -> None:
        self.consumed.add(found.key)


def parse_legacy(text: str, *, name: str = "", fmt: str = "auto", base_url: str = "") -> LegacyPost:
    """Parse a post's text (``\\n`` line ends); raise :class:`PostError` with every problem.

    *name* is the file's name (for a date in it), *fmt* one of :data:`FORMAT_CHOICES`,
    *base_url* the old site's address (for site-relative media paths).
    """
    formats = frontmatter.FORMATS if fmt == "auto" else (() if fmt == "none" else (fmt,))
    parsed = frontmatter.parse(text, formats)
    reading = _Reading(dict(parsed.data or {}), parsed)
    lines = text.split("\n")
    _front_matter_problems(parsed, lines, reading, fmt)
    if reading.errors:
        # Nothing else can be read from an unreadable front matter.
        raise PostError(reading.errors[0][0], reading.errors[0][1], reading.errors)
    body_start = parsed.block.body_line
    body_lines = lines[body_start - 1 :]
    title, heading_line = _title(reading, body_lines, body_start)
    date = _date(reading, name)
    tags = _tags(reading)
    description, content = _texts(reading)
    episode = _episode(reading, base_url)
    quotes, plain_quotes, quotes_line = _quotes(reading)
    slug = _text_of(reading, "slug")
    legacy_slug, legacy_line = _legacy_slug(reading)
    if reading.errors:
        first_line, first_message = reading.errors[0]
        raise PostError(first_line, first_message, reading.errors)
    assert title is not None and date is not None
    legacy = {key: value for key, value in reading.data.items() if key not in reading.consumed}
    return LegacyPost(
        meta=reading.data,
        title=title,
        date=date,
        tags=tags,
        body_lines=body_lines,
        body_start=body_start,
        key_lines=parsed.lines,
        notes=reading.notes,
        format=parsed.block.format or "none",
        description=description,
        episode=episode.fields,
        episode_sources=episode.sources,
        legacy=legacy,
        slug=slug,
        legacy_slug=legacy_slug,
        legacy_slug_line=legacy_line,
        quotes=quotes,
        plain_quotes=plain_quotes,
        quotes_line=quotes_line,
        content=content,
        title_heading_line=heading_line,
    )


def _front_matter_problems(
    parsed: frontmatter.FrontMatter, lines: list[str], reading: _Reading, fmt: str
) -> None:
    for problem in parsed.problems:
        if problem.key:
            message = f"duplicate key {problem.key!r}; the last value is used"
            reading.notes.append((problem.line, message))
        else:
            reading.errors.append((problem.line, _syntax_message(parsed, problem.message)))
    first = lines[0].rstrip() if lines else ""
    if not parsed.block.format and fmt != "none" and first in ("---", "+++"):
        reading.errors.append(
            (1, f"the front matter opened here is never closed by a {first!r} line")
        )


def _syntax_message(parsed: frontmatter.FrontMatter, message: str) -> str:
    syntax = re.match(r"^the front matter is not valid (\w+) \(line \d+\): (.*)$", message, re.S)
    if syntax is None:
        return message
    return f"invalid {syntax[1]} in the front matter: {syntax[2]}"


def lookup(meta: Mapping[Any, Any], name: str) -> tuple[Any, Any] | None:
    """Find a front-matter entry by case-insensitive key; return ``(key, value)``."""
    for key, value in meta.items():
        if str(key).strip().lower() == name:
            return key, value
    return None


# -- title, date, tags, texts -------------------------------------------------------------------


def _title(reading: _Reading, body: list[str], body_start: int) -> tuple[str | None, int | None]:
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


def _date(reading: _Reading, name: str) -> dt.date | None:
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


def _tags(reading: _Reading) -> list[str]:
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


def _texts(reading: _Reading) -> tuple[str, list[str]]:
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


def _text_of(reading: _Reading, target: str) -> str:
    found = next(find_keys(reading.data, target), None)
    if found is None or not isinstance(found.value, str | int) or isinstance(found.value, bool):
        return ""
    reading.take(found)
    return str(found.value).strip()


def _legacy_slug(reading: _Reading) -> tuple[str, int | None]:
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


# -- the episode --------------------------------------------------------------------------------


def _episode(reading: _Reading, base_url: str) -> EpisodeFields:
    """Episode fields from an ``episode:`` mapping first, then from top-level keys."""
    episode = EpisodeFields()
    entry = next(((k, v) for k, v in reading.data.items() if normal_key(k) == "episode"), None)
    if entry is not None:
        _episode_entry(reading, episode, entry[0], entry[1], base_url)
    _episode_keys(reading, episode, reading.data, "", base_url)
    return episode


def _episode_entry(
    reading: _Reading, episode: EpisodeFields, key: str, value: Any, base_url: str
) -> None:
    if isinstance(value, str):
        url = media_url(value, base_url, AUDIO_SUFFIXES)
        if url is not None:
            episode.offer("url", url, key)
            reading.consumed.add(key)
        return
    if not isinstance(value, Mapping):
        return  # an episode number: kept under legacy
    inner = {str(k): v for k, v in value.items()}
    used: set[str] = set()
    for name in EPISODE_AUDIO_KEYS:
        for actual, inner_value in inner.items():
            if normal_key(actual) == name and "url" not in episode.fields:
                url = media_url(inner_value, base_url, AUDIO_SUFFIXES)
                if url is not None and episode.offer("url", url, f"{key}.{actual}"):
                    used.add(actual)
                elif url is None and inner_value:
                    reading.notes.append(_unusable(reading, f"{key}.{actual}", inner_value))
    for actual, inner_value in inner.items():
        title = inner_value.strip() if isinstance(inner_value, str) else None
        if normal_key(actual) == "title" and episode.offer("title", title, f"{key}.{actual}"):
            used.add(actual)
    used |= _episode_keys(reading, episode, inner, f"{key}.", base_url, consume=False)
    rest = {k: v for k, v in value.items() if str(k) not in used}
    reading.consumed.add(key)
    if rest:
        reading.data[key] = rest  # what the schema did not take stays under legacy
        reading.consumed.discard(key)


def _episode_keys(
    reading: _Reading,
    episode: EpisodeFields,
    data: Mapping[str, Any],
    prefix: str,
    base_url: str,
    *,
    consume: bool = True,
) -> set[str]:
    """Fill episode fields from *data*'s keys; return the keys used."""
    used: set[str] = set()

    def use(found: MappedKey, name: str, value: Any) -> None:
        if value is not None and episode.offer(name, value, found.path):
            used.add(found.key)
            if consume:
                reading.take(found)

    for target in ("audio", "video", "page"):
        for found in find_keys(data, target, prefix):
            suffixes = AUDIO_SUFFIXES if target == "audio" else ()
            url = media_url(found.value, base_url, suffixes)
            if target == "page" and url is not None and is_audio_url(url):
                target_name = "url"
            elif target == "video" and url is not None and "url" in episode.fields:
                use(found, "youtube", url if "youtu" in url else None)
                continue
            else:
                target_name = "url"
            if url is None:
                if target == "audio" and _looks_like_media(found.value):
                    reading.notes.append(_unusable(reading, found.path, found.value))
                continue
            use(found, target_name, url)
    for name in _PLATFORMS:
        if name == "youtube":
            continue
        for found in find_keys(data, name, prefix):
            use(found, name, platform_url(found.value))
    for name in ("show", "guest", "host"):
        for found in find_keys(data, name, prefix):
            if name == "show" and isinstance(found.value, str) and "://" in found.value:
                continue
            names = split_names(found.value)
            if name == "show":
                names = names[:1]
            use(found, name, ", ".join(names) if names else None)
    for found in find_keys(data, "duration", prefix):
        use(found, "duration", duration_text(found.value))
    for found in find_keys(data, "start", prefix):
        use(
            found, "start", str(found.value).strip() if isinstance(found.value, str | int) else None
        )
    for found in find_keys(data, "episode_title", prefix):
        use(found, "title", found.value.strip() if isinstance(found.value, str) else None)
    if EPISODE_IMAGE:
        for found in find_keys(data, "image", prefix):
            use(found, "image", media_url(found.value, base_url, _IMAGE_SUFFIXES))
    return used


def _looks_like_media(value: Any) -> bool:
    if not isinstance(value, str | Mapping | list):
        return False
    text = value if isinstance(value, str) else str(value)
    return any(suffix in text.lower() for suffix in AUDIO_SUFFIXES) or "://" in text


def _unusable(reading: _Reading, path: str, value: Any) -> tuple[int | None, str]:
    shown = value if isinstance(value, str) else repr(value)
    return (
        reading.line(path),
        f"{path}: {shown!r} is not an http(s) address"
        + (" (a site-relative path needs --base-url)" if "://" not in str(value) else "")
        + "; kept under legacy",
    )


# -- quotes -------------------------------------------------------------------------------------


def _quotes(reading: _Reading) -> tuple[list[Quote], list[str], int | None]:
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
