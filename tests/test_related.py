"""The related-posts directive: explicit cards, automatic fill, missing targets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_podcast_ext.records import RelatedEntry
from sphinx_podcast_ext.related import parse_entry


def cards(soup):
    """(title, href or None, classes) of each card on a page."""
    result = []
    for card in soup.select(".podcast-related .podcast-card"):
        link = card.select_one("a.sd-stretched-link")
        title = card.select_one(".sd-card-title").get_text(" ", strip=True)
        result.append((title, link.get("href") if link else None))
    return result


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("spoke-a", RelatedEntry("", "posts/spoke-a", "spoke-a", None)),
        ("./spoke-a.md", RelatedEntry("", "posts/spoke-a", "./spoke-a.md", None)),
        ("Title <spoke-a>", RelatedEntry("Title", "posts/spoke-a", "spoke-a", None)),
        ("A <b> title <../index>", RelatedEntry("A <b> title", "index", "../index", None)),
        ("/other/x", RelatedEntry("", "other/x", "/other/x", None)),
    ],
)
def test_parse_entry_reads_targets_like_the_doc_role(line, expected):
    assert parse_entry(line, "posts/hub") == expected


@pytest.mark.sphinx("html", testroot="related", freshenv=True)
def test_explicit_cards_keep_order_titles_and_link(app, html_page, warning):
    app.build()
    hub = html_page(app, "posts/hub")
    assert cards(hub) == [
        ("Custom spoke title", "spoke-a.html"),
        ("Spoke B", "spoke-b.html"),
        ("./missing-one", None),
    ]
    # The missing target warns at its own line, with its own subtype.
    lines = [line for line in warning.getvalue().splitlines() if "podcast.related" in line]
    assert len(lines) == 1
    assert re.search(r"posts/hub\.md:15: WARNING: related post './missing-one' not found", lines[0])


@pytest.mark.sphinx("html", testroot="related", freshenv=True)
def test_card_shows_date_show_guests_excerpt_and_tags(app, html_page):
    app.build()
    card = html_page(app, "posts/hub").select(".podcast-card")[0]
    assert card.select_one(".podcast-card__meta").get_text() == (
        "2024-01-01 · The Show · Guest A, Guest B"
    )
    assert card.select_one(".podcast-card__excerpt").get_text() == (
        "Spoke A first paragraph of prose that becomes the excerpt."
    )
    assert [tag.get_text() for tag in card.select(".podcast-tag")] == ["Common"]
    # sphinx-design's own components: a grid of cards, the whole card a link.
    grid = html_page(app, "posts/hub").select_one(".podcast-related")
    assert "sd-container-fluid" in grid["class"]
    assert grid.select_one(".sd-row") is not None
    assert "sd-card-hover" in card["class"]
    assert "sd-hide-link-text" in card.select_one("a.sd-stretched-link")["class"]


@pytest.mark.sphinx("html", testroot="related", freshenv=True)
def test_missing_target_is_an_unlinked_card_not_a_dropped_line(app, html_page):
    app.build()
    missing = html_page(app, "posts/hub").select(".podcast-card")[2]
    assert "podcast-card--missing" in missing["class"]
    assert missing.find("a") is None
    assert missing.select_one(".podcast-card__note") is not None


@pytest.mark.sphinx("html", testroot="related", freshenv=True)
def test_auto_ranks_by_shared_rare_tags_then_recency(app, html_page):
    app.build()
    # "auto" has tags Rare+Common: the two posts sharing both come first (newest
    # first), then the one sharing the rare tag, before posts sharing only Common.
    assert cards(html_page(app, "posts/auto")) == [
        ("Explicit plus auto", "mixed.html"),
        ("The hub post", "hub.html"),
        ("Rare match", "rare-match.html"),
    ]


@pytest.mark.sphinx("html", testroot="related", freshenv=True)
def test_auto_fills_only_free_slots_up_to_the_limit(app, html_page):
    app.build()
    assert cards(html_page(app, "posts/mixed")) == [
        ("Spoke B", "spoke-b.html"),
        ("Auto fill", "auto.html"),
    ]


@pytest.mark.sphinx("html", testroot="related", freshenv=True)
def test_columns_option_sets_the_grid(app, html_page):
    app.build()
    row = html_page(app, "posts/auto").select_one(".podcast-related .sd-row")
    assert "sd-row-cols-1" in row["class"]
    assert "sd-row-cols-md-2" in row["class"]
    hub_row = html_page(app, "posts/hub").select_one(".podcast-related .sd-row")
    assert "sd-row-cols-md-3" in hub_row["class"]


@pytest.mark.sphinx("html", testroot="related", freshenv=True)
def test_cycles_and_self_links_render(app, html_page, warning):
    app.build()
    assert [title for title, _ in cards(html_page(app, "posts/self"))] == [
        "Self and cycle",
        "Cycle back",
    ]
    assert [title for title, _ in cards(html_page(app, "posts/cycle"))] == ["Self and cycle"]
    assert "Traceback" not in warning.getvalue()


@pytest.mark.sphinx(
    "html",
    testroot="related",
    freshenv=True,
    confoverrides={"suppress_warnings": ["podcast.related"]},
)
def test_missing_target_warning_is_suppressible(app, warning):
    app.build()
    assert "podcast.related" not in warning.getvalue()


@pytest.mark.sphinx("text", testroot="related", freshenv=True)
def test_text_builder_writes_card_titles(app):
    app.build()
    lines = (app.outdir / "posts" / "hub.txt").read_text(encoding="utf-8").splitlines()
    for title in ("Custom spoke title", "Spoke B", "./missing-one"):
        assert lines.count(title) == 1


def _exhaustive(record, index, exclude, count):
    """The ranking by definition: score every post sharing any tag; ties to the newest."""
    from sphinx_podcast_ext.ranking import _scores

    tags = {t.casefold() for t in record.post.tags} & index.by_tag.keys()
    scores = _scores(index, tags, exclude)
    candidates = {o.docname: o for t in tags for o in index.by_tag[t]}

    def key(other):
        ordinal = other.date.toordinal() if other.date else 0
        return (-round(scores[other.docname], 9), -ordinal, other.docname)

    return sorted((candidates[n] for n in scores), key=key)[:count]


def _tagged_records(seed, size, extra_common=0):
    """Synthetic post records; *extra_common* adds that many of the common tags to a third."""
    import random

    from sphinx_podcast_ext.metadata import Post
    from sphinx_podcast_ext.records import PostRecord
    from sphinx_podcast_ext.testing import generate_archive

    rng = random.Random(seed)
    posts = generate_archive(size, seed=seed)
    common = sorted({tag for post in posts for tag in post.tags[:1]})[:12]
    records = []
    for post in posts:
        tags = post.tags
        if extra_common and rng.random() < 1 / 3:
            tags = (*tags, *rng.sample(common, min(extra_common, len(common))))
        date = post.date if rng.random() > 0.05 else None
        records.append(
            PostRecord(post.slug, post.title, Post(title=post.title, date=date, tags=tags), "")
        )
    return records


@pytest.mark.parametrize(("seed", "extra_common"), [(1, 0), (2, 0), (3, 3), (4, 10)])
def test_fast_ranking_equals_exhaustive_ranking(seed, extra_common):
    from sphinx_podcast_ext.ranking import TagIndex, rank_by_tags

    records = _tagged_records(seed, 400, extra_common)
    index = TagIndex(records)
    common = {tag for tag, docs in index.by_tag.items() if len(docs) > TagIndex.COMMON}
    assert len(common) >= 3
    if extra_common >= 8:
        # Some posts share many common tags (the search over them goes deep).
        assert any(len({t.casefold() for t in r.post.tags} & common) >= 8 for r in records)
    for record in records:
        for count in (1, 3, 6):
            exclude = {record.docname, records[0].docname}
            expected = _exhaustive(record, index, exclude, count)
            assert rank_by_tags(record, index, exclude, count) == expected


@pytest.mark.sphinx("html", testroot="related", srcdir="related-heading", freshenv=True)
def test_no_second_heading_under_a_related_posts_heading(app):
    source = Path(app.srcdir) / "posts" / "under-heading.md"
    source.write_text(
        "---\ntitle: Under a heading\ndate: 2024-01-01\n---\n\nText.\n\n## Related posts\n\n"
        "```{related-posts}\nhub\n```\n\n## Further reading\n\n```{related-posts}\nhub\n```\n",
        encoding="utf-8",
    )
    try:
        app.build()
        soup = BeautifulSoup(
            (Path(app.outdir) / "posts" / "under-heading.html").read_text("utf-8"), "html.parser"
        )
    finally:
        source.unlink()
    texts = [" ".join(el.get_text().split()) for el in soup.select("h2, .podcast-related__title")]
    assert [t.rstrip("#¶ ") for t in texts] == ["Related posts", "Further reading", "Related posts"]
