"""Slugs: examples and properties (stable, ASCII, safe everywhere, unique)."""

# ruff: noqa: RUF001  (curly quotes, dashes and full-width letters are test data)

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_podcast_ext.slugs import (
    MAX_LENGTH,
    RESERVED_NAMES,
    assign_unique,
    post_slug,
    slugify,
)

SAFE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (
            "John Schulman (OpenAI Cofounder) - Reasoning, RLHF, & Plan for 2027 AGI",
            "john-schulman-openai-cofounder-reasoning-rlhf-plan-for-2027-agi",
        ),
        ("José Álvarez: Café", "jose-alvarez-cafe"),
        ("Don’t Stop", "dont-stop"),
        ("  --Hello--  ", "hello"),
        ("日本語", "ri-ben-yu"),  # transliterated (text-unidecode), never empty for CJK
        ("Привет, мир", "privet-mir"),
        ("Episódio 150: Otavio", "episodio-150-otavio"),
        ("CON", "con-post"),
        ("nul", "nul-post"),
        ("com1", "com1-post"),
        ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_cuts_at_a_word() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= MAX_LENGTH
    assert slug.endswith("word")


def test_post_slug() -> None:
    day = dt.date(2024, 5, 15)
    assert post_slug("Hello World", day) == "20240515-hello-world"
    assert post_slug("Hello", day, "My Custom Slug!") == "my-custom-slug"
    assert post_slug("Hello", day, "¿?") == "20240515-hello"
    assert post_slug("日本語", day) == "20240515-ri-ben-yu"
    assert post_slug("英伟达发布新芯片", day) == "20240515-ying-wei-da-fa-bu-xin-xin-pian"
    assert re.fullmatch(r"20240515-post-[0-9a-f]{8}", post_slug("🎙️🎧", day))
    assert post_slug("🎙️", day) != post_slug("🎧", day)


def test_assign_unique_is_deterministic_and_avoids_natural_slugs() -> None:
    wanted = [("c.md", "x-2"), ("b.md", "x"), ("a.md", "x"), ("d.md", "x")]
    assert assign_unique(wanted) == {"a.md": "x", "b.md": "x-3", "c.md": "x-2", "d.md": "x-4"}
    assert assign_unique(reversed(wanted)) == assign_unique(wanted)


def _safe_everywhere(slug: str) -> bool:
    return (
        bool(SAFE.match(slug))
        and slug.isascii()
        and slug.split(".")[0].lower() not in RESERVED_NAMES
        and not slug.endswith((".", " "))
        and len(slug.encode()) <= 255
    )


@given(st.text())
def test_slugify_properties(text: str) -> None:
    slug = slugify(text)
    assert slug == slugify(text)
    assert slug == "" or _safe_everywhere(slug)
    assert len(slug) <= MAX_LENGTH + len("-post")


@given(st.text(), st.dates(), st.one_of(st.none(), st.text()))
def test_post_slug_properties(title: str, day: dt.date, explicit: str | None) -> None:
    slug = post_slug(title, day, explicit)
    assert slug == post_slug(title, day, explicit)
    assert _safe_everywhere(slug)


@given(st.lists(st.tuples(st.text(min_size=1), st.sampled_from(["a", "a-2", "b", "a-3"]))))
def test_assign_unique_properties(pairs: list[tuple[str, str]]) -> None:
    pairs = list(dict(pairs).items())  # keys are file paths: unique
    result = assign_unique(pairs)
    assert set(result) == {key for key, _ in pairs}
    assert len(set(result.values())) == len(result)
    for key, slug in pairs:
        assert result[key] == slug or re.fullmatch(rf"{re.escape(slug)}-\d+", result[key])
    assert assign_unique(reversed(pairs)) == result
