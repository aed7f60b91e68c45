"""The archive site (content/) on a synthetic archive: generated pages, feed, search.

Builds the real ``content/conf.py`` once, with 36 generated posts next to the
site's own pages, and checks the output by parsing it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
import snowballstemmer
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from pagefind_index import Bundle
from sphinx.testing.util import SphinxTestApp

from sphinx_podcast_ext.slugs import slugify
from sphinx_podcast_ext.testing import SyntheticPost, write_archive

CONTENT = Path(__file__).parent.parent / "content"
BASE_URL = "https://podcasts.example.org/"
POST_COUNT = 36


class Site:
    """A built synthetic site: its posts and output folder."""

    def __init__(self, root: Path, posts: list[SyntheticPost], app: SphinxTestApp) -> None:
        self.root = root
        self.posts = posts
        self.html = Path(app.outdir)
        self.warnings = app.warning.getvalue()

    def page(self, name: str) -> BeautifulSoup:
        return BeautifulSoup((self.html / f"{name}.html").read_text("utf-8"), "html.parser")

    def listing_pages(self, name: str) -> list[BeautifulSoup]:
        """Every page of a paginated listing, in order (following its rel=next links)."""
        pages = []
        seen = set()
        path = self.html / f"{name}.html"
        while path not in seen:
            seen.add(path)
            soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
            pages.append(soup)
            following = soup.select_one("main a[rel=next]")
            if following is None:
                break
            path = (path.parent / following["href"]).resolve()
        return pages

    def listing_links(self, name: str) -> set[str]:
        """The posts a paginated listing links to, on all its pages."""
        return {link for page in self.listing_pages(name) for link in self.post_links(page)}

    def post_links(self, soup: BeautifulSoup, scope: str = "main") -> set[str]:
        """The post docnames a page links to (inside its main content)."""
        found = set()
        for link in soup.select(f"{scope} a[href]"):
            match = re.search(r"posts/([^/#]+?)\.html", link["href"])
            if match:
                found.add(match.group(1))
        return found


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("site") / "src"
    shutil.copytree(CONTENT, root, ignore=shutil.ignore_patterns("_build", "posts"))
    posts = write_archive(root, POST_COUNT, seed=11)
    previous = os.environ.get("PODCAST_BASE_URL")
    os.environ["PODCAST_BASE_URL"] = BASE_URL
    try:
        app = SphinxTestApp("html", srcdir=root, builddir=root / "_build", freshenv=True)
        app.build()
        app.cleanup()
    finally:
        if previous is None:
            os.environ.pop("PODCAST_BASE_URL", None)
        else:
            os.environ["PODCAST_BASE_URL"] = previous
    return Site(root, posts, app)


def test_build_has_no_warnings(site):
    assert "WARNING" not in site.warnings, site.warnings


def test_posts_are_ablog_posts_without_blogpost_in_source(site):
    assert all("blogpost" not in p.text for p in site.posts)
    listed = site.listing_links("blog")
    assert listed == {p.slug for p in site.posts}


def test_guest_pages_list_their_episodes_and_quotes(site):
    by_guest = defaultdict(set)
    for post in site.posts:
        by_guest[post.guest].add(post.slug)
    assert len(by_guest) > 3
    for guest, slugs in by_guest.items():
        page = site.page(f"guests/{slugify(guest)}")
        assert page.select_one("main h1").get_text(strip=True) == guest
        assert site.post_links(page) == slugs
        quotes = {
            q.select_one("blockquote").get_text(strip=True) for q in page.select("main figure")
        }
        expected = {q for p in site.posts if p.guest == guest for q in p.quotes}
        assert quotes == expected


def test_show_pages_list_their_episodes(site):
    by_show = defaultdict(set)
    for post in site.posts:
        by_show[post.show].add(post.slug)
    for show, slugs in by_show.items():
        assert site.post_links(site.page(f"shows/{slugify(show)}")) == slugs
    index = site.page("shows")
    assert {a.get_text() for a in index.select("main .podcast-page__index a")} == set(by_show)


def test_show_pages_are_timelines_with_the_quotes_and_time_links(site):
    show = site.posts[0].show
    page = site.page(f"shows/{slugify(show)}")
    posts = sorted((p for p in site.posts if p.show == show), key=lambda p: p.date, reverse=True)
    entries = page.select("main ul.podcast-timeline > li.podcast-page__entry")
    assert [e.select_one("a.podcast-page__title").get_text() for e in entries] == [
        p.title for p in posts
    ]
    for entry, post in zip(entries, posts, strict=True):
        quotes = [q.select_one("blockquote").get_text(strip=True) for q in entry.select("figure")]
        assert quotes == list(post.quotes)
        assert len(entry.select("figcaption a.podcast-quote__time")) == len(post.quotes)


def test_quote_index_groups_every_quote_by_speaker_with_links_back(site):
    groups = [
        g for page in site.listing_pages("quotes") for g in page.select("main .podcast-page__group")
    ]
    # A speaker whose quotes go on over a page break is headed again on the next page.
    speakers = list(dict.fromkeys(g.select_one("h2").get_text(strip=True) for g in groups))
    assert speakers == sorted({p.guest for p in site.posts}, key=str.casefold)
    listed = []
    for group in groups:
        for figure in group.select("figure"):
            link = figure.select_one("figcaption a")["href"]
            slug, anchor = re.fullmatch(r"(?:\.\./)*posts/(.+)\.html#(.+)", link).groups()
            target = site.page(f"posts/{slug}")
            quote = target.find(id=anchor)
            assert quote is not None and quote.name == "figure"
            assert quote.select_one("blockquote").get_text(" ", strip=True) == figure.select_one(
                "blockquote"
            ).get_text(" ", strip=True)
            listed.append(figure.select_one("blockquote").get_text(strip=True))
    assert sorted(listed) == sorted(q for p in site.posts for q in p.quotes)


def test_year_and_tag_archives_list_the_right_posts(site):
    years = defaultdict(set)
    tags = defaultdict(set)
    for post in site.posts:
        years[post.date.year].add(post.slug)
        for tag in post.tags:
            tags[tag].add(post.slug)
    for year, slugs in years.items():
        assert site.listing_links(f"blog/{year}") == slugs
    for tag, slugs in tags.items():
        assert site.listing_links(f"blog/tag/{slugify(tag)}") == slugs


def test_atom_feed_parses_with_titles_and_dates(site):
    feed = ElementTree.parse(site.html / "blog" / "atom.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert entries
    newest = sorted(site.posts, key=lambda p: p.date, reverse=True)
    by_title = {p.title: p for p in site.posts}
    assert [e.find("a:title", ns).text for e in entries] == [p.title for p in newest][
        : len(entries)
    ]
    for entry in entries:
        post = by_title[entry.find("a:title", ns).text]
        assert entry.find("a:updated", ns).text.startswith(post.date.isoformat())
        assert entry.find("a:link", ns).get("href").startswith(BASE_URL)


def test_json_ld_describes_the_episode_and_quotes(site):
    post = site.posts[4]
    page = site.page(f"posts/{post.slug}")
    blocks = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    assert len(blocks) == 1
    data = blocks[0]
    assert data["@type"] == "PodcastEpisode"
    assert data["name"] == post.title
    assert data["datePublished"].startswith(post.date.isoformat())
    quotes = [part["text"] for part in data.get("hasPart", []) if part["@type"] == "Quotation"]
    assert quotes == list(post.quotes)


def test_search_index_contains_quote_words_and_guest_names(site):
    # The site searches with Pagefind (podcast_search in content/conf.py); Sphinx's
    # own index is covered in test_search.py. Pagefind stems with Snowball English.
    bundle = Bundle.read(site.html / "_pagefind")
    stem = snowballstemmer.stemmer("english").stemWord
    post = site.posts[7]
    url = f"/posts/{post.slug}.html"
    # Key quotes and guest names are weighted (5; body text is 1).
    for word in post.quotes[0].rstrip(".").split():
        assert bundle.weights(stem(word.lower())).get(url, 0) >= 5, word
    assert bundle.weights(stem(post.guest.split()[1].lower())).get(url, 0) >= 5


def test_post_pages_do_not_carry_the_archive_in_their_navigation(site):
    page = site.page(f"posts/{site.posts[0].slug}")
    nav_links = page.select("nav a[href*='posts/']")
    assert len(nav_links) <= 3


def test_landing_page_lists_latest_posts_and_indexes(site):
    page = site.page("index")
    latest = [
        c.select_one(".sd-card-title").get_text(strip=True)
        for c in page.select(".podcast-latest .podcast-card")
    ]
    newest = sorted(site.posts, key=lambda p: p.date, reverse=True)[:6]
    assert latest == [p.title for p in newest]
    shows = {a.get_text(strip=True) for a in page.select(".podcast-index--shows a")}
    assert shows <= {p.show for p in site.posts} and shows


# -- navigation and feed ------------------------------------------------------------------------

NAV_LABELS = ["Episodes", "Guests", "Shows", "Quotes", "Tags", "Years"]
NAV_PAGES = ["blog", "guests", "shows", "quotes", "blog/tag", "blog/archive"]


def nav_items(page: BeautifulSoup) -> list[tuple[str, str, bool]]:
    """The archive's entries in the header: (label, href, current)."""
    return [
        (
            li.a.get_text(strip=True),
            li.a["href"],
            "current" in li.get("class", []) and li.a.get("aria-current") == "page",
        )
        for li in page.select("header .podcast-nav__item")
    ]


@pytest.mark.parametrize(
    ("name", "current"),
    [("index", None), ("guests", "Guests"), ("blog/tag", "Tags"), ("blog/2020", "Years")],
)
def test_header_navigation_leads_to_every_index_and_the_feed(site, name, current):
    page = site.page(name)
    items = nav_items(page)
    assert [label for label, _href, _current in items] == [*NAV_LABELS, "Subscribe"]
    folder = (site.html / name).parent
    for (label, href, _current), target in zip(items, NAV_PAGES, strict=False):
        assert (folder / href).resolve() == (site.html / f"{target}.html").resolve(), label
    assert items[-1][1] == f"{BASE_URL}blog/atom.xml"
    assert [label for label, _href, is_current in items if is_current] == (
        [current] if current else []
    )


def test_a_post_marks_episodes_as_current(site):
    items = nav_items(site.page(f"posts/{site.posts[0].slug}"))
    assert [label for label, _href, is_current in items if is_current] == ["Episodes"]


@pytest.mark.parametrize("name", ["index", "guests", "quotes", "blog", "blog/tag/ai"])
def test_every_page_links_the_feed_with_the_base_url(site, name):
    page = site.page(name) if name != "blog/tag/ai" else site.page(site_tag_page(site))
    (link,) = page.select('head link[rel=alternate][type="application/atom+xml"]')
    assert link["href"] == f"{BASE_URL}blog/atom.xml"
    assert (site.html / "blog" / "atom.xml").is_file()


def site_tag_page(site) -> str:
    return f"blog/tag/{slugify(site.posts[0].tags[0])}"


def test_post_header_links_the_guest_and_show_to_their_pages(site):
    post = site.posts[2]
    page = site.page(f"posts/{post.slug}")
    header = page.select_one("main p.podcast-post-header")
    guest = header.select_one("a .podcast-post-header__guest").find_parent("a")
    show = header.select_one("a .podcast-post-header__show").find_parent("a")
    assert guest.get_text() == post.guest
    assert guest["href"] == f"../guests/{slugify(post.guest)}.html"
    assert show["href"] == f"../shows/{slugify(post.show)}.html"
