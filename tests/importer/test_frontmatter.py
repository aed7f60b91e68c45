"""frontmatter: the block where MyST finds it, parsing that never raises, dump round trips."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from sphinx_podcast_ext import frontmatter
from sphinx_podcast_ext.frontmatter import Block, Quoted, dump, find_block, parse

_MD = MarkdownIt("commonmark").use(front_matter_plugin)


def myst_block(text: str) -> tuple[str, int] | None:
    """What markdown-it's front-matter plugin (MyST's) takes: ``(content, body line)``."""
    tokens = _MD.parse(text)
    if not tokens or tokens[0].type != "front_matter":
        return None
    assert tokens[0].map is not None
    return tokens[0].content, tokens[0].map[1] + 1


def ours(text: str) -> tuple[str, int] | None:
    block = find_block(text)
    return (block.text, block.body_line) if block.format else None


# -- find_block ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: T\n---\nbody\n",
        "---\ntitle: T\n...\nbody\n",
        "---\ntitle: T\n",  # unclosed: no front matter at all
        "---\n---\n",
        "----\ntitle: T\n---\nstill front matter\n----\nbody\n",
        "---\ntitle: 'a\n  ---\n  b'\n---\nbody\n",  # an indented closer ends it (issue 11)
        "---\ntitle: 'a\n    ---\n  b'\n---\nbody\n",  # four columns: a code line, not a closer
        "---\ntitle: 'a\n\t---\n  b'\n---\n",
        "---\nx: 1\n ...\n---\n",  # an indented "..." is content
        "---\nx: 1\n... \t\nbody\n",
        "---\nx: 1\n....\n---\n",
        "---\nx: 1\n--- trailing\n---\n",
        "---x\nx: 1\n---\n",
        "--\nx: 1\n---\n",
        " ---\nx: 1\n---\n",
        "---\r\nx: 1\r\n---\r\nbody",
        "\ufeff---\nx: 1\n---\n",
        "---\nx: 1\n---",
        "---\nx: 1\n  ",
        "",
        "\n---\nx: 1\n---\n",
    ],
)
def test_find_block_ends_where_myst_ends_it(text: str) -> None:
    assert ours(text) == myst_block(text.removeprefix("\ufeff"))


_PIECES = st.sampled_from(
    ["---", "----", "  ---", "   ---", "    ---", "\t---", "...", " ...", "... ", "....", "--- x",
     "-- -", "a: 1", "b: 'x", "  y'", "", " ", "+++", "{", "}", "-"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=10), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_find_block_agrees_with_markdown_it(pieces: list[str], newline: str, final: bool) -> None:
    text = newline.join(["---", *pieces]) + (newline if final else "")
    assert ours(text) == myst_block(text)


def test_block_lines() -> None:
    assert find_block("---\na: 1\nb: 2\n---\n\nbody") == Block("yaml", "a: 1\nb: 2", 2, 5)
    assert find_block("# Title\n") == Block("", "", 1, 1)


def test_toml_and_json_only_when_asked() -> None:
    toml = '+++\ntitle = "T"\n+++\nbody\n'
    assert find_block(toml).format == ""
    assert find_block(toml, frontmatter.FORMATS) == Block("toml", 'title = "T"', 2, 4)
    json_text = '{\n  "title": "T"\n}\n\nbody\n'
    assert find_block(json_text, ("json",)) == Block("json", '{\n  "title": "T"\n}', 1, 4)
    # A Hugo shortcode opening a file is not a JSON object.
    assert find_block("{{< youtube abc >}}\n", ("json",)).format == ""


# -- parse -------------------------------------------------------------------------------------


def test_parse_types_and_lines() -> None:
    text = (
        "---\n"
        "title: T\n"
        "date: 2024-05-15\n"
        "odd: 2024-13-45\n"
        "tags: [a, b]\n"
        "episode:\n"
        "  url: https://example.com/a.mp3\n"
        "  guests:\n"
        "    - Ana\n"
        "    - Bo\n"
        "---\n"
    )
    parsed = parse(text)
    assert parsed.data == {
        "title": "T",
        "date": dt.date(2024, 5, 15),
        "odd": "2024-13-45",
        "tags": ["a", "b"],
        "episode": {"url": "https://example.com/a.mp3", "guests": ["Ana", "Bo"]},
    }
    assert parsed.problems == ()
    assert parsed.line("title") == 2
    assert parsed.line("episode.url") == 7
    assert parsed.line("episode.guests.1") == 10
    assert parsed.line("episode.missing") == 6  # the nearest parent
    assert parsed.line("nothing.here") == 2  # the block's first line
    assert parse("no front matter").line("title") is None


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\ntitle: ok\ntags: [a\n---\n", 4, "not valid YAML (line 4)"),
        ("---\ntitle: T\ncount: !!int abc\n---\n", 3, "not valid YAML (line 3)"),
        ("---\ntitle: T\n\nwhen: !!timestamp x\nn: !!float y\n---\n", 5, "line 5"),
        ('---\ntitle: "bad \x1f char"\n---\n', 2, "not valid YAML (line 2)"),
        ("---\n- a\n- b\n---\n", 2, "must be a mapping"),
        ('+++\ntitle = "T"\ntitle = "U"\n+++\n', 3, "not valid TOML (line 3)"),
        ('{\n  "title": "T",\n  "date": \n}\n', 4, "not valid JSON (line 4)"),
    ],
)
def test_syntax_errors_at_their_line(text: str, line: int, fragment: str) -> None:
    parsed = parse(text, frontmatter.FORMATS)
    assert parsed.data is None
    assert [(p.key, p.line) for p in parsed.problems] == [("", line)]
    assert fragment in parsed.problems[0].message


def test_timestamp_tag_on_a_non_date_stays_text() -> None:
    assert parse("---\nwhen: !!timestamp x\n---\n").data == {"when": "x"}


def test_duplicates_are_all_reported_at_their_lines() -> None:
    parsed = parse("---\ntitle: A\nepisode:\n  url: x\n  url: y\ntitle: B\n---\n")
    assert parsed.data == {"title": "B", "episode": {"url": "y"}}
    assert sorted((p.key, p.line) for p in parsed.problems) == [("title", 6), ("url", 5)]
    parsed = parse('{\n"a": 1,\n"b": {"c": 1,\n "c": 2},\n"a": 3\n}\n', ("json",))
    assert parsed.data == {"a": 3, "b": {"c": 2}}
    assert sorted((p.key, p.line) for p in parsed.problems) == [("a", 5), ("b.c", 4)]


def test_toml_and_json_lines() -> None:
    toml = parse(
        '+++\ntitle = "T"\ndate = 2024-05-15\n[episode]\nurl = "https://x.org/a.mp3"\n+++\n',
        ("toml",),
    )
    assert toml.data == {
        "title": "T",
        "date": dt.date(2024, 5, 15),
        "episode": {"url": "https://x.org/a.mp3"},
    }
    assert (toml.line("date"), toml.line("episode.url")) == (3, 5)
    json_fm = parse('{\n  "title": "T",\n  "episode": {\n    "url": "u"\n  }\n}\nbody', ("json",))
    assert json_fm.data == {"title": "T", "episode": {"url": "u"}}
    assert (json_fm.line("title"), json_fm.line("episode.url")) == (2, 4)
    assert json_fm.block.body_line == 7


def test_thousands_of_keys_take_no_time() -> None:
    keys = "".join(f"  k{n}: v{n}\n" for n in range(4000))
    started = time.perf_counter()
    parsed = parse(f"---\ntitle: T\nepisode:\n{keys}---\n")
    assert parsed.line("episode.k3999") == 4003
    assert time.perf_counter() - started < 2


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_never_raises(body: str) -> None:
    for fence, fmt in (("---", "yaml"), ("+++", "toml")):
        parsed = parse(f"{fence}\n{body}\n{fence}\n", (fmt,))
        assert parsed.data is None or isinstance(parsed.data, dict)
    parse("{" + body, ("json",))


# -- dump --------------------------------------------------------------------------------------

_TRICKY = st.sampled_from(
    ["\n  ---\n", "\n...\n", "---", "...", "a\n---\nb", " lead", "trail ", "x: y", "#", "- i",
     "\u2028", "\r", "\t", "null", "2024-05-15", "'", '"', "{", "[", "\\"]
)  # fmt: skip
_TEXT = st.one_of(st.text(max_size=20), _TRICKY, st.lists(_TRICKY, max_size=4).map("".join))
_SCALAR = st.one_of(_TEXT, st.integers(), st.booleans(), st.none(), st.dates())
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_TEXT, inner, max_size=3)),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_TEXT, _VALUE, min_size=1, max_size=5))
def test_dump_reads_back_exactly(data: dict) -> None:
    text = f"---\n{dump(data)}---\nbody\n"
    parsed = parse(text)
    assert parsed.data == data
    assert parsed.problems == ()
    assert parsed.block.text.count("\n") + 4 == parsed.block.body_line
    myst = myst_block(text)
    assert myst is not None
    assert yaml.safe_load(myst[0]) == data


def test_dump_writes_titles_quoted_and_multiline_text_on_one_line() -> None:
    text = dump({"title": Quoted("T"), "description": "one\n  ---\ntwo", "tags": ["a", "b"]})
    assert text == 'title: "T"\ndescription: "one\\n  ---\\ntwo"\ntags: [a, b]\n'
