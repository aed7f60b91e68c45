"""Translations: the reader sees the extension's text in the project's ``language``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from sphinx_podcast_ext.translations import LANGUAGES, LOCALE, MESSAGES

CONTENT = Path(__file__).parent.parent / "content"
POST = "posts/20240515-john-schulman-openai-cofounder-reasoning-rlhf-plan-for-2027-agi"


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("french") / "src"
    shutil.copytree(CONTENT, root, ignore=shutil.ignore_patterns("_build"))
    app = SphinxTestApp(
        "html",
        srcdir=root,
        builddir=root / "_build",
        freshenv=True,
        confoverrides={"language": "fr", "html_baseurl": "https://example.org/"},
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def page(html: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((html / f"{name}.html").read_text("utf-8"), "html.parser")


def text(soup, selector: str) -> str:
    return " ".join(soup.select_one(selector).get_text(" ").split())


def test_a_french_post(french):
    soup = page(french, POST)
    header = text(soup, "main p.podcast-post-header")
    assert header.startswith("15 mai 2024 · 4 min de lecture")
    assert text(soup, ".podcast-embed__label") == (
        "Lire « John Schulman (OpenAI Cofounder) - Reasoning, RLHF, & Plan for 2027 AGI » "
        "(charge le lecteur YouTube)"
    )
    assert soup.select_one("section.podcast-episode")["aria-label"] == "Épisode"
    assert text(soup, ".podcast-related__title") == "Épisodes liés"
    nav = [a.get_text(strip=True) for a in soup.select("header .podcast-nav__item a")]
    assert nav == ["Épisodes", "Invités", "Émissions", "Citations", "Thèmes", "Années"]


def test_a_french_guest_page(french):
    soup = page(french, "guests/john-schulman")
    assert text(soup, "main .podcast-page__intro") == "Les épisodes avec John Schulman."
    assert text(soup, "main h2.podcast-page__heading") == "Épisodes"
    assert text(soup, "main .podcast-page__meta") == "15 mai 2024"
    assert "en contexte" in text(soup, "main figcaption")


def test_a_french_archive_page(french):
    soup = page(french, "blog/tag/ai")
    assert text(soup, "main h1") == "Articles sur le thème AI"
    assert text(soup, "main .podcast-card__meta").startswith("15 mai 2024")
    assert text(page(french, "blog"), "main h1") == "Tous les épisodes"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reader_message_is_translated_in_the_shipped_catalogs(language):
    from babel.messages.mofile import read_mo

    with (LOCALE / language / "LC_MESSAGES" / "sphinx_podcast_ext.mo").open("rb") as handle:
        catalog = read_mo(handle)
    missing = [
        message
        for message in MESSAGES
        if not catalog.get(message) or not catalog.get(message).string
    ]
    assert missing == []
    # Placeholders survive translation.
    for message in MESSAGES:
        translated = catalog.get(message).string
        for placeholder in ("%s", "%d", "%(time)s", "%(label)s", "%(number)s", "%(count)s"):
            assert message.count(placeholder) == translated.count(placeholder), (language, message)
