"""Web metadata of post pages: OpenGraph tags and the schema.org JSON-LD block."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from sphinx.util.console import strip_escape_sequences

from sphinx_podcast_ext.webmeta import iso_duration, json_ld_script, page_metadata

BASE = "https://example.org/archive/"
WITH_BASE = {"html_baseurl": BASE}
HOSTILE_TITLE = "</script><script>alert(1)</script> & friends"
HOSTILE_QUOTE = "</script><script>alert(4)</script>"
HOSTILE_SPEAKER = "</script><script>alert(3)</script>"
EPUB_CONFIG = {"epub_copyright": "2024, Test", "version": "1.0", "release": "1.0"}
#: What sphinxext-opengraph writes itself; never twice on a page.
SINGLE_TAGS = ("og:title", "og:description", "og:url", "og:type", "og:site_name", "description")


def head(app, pagename: str, suffix: str = ".html") -> BeautifulSoup:
    text = (Path(app.outdir) / f"{pagename}{suffix}").read_text(encoding="utf-8")
    return BeautifulSoup(text, "html.parser").head


def og(soup, key: str) -> list[str]:
    """The content of every ``<meta property=key>`` (or ``name=key``)."""
    return [
        tag["content"]
        for tag in soup.find_all("meta")
        if tag.get("property") == key or tag.get("name") == key
    ]


def ld_blocks(soup) -> list:
    return [
        json.loads(script.string)
        for script in soup.find_all("script", attrs={"type": "application/ld+json"})
    ]


def ld(soup) -> dict:
    (data,) = ld_blocks(soup)
    return data


def warnings_of(warning) -> list[str]:
    return [
        line
        for line in strip_escape_sequences(warning.getvalue()).splitlines()
        if "WARNING" in line or "ERROR" in line
    ]


# -- OpenGraph -------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="webmeta", freshenv=True, confoverrides=WITH_BASE)
def test_opengraph_tags_of_an_episode_post(app):
    app.build()
    soup = head(app, "episode")
    description = 'John Schulman on "post-training" & what comes next.'
    assert og(soup, "og:title") == ["Reasoning, RLHF & the plan for 2027"]
    assert og(soup, "og:description") == [description]
    assert og(soup, "description") == [description]
    assert og(soup, "og:type") == ["article"]
    assert og(soup, "og:url") == [BASE + "episode.html"]
    assert og(soup, "og:site_name") == ["Web & Meta"]
    assert og(soup, "article:published_time") == ["2024-05-20"]
    assert og(soup, "article:tag") == ["ai", "rlhf"]
    assert og(soup, "og:video") == ["https://www.youtube.com/watch?v=Wo95ob_s_NI"]


@pytest.mark.sphinx("html", testroot="webmeta", freshenv=True, confoverrides=WITH_BASE)
def test_og_url_is_the_canonical_url_and_only_one_canonical(app):
    app.build()
    soup = head(app, "episode")
    canonical = soup.find_all("link", rel="canonical")
    assert [link["href"] for link in canonical] == [BASE + "episode.html"]
    assert og(soup, "og:url") == [canonical[0]["href"]]
    assert ld(soup)["url"] == canonical[0]["href"]


@pytest.mark.sphinx("html", testroot="webmeta", freshenv=True, confoverrides=WITH_BASE)
def test_description_falls_back_to_the_excerpt_and_no_video_without_youtube(app):
    app.build()
    soup = head(app, "blog")
    excerpt = "The excerpt comes from this first paragraph."
    assert og(soup, "og:description") == [excerpt]
    assert og(soup, "description") == [excerpt]
    assert og(soup, "og:video") == []
    assert og(soup, "article:tag") == ["notes"]
    assert og(head(app, "hostile"), "og:video") == []


# -- JSON-LD ---------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="webmeta", freshenv=True, confoverrides=WITH_BASE)
def test_json_ld_podcast_episode(app, html_page):
    app.build()
    data = ld(head(app, "episode"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "PodcastEpisode"
    assert data["name"] == "John Schulman - Reasoning, RLHF, & Plan for 2027 AGI"
    assert data["url"] == BASE + "episode.html"
    assert data["datePublished"] == "2024-05-15"
    assert data["description"] == 'John Schulman on "post-training" & what comes next.'
    assert data["keywords"] == ["ai", "rlhf"]
    assert data["partOfSeries"] == {"@type": "PodcastSeries", "name": "Dwarkesh Podcast"}
    assert data["author"] == {"@type": "Person", "name": "Dwarkesh Patel"}
    assert [(p["@type"], p["name"]) for p in data["contributor"]] == [
        ("Person", "John Schulman"),
        ("Person", "Second Guest"),
    ]
    assert data["timeRequired"] == "PT1H35M12S"
    media = data["associatedMedia"]
    assert media["@type"] == "VideoObject"
    assert media["url"] == "https://www.youtube.com/watch?v=Wo95ob_s_NI"
    assert media["embedUrl"] == "https://www.youtube-nocookie.com/embed/Wo95ob_s_NI"
    quotes = data["hasPart"]
    assert [q["@type"] for q in quotes] == ["Quotation", "Quotation"]
    assert [q["text"] for q in quotes] == [
        "People are still driving all of this.",
        "A second quote by someone else.",
    ]
    assert [q["creator"] for q in quotes] == [
        {"@type": "Person", "name": "John Schulman"},
        {"@type": "Person", "name": "Second Guest"},
    ]
    # Each quote's URL points at the quote's own anchor on the page.
    body = html_page(app, "episode")
    for quote in quotes:
        page, _, anchor = quote["url"].partition("#")
        assert page == BASE + "episode.html"
        assert anchor
        assert body.find(id=anchor) is not None


@pytest.mark.sphinx("html", testroot="webmeta", freshenv=True, confoverrides=WITH_BASE)
def test_json_ld_blog_posting(app):
    app.build()
    data = ld(head(app, "blog"))
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Notes without an episode"
    assert data["datePublished"] == "2024-06-01"
    assert data["keywords"] == ["notes"]
    assert data["description"] == "The excerpt comes from this first paragraph."
    assert data["url"] == BASE + "blog.html"
    assert "partOfSeries" not in data
    assert "associatedMedia" not in data
    (quote,) = data["hasPart"]
    assert quote["@type"] == "Quotation"
    assert quote["text"] == "The engine weaves algebraic patterns."
    assert quote["creator"]["name"] == "Ada Lovelace"
    assert quote["url"].startswith(BASE + "blog.html#")


@pytest.mark.sphinx("html", testroot="webmeta", freshenv=True, confoverrides=WITH_BASE)
def test_non_youtube_episode_has_plain_media(app):
    app.build()
    media = ld(head(app, "hostile"))["associatedMedia"]
    assert media == {
        "@type": "MediaObject",
        "name": HOSTILE_TITLE,
        "url": "https://example.com/episodes/7",
    }


# -- escaping --------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="webmeta", freshenv=True, confoverrides=WITH_BASE)
def test_hostile_text_cannot_break_out_of_the_head(app):
    app.build()
    raw = (Path(app.outdir) / "hostile.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(raw, "html.parser")
    scripts = soup.find_all("script")
    # Only external scripts and the one data block: no script made of user text.
    assert scripts
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in scripts)
    assert len([s for s in scripts if s.get("type") == "application/ld+json"]) == 1
    assert soup.head.find("script", attrs={"type": "application/ld+json"}) is not None
    data = ld(soup.head)
    assert data["name"] == HOSTILE_TITLE
    assert data["description"] == "<!-- </SCRIPT> \" ' end"
    assert data["partOfSeries"]["name"] == "</script><script>alert(2)</script>"
    (quote,) = data["hasPart"]
    assert quote["text"] == HOSTILE_QUOTE
    assert quote["creator"]["name"] == HOSTILE_SPEAKER
    # The block's text has no raw "<", so "</script" or "<!--" never appears in it.
    (block,) = soup.find_all("script", attrs={"type": "application/ld+json"})
    assert "<" not in block.string
    assert ">" not in block.string
    # Attributes keep the text as text.
    assert og(soup.head, "og:title") == [HOSTILE_TITLE]
    assert og(soup.head, "og:description") == ["<!-- </SCRIPT> \" ' end"]
    assert "<script>alert" not in raw


@given(st.text())
def test_json_ld_script_round_trips_any_text(text):
    script = json_ld_script({"name": text, "list": [text]})
    start = '<script type="application/ld+json">\n'
    assert script.startswith(start)
    assert script.endswith("\n</script>")
    inner = script[len(start) : -len("\n</script>")]
    assert "<" not in inner
    assert ">" not in inner
    assert "&" not in inner
    assert json.loads(inner) == {"name": text, "list": [text]}


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "PT0S"),
        (59, "PT59S"),
        (60, "PT1M"),
        (3600, "PT1H"),
        (5712, "PT1H35M12S"),
        (3601, "PT1H1S"),
    ],
)
def test_iso_duration(seconds, expected):
    assert iso_duration(seconds) == expected


# -- when there is nothing to add ----------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="webmeta", freshenv=True)
def test_without_base_url_there_are_no_urls(app):
    app.build()
    for page in ("episode", "blog", "hostile"):
        soup = head(app, page)
        assert og(soup, "og:url") == []
        assert soup.find_all("link", rel="canonical") == []
        data = ld(soup)
        assert "url" not in data
        assert "mainEntityOfPage" not in data
        assert all("url" not in quote for quote in data["hasPart"])
        # The rest is still there.
        assert og(soup, "og:title")
    # Media URLs are absolute on their own and stay.
    assert ld(head(app, "episode"))["associatedMedia"]["url"].startswith("https://www.youtube")


@pytest.mark.sphinx("html", testroot="webmeta", freshenv=True, confoverrides=WITH_BASE)
def test_non_post_pages_have_no_metadata(app):
    app.build()
    for page in ("index", "plain", "genindex", "search"):
        soup = head(app, page)
        assert ld_blocks(soup) == []
        assert og(soup, "og:title") == []
        assert og(soup, "article:published_time") == []


@pytest.mark.sphinx(
    "html",
    testroot="webmeta",
    freshenv=True,
    confoverrides={**WITH_BASE, "podcast_web_metadata": False},
)
def test_switched_off(app):
    app.build()
    for page in ("episode", "blog", "hostile"):
        soup = head(app, page)
        assert ld_blocks(soup) == []
        assert [tag for tag in soup.find_all("meta") if tag.get("property")] == []
        assert og(soup, "description") == []


@pytest.mark.sphinx(
    "epub", testroot="webmeta", freshenv=True, confoverrides={**WITH_BASE, **EPUB_CONFIG}
)
def test_epub_gets_nothing_and_builds_cleanly(app, warning):
    app.build()
    assert app.builder.name == "epub"
    assert [line for line in warnings_of(warning) if "podcast" in line or "ERROR" in line] == []
    for page in ("episode", "blog", "hostile"):
        soup = head(app, page, ".xhtml")
        assert ld_blocks(soup) == []
        assert og(soup, "og:title") == []
        assert og(soup, "article:tag") == []


@pytest.mark.sphinx(
    "singlehtml",
    testroot="webmeta",
    freshenv=True,
    confoverrides={**WITH_BASE, "root_doc": "episode"},
)
def test_singlehtml_gets_nothing(app):
    # The one page holds the whole project, even when its root document is a post.
    app.build()
    soup = head(app, "episode")
    assert soup.find("title") is not None
    assert ld_blocks(soup) == []
    assert og(soup, "og:title") == []
    assert og(soup, "og:video") == []
    assert og(soup, "article:published_time") == []


@pytest.mark.sphinx("dirhtml", testroot="webmeta", freshenv=True, confoverrides=WITH_BASE)
def test_dirhtml_urls_follow_the_canonical_link(app):
    app.build()
    soup = head(app, "episode/index")
    (canonical,) = soup.find_all("link", rel="canonical")
    assert canonical["href"] == BASE + "episode/"
    assert og(soup, "og:url") == [BASE + "episode/"]
    data = ld(soup)
    assert data["url"] == BASE + "episode/"
    assert all(q["url"].startswith(BASE + "episode/#") for q in data["hasPart"])


# -- living with other tags ------------------------------------------------------------------


@pytest.mark.sphinx(
    "html",
    testroot="webmeta",
    freshenv=True,
    confoverrides={
        **WITH_BASE,
        "extensions": ["myst_parser", "sphinx_podcast_ext", "sphinxext.opengraph"],
        "ogp_site_url": BASE,
        "ogp_social_cards": {"enable": False},
    },
)
def test_with_sphinxext_opengraph_no_duplicates(app):
    app.build()
    assert "sphinxext.opengraph" in app.extensions
    for page in ("episode", "blog", "hostile"):
        soup = head(app, page)
        keys = Counter(
            tag.get("property") or tag.get("name")
            for tag in soup.find_all("meta")
            if tag.get("property") or tag.get("name")
        )
        assert {key: keys[key] for key in SINGLE_TAGS if keys[key] > 1} == {}
        # sphinxext-opengraph wrote the generic tags; ours are still added.
        assert keys["og:title"] == 1
        assert keys["article:published_time"] == 1
        assert len(ld_blocks(soup)) == 1
    episode = head(app, "episode")
    assert og(episode, "og:video") == ["https://www.youtube.com/watch?v=Wo95ob_s_NI"]
    assert og(episode, "article:tag") == ["ai", "rlhf"]
    # sphinxext-opengraph's own description (the page text) is the one kept.
    assert og(episode, "og:description") != ['John Schulman on "post-training" & what comes next.']
    # Even on a page where it wrote nothing yet, its tags are left to it.
    extra = BeautifulSoup(page_metadata(app, "episode"), "html.parser")
    assert [t.get("property") or t.get("name") for t in extra.find_all("meta")] == [
        "article:published_time",
        "article:tag",
        "article:tag",
        "og:video",
    ]


@pytest.mark.sphinx("html", testroot="webmeta", freshenv=True, confoverrides=WITH_BASE)
def test_existing_meta_tags_are_not_repeated(app):
    app.build()
    soup = head(app, "premeta")
    assert og(soup, "description") == ["Written by the author."]
    assert og(soup, "og:title") == ["The author's own title"]
    # What the page did not set is still added.
    assert og(soup, "article:published_time") == ["2024-08-01"]
    assert ld(soup)["@type"] == "BlogPosting"
