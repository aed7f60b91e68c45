"""The ``key-quote`` directive: HTML figure, timestamp links, options, records, warnings."""

from __future__ import annotations

import pytest
from docutils import nodes
from helpers import parse_warnings

from sphinx_podcast_ext.nodes import key_quote


def figures(soup):
    return soup.select("figure.podcast-quote")


# -- HTML structure ------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="quotes")
def test_figure_blockquote_and_caption(app, html_page):
    app.build()
    figure = figures(html_page(app, "youtube"))[0]
    assert figure["id"] == "quote-John-Schulman"
    blockquote = figure.find("blockquote", recursive=False)
    assert blockquote is not None
    paragraph = blockquote.find("p")
    assert " ".join(paragraph.get_text().split()) == (
        "I hope the form factor would basically be that people are still driving all this."
    )
    # Inline markup survives.
    assert [em.get_text() for em in paragraph.find_all("em")] == ["people"]
    # The attribution moved out of the blockquote into the caption.
    assert blockquote.select(".podcast-quote__speaker") == []
    caption = figure.find("figcaption", recursive=False)
    assert caption["class"] == ["podcast-quote__caption"]
    assert caption.select_one(".podcast-quote__speaker").get_text() == "John Schulman"
    assert caption.select_one(".podcast-quote__role").get_text() == "OpenAI co-founder"


@pytest.mark.sphinx("html", testroot="directives")
def test_clean_root_quote_figure(app, html_page):
    app.build()
    (figure,) = figures(html_page(app, "posts/schulman"))
    link = figure.select_one("figcaption a.podcast-quote__time")
    assert link.get_text() == "▶ 1:02:33"
    assert link["href"] == "https://www.youtube.com/watch?v=Wo95ob_s_NI&t=3753s"
    assert [em.get_text() for em in figure.select("blockquote em")] == ["people"]


@pytest.mark.sphinx("html", testroot="quotes")
def test_youtube_timestamp_link(app, html_page):
    app.build()
    figure = figures(html_page(app, "youtube"))[0]
    links = figure.select("a.podcast-quote__time")
    assert len(links) == 1
    assert links[0].get_text() == "▶ 1:02:33"
    assert links[0]["href"] == "https://www.youtube.com/watch?v=Wo95ob_s_NI&t=3753s"
    assert links[0].find_parent("figcaption") is not None


@pytest.mark.sphinx("html", testroot="quotes")
def test_non_youtube_timestamp_uses_media_fragment(app, html_page):
    app.build()
    (figure,) = figures(html_page(app, "audio"))
    link = figure.select_one("a.podcast-quote__time")
    assert link.get_text() == "▶ 12:05"
    assert link["href"] == "https://example.com/podcast/ep42.mp3#t=725"


@pytest.mark.sphinx("html", testroot="quotes")
def test_quote_without_timestamp_has_no_time_link(app, html_page):
    app.build()
    second = figures(html_page(app, "youtube"))[1]
    assert second.select(".podcast-quote__time") == []
    assert second.select_one(".podcast-quote__speaker").get_text() == "John Schulman"


@pytest.mark.sphinx("html", testroot="quotes")
@pytest.mark.parametrize(
    ("docname", "classes"),
    [
        ("youtube", ["podcast-quote", "highlight", "wide"]),
        ("audio", ["podcast-quote", "rest-quote"]),
    ],
)
def test_class_option(app, html_page, docname, classes):
    app.build()
    assert figures(html_page(app, docname))[0]["class"] == classes


@pytest.mark.sphinx("html", testroot="quotes")
@pytest.mark.parametrize("docname", ["youtube", "audio"])
def test_name_option_is_a_reference_target(app, html_page, docname):
    app.build()
    soup = html_page(app, docname)
    figure = figures(soup)[0]
    ref = soup.select_one("a.reference.internal span.std-ref").parent
    assert ref.get_text() == "the quote"
    assert ref["href"] == f"#{figure['id']}"


@pytest.mark.sphinx("html", testroot="quotes")
@pytest.mark.parametrize("docname", ["youtube", "audio"])
def test_myst_and_rest_give_the_same_structure(app, html_page, docname):
    app.build()
    figure = figures(html_page(app, docname))[0]
    assert [child.name for child in figure.find_all(recursive=False)] == [
        "blockquote",
        "figcaption",
    ]
    caption = figure.figcaption
    assert [span["class"][0] for span in caption.find_all("span", recursive=False)] == [
        "podcast-quote__dash",
        "podcast-quote__speaker",
        "podcast-quote__role",
    ]


@pytest.mark.sphinx("html", testroot="quotes")
def test_episode_option_by_docname(app, html_page):
    app.build()
    other, local = figures(html_page(app, "by-docname"))
    # Points into the YouTube episode of page "youtube", not this page's own.
    assert other.select_one("a.podcast-quote__time")["href"] == (
        "https://www.youtube.com/watch?v=Wo95ob_s_NI&t=10s"
    )
    # Without :episode:, the page's own episode is used.
    assert local.select_one("a.podcast-quote__time")["href"] == "https://example.com/other.mp3#t=20"


@pytest.mark.sphinx("html", testroot="quotes")
def test_episode_option_by_episode_id_and_from_rest(app, html_page):
    app.build()
    by_id, by_docname = figures(html_page(app, "by-id"))
    assert by_id.select_one("a.podcast-quote__time")["href"] == (
        "https://www.youtube.com/watch?v=Wo95ob_s_NI&t=3600s"
    )
    assert by_id.select_one("a.podcast-quote__time").get_text() == "▶ 1:00:00"
    assert by_docname.select_one("a.podcast-quote__time")["href"] == (
        "https://example.com/podcast/ep42.mp3#t=61"
    )


# -- doctree and records ---------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="quotes")
def test_doctree_is_generic_before_writing(app):
    app.build()
    doctree = app.env.get_doctree("youtube")
    quote = next(doctree.findall(key_quote))
    assert quote["speaker"] == "John Schulman"
    assert quote["role"] == "OpenAI co-founder"
    assert quote["timestamp"] == 3753
    assert quote["classes"] == ["highlight", "wide"]
    assert "schulman-quote" in quote["names"]
    (block,) = quote.children
    assert isinstance(block, nodes.block_quote)
    assert isinstance(block[-1], nodes.attribution)
    assert block[-1].astext() == "John Schulman, OpenAI co-founder"


@pytest.mark.sphinx("html", testroot="quotes")
def test_quote_records(app, html_page):
    app.build()
    records = app.env.domains["podcast"].quotes["youtube"]
    ids = [figure["id"] for figure in figures(html_page(app, "youtube"))]
    assert [record.anchor for record in records] == ids
    assert len(set(ids)) == 2
    first = records[0]
    assert first.docname == "youtube"
    assert first.speaker == "John Schulman"
    assert first.role == "OpenAI co-founder"
    assert first.text == (
        "I hope the form factor would basically be that people are still driving all this."
    )
    assert first.timestamp == 3753
    assert first.episode_ref == ""
    assert records[1].timestamp is None
    # Where the quote is written (records keep no line; warnings use the node's).
    doctree = app.env.get_doctree("youtube")
    assert next(node.line for node in doctree.findall(key_quote)) == 8


@pytest.mark.sphinx("html", testroot="quotes")
def test_quote_records_keep_episode_reference(app):
    app.build()
    records = app.env.domains["podcast"].quotes["by-id"]
    lines = [node.line for node in app.env.get_doctree("by-id").findall(key_quote)]
    assert [(r.speaker, r.episode_ref, r.timestamp) for r in records] == [
        ("John Schulman", "dwarkesh-schulman", 3600),
        ("Ada Lovelace", "audio", 61),
    ]
    assert lines == [4, 11]


@pytest.mark.sphinx("html", testroot="quotes", freshenv=True)
def test_clean_quotes_root_has_no_warnings(app, warning):
    app.build()
    assert parse_warnings(app, warning.getvalue()) == []


# -- bad input -----------------------------------------------------------------------------


EXPECTED_QUOTE_WARNINGS = [
    ("bad.md", 6, "podcast.quote", "needs a :speaker: option"),
    ("bad.md", 11, "podcast.quote", "has no quote text"),
    ("bad.md", 18, "podcast.timestamp", "'1:75'"),
    (
        "bad.md",
        22,
        "podcast.timestamp",
        "key-quote :episode: 'no-such-episode' names no known episode",
    ),
    ("bad-rest.rst", 4, "podcast.quote", "needs a :speaker: option"),
    ("bad-rest.rst", 8, "podcast.quote", "has no quote text"),
    ("bad-rest.rst", 13, "podcast.timestamp", "'soon'"),
    ("bad-rest.rst", 17, "podcast.timestamp", "timestamp 2:00 has no episode URL"),
]


@pytest.mark.sphinx("html", testroot="quote-warnings", freshenv=True)
def test_bad_quotes_warn_at_their_line(app, warning):
    app.build()
    found = parse_warnings(app, warning.getvalue())
    assert sorted((w.file, w.line, w.type) for w in found) == sorted(
        (file, line, kind) for file, line, kind, _ in EXPECTED_QUOTE_WARNINGS
    )
    for file, line, kind, fragment in EXPECTED_QUOTE_WARNINGS:
        (match,) = [w for w in found if (w.file, w.line, w.type) == (file, line, kind)]
        assert fragment in match.message


@pytest.mark.sphinx("html", testroot="quote-warnings")
def test_quote_without_speaker_is_unattributed(app, html_page):
    app.build()
    first = figures(html_page(app, "bad"))[0]
    assert first.select(".podcast-quote__speaker") == []
    assert first.select_one(".podcast-quote__role").get_text() == "Nobody in particular"
    assert first.blockquote.get_text(strip=True) == "A quote with no speaker."
    assert first["id"]


@pytest.mark.sphinx("html", testroot="quote-warnings")
def test_empty_quote_still_renders(app, html_page):
    app.build()
    empty = figures(html_page(app, "bad"))[1]
    assert empty.blockquote.get_text(strip=True) == ""
    assert empty.select_one(".podcast-quote__speaker").get_text() == "Empty Body"


@pytest.mark.sphinx("html", testroot="quote-warnings")
@pytest.mark.parametrize(
    ("docname", "index", "text"), [("bad", 2, "1:75"), ("bad-rest", 2, "soon")]
)
def test_bad_timestamp_keeps_text_without_link(app, html_page, docname, index, text):
    app.build()
    figure = figures(html_page(app, docname))[index]
    caption = figure.figcaption
    assert caption.find("a") is None
    assert f"({text})" in [span.get_text().strip() for span in caption.find_all("span")]


@pytest.mark.sphinx("html", testroot="quote-warnings")
@pytest.mark.parametrize(
    ("docname", "index", "shown"), [("bad", 3, "0:30"), ("bad-rest", 3, "2:00")]
)
def test_timestamp_without_episode_is_plain_text(app, html_page, docname, index, shown):
    app.build()
    figure = figures(html_page(app, docname))[index]
    assert figure.find("a") is None
    assert figure.select_one("span.podcast-quote__time").get_text() == shown
