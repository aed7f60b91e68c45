"""Generated pages: one per guest and per show, their indexes, a quote index, and redirects.

The pages are built from the records in the ``podcast`` domain, never by
re-rendering posts.

* **Record** (``doctree-read``, :func:`record_page_links`): which guest and
  show pages a document links to (its header's show and guests, and its
  ``{podcast:…}`` references), so it is rewritten when one of them moves.
* **Resolve** (after reading, :func:`resolve_pages`): each page is planned as
  a :class:`~.records.GeneratedPage` of plain values, and gets its name from
  :func:`~.outputs.assign_pages` (safe, inside the output folder, never
  replacing a document or another page; clashes renamed with a warning).
  Nothing is generated for a project without posts, or by builders that do
  not write pages; references to the pages then stay text.
* **Render** (``html-collect-pages``, :func:`collect_pages`): only pages whose
  fingerprint changed are rendered (:mod:`.pagecache`), from the package's
  Jinja templates ``podcast/guest.html``, ``show.html``, ``index.html``,
  ``quotes.html`` and ``redirect.html``, which escape everything they print
  and which a theme or project can override from its ``templates_path``. The
  fragment becomes the ``body`` of the theme's ``page.html``, so the pages
  look like every other page of the site. With ``-j N`` a worker starts on
  them while Sphinx still writes the documents (:func:`start_pages_early`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sphinx import addnodes

from .archives import planned_archive_pages
from .cards import card_fingerprint, card_meta
from .media import format_timestamp, recognize_video, url_at_time
from .outputs import Planned, build_pages
from .pagecache import fingerprint, get_cache
from .pagination import initial, letter_anchor
from .parallel import (
    BACKGROUND_NICENESS,
    MIN_PAGES,
    PageQueue,
    PageTuple,
    can_write_in_parallel,
    stop_all,
    write_in_parallel,
)
from .people import page_name, planned_people_pages
from .posts import post_meta
from .records import GeneratedPage, PageEntry, QuoteRecord
from .redirects import redirect_claims, redirect_page
from .shared import DocumentBeingRead, _, format_date
from .store import PAGE_ROLES, get_domain
from .warnings_ import PodcastWarning, warn

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

__all__ = ["collect_pages", "page_name", "record_page_links", "resolve_pages", "setup_pages"]

# -- record --------------------------------------------------------------------------------


def record_page_links(doc: DocumentBeingRead) -> None:
    """Note the generated pages the document links to (references and header)."""
    wanted = {
        (node["reftype"], node["reftarget"] if node["reftype"] in ("guest", "show") else "")
        for node in doc.doctree.findall(addnodes.pending_xref)
        if node.get("refdomain") == "podcast"
    }
    episode = doc.post.episode
    if episode is not None and doc.post.is_post:
        wanted.update(("guest", guest) for guest in episode.guests)
        if episode.show:
            wanted.add(("show", episode.show))
    if wanted:
        get_domain(doc.env).page_refs[doc.docname] = tuple(sorted(wanted))


# -- resolve -------------------------------------------------------------------------------


def _redirects(env: BuildEnvironment) -> list[Planned]:
    claims = redirect_claims(env) if env.config.podcast_legacy_redirects else {}
    return [Planned(claim, _redirect_builder(docname, env)) for docname, claim in claims.items()]


def _redirect_builder(
    docname: str, env: BuildEnvironment
) -> Callable[[Mapping[str, str], str], GeneratedPage]:
    def build(names: Mapping[str, str], pagename: str) -> GeneratedPage:
        return redirect_page(pagename, docname, env)

    return build


def _link_of(key: str) -> tuple[str, str] | None:
    """The ``(role, target)`` a claim key answers: ``guest:Ada`` → ``("guest", "Ada")``."""
    kind, _sep, rest = key.partition(":")
    if kind in ("guest", "show"):
        return kind, rest
    if kind == "index" and rest.endswith(":1"):
        return rest.removesuffix(":1"), ""
    return None


def resolve_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: plan and name every generated page; return documents whose links moved."""
    domain = get_domain(env)
    domain.generated, domain.page_links = {}, {}
    if not domain.build.writes_pages:
        return []
    planned = [
        *planned_archive_pages(app, domain),
        *planned_people_pages(domain, app.config),
        *_redirects(env),
    ]
    domain.generated, names = build_pages(app, planned)
    for key, pagename in names.items():
        link = _link_of(key)
        if link is not None:
            domain.page_links[link] = pagename
    digests = {
        docname: fingerprint([domain.page_links.get(ref) for ref in refs])
        for docname, refs in domain.page_refs.items()
    }
    return domain.changed_pages("page-links", digests)


# -- render --------------------------------------------------------------------------------


def _context(app: Sphinx, page: GeneratedPage) -> dict[str, Any]:
    """What the page's template sees (every value is escaped by the template)."""
    builder, config, domain = app.builder, app.config, get_domain(app.env)

    def url(target: str) -> str:
        return builder.get_relative_uri(page.pagename, target)

    def meta(entry: PageEntry, heading: str = "") -> list[str]:
        """Date, show and guests; not the page's own guest, nor the group's speaker."""
        record = domain.posts.get(entry.docname)
        if record is None:
            return []
        parts = post_meta(record, domain.episode_of(entry.docname), config)
        shown = {page.title} if page.kind == "guest" else {heading}
        guests = tuple(g for g in parts.guests if g not in shown)
        show = "" if page.kind == "show" else parts.show
        return [part for part in (parts.date, show, ", ".join(guests)) if part]

    def quote_time(entry: PageEntry, quote: QuoteRecord) -> dict[str, str] | None:
        if quote.timestamp is None:
            return None
        record = domain.episode_for(entry.docname, quote.episode_ref)
        text = format_timestamp(quote.timestamp)
        if record is None or record.episode.url is None:
            return {"text": text, "url": ""}
        return {
            "text": text,
            "url": url_at_time(recognize_video(record.episode.url), quote.timestamp),
        }

    def card(docname: str) -> dict[str, Any] | None:
        record = domain.posts.get(docname)
        if record is None:
            return None
        return {
            "title": record.title,
            "meta": card_meta(record, domain, config),
            "description": record.description,
            "tags": record.post.tags,
            "url": url(docname),
        }

    return {
        "podcast_page": page,
        "podcast_url": url,
        "podcast_meta": meta,
        "podcast_card": card,
        "podcast_quote_time": quote_time,
        "podcast_initial": initial,
        "podcast_letter_anchor": letter_anchor,
        "podcast_date": lambda date, text="": format_date(date, config, text),
        "podcast_gettext": _,
    }


def _digest(app: Sphinx, page: GeneratedPage) -> str:
    """Everything the page shows: its plan, and how its entries' posts are described."""
    domain = get_domain(app.env)
    shown = [entry.docname for group in page.groups for entry in group.entries]
    shown += page.cards
    described = [
        (
            card_fingerprint(domain.posts.get(docname), domain, app.config),
            domain.episode_of(docname),
        )
        for docname in shown
    ]
    return fingerprint(page, described, app.config.language)


class _EarlyPages:
    """The generated pages of one build that a worker writes while Sphinx writes the documents."""

    def __init__(self) -> None:
        #: The first document resolved for the write (Sphinx writes it in the main process).
        self.first: str | None = None
        self.started = False
        self.queue: PageQueue[tuple[str, GeneratedPage]] | None = None
        #: Each page's digest, computed once for both steps.
        self.digests: dict[str, str] = {}

    def stop(self) -> None:
        """Stop the worker, if it still runs (a failed or interrupted build)."""
        if self.queue is not None:
            self.queue.terminate()


#: This build's early pages, per builder (a builder object lives as long as its application).
_EARLY: WeakKeyDictionary[Builder, _EarlyPages] = WeakKeyDictionary()


def reset_early_pages(app: Sphinx, *args: Any) -> None:
    """``write-started``: a build writes; forget (and stop) any earlier build's early pages.

    Also those of other applications: a host (a language server, a test run)
    builds one at a time, and an interrupted build never joins its worker.
    """
    for builder in list(_EARLY):
        _EARLY.pop(builder).stop()
    stop_all()
    _EARLY[app.builder] = _EarlyPages()


def start_pages_early(app: Sphinx, doctree: nodes.Node, docname: str) -> None:
    """``doctree-resolved``: with ``-j N``, start writing the pages that changed, in a worker.

    Sphinx writes the first document in the main process (compiling the
    theme's templates, which a worker forked after it inherits), then hands
    the others to its writers while the main process resolves them. Once that
    has begun, one worker starts on the generated pages whose content changed
    or whose file is missing, at the lowest priority: with ``-j 2`` it runs on
    the core that the main process and Sphinx's one writer leave idle in
    turns, and on the one the main process leaves once it has resolved every
    document. :func:`collect_pages` adds workers for what is left.
    """
    early = _EARLY.get(app.builder)
    if early is None or early.started or docname not in app.env.all_docs:
        return
    if early.first is None or early.first == docname:
        early.first = docname
        return
    early.started = True
    cache = get_cache(app)
    if cache is None or not can_write_in_parallel(app, MIN_PAGES):
        return
    generated = get_domain(app.env).generated
    early.digests = {name: _digest(app, page) for name, page in generated.items()}
    due = [
        (pagename, page)
        for pagename, page in sorted(generated.items())
        if cache.changed(pagename, early.digests[pagename])
    ]
    if can_write_in_parallel(app, len(due)):
        cache.forget(pagename for pagename, _page in due)
        early.queue = PageQueue(app, due, lambda item: _page(app, *item))
        early.queue.add_worker(niceness=BACKGROUND_NICENESS)


def stop_pages_early(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a failed build stops the worker of its early pages."""
    early = _EARLY.pop(app.builder, None)
    if early is not None:
        early.stop()


def collect_pages(app: Sphinx) -> Iterator[PageTuple]:
    """``html-collect-pages``: render the generated pages that changed or are missing.

    With ``-j N`` (and enough of them) worker processes write them
    (:mod:`.parallel`); those started early (:func:`start_pages_early`) are
    joined first, by as many workers as the build has processes.
    """
    cache = get_cache(app)
    if cache is None:
        return
    early = _EARLY.pop(app.builder, None) or _EarlyPages()
    due = [
        (pagename, page)
        for pagename, page in sorted(get_domain(app.env).generated.items())
        if cache.needs_writing(pagename, early.digests.get(pagename) or _digest(app, page))
    ]
    cache.forget(pagename for pagename, _page in due)
    if early.queue is not None:
        if not early.queue.exhausted:
            for _worker in range(app.parallel):
                early.queue.add_worker()
        early.queue.join()
        written = {pagename for pagename, _page in early.queue.items}
        due = [item for item in due if item[0] not in written]
    if can_write_in_parallel(app, len(due)):
        write_in_parallel(app, due, lambda item: _page(app, *item))
        return
    for pagename, page in due:
        yield _page(app, pagename, page)


def _page(app: Sphinx, pagename: str, page: GeneratedPage) -> PageTuple:
    """What the builder writes for *page*: its name, context and template."""
    context = _context(app, page)
    if page.kind == "redirect":
        context["redirect_uri"] = app.builder.get_relative_uri(pagename, page.redirect_to)
        return pagename, context, page.template
    body = app.builder.templates.render(page.template, context)
    head = app.builder.templates.render("podcast/_head.html", context)
    return pagename, {"title": html.escape(page.title), "body": body, "metatags": head}, "page.html"


def keep_text(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """``missing-reference``: a reference to a generated page that is not written stays text.

    A guest or show named in a ``{podcast:…}`` reference but in no post warns
    (it is likely a typo), where pages are written and enabled; the links the
    extension makes itself (``podcast_quiet``) never do.
    """
    if node.get("refdomain") != "podcast" or node.get("reftype") not in PAGE_ROLES:
        return None
    domain = get_domain(env)
    kind, target = node["reftype"], node["reftarget"]
    written = domain.build.writes_pages and app.config.podcast_generate_pages
    if written and kind in ("guest", "show") and not node.get("podcast_quiet"):
        warn(PodcastWarning.PAGES, _("no generated page for %s %r") % (kind, target), node)
    return contnode


def setup_pages(app: Sphinx) -> None:
    """Register the page writing and the fallback for references to pages not written."""
    app.connect("write-started", reset_early_pages)
    app.connect("doctree-resolved", start_pages_early)
    app.connect("html-collect-pages", collect_pages)
    app.connect("build-finished", stop_pages_early)
    app.connect("missing-reference", keep_text)
