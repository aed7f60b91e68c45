"""Parsing legacy posts: front matter, dates and the errors bad posts give."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_podcast_ext.importer.dates import normalize_date
from sphinx_podcast_ext.importer.errors import PostError
from sphinx_podcast_ext.importer.legacy import parse_legacy
from sphinx_podcast_ext.importer.source import read_source

from .conftest import BAD, GOOD


def test_sample_post_parses() -> None:
    post = parse_legacy(read_source(GOOD / "000_schulman.txt"))
    assert post.title == "John Schulman (OpenAI Cofounder) - Reasoning, RLHF, & Plan for 2027 AGI"
    assert post.date == dt.date(2024, 5, 15)
    assert post.tags == ["Tech", "Innovation", "AI"]
    assert post.body_start == 6
    assert post.body_lines[1] == "## The Future of AI: A Conversation with John Schulman "
    assert post.key_lines == {"title": 2, "date": 3, "tags": 4}
    assert post.notes == []


def test_unknown_keys_are_kept_in_order() -> None:
    post = parse_legacy(read_source(GOOD / "006_spotify.md"))
    assert list(post.meta) == ["title", "date", "tags", "author", "draft", "categories", "extra"]
    assert post.meta["extra"] == {"nested": {"deep": 1}}
    assert post.tags == ["Audio", "Craft"]  # comma-separated text is split


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("invalid_yaml.txt", 3, "invalid YAML in the front matter: expected <block end>"),
        ("no_front_matter.txt", 1, "no YAML front matter: a post must start with a '---' line"),
        ("missing_title.txt", 1, "the front matter has no 'title'"),
        ("missing_date.txt", 1, "the front matter has no 'date' (write date: YYYY-MM-DD)"),
        ("bad_date.txt", 4, "bad 'date': 'someday soon' is not a date; write it as YYYY-MM-DD"),
        ("unclosed.txt", 1, "the front matter opened here is never closed by a '---' line"),
    ],
)
def test_bad_posts_raise_with_line(name: str, line: int, message: str) -> None:
    with pytest.raises(PostError) as info:
        parse_legacy(read_source(BAD / name))
    assert info.value.line == line
    assert info.value.message.startswith(message)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\n---\n", 1, "the front matter is empty"),
        ("---\n- a\n- b\n---\n", 2, "the front matter must be a mapping"),
        ("---\ntitle: [a]\ndate: 2024-01-01\n---\n", 2, "'title' must be text"),
        ("---\ntitle: '  '\ndate: 2024-01-01\n---\n", 2, "'title' is empty"),
        ("---\ntitle: t\ndate: 2024-01-01\ntags: {a: 1}\n---\n", 4, "'tags' must be a list"),
    ],
)
def test_front_matter_shape_errors(text: str, line: int, message: str) -> None:
    with pytest.raises(PostError) as info:
        parse_legacy(text)
    assert (info.value.line, info.value.message[: len(message)]) == (line, message)


def test_human_date_is_read_with_a_note() -> None:
    post = parse_legacy(read_source(BAD / "human_date.txt"))
    assert post.date == dt.date(2024, 5, 15)
    assert post.notes == [(3, "read date 'May 15, 2024' as 2024-05-15")]


@pytest.mark.parametrize(
    ("value", "expected", "human"),
    [
        ("2024-05-15", dt.date(2024, 5, 15), False),
        (dt.date(2024, 5, 15), dt.date(2024, 5, 15), False),
        (dt.datetime(2024, 5, 15, 10, 30), dt.date(2024, 5, 15), False),
        ("2024-05-15T10:30:00", dt.date(2024, 5, 15), False),
        ("May 15, 2024", dt.date(2024, 5, 15), True),
        ("15 May 2024", dt.date(2024, 5, 15), True),
        ("Wed, May 15th 2024", dt.date(2024, 5, 15), True),
        ("Sept. 3, 2023", dt.date(2023, 9, 3), True),
        ("2024/05/15", dt.date(2024, 5, 15), True),
    ],
)
def test_normalize_date(value: object, expected: dt.date, human: bool) -> None:
    assert normalize_date(value) == (expected, human)


@pytest.mark.parametrize("value", ["05/06/2024", "Smarch 3, 2024", "February 30, 2024", "", None])
def test_normalize_date_refuses(value: object) -> None:
    with pytest.raises(ValueError, match="date"):
        normalize_date(value)
