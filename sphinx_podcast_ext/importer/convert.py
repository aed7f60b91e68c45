"""Converting a legacy body to MyST.

Key quotes become ``key-quote`` directives (block quotes with an attribution,
and the bullets of "Notable quotes" sections), the episode button moves to the
front matter (a link inside a sentence gives its URL and stays), "read another
blog" footers become one ``related-posts`` directive, a first heading that only
restates the title goes (the page's title heading shows it), and horizontal
rules that only framed removed parts are dropped. Everything else is kept
verbatim, blank lines included, except at the seams of removed parts (one
blank line there).

Conversion is in two steps because related posts can only be resolved once
every post is known: :func:`convert_body` analyses one body, :func:`render_body`
writes it given the resolved related-post entries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from . import myst
from .blocks import Block, split_blocks
from .episode import find_watch_link
from .quotes import (
    QUOTE_SECTION,
    Quote,
    is_lead_line,
    parse_attributed,
    parse_blockquote,
    parse_quote_item,
    strip_lead,
)
from .related import RelatedLink, parse_related

__all__ = ["Converted", "Item", "convert_body", "render_body"]

ItemKind = Literal["keep", "rule", "blank", "directive", "related", "removed"]


@dataclass(slots=True)
class Item:
    """A piece of the converted body: kept lines, a directive, or a removed block."""

    kind: ItemKind
    lines: list[str]
    lineno: int
    block_kind: str = ""


@dataclass(slots=True)
class Converted:
    """A converted body, waiting for its related-post entries (see :func:`render_body`)."""

    items: list[Item]
    episode_url: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    #: The line of the episode link, and whether its paragraph stayed (a sentence).
    episode_line: int | None = None
    dropped_heading: str = ""
    _in_quote_section: bool = False
    _seen_heading: bool = False


def convert_body(
    lines: list[str],
    first_lineno: int = 1,
    *,
    find_episode: bool = True,
    linenos: Sequence[int] | None = None,
    title: str = "",
) -> Converted:
    """Analyse a legacy body and convert what can be converted.

    *linenos* gives each line's source line when earlier steps moved lines;
    *title* is the post's title, which a first heading may only restate.
    """
    result = Converted(items=[])
    for block in split_blocks(lines, first_lineno, linenos):
        if not _convert_block(block, result, find_episode, title):
            kind: ItemKind = "blank" if block.kind == "blank" else "keep"
            if block.kind == "rule":
                kind = "rule"
            result.items.append(Item(kind, list(block.lines), block.lineno, block.kind))
    _drop_framing_rules(result.items)
    return result


def _convert_block(block: Block, result: Converted, find_episode: bool, title: str) -> bool:
    """Convert *block* into *result*; ``False`` when it is to be kept as it is."""
    if block.kind == "heading":
        return _heading(block, result, title)
    if block.kind == "quote":
        quotes = parse_blockquote(block.lines)
        return quotes is not None and _add_quotes(block, quotes, result)
    if block.kind != "para":
        return False
    if result._in_quote_section:
        section_quotes = _quote_items(block.lines)
        if section_quotes is not None:
            return _add_quotes(block, section_quotes, result)
    text = " ".join(line.strip() for line in block.lines)
    related = parse_related(text, block.lineno)
    if related is not None:
        kind: ItemKind = "removed" if result.related else "related"
        result.related.append(related)
        result.items.append(Item(kind, [], block.lineno))
        return True
    if find_episode and result.episode_url is None:
        watch = find_watch_link(text)
        if watch is not None and watch.url is not None:
            result.episode_url = watch.url
            result.episode_line = block.lineno
            if watch.button:
                result.items.append(Item("removed", [], block.lineno))
                return True
            return False  # a sentence: its URL is the episode, its words stay
        if watch is not None:
            result.notes.append((block.lineno, watch.problem))
    quote = _paragraph_quote(block, result.items)
    return quote is not None and _add_quotes(block, [quote], result)


def _heading(block: Block, result: Converted, title: str) -> bool:
    """Drop the first heading when it only restates the title; track quote sections."""
    text = re.sub(r"^\s{0,3}#{1,6}\s*|\s+#+\s*$", "", block.lines[0])
    first, result._seen_heading = not result._seen_heading, True
    result._in_quote_section = bool(QUOTE_SECTION.match(_plain_words(text, keep_symbols=True)))
    if first and title and _plain_words(text) == _plain_words(title):
        result.dropped_heading = text.strip()
        result.items.append(Item("removed", [], block.lineno))
        result.notes.append((block.lineno, "heading only restates the title; the title shows it"))
        return True
    return False


def _plain_words(text: str, *, keep_symbols: bool = False) -> str:
    """Text without Markdown emphasis, escapes and (unless kept) anything but words."""
    text = re.sub(r"[*_`~\\]", "", text).casefold()
    if keep_symbols:
        return " ".join(text.split())
    return " ".join(re.findall(r"\w+", text))


_ITEM_START = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])\s+")


def _quote_items(lines: Sequence[str]) -> list[Quote] | None:
    """The quotes of a list whose every item is an attributed quote; else ``None``."""
    items: list[list[str]] = []
    for line in lines:
        marker = _ITEM_START.match(line)
        if marker:
            items.append([line[marker.end() :]])
        elif items and line.startswith((" ", "\t")):
            items[-1].append(line.strip())
        else:
            return None
    quotes = [parse_quote_item("\n".join(item)) for item in items]
    if not quotes or any(quote is None for quote in quotes):
        return None
    return [quote for quote in quotes if quote is not None]


def _paragraph_quote(block: Block, items: list[Item]) -> Quote | None:
    """A quote written as a paragraph: after a lead (``**Key Quote:** "…" - X``) or on its own
    right after a lead-only paragraph."""
    text = "\n".join(block.lines)
    rest = strip_lead(text)
    if rest is not None and rest.strip():
        return parse_attributed(rest)
    previous = _previous_content(items)
    if previous is not None and is_lead_line(previous.lines[-1]):
        return parse_attributed(text)
    return None


def _add_quotes(block: Block, quotes: Sequence[Quote], result: Converted) -> bool:
    _drop_lead(result.items)
    for number, quote in enumerate(quotes):
        if number:
            result.items.append(Item("blank", [""], block.lineno))
        result.items.append(Item("directive", myst.key_quote(quote), block.lineno))
    result.quotes.extend(quotes)
    return True


def _previous_content(items: list[Item]) -> Item | None:
    for item in reversed(items):
        if item.kind != "blank":
            return item if item.kind == "keep" and item.block_kind == "para" else None
    return None


def _drop_lead(items: list[Item]) -> None:
    """Remove a ``**Key Quote:**`` line that introduced the quote now being converted."""
    previous = _previous_content(items)
    if previous is None or not is_lead_line(previous.lines[-1]):
        return
    if len(previous.lines) == 1:
        previous.kind, previous.lines = "removed", []
    else:
        previous.lines.pop()


def _drop_framing_rules(items: list[Item]) -> None:
    """Drop rules that only framed removed parts (the watch link, the footers).

    In each run of rules and removed parts, all rules go, unless content
    follows on both sides: then the first rule stays as a separator.
    """
    content = [i for i, item in enumerate(items) if item.kind in ("keep", "directive")]
    solid = [i for i, item in enumerate(items) if item.kind != "blank"]
    run: list[int] = []
    for index in [*solid, None]:
        if index is not None and items[index].kind in ("rule", "removed", "related"):
            run.append(index)
            continue
        if any(items[i].kind in ("removed", "related") for i in run):
            before = any(c < run[0] for c in content)
            after = any(c > run[-1] for c in content)
            rules = [i for i in run if items[i].kind == "rule"]
            for i in rules[1:] if before and after else rules:
                items[i].kind, items[i].lines = "removed", []
        run = []


def render_body(converted: Converted, related_entries: Sequence[tuple[str, str]]) -> list[str]:
    """The body's lines, with the ``related-posts`` directive made of *related_entries*."""
    out: list[str] = []
    blanks = 0
    seam = False
    previous_directive = False
    for item in converted.items:
        if item.kind == "blank":
            blanks += 1
            continue
        if item.kind == "removed":
            seam = True
            continue
        is_directive = item.kind in ("directive", "related")
        lines = myst.related_posts(related_entries) if item.kind == "related" else item.lines
        if out:
            gap = 1 if seam else blanks
            if is_directive or previous_directive:
                gap = max(gap, 1)
            out.extend([""] * gap)
        out.extend(lines)
        blanks, seam, previous_directive = 0, False, is_directive
    return out
