"""The real-world corpus (``corpus/SHAPES.md``) imported and built with the site's
configuration (``content/conf.py``) under ``-W``, then checked on parsed HTML.

Each shape is imported on its own into ``posts/<shape>/`` (one old site per
import, as an editor would), with the ``--base-url`` its ``expect.yaml`` names.
The checks read the *sources* with their own, independent extraction of
sentences (not the importer's), and the built pages with BeautifulSoup:

* every source keeps >= 99.5 % of its sentences on its page;
* no page shows template syntax, wiki links, callout markers, block ids or
  player markup as text, nor embeds a player element;
* every expected quote is a ``figure.podcast-quote`` with that speaker (and
  timestamp), every expected episode a card with that media and start, every
  expected guest and show on the card, every expected link between posts a link
  to that page, every expected time code a timestamp link.
"""

# ruff: noqa: RUF001  (non-ASCII test data)

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from sphinx_podcast_ext import frontmatter
from sphinx_podcast_ext.importer import cli

from .conftest import CORPUS, GOOD, REPO

SHAPES = CORPUS / "shapes"
CONTENT = REPO / "content"
#: Text that must never be visible on a page: template syntax and player markup.
JUNK = re.compile(
    r"\{\{|\}\}|\{%|%\}|\[\[|\]\]|\[!\w+\]|(?<!\w)\^[a-z][\w-]*\d\b|<iframe|<script|<audio"
    r"|<button|\{timestamp\}|\{key-quote\}|```|:::|<!--|%%"
)
_WORDS = re.compile(r"\w+")


@dataclass
class Page:
    """An imported page: its source, its MyST text and its built HTML."""

    shape: str
    source: Path
    myst: Path
    soup: BeautifulSoup

    @property
    def main(self) -> Tag:
        found = self.soup.select_one('[role="main"]') or self.soup.body
        assert isinstance(found, Tag)
        return found


def _expectations() -> dict[str, dict[str, object]]:
    return {
        folder.name: yaml.safe_load((folder / "expect.yaml").read_text(encoding="utf-8"))
        for folder in sorted(SHAPES.iterdir())
        if folder.is_dir()
    }


EXPECT = _expectations()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Page]:
    """Import every shape (and the original corpus), build the site, parse every page."""
    root = tmp_path_factory.mktemp("corpus-site") / "src"
    shutil.copytree(CONTENT, root, ignore=shutil.ignore_patterns("_build", "posts"))
    sources = {shape: SHAPES / shape for shape in EXPECT} | {"legacy": GOOD}
    for shape, folder in sources.items():
        base_url = str(EXPECT.get(shape, {}).get("base_url", ""))
        args = ["import", str(folder), "--into", str(root / "posts" / shape), "--quiet"]
        assert cli.main([*args, "--base-url", base_url] if base_url else args) == 0, shape
    out = root.parent / "html"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", root, out],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    pages = {}
    for shape, folder in sources.items():
        for myst in sorted((root / "posts" / shape).glob("*.md")):
            data = frontmatter.parse(myst.read_text(encoding="utf-8")).data or {}
            name = str(data["legacy_source"])
            html_path = out / "posts" / shape / f"{myst.stem}.html"
            soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
            pages[(shape, name)] = Page(shape, folder / name, myst, soup)
    return pages


def test_the_corpus_is_large_and_varied(built: dict[tuple[str, str], Page]) -> None:
    shapes = {shape for shape, _name in built}
    languages = {
        language.strip()
        for expect in EXPECT.values()
        for language in str(expect["language"]).split(",")
    }
    assert len(built) >= 60
    assert len(shapes) >= 12
    assert len(languages | {"en"}) >= 4
    expected = sum(len(expect["posts"]) for expect in EXPECT.values())  # type: ignore[arg-type]
    assert len(built) == expected + len(list(GOOD.rglob("*.*")))


# -- every sentence ----------------------------------------------------------------------------

_FENCES = (
    re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.S),
    re.compile(r"\A\+\+\+\n.*?\n\+\+\+\n", re.S),
    re.compile(r"\A\{\n.*?\n\}\n", re.S),
)
#: What readers never saw on the old site, or what the importer replaces on purpose.
_HIDDEN = (
    re.compile(r"<!--(?:>|->|.*?-->)", re.S),  # comments, read as browsers read them
    re.compile(r"%%.*?%%", re.S),  # Obsidian comments
    re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S),
    re.compile(r"\{\{[<%].*?[>%]\}\}", re.S),  # Hugo shortcodes (their own text is an attribute)
    re.compile(r"\{%.*?%\}", re.S),  # Liquid tags
    re.compile(r"<(iframe|script|audio|video)\b.*?</\1\s*>", re.S | re.I),  # players
    re.compile(r"!\[\[[^\]]*\]\]"),  # Obsidian embeds
)


def source_sentences(path: Path) -> list[str]:
    """The sentences a reader of the old site saw, as lowercase runs of word characters.

    Front matter, hidden text and player markup are left out, and so are
    "watch the episode" buttons (a link with a few words of cue) and the old
    "Read another blog" and "Key Quote:" labels, which the importer replaces by
    the episode card, the related-posts list and the key quotes.
    """
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    for fence in _FENCES:
        text = fence.sub("", text, count=1)
    for hidden in _HIDDEN:
        text = hidden.sub(" ", text)
    sentences: list[str] = []
    for line in text.split("\n"):
        line = _visible_line(line)
        if line is None:
            continue
        for sentence in re.split(r"[.!?。！？]+(?:\s|$)|\s[-–—]+\s|[,;:()]", line):
            # Compared without spaces: Chinese and Japanese put none between words, and
            # a page puts one wherever an element (a link) starts or ends.
            words = "".join(_WORDS.findall(sentence.lower()))
            if words:
                sentences.append(words)
    return sentences


def _visible_line(line: str) -> str | None:
    stripped = line.strip().lstrip("> ")
    if stripped.startswith(("```", "~~~")):
        return None  # a code fence line; the code itself is kept
    if re.search(r"https?://", stripped):
        rest = re.sub(r"\[([^\]]*)\]\([^)]*\)|<[^>]*>|https?://\S+", " ", stripped)
        if len(_WORDS.findall(rest)) <= 5 and not stripped.startswith(("-", "*", ">")):
            return None  # a "watch the episode" button
    if re.match(r"^\**(read another|key quotes?:?\**:?$)", stripped, re.I):
        return None
    line = re.sub(r"^\s*(?:>\s*)*(?:\[![\w-]+\][-+]?)?", "", line)  # quote marks, callout types
    line = re.sub(r"^\s*\**key quotes?:?\**:?\s*", "", line, flags=re.I)  # the old label
    line = re.sub(r"\[\[([^\]|]*)\|([^\]]*)\]\]", r"\2", line)
    line = re.sub(r"\[\[([^\]|#]*)[^\]]*\]\]", r"\1", line)
    line = re.sub(r"\s\^[\w-]+\s*$", "", line)  # block ids
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)
    return re.sub(r"<[^>]+>", " ", html.unescape(line))


def _page_words(page: Page) -> str:
    return "".join(_WORDS.findall(page.main.get_text(" ").lower()))


def test_every_source_keeps_its_sentences(built: dict[tuple[str, str], Page]) -> None:
    ratios = []
    for key, page in built.items():
        sentences = source_sentences(page.source)
        shown = _page_words(page)
        missing = [s for s in sentences if s not in shown]
        ratio = 1 - len(missing) / len(sentences) if sentences else 1.0
        ratios.append(ratio)
        assert ratio >= 0.995, f"{key}: missing {missing}"
    assert min(ratios) >= 0.995


def test_no_template_syntax_or_player_markup_is_visible(
    built: dict[tuple[str, str], Page],
) -> None:
    for key, page in built.items():
        text = page.main.get_text(" ")
        assert not JUNK.search(text), (key, JUNK.search(text))
        assert not page.main.find(["iframe", "script", "object", "embed"]), key


# -- quotes, episodes, guests, links, time codes --------------------------------------------------


def _expected(shape: str) -> list[tuple[str, dict[str, object]]]:
    posts = EXPECT[shape]["posts"]
    assert isinstance(posts, dict)
    return sorted(posts.items())


CASES = [(shape, name, expect) for shape in EXPECT for name, expect in _expected(shape)]


@pytest.mark.parametrize(("shape", "name", "expect"), CASES, ids=[f"{s}/{n}" for s, n, _ in CASES])
def test_quotes_have_their_speakers(
    built: dict[tuple[str, str], Page], shape: str, name: str, expect: dict[str, object]
) -> None:
    page = built[(shape, name)]
    figures = page.main.select("figure.podcast-quote")
    speakers = [f.select_one(".podcast-quote__speaker").get_text(strip=True) for f in figures]
    assert speakers == expect["quotes"]
    times = expect.get("quote_times")
    if times is not None:
        assert isinstance(times, list)
        for figure, time in zip(figures, times, strict=True):
            shown = figure.select_one(".podcast-quote__time")
            assert (shown.get_text(strip=True).lstrip("▶ ") if shown else "") == time
    for figure in figures:
        assert figure.find("blockquote").get_text(strip=True)


@pytest.mark.parametrize(("shape", "name", "expect"), CASES, ids=[f"{s}/{n}" for s, n, _ in CASES])
def test_episodes_have_their_media_and_start(
    built: dict[tuple[str, str], Page], shape: str, name: str, expect: dict[str, object]
) -> None:
    page = built[(shape, name)]
    card = page.main.select_one(".podcast-episode")
    assert card is not None
    if "video_id" in expect:
        assert card.get("data-video-id") == expect["video_id"]
        assert card.get("data-start") == str(expect.get("start", 0))
    else:
        # An audio file plays on the page; a player or episode page is a link to it.
        audio = card.select_one("audio.podcast-audio__player")
        watch = card.select_one("a.podcast-episode__watch, a.podcast-episode__open")
        assert audio is not None or watch is not None
        if audio is not None:
            assert audio["src"] == expect["episode"]
            assert audio["preload"] == "none"
        else:
            assert watch["href"] == expect["episode"]
    front = frontmatter.parse(page.myst.read_text(encoding="utf-8")).data or {}
    assert front["episode"]["url"] == expect["episode"]


@pytest.mark.parametrize(("shape", "name", "expect"), CASES, ids=[f"{s}/{n}" for s, n, _ in CASES])
def test_guests_shows_links_and_time_codes(
    built: dict[tuple[str, str], Page], shape: str, name: str, expect: dict[str, object]
) -> None:
    page = built[(shape, name)]
    assert page.main.select_one(".podcast-episode") is not None
    # A post's guests and show are on its header line (the card under the player
    # does not repeat them).
    header = page.main.select_one(".podcast-post-header")
    assert header is not None
    names = [g.get_text(strip=True) for g in header.select(".podcast-post-header__guest")]
    assert (", ".join(names) or None) == expect.get("guest")
    if "show" in expect:
        show = header.select_one(".podcast-post-header__show")
        assert show is not None and show.get_text(strip=True) == expect["show"]
    hrefs = [str(a.get("href", "")).split("#")[0] for a in page.main.find_all("a")]
    for slug in expect.get("links", []):  # type: ignore[attr-defined]
        assert any(href.endswith(f"{slug}.html") for href in hrefs), (slug, hrefs)
    if "timecodes" in expect:
        assert len(page.main.select("a.podcast-timestamp")) == expect["timecodes"]
