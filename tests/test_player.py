"""The reader's post page: player (video poster, audio), chapters, pull quote, title and image."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import parse_warnings

from sphinx_podcast_ext.titles import restates, title_classes


def card(soup):
    return soup.select_one("section.podcast-episode")


def first_screen_order(soup) -> list[str]:
    """The classes of what comes under the H1, in order, up to the body's first heading."""
    h1 = soup.select_one("div.body h1, article h1")
    order = []
    for sibling in h1.find_next_siblings():
        if sibling.name in ("section",) and "podcast-episode" not in sibling.get("class", []):
            break
        order.append(sibling.name + "." + ".".join(sibling.get("class", [])))
    return order


# -- the image field ----------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="player")
def test_image_from_front_matter_and_directive(app):
    app.build()
    episodes = app.env.domains["podcast"].episodes
    assert episodes["audio"].episode.image == "https://media.example.org/shows/engines/ep12.jpg"
    assert episodes["video"].episode.image == "https://img.example.org/hopper.png"
    assert episodes["directive"].episode.image == "https://media.example.org/ep7.png"
    assert episodes["art"].episode.image == ""


@pytest.mark.sphinx("html", testroot="player", freshenv=True)
def test_unsafe_images_warn_at_their_line_and_are_dropped(app, warning):
    app.build()
    found = parse_warnings(app, warning.getvalue())
    assert sorted((w.file, w.line, w.type) for w in found) == [
        ("bad-image-directive.md", 5, "podcast.url"),
        ("bad-image.md", 6, "podcast.url"),
    ]
    episodes = app.env.domains["podcast"].episodes
    assert episodes["bad-image"].episode.image == ""
    assert episodes["bad-image-directive"].episode.image == ""


# -- video --------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="player")
def test_video_poster_is_the_episode_image(app, html_page):
    app.build()
    section = card(html_page(app, "video"))
    (img,) = section.select(".podcast-embed a.podcast-embed__link img.podcast-embed__poster")
    assert img["src"] == "https://img.example.org/hopper.png"
    assert img["alt"] == ""  # the link's text names it
    assert img["loading"] == "lazy"
    assert img["referrerpolicy"] == "no-referrer"
    assert section.select(".podcast-embed__art") == []


@pytest.mark.sphinx("html", testroot="player")
def test_video_without_image_gets_a_styled_poster_with_show_and_title(app, html_page):
    app.build()
    soup = html_page(app, "art")
    section = card(soup)
    assert section.find("img") is None
    art = section.select_one(".podcast-embed__link .podcast-embed__art")
    assert art["aria-hidden"] == "true"
    assert art.select_one(".podcast-embed__show").get_text() == "Machine Hour"
    assert art.select_one(".podcast-embed__title").get_text().startswith("A very long title")
    label = section.select_one(".podcast-embed__label")
    assert " ".join(label.get_text().split()).startswith("Play “A very long title")
    assert label.get_text().endswith("(loads the YouTube player)")
    # Nothing is loaded from another host before play: no src, no background image.
    assert soup.select("main [src], article [src], div.body [src]") == []


@pytest.mark.sphinx("html", testroot="player")
def test_a_post_card_is_the_player_without_a_second_card(app, html_page):
    app.build()
    section = card(html_page(app, "video"))
    assert "podcast-episode--post" in section["class"]
    assert section.select("a.podcast-episode__watch, .podcast-episode__show") == []
    assert section.select("dl.podcast-episode__facts, .podcast-episode__title") == []
    assert section.select_one(".podcast-episode__body").get_text(strip=True) == ""


# -- audio --------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="player")
def test_audio_episode_gets_an_audio_player_that_loads_nothing_before_play(app, html_page):
    app.build()
    section = card(html_page(app, "audio"))
    assert "podcast-episode--audio" in section["class"]
    (audio,) = section.select("audio")
    assert audio["src"] == "https://media.example.org/shows/engines/ep12.mp3"
    assert audio["preload"] == "none"
    assert audio.has_attr("controls")
    assert audio["aria-label"] == "Listen: Engines and notes"
    assert section.select_one(".podcast-audio__label").get_text() == "Listen"
    art = section.select_one("img.podcast-audio__art")
    assert art["src"] == "https://media.example.org/shows/engines/ep12.jpg"
    assert section.select("a.podcast-episode__watch, .podcast-embed, iframe") == []
    # Platform pages stay links.
    platforms = section.select("ul.podcast-episode__platforms a")
    assert [(a.get_text(), a["href"]) for a in platforms] == [
        ("Spotify", "https://open.spotify.com/episode/xyz")
    ]


@pytest.mark.sphinx("html", testroot="player")
def test_audio_from_a_directive_off_posts_keeps_its_full_card(app, html_page):
    app.build()
    section = card(html_page(app, "directive"))
    assert section.select_one("audio")["src"] == "https://media.example.org/ep7.ogg"
    # A time code in the directive's own notes is a chapter.
    assert [a["data-seconds"] for a in section.select("a.podcast-chapter")] == ["120"]
    assert section.select_one(".podcast-episode__title").get_text() == "Episode seven"
    assert "podcast-episode--post" not in section["class"]


@pytest.mark.sphinx("html", testroot="player")
def test_platform_page_urls_stay_links(app, html_page):
    app.build()
    section = card(html_page(app, "spotify"))
    assert section.select("audio, iframe, .podcast-embed") == []
    (button,) = section.select("a.podcast-episode__watch")
    assert button.get_text() == "Open the episode"
    assert button["href"] == "https://open.spotify.com/episode/abc123"


@pytest.mark.sphinx("text", testroot="player")
def test_text_builder_writes_the_audio_url_out(app):
    app.build()
    text = " ".join((Path(app.outdir) / "audio.txt").read_text("utf-8").split())
    assert "Listen to the episode: https://media.example.org/shows/engines/ep12.mp3" in text


# -- chapters -------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="player")
def test_chapters_from_time_codes_and_quotes_in_time_order(app, html_page):
    app.build()
    section = card(html_page(app, "audio"))
    nav = section.select_one(".podcast-episode__stage > nav.podcast-chapters")
    assert nav["aria-label"] == "Chapters"
    chapters = [
        (
            a.select_one(".podcast-chapter__time").get_text(),
            a.select_one(".podcast-chapter__label").get_text(),
            a["data-seconds"],
            a["href"],
        )
        for a in nav.select("ol > li > a.podcast-chapter")
    ]
    url = "https://media.example.org/shows/engines/ep12.mp3"
    assert chapters == [
        ("0:45", "Welcome and introductions", "45", f"{url}#t=45"),
        ("12:05", "The analytical engine", "725", f"{url}#t=725"),
        (
            "20:00",
            "“The engine weaves algebraic patterns just as…”",
            "1200",
            f"{url}#t=1200",
        ),
        ("31:40", "Note G, the first program", "1900", f"{url}#t=1900"),
        ("45:00", "Later, at 45:00, a word about poetry.", "2700", f"{url}#t=2700"),
    ]
    assert "podcast-episode--chapters" in section["class"]


@pytest.mark.sphinx("html", testroot="player")
def test_no_chapter_list_without_time_codes(app, html_page):
    app.build()
    assert card(html_page(app, "art")).select("nav.podcast-chapters") == []


# -- first screen: title, standfirst, header, player, pull quote --------------------------------


@pytest.mark.sphinx("html", testroot="player")
def test_first_screen_order(app, html_page):
    app.build()
    soup = html_page(app, "audio")
    assert first_screen_order(soup) == [
        "p.podcast-dek",
        "p.podcast-post-header",
        "section.podcast-episode.podcast-episode--audio.podcast-episode--post"
        ".podcast-episode--chapters.podcast-episode--player",
        "figure.podcast-quote.podcast-quote--pull",
        "p.",
        "ul.simple",
        "p.",
    ]
    assert soup.select_one("p.podcast-dek").get_text() == "A conversation with Ada Lovelace"


@pytest.mark.sphinx("html", testroot="player")
def test_only_the_first_quote_becomes_the_pull_quote(app, html_page):
    app.build()
    soup = html_page(app, "art")
    pull, second = soup.select("figure.podcast-quote")
    assert "podcast-quote--pull" in pull["class"]
    assert "podcast-quote--pull" not in second["class"]
    assert pull.find_previous_sibling("section")["id"] == "episode"
    assert second.find_previous_sibling().get_text() == "Body text without any heading."


@pytest.mark.sphinx("html", testroot="player", confoverrides={"podcast_pull_quote": False})
def test_pull_quote_can_be_turned_off(app, html_page):
    app.build()
    soup = html_page(app, "art")
    assert soup.select("figure.podcast-quote--pull") == []
    first = soup.select_one("figure.podcast-quote")
    assert first.find_previous_sibling("p").get_text() == "Body text without any heading."


@pytest.mark.sphinx("html", testroot="player")
def test_a_heading_that_restates_nothing_stays_a_heading(app, html_page):
    app.build()
    soup = html_page(app, "video")
    assert soup.select("p.podcast-dek") == []
    assert [h.get_text().rstrip("#¶") for h in soup.select("div.body h2, article h2")] == [
        "Summary",
        "Details",
    ]


@pytest.mark.sphinx("html", testroot="player")
def test_title_class_by_length(app, html_page):
    app.build()
    assert html_page(app, "art").select_one("h1")["class"] == [
        "podcast-title",
        "podcast-title--longer",
    ]
    assert html_page(app, "video").select_one("h1")["class"] == ["podcast-title"]
    # Not a post: no class.
    assert html_page(app, "index").select_one("h1").get("class") is None


def test_title_helpers():
    assert title_classes("x" * 61) == ["podcast-title", "podcast-title--long"]
    from sphinx_podcast_ext.metadata import post_from_metadata

    post, _ = post_from_metadata(
        {"date": "2024-01-01", "episode": {"url": "https://e.org/a.mp3", "guest": "Ada"}}
    )
    assert restates("A conversation with John Schulman", post, "John Schulman - AGI")
    assert not restates("Summary", post, "John Schulman - AGI")
    assert not restates("The episode, with more", post, "An episode with more")


@pytest.mark.sphinx("html", testroot="player")
def test_the_pull_quote_follows_an_episode_card_placed_lower_in_the_opening(app, html_page):
    app.build()
    soup = html_page(app, "late-card")
    pull = soup.select_one("figure.podcast-quote--pull")
    assert pull.find_previous_sibling()["id"] == "episode"
    assert soup.select_one("h1 ~ p:not(.podcast-post-header)").get_text() == (
        "An opening paragraph before the episode."
    )


@pytest.mark.sphinx("singlehtml", testroot="player", srcdir="player-single")
def test_single_page_chapters_stay_with_their_own_document(app, html_page):
    app.build()
    soup = html_page(app, "index")
    chapters = {
        section["id"]: [a["data-seconds"] for a in section.select("a.podcast-chapter")]
        for section in soup.select("section.podcast-episode")
    }
    assert chapters["audio-episode"] == ["45", "725", "1200", "1900", "2700"]
    assert chapters["video-episode"] == ["3723"]
    assert chapters["art-episode"] == []
