"""Search that scales: the site indexed by Pagefind (``podcast_search = "pagefind"``).

Sphinx's ``searchindex.js`` holds every word of every page and is downloaded
whole before the first result. With ``podcast_search = "pagefind"`` the HTML
builders that have Sphinx's search (``html``, ``dirhtml``; not ``singlehtml``
or EPUB) use `Pagefind <https://pagefind.app>`_ instead, whose index is split
into chunks that the search page loads as a query needs them.

How, and when:

1. **Records, while writing** (:mod:`.records`). On ``doctree-resolved`` each
   document gets a small HTML record of what to index: its own text, key
   quotes and guest names weighted higher, filters and result metadata from
   the ``podcast`` domain. Generated pages (guests, shows, quotes, ablog's
   archives, redirects) get none: they list posts that are indexed themselves.
2. **Index, beside the writing** (:mod:`.bundle`). Once every document of the
   project has its record (the last one resolved, in a full build), or else when
   every document is written (``html-collect-pages``, before any page is
   collected), the records of removed documents are deleted and the Pagefind
   binary starts indexing the records into ``<outdir>/_pagefind/``, unless no
   record changed since the last index. It runs beside the generated pages and,
   with ``-j N``, beside Sphinx's writers, which are still at work when the main
   process has resolved the last document; ``build-finished`` waits for it (a
   failed build stops it, and the last index stays). A document whose record was
   lost is read again (``env-get-outdated``).
3. **Search page.** The builder's own search index is switched off (its
   ``search`` flag, as Sphinx's single-page builder does) and ``search.html``
   becomes a page of the theme whose body holds Pagefind's UI with the
   filters (``podcast-search.js``, no inline script); ``?q=word`` runs a query,
   so the ``search-box`` directive and the theme's search field keep working.
   A tiny empty ``searchindex.js`` is written for themes that load it on every
   page (pydata-sphinx-theme).

Without the ``pagefind`` package (or its binary) one ``podcast.search`` warning
is logged and Sphinx's search is kept. With ``podcast_search = "sphinx"`` (the
default) nothing here runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import jinja2
from docutils import nodes
from sphinx.util.logging import getLogger
from sphinx.util.osutil import relative_uri

from ..parallel import PageTuple
from ..shared import _, __
from ..warnings_ import PodcastWarning, warn
from .bundle import (
    BUNDLE_DIR,
    PagefindRun,
    RecordStore,
    pagefind_command,
    pagefind_executable,
)
from .records import FILTERS, is_indexed, page_record

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

__all__ = ["BUNDLE_DIR", "FILTERS", "setup_search"]

logger = getLogger(__name__)

#: What pydata-sphinx-theme's pages load on every page; an index with nothing in it.
EMPTY_SPHINX_INDEX = (
    "Search.setIndex("
    + json.dumps(
        {
            "alltitles": {},
            "docnames": [],
            "envversion": {},
            "filenames": [],
            "indexentries": {},
            "objects": {},
            "objnames": {},
            "objtypes": {},
            "terms": {},
            "titles": [],
            "titleterms": {},
        },
        sort_keys=True,
    )
    + ")"
)


@dataclass(frozen=True)
class _Indexing:
    """Pagefind at work on one build's records."""

    run: PagefindRun
    snapshot: dict[str, Any]
    """What :attr:`run` indexes, saved once it has succeeded."""
    started: float
    """When it was started (``time.perf_counter``), for the log."""


@dataclass
class _PagefindBuild:
    """One builder's Pagefind state, for one build."""

    store: RecordStore
    command: list[str]
    templates: jinja2.Environment
    indexing_started: bool = False
    """Whether the records are complete and the index was started (or found up to date)."""
    indexing: _Indexing | None = None
    """The indexer at work, if the index was out of date."""
    recorded: set[str] = field(default_factory=set)
    """The documents whose record this build made (or found unchanged)."""
    process: int = field(default_factory=os.getpid)
    """The build's main process: the only one that makes records and starts Pagefind."""

    def stop_indexing(self) -> None:
        """Forget the indexing of this or the last build, stopping an indexer still at work."""
        if self.indexing is not None:
            self.indexing.run.cancel()
        self.indexing_started, self.indexing = False, None
        self.recorded = set()


_BUILDS: WeakKeyDictionary[Builder, _PagefindBuild] = WeakKeyDictionary()


def _has_sphinx_search(builder: Builder) -> bool:
    """HTML builders with one file per page and Sphinx's search (``html``, ``dirhtml``)."""
    return (
        builder.format == "html"
        and bool(getattr(builder, "search", False))
        and not builder.name.startswith(("epub", "singlehtml"))
    )


def start(app: Sphinx) -> None:
    """``builder-inited``: switch to Pagefind if asked for and possible."""
    builder = app.builder
    if app.config.podcast_search != "pagefind" or not _has_sphinx_search(builder):
        return
    executable, reason = pagefind_executable()
    if executable is None:
        warn(
            PodcastWarning.SEARCH,
            __(
                "podcast_search = 'pagefind' cannot be used: %s; Sphinx's search is kept "
                "(pip install 'sphinx-podcast-ext[search]')"
            )
            % reason,
        )
        return
    _BUILDS[builder] = _PagefindBuild(
        RecordStore(builder), pagefind_command(builder, executable), _templates(builder)
    )
    # Sphinx's own index is not built: the same switch its single-page builder uses.
    builder.search = False  # type: ignore[attr-defined]


def _templates(builder: Builder) -> jinja2.Environment:
    """Sphinx's template environment with autoescaping (so themes can override ours)."""
    environment = getattr(builder.templates, "environment", None)
    if isinstance(environment, jinja2.Environment):
        return environment.overlay(autoescape=True)
    # A custom template bridge without a Jinja environment: our templates only.
    loader = jinja2.FileSystemLoader(str(Path(__file__).parent.parent / "templates"))
    return jinja2.Environment(loader=loader, autoescape=True)


def lost_records(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: documents whose record is missing are read and written again.

    Every build emits it first thing, also the second ``app.build()`` of one
    application (a language server, a test): the last build's indexing is over.
    """
    build = _BUILDS.get(app.builder)
    if build is None:
        return []
    build.stop_indexing()
    unchanged = env.all_docs.keys() - added - changed - removed
    return sorted(d for d in unchanged if d in env.found_docs and not build.store.has(d))


def write_record(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, late: keep the record of each document being written.

    Made after the event's other handlers, which may still remove text
    (``sphinx.ext.ifconfig``, a project's own). With ``-j`` this is the main
    process, which resolves every document for the writer processes: it has
    the smaller share of a parallel write, and sits idle while the writers
    finish (the records in the writers made the write 2-3 s longer at 1,000
    posts). ablog also resolves excerpts and its feeds' copies of posts: those
    are not whole documents read from a source, and are left out.
    """
    build = _BUILDS.get(app.builder)
    if build is None or not isinstance(doctree, nodes.document) or not doctree.get("source"):
        return
    if build.indexing_started or docname not in app.env.all_docs:
        return
    if os.getpid() != build.process:
        return  # another extension resolves documents in Sphinx's writers: not records
    if is_indexed(app.env, docname):
        record = page_record(app.env, docname, doctree)
        text = build.templates.get_template("podcast/pagefind-record.html").render(record=record)
        build.store.write(docname, text)
    else:
        build.store.write(docname, None)
    build.recorded.add(docname)
    if len(build.recorded) == len(app.env.all_docs):
        # Every document has its record: with -j N the main process has resolved the
        # last one, and Pagefind runs while Sphinx's writers finish theirs.
        _start_indexing(app, build)


def search_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: give the search page its assets."""
    if pagename == "search" and doctree is None and app.builder in _BUILDS:
        app.add_css_file("podcast-search.css")
        app.add_js_file("podcast-search.js", loading_method="defer")


def search_page(app: Sphinx) -> Iterator[PageTuple]:
    """``html-collect-pages``: the search page, with Pagefind's UI in its body."""
    build = _BUILDS.get(app.builder)
    if build is None:
        return
    if "search" in app.env.all_docs:
        warn(PodcastWarning.SEARCH, __("a document named 'search' hides the search page"), "search")
        return
    context = {
        "bundle": relative_uri(app.builder.get_target_uri("search"), BUNDLE_DIR + "/"),
        "filters": FILTERS,
        "labels": {
            "title": _("Search"),
            "noscript": _("Searching the archive needs JavaScript."),
            "missing": _("The search index is missing: build the site again."),
        },
        "meta_labels": json.dumps({"date": _("Date"), "show": _("Show")}),
    }
    body = build.templates.get_template("podcast/search-page.html").render(**context)
    yield "search", {"title": _("Search"), "body": body}, "page.html"


def start_indexing(app: Sphinx) -> list[PageTuple]:
    """``html-collect-pages``, first: every document is written, so index their records.

    Pagefind then runs beside the writing of the generated pages, which it does
    not index; :func:`finish` waits for it.
    """
    build = _BUILDS.get(app.builder)
    if build is not None and not build.indexing_started:
        _start_indexing(app, build)
    return []


def _start_indexing(app: Sphinx, build: _PagefindBuild) -> None:
    """Drop removed pages' records, then start Pagefind if any record changed."""
    build.indexing_started = True
    outdir = Path(app.builder.outdir)
    _write_if_changed(outdir / "searchindex.js", EMPTY_SPHINX_INDEX)
    build.store.prune(set(app.env.all_docs))
    bundle = outdir / BUNDLE_DIR
    snapshot = build.store.snapshot(build.command)
    if build.store.last_indexed() == snapshot and (bundle / "pagefind-entry.json").is_file():
        logger.info(__("pagefind: the search index is up to date"))
        return
    started = time.perf_counter()
    try:
        run = PagefindRun(build.command, build.store.pages, bundle)
    except OSError as exc:
        warn(PodcastWarning.SEARCH, __("Pagefind could not index the site: %s") % exc)
        return
    build.indexing = _Indexing(run, snapshot, started)


def finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: wait for the index (started by :func:`start_indexing`)."""
    build = _BUILDS.get(app.builder)
    if build is None:
        return
    if exception is not None:
        build.stop_indexing()
        return
    if not build.indexing_started:  # no html-collect-pages: a builder that skips it
        _start_indexing(app, build)
    indexing, build.indexing = build.indexing, None
    if indexing is None:
        return
    try:
        pages = indexing.run.wait()
    except (OSError, RuntimeError, ValueError, subprocess.SubprocessError) as exc:
        warn(PodcastWarning.SEARCH, __("Pagefind could not index the site: %s") % exc)
        return
    build.store.save(indexing.snapshot)
    logger.info(
        __("pagefind: indexed %d pages into %s in %.1f s"),
        pages,
        BUNDLE_DIR,
        time.perf_counter() - indexing.started,
    )


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


def setup_search(app: Sphinx) -> None:
    """Connect the events; all of them do nothing unless Pagefind is in use."""
    app.connect("builder-inited", start)
    app.connect("env-get-outdated", lost_records)
    # After other handlers (``ifconfig``, a project's own), which may remove text.
    app.connect("doctree-resolved", write_record, priority=900)
    app.connect("html-page-context", search_assets)
    app.connect("html-collect-pages", start_indexing, priority=1)
    app.connect("html-collect-pages", search_page)
    app.connect("build-finished", finish)
