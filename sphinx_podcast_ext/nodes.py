"""Every docutils node class of the extension, and the one HTML element node.

This module sits at the bottom of the import graph: feature modules create and
render these nodes, and any module may look for them (an excerpt skips quotes
and cards, say) without importing the feature that owns them.

The directive nodes wrap builder-neutral docutils nodes (paragraphs, block
quotes, references) that every builder can write; the HTML post-transforms give
them their rich markup, built from :class:`html_element` nodes whose attributes
and text the HTML writer escapes, so user text can never become markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

__all__ = [
    "EPISODE_URL_ATTR",
    "NEW_TAB",
    "SECONDS_ATTR",
    "depart_html_element",
    "episode_card",
    "html_element",
    "key_quote",
    "make_element",
    "post_header",
    "post_listing",
    "related_posts",
    "search_box",
    "timestamp_ref",
    "visit_html_element",
]


class key_quote(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """A key quote. Attributes: ``speaker``, ``role``, ``timestamp`` (seconds or
    ``None``), ``timestamp_text`` (as written) and ``episode`` (an episode reference).

    Its only child is a generic ``block_quote`` whose last child is an
    ``attribution``, so every builder renders a quotation with its speaker.
    """


class episode_card(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """An episode. Attribute ``episode`` holds the validated :class:`~.metadata.Episode`.

    Its children are generic nodes that every builder renders: a titled
    paragraph, the facts, the URL written out and the platform links, then
    any body content of the directive.
    """


class timestamp_ref(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """A ``{timestamp}`` role: attribute ``seconds``; text is the time as written."""


class related_posts(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for one ``related-posts`` directive.

    Attributes: ``request`` (a :class:`~.records.RelatedRequest`), ``index`` (its
    position among the page's requests), ``columns`` and ``title``.
    """


class post_listing(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder of a listing: ``kind`` (``latest`` or an index kind), ``limit``, ``columns``."""


class search_box(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """A search form for HTML builders; ``label`` and ``placeholder`` are its texts."""


class post_header(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """The line under a post's title: date, reading time, show, guests and tags.

    Its child is a generic paragraph; HTML builders give it a ``<div>`` of its own.
    """


class html_element(nodes.General, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """One HTML element, created only by the HTML post-transforms.

    ``tag`` is the element name and ``attrs`` its attributes besides ``id`` and
    ``class``. The HTML writer escapes every attribute value and every text
    child, so user text can never become markup. It is a ``TextElement`` so
    that Sphinx's writer accepts references directly inside it.
    """


#: Set on the time links of a page (``{timestamp}``, a key quote's time): the time in
#: seconds and the episode URL they open, so that the page's chapter list and player
#: can find them. Writers ignore attributes they do not know; these are never written out.
SECONDS_ATTR = "podcast_seconds"
EPISODE_URL_ATTR = "podcast_episode_url"

#: External links open in a new tab without giving the new page a handle on ours.
NEW_TAB = {"target": "_blank", "rel": "noopener noreferrer"}

#: Elements that have no end tag.
VOID_ELEMENTS = frozenset({"br", "hr", "img", "source", "track", "wbr"})


def make_element(
    tag: str,
    children: Iterable[nodes.Node | str] = (),
    *,
    classes: Iterable[str] = (),
    ids: Iterable[str] = (),
    **attrs: Any,
) -> html_element:
    """Build an :class:`html_element`; string children become text nodes.

    Attribute names use ``_`` for ``-`` (``data_video_id`` → ``data-video-id``);
    attributes whose value is ``None`` are left out, ``True`` writes a bare attribute.
    """
    node = html_element(tag=tag, classes=list(classes), ids=list(ids))
    node["attrs"] = {
        name.rstrip("_").replace("_", "-"): value if value is True else str(value)
        for name, value in attrs.items()
        if value is not None and value is not False
    }
    for child in children:
        # Anything but a node is text: a str, or a translation not yet looked up.
        node += child if isinstance(child, nodes.Node) else nodes.Text(str(child))
    return node


def visit_html_element(self: HTML5Translator, node: html_element) -> None:
    """Open the element; attribute values are escaped by ``starttag``."""
    attrs = {name: (name if value is True else value) for name, value in node["attrs"].items()}
    empty = node["tag"] in VOID_ELEMENTS
    self.body.append(self.starttag(node, node["tag"], "", empty=empty, **attrs))


def depart_html_element(self: HTML5Translator, node: html_element) -> None:
    """Close the element (void elements have no end tag)."""
    if node["tag"] not in VOID_ELEMENTS:
        self.body.append(f"</{node['tag']}>")
