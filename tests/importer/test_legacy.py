"""Reading legacy posts: every front-matter format, the key table, dates, all problems at once."""

# ruff: noqa: RUF001  (curly quotes and dashes are test data)

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_podcast_ext.importer import legacy
from sphinx_podcast_ext.importer.dates import date_from_file_name, normalize_date
from sphinx_podcast_ext.importer.errors import PostError
from sphinx_podcast_ext.importer.legacy import parse_legacy
from sphinx_podcast_ext.importer.quotes import Quote
from sphinx_podcast_ext.importer.source import read_source

from .conftest import BAD, GOOD


def test_sample_post_parses() -> None:
    post = parse_legacy(read_source(GOOD / "000_schulman.txt"))
    assert post.title == "John Schulman (OpenAI Cofounder) - Reasoning, RLHF, & Plan for 2027 AGI"
    assert post.date == dt.date(2024, 5, 15)
    assert post.tags == ["Tech", "Innovation", "AI"]
    assert post.body_start == 6
    assert post.body_lines[1] == "## The Future of AI: A Conversation with John Schulman "
    assert (post.key_lines["title"], post.key_lines["date"], post.key_lines["tags"]) == (2, 3, 4)
    assert post.notes == []
    assert post.legacy == {}


def test_other_keys_go_under_legacy_unchanged() -> None:
    post = parse_legacy(read_source(GOOD / "006_spotify.md"))
    assert list(post.meta) == ["title", "date", "tags", "author", "draft", "categories", "extra"]
    assert post.legacy == {
        "author": "Sam Writer",
        "draft": False,
        "categories": ["audio", "interviews"],
        "extra": {"nested": {"deep": 1}},
    }
    assert post.tags == ["Audio", "Craft"]  # comma-separated text is split


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("missing_title.txt", 1, "the front matter has no 'title' and the body has no heading"),
        ("missing_date.txt", 1, "the front matter has no 'date'"),
        ("bad_date.txt", 4, "bad 'date': 'someday soon' is not a date"),
        ("invalid_yaml.txt", 3, "invalid YAML in the front matter: while parsing a block mapping"),
        ("unclosed.txt", 1, "the front matter opened here is never closed"),
    ],
)
def test_bad_posts_raise_with_line(name: str, line: int, message: str) -> None:
    with pytest.raises(PostError) as info:
        parse_legacy(read_source(BAD / name))
    assert info.value.line == line
    assert info.value.message.startswith(message)


def test_all_problems_of_a_file_are_reported_together() -> None:
    text = "---\ntitle: [a, b]\ndate: someday\ntags: {x: 1}\n---\nBody.\n"
    with pytest.raises(PostError) as info:
        parse_legacy(text)
    assert [(line, message.split(":")[0]) for line, message in info.value.problems] == [
        (2, "'title' must be text"),
        (3, "bad 'date'"),
        (4, "'tags' must be a list, not a mapping"),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\n- a\n- b\n---\n", 2, "the front matter must be a mapping"),
        ("---\ntitle: ''\ndate: 2024-01-01\n---\n", 2, "'title' is empty"),
        ("---\ntitle: x\ndate: 2024-01-01\ntags: [[a]]\n---\n", 4, "each tag must be a word"),
    ],
)
def test_front_matter_shape_errors(text: str, line: int, message: str) -> None:
    with pytest.raises(PostError) as info:
        parse_legacy(text)
    assert (info.value.line, info.value.message[: len(message)]) == (line, message)


# -- formats ------------------------------------------------------------------------------------


def test_toml_front_matter() -> None:
    post = parse_legacy(
        '+++\ntitle = "Радио 12"\ndate = "2024-07-04T17:46:28"\ncategories = ["podcast"]\n'
        'image = "https://example.org/rt12.jpg"\nfilename = "rt_podcast12"\n+++\n\n- Тема\n'
    )
    assert (post.format, post.title, post.date) == ("toml", "Радио 12", dt.date(2024, 7, 4))
    assert post.legacy == {"categories": ["podcast"], "filename": "rt_podcast12"}
    assert post.episode == {"image": "https://example.org/rt12.jpg"}
    assert post.body_start == 8


def test_json_front_matter_with_nested_episode() -> None:
    post = parse_legacy(
        '{\n  "title": "Folge 3",\n  "date": "2024-02-01",\n  "episode": {\n'
        '    "number": "3",\n    "poster": "/img/3.png",\n'
        '    "audio": [{"url": "https://cdn.example.org/3.m4a"}, '
        '{"url": "https://cdn.example.org/3.mp3"}]\n  }\n}\n\nText.\n'
    )
    assert post.format == "json"
    assert post.episode == {"url": "https://cdn.example.org/3.mp3"}
    assert post.episode_sources == {"url": "episode.audio"}
    assert post.legacy == {"episode": {"number": "3", "poster": "/img/3.png"}}
    assert post.body_lines == ["", "Text.", ""]


def test_no_front_matter_title_from_heading_date_from_file_name() -> None:
    post = parse_legacy("\n# A Plain Note\n\nBody.\n", name="2024-12-21-a-plain-note.md")
    assert (post.format, post.title, post.date) == ("none", "A Plain Note", dt.date(2024, 12, 21))
    assert (2, "title taken from the first heading: 'A Plain Note'") in [
        (line, message) for line, message in post.notes
    ]
    assert (None, "date 2024-12-21 taken from the file name") in post.notes


def test_forced_format_none_reads_a_leading_rule_as_body() -> None:
    post = parse_legacy("---\n\n# Title\n", name="2024-01-02-x.md", fmt="none")
    assert (post.format, post.title, post.body_start) == ("none", "Title", 1)


# -- the key table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "episode"),
    [
        ("podcast_link: https://traffic.example.com/ep.mp3\npodcast_duration: '14:02'",
         {"url": "https://traffic.example.com/ep.mp3", "duration": "14:02"}),
        ("audio: https://cdn.example.org/a.m4a\nguests: [Ana Lima, Bo Chen]\nhosts: Cy Dee",
         {"url": "https://cdn.example.org/a.m4a", "guest": "Ana Lima, Bo Chen", "host": "Cy Dee"}),
        ("youtube: dQw4w9WgXcQ\nseries: [Tech Roundup]",
         {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "show": "Tech Roundup"}),
        ("mp3: https://x.example/a.mp3\nyoutube_url: https://youtu.be/dQw4w9WgXcQ",
         {"url": "https://x.example/a.mp3", "youtube": "https://youtu.be/dQw4w9WgXcQ"}),
        ("enclosure: {url: 'https://x.example/e.mp3', length: 1}",
         {"url": "https://x.example/e.mp3"}),
        ("audioUrl: https://x.example/e.ogg\nspotify: https://open.spotify.com/episode/abc",
         {"url": "https://x.example/e.ogg", "spotify": "https://open.spotify.com/episode/abc"}),
        ("people: ['[[Ana Lima]]', '[[Bo Chen|Bo]]']\nvideo: https://youtu.be/dQw4w9WgXcQ",
         {"url": "https://youtu.be/dQw4w9WgXcQ", "guest": "Ana Lima, Bo"}),
        ("source: https://podcasts.example.com/ep/12\npodcast_title: Deep Dives",
         {"url": "https://podcasts.example.com/ep/12", "show": "Deep Dives"}),
    ],
)  # fmt: skip
def test_episode_keys_of_every_generator(front: str, episode: dict[str, str]) -> None:
    post = parse_legacy(f"---\ntitle: T\ndate: 2024-01-01\n{front}\n---\n")
    assert post.episode == episode
    assert post.legacy == {}


def test_relative_audio_needs_the_base_url() -> None:
    text = "---\ntitle: T\ndate: 2024-01-01\naudio: episodes/ep 1.mp3\n---\n"
    without = parse_legacy(text)
    assert without.episode == {}
    assert without.legacy == {"audio": "episodes/ep 1.mp3"}
    assert any("needs --base-url" in message for _line, message in without.notes)
    with_base = parse_legacy(text, base_url="https://old.example.org/podcast/")
    assert with_base.episode == {"url": "https://old.example.org/podcast/episodes/ep%201.mp3"}


def test_show_name_is_not_a_relative_audio_path() -> None:
    post = parse_legacy(
        "---\ntitle: T\ndate: 2024-01-01\npodcast: The Long Road\n---\n", base_url="https://x.org"
    )
    assert post.episode == {"show": "The Long Road"}


def test_artwork_is_the_episode_image_when_it_is_a_web_address() -> None:
    assert legacy.EPISODE_IMAGE is True
    text = "---\ntitle: T\ndate: 2024-01-01\nimage: /covers/x.jpg\n---\n"
    # A site-relative path is no web address: it stays under legacy: (ablog would misread it).
    assert parse_legacy(text).legacy == {"image": "/covers/x.jpg"}
    # With the old site's address, it is one.
    post = parse_legacy(text, base_url="https://old.example/")
    assert post.episode == {"image": "https://old.example/covers/x.jpg"}
    assert post.legacy == {}


def test_description_and_markdown_content() -> None:
    post = parse_legacy(
        "---\ntitle: T\ndate: 2024-01-01\ndescription: One plain sentence.\n"
        "summary: |\n  A **bold** summary.\n\n  - with a list\n---\n"
    )
    assert post.description == "One plain sentence."
    assert post.content == ["A **bold** summary.\n\n- with a list"]


def test_front_matter_quotes() -> None:
    post = parse_legacy(
        "---\ntitle: T\ndate: 2024-01-01\n"
        "key_quote: '“Ship it small.” — Ana Lima'\n"
        "quotes:\n  - text: Listen first.\n    speaker: Bo Chen\n    timestamp: '12:34'\n"
        "  - Nobody said this one.\n---\n"
    )
    assert post.quotes == [
        Quote(("Ship it small.",), "Ana Lima"),
        Quote(("Listen first.",), "Bo Chen", "", "12:34"),
    ]
    assert post.plain_quotes == ["Nobody said this one."]
    assert post.legacy == {}


@pytest.mark.parametrize(
    ("front", "date", "note"),
    [
        ("published: 2024-05-08", dt.date(2024, 5, 8), False),
        ("published_at: 2024-05-08T09:00:00+02:00", dt.date(2024, 5, 8), False),
        ("pubDate: 'Wed, 08 May 2024 10:00:00 GMT'", None, True),
        ("pubDate: 1715166000000", dt.date(2024, 5, 8), True),
        ("published: true\ndate: 2024-05-09", dt.date(2024, 5, 9), False),
    ],
)
def test_date_keys(front: str, date: dt.date | None, note: bool) -> None:
    text = f"---\ntitle: T\n{front}\n---\n"
    if date is None:
        with pytest.raises(PostError, match="pubDate"):
            parse_legacy(text)
        return
    post = parse_legacy(text)
    assert post.date == date
    assert bool(post.notes) is note


def test_legacy_slug_from_permalink() -> None:
    post = parse_legacy("---\ntitle: T\ndate: 2024-01-01\npermalink: /35/\n---\n")
    assert (post.legacy_slug, post.legacy_slug_line) == ("35", 4)


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected", "noted"),
    [
        ("2024-05-15", dt.date(2024, 5, 15), False),
        (dt.date(2024, 5, 15), dt.date(2024, 5, 15), False),
        (dt.datetime(2024, 5, 15, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=9))),
         dt.date(2024, 5, 15), False),
        ("2024-05-15T10:30:00", dt.date(2024, 5, 15), False),
        ("2024-05-15T10:30:00Z", dt.date(2024, 5, 15), False),
        ("2024-05-15 10:30:00 +0200", dt.date(2024, 5, 15), False),
        ("2014-12-28 20:25:00", dt.date(2014, 12, 28), False),
        (1715166000, dt.date(2024, 5, 8), True),
        ("1715166000000", dt.date(2024, 5, 8), True),
        ("May 15, 2024", dt.date(2024, 5, 15), True),
        ("15 May 2024", dt.date(2024, 5, 15), True),
        ("Wed, May 15th 2024", dt.date(2024, 5, 15), True),
        ("Sept. 3, 2023", dt.date(2023, 9, 3), True),
        ("2024/05/15", dt.date(2024, 5, 15), True),
        ("15 de maio de 2024", dt.date(2024, 5, 15), True),
        ("le 15 mai 2024", dt.date(2024, 5, 15), True),
        ("15. Mai 2024", dt.date(2024, 5, 15), True),
        ("15 мая 2024 г.", dt.date(2024, 5, 15), True),
        ("2024年5月15日", dt.date(2024, 5, 15), True),
        ("25/12/2024", dt.date(2024, 12, 25), True),
        ("04/04/2024", dt.date(2024, 4, 4), True),
    ],
)  # fmt: skip
def test_normalize_date(value: object, expected: dt.date, noted: bool) -> None:
    date, how = normalize_date(value)
    assert (date, bool(how)) == (expected, noted)


def test_ambiguous_dates_name_both_readings() -> None:
    with pytest.raises(ValueError, match="ambiguous") as info:
        normalize_date("03/04/2024")
    assert "03 April 2024 (day first)" in str(info.value)
    assert "March 04, 2024 (month first)" in str(info.value)


@pytest.mark.parametrize(
    "value", ["Smarch 3, 2024", "February 30, 2024", "", None, True, 12, "99999999999999"]
)
def test_normalize_date_refuses(value: object) -> None:
    with pytest.raises(ValueError, match="date"):
        normalize_date(value)


def test_dates_in_file_names() -> None:
    assert date_from_file_name("2024-12-21-slug") == dt.date(2024, 12, 21)
    assert date_from_file_name("2024-13-21-slug") is None
    assert date_from_file_name("slug-2024-12-21") is None
