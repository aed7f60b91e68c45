"""``podcast_search = "pagefind"``: the index Pagefind writes, what is in it, and when.

The bundle is read back with :mod:`pagefind_index` (fragments, filters, the word
index with its weights), so each test checks what Pagefind's search will see.
The browser tests (``tests/browser/test_browser_pagefind.py``) run the search.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import parse_warnings
from pagefind_index import Bundle
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from sphinx_podcast_ext import search
from sphinx_podcast_ext.search import BUNDLE_DIR, FILTERS
from sphinx_podcast_ext.search.bundle import pagefind_executable
from sphinx_podcast_ext.search.records import filter_value

ROOT = Path(__file__).parent / "roots" / "test-search"
#: The documents of the test root that are indexed (``hidden`` has ``nosearch``).
INDEXED = {"/", "/about.html", "/posts/lanterns.html", "/posts/ledgers.html", "/posts/odd.html"}
POSTS = {"/posts/lanterns.html", "/posts/ledgers.html", "/posts/odd.html"}

needs_pagefind = pytest.mark.skipif(
    pagefind_executable()[0] is None, reason="pagefind[bin] is not installed"
)


def build(
    src: Path, out: Path, builder: str = "html", *, parallel: int = 0, **overrides
) -> SphinxTestApp:
    """Build *src* into *out* (keeping the environment and records between calls)."""
    app = SphinxTestApp(
        builder, srcdir=src, builddir=out, confoverrides=overrides, parallel=parallel
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def warnings(app: SphinxTestApp) -> list:
    return parse_warnings(app, app.warning.getvalue())


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """A copy of the test root that a test may edit."""
    target = tmp_path / "src"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns("_build"))
    return target


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[SphinxTestApp, Bundle]:
    """The test root built once with Pagefind."""
    src = tmp_path_factory.mktemp("search") / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns("_build"))
    app = build(src, src.parent / "out")
    return app, Bundle.read(Path(app.outdir) / BUNDLE_DIR)


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text("utf-8"), "html.parser")


def sphinx_index(app: SphinxTestApp) -> dict:
    text = (Path(app.outdir) / "searchindex.js").read_text("utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


# -- off (the default) ------------------------------------------------------------------------


def test_off_by_default_sphinx_search_is_untouched(src, tmp_path):
    app = build(src, tmp_path / "out", podcast_search="sphinx")
    out = Path(app.outdir)
    assert warnings(app) == []
    assert not (out / BUNDLE_DIR).exists()
    assert not (Path(app.doctreedir) / "podcast-search").exists()
    # Sphinx's index, with the key quote's words, and its own search page.
    index = sphinx_index(app)
    assert "posts/lanterns" in index["docnames"]
    assert "glimmerquack" in index["terms"]
    search = page(app, "search.html")
    assert search.select_one("#search-results") is not None
    assert search.select_one("[data-podcast-pagefind]") is None
    for html in out.rglob("*.html"):
        text = html.read_text("utf-8")
        assert "podcast-search.js" not in text and BUNDLE_DIR not in text, html


def test_unknown_engine_is_a_config_warning(src, tmp_path):
    app = build(src, tmp_path / "out", podcast_search="lunr")
    assert [(w.type, w.message.split(";")[0]) for w in warnings(app)] == [
        ("podcast.config", "podcast_search must be one of 'sphinx', 'pagefind'")
    ]
    assert not (Path(app.outdir) / BUNDLE_DIR).exists()


# -- on: the bundle --------------------------------------------------------------------------


@needs_pagefind
def test_every_document_is_indexed_and_nothing_else(site):
    app, bundle = site
    assert warnings(app) == []
    assert bundle.entry["languages"]["en"]["page_count"] == len(INDEXED)
    # Not the generated guest, show and quote pages, not the nosearch page.
    assert bundle.urls == INDEXED
    records = Path(app.doctreedir) / "podcast-search"
    assert not any(records.rglob("guests*")), "generated pages have no record"
    assert not (Path(app.outdir) / f"{BUNDLE_DIR}.new").exists()


@needs_pagefind
def test_filters_of_each_post_come_from_its_records(site):
    _, bundle = site
    assert set(bundle.filter_names) == set(FILTERS)
    assert bundle.page("/posts/lanterns.html")["filters"] == {
        "show": ["Reading Room"],
        "guest": ["Ada Quill"],
        "speaker": ["Ada Quill"],
        "tag": ["Archives", "AI"],
        "year": ["2021"],
    }
    # The speaker of a quote need not be the guest: the host is quoted here.
    ledgers = bundle.page("/posts/ledgers.html")["filters"]
    assert ledgers["speaker"] == ["Max Host"]
    assert ledgers["guest"] == ["Ben Ledger"]
    assert ledgers["year"] == ["2022"]
    # Pages that are not posts have no filters, so a filtered search lists posts only.
    assert bundle.page("/about.html")["filters"] == {}
    assert bundle.page("/")["filters"] == {}


@needs_pagefind
def test_results_carry_title_date_and_show(site):
    _, bundle = site
    meta = bundle.page("/posts/ledgers.html")["meta"]
    assert meta == {
        "title": "Ben Ledger - Ledgers all the way down",
        "date": "2022-05-02",
        "show": "Numbers Hour",
    }
    assert bundle.page("/about.html")["meta"] == {"title": "About this archive"}


@needs_pagefind
def test_a_word_of_a_key_quote_weighs_more_than_the_same_word_in_a_body(site):
    _, bundle = site
    # "glimmerquack" is in lanterns' key quote and in a paragraph of ledgers.
    weights = bundle.weights("glimmerquack")
    assert weights == {"/posts/lanterns.html": 5.0, "/posts/ledgers.html": 1.0}
    # Guest names are weighted like quotes; pages that are not posts are weighted down.
    assert bundle.weights("quill")["/posts/lanterns.html"] >= 5.0
    assert bundle.weights("librarian") == {"/about.html": 0.5}


@needs_pagefind
def test_records_hold_the_page_text_without_navigation_or_other_posts(site):
    _, bundle = site
    lanterns = bundle.page("/posts/lanterns.html")["content"]
    assert "How a small archive keeps its quotes findable for years." in lanterns
    assert "A conversation with Ada Quill" in lanterns
    # The related-post card shows ledgers' title; the post header its reading time.
    assert "Ledgers all the way down" not in lanterns
    assert "Related posts" not in lanterns
    assert "min read" not in lanterns
    assert "Watch" not in lanterns
    landing = bundle.page("/")["content"]
    assert landing == "Search & Find. The landing page of a small archive."
    # The section heading is an anchor Pagefind can link to.
    anchors = {a["id"] for a in bundle.page("/posts/ledgers.html")["anchors"]}
    assert {"counting-things", "double-entry"} <= anchors


@needs_pagefind
def test_hostile_metadata_never_reaches_the_ui_as_markup(site):
    app, bundle = site
    odd = bundle.page("/posts/odd.html")
    # Pagefind's UI renders filter values as HTML: they hold no "<".
    values = [value for values in odd["filters"].values() for value in values]
    assert "\u2039img src=x onerror=alert(1)\u203a" in values
    assert not any("<" in value or ">" in value for value in values)
    # Titles and metadata are shown as text by the UI, so they are kept as written.
    assert odd["meta"]["title"] == "Q&A: 1 < 2 > 0 & more"
    assert odd["meta"]["show"] == 'Show "Quotes" & <Brackets>'
    # The record itself is well formed: every value was escaped.
    record = next((Path(app.doctreedir) / "podcast-search").rglob("odd.html"))
    soup = BeautifulSoup(record.read_text("utf-8"), "html.parser")
    assert soup.find("img") is None and soup.find("script") is None
    assert soup.h1.get_text() == "Q&A: 1 < 2 > 0 & more"


def test_filter_value_removes_only_angle_brackets():
    assert filter_value("Tom & <Jerry>") == "Tom & \u2039Jerry\u203a"
    assert filter_value("Ada Quill") == "Ada Quill"


# -- on: the site ---------------------------------------------------------------------------


@needs_pagefind
def test_search_page_runs_pagefind_and_not_sphinx_search(site):
    app, _ = site
    search = page(app, "search.html")
    ui = search.select_one("[data-podcast-pagefind]")
    assert ui is not None
    assert ui["data-bundle"] == f"{BUNDLE_DIR}/"
    assert ui["data-filters"].split() == list(FILTERS)
    assert json.loads(ui["data-meta-labels"]) == {"date": "Date", "show": "Show"}
    scripts = [s["src"].split("?")[0] for s in search.find_all("script", src=True)]
    assert "_static/podcast-search.js" in scripts
    assert not any(s.endswith(("searchindex.js", "searchtools.js")) for s in scripts)
    inline = [script.string or "" for script in search.find_all("script", src=False)]
    assert not any("agefind" in text for text in inline), "no inline script of ours"
    # Other pages do not load the search page's assets.
    assert "podcast-search.js" not in (Path(app.outdir) / "about.html").read_text("utf-8")
    # Sphinx's index is not built; themes that load it on every page get an empty one.
    assert sphinx_index(app)["docnames"] == []
    # The search-box form still opens the search page with ?q=.
    form = page(app, "index.html").select_one("form.podcast-search")
    assert form["action"] == "search.html"
    assert form.select_one("input")["name"] == "q"


@needs_pagefind
def test_dirhtml_urls_and_bundle_path(src, tmp_path):
    app = build(src, tmp_path / "out", "dirhtml")
    assert warnings(app) == []
    bundle = Bundle.read(Path(app.outdir) / BUNDLE_DIR)
    assert bundle.urls == {"/", "/about/", "/posts/lanterns/", "/posts/ledgers/", "/posts/odd/"}
    ui = page(app, "search/index.html").select_one("[data-podcast-pagefind]")
    assert ui["data-bundle"] == f"../{BUNDLE_DIR}/"


@needs_pagefind
@pytest.mark.parametrize("builder", ["singlehtml", "text", "epub"])
def test_other_builders_are_untouched(src, tmp_path, builder):
    app = build(src, tmp_path / "out", builder)
    assert [w for w in warnings(app) if w.type == "podcast.search"] == []
    assert not (Path(app.outdir) / BUNDLE_DIR).exists()
    assert not (Path(app.doctreedir) / "podcast-search").exists()


@needs_pagefind
def test_parallel_build_indexes_every_page(src, tmp_path):
    app = build(src, tmp_path / "out", parallel=2)
    assert warnings(app) == []
    assert Bundle.read(Path(app.outdir) / BUNDLE_DIR).urls == INDEXED


# -- on: incremental builds -------------------------------------------------------------------


@needs_pagefind
def test_noop_rebuild_keeps_every_page_and_does_not_index_again(src, tmp_path):
    out = tmp_path / "out"
    first = build(src, out)
    bundle_dir = Path(first.outdir) / BUNDLE_DIR
    entry = (bundle_dir / "pagefind-entry.json").stat().st_mtime_ns
    second = build(src, out)
    assert warnings(second) == []
    assert "pagefind: the search index is up to date" in second.status.getvalue()
    assert (bundle_dir / "pagefind-entry.json").stat().st_mtime_ns == entry
    assert Bundle.read(bundle_dir).urls == INDEXED


@needs_pagefind
def test_edited_post_is_indexed_again_with_every_other_page(src, tmp_path):
    out = tmp_path / "out"
    build(src, out)
    post = src / "posts" / "ledgers.md"
    post.write_text(post.read_text("utf-8") + "\nA new word: quasiledger.\n", "utf-8")
    app = build(src, out)
    bundle = Bundle.read(Path(app.outdir) / BUNDLE_DIR)
    assert bundle.urls == INDEXED
    assert bundle.weights("quasiledg") == {"/posts/ledgers.html": 1.0}


@needs_pagefind
def test_removed_post_leaves_the_index(src, tmp_path):
    out = tmp_path / "out"
    build(src, out)
    (src / "posts" / "odd.md").unlink()
    app = build(src, out)
    assert Bundle.read(Path(app.outdir) / BUNDLE_DIR).urls == INDEXED - {"/posts/odd.html"}


@needs_pagefind
def test_lost_records_are_written_again(src, tmp_path):
    out = tmp_path / "out"
    first = build(src, out)
    shutil.rmtree(Path(first.doctreedir) / "podcast-search")
    app = build(src, out)
    assert Bundle.read(Path(app.outdir) / BUNDLE_DIR).urls == INDEXED


@needs_pagefind
def test_deleted_bundle_is_written_again(src, tmp_path):
    out = tmp_path / "out"
    first = build(src, out)
    shutil.rmtree(Path(first.outdir) / BUNDLE_DIR)
    app = build(src, out)
    assert Bundle.read(Path(app.outdir) / BUNDLE_DIR).urls == INDEXED


# -- on, but not possible ----------------------------------------------------------------------


def test_missing_pagefind_package_is_one_warning_and_sphinx_search_stays(
    src, tmp_path, monkeypatch
):
    # An entry of None in sys.modules makes `import pagefind.service` raise ImportError.
    monkeypatch.setitem(sys.modules, "pagefind.service", None)
    app = build(src, tmp_path / "out")
    found = warnings(app)
    assert [w.type for w in found] == ["podcast.search"]
    assert "the pagefind package is not installed" in found[0].message
    assert "Traceback" not in app.warning.getvalue()
    assert not (Path(app.outdir) / BUNDLE_DIR).exists()
    assert "glimmerquack" in sphinx_index(app)["terms"]
    assert page(app, "search.html").select_one("#search-results") is not None


def test_missing_binary_is_one_warning(src, tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    app = build(src, tmp_path / "out")
    assert [w.type for w in warnings(app)] == ["podcast.search"]
    assert "glimmerquack" in sphinx_index(app)["terms"]


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for the binary")
def test_failing_pagefind_is_a_warning_not_a_traceback(src, tmp_path, monkeypatch):
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: something broke' >&2\nexit 3\n", "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    app = build(src, tmp_path / "out")
    found = warnings(app)
    assert [w.type for w in found] == ["podcast.search"]
    assert "Pagefind could not index the site: Error: something broke" in found[0].message
    assert not (Path(app.outdir) / BUNDLE_DIR).exists()
    assert not (Path(app.outdir) / f"{BUNDLE_DIR}.new").exists()


def _fake_pagefind(tmp_path: Path, body: str) -> Path:
    """A stand-in for the binary that runs *body* (sh), then the real Pagefind."""
    real = pagefind_executable()[0]
    fake = tmp_path / "pagefind"
    fake.write_text(f'#!/bin/sh\n{body}\nexec "{real}" "$@"\n', "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


@needs_pagefind
@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for the binary")
def test_indexing_runs_while_the_generated_pages_are_written(src, tmp_path, monkeypatch):
    started = tmp_path / "started"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_fake_pagefind(tmp_path, f"touch {started}")))
    seen: list[bool] = []

    def later_pages(app):
        # Another extension's pages, written after the index was started: the indexer
        # is already at work (it would not be, were it started on build-finished).
        for _ in range(200):
            if started.exists():
                break
            time.sleep(0.05)
        seen.append(started.exists())
        return []

    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    app.connect("html-collect-pages", later_pages, priority=900)
    try:
        app.build()
    finally:
        app.cleanup()
    assert seen == [True]
    assert not warnings(app)
    assert Bundle.read(Path(app.outdir) / BUNDLE_DIR).urls == INDEXED


@needs_pagefind
@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for the binary")
@pytest.mark.parametrize("parallel", [0, 2])
def test_indexing_starts_once_every_document_has_its_record(src, tmp_path, monkeypatch, parallel):
    """In a full build the records are complete when the last document is resolved: with
    ``-j 2`` Pagefind then runs while Sphinx's writer finishes, not after it."""
    started = tmp_path / "started"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_fake_pagefind(tmp_path, f"touch {started}")))
    seen: list[bool] = []

    def before_any_page(app):
        # Before the indexing handler of html-collect-pages (priority 1).
        for _ in range(200):
            if started.exists():
                break
            time.sleep(0.05)
        seen.append(started.exists())
        return []

    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", parallel=parallel)
    app.connect("html-collect-pages", before_any_page, priority=0)
    try:
        app.build()
    finally:
        app.cleanup()
    assert seen == [True]
    assert not warnings(app)
    assert Bundle.read(Path(app.outdir) / BUNDLE_DIR).urls == INDEXED


@needs_pagefind
def test_an_incremental_build_indexes_once_its_documents_are_written(src, tmp_path):
    """Only some documents are written: the index starts on html-collect-pages, with the
    records of the others kept from the last build."""
    out = tmp_path / "out"
    build(src, out)
    post = src / "posts" / "ledgers.md"
    post.write_text(post.read_text("utf-8") + "\nA new word: quasiledger.\n", "utf-8")
    started_before_pages: list[bool] = []

    def before_any_page(app):
        started_before_pages.append(search._BUILDS[app.builder].indexing_started)
        return []

    app = SphinxTestApp("html", srcdir=src, builddir=out)
    app.connect("html-collect-pages", before_any_page, priority=0)
    try:
        app.build()
    finally:
        app.cleanup()
    assert started_before_pages == [False]
    bundle = Bundle.read(Path(app.outdir) / BUNDLE_DIR)
    assert bundle.urls == INDEXED
    assert bundle.weights("quasiledg") == {"/posts/ledgers.html": 1.0}


@needs_pagefind
@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for the binary")
def test_a_failing_build_stops_the_indexer_and_keeps_the_last_index(src, tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = build(src, out)
    bundle = Path(first.outdir) / BUNDLE_DIR
    entry = (bundle / "pagefind-entry.json").read_text("utf-8")
    (src / "posts" / "odd.md").write_text(
        (src / "posts" / "odd.md").read_text("utf-8") + "\nA sentence added.\n", "utf-8"
    )
    pid_file = tmp_path / "pid"
    body = f"echo $$ > {pid_file}\nexec sleep 60"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_fake_pagefind(tmp_path, body)))

    def broken_pages(app):
        for _ in range(200):
            if pid_file.exists() and pid_file.read_text().strip():
                break
            time.sleep(0.05)
        raise RuntimeError("an extension's pages failed")

    app = SphinxTestApp("html", srcdir=src, builddir=out)
    app.connect("html-collect-pages", broken_pages, priority=900)
    try:
        with pytest.raises(ExtensionError, match="pages failed"):
            app.build()
    finally:
        app.cleanup()
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped, not left running
    assert not bundle.with_name(f"{BUNDLE_DIR}.new").exists()
    assert (bundle / "pagefind-entry.json").read_text("utf-8") == entry
