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
  look like every other page of the site.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sphinx import addnodes

from .media import format_timestamp, recognize_video, url_at_time
from .outputs import Claim, assign_pages
from .pagecache import fingerprint, get_cache
from .posts import post_meta
from .records import GeneratedPage, PageEntry, PageGroup, PostRecord, QuoteRecord
from .redirects import redirect_claims, redirect_page
from .shared import DocumentBeingRead, _, format_date
from .slugs import slugify
from .store import PAGE_ROLES, PodcastDomain, get_domain
from .warnings_ import PodcastWarning, warn

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__all__ = ["collect_pages", "page_name", "record_page_links", "resolve_pages", "setup_pages"]

_FOLDERS = {
    "guest": "guests",
    "show": "shows",
    "quotes": "quotes",
    "guests": "guests",
    "shows": "shows",
}


def page_name(config: Config, kind: str, name: str = "") -> str:
    """The wanted page name of a guest, show or index page (``guests/john-schulman``)."""
    prefix = config.podcast_pages_prefix.strip("/")
    parts = [prefix, _FOLDERS[kind]] if prefix else [_FOLDERS[kind]]
    if name:
        parts.append(slugify(name) or "x")
    return "/".join(parts)


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


def _entry(record: PostRecord, quotes: tuple[QuoteRecord, ...], domain: PodcastDomain) -> PageEntry:
    episode = domain.episode_of(record.docname)
    return PageEntry(
        docname=record.docname,
        title=record.title,
        date=record.date,
        date_text=record.post.date_text,
        show=episode.show if episode else "",
        guests=episode.guests if episode else (),
        description=record.description,
        quotes=quotes,
    )


def _newest_first(entries: list[PageEntry]) -> tuple[PageEntry, ...]:
    return tuple(
        sorted(
            entries, key=lambda e: (e.date.toordinal() if e.date else 0, e.docname), reverse=True
        )
    )


class _Planner:
    """Collects who appears where, then names and plans the pages."""

    def __init__(self, app: Sphinx, domain: PodcastDomain) -> None:
        self.app = app
        self.config = app.config
        self.domain = domain
        self.guests: dict[str, list[PostRecord]] = defaultdict(list)
        self.shows: dict[str, list[PostRecord]] = defaultdict(list)
        self.speakers: dict[str, list[QuoteRecord]] = defaultdict(list)
        for docname, record in domain.episodes.items():
            post = domain.posts.get(docname)
            if post is None:
                continue
            for guest in record.episode.guests:
                self.guests[guest].append(post)
            if record.episode.show:
                self.shows[record.episode.show].append(post)
        for quote in domain.all_quotes():
            if quote.docname in domain.posts:
                self.speakers[quote.speaker].append(quote)

    def claims(self) -> list[Claim]:
        """Every page this plan asks a name for (indexes first, then people and shows)."""
        claims = [
            Claim(f"index:{kind}", page_name(self.config, kind), _("the %s index") % kind, None, 10)
            for kind in ("guests", "shows")
        ]
        if self.speakers:
            claims.append(
                Claim("index:quotes", page_name(self.config, "quotes"), "quotes", None, 10)
            )
        for kind, people in (("guest", self.guests), ("show", self.shows)):
            for name, posts in people.items():
                first = min(posts, key=lambda post: post.docname)
                claims.append(
                    Claim(
                        f"{kind}:{name}",
                        page_name(self.config, kind, name),
                        _("%s %r") % (kind, name),
                        first.docname,
                        20,
                    )
                )
        return claims

    def pages(self, names: dict[str, str]) -> Iterator[GeneratedPage]:
        """Every planned page, with its assigned name."""
        for kind, people in (("guest", self.guests), ("show", self.shows)):
            for name, posts in people.items():
                pagename = names.get(f"{kind}:{name}")
                if pagename is not None:
                    yield self._person(kind, name, pagename, posts)
        for kind, people in (("guests", self.guests), ("shows", self.shows)):
            pagename = names.get(f"index:{kind}")
            if pagename is not None:
                yield self._index(kind, pagename, people, names)
        if "index:quotes" in names:
            yield self._quotes(names["index:quotes"], names)

    def _person(
        self, kind: str, name: str, pagename: str, posts: list[PostRecord]
    ) -> GeneratedPage:
        domain = self.domain
        shown = {post.docname for post in posts}
        if kind == "guest":
            quotes_of = {
                post.docname: tuple(
                    q for q in domain.quotes.get(post.docname, ()) if q.speaker == name
                )
                for post in posts
            }
            entries = [_entry(post, quotes_of[post.docname], domain) for post in posts]
            elsewhere = [
                _entry(domain.posts[q.docname], (q,), domain)
                for q in self.speakers.get(name, ())
                if q.docname not in shown
            ]
            role = next((q.role for q in self.speakers.get(name, ()) if q.role), "")
            groups = [PageGroup(_("Episodes"), "group-episodes", _newest_first(entries), role=role)]
            if elsewhere:
                groups.append(
                    PageGroup(_("Quoted in other posts"), "group-quoted", _newest_first(elsewhere))
                )
            intro = _("Episodes with %s.") % name
        else:
            entries = [_entry(post, (), domain) for post in posts]
            groups = [PageGroup(_("Episodes"), "group-episodes", _newest_first(entries))]
            intro = _("Episodes of %s.") % name
        return GeneratedPage(
            pagename, kind, name, f"podcast/{kind}.html", intro, tuple(groups),
            sources=tuple(sorted(shown)),
        )  # fmt: skip

    def _index(
        self, kind: str, pagename: str, people: dict[str, list[PostRecord]], names: dict[str, str]
    ) -> GeneratedPage:
        item = kind[:-1]
        links = tuple(
            sorted(
                (
                    (label, names[f"{item}:{label}"], len(posts))
                    for label, posts in people.items()
                    if f"{item}:{label}" in names
                ),
                key=lambda link: (link[0].casefold(), link[0]),
            )
        )
        title = _("Guests") if kind == "guests" else _("Shows")
        intro = "" if links else _("None yet: they are listed here once posts name them.")
        return GeneratedPage(pagename, kind, title, "podcast/index.html", intro, links=links)

    def _quotes(self, pagename: str, names: dict[str, str]) -> GeneratedPage:
        groups: list[PageGroup] = []
        for speaker in sorted(self.speakers, key=lambda s: (s.casefold(), s)):
            quotes = self.speakers[speaker]
            entries = [_entry(self.domain.posts[q.docname], (q,), self.domain) for q in quotes]
            label = speaker or _("Unattributed")
            groups.append(
                PageGroup(
                    label,
                    "group-" + (slugify(label) or "x") + f"-{len(groups) + 1}",
                    _newest_first(entries),
                    heading_page=names.get(f"guest:{speaker}", ""),
                    role=next((q.role for q in quotes if q.role), ""),
                )
            )
        return GeneratedPage(
            pagename,
            "quotes",
            _("Key quotes"),
            "podcast/quotes.html",
            _("Every key quote, by speaker."),
            tuple(groups),
        )


def resolve_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: plan and name every generated page; return documents whose links moved."""
    domain = get_domain(env)
    domain.generated, domain.page_links = {}, {}
    if not domain.build.writes_pages:
        return []
    claims: list[Claim] = []
    planner = None
    if app.config.podcast_generate_pages and any(True for _r in domain.posts_with_dates()):
        planner = _Planner(app, domain)
        claims.extend(planner.claims())
    redirects = redirect_claims(env) if app.config.podcast_legacy_redirects else {}
    claims.extend(redirects.values())
    names = assign_pages(app, claims)
    if planner is not None:
        for page in planner.pages(names):
            domain.generated[page.pagename] = page
    for docname, claim in redirects.items():
        if claim.key in names:
            page = redirect_page(names[claim.key], docname, env)
            domain.generated[page.pagename] = page
    for key, pagename in names.items():
        kind, _sep, name = key.partition(":")
        if kind in ("guest", "show"):
            domain.page_links[(kind, name)] = pagename
        elif kind == "index":
            domain.page_links[(name, "")] = pagename
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

    def meta(entry: PageEntry) -> list[str]:
        record = domain.posts.get(entry.docname)
        if record is None:
            return []
        parts = post_meta(record, domain.episode_of(entry.docname), config)
        guests = tuple(g for g in parts.guests if not (page.kind == "guest" and g == page.title))
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

    return {
        "podcast_page": page,
        "podcast_url": url,
        "podcast_meta": meta,
        "podcast_quote_time": quote_time,
        "podcast_date": lambda date, text="": format_date(date, config, text),
        "podcast_gettext": _,
    }


def _digest(app: Sphinx, page: GeneratedPage) -> str:
    """Everything the page shows: its plan, and how its entries' posts are described."""
    domain = get_domain(app.env)
    described = [
        (
            domain.posts[entry.docname].title if entry.docname in domain.posts else "",
            post_meta(domain.posts[entry.docname], domain.episode_of(entry.docname), app.config)
            if entry.docname in domain.posts
            else None,
            domain.episode_of(entry.docname),
        )
        for group in page.groups
        for entry in group.entries
    ]
    return fingerprint(page, described, app.config.language)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: render the generated pages that changed or are missing."""
    cache = get_cache(app)
    if cache is None:
        return
    for pagename, page in sorted(get_domain(app.env).generated.items()):
        if not cache.needs_writing(pagename, _digest(app, page)):
            continue
        context = _context(app, page)
        if page.kind == "redirect":
            context["redirect_uri"] = app.builder.get_relative_uri(pagename, page.redirect_to)
            yield pagename, context, page.template
            continue
        body = app.builder.templates.render(page.template, context)
        yield pagename, {"title": html.escape(page.title), "body": body}, "page.html"


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
    app.connect("html-collect-pages", collect_pages)
    app.connect("missing-reference", keep_text)
