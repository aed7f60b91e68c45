"""``parallel.py`` and the generated pages of a ``-j N`` build.

A :class:`~sphinx_podcast_ext.parallel.PageQueue` hands pages out one at a time
to workers forked at different moments; with ``-j N`` one worker starts on the
generated pages while Sphinx still writes the documents, at the lowest
priority, and more join it on ``html-collect-pages``.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sphinx.errors import ExtensionError, SphinxParallelError
from sphinx.testing.util import SphinxTestApp
from sphinx.util import logging
from sphinx.util.parallel import parallel_available

from sphinx_podcast_ext import pages, parallel
from sphinx_podcast_ext.parallel import BACKGROUND_NICENESS, MIN_PAGES, WORKER_NAME, PageQueue
from sphinx_podcast_ext.store import get_domain
from sphinx_podcast_ext.testing import write_archive

pytestmark = pytest.mark.skipif(not parallel_available, reason="needs fork")

CONTENT = Path(__file__).parent.parent / "content"


# -- PageQueue -----------------------------------------------------------------------------


class _Builder:
    """Writes a line per page: ``name pid niceness``; some pages fail, sleep or kill."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def handle_page(self, pagename: str, context: dict[str, Any], template: str) -> None:
        if context.get("sleep"):
            time.sleep(context["sleep"])
        if context.get("fail"):
            raise RuntimeError(f"cannot write {pagename}")
        if context.get("die"):
            os._exit(3)
        if context.get("warn"):
            logging.getLogger("sphinx_podcast_ext.tests").warning("a warning from %s", pagename)
        with self.log.open("a", encoding="utf-8") as log:
            log.write(f"{pagename} {os.getpid()} {os.nice(0)}\n")


class _App:
    def __init__(self, log: Path) -> None:
        self.builder = _Builder(log)
        self.parallel = 2


def _queue(tmp_path: Path, items: list[dict[str, Any]]) -> tuple[PageQueue[dict[str, Any]], Path]:
    log = tmp_path / "written.log"
    app: Any = _App(log)
    return PageQueue(app, items, lambda item: (item["name"], item, "page.html")), log


def _written(log: Path) -> list[tuple[str, int, int]]:
    if not log.exists():
        return []
    lines = [line.split() for line in log.read_text("utf-8").splitlines()]
    return [(name, int(pid), int(niceness)) for name, pid, niceness in lines]


def _page_workers() -> list[multiprocessing.process.BaseProcess]:
    """The page workers still running (other tests' processes, e.g. sphinx-sitemap's, aside)."""
    return [p for p in multiprocessing.active_children() if p.name.startswith(WORKER_NAME)]


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_workers_forked_at_different_times_write_every_page_once(tmp_path):
    items = [{"name": f"page{number:03d}", "sleep": 0.002} for number in range(300)]
    queue, log = _queue(tmp_path, items)
    queue.add_worker(niceness=BACKGROUND_NICENESS)
    _wait_for(lambda: len(_written(log)) >= 20)
    queue.add_worker()
    queue.add_worker()
    queue.join()
    written = _written(log)
    assert Counter(name for name, _, _ in written) == Counter(item["name"] for item in items)
    assert queue.exhausted
    # The first worker yields to the others; they run at this process's priority.
    mine = os.nice(0)
    by_niceness = Counter(niceness for _, _, niceness in written)
    assert set(by_niceness) == {min(mine + BACKGROUND_NICENESS, 19), mine}
    assert len({pid for _, pid, _ in written}) == 3
    assert os.getpid() not in {pid for _, pid, _ in written}


def test_a_failing_page_fails_the_join_and_every_other_page_is_written(tmp_path):
    items = [{"name": f"page{number:02d}"} for number in range(40)]
    items[7]["fail"] = True
    queue, log = _queue(tmp_path, items)
    queue.add_worker()
    queue.add_worker()
    with pytest.raises(SphinxParallelError, match="cannot write page07"):
        queue.join()
    names = sorted(name for name, _, _ in _written(log))
    assert names == sorted(item["name"] for item in items if not item.get("fail"))
    assert not _page_workers()


def test_a_worker_that_dies_without_a_result_is_an_error_not_a_hang(tmp_path):
    items = [{"name": "first"}, {"name": "fatal", "die": True}, {"name": "last"}]
    queue, _log = _queue(tmp_path, items)
    queue.add_worker()
    with pytest.raises(SphinxParallelError, match="ended without a result"):
        queue.join()
    assert not _page_workers()


def test_terminate_stops_a_worker_still_at_work(tmp_path):
    items = [{"name": f"slow{number}", "sleep": 0.5} for number in range(100)]
    queue, log = _queue(tmp_path, items)
    queue.add_worker(niceness=BACKGROUND_NICENESS)
    _wait_for(lambda: len(_written(log)) >= 1)
    started = time.monotonic()
    queue.terminate()
    assert time.monotonic() - started < 5
    assert not _page_workers()
    assert len(_written(log)) < len(items)


# -- the generated pages of a -j 2 build -------------------------------------------------------


def _site(root: Path, posts: int = 30) -> Path:
    """The reference site with *posts* posts: small archive pages, many generated pages."""
    src = root / "src"
    shutil.copytree(CONTENT, src, ignore=shutil.ignore_patterns("_build", "posts"))
    write_archive(src, posts, seed=11)
    return src


class _PagesSeen:
    """Which process wrote each page, at which priority; the early queue at collect time."""

    def __init__(self, app: SphinxTestApp, log: Path, wait: bool = True) -> None:
        self.log = log
        self.wait = wait
        self.queue: PageQueue[Any] | None = None
        self.main = os.getpid()
        # Before collect_pages (500): the worker started while documents were written.
        app.connect("html-collect-pages", self._collecting, priority=0)
        app.connect("html-page-context", self._written)

    def _collecting(self, app: SphinxTestApp) -> list[Any]:
        early = pages._EARLY.get(app.builder)
        self.queue = early.queue if early is not None else None
        if self.queue is not None and self.wait:
            # Let the early worker take every page, so that the test knows who wrote what.
            _wait_for(lambda: self.queue is not None and self.queue.exhausted, 300)
        return []

    def _written(self, app, pagename, templatename, context, doctree) -> None:
        kind = "document" if doctree is not None else "page"
        with self.log.open("a", encoding="utf-8") as log:
            log.write(f"{pagename} {kind} {os.getpid()} {os.nice(0)}\n")

    def pages(self) -> list[tuple[str, int, int]]:
        lines = [line.split() for line in self.log.read_text("utf-8").splitlines()]
        return [(name, int(pid), int(nice)) for name, kind, pid, nice in lines if kind == "page"]


def _build(src: Path, out: Path, parallel: int, seen_log: Path | None = None, **overrides):
    app = SphinxTestApp(
        "html",
        srcdir=src,
        builddir=out,
        parallel=parallel,
        confoverrides={"podcast_page_size": 3, **overrides},
    )
    seen = _PagesSeen(app, seen_log) if seen_log is not None else None
    try:
        app.build()
    finally:
        app.cleanup()
    return app, seen


def _generated_files(app: SphinxTestApp) -> dict[str, bytes]:
    outdir = Path(app.outdir)
    return {
        name: (outdir / f"{name}.html").read_bytes()
        for name in get_domain(app.env).generated
        if (outdir / f"{name}.html").is_file()
    }


def test_generated_pages_start_while_the_documents_are_written(tmp_path):
    src = _site(tmp_path)
    parallel, seen = _build(src, tmp_path / "parallel", 2, tmp_path / "pages.log")
    serial, _ = _build(src, tmp_path / "serial", 1)
    assert seen is not None and seen.queue is not None
    generated = get_domain(parallel.env).generated
    assert len(generated) >= MIN_PAGES
    early = {name for name, _page in seen.queue.items}
    assert early == set(generated)  # a first build: every page is new
    # Each generated page written once, by the early worker, at the lowest priority.
    written = seen.pages()
    ours = [entry for entry in written if entry[0] in generated]
    assert Counter(name for name, _, _ in ours) == Counter(list(generated))
    mine = os.nice(0)
    assert {(pid != seen.main, nice) for _, pid, nice in ours} == {
        (True, min(mine + BACKGROUND_NICENESS, 19))
    }
    # The same pages as a serial build writes.
    assert _generated_files(parallel) == _generated_files(serial)
    assert not _page_workers()


def test_an_incremental_build_writes_only_the_pages_that_changed(tmp_path):
    src = _site(tmp_path)
    out = tmp_path / "out"
    _build(src, out, 2)
    post = sorted((src / "posts").glob("*.md"))[5]
    text = post.read_text("utf-8")
    post.write_text(text.replace('title: "', 'title: "Renamed: ', 1), "utf-8")
    app, seen = _build(src, out, 2, tmp_path / "pages.log")
    assert seen is not None
    generated = get_domain(app.env).generated
    rewritten = {name for name, _, _ in seen.pages() if name in generated}
    assert rewritten and rewritten < set(generated)
    # Each page showing the post was written again: none shows the old title.
    old_title = html.escape(text.split('title: "', 1)[1].split('"', 1)[0], quote=False)
    for name in set(generated) - rewritten:
        page = Path(app.outdir, f"{name}.html").read_text("utf-8")
        assert old_title not in page, name


def test_a_failed_build_stops_the_worker_of_its_early_pages(tmp_path):
    src = _site(tmp_path)
    resolved: list[str] = []

    def slow_pages(app, pagename, templatename, context, doctree) -> None:
        if doctree is None:
            time.sleep(0.5)  # the worker is still at work when the build fails

    def fails(app, doctree, docname) -> None:
        resolved.append(docname)
        if len(resolved) == 6:
            _wait_for(lambda: bool(_page_workers()))
            raise RuntimeError("a handler fails")

    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", parallel=2,
        confoverrides={"podcast_page_size": 3},
    )  # fmt: skip
    app.connect("html-page-context", slow_pages)
    app.connect("doctree-resolved", fails, priority=1001)
    started = time.monotonic()
    try:
        with pytest.raises(ExtensionError, match="a handler fails"):
            app.build()
    finally:
        app.cleanup()
    assert time.monotonic() - started < 60
    assert not _page_workers()
    assert app.builder not in pages._EARLY


def test_a_warning_of_a_page_written_by_a_worker_reaches_the_build(tmp_path):
    src = _site(tmp_path)

    def warn_once(app, pagename, templatename, context, doctree) -> None:
        if pagename == "guests":
            logging.getLogger("sphinx_podcast_ext.tests").warning("seen on the guests page")

    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", parallel=2,
        confoverrides={"podcast_page_size": 3},
    )  # fmt: skip
    app.connect("html-page-context", warn_once)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue().count("seen on the guests page") == 1


def test_a_build_stopped_after_writing_pages_leaves_none_stale(tmp_path, monkeypatch):
    """A build stopped once its early worker has written the pages of an added post; the
    post is then removed again: the next build must neither trust the last good build's
    fingerprints for pages the stopped one rewrote, nor keep a page only it wrote."""
    # A worker even for the handful of pages that one post changes.
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(pages, "MIN_PAGES", 1)
    src = _site(tmp_path)
    out = tmp_path / "out"
    _build(src, out, 2)
    first = sorted((src / "posts").glob("*.md"))[0]
    added = src / "posts" / "20991231-added.md"
    added.write_text(first.read_text("utf-8").replace('title: "', 'title: "Interim ', 1), "utf-8")

    def stop_once_pages_are_written(app, doctree, docname) -> None:
        early = pages._EARLY.get(app.builder)
        if early is not None and early.queue is not None:
            queue = early.queue
            _wait_for(lambda: queue.exhausted, 300)
            queue.join()  # every page written
            raise RuntimeError("stopped")

    app = SphinxTestApp(
        "html", srcdir=src, builddir=out, parallel=2, confoverrides={"podcast_page_size": 3}
    )
    app.connect("doctree-resolved", stop_once_pages_are_written, priority=1001)
    try:
        with pytest.raises(ExtensionError, match="stopped"):
            app.build()
    finally:
        app.cleanup()
    outdir = Path(app.outdir)
    assert any("Interim " in page.read_text("utf-8") for page in outdir.rglob("*.html"))
    added.unlink()
    _build(src, out, 2)
    clean, _seen = _build(src, tmp_path / "clean", 1)
    files = {page.relative_to(outdir).as_posix() for page in outdir.rglob("*.html")}
    clean_files = {
        page.relative_to(clean.outdir).as_posix() for page in Path(clean.outdir).rglob("*.html")
    }
    assert files == clean_files
    assert [name for name in files if "Interim " in (outdir / name).read_text("utf-8")] == []
