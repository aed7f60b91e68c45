"""Social cards: a PNG per post drawn with Pillow, its og:image, and the cache that keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_podcast_ext import socialcards
from sphinx_podcast_ext.socialcards import SocialCard, _wrap, draw_card

PIL = pytest.importorskip("PIL")
from PIL import Image  # noqa: E402 (after the skip)

BASE = "https://example.org/archive/"


def og(app, page: str, key: str) -> list[str]:
    soup = BeautifulSoup((Path(app.outdir) / f"{page}.html").read_text("utf-8"), "html.parser")
    return [
        tag["content"]
        for tag in soup.find_all("meta")
        if (tag.get("property") or tag.get("name")) == key
    ]


@pytest.fixture
def drawn(monkeypatch):
    """The cards drawn during the test (the real drawing runs)."""
    calls: list[str] = []
    real = socialcards.draw_card

    def counting(card, path):
        calls.append(path.name)
        real(card, path)

    monkeypatch.setattr(socialcards, "draw_card", counting)
    return calls


@pytest.mark.sphinx(
    "html",
    testroot="webmeta",
    srcdir="social-1",
    freshenv=True,
    confoverrides={"html_baseurl": BASE},
)
def test_each_post_gets_a_card_as_absolute_og_image(app, drawn):
    app.build()
    (url,) = og(app, "episode", "og:image")
    assert url.startswith(f"{BASE}_social/episode-") and url.endswith(".png")
    path = Path(app.outdir, url.removeprefix(BASE))
    with Image.open(path) as image:
        assert image.size == (1200, 630)
        assert image.format == "PNG"
    assert og(app, "episode", "og:image:width") == ["1200"]
    assert og(app, "episode", "og:image:height") == ["630"]
    assert og(app, "episode", "og:image:alt")[0].startswith("Reasoning, RLHF & the plan for 2027")
    assert og(app, "episode", "twitter:card") == ["summary_large_image"]
    # Not for pages that are not posts.
    assert og(app, "index", "og:image") == []
    assert sorted(drawn) == sorted(p.name for p in Path(app.outdir, "_social").glob("*.png"))


@pytest.mark.sphinx("html", testroot="webmeta", srcdir="social-2", freshenv=True)
def test_no_card_without_a_base_url(app):
    app.build()
    assert og(app, "episode", "og:image") == []
    assert not Path(app.outdir, "_social").exists()


@pytest.mark.sphinx(
    "html",
    testroot="webmeta",
    srcdir="social-3",
    freshenv=True,
    confoverrides={"html_baseurl": BASE},
)
def test_cards_are_not_redrawn_when_nothing_changed_and_replaced_when_something_did(app, drawn):
    app.build()
    first = {p.name: p.stat().st_mtime_ns for p in Path(app.outdir, "_social").glob("*.png")}
    assert first and len(drawn) == len(first)
    drawn.clear()
    app.build(force_all=True)  # every page written again
    assert drawn == []
    again = {p.name: p.stat().st_mtime_ns for p in Path(app.outdir, "_social").glob("*.png")}
    assert again == first
    source = Path(app.srcdir, "episode.md")
    source.write_text(source.read_text("utf-8").replace("Reasoning, RLHF", "Reasoning and RLHF"))
    app.build()
    assert len(drawn) == 1 and drawn[0].startswith("episode-")
    cards = sorted(p.name for p in Path(app.outdir, "_social").glob("episode-*.png"))
    assert cards == drawn  # the old card of the page is gone
    assert og(app, "episode", "og:image") == [f"{BASE}_social/{drawn[0]}"]


@pytest.mark.sphinx(
    "html",
    testroot="player",
    srcdir="social-4",
    freshenv=True,
    confoverrides={"html_baseurl": BASE, "podcast_social_cards": False},
)
def test_without_cards_the_episode_image_is_the_og_image(app):
    app.build()
    assert og(app, "video", "og:image") == ["https://img.example.org/hopper.png"]
    assert og(app, "art", "og:image") == []


def test_wrap_fits_the_width_and_marks_what_was_cut():
    font = socialcards._font(32, False)
    lines = _wrap("word " * 200, font, 600, 3)
    assert len(lines) == 3
    assert all(font.getlength(line) <= 600 for line in lines)
    assert lines[-1].endswith("…")
    assert _wrap("A short title", font, 600, 3) == ["A short title"]
    long_word = _wrap("x" * 400, font, 600, 2)
    assert len(long_word) == 1 and font.getlength(long_word[0]) <= 600


def test_draw_card_writes_a_png_for_any_text(tmp_path):
    card = SocialCard("T" * 500, "S" * 300, "Q " * 400, "Speaker", "Site <&>")
    draw_card(card, tmp_path / "card.png")
    with Image.open(tmp_path / "card.png") as image:
        assert image.size == (1200, 630)
    empty = SocialCard("", "", "", "", "")
    draw_card(empty, tmp_path / "empty.png")
    assert (tmp_path / "empty.png").stat().st_size > 0
