"""Every bad input of the ``warnings`` root: file, line, ``podcast.<subtype>``; suppression."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import WARNING_LINE, parse_warnings
from sphinx.util.console import strip_escape_sequences

from sphinx_podcast_ext.warnings_ import PodcastWarning

#: (file, line, subtype, a fragment of the message) for every bad input of test-warnings.
EXPECTED = [
    ("bad-directives.md", 3, "quote", "key-quote needs a :speaker: option"),
    ("bad-directives.md", 4, "timestamp", "key-quote :timestamp: minutes and seconds"),
    ("bad-directives.md", 9, "quote", "key-quote has no quote text"),
    ("bad-directives.md", 13, "url", "episode url: only http and https URLs are allowed, not ftp:"),
    ("bad-directives.md", 15, "url", "episode spotify: only http and https URLs"),
    ("bad-directives.md", 18, "episode", "a page has one episode"),
    ("bad-directives.md", 21, "timestamp", "timestamp role: minutes and seconds"),
    ("bad-directives.md", 24, "option", "related-posts :limit: 'zero' is invalid"),
    ("bad-directives.md", 25, "option", "related-posts :columns: '9' is invalid"),
    ("bad-directives.md", 27, "related", "related post 'does-not-exist' not found"),
    ("bad-directives.md", 28, "related", "related post 'also/missing' not found"),
    ("bad-frontmatter.md", 3, "metadata", "front matter date: 'May 15, 2024' is not a date"),
    ("bad-frontmatter.md", 4, "metadata", "front matter tags: tags must be a list"),
    ("bad-frontmatter.md", 6, "url", "front matter episode.url: only http and https"),
    ("bad-frontmatter.md", 7, "embed", "front matter episode.embed: unknown embed mode"),
    ("bad-frontmatter.md", 8, "timestamp", "front matter episode.start: minutes and seconds"),
    ("bad.rst", 7, "timestamp", "timestamp 1:00: this page has no episode URL"),
]


@pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
def test_every_warning_has_file_line_and_subtype(app, warning):
    app.build()
    found = parse_warnings(app, warning.getvalue())
    assert sorted((w.file, w.line, w.type) for w in found) == sorted(
        (file, line, f"podcast.{kind}") for file, line, kind, _ in EXPECTED
    )
    for file, line, kind, fragment in EXPECTED:
        assert any(
            (w.file, w.line, w.type) == (file, line, f"podcast.{kind}") and fragment in w.message
            for w in found
        ), (file, line, fragment)


@pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
def test_warning_lines_are_well_formed(app, warning):
    app.build()
    lines = [
        line
        for line in strip_escape_sequences(warning.getvalue()).splitlines()
        if "WARNING" in line
    ]
    assert len(lines) == len(EXPECTED)
    subtypes = {f"podcast.{kind.value}" for kind in PodcastWarning}
    for line in lines:
        match = WARNING_LINE.match(line)
        assert match, line
        assert Path(match["file"]).is_absolute()
        assert Path(match["file"]).is_relative_to(app.srcdir)
        assert int(match["line"]) >= 1
        assert match["type"] in subtypes


@pytest.mark.sphinx("html", testroot="warnings")
def test_build_goes_on(app, html_page):
    app.build()
    for docname in ("index", "bad-frontmatter", "bad-directives", "bad"):
        assert (Path(app.outdir) / f"{docname}.html").is_file()
    soup = html_page(app, "bad-directives")
    assert len(soup.select("figure.podcast-quote")) == 2
    assert len(soup.select("section.podcast-episode")) == 2
    missing = soup.select(".podcast-card--missing")
    assert [card.select_one(".sd-card-title").get_text(strip=True) for card in missing] == [
        "does-not-exist",
        "Custom",
    ]


@pytest.mark.sphinx(
    "html",
    testroot="warnings",
    freshenv=True,
    confoverrides={"suppress_warnings": ["podcast.quote", "podcast.timestamp"]},
)
def test_suppress_one_subtype(app, warning):
    app.build()
    found = {w.type for w in parse_warnings(app, warning.getvalue())}
    assert found == {f"podcast.{kind}" for _, _, kind, _ in EXPECTED} - {
        "podcast.quote",
        "podcast.timestamp",
    }


@pytest.mark.sphinx(
    "html", testroot="warnings", freshenv=True, confoverrides={"suppress_warnings": ["podcast"]}
)
def test_suppress_all_podcast_warnings(app, warning):
    app.build()
    assert parse_warnings(app, warning.getvalue()) == []


@pytest.mark.sphinx("html", testroot="episode-warnings", freshenv=True, parallel=2)
def test_parallel_read_reports_and_merges(app, warning, html_page):
    app.build()
    found = parse_warnings(app, warning.getvalue())
    assert ("second.md", 7, "podcast.episode") in {(w.file, w.line, w.type) for w in found}
    assert ("role-none.md", 3, "podcast.timestamp") in {(w.file, w.line, w.type) for w in found}
    episodes = app.env.domains["podcast"].episodes
    # Records read by the workers were merged back.
    assert episodes["second"].episode.video_id == "aaaaaaaaaaa"
    assert episodes["click-audio"].episode.embed == "link"
    assert html_page(app, "second").select_one("a.podcast-timestamp")["href"] == (
        "https://www.youtube.com/watch?v=aaaaaaaaaaa&t=60s"
    )
