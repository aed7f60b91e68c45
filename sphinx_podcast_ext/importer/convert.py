"""Converting a legacy body to MyST.

Key quotes become ``key-quote`` directives, the episode link moves to the front
matter, "read another blog" footers become one ``related-posts`` directive, and
horizontal rules that only framed those parts are dropped. Everything else is
kept verbatim, blank lines included, except at the seams of removed parts
(one blank line there).

Conversion is in two steps because related posts can only be resolved once
every post is known: :func:`convert_body` analyses one body, :func:`render_body`
writes it given the resolved related-post entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from . import myst
from .blocks import Block, split_blocks
from .episode import find_watch_link
from .quotes import Quote, is_lead_line, parse_attributed, parse_blockquote, strip_lead
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


def convert_body(
    lines: list[str], first_lineno: int = 1, *, find_episode: bool = True
) -> Converted:
    """Analyse a legacy body and convert what can be converted."""
    result = Converted(items=[])
    for block in split_blocks(lines, first_lineno):
        if not _convert_block(block, result, find_episode):
            kind: ItemKind = "blank" if block.kind == "blank" else "keep"
            if block.kind == "rule":
                kind = "rule"
            result.items.append(Item(kind, list(block.lines), block.lineno, block.kind))
    _drop_framing_rules(result.items)
    return result


def _convert_block(block: Block, result: Converted, find_episode: bool) -> bool:
    """Convert *block* into *result*; ``False`` when it is to be kept as it is."""
    if block.kind == "quote":
        quotes = parse_blockquote(block.lines)
        return quotes is not None and _add_quotes(block, quotes, result)
    if block.kind != "para":
        return False
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
            result.items.append(Item("removed", [], block.lineno))
            return True
        if watch is not None:
            result.notes.append((block.lineno, watch.problem))
    quote = _paragraph_quote(block, result.items)
    return quote is not None and _add_quotes(block, [quote], result)


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
