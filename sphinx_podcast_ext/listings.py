"""Landing-page blocks: ``latest-posts``, ``podcast-index`` and ``search-box``.

``latest-posts`` shows the newest posts as cards; ``podcast-index`` lists
guests, shows, tags or years with their post counts, linking to the guest and
show pages (and to ablog's tag and year archives when ablog is loaded).

* **Record** (``doctree-read``, :func:`record_listings`): the page's listings,
  kind and limit, in page order.
* **Resolve** (after reading, :func:`resolve_listings`): what each listing
  shows, fingerprinted: a page is rewritten when its listing changed.
* **Render** (post-transform, every builder): cards or a linked list; the
  search box is a form in HTML (its target found by the HTML writer) and its
  label elsewhere.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .cards import card_fingerprint, card_grid
from .compat import ablog_slug
from .nodes import make_element, post_listing, search_box
from .pagecache import fingerprint
from .records import Card, ListingSpec
from .shared import (
    DocumentBeingRead,
    PodcastPostTransform,
    _,
    build_kind,
    docname_of,
    register_passthrough,
)
from .store import PodcastDomain, get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

__all__ = [
    "INDEX_KINDS",
    "LatestPostsDirective",
    "PodcastIndexDirective",
    "SearchBoxDirective",
    "record_listings",
    "resolve_listings",
    "setup_listings",
]

INDEX_KINDS = ("guests", "shows", "tags", "years")
MAX_COLUMNS = 6


class LatestPostsDirective(SphinxDirective):
    """``latest-posts``: the newest posts as cards (``:limit:``, default 6; ``:columns:``)."""

    option_spec: ClassVar[dict[str, Any]] = {
        "limit": directives.positive_int,
        "columns": directives.positive_int,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder, resolved once all posts are known."""
        columns = self.options.get("columns", self.config.podcast_related_columns)
        node = post_listing(
            kind="latest",
            limit=self.options.get("limit", 6),
            columns=min(columns, MAX_COLUMNS),
            classes=self.options.get("class", []),
        )
        self.set_source_info(node)
        return [node]


class PodcastIndexDirective(SphinxDirective):
    """``podcast-index guests|shows|tags|years``: every entry with its post count.

    ``:title:`` is a heading above the list with a link to the whole index; the
    heading goes with the list when there is nothing to list.
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "limit": directives.positive_int,
        "class": directives.class_option,
        "title": directives.unchanged,
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
            title=self.options.get("title", "").strip(),
        )
        self.set_source_info(node)
        return [node]


class SearchBoxDirective(SphinxDirective):
    """``search-box``: a form that opens the site's search page (no script, no raw HTML)."""

    option_spec: ClassVar[dict[str, Any]] = {
        "label": directives.unchanged,
        "placeholder": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """A form in HTML; other builders show the label as a paragraph."""
        label = self.options.get("label", _("Search the archive"))
        placeholder = self.options.get("placeholder", _("A word, a guest, a topic…"))
        node = search_box(label=label, placeholder=placeholder)
        node += nodes.paragraph("", label)
        self.set_source_info(node)
        return [node]


# -- record and resolve ---------------------------------------------------------------------


def record_listings(doc: DocumentBeingRead) -> None:
    """Note the page's listings (kind, limit) in page order."""
    specs = tuple(
        ListingSpec(node["kind"], node["limit"]) for node in doc.doctree.findall(post_listing)
    )
    if specs:
        get_domain(doc.env).listings[doc.docname] = specs


def _latest(domain: PodcastDomain, limit: int) -> tuple[Card, ...]:
    posts = sorted(
        (r for r in domain.posts_with_dates() if r.date),
        key=lambda r: (r.date, r.docname),
        reverse=True,
    )
    return tuple(Card(r.docname, r.title, r.docname) for r in posts[:limit])


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


def listing_content(domain: PodcastDomain, spec: ListingSpec) -> tuple[Any, ...]:
    """What a listing shows: cards for ``latest``, ``(label, count)`` pairs otherwise."""
    if spec.kind == "latest":
        return _latest(domain, spec.limit)
    counts = _counts(domain, spec.kind)
    return tuple(counts[: spec.limit] if spec.limit else counts)


def resolve_listings(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: what every listing shows; return the pages whose listings changed."""
    domain = get_domain(env)
    domain.listing_content = {}
    digests = {}
    for docname, specs in domain.listings.items():
        contents = tuple(listing_content(domain, spec) for spec in specs)
        domain.listing_content[docname] = contents
        digests[docname] = fingerprint(
            [
                (item, card_fingerprint(domain.posts.get(item.target or ""), domain, app.config))
                if isinstance(item, Card)
                else item
                for content in contents
                for item in content
            ]
        )
    return domain.changed_pages("listings", digests)


# -- render --------------------------------------------------------------------------------


class PostListings(PodcastPostTransform):
    """Replace each listing placeholder by cards or a linked list (all builders)."""

    default_priority = 5
    node_class = post_listing

    def run(self, **kwargs: Any) -> None:
        """Render every listing of the page from the precomputed content."""
        domain = get_domain(self.env)
        link_archives = build_kind(self.env).ablog
        for index, node in enumerate(list(self.document.findall(post_listing))):
            docname = docname_of(self.env, node)
            contents = domain.listing_content.get(docname, ())
            content = contents[index] if index < len(contents) else ()
            if not content:
                node.replace_self([])
            elif node["kind"] == "latest":
                classes = ["podcast-latest", *node["classes"]]
                node.replace_self(
                    card_grid(self.env, docname, content, node["columns"], classes, node)
                )
            else:
                link = link_archives or node["kind"] in ("guests", "shows")
                listing = _index_list(node, docname, content, link)
                title = node.get("title")
                heading = _index_title(node["kind"], title, docname, link) if title else None
                node.replace_self([heading, listing] if heading else [listing])


def _index_list(
    node: post_listing, docname: str, content: tuple[tuple[str, int], ...], link: bool
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


#: The whole index each kind's heading links to: a ``podcast`` page or one of ablog's.
_WHOLE_INDEX = {
    "guests": ("podcast", "guests", ""),
    "shows": ("podcast", "shows", ""),
    "tags": ("std", "ref", "blog-tags"),
    "years": ("std", "ref", "blog-archives"),
}


def _index_title(kind: str, title: str, docname: str, link: bool) -> nodes.paragraph:
    """``**Shows** · see all``, the second part linking to the whole index."""
    heading = nodes.paragraph(classes=["podcast-index__title"])
    heading += nodes.strong(title, title)
    if link:
        domain, reftype, target = _WHOLE_INDEX[kind]
        label = _("see all")
        heading += nodes.Text(" · ")
        heading += addnodes.pending_xref(
            label,
            nodes.inline(label, label),
            refdomain=domain,
            reftype=reftype,
            reftarget=target,
            refdoc=docname,
            refexplicit=True,
            refwarn=False,
            podcast_quiet=True,
        )
    return heading


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
            podcast_quiet=True,
        )
    # ablog resolves "tag-<slug>" and "archive-<year>" itself (missing-reference).
    catalog = "tag" if kind == "tags" else "archive"
    return addnodes.pending_xref(
        label,
        text,
        refdomain="std",
        reftype="ref",
        reftarget=f"{catalog}-{ablog_slug(label)}",
        refdoc=docname,
        refexplicit=True,
        refwarn=False,
    )


class SearchBoxHTML(PodcastPostTransform):
    """Give each search box its form controls (HTML builders)::

    search_box[form.podcast-search]
    ├── html_element[label for=…]
    ├── html_element[input type=search name=q]
    └── html_element[button type=submit]
    """

    default_priority = 200
    node_class = search_box
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Replace the generic label paragraph by the form's controls."""
        for number, node in enumerate(self.document.findall(search_box)):
            input_id = "podcast-search-input" + (f"-{number + 1}" if number else "")
            node.children = []
            node += make_element("label", [node["label"]], for_=input_id)
            node += make_element(
                "input", ids=[input_id], type="search", name="q", placeholder=node["placeholder"]
            )
            node += make_element("button", [_("Search")], type="submit")


def visit_search_box_html(self: HTML5Translator, node: search_box) -> None:
    """Open the form; its action is the search page relative to this page."""
    action = self.builder.get_relative_uri(self.builder.current_docname, "search")
    self.body.append(
        self.starttag(
            node, "form", "", CLASS="podcast-search", action=action, method="get", role="search"
        )
    )


def depart_search_box_html(self: HTML5Translator, node: search_box) -> None:
    """Close the form."""
    self.body.append("</form>\n")


def setup_listings(app: Sphinx) -> None:
    """Register the directives, their placeholders and the rendering."""
    register_passthrough(app, post_listing, search_box)
    app.add_node(search_box, override=True, html=(visit_search_box_html, depart_search_box_html))
    app.add_directive("search-box", SearchBoxDirective)
    app.add_directive("latest-posts", LatestPostsDirective)
    app.add_directive("podcast-index", PodcastIndexDirective)
    app.add_post_transform(PostListings)
    app.add_post_transform(SearchBoxHTML)
