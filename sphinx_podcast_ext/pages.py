"""Generated pages: one per guest, one per show, a quote index, and legacy-URL redirects.

The pages are built from the records in the ``podcast`` domain, never by
re-rendering posts. After reading (``env-get-updated``) each page's content is
planned as plain data (so references to the pages resolve while writing); on
``html-collect-pages`` only pages whose fingerprint changed, or whose output
file is missing, are rendered (:mod:`sphinx_podcast_ext.pagecache`). A no-op
rebuild writes none of them.
"""

from __future__ import annotations

import hashlib
import html
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.nodes import make_refnode

from .media import format_timestamp
from .pagecache import fingerprint, get_cache, writes_pages
from .shared import _
from .slugs import slugify
from .store import PodcastDomain, PostRecord, QuoteRecord, get_domain
from .warnings_ import PodcastWarning, warn

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

__all__ = [
    "PAGE_KINDS",
    "PageEntry",
    "PagePlan",
    "page_name",
    "plan_pages",
    "resolve_page_xref",
    "setup_pages",
]

#: The ``podcast`` role/xref types that point at generated pages.
PAGE_KINDS = ("guest", "show", "quotes", "guests", "shows")


@dataclass(frozen=True)
class PageEntry:
    """A post as listed on a generated page, with the quotes shown under it."""

    docname: str
    title: str
    date: str
    show: str
    guests: tuple[str, ...]
    description: str
    quotes: tuple[tuple[str, str, str, str], ...] = ()
    """``(anchor, speaker, text, timestamp)`` of each quote shown."""


@dataclass(frozen=True)
class PagePlan:
    """What one generated page shows; its fingerprint decides whether it is rewritten."""

    pagename: str
    kind: str
    title: str
    intro: str
    groups: tuple[tuple[str, str, tuple[PageEntry, ...]], ...]
    """``(heading, heading page link or "", entries)`` sections of the page."""
    links: tuple[tuple[str, str, int], ...] = field(default=())
    """For index pages: ``(label, pagename, count)``."""
    redirect_to: str = ""


def page_name(config: Any, kind: str, name: str = "") -> str:
    """The page name of a guest, show or index page (``guests/john-schulman``)."""
    prefix = config.podcast_pages_prefix.strip("/")
    base = {"guest": "guests", "show": "shows", "quotes": "quotes"}.get(kind, kind)
    parts = [prefix, base] if prefix else [base]
    if name:
        parts.append(slugify(name) or "x-" + hashlib.sha1(name.encode()).hexdigest()[:8])
    return "/".join(parts)


def _entry(record: PostRecord, quotes: list[QuoteRecord], domain: PodcastDomain) -> PageEntry:
    episode = domain.episode_of(record.docname)
    return PageEntry(
        docname=record.docname,
        title=record.title,
        date=record.date.isoformat() if record.date else record.post.date_text,
        show=episode.show if episode else "",
        guests=episode.guests if episode else (),
        description=record.description,
        quotes=tuple(
            (q.anchor, q.speaker, q.text, format_timestamp(q.timestamp) if q.timestamp else "")
            for q in quotes
        ),
    )


def _newest_first(entries: list[PageEntry]) -> tuple[PageEntry, ...]:
    return tuple(sorted(entries, key=lambda e: (e.date, e.docname), reverse=True))


def plan_pages(env: BuildEnvironment) -> dict[str, PagePlan]:
    """Every generated page with its content, from the domain's records."""
    config = env.config
    domain = get_domain(env)
    plans: dict[str, PagePlan] = {}
    if config.podcast_generate_pages:
        plans.update(_people_and_shows(domain, config))
        quotes = _quote_index(domain, config, set(plans))
        if quotes is not None:
            plans[quotes.pagename] = quotes
    if config.podcast_legacy_redirects:
        plans.update(_redirects(env, domain))
    return plans


def _people_and_shows(domain: PodcastDomain, config: Any) -> dict[str, PagePlan]:
    by_guest: dict[str, list[PageEntry]] = defaultdict(list)
    by_show: dict[str, list[PageEntry]] = defaultdict(list)
    quotes_by_speaker: dict[str, list[tuple[PostRecord, QuoteRecord]]] = defaultdict(list)
    for docname, quotes in domain.quotes.items():
        record = domain.posts.get(docname)
        if record is None:
            continue
        for quote in quotes:
            if quote.speaker:
                quotes_by_speaker[quote.speaker].append((record, quote))
    for docname, episode_record in domain.episodes.items():
        record = domain.posts.get(docname)
        if record is None:
            continue
        episode = episode_record.episode
        for guest in episode.guests:
            quotes = [q for q in domain.quotes.get(docname, []) if q.speaker == guest]
            by_guest[guest].append(_entry(record, quotes, domain))
        if episode.show:
            by_show[episode.show].append(_entry(record, [], domain))
    plans: dict[str, PagePlan] = {}
    for guest, entries in by_guest.items():
        shown = {e.docname for e in entries}
        elsewhere = [
            _entry(record, [quote], domain)
            for record, quote in quotes_by_speaker.get(guest, [])
            if record.docname not in shown
        ]
        groups = [(_("Episodes"), "", _newest_first(entries))]
        if elsewhere:
            groups.append((_("Quoted in other posts"), "", _newest_first(elsewhere)))
        name = page_name(config, "guest", guest)
        plans[name] = PagePlan(name, "guest", guest, _("Episodes with %s.") % guest, tuple(groups))
    for show, entries in by_show.items():
        name = page_name(config, "show", show)
        plans[name] = PagePlan(
            name,
            "show",
            show,
            _("Episodes of %s.") % show,
            ((_("Episodes"), "", _newest_first(entries)),),
        )
    for kind, title, pages in (
        ("guests", _("Guests"), by_guest),
        ("shows", _("Shows"), by_show),
    ):
        # Index pages always exist, so links to them never break on a young archive.
        item_kind = kind[:-1]
        links = tuple(
            sorted(
                (
                    (label, page_name(config, item_kind, label), len(entries))
                    for label, entries in pages.items()
                ),
                key=lambda link: link[0].casefold(),
            )
        )
        name = page_name(config, kind)
        intro = "" if links else _("None yet: they are listed here once posts name them.")
        plans[name] = PagePlan(name, kind, title, intro, (), links)
    return plans


def _quote_index(domain: PodcastDomain, config: Any, pages: set[str]) -> PagePlan | None:
    by_speaker: dict[str, list[PageEntry]] = defaultdict(list)
    for quote in domain.all_quotes():
        record = domain.posts.get(quote.docname)
        if record is None:
            continue
        by_speaker[quote.speaker or _("Unattributed")].append(_entry(record, [quote], domain))
    if not by_speaker:
        return None
    guest_page = {speaker: page_name(config, "guest", speaker) for speaker in by_speaker}
    groups = tuple(
        (
            speaker,
            guest_page[speaker] if guest_page[speaker] in pages else "",
            _newest_first(entries),
        )
        for speaker, entries in sorted(by_speaker.items(), key=lambda item: item[0].casefold())
    )
    name = page_name(config, "quotes")
    return PagePlan(name, "quotes", _("Key quotes"), _("Every key quote, by speaker."), groups)


def _redirects(env: BuildEnvironment, domain: PodcastDomain) -> dict[str, PagePlan]:
    plans: dict[str, PagePlan] = {}
    # Sorted, so that of two posts claiming one legacy_slug the same one always wins
    # (read order differs between serial and parallel builds).
    for docname in sorted(domain.posts):
        record = domain.posts[docname]
        legacy = record.post.legacy_slug.strip("/")
        if not legacy or legacy == record.docname or legacy in env.all_docs:
            continue
        if legacy in plans:
            warn(
                PodcastWarning.PAGES,
                _("legacy_slug %r is also used by %r; its redirect goes there")
                % (legacy, plans[legacy].redirect_to),
                (docname, _front_matter_line(env, docname, "legacy_slug")),
            )
            continue
        plans[legacy] = PagePlan(
            legacy, "redirect", record.title, "", (), redirect_to=record.docname
        )
    return plans


def _front_matter_line(env: BuildEnvironment, docname: str, key: str) -> int | None:
    from .posts import front_matter_line

    try:
        text = env.doc2path(docname).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    return front_matter_line(text, key)


# -- after reading: plan; while writing: render what changed -------------------------------


def update_plans(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: plan the pages, so references to them can be resolved."""
    plans = plan_pages(env)
    get_domain(env).data["page_plans"] = plans
    for name in plans:
        if name in env.all_docs:
            warn(
                PodcastWarning.PAGES,
                _("a document named %r exists; its generated page is not written") % name,
                name,
            )
    return []


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: render the generated pages that changed or are missing."""
    cache = get_cache(app)
    if cache is None:
        return
    plans: dict[str, PagePlan] = get_domain(app.env).data.get("page_plans", {})
    for name, plan in sorted(plans.items()):
        if name in app.env.all_docs or not cache.needs_writing(name, fingerprint(plan)):
            continue
        if plan.kind == "redirect":
            yield name, _redirect_context(app, plan), "podcast/redirect.html"
        else:
            yield name, {"title": plan.title, "body": render_page(app.builder, plan)}, "page.html"


# -- rendering --------------------------------------------------------------------------


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_page(builder: Builder, plan: PagePlan) -> str:
    """The HTML body of a generated page; every piece of user text is escaped."""
    uri = builder.get_relative_uri
    parts = [f'<section class="podcast-page podcast-page--{plan.kind}" id="podcast-page">']
    parts.append(f"<h1>{_esc(plan.title)}</h1>")
    if plan.intro:
        parts.append(f'<p class="podcast-page__intro">{_esc(plan.intro)}</p>')
    if plan.links:
        parts.append('<ul class="podcast-page__index">')
        for label, target, count in plan.links:
            parts.append(
                f'<li><a href="{_esc(uri(plan.pagename, target))}">{_esc(label)}</a> '
                f'<span class="podcast-page__count">({count})</span></li>'
            )
        parts.append("</ul>")
    for heading, heading_page, entries in plan.groups:
        anchor = "group-" + (slugify(heading) or "x")
        title = _esc(heading)
        if heading_page:
            title = f'<a href="{_esc(uri(plan.pagename, heading_page))}">{title}</a>'
        parts.append(f'<section class="podcast-page__group" id="{_esc(anchor)}"><h2>{title}</h2>')
        parts.append('<ul class="podcast-page__entries">')
        for entry in entries:
            parts.append(_render_entry(uri(plan.pagename, entry.docname), entry))
        parts.append("</ul></section>")
    parts.append("</section>")
    return "\n".join(parts)


def _render_entry(href: str, entry: PageEntry) -> str:
    meta = " · ".join(part for part in (entry.date, entry.show, ", ".join(entry.guests)) if part)
    parts = [
        '<li class="podcast-page__entry">',
        f'<a class="podcast-page__title" href="{_esc(href)}">{_esc(entry.title)}</a>',
    ]
    if meta:
        parts.append(f'<span class="podcast-page__meta">{_esc(meta)}</span>')
    for anchor, speaker, text, timestamp in entry.quotes:
        caption = _esc(speaker) + (f" · {_esc(timestamp)}" if timestamp else "")
        parts.append(
            f'<figure class="podcast-quote podcast-quote--listed"><blockquote><p>{_esc(text)}</p>'
            f'</blockquote><figcaption class="podcast-quote__caption">— {caption} · '
            f'<a href="{_esc(href)}#{_esc(anchor)}">{_esc(_("in context"))}</a>'
            "</figcaption></figure>"
        )
    parts.append("</li>")
    return "".join(parts)


def _redirect_context(app: Sphinx, plan: PagePlan) -> dict[str, Any]:
    target = app.builder.get_relative_uri(plan.pagename, plan.redirect_to)
    return {"title": plan.title, "redirect_uri": target}


# -- cross-references: {podcast:guest}`Name` ------------------------------------------------


def resolve_page_xref(
    domain: PodcastDomain,
    env: BuildEnvironment,
    fromdocname: str,
    builder: Builder,
    typ: str,
    target: str,
    contnode: nodes.Element,
) -> nodes.reference | None:
    """Link to a generated page (HTML builders that write them)."""
    if typ not in PAGE_KINDS:
        return None
    if not writes_pages(builder):
        return None  # shown as text by keep_text()
    name = page_name(env.config, typ, target if typ in ("guest", "show") else "")
    if name not in domain.data.get("page_plans", {}):
        warn(PodcastWarning.PAGES, _("no generated page for %s %r") % (typ, target), contnode)
        return None
    return make_refnode(builder, fromdocname, name, "", contnode, target)


def keep_text(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """``missing-reference``: a reference to a page this builder does not write stays text.

    (A reference to a page that does not exist has already warned ``podcast.pages``.)
    """
    if node.get("refdomain") == "podcast" and node.get("reftype") in PAGE_KINDS:
        return contnode
    return None


def add_templates(app: Sphinx, config: Any) -> None:
    """``config-inited``: make the extension's templates (the redirect page) available."""
    # A new list, not append(): the default list is shared between applications.
    config.templates_path = [*config.templates_path, str(Path(__file__).parent / "templates")]


def setup_pages(app: Sphinx) -> None:
    """Register the planning, the writing and the redirect template."""
    app.connect("config-inited", add_templates)
    app.connect("env-get-updated", update_plans)
    app.connect("html-collect-pages", collect_pages)
    app.connect("missing-reference", keep_text)
