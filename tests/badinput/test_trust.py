"""The bad-input corpus built the way readers meet it: with the reference configuration
(ablog through ``sphinx_podcast_ext.blog``, a sitemap, a base URL, a full-text feed)
under seven themes and two builders, every output file checked.

For each build: no traceback; no script, ``on*`` attribute, unsafe URL or refresh
that the authors' text produced on any HTML page, in the feed or in the sitemap;
the search index is data; nothing written outside the output folder; every
document's page is its own (no redirect or generated page replaced it); and the
front-matter keys ablog acts on warn at their lines.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from .cases import CASES, write_files
from .checks import (
    executable_markup,
    is_safe_url,
    parse_messages,
    theme_handlers,
    theme_inline_scripts,
)
from .trust_cases import ABLOG_CASES

BASE_URL = "https://podcasts.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
THEMES = ("furo", "sphinx_book_theme", "sphinx_rtd_theme", "alabaster", "classic", "nature")
#: (label, builder, theme): the reference configuration, its dirhtml build, the other themes.
BUILDS = [
    ("reference", "html", "pydata_sphinx_theme"),
    ("reference-dirhtml", "dirhtml", "pydata_sphinx_theme"),
    *((theme, "html", theme) for theme in THEMES),
]
CONF = """\
project = "Trust"
extensions = ["myst_parser", "sphinx_podcast_ext.blog", "sphinx_sitemap"]
exclude_patterns = ["_build"]
html_theme = {theme!r}
html_baseurl = {base!r}
blog_baseurl = {base!r}
blog_path = "blog"
blog_feed_fulltext = True
blog_feed_length = 500
fontawesome_included = True
html_context = {{"default_mode": "auto"}}
html_sidebars = {{
    "blog/**": ["ablog/categories.html", "ablog/archives.html", "ablog/tagcloud.html",
                "ablog/recentposts.html"],
}}
sitemap_url_scheme = "{{link}}"
"""
INDEX = "# Trust\n\n```{toctree}\n:glob:\n\ncases/*/*\n```\n"
SMALL = [case for case in [*CASES, *ABLOG_CASES] if case.small]


@dataclass
class Build:
    label: str
    src: Path
    out: Path
    status: int
    stderr: str
    theme_scripts: set[str]
    theme_handlers: set[tuple[str, str, str]]
    outside_before: set[str]
    outside_after: set[str]


def _tree(root: Path, skip: tuple[Path, ...]) -> set[str]:
    """Every file under *root* but those under *skip*, as relative paths."""
    found = set()
    for path in root.rglob("*"):
        if path.is_file() and not any(path.is_relative_to(s) for s in skip):
            found.add(path.relative_to(root).as_posix())
    return found


def _sphinx(builder: str, src: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-E", str(src), str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=900,
        env=env,
    )


def _project(root: Path, theme: str, cases: list, index: str) -> Path:
    root.mkdir(parents=True)
    (root / "conf.py").write_text(CONF.format(theme=theme, base=BASE_URL), encoding="utf-8")
    (root / "index.md").write_text(index, encoding="utf-8")
    for case in cases:
        write_files(root / "cases" / case.name, case.files)
    return root


_BY_LABEL = {label: (builder, theme) for label, builder, theme in BUILDS}


@pytest.fixture(scope="module", params=list(_BY_LABEL))
def build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Build:
    label = request.param
    builder, theme = _BY_LABEL[label]
    root = tmp_path_factory.mktemp(f"trust-{label}")
    empty = _project(root / "empty", theme, [], "# Empty\n\nNothing here.\n")
    baseline = _sphinx(builder, empty, root / "empty-out")
    assert baseline.returncode == 0, baseline.stderr[-3000:]
    src = _project(root / "src", theme, SMALL, INDEX)
    out = root / "out"
    before = _tree(root, (out, root / "empty-out"))
    result = _sphinx(builder, src, out)
    after = _tree(root, (out, root / "empty-out", src / "_build"))
    return Build(
        label,
        src,
        out,
        result.returncode,
        result.stderr,
        theme_inline_scripts(root / "empty-out"),
        theme_handlers(root / "empty-out"),
        before,
        after,
    )


def test_builds_without_traceback(build: Build) -> None:
    assert build.status == 0, build.stderr[-3000:]
    assert "Traceback" not in build.stderr
    assert "Exception occurred" not in build.stderr


def test_no_html_page_runs_user_markup(build: Build) -> None:
    pages = sorted(build.out.rglob("*.html"))
    names = {page.relative_to(build.out).as_posix() for page in pages}
    # Generated pages and ablog's archives (written by the extension) are checked too.
    assert any(name.startswith("guests") for name in names), names
    assert any(name.startswith("blog/tag") for name in names), names
    problems = {
        page.relative_to(build.out).as_posix(): found
        for page in pages
        if (
            found := executable_markup(
                page, build.theme_scripts | _page_script(build, page), build.theme_handlers
            )
        )
    }
    assert problems == {}


def _page_script(build: Build, page: Path) -> set[str]:
    """pydata-sphinx-theme's one inline script that differs per page: the page's own name."""
    name = page.relative_to(build.out).with_suffix("").as_posix()
    if build.label.endswith("dirhtml"):
        name = name.removesuffix("/index") if name != "index" else name
    return {f"DOCUMENTATION_OPTIONS.pagename = '{name}';"}


def test_feed_entries_are_safe(build: Build) -> None:
    feed = build.out / "blog" / "atom.xml"
    root = ElementTree.fromstring(feed.read_bytes())
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) > 20
    for entry in entries:
        for link in entry.findall(f"{ATOM}link"):
            assert is_safe_url(link.get("href", "")), link.attrib
            assert link.get("href", "").startswith(BASE_URL), link.attrib
        content = entry.find(f"{ATOM}content")
        html = content.text if content is not None and content.text else ""
        soup_path = build.out / "_feed_entry.html"
        soup_path.write_text(f"<html><body>{html}</body></html>", encoding="utf-8")
        try:
            assert executable_markup(soup_path, set()) == [], entry.findtext(f"{ATOM}title")
        finally:
            soup_path.unlink()
        assert "System Message" not in html
        assert str(build.src) not in html


def test_sitemap_lists_only_the_sites_own_pages(build: Build) -> None:
    root = ElementTree.fromstring((build.out / "sitemap.xml").read_bytes())
    locations = [url.findtext(f"{SITEMAP}loc") or "" for url in root.findall(f"{SITEMAP}url")]
    assert locations
    for location in locations:
        assert location.startswith(BASE_URL) and is_safe_url(location), location
        assert ".." not in location.removeprefix(BASE_URL).split("/"), location


def test_search_index_is_data(build: Build) -> None:
    text = (build.out / "searchindex.js").read_text(encoding="utf-8")
    prefix, suffix = "Search.setIndex(", ")"
    assert text.startswith(prefix) and text.rstrip().endswith(suffix)
    data = json.loads(text.rstrip()[len(prefix) : -len(suffix)])
    assert data["titles"]


def test_nothing_is_written_outside_the_output_folder(build: Build) -> None:
    assert build.outside_after == build.outside_before


def test_every_document_keeps_its_own_page(build: Build) -> None:
    dirhtml = build.label.endswith("dirhtml")
    for source in sorted(build.src.glob("cases/*/*.*")):
        if source.suffix not in (".md", ".rst"):
            continue
        name = source.relative_to(build.src).with_suffix("").as_posix()
        page = build.out / name / "index.html" if dirhtml else build.out / f"{name}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
        assert refresh is None, (name, refresh)
        # Generated pages (guest, show, archive …) are a section#podcast-page.
        assert soup.find(id="podcast-page") is None, name


@pytest.mark.parametrize("build", ["reference", "reference-dirhtml"], indirect=True)
def test_ablog_keys_warn_at_their_lines(build: Build) -> None:
    messages = parse_messages(build.stderr, build.src)
    for case in ABLOG_CASES:
        for file, line, kind in case.warnings:
            path = f"cases/{case.name}/{file}"
            assert any(m.file == path and m.line == line and m.type == kind for m in messages), (
                case.name,
                [
                    (m.file, m.line, m.type)
                    for m in messages
                    if m.file.startswith(f"cases/{case.name}")
                ],
            )
