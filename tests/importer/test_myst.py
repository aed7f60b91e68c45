"""Writing MyST: front matter, directives, option values and the import stamp."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from myst_parser.parsers.options import options_to_items

from sphinx_podcast_ext.importer import myst
from sphinx_podcast_ext.importer.quotes import Quote


def test_front_matter_shape() -> None:
    data = {
        "title": myst.Quoted("A: title, with # marks"),
        "date": dt.date(2024, 5, 15),
        "tags": ["Tech", "C++", "a, b"],
        "episode": {"url": "https://youtu.be/dQw4w9WgXcQ?t=95", "guest": "Jane Doe"},
        "extra": {"nested": [{"a": 1}]},
    }
    text = myst.front_matter(data)
    assert text == (
        'title: "A: title, with # marks"\n'
        "date: 2024-05-15\n"
        "tags: [Tech, C++, 'a, b']\n"
        "episode:\n"
        "  url: https://youtu.be/dQw4w9WgXcQ?t=95\n"
        "  guest: Jane Doe\n"
        "extra:\n"
        "  nested:\n"
        "  - a: 1\n"
    )
    assert yaml.safe_load(text) == data


def test_long_and_odd_titles_round_trip() -> None:
    title = "x" * 500 + " “quoted” \\ back\nslash\u2028 é"
    text = myst.front_matter({"title": myst.Quoted(title)})
    assert text.count("\n") == 1
    assert yaml.safe_load(text) == {"title": title}


@pytest.mark.parametrize(
    "value",
    [
        "John Schulman",
        "José Álvarez",
        'Dwayne "The Rock" Johnson',
        "a # not a comment",
        "#hash",
        '"quoted"',
        "'single'",
        "[bracket]",
        "{brace}",
        ": colon",
        "ends with colon:",
        "- dash",
        "back\\slash",
        "Rear Admiral, US Navy",
        "  padded  ",
    ],
)
def test_option_values_survive_myst(value: str) -> None:
    items, _state = options_to_items(f"speaker: {myst.option_value(value)}")
    assert items == [("speaker", value)]


def test_key_quote_directive() -> None:
    quote = Quote(("First line", "second line."), "Ada Lovelace", "Countess", "12:34")
    assert myst.key_quote(quote) == [
        "```{key-quote}",
        ":speaker: Ada Lovelace",
        ":role: Countess",
        ":timestamp: 12:34",
        "First line",
        "second line.",
        "```",
    ]


@pytest.mark.parametrize(
    ("first", "guarded"),
    [
        (": colon", "\\: colon"),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("> not a quote", "\\> not a quote"),
        ("1. not a list", "1\\. not a list"),
        ("% not a comment", "\\% not a comment"),
        ("```not a fence", "\\```not a fence"),
        ("<div>not html</div>", "\\<div>not html</div>"),
        ("(label)=", "\\(label)="),
        ("*emphasis* stays", "*emphasis* stays"),
        ("<b>inline</b> stays", "<b>inline</b> stays"),
        ("Plain", "Plain"),
    ],
)
def test_quote_body_guards(first: str, guarded: str) -> None:
    assert myst.key_quote(Quote((first,), "S"))[2] == guarded


def test_setext_underline_is_guarded() -> None:
    lines = myst.key_quote(Quote(("Text", "---"), "S"))
    assert lines[2:4] == ["Text", "\\---"]


def test_fence_grows_past_backticks_in_body() -> None:
    lines = myst.directive("key-quote", [("speaker", "S")], ["a", "````", "code", "````"])
    assert lines[0] == "`````{key-quote}"
    assert lines[-1] == "`````"


def test_related_posts_directive() -> None:
    lines = myst.related_posts(
        [("Title <with> angles", "slug-a"), ("", "slug-b"), (":colon", "slug-c"), ("Plain", "d")]
    )
    assert lines == [
        "```{related-posts}",
        "Title <with> angles <slug-a>",
        "slug-b",
        "slug-c",
        "Plain <d>",
        "```",
    ]


def test_page_stamp_round_trip() -> None:
    text = myst.page({"title": myst.Quoted("T"), "date": dt.date(2024, 1, 2)}, ["Body."])
    lines = text.split("\n")
    assert lines[:3] == ["---", 'title: "T"', "date: 2024-01-02"]
    assert lines[3].startswith("import_hash: ")
    assert lines[4:] == ["---", "", "Body.", ""]
    recorded = myst.recorded_hash(text)
    assert recorded == lines[3].split()[1]
    assert myst.text_hash(text) == recorded
    assert myst.text_hash(text.replace("\n", "\r\n")) == recorded
    assert myst.text_hash(text.replace("Body.", "Body!")) != recorded
    assert myst.text_hash(text.replace('"T"', '"U"')) != recorded


def test_recorded_hash_absent() -> None:
    assert myst.recorded_hash("no front matter") is None
    assert myst.recorded_hash("---\ntitle: x\n---\nimport_hash: " + "0" * 64) is None
