"""Cutting a Markdown body into top-level blocks.

Only what the converter needs is recognized: blank lines, fenced code (left
strictly alone), ATX headings, thematic breaks, block quotes (with lazy
continuation lines) and "paragraphs" (any other run of lines, lists included).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Block", "BlockKind", "split_blocks"]

#: The kinds of block :func:`split_blocks` produces.
BlockKind = Literal["blank", "code", "heading", "rule", "quote", "para"]

_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:\s|$)")
_HTML_START = re.compile(r"^ {0,3}<")


@dataclass(frozen=True, slots=True)
class Block:
    """A top-level block: its kind, its lines and the 1-based line number of the first."""

    kind: BlockKind
    lines: tuple[str, ...]
    lineno: int


def split_blocks(
    lines: list[str], first_lineno: int = 1, linenos: Sequence[int] | None = None
) -> list[Block]:
    """Split *lines* into blocks; every input line lands in exactly one block, in order.

    A block's line is ``linenos[i]`` for its first line *i* if given, else
    ``first_lineno + i``.
    """
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        kind, end = _block_at(lines, index)
        lineno = linenos[index] if linenos is not None else first_lineno + index
        blocks.append(Block(kind, tuple(lines[index:end]), lineno))
        index = end
    return blocks


def _block_at(lines: list[str], start: int) -> tuple[BlockKind, int]:
    line = lines[start]
    if not line.strip():
        return "blank", start + 1
    fence = _FENCE.match(line)
    if fence and not (fence["fence"][0] == "`" and "`" in line[fence.end() :]):
        return "code", _fence_end(lines, start, fence["fence"])
    if _HEADING.match(line):
        return "heading", start + 1
    if _RULE.match(line):
        return "rule", start + 1
    if _QUOTE.match(line):
        return "quote", _quote_end(lines, start)
    return "para", _para_end(lines, start)


def _fence_end(lines: list[str], start: int, fence: str) -> int:
    closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for index in range(start + 1, len(lines)):
        if closing.match(lines[index]):
            return index + 1
    return len(lines)


def _interrupts(line: str) -> bool:
    """Whether *line* starts a new block instead of continuing a paragraph."""
    return bool(
        _FENCE.match(line)
        or _HEADING.match(line)
        or _QUOTE.match(line)
        or (_RULE.match(line) and line.strip()[0] != "-")
    )


def _quote_end(lines: list[str], start: int) -> int:
    index = start + 1
    while index < len(lines):
        line = lines[index]
        if _QUOTE.match(line):
            index += 1
        elif line.strip() and not (
            _interrupts(line)
            or _RULE.match(line)
            or _LIST_ITEM.match(line)
            or _HTML_START.match(line)
        ):
            index += 1  # a lazy continuation line
        else:
            break
    return index


def _para_end(lines: list[str], start: int) -> int:
    index = start + 1
    while index < len(lines) and lines[index].strip() and not _interrupts(lines[index]):
        index += 1
    return index
