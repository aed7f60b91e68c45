"""Front matter: the title as the page's H1, post records, excerpts and bad values."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import Warn, parse_warnings

SCHULMAN_TITLE = "John Schulman (OpenAI Cofounder) - Reasoning, RLHF, & Plan for 2027 AGI"


def podcast_warnings(app, text: str) -> list[Warn]:
    return [w for w in parse_warnings(app, text) if (w.type or "").startswith("podcast.")]


def first_block_after(h1):
    """The first element after the H1, skipping the post header line (date · tags)."""
    following = h1.find_next_sibling()
    while following is not None and "podcast-post-header" in following.get("class", []):
        following = following.find_next_sibling()
    return following


def headings(soup, level: str) -> list[str]:
    return [h.get_text().rstrip("¶") for h in soup.select(f"div.body {level}")]


# -- the title -------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="frontmatter")
def test_front_matter_title_is_the_only_h1(app, html_page):
    app.build()
    soup = html_page(app, "post")
    assert headings(soup, "h1") == [SCHULMAN_TITLE]
    assert headings(soup, "h2") == [
        "The Future of AI: A Conversation with John Schulman",
        "A second section",
    ]
    assert soup.title.get_text().startswith(SCHULMAN_TITLE)
    assert app.env.titles["post"].astext() == SCHULMAN_TITLE


@pytest.mark.sphinx("html", testroot="directives")
def test_front_matter_title_in_clean_root(app, html_page):
    app.build()
    soup = html_page(app, "posts/schulman")
    assert headings(soup, "h1") == [SCHULMAN_TITLE]
    # The post's only "##" heading restates the title: it is folded under the H1 as a
    # standfirst (with its id, so links to it still land), not shown as a second heading.
    assert headings(soup, "h2") == []
    dek = soup.select_one("h1 + p.podcast-dek")
    assert dek.get_text() == "The Future of AI: A Conversation with John Schulman"
    assert dek["id"] == "the-future-of-ai-a-conversation-with-john-schulman"
    assert app.config.myst_title_to_header is True


@pytest.mark.sphinx(
    "html",
    testroot="frontmatter",
    freshenv=True,
    confoverrides={"podcast_title_to_header": False},
)
def test_title_to_header_off_restores_myst_behaviour(app, html_page):
    app.build()
    assert app.config.myst_title_to_header is False
    soup = html_page(app, "post")
    assert SCHULMAN_TITLE not in headings(soup, "h1")
    assert headings(soup, "h1")[0] == "The Future of AI: A Conversation with John Schulman"
    assert headings(soup, "h2") == []
    # The record still takes the title from the front matter.
    assert app.env.domains["podcast"].posts["post"].title == SCHULMAN_TITLE


# -- records ---------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="frontmatter")
def test_post_record(app):
    app.build()
    record = app.env.domains["podcast"].posts["post"]
    assert record.docname == "post"
    assert record.title == SCHULMAN_TITLE
    assert record.date == dt.date(2024, 5, 15)
    assert record.post.tags == ("Tech", "Innovation", "AI")
    assert record.post.description == "Post-training, RLHF and the road to AGI."
    assert record.description == "Post-training, RLHF and the road to AGI."
    assert record.post.is_post
    assert record.post.episode.video_id == "Wo95ob_s_NI"


@pytest.mark.sphinx("html", testroot="frontmatter")
def test_excerpt_is_first_prose_paragraph(app):
    app.build()
    # Not the key quote, not the plain block quote, not the episode card.
    assert app.env.domains["podcast"].posts["post"].excerpt == (
        "In a fascinating conversation with John Schulman, we delve into AI."
    )


@pytest.mark.sphinx("html", testroot="frontmatter")
def test_excerpt_skips_episode_notes_and_is_shortened(app):
    app.build()
    record = app.env.domains["podcast"].posts["no-description"]
    assert record.post.tags == ("Science", "Space")
    assert record.post.description == ""
    assert record.excerpt.startswith("This first paragraph is long enough to be cut")
    assert record.excerpt.endswith("…")
    assert len(record.excerpt) <= app.config.podcast_excerpt_length + 1
    # Without a description, the card shows the excerpt.
    assert record.description == record.excerpt


@pytest.mark.sphinx(
    "html", testroot="frontmatter", freshenv=True, confoverrides={"podcast_excerpt_length": 40}
)
def test_excerpt_length_option(app):
    app.build()
    excerpt = app.env.domains["podcast"].posts["post"].excerpt
    assert excerpt == "In a fascinating conversation with John…"


@pytest.mark.sphinx("html", testroot="frontmatter")
def test_episode_url_string_and_body_h1(app, html_page):
    app.build()
    record = app.env.domains["podcast"].posts["body-h1"]
    assert record.title == "A heading written in the body"
    assert record.post.episode.video_id == "abcdefghijk"
    assert record.excerpt == "First paragraph."
    h1 = html_page(app, "body-h1").select_one("div.body h1")
    following = first_block_after(h1)
    assert following.name == "section"
    assert "podcast-episode" in following["class"]


@pytest.mark.sphinx("html", testroot="directives")
def test_records_in_clean_root(app):
    app.build()
    posts = app.env.domains["podcast"].posts
    lehmann = posts["posts/lehmann"]
    assert lehmann.title == "Bastian Lehmann: How the Uber Deal Went Down | E1137"
    assert lehmann.date == dt.date(2024, 4, 8)
    assert lehmann.post.tags == ("Tech", "Startups")
    # The front-matter episode card is inserted first, but is not the excerpt.
    assert lehmann.excerpt == "Bastian Lehmann tells how Postmates was sold."
    assert posts["posts/schulman"].excerpt == (
        "In a fascinating conversation with John Schulman, we delve into AI."
    )
    assert not posts["index"].post.is_post


@pytest.mark.sphinx("html", testroot="frontmatter", freshenv=True)
def test_clean_frontmatter_root_has_no_warnings(app, warning):
    app.build()
    assert parse_warnings(app, warning.getvalue()) == []


# -- bad values ------------------------------------------------------------------------------

EXPECTED = [
    ("types.md", 2, "podcast.metadata", "front matter title: expected text, got a list"),
    ("types.md", 3, "podcast.metadata", "front matter description: expected text, got a dict"),
    ("types.md", 5, "podcast.metadata", "front matter tags: tags must be a list of words"),
    ("types.md", 6, "podcast.metadata", "front matter slug: expected text, got a list"),
    ("episode-fields.md", 5, "podcast.timestamp", "episode.duration"),
    ("episode-fields.md", 6, "podcast.metadata", "episode.date: 'yesterday' is not a date"),
    ("episode-fields.md", 7, "podcast.episode", "episode.colour: unknown episode field"),
    ("episode-fields.md", 8, "podcast.url", "episode.apple: only http and https"),
    ("episode-fields.md", 9, "podcast.timestamp", "episode.start"),
    ("episode-not-mapping.md", 3, "podcast.metadata", "episode: must be a mapping"),
]
#: Checked separately below: a duplicate key, and YAML that MyST itself reports.
LOOSE_LINES = {"duplicate.md", "invalid-yaml.md"}


@pytest.mark.sphinx("html", testroot="frontmatter-warnings", freshenv=True)
def test_bad_front_matter_warns_at_the_line(app, warning):
    app.build()
    found = [w for w in podcast_warnings(app, warning.getvalue()) if w.file not in LOOSE_LINES]
    assert sorted((w.file, w.line, w.type) for w in found) == sorted(
        (file, line, kind) for file, line, kind, _ in EXPECTED
    )
    for file, line, kind, fragment in EXPECTED:
        assert any(
            (w.file, w.line, w.type) == (file, line, kind) and fragment in w.message for w in found
        ), (file, line, fragment)


@pytest.mark.sphinx("html", testroot="frontmatter-warnings", freshenv=True)
def test_duplicate_key_warns_at_the_duplicate(app, warning):
    app.build()
    (found,) = [w for w in podcast_warnings(app, warning.getvalue()) if w.file == "duplicate.md"]
    assert (found.line, found.type) == (4, "podcast.metadata")
    assert "title: duplicate key; the last value is used" in found.message


@pytest.mark.sphinx("html", testroot="frontmatter-warnings", freshenv=True)
def test_invalid_yaml_is_reported_once_by_myst(app, warning):
    app.build()
    assert [
        w for w in podcast_warnings(app, warning.getvalue()) if w.file == "invalid-yaml.md"
    ] == []
    lines = [
        line
        for line in warning.getvalue().splitlines()
        if "invalid-yaml.md" in line and ("[myst.topmatter]" in line or "[podcast." in line)
    ]
    assert len(lines) == 1
    assert "Malformed YAML [myst.topmatter]" in lines[0]


@pytest.mark.sphinx("html", testroot="frontmatter-warnings")
def test_build_goes_on_after_bad_front_matter(app, html_page):
    app.build()
    for docname, text in [
        ("duplicate", "Text."),
        ("invalid-yaml", "Text after invalid YAML."),
        ("types", "Text."),
        ("episode-fields", "Text."),
        ("episode-not-mapping", "Text."),
    ]:
        soup = html_page(app, docname)
        assert text in [p.get_text() for p in soup.select("div.body p")], docname
    posts = app.env.domains["podcast"].posts
    # The last duplicate wins; unusable values keep the author's text.
    assert posts["duplicate"].title == "Second title"
    assert posts["types"].title == "a, b"
    assert posts["types"].post.tags == ("5",)
    # The episode with bad fields is still the page's episode.
    episode = app.env.domains["podcast"].episodes["episode-fields"].episode
    assert episode.video_id == "abcdefghijk"
    assert episode.duration is None
    assert episode.duration_text == "forever"
    assert episode.platforms == ()


@pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
def test_bad_frontmatter_in_warnings_root(app, warning):
    app.build()
    found = [
        (w.line, w.type, w.message.split(":")[0])
        for w in podcast_warnings(app, warning.getvalue())
        if w.file == "bad-frontmatter.md"
    ]
    assert sorted(found) == [
        (3, "podcast.metadata", "front matter date"),
        (4, "podcast.metadata", "front matter tags"),
        (6, "podcast.url", "front matter episode.url"),
        (7, "podcast.embed", "front matter episode.embed"),
        (8, "podcast.timestamp", "front matter episode.start"),
    ]


# Regression: PyYAML raised ValueError for impossible dates and the build crashed.
@pytest.mark.sphinx("html", testroot="frontmatter-baddate", freshenv=True)
def test_impossible_date_warns_instead_of_crashing(app, warning, html_page):
    app.build()
    found = podcast_warnings(app, warning.getvalue())
    assert [(w.file, w.line, w.type) for w in found] == [("index.md", 4, "podcast.metadata")]
    assert "The build must go on." in [p.get_text() for p in html_page(app, "index")("p")]
