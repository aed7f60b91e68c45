"""End to end: import the corpus, build it with Sphinx, check the HTML.

HTML assumptions about the extension (``sphinx_podcast_ext``):

* a key quote renders as ``<figure class="podcast-quote">`` containing a
  ``<blockquote>`` (the quote text) and a ``<figcaption>`` with
  ``<span class="podcast-quote__speaker">NAME</span>``; one figure per directive;
* the front-matter episode renders as an element with class ``podcast-episode``,
  carrying ``data-video-id="ID"`` for YouTube and ``data-start="SECONDS"`` when
  the URL has a start time; pages without an episode have no such element;
* a resolved related-post entry renders a link whose ``href`` ends in
  ``<docname>.html``; an unresolved one shows its title without such a link;
* the body text (headings, paragraphs, bullets, quote text, speaker names and
  roles) appears in the page's main content (``[role=main]``, else ``<body>``).

Skipped only while ``sphinx_podcast_ext.extension`` cannot be imported.
"""

# ruff: noqa: RUF001  (curly quotes, dashes and full-width letters are test data)

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_podcast_ext.importer import cli
from sphinx_podcast_ext.importer.legacy import parse_legacy
from sphinx_podcast_ext.importer.source import read_source

from .conftest import GOOD


def _extension_missing() -> bool:
    try:
        import sphinx_podcast_ext.extension  # noqa: F401
    except ImportError:
        return True
    return False


pytestmark = pytest.mark.skipif(
    _extension_missing(), reason="sphinx_podcast_ext.extension is not written yet"
)

Site = dict[str, tuple[str, BeautifulSoup]]
CONF = 'project = "Importer test"\nextensions = ["myst_parser", "sphinx_podcast_ext"]\n'
INDEX = "# Posts\n\n```{toctree}\n:glob:\n\nposts/*\n```\n"
_KEY_QUOTE = re.compile(r"^(`{3,})\{key-quote\}\n(?P<body>.*?)^\1$", re.M | re.S)
_RELATED = re.compile(r"^```\{related-posts\}\n(?P<body>.*?)^```$", re.M | re.S)
_ENTRY = re.compile(r"^(?P<title>.*?)\s*<(?P<docname>[^<>]+)>$")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Build the imported corpus; map each page's slug to (its MyST text, its parsed HTML)."""
    from sphinx.cmd.build import build_main

    root = tmp_path_factory.mktemp("site")
    src, out = root / "src", root / "out"
    assert cli.main(["import", str(GOOD), "--into", str(src / "posts"), "--quiet"]) == 0
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    assert build_main(["-b", "html", "-q", str(src), str(out)]) == 0
    pages = {}
    for page in sorted((src / "posts").glob("*.md")):
        html = (out / "posts" / f"{page.stem}.html").read_text(encoding="utf-8")
        pages[page.stem] = (page.read_text(encoding="utf-8"), BeautifulSoup(html, "html.parser"))
    return pages


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _main_text(soup: BeautifulSoup) -> str:
    main = soup.select_one('[role="main"]') or soup.body
    assert main is not None
    return _words(main.get_text(" "))


def _source_phrases(path: Path) -> list[str]:
    """Sentences of a source post's body with Markdown stripped; converted parts left out."""
    phrases: list[str] = []
    in_code = False
    for raw in parse_legacy(read_source(path)).body_lines:
        line = raw.strip()
        if line.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if not in_code and (
            "://" in line
            or re.match(r"\**read another", line, re.I)
            or re.fullmatch(r"\**key quotes?:?\**:?", line, re.I)
        ):
            continue
        line = re.sub(r"^\**key quotes?:?\**:?\s*", "", line, flags=re.I)
        line = re.sub(r"\[(\d{1,2}(?::\d\d){1,2})\]|\((\d{1,2}(?::\d\d){1,2})\)", " ", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"<[^>]+>", " ", line)
        for sentence in re.split(r"[.!?][\"”’'»]*\s+|\s[-–—]+\s|[,;()]", line):
            words = _words(sentence)
            if words:
                phrases.append(words)
    return phrases


def _source_for(markdown: str) -> Path:
    name = re.search(r"^legacy_source: (.+)$", markdown, re.M)
    assert name is not None
    return next(GOOD.rglob(name.group(1)))


def test_every_sentence_of_every_source_is_in_the_html(site: Site) -> None:
    assert len(site) == 15
    for slug, (markdown, soup) in site.items():
        text = _main_text(soup)
        missing = [p for p in _source_phrases(_source_for(markdown)) if p not in text]
        assert missing == [], f"{slug}: missing {missing}"


def test_key_quotes_render_as_figures(site: Site) -> None:
    total = 0
    for slug, (markdown, soup) in site.items():
        directives = list(_KEY_QUOTE.finditer(markdown))
        figures = soup.select("figure.podcast-quote")
        assert len(figures) == len(directives), slug
        for directive, figure in zip(directives, figures, strict=True):
            options = dict(re.findall(r"^:(\w+): (.*)$", directive["body"], re.M))
            text = "\n".join(
                line for line in directive["body"].splitlines() if not line.startswith(":")
            )
            quote = figure.find("blockquote")
            assert quote is not None, slug
            assert _words(text.replace("\\", "")) in _words(quote.get_text(" ")), slug
            caption = figure.find("figcaption")
            assert caption is not None, slug
            speaker = caption.select_one("span.podcast-quote__speaker")
            assert speaker is not None, slug
            assert speaker.get_text(strip=True) == options["speaker"].strip('"'), slug
            total += 1
    assert total == 14


@pytest.mark.parametrize(
    ("slug", "video_id", "start"),
    [
        (
            "20240515-john-schulman-openai-cofounder-reasoning-rlhf-plan-for-2027-agi",
            "Wo95ob_s_NI",
            None,
        ),
        ("20240401-jane-doe-building-acme-from-zero-the-founder-show-e42", "dQw4w9WgXcQ", "95"),
        ("20240220-sam-rivers-economist-why-inflation-came-back", "MobileID123", "3723"),
        ("20230606-nested-folder-post", "NestedVid01", "42"),
        ("20240310-why-sleep-matters-more-than-you-think", "ABCDEFGHIJK", None),
        (
            "20231105-grace-hopper-alan-kay-the-future-of-computing-tech-talks-episode-7",
            "LiveID12345",
            None,
        ),
        ("20231210-ada-lovelace-mathematician-notes-on-the-analytical-engine", "abcDEF12345", None),
    ],
)
def test_youtube_episode_cards(site: Site, slug: str, video_id: str, start: str | None) -> None:
    soup = site[slug][1]
    card = soup.select_one(".podcast-episode")
    assert card is not None
    assert card.get("data-video-id") == video_id
    if start is not None:
        assert card.get("data-start") == start


def test_other_episode_cards(site: Site) -> None:
    spotify = site["20240115-the-quiet-art-of-listening"][1]
    card = spotify.select_one(".podcast-episode")
    assert card is not None
    assert card.get("data-video-id") is None
    none = site["20230707-notes-without-an-episode"][1]
    assert none.select_one(".podcast-episode") is None


def test_related_entries_parse_as_written() -> None:
    from sphinx_podcast_ext.importer import myst
    from sphinx_podcast_ext.related import parse_entry

    lines = myst.related_posts([("Title <with> angles | E1", "20240101-a"), (":odd", "b")])
    first, second = (parse_entry(line, "posts/page") for line in lines[1:3])
    assert (first.title, first.target) == ("Title <with> angles | E1", "posts/20240101-a")
    assert (second.title, second.target) == ("", "posts/b")


def test_related_posts(site: Site) -> None:
    checked = 0
    for slug, (markdown, soup) in site.items():
        block = _RELATED.search(markdown)
        if block is None:
            continue
        hrefs = [str(a.get("href") or "") for a in soup.find_all("a")]
        for line in block["body"].splitlines():
            entry = _ENTRY.match(line)
            assert entry is not None
            docname = entry["docname"]
            linked = any(h.split("#")[0].endswith(f"{docname}.html") for h in hrefs)
            if docname in site:
                assert linked, f"{slug}: no link to {docname}"
            else:
                assert not linked, f"{slug}: link to missing {docname}"
                assert _words(entry["title"]) in _main_text(soup), slug
            checked += 1
    assert checked == 6
