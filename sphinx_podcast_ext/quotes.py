"""Key quotes: the ``key-quote`` directive, its records, its time link and its figure.

* **Parse:** the directive builds a ``key_quote`` around a generic block quote
  with an attribution (speaker, role), so every builder shows a quotation.
* **Record** (``doctree-read``, :func:`record_quotes`): each quote of the page
  becomes a :class:`~.records.QuoteRecord` for the quote index, the guest
  pages and the web metadata.
* **Render:** the "play from here" link needs the episode's URL, which may be
  defined further down the page or on another page, so it is added at write
  time (every builder); HTML builders then get a ``<figure>``.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from .media import InvalidTimestamp, format_timestamp, parse_timestamp, recognize_video, url_at_time
from .nodes import (
    EPISODE_URL_ATTR,
    SECONDS_ATTR,
    episode_card,
    key_quote,
    make_element,
    post_header,
)
from .records import QuoteRecord
from .shared import (
    DocumentBeingRead,
    PodcastPostTransform,
    _,
    build_kind,
    docname_of,
    insert_after_intro,
    option_line,
    register_passthrough,
    single_page_ids,
)
from .store import get_domain
from .warnings_ import PodcastWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

__all__ = [
    "KeyQuoteDirective",
    "place_pull_quote",
    "quote_text",
    "record_quotes",
    "setup_quotes",
]


class KeyQuoteDirective(SphinxDirective):
    """``key-quote``: the body is the quote; ``:speaker:`` is required.

    Produces::

        key_quote(ids=[quote-<speaker>])
        └── block_quote
            ├── paragraph … (the quote)
            └── attribution: speaker_inline [, role_inline]
    """

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "speaker": directives.unchanged,
        "role": directives.unchanged,
        "timestamp": directives.unchanged,
        "episode": directives.unchanged,
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        """Build the quote node, warning about a missing speaker, text or bad timestamp."""
        # One person however their name's accents were typed (macOS writes NFD).
        speaker = unicodedata.normalize("NFC", self.options.get("speaker", "").strip())
        role = self.options.get("role", "").strip()
        if not speaker:
            warn(
                PodcastWarning.QUOTE,
                _("key-quote needs a :speaker: option; the quote is shown unattributed"),
                (self.env.docname, self.lineno),
            )
        if not "".join(self.content).strip():
            warn(
                PodcastWarning.QUOTE,
                _("key-quote has no quote text"),
                (self.env.docname, self.lineno),
            )
        timestamp, timestamp_text = self._timestamp()
        node = key_quote(
            speaker=speaker,
            role=role,
            timestamp=timestamp,
            timestamp_text=timestamp_text,
            episode=self.options.get("episode", "").strip(),
            classes=self.options.get("class", []),
        )
        self.set_source_info(node)
        node["ids"].append(make_id(self.env, self.state.document, "quote", speaker or None))
        self.state.document.set_id(node)
        self.add_name(node)
        quote = nodes.block_quote()
        self.set_source_info(quote)
        self.state.nested_parse(self.content, self.content_offset, quote)
        quote += self._attribution(speaker, role)
        node += quote
        return [node]

    def _timestamp(self) -> tuple[int | None, str]:
        text = self.options.get("timestamp", "").strip()
        if not text:
            return None, ""
        try:
            return parse_timestamp(text), text
        except InvalidTimestamp as exc:
            line = option_line(self.block_text, self.lineno, "timestamp")
            warn(PodcastWarning.TIMESTAMP, f"key-quote :timestamp: {exc}", (self.env.docname, line))
            return None, text

    def _attribution(self, speaker: str, role: str) -> nodes.attribution:
        attribution = nodes.attribution()
        self.set_source_info(attribution)
        if speaker:
            attribution += nodes.inline(speaker, speaker, classes=["podcast-quote__speaker"])
        if role:
            if speaker:
                attribution += nodes.Text(", ")
            attribution += nodes.inline(role, role, classes=["podcast-quote__role"])
        return attribution


def quote_text(node: key_quote) -> str:
    """The quote's words, without its attribution."""
    quote = node.children[0] if node.children else None
    if not isinstance(quote, nodes.block_quote):
        return ""
    return " ".join(
        child.astext() for child in quote.children if not isinstance(child, nodes.attribution)
    ).strip()


def place_pull_quote(doc: DocumentBeingRead) -> None:
    """Move a post's first key quote, its highlight, under the title, header and player.

    It keeps its id, so links to it (the quote index's "in context") still land on it.
    Runs after the header and the episode card are placed (see :mod:`.pipeline`).
    """
    if not doc.post.is_post or not doc.app.config.podcast_pull_quote:
        return
    quote = next(doc.doctree.findall(key_quote), None)
    if quote is None or quote.parent is None:
        return
    quote.parent.remove(quote)
    quote["classes"] = [*quote["classes"], "podcast-quote--pull"]
    card = _intro_card(doc.doctree)
    if card is not None:
        card.parent.insert(card.parent.index(card) + 1, quote)
    else:
        insert_after_intro(doc.doctree, quote, (post_header, episode_card))


def _intro_card(doctree: nodes.document) -> nodes.Element | None:
    """The page's episode card when it is in the page's opening, before any section."""
    section = next(doctree.findall(nodes.section), None)
    if section is None:
        return None
    for child in section.children:
        if isinstance(child, nodes.section):
            return None
        if isinstance(child, episode_card):
            return child
    return None


def record_quotes(doc: DocumentBeingRead) -> None:
    """Keep a record of each key quote of the page, in page order."""
    quotes = tuple(
        QuoteRecord(
            docname=doc.docname,
            anchor=node["ids"][0] if node["ids"] else "",
            speaker=node["speaker"],
            role=node["role"],
            text=quote_text(node),
            timestamp=node["timestamp"],
            episode_ref=node["episode"],
        )
        for node in doc.doctree.findall(key_quote)
    )
    if quotes:
        get_domain(doc.env).quotes[doc.docname] = quotes


class KeyQuoteTimestamps(PodcastPostTransform):
    """Add the "play from here" link to quotes with a timestamp (all builders).

    The link needs the episode's URL, which may be defined further down the
    page or on another page, so it is added after all documents are read.
    """

    default_priority = 20
    node_class = key_quote

    def run(self, **kwargs: Any) -> None:
        """Append ``▶ 1:02:33`` (HTML) or ``at 1:02:33`` (other builders) to each attribution."""
        domain = get_domain(self.env)
        is_html = build_kind(self.env).is_html
        for node in self.document.findall(key_quote):
            attribution = next(node.findall(nodes.attribution), None)
            if attribution is None:
                continue
            if node["timestamp"] is None:
                if node["timestamp_text"]:
                    attribution += nodes.inline("", f" ({node['timestamp_text']})")
                continue
            seconds = node["timestamp"]
            shown = format_timestamp(seconds)
            record = domain.episode_for(docname_of(self.env, node), node["episode"])
            if attribution.children:
                attribution += nodes.Text(" · ")
            if record is None or record.episode.url is None:
                problem = (
                    _("key-quote :episode: %r names no known episode") % node["episode"]
                    if node["episode"] and record is None
                    else _("key-quote timestamp %s has no episode URL to link to") % shown
                )
                warn(PodcastWarning.TIMESTAMP, problem, node)
                attribution += nodes.inline(shown, shown, classes=["podcast-quote__time"])
                continue
            url = url_at_time(recognize_video(record.episode.url), seconds)
            label = f"▶ {shown}" if is_html else _("at %s") % shown
            link = nodes.reference(label, label, refuri=url, classes=["podcast-quote__time"])
            link["reftitle"] = _("Play the episode from %s") % shown
            link[SECONDS_ATTR] = seconds
            link[EPISODE_URL_ATTR] = record.episode.url
            attribution += link


class KeyQuoteHTML(PodcastPostTransform):
    """Turn each quote into a semantic ``<figure>`` for HTML builders.

    Before::

        key_quote > block_quote > (paragraph…, attribution)

    After::

        key_quote[figure.podcast-quote]
        ├── block_quote (paragraph…)
        └── html_element[figcaption.podcast-quote__caption] (attribution's children)
    """

    default_priority = 200
    node_class = key_quote
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Restructure every quote of the document."""
        for node in list(self.document.findall(key_quote)):
            single_page_ids(self.env, node)
            node["classes"] = ["podcast-quote", *node["classes"]]
            quote = node.children[0]
            attribution = next(quote.findall(nodes.attribution), None)
            if attribution is None:
                continue
            attribution.parent.remove(attribution)
            caption = make_element("figcaption", classes=["podcast-quote__caption"])
            caption += nodes.inline("", "— ", classes=["podcast-quote__dash"])
            caption.extend(attribution.children)
            node += caption


def visit_key_quote_html(self: HTML5Translator, node: key_quote) -> None:
    """Open the quote's ``<figure>``."""
    self.body.append(self.starttag(node, "figure"))


def depart_key_quote_html(self: HTML5Translator, node: key_quote) -> None:
    """Close the quote's ``<figure>``."""
    self.body.append("</figure>\n")


def setup_quotes(app: Sphinx) -> None:
    """Register the directive, its node and its post-transforms."""
    register_passthrough(app, key_quote)
    app.add_node(key_quote, override=True, html=(visit_key_quote_html, depart_key_quote_html))
    app.add_directive("key-quote", KeyQuoteDirective)
    app.add_post_transform(KeyQuoteTimestamps)
    app.add_post_transform(KeyQuoteHTML)
