"""Landing-page blocks: ``latest-posts``, ``podcast-index`` and ``search-box``.

``latest-posts`` shows the newest posts as cards; ``podcast-index`` lists
guests, shows, tags or years with their post counts, linking to the guest and
show pages (and to ablog's tag and year archives when ablog is loaded).

Both depend on every post, so what they show is computed after reading and
fingerprinted: a page with a listing is rewritten only when its listing changed.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .blog import ablog_loaded, ablog_reference
from .cards import card_fingerprint, card_grid
from .pagecache import fingerprint
from .shared import PodcastPostTransform, _, docname_of, register_passthrough
from .store import PodcastDomain, RelatedCard, get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

__all__ = [
    "INDEX_KINDS",
    "LatestPostsDirective",
    "PodcastIndexDirective",
    "SearchBoxDirective",
    "setup_listings",
]

INDEX_KINDS = ("guests", "shows", "tags", "years")


class post_listing(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder: ``kind`` (``latest`` or an index kind), ``limit``, ``columns``."""


class LatestPostsDirective(SphinxDirective):
    """``latest-posts``: the newest posts as cards (``:limit:``, default 6; ``:columns:``)."""

    option_spec: ClassVar[dict[str, Any]] = {
        "limit": directives.positive_int,
        "columns": directives.positive_int,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder, resolved once all posts are known."""
        node = post_listing(
            kind="latest",
            limit=self.options.get("limit", 6),
            columns=min(self.options.get("columns", self.config.podcast_related_columns), 6),
            classes=self.options.get("class", []),
        )
        self.set_source_info(node)
        return [node]


class PodcastIndexDirective(SphinxDirective):
    """``podcast-index guests|shows|tags|years``: every entry with its post count."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "limit": directives.positive_int,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        """Validate the kind and leave a placeholder."""
        kind = self.arguments[0].strip().lower()
        if kind not in INDEX_KINDS:
            raise self.error(f"podcast-index: unknown kind {kind!r}; use one of {INDEX_KINDS}")
        node = post_listing(
            kind=kind,
            limit=self.options.get("limit", 0),
            columns=0,
            classes=self.options.get("class", []),
        )
        self.set_source_info(node)
        return [node]


class search_box(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """A search form for HTML builders; ``label`` and ``placeholder`` are its texts."""


class SearchBoxDirective(SphinxDirective):
    """``search-box``: a form that opens Sphinx's search page (no script, no raw HTML)."""

    option_spec: ClassVar[dict[str, Any]] = {
        "label": directives.unchanged,
        "placeholder": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """A form in HTML; other builders show the label as a paragraph."""
        label = self.options.get("label", _("Search the archive"))
        node = search_box(
            label=label, placeholder=self.options.get("placeholder", _("A word, a guest, a topic…"))
        )
        node += nodes.paragraph("", label)
        self.set_source_info(node)
        return [node]


def visit_search_box_html(self: HTML5Translator, node: search_box) -> None:
    """Write the form; its action is the search page relative to this page."""
    action = self.builder.get_relative_uri(self.builder.current_docname, "search")
    esc = html.escape
    self.body.append(
        f'<form class="podcast-search" action="{esc(action)}" method="get" role="search">'
        f'<label for="podcast-search-input">{esc(node["label"])}</label>'
        f'<input id="podcast-search-input" type="search" name="q" '
        f'placeholder="{esc(node["placeholder"])}">'
        f'<button type="submit">{esc(_("Search"))}</button></form>\n'
    )
    raise nodes.SkipNode


# -- after reading -------------------------------------------------------------------------


def _latest(domain: PodcastDomain, limit: int) -> tuple[RelatedCard, ...]:
    posts = sorted(
        (r for r in domain.posts_with_dates() if r.date),
        key=lambda r: (r.date, r.docname),
        reverse=True,
    )
    return tuple(RelatedCard(r.docname, r.title, r.docname, False) for r in posts[:limit])


def _counts(domain: PodcastDomain, kind: str) -> list[tuple[str, int]]:
    counter: Counter[str] = Counter()
    for record in domain.posts_with_dates():
        episode = domain.episode_of(record.docname)
        if kind == "tags":
            counter.update(record.post.tags)
        elif kind == "years" and record.date:
            counter[str(record.date.year)] += 1
        elif kind == "guests" and episode:
            counter.update(episode.guests)
        elif kind == "shows" and episode and episode.show:
            counter[episode.show] += 1
    if kind == "years":
        return sorted(counter.items(), reverse=True)
    return sorted(counter.items(), key=lambda item: (-item[1], item[0].casefold()))


def listing_content(domain: PodcastDomain, kind: str, limit: int) -> tuple[Any, ...]:
    """What a listing shows: cards for ``latest``, ``(label, count)`` pairs otherwise."""
    if kind == "latest":
        return _latest(domain, limit)
    counts = _counts(domain, kind)
    return tuple(counts[:limit] if limit else counts)


def record_listings(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: note the page's listings (kind, limit) in page order."""
    specs = [(node["kind"], node["limit"]) for node in doctree.findall(post_listing)]
    if specs:
        get_domain(app.env).data["listings"][app.env.docname] = specs


def resolve_listings(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: compute every listing; return pages whose listings changed."""
    domain = get_domain(env)
    changed = []
    for docname, specs in domain.data["listings"].items():
        contents = tuple(listing_content(domain, kind, limit) for kind, limit in specs)
        shown = [
            (item, card_fingerprint(domain.posts.get(item.target or ""), domain))
            if isinstance(item, RelatedCard)
            else item
            for content in contents
            for item in content
        ]
        digest = fingerprint(shown)
        previous = domain.data["listing_content"].get(docname)
        domain.data["listing_content"][docname] = (contents, digest)
        if previous is not None and previous[1] != digest:
            changed.append(docname)
    return changed


# -- writing ---------------------------------------------------------------------------------


class PostListings(PodcastPostTransform):
    """Replace each listing placeholder by cards or a linked list (all builders)."""

    default_priority = 5
    node_class = post_listing

    def run(self, **kwargs: Any) -> None:
        """Render every listing of the page from the precomputed content."""
        domain = get_domain(self.env)
        for index, node in enumerate(list(self.document.findall(post_listing))):
            docname = docname_of(self.env, node)
            contents = domain.data["listing_content"].get(docname, ((), ""))[0]
            content = contents[index] if index < len(contents) else ()
            if not content:
                node.replace_self([])
            elif node["kind"] == "latest":
                classes = ["podcast-latest", *node["classes"]]
                node.replace_self(
                    card_grid(self.env, docname, content, node["columns"], classes, node)
                )
            else:
                link = ablog_loaded(self.config) or node["kind"] in ("guests", "shows")
                node.replace_self(self._index_list(node, docname, content, link))

    def _index_list(
        self,
        node: post_listing,
        docname: str,
        content: tuple[tuple[str, int], ...],
        link: bool,
    ) -> nodes.Element:
        kind = node["kind"]
        listing = nodes.bullet_list(
            classes=["podcast-index", f"podcast-index--{kind}", *node["classes"]]
        )
        for label, count in content:
            item = nodes.list_item()
            paragraph = nodes.paragraph()
            paragraph += _index_link(kind, label, docname) if link else nodes.Text(label)
            paragraph += nodes.inline("", f" ({count})", classes=["podcast-index__count"])
            item += paragraph
            listing += item
        listing.source, listing.line = node.source, node.line
        return listing


def _index_link(kind: str, label: str, docname: str) -> nodes.Node:
    """A reference to the guest/show page, or ablog's tag/year archive."""
    text = nodes.inline(label, label)
    if kind in ("guests", "shows"):
        return addnodes.pending_xref(
            label,
            text,
            refdomain="podcast",
            reftype=kind[:-1],
            reftarget=label,
            refdoc=docname,
            refexplicit=True,
            refwarn=False,
        )
    # ablog resolves "tag-<slug>" and "archive-<year>" itself (missing-reference).
    target = ablog_reference("tag" if kind == "tags" else "archive", label)
    return addnodes.pending_xref(
        label,
        text,
        refdomain="std",
        reftype="ref",
        reftarget=target,
        refdoc=docname,
        refexplicit=True,
        refwarn=False,
    )


def setup_listings(app: Sphinx) -> None:
    """Register the directives, their placeholder, the resolution and the rendering."""
    register_passthrough(app, post_listing, search_box)
    app.add_node(search_box, override=True, html=(visit_search_box_html, None))
    app.add_directive("search-box", SearchBoxDirective)
    app.add_directive("latest-posts", LatestPostsDirective)
    app.add_directive("podcast-index", PodcastIndexDirective)
    app.connect("doctree-read", record_listings)
    app.connect("env-get-updated", resolve_listings)
    app.add_post_transform(PostListings)
