"""What Pagefind indexes for a page: a small HTML *record* built from its doctree.

A record holds the page's title, its own text in page order (sections become
headings with their anchors, so Pagefind can link to a section), its key quotes
weighted higher, and for posts the guests and host (weighted), the show and the
tags, the filters ``show``, ``guest``, ``speaker``, ``tag`` and ``year`` and the
metadata shown with a result (``date``, ``show``), all from the ``podcast``
domain's records. Left out: the navigation and everything the theme adds (the
record is made from the doctree, not the page), the post header (date, reading
time, tags), the episode card's facts and links (its notes are kept), other
posts' cards (related posts, listings), the search form and toctrees. Pages
that are not posts are weighted down as a whole.

The record is rendered by ``podcast/pagefind-record.html`` with autoescaping.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docutils import nodes

from ..nodes import episode_card, key_quote
from ..store import PodcastDomain, get_domain

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__all__ = [
    "FILTERS",
    "SearchBlock",
    "SearchRecord",
    "filter_value",
    "hidden_nodes",
    "is_indexed",
    "page_record",
    "post_filters",
]

#: The filters of every post, in the order the search page shows them.
FILTERS = ("show", "guest", "speaker", "tag", "year")
#: ``data-pagefind-weight`` of key quotes and of guest names (1 is body text, the title
#: is 7; weights count quadratically, so 5 is about 25 times a word of the body).
QUOTE_WEIGHT = "5"
PEOPLE_WEIGHT = "5"
#: The show's name, the episode's title and the tags, a little above body text.
TOPIC_WEIGHT = "2"
#: Every word of a document that is not a post (about pages, the landing page).
PAGE_WEIGHT = "0.5"
#: Classes of rendered blocks that are not the page's own text: other posts' cards,
#: listings, the post header (date, reading time, tags), the search form, the toctree.
SKIPPED_CLASSES = frozenset(
    {
        "podcast-related",
        "podcast-related__title",
        "podcast-latest",
        "podcast-index",
        "podcast-post-header",
        "podcast-search",
        "toctree-wrapper",
    }
)
#: Placeholders of the listings, in case a page is written before they are resolved.
SKIPPED_NODES = frozenset({"search_box", "post_listing", "related_posts"})
#: The episode card's own children are facts and links; only its notes are text.
EPISODE_NOTES = "podcast-episode__notes"


@dataclass(frozen=True, slots=True)
class SearchBlock:
    """One block of a record: a ``heading``, a ``quote`` or ``text``."""

    kind: str
    text: str
    level: int = 0
    anchor: str = ""
    weight: str = ""
    speaker: str = ""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """What Pagefind indexes for one page (rendered by ``podcast/pagefind-record.html``)."""

    title: str
    language: str
    blocks: tuple[SearchBlock, ...] = ()
    filters: tuple[tuple[str, str], ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    weight: str = ""
    """The weight of the whole page; ``""`` for posts (their weights are per block)."""


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _skipped(node: nodes.Element, hidden: frozenset[str] = frozenset()) -> bool:
    """Comments, targets, raw HTML, images, placeholders, blocks of other pages, and the
    nodes the HTML writer leaves out in this build (*hidden*)."""
    return (
        isinstance(node, nodes.Invisible | nodes.system_message | nodes.raw | nodes.image)
        or node.tagname in SKIPPED_NODES
        or node.tagname in hidden
        or not SKIPPED_CLASSES.isdisjoint(node.get("classes", ()))
    )


@dataclass
class _Walk:
    """The blocks of a doctree, in page order."""

    quotes: dict[str, tuple[str, str]]
    """``anchor -> (text, speaker)`` of the page's key quotes, from the domain."""
    hidden: frozenset[str] = frozenset()
    """Node names the HTML writer skips in this build (see :func:`hidden_nodes`)."""
    blocks: list[SearchBlock] = field(default_factory=list)
    seen_title: bool = False

    def visit(self, node: nodes.Node, depth: int) -> None:
        if isinstance(node, nodes.Text):
            self._text(node.astext())
        elif not isinstance(node, nodes.Element) or _skipped(node, self.hidden):
            return
        elif isinstance(node, nodes.section):
            self._section(node, depth + 1)
        elif isinstance(node, key_quote):
            self._quote(node)
        elif isinstance(node, episode_card):
            for notes in node.findall(nodes.container):
                if EPISODE_NOTES in notes["classes"]:
                    self.children(notes, depth)
        elif isinstance(node, nodes.TextElement):
            self._text(node.astext())
        else:
            self.children(node, depth)

    def children(self, node: nodes.Element, depth: int) -> None:
        for child in node.children:
            self.visit(child, depth)

    def _text(self, text: str) -> None:
        text = _normalized(text)
        if text:
            self.blocks.append(SearchBlock("text", text))

    def _section(self, node: nodes.section, depth: int) -> None:
        title = next((c for c in node.children if isinstance(c, nodes.title)), None)
        if depth == 1 and not self.seen_title:
            self.seen_title = True  # the page title, which is the record's <h1>
        elif title is not None:
            anchor = node["ids"][0] if node["ids"] else ""
            level = min(max(depth, 2), 6)
            self.blocks.append(SearchBlock("heading", _normalized(title.astext()), level, anchor))
        for child in node.children:
            if child is not title:
                self.visit(child, depth)

    def _quote(self, node: key_quote) -> None:
        anchor = node["ids"][0] if node["ids"] else ""
        text, speaker = self.quotes.get(anchor, (node.astext(), node.get("speaker", "")))
        text = _normalized(text)
        if text:
            self.blocks.append(SearchBlock("quote", text, 0, anchor, QUOTE_WEIGHT, speaker))


def post_filters(domain: PodcastDomain, docname: str) -> tuple[tuple[str, str], ...]:
    """The ``(filter, value)`` pairs of a post: show, guests, quote speakers, tags, year."""
    record = domain.posts.get(docname)
    if record is None or not record.post.is_post:
        return ()
    episode = domain.episode_of(docname)
    pairs: list[tuple[str, str]] = []
    if episode is not None and episode.show:
        pairs.append(("show", episode.show))
    pairs.extend(("guest", guest) for guest in (episode.guests if episode else ()))
    speakers = dict.fromkeys(q.speaker for q in domain.quotes.get(docname, ()) if q.speaker)
    pairs.extend(("speaker", speaker) for speaker in speakers)
    pairs.extend(("tag", tag) for tag in record.post.tags)
    date = record.date or (episode.date if episode else None)
    if date is not None:
        pairs.append(("year", str(date.year)))
    return tuple(dict.fromkeys((key, value) for key, value in pairs if value.strip()))


#: An ``&`` that a decoder could read as the start of a character reference.
_ENTITY_START = re.compile(r"&(?=[#A-Za-z0-9])")


def filter_value(value: str) -> str:
    """A filter value as stored in the index: decoded, ``<``/``>`` as U+2039/U+203A.

    Pagefind's default UI writes filter values into the page as HTML (Svelte's
    ``{@html}``), so a guest named ``<img src=x onerror=…>`` would run script on
    the search page; and Pagefind decodes every level of HTML escaping while
    indexing, so escaping cannot help: a guest written ``&lt;img …&gt;`` (text on
    the post) would reach the UI as ``<img …>``. So the value is decoded as
    Pagefind would decode it, then no ``<`` or ``>`` is left, and an ``&`` that
    could start a character reference becomes U+FF06. ``podcast-search.js``
    maps the values it reads from the address the same way.
    """
    text = value
    while (decoded := html.unescape(text)) != text:
        text = decoded
    text = text.replace("<", "\u2039").replace(">", "\u203a")
    return _ENTITY_START.sub("\uff06", text)


def _post_lines(domain: PodcastDomain, docname: str) -> list[SearchBlock]:
    """The weighted lines under a post's title: guests and host, then show, episode, tags."""
    record = domain.posts[docname]
    episode = domain.episode_of(docname)
    people = [*episode.guests, episode.host] if episode else []
    topics = [episode.show, episode.title] if episode else []
    topics.extend(record.post.tags)
    lines = [
        SearchBlock("text", ", ".join(p for p in people if p), weight=PEOPLE_WEIGHT),
        SearchBlock("text", " · ".join(t for t in topics if t), weight=TOPIC_WEIGHT),
    ]
    return [line for line in lines if line.text]


def hidden_nodes(config: Config) -> frozenset[str]:
    """Nodes in the doctree that Sphinx's HTML writer does not write in this build.

    ``sphinx.ext.todo`` keeps its nodes and skips them while writing unless
    ``todo_include_todos`` is set; a todo's text must not be found by search either.
    """
    return frozenset() if getattr(config, "todo_include_todos", True) else frozenset({"todo_node"})


def page_record(env: BuildEnvironment, docname: str, doctree: nodes.document) -> SearchRecord:
    """The record of a document, from its written doctree and its domain records."""
    domain = get_domain(env)
    quotes = {q.anchor: (q.text, q.speaker) for q in domain.quotes.get(docname, ()) if q.anchor}
    walk = _Walk(quotes, hidden_nodes(env.config))
    walk.children(doctree, 0)
    post = domain.posts.get(docname)
    title_node = env.titles.get(docname)
    title = (post.title if post else "") or (title_node.astext() if title_node else docname)
    language = (env.config.language or "en").replace("_", "-")
    if post is None or not post.post.is_post:
        return SearchRecord(_normalized(title), language, tuple(walk.blocks), weight=PAGE_WEIGHT)
    episode = domain.episode_of(docname)
    date = post.date or (episode.date if episode else None)
    meta = [("date", date.isoformat() if date else post.post.date_text)]
    meta.append(("show", episode.show if episode else ""))
    return SearchRecord(
        title=_normalized(title),
        language=language,
        blocks=(*_post_lines(domain, docname), *walk.blocks),
        filters=tuple((key, filter_value(value)) for key, value in post_filters(domain, docname)),
        meta=tuple((key, value) for key, value in meta if value),
    )


def is_indexed(env: BuildEnvironment, docname: str) -> bool:
    """Whether a document is indexed: all are, except those with ``:nosearch:`` metadata."""
    return "nosearch" not in env.metadata.get(docname, {})
