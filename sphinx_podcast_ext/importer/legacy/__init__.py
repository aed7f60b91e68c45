"""Reading a legacy post: its front matter (YAML, TOML, JSON or none) mapped onto the schema.

:func:`parse_legacy` finds the front matter with :mod:`sphinx_podcast_ext.frontmatter`
(so exactly where MyST would), maps its keys with the table of :mod:`.mapping`,
takes the title from the first heading and the date from a Jekyll file name
when the front matter has none, and collects *every* problem of the file
before refusing it: :class:`PostError` carries them all, each at its line.

:mod:`.legacy.fields` reads the post's own fields, :mod:`.legacy.episode` the
episode; both take keys from the :class:`.Reading` of :mod:`.legacy.reading`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ... import frontmatter
from ..errors import PostError
from ..quotes import Quote
from .episode import read_episode
from .fields import (
    read_date,
    read_legacy_slug,
    read_quotes,
    read_tags,
    read_text,
    read_texts,
    read_title,
)
from .reading import Reading

__all__ = ["EPISODE_IMAGE", "FORMAT_CHOICES", "LegacyPost", "lookup", "parse_legacy"]

#: Write the source's artwork as ``episode.image`` (the player's poster and the audio
#: artwork); when off, the artwork stays under ``legacy:``.
EPISODE_IMAGE = True
#: What ``--format`` accepts: a front-matter format, ``none``, or ``auto`` (detect per file).
FORMAT_CHOICES = ("auto", "yaml", "toml", "json", "none")


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


def parse_legacy(text: str, *, name: str = "", fmt: str = "auto", base_url: str = "") -> LegacyPost:
    """Parse a post's text (``\\n`` line ends); raise :class:`PostError` with every problem.

    *name* is the file's name (for a date in it), *fmt* one of :data:`FORMAT_CHOICES`,
    *base_url* the old site's address (for site-relative media paths).
    """
    formats = frontmatter.FORMATS if fmt == "auto" else (() if fmt == "none" else (fmt,))
    parsed = frontmatter.parse(text, formats)
    reading = Reading(dict(parsed.data or {}), parsed)
    lines = text.split("\n")
    _front_matter_problems(parsed, lines, reading, fmt)
    if reading.errors:
        # Nothing else can be read from an unreadable front matter.
        raise PostError(reading.errors[0][0], reading.errors[0][1], reading.errors)
    body_start = parsed.block.body_line
    body_lines = lines[body_start - 1 :]
    title, heading_line = read_title(reading, body_lines, body_start)
    date = read_date(reading, name)
    tags = read_tags(reading)
    description, content = read_texts(reading)
    episode = read_episode(reading, base_url, image=EPISODE_IMAGE)
    quotes, plain_quotes, quotes_line = read_quotes(reading)
    slug = read_text(reading, "slug")
    legacy_slug, legacy_line = read_legacy_slug(reading)
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
    parsed: frontmatter.FrontMatter, lines: list[str], reading: Reading, fmt: str
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
