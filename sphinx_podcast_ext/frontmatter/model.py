"""Front matter's data model, and finding the block exactly where MyST-Parser does."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..metadata import Problem

__all__ = ["FORMATS", "Block", "FrontMatter", "Repair", "find_block", "invalid", "not_a_mapping"]

#: The front-matter formats :func:`find_block` knows.
FORMATS = ("yaml", "toml", "json")
_NO_BLOCK_TEXT = ""
TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")
#: Hugo's JSON front matter is an object opening the file; ``{{< shortcode >}}`` is not.
_JSON_START = re.compile(r'\A\{[ \t]*(?:\n|"|\}|$)')


@dataclass(frozen=True, slots=True)
class Block:
    """Where a file's front matter is, and its text.

    ``format`` is ``"yaml"``, ``"toml"``, ``"json"`` or ``""`` (no front matter);
    ``text`` is the block without its fences; ``first_line`` is the 1-based file
    line of the block's first content line and ``body_line`` the line where the
    body starts (both 1 when there is no front matter).
    """

    format: str
    text: str
    first_line: int
    body_line: int


@dataclass(frozen=True, slots=True)
class Repair:
    """A scalar PyYAML cannot construct, read as the text it is (``parse(repair=True)``).

    ``start`` and ``end`` are its offsets (its tag included) in the parsed text;
    ``explicit`` tells a written tag (``!!int abc``) from an implied one
    (``2024-13-45``). A text scalar that is rewritten (control characters, a
    line break in a one-line value) has the ``reason`` to report.
    """

    key: str
    tag: str
    text: str
    line: int
    start: int
    end: int
    explicit: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A parsed front matter: its block, its data, the line of each key, and its problems.

    ``data`` is ``None`` when there is no front matter or it cannot be read.
    ``lines`` maps dotted key paths (``"episode.url"``, ``"tags"``, ``"quotes.0"``)
    to 1-based file lines. ``problems`` holds syntax errors (key ``""``) and
    duplicate keys, each with its file line.
    """

    block: Block
    data: dict[str, Any] | None
    lines: Mapping[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    repairs: tuple[Repair, ...] = ()

    def line(self, dotted_key: str) -> int | None:
        """The key's line, else its nearest parent's, else the block's first line."""
        parts = dotted_key.split(".") if dotted_key else []
        while parts:
            found = self.lines.get(".".join(parts))
            if found is not None:
                return found
            parts.pop()
        return self.block.first_line if self.block.format else None


# -- finding the block ---------------------------------------------------------------------------


def find_block(text: str, formats: Collection[str] = ("yaml",)) -> Block:
    """Find the front matter of *text* in one of *formats* (see the module docs)."""
    lines = _lines(text)
    if not lines:
        return Block("", _NO_BLOCK_TEXT, 1, 1)
    if "yaml" in formats and lines[0].startswith("---"):
        return _yaml_block(lines)
    if "toml" in formats and TOML_FENCE.match(lines[0]):
        return _toml_block(lines)
    if "json" in formats and _JSON_START.match(_normalized(text)):
        return _json_block(lines)
    return Block("", _NO_BLOCK_TEXT, 1, 1)


def _normalized(text: str) -> str:
    """The text as markdown-it sees it: ``\\r\\n`` and ``\\r`` read as ``\\n``, no BOM."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _lines(text: str) -> list[str]:
    """The lines markdown-it's block parser sees.

    A final line of only spaces and tabs without a line end is not a line for it.
    """
    lines = _normalized(text).split("\n")
    if lines[-1].strip(" \t") == "":
        lines.pop()
    return lines


def _indent(line: str) -> tuple[int, int]:
    """``(characters, columns)`` of a line's leading spaces and tabs (tabs to multiples of 4)."""
    characters = columns = 0
    for character in line:
        if character == " ":
            columns += 1
        elif character == "\t":
            columns += 4 - columns % 4
        else:
            break
        characters += 1
    return characters, columns


def _yaml_block(lines: list[str]) -> Block:
    """Port of ``mdit_py_plugins.front_matter``'s rule (see the module docs)."""
    markers = len(lines[0]) - len(lines[0].lstrip("-"))
    if markers < 3:
        return Block("", _NO_BLOCK_TEXT, 1, 1)
    for index in range(1, len(lines)):
        characters, columns = _indent(lines[index])
        rest = lines[index][characters:]
        if columns == 0 and rest.startswith("...") and not rest[3:].strip(" \t"):
            return _closed("yaml", lines, index)
        if not rest.startswith("-") or columns >= 4:
            continue
        dashes = len(rest) - len(rest.lstrip("-"))
        if dashes >= markers and not rest[dashes:].strip(" \t"):
            return _closed("yaml", lines, index)
    # markdown-it does not treat an unclosed block as front matter at all.
    return Block("", _NO_BLOCK_TEXT, 1, 1)


def _closed(fmt: str, lines: list[str], closing: int) -> Block:
    return Block(fmt, "\n".join(lines[1:closing]), 2, closing + 2)


def _toml_block(lines: list[str]) -> Block:
    for index in range(1, len(lines)):
        if TOML_FENCE.match(lines[index]):
            return _closed("toml", lines, index)
    return Block("", _NO_BLOCK_TEXT, 1, 1)


def _json_block(lines: list[str]) -> Block:
    """A leading JSON object: up to where it ends, else up to the first line that is ``}``."""
    text = "\n".join(lines)
    try:
        _value, end = json.JSONDecoder().raw_decode(text)
    except (ValueError, RecursionError):
        end = -1
    if end > 0:
        line_end = text.find("\n", end)
        if not text[end : line_end if line_end >= 0 else len(text)].strip():
            return Block("json", text[:end], 1, text.count("\n", 0, end) + 2)
    for index, line in enumerate(lines):
        if line.rstrip() == "}":
            return Block("json", "\n".join(lines[: index + 1]), 1, index + 2)
    return Block("", _NO_BLOCK_TEXT, 1, 1)


def invalid(block: Block, line: int, reason: str) -> FrontMatter:
    names = {"yaml": "YAML", "toml": "TOML", "json": "JSON"}
    message = f"the front matter is not valid {names[block.format]} (line {line}): {reason}"
    return FrontMatter(block, None, {}, (Problem("", message, line),))


def not_a_mapping(block: Block) -> FrontMatter:
    problem = Problem("", "the front matter must be a mapping of keys to values", block.first_line)
    return FrontMatter(block, None, {}, (problem,))
