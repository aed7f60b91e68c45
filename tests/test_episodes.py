"""The ``episode`` directive, the episode card, embed modes and the ``timestamp`` role."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest
from helpers import parse_warnings

from sphinx_podcast_ext.nodes import episode_card

UNSAFE_SCHEMES = ("javascript", "data", "vbscript")


def card(soup):
    return soup.select_one("section.podcast-episode")


def rel(tag) -> list[str]:
    value = tag.get("rel", [])
    return value.split() if isinstance(value, str) else list(value)


def scheme_of(url: str) -> str:
    # Browsers ignore leading whitespace and control characters before a scheme.
    return urlsplit(url.strip(" \t\r\n\x00\x0b\x0c").lower()).scheme


# -- the card --------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="episodes")
def test_card_section_and_data_attributes(app, html_page):
    app.build()
    section = card(html_page(app, "click"))
    assert section["id"] == "episode"
    assert section["data-video-id"] == "Wo95ob_s_NI"
    assert section["data-start"] == "60"
    assert section["aria-label"] == "Episode"


@pytest.mark.sphinx("html", testroot="episodes")
def test_card_show_title_and_facts(app, html_page):
    app.build()
    section = card(html_page(app, "click"))
    assert section.select_one(".podcast-episode__show").get_text() == "Dwarkesh Podcast"
    assert section.select_one(".podcast-episode__title").get_text() == (
        "Reasoning, RLHF, & Plan for 2027 AGI"
    )
    facts = section.select_one("dl.podcast-episode__facts")
    pairs = list(
        zip(
            [dt.get_text() for dt in facts.find_all("dt")],
            [dd.get_text() for dd in facts.find_all("dd")],
            strict=True,
        )
    )
    assert pairs == [
        ("Guest", "John Schulman"),
        ("Host", "Dwarkesh Patel"),
        ("Date", "2024-05-15"),
        ("Duration", "1:35:12"),
    ]


@pytest.mark.sphinx("html", testroot="episodes")
def test_card_plural_guests(app, html_page):
    app.build()
    facts = card(html_page(app, "link")).select_one("dl.podcast-episode__facts")
    assert [(dt.get_text(), dt.find_next_sibling("dd").get_text()) for dt in facts("dt")] == [
        ("Guests", "Ada Lovelace, Charles Babbage")
    ]


@pytest.mark.sphinx("html", testroot="episodes")
def test_card_body_content_is_parsed(app, html_page):
    app.build()
    notes = card(html_page(app, "click")).select_one(".podcast-episode__notes")
    assert " ".join(notes.get_text().split()) == "Notes about this episode."
    assert [em.get_text() for em in notes.find_all("em")] == ["this"]


@pytest.mark.sphinx("html", testroot="episodes")
def test_watch_link_opens_safely_in_new_tab(app, html_page):
    app.build()
    # Link mode: the button is the way to the video.
    (watch,) = card(html_page(app, "link")).select("a.podcast-episode__watch")
    assert watch["href"] == "https://www.youtube.com/watch?v=abcdefghijk"
    assert watch["target"] == "_blank"
    assert rel(watch) == ["noopener", "noreferrer"]
    # Click mode: the player's poster is that link (at the start time); no second button.
    section = card(html_page(app, "click"))
    assert section.select("a.podcast-episode__watch") == []
    (poster,) = section.select(".podcast-embed > a.podcast-embed__link")
    assert poster["href"] == "https://www.youtube.com/watch?v=Wo95ob_s_NI&t=60s"
    assert poster["target"] == "_blank"
    assert rel(poster) == ["noopener", "noreferrer"]


@pytest.mark.sphinx("html", testroot="episodes")
def test_platform_links(app, html_page):
    app.build()
    items = card(html_page(app, "click")).select("ul.podcast-episode__platforms > li > a")
    assert [(a.get_text(), a["href"]) for a in items] == [
        ("YouTube", "https://www.youtube.com/watch?v=Wo95ob_s_NI"),
        ("Spotify", "https://open.spotify.com/episode/abc"),
        ("Apple Podcasts", "https://podcasts.apple.com/podcast/id1"),
        ("RSS", "https://example.com/feed.xml"),
        ("Website", "https://www.dwarkesh.com/p/john-schulman"),
    ]
    for a in items:
        assert a["target"] == "_blank"
        assert rel(a) == ["noopener", "noreferrer"]


# -- embed modes -------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="episodes")
def test_embed_click_placeholder(app, html_page):
    app.build()
    soup = html_page(app, "click")
    (embed,) = soup.select(".podcast-embed[data-podcast-embed]")
    assert embed["data-podcast-embed"] == "youtube"
    src = embed["data-embed-src"]
    assert src.startswith("https://www.youtube-nocookie.com/embed/Wo95ob_s_NI")
    assert "start=60" in urlsplit(src).query.split("&")
    (link,) = embed.find_all("a")
    assert link["class"] == ["podcast-embed__link"]
    assert link["href"] == "https://www.youtube.com/watch?v=Wo95ob_s_NI&t=60s"
    assert link["target"] == "_blank"
    assert rel(link) == ["noopener", "noreferrer"]


@pytest.mark.sphinx("html", testroot="episodes")
def test_embed_click_loads_nothing_from_third_parties(app, html_page):
    app.build()
    soup = html_page(app, "click")
    assert soup.find("iframe") is None
    # Nothing is fetched from another host: every src, stylesheet and preload is local.
    for tag in soup.find_all(src=True):
        assert not urlsplit(tag["src"]).netloc, tag
    for tag in soup.find_all(["link", "object", "embed", "img", "video", "audio"]):
        for attr in ("href", "src", "data"):
            if tag.has_attr(attr):
                assert not urlsplit(tag[attr]).netloc, tag
    # In the page's content, external hosts appear only on plain <a> links of the card
    # and timestamps (the theme's footer links to Sphinx itself).
    for a in soup.select_one("[role=main]").find_all("a", href=True):
        if urlsplit(a["href"]).netloc:
            assert a.find_parent("section", class_="podcast-episode") or (
                "podcast-timestamp" in a.get("class", [])
            ), a


@pytest.mark.sphinx("html", testroot="episodes")
def test_embed_click_without_start(app, html_page):
    app.build()
    section = card(html_page(app, "click-nostart"))
    assert section["data-start"] == "0"
    src = section.select_one(".podcast-embed")["data-embed-src"]
    assert src.startswith("https://www.youtube-nocookie.com/embed/abcdefghijk")
    assert "start" not in urlsplit(src).query


@pytest.mark.sphinx("html", testroot="episodes")
def test_embed_link_has_no_placeholder(app, html_page):
    app.build()
    section = card(html_page(app, "link"))
    assert section.select(".podcast-embed") == []
    assert section.select_one("a.podcast-episode__watch")["href"] == (
        "https://www.youtube.com/watch?v=abcdefghijk"
    )
    assert section["data-video-id"] == "abcdefghijk"


@pytest.mark.sphinx("html", testroot="episodes")
def test_embed_none_links_the_title(app, html_page):
    app.build()
    section = card(html_page(app, "none"))
    assert section.select(".podcast-embed") == []
    assert section.select("a.podcast-episode__watch") == []
    title_link = section.select_one(".podcast-episode__title > a")
    assert title_link.get_text() == "Episode seven"
    # The title is the one way to the episode: no extra "Open the episode" link, no player.
    assert [a["href"] for a in section.select("a")] == ["https://example.com/podcast/ep7.mp3"]
    assert section.select("audio, .podcast-episode__open") == []
    assert title_link["href"] == "https://example.com/podcast/ep7.mp3"
    assert title_link["target"] == "_blank"
    assert rel(title_link) == ["noopener", "noreferrer"]
    assert not section.has_attr("data-video-id")


@pytest.mark.sphinx("html", testroot="episodes")
@pytest.mark.parametrize(
    ("docname", "video_id", "start"),
    [
        ("urls/watch", "Wo95ob_s_NI", 0),
        ("urls/youtu-be", "Wo95ob_s_NI", 95),
        ("urls/shorts", "Wo95ob_s_NI", 0),
        ("urls/embed", "Wo95ob_s_NI", 30),
        ("urls/live", "Wo95ob_s_NI", 0),
        ("urls/mobile", "Wo95ob_s_NI", 0),
        ("urls/si", "Wo95ob_s_NI", 120),
        ("urls/t95s", "Wo95ob_s_NI", 95),
        ("urls/hms", "Wo95ob_s_NI", 3753),
        ("urls/nocookie", "Wo95ob_s_NI", 0),
    ],
)
def test_youtube_url_forms(app, html_page, docname, video_id, start):
    app.build()
    section = card(html_page(app, docname))
    assert section["data-video-id"] == video_id
    assert section["data-start"] == str(start)
    src = section.select_one(".podcast-embed")["data-embed-src"]
    assert src.startswith(f"https://www.youtube-nocookie.com/embed/{video_id}")
    assert ("start" in urlsplit(src).query) == bool(start)
    assert section.select("a.podcast-episode__watch") == []
    watch = section.select_one(".podcast-embed > a.podcast-embed__link")["href"]
    expected = f"https://www.youtube.com/watch?v={video_id}"
    assert watch == (f"{expected}&t={start}s" if start else expected)
    record = app.env.domains["podcast"].episodes[docname]
    assert record.episode.video_id == video_id
    assert (record.episode.start or 0) == start


# -- front-matter episodes ---------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="episodes")
def test_front_matter_episode_card_right_after_h1(app, html_page):
    app.build()
    soup = html_page(app, "frontmatter")
    (h1,) = soup.select("div.body h1")
    following = h1.find_next_sibling()
    # Only the post header line (date · reading time · tags) may sit between.
    while "podcast-post-header" in following.get("class", []):
        following = following.find_next_sibling()
    assert following.name == "section"
    assert "podcast-episode" in following["class"]
    assert following["data-video-id"] == "abcdefghijk"
    assert following["data-start"] == "42"
    # The body's ``##`` section comes after the card.
    assert following.find_next_sibling("section").h2.get_text().startswith("The headline")
    # The header line names the show (linked); the card under the player does not repeat
    # it, nor the guest: a post's card is its player.
    header = h1.find_next_sibling(class_="podcast-post-header")
    assert header.select_one(".podcast-post-header__show").get_text() == "20VC"
    assert header.select_one(".podcast-post-header__guest").get_text() == "Bastian Lehmann"
    assert following.select(".podcast-episode__show, dl.podcast-episode__facts") == []
    assert "20VC" not in following.get_text()


@pytest.mark.sphinx("html", testroot="episodes")
def test_front_matter_episode_record(app, html_page):
    app.build()
    record = app.env.domains["podcast"].episodes["frontmatter"]
    assert record.episode.video_id == "abcdefghijk"
    assert record.episode.start == 42
    assert record.episode.guests == ("Bastian Lehmann",)
    # The front matter's card is the page's "episode" anchor.
    assert html_page(app, "frontmatter").select_one("section#episode.podcast-episode") is not None


@pytest.mark.sphinx(
    "html", testroot="episodes", freshenv=True, confoverrides={"podcast_episode_card": "none"}
)
def test_episode_card_none_disables_front_matter_card(app, html_page):
    app.build()
    soup = html_page(app, "frontmatter")
    assert soup.select("section.podcast-episode") == []
    # Directive cards are not affected.
    assert card(html_page(app, "click")) is not None


@pytest.mark.sphinx(
    "html", testroot="episodes", freshenv=True, confoverrides={"podcast_episode_card": "none"}
)
def test_episode_card_none_keeps_front_matter_episode(app, warning, html_page):
    app.build()
    assert "frontmatter" in app.env.domains["podcast"].episodes
    link = html_page(app, "frontmatter").select_one("a.podcast-timestamp")
    assert link["href"] == "https://www.youtube.com/watch?v=abcdefghijk&t=600s"


# -- records ------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="episodes")
def test_episode_record(app):
    app.build()
    record = app.env.domains["podcast"].episodes["click"]
    episode = record.episode
    assert record.docname == "click"
    (card,) = app.env.get_doctree("click").findall(episode_card)
    assert card["ids"] == ["episode"]
    assert card.line == 3
    assert episode.video_id == "Wo95ob_s_NI"
    assert episode.url == "https://www.youtube.com/watch?v=Wo95ob_s_NI"
    assert episode.start == 60
    assert episode.embed == "click"
    assert episode.duration == 5712
    assert episode.guests == ("John Schulman",)
    assert [name for name, _ in episode.platforms] == [
        "youtube",
        "spotify",
        "apple",
        "rss",
        "website",
    ]
    audio = app.env.domains["podcast"].episodes["audio"].episode
    assert audio.video_id is None
    assert audio.embed == "link"


@pytest.mark.sphinx("html", testroot="episodes", freshenv=True)
def test_clean_episodes_root_has_no_warnings(app, warning):
    app.build()
    assert parse_warnings(app, warning.getvalue()) == []


@pytest.mark.sphinx("html", testroot="episodes")
def test_page_ids_are_unique_with_an_episode_heading(app, html_page):
    app.build()
    ids = [tag["id"] for tag in html_page(app, "episode-heading").find_all(id=True)]
    assert [id_ for id_, count in Counter(ids).items() if count > 1] == []


@pytest.mark.sphinx(
    "html", testroot="episodes", freshenv=True, confoverrides={"podcast_default_embed": "click"}
)
def test_default_embed_applies_to_front_matter_episodes(app, html_page):
    app.build()
    assert card(html_page(app, "frontmatter")).select(".podcast-embed") != []


@pytest.mark.sphinx(
    "html", testroot="episodes", freshenv=True, confoverrides={"podcast_default_embed": "click"}
)
def test_default_embed_applies_to_directives(app, html_page):
    app.build()
    assert card(html_page(app, "urls/watch")).select(".podcast-embed") != []
    # An explicit ``:embed:`` wins over the default.
    assert card(html_page(app, "link")).select(".podcast-embed") == []
    assert card(html_page(app, "none")).select("a.podcast-episode__watch") == []


@pytest.mark.sphinx(
    "html", testroot="episodes", freshenv=True, confoverrides={"podcast_default_embed": "click"}
)
def test_default_click_embed_falls_back_silently_for_audio(app, warning):
    app.build()
    assert parse_warnings(app, warning.getvalue()) == []


# -- the timestamp role ------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="episodes")
@pytest.mark.parametrize(
    ("docname", "links"),
    [
        (
            "click",
            [
                ("1:02:33", "https://www.youtube.com/watch?v=Wo95ob_s_NI&t=3753s"),
                ("95", "https://www.youtube.com/watch?v=Wo95ob_s_NI&t=95s"),
            ],
        ),
        (
            "audio",
            [
                ("3:30", "https://example.com/podcast/ep42.mp3#t=210"),
                ("1:02:03", "https://example.com/podcast/ep42.mp3#t=3723"),
            ],
        ),
        ("none", [("2:05", "https://example.com/podcast/ep7.mp3#t=125")]),
        ("frontmatter", [("10:00", "https://www.youtube.com/watch?v=abcdefghijk&t=600s")]),
    ],
)
def test_timestamp_role_links(app, html_page, docname, links):
    app.build()
    found = html_page(app, docname).select("a.podcast-timestamp")
    assert [(a.get_text(), a["href"]) for a in found] == links


# -- bad input ------------------------------------------------------------------------------

EXPECTED_EPISODE_WARNINGS = [
    ("click-audio.md", 5, "podcast.embed", "needs a YouTube URL"),
    ("role-bad.md", 6, "podcast.timestamp", "'1:99'"),
    ("role-bad.md", 6, "podcast.timestamp", "'later'"),
    ("role-none.md", 3, "podcast.timestamp", "timestamp 1:00: this page has no episode"),
    ("role-none-rest.rst", 4, "podcast.timestamp", "timestamp 2:00: this page has no episode"),
    ("second.md", 7, "podcast.episode", "a page has one episode"),
    ("unknown-embed.md", 5, "podcast.embed", "unknown embed mode 'autoplay'"),
    ("unsafe-data.md", 3, "podcast.url", "not data:"),
    ("unsafe-directive.md", 3, "podcast.url", "not javascript: ('javascript:alert(1)')"),
    ("unsafe-directive.md", 5, "podcast.url", "episode spotify"),
    ("unsafe-directive.md", 6, "podcast.url", "episode website"),
    ("unsafe-directive.md", 7, "podcast.url", "episode rss"),
    ("unsafe-frontmatter.md", 4, "podcast.url", "front matter episode.url"),
]


@pytest.mark.sphinx("html", testroot="episode-warnings", freshenv=True)
def test_bad_episodes_warn_at_their_line(app, warning):
    app.build()
    found = parse_warnings(app, warning.getvalue())
    assert sorted((w.file, w.line, w.type) for w in found) == sorted(
        (file, line, kind) for file, line, kind, _ in EXPECTED_EPISODE_WARNINGS
    )
    for file, line, kind, fragment in EXPECTED_EPISODE_WARNINGS:
        assert any(
            (w.file, w.line, w.type) == (file, line, kind) and fragment in w.message for w in found
        ), (file, line, fragment)


@pytest.mark.sphinx("html", testroot="episode-warnings")
def test_second_episode_is_shown_but_first_is_the_pages(app, html_page):
    app.build()
    soup = html_page(app, "second")
    first, second = soup.select("section.podcast-episode")
    assert first["data-video-id"] == "aaaaaaaaaaa"
    assert first["id"] == "episode"
    assert second["data-video-id"] == "bbbbbbbbbbb"
    assert not second.has_attr("id")
    assert app.env.domains["podcast"].episodes["second"].episode.video_id == "aaaaaaaaaaa"
    assert soup.select_one("a.podcast-timestamp")["href"] == (
        "https://www.youtube.com/watch?v=aaaaaaaaaaa&t=60s"
    )


@pytest.mark.sphinx("html", testroot="episode-warnings")
@pytest.mark.parametrize(
    ("docname", "raw"),
    [
        ("unsafe-directive", "javascript:alert(1)"),
        ("unsafe-data", "data:text/html;base64,PGI+aGk8L2I+"),
        ("unsafe-frontmatter", "JaVaScRiPt:alert(1)"),
    ],
)
def test_unsafe_urls_are_shown_not_linked(app, html_page, docname, raw):
    app.build()
    soup = html_page(app, docname)
    section = card(soup)
    assert section.select_one(".podcast-episode__invalid").get_text().endswith(raw)
    assert section.select("a.podcast-episode__watch") == []
    assert not section.has_attr("data-video-id")
    for tag in soup.find_all(True):
        for attr in ("href", "src", "data-embed-src", "action", "formaction"):
            if tag.has_attr(attr):
                assert scheme_of(tag[attr]) not in UNSAFE_SCHEMES, tag
    assert app.env.domains["podcast"].episodes[docname].episode.url is None


@pytest.mark.sphinx("html", testroot="episode-warnings")
def test_unsafe_platform_links_are_dropped(app, html_page):
    app.build()
    section = card(html_page(app, "unsafe-directive"))
    assert section.select("ul.podcast-episode__platforms") == []
    assert app.env.domains["podcast"].episodes["unsafe-directive"].episode.platforms == ()


@pytest.mark.sphinx("html", testroot="episode-warnings")
@pytest.mark.parametrize("docname", ["click-audio", "unknown-embed"])
def test_bad_embed_falls_back_to_link(app, html_page, docname):
    app.build()
    section = card(html_page(app, docname))
    assert section.select(".podcast-embed") == []
    assert app.env.domains["podcast"].episodes[docname].episode.embed == "link"
    if docname == "click-audio":
        # An audio file gets the page's own audio player, which loads nothing before
        # play, and no "Watch" button.
        (audio,) = section.select("audio")
        assert audio["preload"] == "none"
        assert audio["src"] == "https://example.com/podcast/ep1.mp3"
        assert section.select("a.podcast-episode__watch") == []
    else:
        assert section.select("a.podcast-episode__watch") != []


@pytest.mark.sphinx("html", testroot="episode-warnings")
@pytest.mark.parametrize(
    ("docname", "text"),
    [
        ("role-bad", "Time 1:99 and later."),
        ("role-none", "At 1:00 nothing links."),
        ("role-none-rest", "At 2:00 nothing links."),
    ],
)
def test_unlinked_timestamps_keep_their_text(app, html_page, docname, text):
    app.build()
    soup = html_page(app, docname)
    assert soup.select("a.podcast-timestamp") == []
    paragraphs = [" ".join(p.get_text().split()) for p in soup.select("div.body p")]
    assert text in paragraphs
