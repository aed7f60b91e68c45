"""Post cards: a grid of sphinx-design cards, shared by related posts and listings.

Built from sphinx-design's own components (``create_component``), so the
cards look and behave like the ``grid``/``card`` directives. Links are
``pending_xref`` nodes to the target documents, resolved by Sphinx for every
builder: in HTML the whole card is a (stretched) link, elsewhere the title is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx_design.grids import row_columns_option
from sphinx_design.shared import PassthroughTextElement, create_component

from .posts import post_meta
from .records import Card, PostRecord
from .shared import _, build_kind
from .store import PodcastDomain, get_domain

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__all__ = ["card_fingerprint", "card_grid", "card_meta"]


def card_grid(
    env: BuildEnvironment,
    docname: str,
    cards: Sequence[Card],
    columns: int,
    classes: Sequence[str],
    source_node: nodes.Node | None = None,
) -> nodes.Element:
    """A responsive grid of post cards (one column on phones)::

    grid-container > grid-row > grid-item* > card.podcast-card
    ├── card-body
    │   ├── card-title: title
    │   ├── paragraph.podcast-card__meta: date · show · guests
    │   └── paragraph.podcast-card__excerpt: description or excerpt
    ├── card-footer: tags
    └── PassthroughTextElement > pending_xref(doc) (the stretched link, HTML)
    """
    domain = get_domain(env)
    columns = min(columns, max(len(cards), 1))
    grid = create_component(
        "grid-container",
        ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "podcast-cards", *classes],
    )
    row_classes = row_columns_option(f"1 {min(2, columns)} {columns} {columns}")
    row = create_component("grid-row", ["sd-row", *row_classes, "sd-g-3"])
    grid += row
    is_html = build_kind(env).is_html
    for card in cards:
        item = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
        record = domain.posts.get(card.target or "")
        item += post_card(card, record, docname, card_meta(record, domain, env.config), is_html)
        row += item
    if source_node is not None:
        grid.source, grid.line = source_node.source, source_node.line
    return grid


def post_card(
    card: Card,
    record: PostRecord | None,
    docname: str,
    meta: str,
    is_html: bool,
) -> nodes.Element:
    """One card: title, meta line, excerpt, tags, and the link."""
    classes = ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "podcast-card"]
    classes.append("sd-card-hover" if card.target else "podcast-card--missing")
    element = create_component("card", classes)
    body = create_component("card-body", ["sd-card-body"])
    title = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"])
    linked_title = card.target is not None and not is_html
    title += _link(card, docname) if linked_title else PassthroughTextElement("", card.title)
    body += title
    if meta:
        body += nodes.paragraph("", meta, classes=["sd-card-text", "podcast-card__meta"])
    if record and record.description:
        body += nodes.paragraph(
            "", record.description, classes=["sd-card-text", "podcast-card__excerpt"]
        )
    if card.target is None:
        body += nodes.paragraph(
            "", _("Not in this archive yet."), classes=["sd-card-text", "podcast-card__note"]
        )
    element += body
    if record and record.post.tags:
        footer = create_component("card-footer", ["sd-card-footer", "podcast-card__tags"])
        tags = nodes.paragraph(classes=["sd-card-text"])
        for tag in record.post.tags:
            tags += nodes.inline(tag, tag, classes=["podcast-tag"])
            tags += nodes.Text(" ")
        footer += tags
        element += footer
    if card.target is not None and is_html:
        element += _link(card, docname, ["sd-stretched-link", "sd-hide-link-text"])
    return element


def _link(card: Card, docname: str, classes: list[str] | None = None) -> nodes.Element:
    """A link to the card's post: the whole card in HTML, the title elsewhere."""
    link = PassthroughTextElement()
    link += addnodes.pending_xref(
        card.title,
        nodes.inline(card.title, card.title),
        refdomain="std",
        reftype="doc",
        reftarget="/" + (card.target or ""),
        refdoc=docname,
        refexplicit=True,
        refwarn=False,
        classes=classes or [],
    )
    return link


def card_meta(record: PostRecord | None, domain: PodcastDomain, config: Config) -> str:
    """``date · show · guests`` of a post, as far as known."""
    if record is None:
        return ""
    return " · ".join(post_meta(record, domain.episode_of(record.docname), config).parts())


def card_fingerprint(
    record: PostRecord | None, domain: PodcastDomain, config: Config
) -> tuple[Any, ...]:
    """Everything a card shows of a post; a change means pages showing it are rewritten."""
    if record is None:
        return ()
    meta = card_meta(record, domain, config)
    return (record.title, meta, record.description, record.post.tags)
