"""The archive's navigation entries (``podcast_navigation``), with pydata-sphinx-theme or not."""

from __future__ import annotations

import pytest


def entries(soup, scope: str = "header") -> list[tuple[str, str]]:
    return [
        (li.a.get_text(strip=True), li.a["href"])
        for li in soup.select(f"{scope} .podcast-nav__item")
    ]


@pytest.mark.sphinx(
    "html", testroot="directives", confoverrides={"html_theme": "pydata_sphinx_theme"}
)
def test_pydata_header_shows_the_written_indexes_before_the_toctree(app, html_page):
    app.build()
    soup = html_page(app, "posts/schulman")
    # Without ablog there are no episode, tag or year pages, and no feed.
    assert entries(soup) == [
        ("Guests", "../guests.html"),
        ("Shows", "../shows.html"),
        ("Quotes", "../quotes.html"),
    ]
    nav = soup.select("header ul.navbar-nav > li")
    assert "podcast-nav__item" in nav[0]["class"]
    assert soup.select('link[rel=alternate][type="application/atom+xml"]') == []


@pytest.mark.sphinx(
    "html",
    testroot="directives",
    freshenv=True,
    confoverrides={"html_theme": "pydata_sphinx_theme", "podcast_navigation": ["quotes"]},
)
def test_navigation_is_configurable(app, html_page):
    app.build()
    assert entries(html_page(app, "index")) == [("Quotes", "quotes.html")]


@pytest.mark.sphinx(
    "html",
    testroot="directives",
    freshenv=True,
    confoverrides={"html_theme": "pydata_sphinx_theme", "podcast_navigation": []},
)
def test_no_navigation(app, html_page):
    app.build()
    assert html_page(app, "index").select(".podcast-nav__item") == []


@pytest.mark.sphinx(
    "html",
    testroot="directives",
    freshenv=True,
    confoverrides={"html_theme": "furo", "html_sidebars": {"**": ["podcast/navigation.html"]}},
)
def test_other_themes_show_it_where_the_template_is_placed(app, html_page):
    app.build()
    soup = html_page(app, "posts/schulman")
    (nav,) = soup.select("nav.podcast-nav")
    assert nav["aria-label"] == "The archive"
    assert entries(soup, "nav.podcast-nav") == [
        ("Guests", "../guests.html"),
        ("Shows", "../shows.html"),
        ("Quotes", "../quotes.html"),
    ]


@pytest.mark.sphinx(
    "html", testroot="directives", confoverrides={"html_theme": "pydata_sphinx_theme"}
)
def test_the_current_index_is_marked_and_links_to_itself(app, html_page):
    app.build()
    soup = html_page(app, "guests")
    (current,) = soup.select("header .podcast-nav__item.current")
    assert current.a["href"] == "guests.html"
    assert current.a["aria-current"] == "page"
