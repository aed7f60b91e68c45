"""Recognizing attributed key quotes and their speakers."""

# ruff: noqa: RUF001  (curly quotes, dashes and full-width letters are test data)

from __future__ import annotations

import pytest

from sphinx_podcast_ext.importer.quotes import (
    Quote,
    is_lead_line,
    parse_attributed,
    parse_blockquote,
    strip_lead,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Hello there." - **John Schulman**', Quote(("Hello there.",), "John Schulman")),
        ("“Curly.” — Jane Doe", Quote(("Curly.",), "Jane Doe")),
        (
            "‘Single curly.’ – **Matthew Walker**, Sleep Scientist",
            Quote(("Single curly.",), "Matthew Walker", "Sleep Scientist"),
        ),
        (
            "'Straight single.' - **Ada Lovelace** (Countess) [12:34]",
            Quote(("Straight single.",), "Ada Lovelace", "Countess", "12:34"),
        ),
        ('"Two hyphens." -- *Ann Lee*', Quote(("Two hyphens.",), "Ann Lee")),
        (
            '"Role in bold." - **Grace Hopper, Rear Admiral**',
            Quote(("Role in bold.",), "Grace Hopper", "Rear Admiral"),
        ),
        (
            '"Plain role." - Jane Doe, CEO of Acme',
            Quote(("Plain role.",), "Jane Doe", "CEO of Acme"),
        ),
        (
            '"Paren role." - Sam Rivers (Economist)',
            Quote(("Paren role.",), "Sam Rivers", "Economist"),
        ),
        ('"Italic role." - **Sam**, *Host*', Quote(("Italic role.",), "Sam", "Host")),
        ('"Time." - **Sam** (1:02:03)', Quote(("Time.",), "Sam", "", "1:02:03")),
        ('"Inner "quoted" word." - **Sam**', Quote(('Inner "quoted" word.',), "Sam")),
        ('"He said "yes" - and left." - **Sam**', Quote(('He said "yes" - and left.',), "Sam")),
        ('"Nick." - **Dwayne "The Rock" Johnson**', Quote(("Nick.",), 'Dwayne "The Rock" Johnson')),
        ('"Line one\nline two." -\n**Sam**', Quote(("Line one", "line two."), "Sam")),
        ('"Don’t stop." —**Sam**', Quote(("Don’t stop.",), "Sam")),
    ],
)
def test_parse_attributed(text: str, expected: Quote) -> None:
    assert parse_attributed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "No quotation marks - **Sam**",
        '"No attribution."',
        '"Lowercase plain speaker." - said someone at the event',
        '"Sentence, not a name." - This is clearly a much longer sentence than any name would be.',
        '"Speaker then junk." - **Sam** and more words',
        '"Two." - **A**\n\n"Quotes." - **B**',
        '"Bad time." - **Sam** [99:99]',
        '"" - **Sam**',
    ],
)
def test_not_attributed(text: str) -> None:
    assert parse_attributed(text) is None


def test_blockquote_with_several_quotes() -> None:
    lines = ['> "One." - **A**', ">", "> “Two.” — B"]
    assert parse_blockquote(lines) == [Quote(("One.",), "A"), Quote(("Two.",), "B")]


def test_blockquote_attribution_on_its_own_paragraph() -> None:
    lines = ['> "A long thought', "> over lines.”", ">", "> — **Thinker**"]
    assert parse_blockquote(lines) == [Quote(("A long thought", "over lines."), "Thinker")]


def test_blockquote_lazy_continuation_and_inner_lead() -> None:
    lines = ['> **Key Quote:** "Lazy', 'continuation." - **Sam**']
    assert parse_blockquote(lines) == [Quote(("Lazy", "continuation."), "Sam")]


def test_plain_blockquote_is_not_a_quote() -> None:
    assert parse_blockquote(["> Just an aside."]) is None
    assert parse_blockquote(['> "Quoted but unattributed."']) is None


@pytest.mark.parametrize(
    "line", ["**Key Quote:**", "**Key Quote:** ", "**Key Quote**:", "Key quote:", "__Key Quotes:__"]
)
def test_lead_lines(line: str) -> None:
    assert is_lead_line(line)


@pytest.mark.parametrize("line", ["Key quotes from the show are below.", "**Key** takeaways:"])
def test_not_lead_lines(line: str) -> None:
    assert not is_lead_line(line)
    assert strip_lead(line) is None


def test_strip_lead() -> None:
    assert strip_lead('**Key Quote:** "Hi." - Sam') == '"Hi." - Sam'
