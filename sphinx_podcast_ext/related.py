"""The ``related-posts`` directive: cards linking to other posts, built from sphinx-design.

Reading leaves a placeholder and records the request. After all documents are
read, :func:`resolve_related` picks each request's cards (explicit entries, then
posts sharing rare tags) and notes which pages show changed cards, so they are
rewritten. While writing, :class:`RelatedPostsCards` turns each placeholder
into a sphinx-design grid of cards.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .cards import card_fingerprint, card_grid
from .nodes import related_posts
from .pagecache import fingerprint
from .ranking import TagIndex, rank_by_tags
from .records import Card, RelatedEntry, RelatedRequest
from .shared import (
    DocumentBeingRead,
    PodcastPostTransform,
    _,
    content_line_numbers,
    docname_of,
    option_line,
    register_passthrough,
)
from .store import PodcastDomain, get_domain
from .warnings_ import PodcastWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = [
    "RelatedPostsCards",
    "RelatedPostsDirective",
    "parse_entry",
    "record_requests",
    "resolve_related",
    "setup_related",
]

#: ``Custom title <target>``, as Sphinx's roles write an explicit title.
_EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
_SOURCE_SUFFIXES = (".md", ".rst", ".markdown", ".txt", ".html")
MAX_COLUMNS = 6


def parse_entry(line: str, docname: str, lineno: int | None = None) -> RelatedEntry:
    """Split ``Title <target>`` (or a bare target) and make the target a docname.

    Targets are read as the ``{doc}`` role reads them: relative to the current
    document's folder unless they start with ``/``; ``./`` and a source suffix
    are allowed.
    """
    match = _EXPLICIT.match(line.strip())
    title, written = (match["title"].strip(), match["target"].strip()) if match else ("", line)
    written = target = written.strip()
    for suffix in _SOURCE_SUFFIXES:
        if target.endswith(suffix):
            target = target[: -len(suffix)]
            break
    if target.startswith("/"):
        resolved = posixpath.normpath(target)[1:]
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(docname), target))
    return RelatedEntry(title, resolved.lstrip("/"), written, lineno)


def _columns(argument: str) -> int:
    value = directives.positive_int(argument)
    if value > MAX_COLUMNS:
        raise ValueError(f"at most {MAX_COLUMNS} columns")
    return value


class RelatedPostsDirective(SphinxDirective):
    """``related-posts``: one ``Title <docname>`` (or ``docname``) entry per line.

    ``:title:`` is the heading above the cards (default "Related posts"; empty for none).
    """

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "limit": directives.unchanged,
        "auto": directives.flag,
        "columns": directives.unchanged,
        "title": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        """Record the request and leave a placeholder for :class:`RelatedPostsCards`."""
        lines = content_line_numbers(self.block_text, self.lineno, self.content)
        entries = tuple(
            parse_entry(text, self.env.docname, line)
            for text, line in zip(self.content, lines, strict=True)
            if text.strip()
        )
        limit = self._int_option(
            "limit", self.config.podcast_related_limit, directives.positive_int
        )
        columns = self._int_option("columns", self.config.podcast_related_columns, _columns)
        auto = "auto" in self.options or not entries
        node = related_posts(
            request=RelatedRequest(entries=entries, limit=limit, auto=auto),
            columns=columns,
            title=self.options.get("title", _("Related posts")).strip(),
            classes=self.options.get("class", []),
        )
        self.set_source_info(node)
        return [node]

    def _int_option(self, name: str, default: int, convert: Any) -> int:
        if name not in self.options:
            return default
        try:
            return int(convert(self.options[name]))
        except ValueError as exc:
            warn(
                PodcastWarning.OPTION,
                f"related-posts :{name}: {self.options[name]!r} is invalid ({exc}); "
                f"using {default}",
                (self.env.docname, option_line(self.block_text, self.lineno, name)),
            )
            return default


# -- resolution, after reading --------------------------------------------------


def _resolve_request(
    env: BuildEnvironment,
    domain: PodcastDomain,
    docname: str,
    request: RelatedRequest,
    index: TagIndex,
) -> tuple[Card, ...]:
    cards = []
    for entry in request.entries:
        if entry.target in env.all_docs:
            record = domain.posts.get(entry.target)
            shown = entry.title or (record.title if record else "") or entry.written
            cards.append(Card(entry.target, shown, entry.written, entry.line))
        else:
            cards.append(Card(None, entry.title or entry.written, entry.written, entry.line))
    record = domain.posts.get(docname)
    if request.auto and record is not None:
        exclude = {docname} | {card.target for card in cards if card.target}
        for other in rank_by_tags(record, index, exclude, request.limit - len(cards)):
            cards.append(Card(other.docname, other.title, other.docname))
    return tuple(cards)


def resolve_related(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: every request's cards; return the pages whose cards changed."""
    domain = get_domain(env)
    index = TagIndex(domain.posts_with_dates())
    digests = {}
    domain.related_cards = {}
    for docname, requests in domain.related.items():
        resolved = tuple(_resolve_request(env, domain, docname, r, index) for r in requests)
        domain.related_cards[docname] = resolved
        digests[docname] = fingerprint(
            [
                (card, card_fingerprint(domain.posts.get(card.target or ""), domain, app.config))
                for cards in resolved
                for card in cards
            ]
        )
    return domain.changed_pages("related", digests)


# -- rendering, while writing ------------------------------------------------------


class RelatedPostsCards(PodcastPostTransform):
    """Replace each placeholder by a grid of sphinx-design cards (all builders).

    Runs before Sphinx resolves references, so each card's link is a
    ``pending_xref`` to the target document that every builder resolves::

        grid-container.podcast-related > grid-row > grid-item* >
        card.podcast-card
        ├── card-body
        │   ├── card-title: title
        │   ├── paragraph.podcast-card__meta: date · show · guests
        │   └── paragraph.podcast-card__excerpt: description or excerpt
        ├── card-footer: tags
        └── PassthroughTextElement > pending_xref(doc) (HTML: a stretched link
            covering the card; other builders link the title instead)
    """

    default_priority = 5
    node_class = related_posts

    def run(self, **kwargs: Any) -> None:
        """Build the cards of every request on the page."""
        domain = get_domain(self.env)
        for node in list(self.document.findall(related_posts)):
            docname = docname_of(self.env, node)
            resolved = domain.related_cards.get(docname, ())
            index = node.get("index", 0)
            cards = resolved[index] if index < len(resolved) else ()
            for card in cards:
                if card.target is None:
                    warn(
                        PodcastWarning.RELATED,
                        _("related post %r not found; its card is shown without a link")
                        % card.written_target,
                        (docname, card.line or node.line),
                    )
            if not cards:
                node.replace_self([])
                continue
            classes = ["podcast-related", *node["classes"]]
            grid = card_grid(self.env, docname, cards, node["columns"], classes, node)
            heading = nodes.rubric("", node["title"], classes=["podcast-related__title"])
            titled = node["title"] and not _under_same_heading(node)
            node.replace_self([heading, grid] if titled else [grid])


def _under_same_heading(node: nodes.Element) -> bool:
    """Whether the cards open a section whose heading already says their title."""
    section = node.parent
    if not isinstance(section, nodes.section) or not section.children:
        return False
    title = section.children[0]
    first = next(
        (child for child in section.children[1:] if not isinstance(child, nodes.target)), None
    )
    return (
        isinstance(title, nodes.title)
        and first is node
        and title.astext().strip().casefold() == str(node["title"]).strip().casefold()
    )


def record_requests(doc: DocumentBeingRead) -> None:
    """Give each placeholder its index on the page and record the requests."""
    requests = []
    for index, node in enumerate(doc.doctree.findall(related_posts)):
        node["index"] = index
        requests.append(node["request"])
    if requests:
        get_domain(doc.env).related[doc.docname] = tuple(requests)


def setup_related(app: Sphinx) -> None:
    """Register the directive, its placeholder and the cards."""
    register_passthrough(app, related_posts)
    app.add_directive("related-posts", RelatedPostsDirective)
    app.add_post_transform(RelatedPostsCards)
