"""Guest and show pages are timelines split into pages of ``podcast_page_size`` entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_podcast_ext.pagination import initial


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


NEWEST_FIRST = [f"Episode {n}" for n in (5, 4, 3, 2, 1)]


def timeline(app, first: str) -> list[tuple[str, BeautifulSoup]]:
    """Every page of the timeline that starts at page *first*, following rel=next."""
    suffix = ".html" if app.builder.name == "html" else "/index.html"
    path = Path(app.outdir) / f"{first}{suffix}"
    pages = []
    while True:
        soup = parse_html(path)
        pages.append((str(path.relative_to(app.outdir)), soup))
        following = soup.select_one("#podcast-page nav.podcast-pagination a[rel=next]")
        if following is None:
            return pages
        head_next = soup.select_one("head link[rel=next]")
        assert head_next is not None and head_next["href"] == following["href"]
        path = (path.parent / following["href"]).resolve()
        if path.is_dir():
            path = path / "index.html"


def titles(soup: BeautifulSoup, group: str) -> list[str]:
    return [a.get_text() for a in soup.select(f"#podcast-page #{group} a.podcast-page__title")]


@pytest.mark.parametrize(
    "app",
    [
        pytest.param(None, marks=pytest.mark.sphinx("html", testroot="timelines", freshenv=True)),
        pytest.param(
            None, marks=pytest.mark.sphinx("dirhtml", testroot="timelines", freshenv=True)
        ),
    ],
    indirect=True,
    ids=["html", "dirhtml"],
)
def test_show_timeline_is_split_newest_first(app):
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    pages = timeline(app, "shows/the-show")
    assert len(pages) == 3
    assert [titles(soup, "group-episodes") for _path, soup in pages] == [
        NEWEST_FIRST[0:2],
        NEWEST_FIRST[2:4],
        NEWEST_FIRST[4:5],
    ]
    for number, (_path, soup) in enumerate(pages, start=1):
        current = soup.select_one("#podcast-page .podcast-pagination__current").get_text()
        assert current == f"Page {number} of 3"
        assert soup.select_one("#podcast-page h1").get_text() == "The Show"
        # Every quote keeps its time link on whichever page it lands.
        assert len(soup.select("#podcast-page a.podcast-quote__time")) == len(
            titles(soup, "group-episodes")
        )
    first_previous = pages[0][1].select("#podcast-page a[rel=prev], head link[rel=prev]")
    assert first_previous == []
    last_back = pages[-1][1].select_one("#podcast-page a[rel=prev]")
    assert last_back is not None


@pytest.mark.sphinx("html", testroot="timelines", freshenv=True)
def test_guest_timeline_ends_with_the_posts_that_quote_them(app):
    app.build()
    pages = timeline(app, "guests/ada-lovelace")
    # Five episodes and one post quoting the guest: six entries, two to a page.
    assert len(pages) == 3
    episodes = [t for _path, soup in pages for t in titles(soup, "group-episodes")]
    assert episodes == NEWEST_FIRST
    quoted = [t for _path, soup in pages for t in titles(soup, "group-quoted")]
    assert quoted == ["Elsewhere"]
    assert titles(pages[-1][1], "group-quoted") == ["Elsewhere"]
    # The post header links the guest to page 1, which every post reaches.
    post = parse_html(Path(app.outdir) / "posts" / "episode-3.html")
    assert any(a["href"] == "../guests/ada-lovelace.html" for a in post.select("a[href]"))


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("Ada", "A"),
        ("ålbert", "A"),
        ("Émile", "E"),
        ("ß Eszett", "S"),
        ("Łukasz Kaiser", "L"),
        ("Øystein", "O"),
        ("Ærø", "A"),
        ("Đorđe", "D"),
        ("ǅemal", "D"),
        ("ﬁona", "F"),
        ("\u0131ld\u0131z", "I"),  # dotless i
        ("李 雷", "#"),
        ("1 Number", "#"),
        ("  ", "#"),
    ],
)
def test_names_are_listed_under_the_letter_an_index_would_use(name: str, letter: str) -> None:
    assert initial(name) == letter
