"""The clean ``directives`` root with every builder: no warnings, sensible output."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_escape_sequences

BUILDERS = ("html", "dirhtml", "singlehtml", "latex", "epub", "text")
#: epub checks its own config; these are not the extension's concern.
EPUB_CONFIG = {"epub_copyright": "2024, Test", "version": "1.0", "release": "1.0"}
QUOTE = "I hope the form factor would basically be that people are still driving all this."


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def warnings_of(warning) -> list[str]:
    return [
        line
        for line in strip_escape_sequences(warning.getvalue()).splitlines()
        if "WARNING" in line or "ERROR" in line
    ]


@pytest.mark.parametrize(
    "buildername",
    [
        pytest.param(
            name,
            marks=pytest.mark.sphinx(
                name, testroot="directives", freshenv=True, confoverrides=EPUB_CONFIG
            ),
        )
        for name in BUILDERS
    ],
)
def test_clean_root_builds_without_warnings(app, warning, buildername):
    app.build()
    assert app.builder.name == buildername
    assert warnings_of(warning) == []
    assert any(Path(app.outdir).iterdir())


@pytest.mark.sphinx("epub", testroot="directives", freshenv=True)
def test_epub_only_warns_about_its_own_config(app, warning):
    app.build()
    # (A reused output folder may also hold Sphinx's ``.buildinfo.bak``, which epub reports.)
    found = [
        line
        for line in warnings_of(warning)
        if not line.endswith("[epub.unknown_project_files]") or ".buildinfo" not in line
    ]
    assert len(found) == 2
    assert any('"epub_copyright"' in line for line in found)
    assert any('"version"' in line for line in found)
    assert not any("podcast" in line for line in found)


# -- text ------------------------------------------------------------------------------------


@pytest.mark.sphinx("text", testroot="directives")
def test_text_output(app):
    app.build()
    lines = [
        line.strip() for line in (Path(app.outdir) / "posts/schulman.txt").read_text().splitlines()
    ]
    text = " ".join(" ".join(lines).split())
    assert QUOTE.replace("people", "*people*") in text
    assert any(line.startswith("-- John Schulman, OpenAI co-founder") for line in lines)
    assert "-- John Schulman, OpenAI co-founder · at 1:02:33" in lines
    assert "Watch the episode: https://youtube.com/watch?v=Wo95ob_s_NI&t=95s" in lines
    assert "Spotify: https://open.spotify.com/episode/abc" in lines


# -- LaTeX -----------------------------------------------------------------------------------


@pytest.mark.sphinx("latex", testroot="directives")
def test_latex_quote_and_urls(app):
    app.build()
    tex = (Path(app.outdir) / "podcasttest.tex").read_text()
    quotes = re.findall(r"\\begin\{quote\}(.*?)\\end\{quote\}", tex, re.DOTALL)
    (schulman,) = [q for q in quotes if "I hope the form factor" in q]
    assert r"\sphinxstyleemphasis{people}" in schulman
    attribution = re.search(r"\\begin\{flushright\}\s*(.*?)\s*\\end\{flushright\}", schulman, re.S)
    assert attribution is not None
    assert attribution[1].startswith(r"---\DUrole{podcast-quote__speaker}{John Schulman}, ")
    assert r"\DUrole{podcast-quote__role}{OpenAI co\sphinxhyphen{}founder}" in attribution[1]
    assert (
        r"\sphinxhref{https://www.youtube.com/watch?v=Wo95ob\_s\_NI\&t=3753s}{at 1:02:33}"
        in attribution[1]
    )
    episode_url = r"https://youtube.com/watch?v=Wo95ob\_s\_NI\&t=95s"
    assert re.search(
        r"\\(?:sphinxurl|url)\{"
        + re.escape(episode_url)
        + r"\}|\\sphinxhref\{"
        + re.escape(episode_url)
        + r"\}",
        tex,
    )


# -- single page and directory HTML -----------------------------------------------------------


@pytest.mark.sphinx("singlehtml", testroot="directives")
def test_singlehtml_timestamps_point_at_each_pages_episode(app):
    app.build()
    soup = parse(Path(app.outdir) / "index.html")

    def links_in(section_id: str) -> list[tuple[str, str]]:
        section = soup.find("section", id=section_id)
        return [
            (a["class"][0], a["href"])
            for a in section.select("a.podcast-quote__time, a.podcast-timestamp")
        ]

    assert links_in("john-schulman-openai-cofounder-reasoning-rlhf-plan-for-2027-agi") == [
        ("podcast-quote__time", "https://www.youtube.com/watch?v=Wo95ob_s_NI&t=3753s"),
        ("podcast-timestamp", "https://www.youtube.com/watch?v=Wo95ob_s_NI&t=754s"),
    ]
    assert links_in("an-episode-in-restructuredtext") == [
        ("podcast-quote__time", "https://example.com/podcast/ep42.mp3#t=725"),
        ("podcast-timestamp", "https://example.com/podcast/ep42.mp3#t=210"),
    ]
    cards = soup.select("section.podcast-episode")
    assert [c.get("data-video-id") for c in cards] == ["abcdefghijk", "Wo95ob_s_NI", None]


@pytest.mark.sphinx("singlehtml", testroot="directives")
def test_singlehtml_related_cards_link_inside_the_page(app):
    app.build()
    soup = parse(Path(app.outdir) / "index.html")
    hrefs = [a["href"] for a in soup.select(".podcast-card a.sd-stretched-link")]
    assert sorted(hrefs) == [
        "#document-posts/lehmann",
        "#document-posts/schulman",
        "#document-posts/schulman",
    ]


@pytest.mark.sphinx("singlehtml", testroot="directives")
def test_singlehtml_ids_are_unique(app):
    app.build()
    soup = parse(Path(app.outdir) / "index.html")
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    assert [id_ for id_, count in ids.items() if count > 1] == []


@pytest.mark.sphinx("dirhtml", testroot="directives")
def test_dirhtml_related_links(app):
    app.build()
    schulman = parse(Path(app.outdir) / "posts/schulman/index.html")
    assert [a["href"] for a in schulman.select(".podcast-card a.sd-stretched-link")] == [
        "../lehmann/"
    ]
    rest = parse(Path(app.outdir) / "rest/index.html")
    assert [a["href"] for a in rest.select(".podcast-card a.sd-stretched-link")] == [
        "../posts/schulman/"
    ]


@pytest.mark.sphinx("epub", testroot="directives", confoverrides=EPUB_CONFIG)
def test_epub_has_the_html_quote(app):
    app.build()
    soup = parse(Path(app.outdir) / "posts/schulman.xhtml")
    (figure,) = soup.select("figure.podcast-quote")
    assert " ".join(figure.blockquote.get_text().split()) == QUOTE
    assert figure.select_one("a.podcast-quote__time")["href"] == (
        "https://www.youtube.com/watch?v=Wo95ob_s_NI&t=3753s"
    )
