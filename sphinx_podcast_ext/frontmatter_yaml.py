"""A Markdown page's YAML front matter, found where MyST finds it and parsed once.

Pure Python (PyYAML), no Sphinx imports. :func:`find_yaml_block` follows the
rules of the ``front_matter`` plugin that MyST-Parser uses
(``mdit_py_plugins.front_matter``): a first line of three or more ``-``, closed
by a line of at least as many ``-`` indented by at most three columns, or by
``...`` at column 0; an unclosed block is no front matter at all.
:func:`parse_front_matter` composes the YAML once and keeps, for every key
(``episode.url``), the file line it is on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from .metadata import Problem

__all__ = ["ParsedFrontMatter", "Repair", "YamlBlock", "find_yaml_block", "parse_front_matter"]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_SHORT_TAGS = {"tag:yaml.org,2002:": "!!"}
_TAB_STOP = 4


@dataclass(frozen=True, slots=True)
class YamlBlock:
    """The front matter's text and where it is in the file."""

    text: str
    offset: int
    """Character offset of the block's first content line in the file."""
    first_line: int
    """1-based file line of the block's first content line."""
    body_line: int
    """1-based file line where the body starts."""


@dataclass(frozen=True, slots=True)
class Repair:
    """A scalar PyYAML cannot construct, to be read as the text it was."""

    key: str
    tag: str
    text: str
    line: int
    start: int
    """Offset of the scalar (its tag included) in the file."""
    end: int
    explicit: bool
    """Whether the tag is written (``!!int abc``) rather than implied (``2024-13-45``)."""


@dataclass(frozen=True, slots=True)
class ParsedFrontMatter:
    """A page's front matter with real YAML types, key lines and problems."""

    block: YamlBlock | None
    data: dict[str, Any] | None
    """``None`` when the page has no front matter or it is not a mapping of valid YAML."""
    lines: dict[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    repairs: tuple[Repair, ...] = ()

    def line(self, dotted_key: str) -> int | None:
        """The line of *dotted_key*, else of its nearest parent, else the block's first line."""
        key = dotted_key
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return self.block.first_line if self.block else None


def _indent_columns(line: str) -> tuple[int, int]:
    """``(columns, characters)`` of the line's leading spaces and tabs."""
    columns = chars = 0
    for char in line:
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += _TAB_STOP - columns % _TAB_STOP
        else:
            break
        chars += 1
    return columns, chars


def _dash_run(text: str) -> int:
    return len(text) - len(text.lstrip("-"))


def find_yaml_block(text: str) -> YamlBlock | None:
    """The YAML front matter block, exactly where MyST-Parser would find it, or ``None``."""
    if not text.startswith("-"):
        return None
    lines = text.split("\n")
    markers = _dash_run(lines[0])
    if markers < 3:
        return None
    offset = len(lines[0]) + 1
    for index in range(1, len(lines)):
        line = lines[index]
        columns, chars = _indent_columns(line)
        closes = columns == 0 and line.startswith("...") and not line[3:].strip(" \t")
        rest = line[chars:]
        if not closes and rest.startswith("-") and columns < _TAB_STOP:
            run = _dash_run(rest)
            closes = run >= markers and not rest[run:].strip(" \t")
        if closes:
            return YamlBlock("\n".join(lines[1:index]), offset, 2, index + 2)
    return None


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that records duplicate keys and scalars it cannot construct."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []
        self.unreadable: list[yaml.ScalarNode] = []

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Construct *node*; a scalar that cannot be constructed stays its text."""
        if not isinstance(node, yaml.ScalarNode) or node.tag == _STR_TAG:
            return super().construct_object(node, deep=deep)
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, ValueError, TypeError, AttributeError, KeyError, OverflowError):
            self.unreadable.append(node)
            return node.value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """A mapping, noting repeated keys (the last value wins, as in every YAML loader)."""
        seen: set[Any] = set()
        own = [key_node for key_node, _value in node.value if key_node.tag != _MERGE_TAG]
        self.flatten_mapping(node)
        for key_node in own:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in seen:
                self.duplicates.append((key, key_node.start_mark.line))
            if isinstance(key, str):
                seen.add(key)
        return dict(super().construct_mapping(node, deep=deep))


def _key_lines(node: yaml.Node, first_line: int, prefix: str = "") -> Iterator[tuple[str, int]]:
    """``(dotted key, file line)`` of every key of the mapping *node*, nested ones included."""
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        path = f"{prefix}{key_node.value}"
        yield path, key_node.start_mark.line + first_line
        yield from _key_lines(value_node, first_line, path + ".")


def _short_tag(tag: str) -> str:
    for long, short in _SHORT_TAGS.items():
        if tag.startswith(long):
            return short + tag[len(long) :]
    return tag


def _repairs(block: YamlBlock, loader: _Loader, lines: dict[str, int]) -> tuple[Repair, ...]:
    by_line = {line: key for key, line in lines.items()}
    repairs = []
    for node in loader.unreadable:
        line = node.start_mark.line + block.first_line
        repairs.append(
            Repair(
                key=by_line.get(line, ""),
                tag=_short_tag(node.tag),
                text=str(node.value),
                line=line,
                start=block.offset + node.start_mark.index,
                end=block.offset + node.end_mark.index,
                explicit=block.text.startswith("!", node.start_mark.index),
            )
        )
    return tuple(repairs)


def parse_front_matter(text: str) -> ParsedFrontMatter:
    """Parse the YAML front matter of a Markdown page's text; never raises."""
    block = find_yaml_block(text)
    if block is None:
        return ParsedFrontMatter(None, None)
    try:
        loader = _Loader(block.text)
    except yaml.YAMLError as exc:  # the reader refuses control characters at once
        return ParsedFrontMatter(block, None, problems=(_syntax_problem(block, exc),))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except (yaml.YAMLError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        return ParsedFrontMatter(block, None, problems=(_syntax_problem(block, exc),))
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        problem = Problem("", "the front matter must be a mapping of keys to values", 1)
        return ParsedFrontMatter(block, None, problems=(problem,))
    lines = dict(_key_lines(node, block.first_line))
    problems = tuple(
        Problem(key, "duplicate key; the last value is used", line + block.first_line)
        for key, line in loader.duplicates
    )
    data = {str(key): value for key, value in data.items()}
    return ParsedFrontMatter(block, data, lines, problems, _repairs(block, loader, lines))


def _syntax_problem(block: YamlBlock, exc: BaseException) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return Problem("", "the front matter is not valid YAML", block.first_line)
    line = mark.line + block.first_line
    return Problem("", f"the front matter is not valid YAML (line {line})", line)
