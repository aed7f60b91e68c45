"""Splitting a legacy post into validated front matter and a body.

A legacy post starts with a YAML front matter block (``title``, ``date``,
``tags`` and any other keys) between ``---`` lines, followed by a Markdown body.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .dates import normalize_date
from .errors import PostError

__all__ = ["LegacyPost", "lookup", "parse_legacy", "split_front_matter"]


@dataclass(frozen=True, slots=True)
class LegacyPost:
    """A legacy post: its front matter (source key order kept) and its body lines."""

    meta: dict[Any, Any]
    title: str
    date: dt.date
    tags: list[str]
    body_lines: list[str]
    #: 1-based line number of ``body_lines[0]`` in the source file.
    body_start: int
    #: 1-based source line of each front-matter key (keys as written).
    key_lines: dict[str, int] = field(default_factory=dict)
    #: ``(line, message)`` notes about lenient readings (e.g. a human-written date).
    notes: list[tuple[int, str]] = field(default_factory=list)


def parse_legacy(text: str) -> LegacyPost:
    """Parse a post's text (``\\n`` line ends); raise :class:`PostError` if it is unusable."""
    lines = text.split("\n")
    front, body_start = split_front_matter(lines)
    meta, key_lines = _load_yaml(front)
    notes: list[tuple[int, str]] = []
    title = _title(meta, key_lines)
    date = _date(meta, key_lines, notes)
    tags = _tags(meta, key_lines)
    return LegacyPost(
        meta=meta,
        title=title,
        date=date,
        tags=tags,
        body_lines=lines[body_start - 1 :],
        body_start=body_start,
        key_lines=key_lines,
        notes=notes,
    )


def split_front_matter(lines: list[str]) -> tuple[str, int]:
    """Return the front matter text and the 1-based line where the body starts."""
    if not lines or lines[0].rstrip() != "---":
        raise PostError(1, "no YAML front matter: a post must start with a '---' line")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), index + 2
    raise PostError(1, "the front matter opened here is never closed by a '---' line")


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps impossible dates (``2024-13-45``) as text.

    PyYAML raises a bare ``ValueError`` for them, without a line; as text they
    reach the date check, which reports them at their key's line.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """The date or datetime, or the scalar's text if it is not a real date."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, AttributeError):  # AttributeError: "!!timestamp not-a-date"
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _load_yaml(front: str) -> tuple[dict[Any, Any], dict[str, int]]:
    try:
        # The reader refuses control characters as soon as it is created.
        loader = _Loader(front)
    except yaml.reader.ReaderError as exc:
        line = front.count("\n", 0, exc.position) + 2
        raise PostError(line, f"invalid YAML in the front matter: {exc.reason}") from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 2
        problem = exc.problem or exc.context or "syntax error"
        raise PostError(line, f"invalid YAML in the front matter: {problem}") from None
    except yaml.YAMLError as exc:
        raise PostError(2, f"invalid YAML in the front matter: {exc}") from None
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        # PyYAML lets these escape from some tagged scalars ("!!int abc", "!!binary …").
        raise PostError(2, f"invalid YAML in the front matter: {exc}") from None
    finally:
        loader.dispose()
    if data is None:
        raise PostError(1, "the front matter is empty; a post needs a title and a date")
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise PostError(2, "the front matter must be a mapping of 'key: value' lines")
    key_lines = {
        str(key.value): key.start_mark.line + 2
        for key, _value in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return data, key_lines


def lookup(meta: Mapping[Any, Any], name: str) -> tuple[Any, Any] | None:
    """Find a front-matter entry by case-insensitive key; return ``(key, value)``."""
    for key, value in meta.items():
        if str(key).strip().lower() == name:
            return key, value
    return None


def _line(key_lines: Mapping[str, int], key: Any) -> int:
    return key_lines.get(str(key), 1)


def _title(meta: Mapping[Any, Any], key_lines: Mapping[str, int]) -> str:
    entry = lookup(meta, "title")
    if entry is None:
        raise PostError(1, "the front matter has no 'title'")
    key, value = entry
    if isinstance(value, list | dict) or value is None:
        raise PostError(_line(key_lines, key), "'title' must be text")
    title = " ".join(str(value).split())
    if not title:
        raise PostError(_line(key_lines, key), "'title' is empty")
    return title


def _date(
    meta: Mapping[Any, Any], key_lines: Mapping[str, int], notes: list[tuple[int, str]]
) -> dt.date:
    entry = lookup(meta, "date")
    if entry is None:
        raise PostError(1, "the front matter has no 'date' (write date: YYYY-MM-DD)")
    key, value = entry
    try:
        date, human = normalize_date(value)
    except ValueError as exc:
        raise PostError(_line(key_lines, key), f"bad 'date': {exc}") from None
    if human:
        notes.append((_line(key_lines, key), f"read date {value!r} as {date.isoformat()}"))
    return date


def _tags(meta: Mapping[Any, Any], key_lines: Mapping[str, int]) -> list[str]:
    entry = lookup(meta, "tags")
    if entry is None or entry[1] is None:
        return []
    key, value = entry
    if isinstance(value, dict):
        raise PostError(_line(key_lines, key), "'tags' must be a list, not a mapping")
    items = value if isinstance(value, list) else str(value).split(",")
    tags: list[str] = []
    for item in items:
        if isinstance(item, list | dict):
            raise PostError(_line(key_lines, key), "each tag must be a word or phrase")
        text = str(item).strip() if item is not None else ""
        if text and text not in tags:
            tags.append(text)
    return tags
