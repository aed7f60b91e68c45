"""Chapters: the time codes of a page, gathered into a list that drives its player.

A page's chapters are its ``{timestamp}`` links (labelled by the text around
them: ``- {timestamp}`12:34` Scaling laws`` is the chapter "Scaling laws") and
its key quotes with a ``:timestamp:`` (labelled by their first words), in
time order. They are found at write time, in the document being
written, after :class:`~.episodes.TimestampLinks` and
:class:`~.quotes.KeyQuoteTimestamps` made the links: only links into the
page's own episode count, so a quote of another page's episode is never a
chapter of this player.

The list is HTML only (:func:`chapter_list`, placed by :mod:`.player`); other
builders have the time links where the author wrote them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docutils import nodes

from .media import format_timestamp
from .nodes import EPISODE_URL_ATTR, NEW_TAB, SECONDS_ATTR, key_quote, make_element
from .quotes import quote_text
from .shared import _

__all__ = ["Chapter", "chapter_list", "page_chapters"]

#: Longest label shown for a chapter, in characters.
LABEL_LENGTH = 80
_DASHES = "\u2013\u2014"
_LEADING = re.compile(rf"^[\s\-{_DASHES}:·|.,;)\]]+")
_TRAILING = re.compile(rf"[\s\-{_DASHES}:·|,;(\[]+$")


@dataclass(frozen=True, slots=True)
class Chapter:
    """One entry of the chapter list: when, what, and the link that opens the episode there."""

    seconds: int
    label: str
    url: str


def _shorten(text: str, length: int = LABEL_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(f",;:.-{_DASHES} ") + "…"


def _container(node: nodes.Node) -> nodes.Element | None:
    """The list item, else the paragraph, that a time link sits in."""
    paragraph = None
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section | nodes.document):
        if isinstance(parent, nodes.list_item | nodes.definition_list_item | nodes.field):
            return parent
        if paragraph is None and isinstance(parent, nodes.paragraph):
            paragraph = parent
        parent = parent.parent
    return paragraph


def _timestamp_label(link: nodes.reference) -> str:
    """The words around a time link in its list item or paragraph.

    A time code that starts its line (``- 12:34 Scaling laws``) labels the rest of
    the line; one inside a sentence labels the whole sentence, time included.
    """
    container = _container(link)
    if container is None:
        return ""
    before: list[str] = []
    after: list[str] = []
    seen = False
    for text in container.findall(nodes.Text):
        if isinstance(text.parent, (nodes.raw, nodes.comment)):
            continue  # markup's source, not words a reader sees
        if text.parent is link or link in _parents(text):
            seen = True
            continue
        (after if seen else before).append(text.astext())
    lead = _LEADING.sub("", " ".join("".join(before).split()))
    rest = " ".join("".join(after).split())
    label = _LEADING.sub("", rest) if not lead else f"{lead} {link.astext()}{rest}"
    return _shorten(_TRAILING.sub("", label))


def _parents(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


#: Quotes are labelled by their first words, shorter than other chapters.
QUOTE_LABEL_LENGTH = 48


def _quote_label(quote: key_quote) -> str:
    words = _shorten(quote_text(quote), QUOTE_LABEL_LENGTH)
    return f"“{words}”" if words else quote["speaker"]


def page_chapters(root: nodes.Node, episode_url: str) -> list[Chapter]:
    """The chapters of *root* (a page, or the part of a single page that is one document).

    Only links carrying :data:`SECONDS_ATTR` and opening *episode_url* (the
    page's episode, with or without a time) count; the first label given for a
    time wins, and the list is in time order.
    """
    found: dict[int, Chapter] = {}
    for link in root.findall(nodes.reference):
        seconds = link.get(SECONDS_ATTR)
        if seconds is None or link.get(EPISODE_URL_ATTR) != episode_url:
            continue
        quote = next((p for p in _parents(link) if isinstance(p, key_quote)), None)
        label = _quote_label(quote) if quote is not None else _timestamp_label(link)
        if seconds not in found:
            found[seconds] = Chapter(seconds, label or link.astext(), link.get("refuri", ""))
    return [found[seconds] for seconds in sorted(found)]


def chapter_list(chapters: list[Chapter]) -> nodes.Element:
    """The chapter list (HTML only): ``nav > details > summary, ol > li > a.podcast-chapter``.

    Each chapter is a link to the episode at its time; ``podcast.js`` makes it move
    the page's player there instead.
    """
    items = make_element("ol", classes=["podcast-chapters__list"])
    for chapter in chapters:
        shown = format_timestamp(chapter.seconds)
        items += make_element(
            "li",
            [
                make_element(
                    "a",
                    [
                        make_element("span", [shown], classes=["podcast-chapter__time"]),
                        make_element("span", [chapter.label], classes=["podcast-chapter__label"]),
                    ],
                    classes=["podcast-chapter"],
                    href=chapter.url,
                    data_seconds=chapter.seconds,
                    aria_label=_("%(time)s: %(label)s") % {"time": shown, "label": chapter.label},
                    **NEW_TAB,
                )
            ],
        )
    summary = make_element(
        "summary",
        [
            _("Chapters"),
            " ",
            make_element("span", [str(len(chapters))], classes=["podcast-chapters__count"]),
        ],
        classes=["podcast-chapters__summary"],
    )
    details = make_element("details", [summary, items], classes=["podcast-chapters__details"])
    return make_element("nav", [details], classes=["podcast-chapters"], aria_label=_("Chapters"))
