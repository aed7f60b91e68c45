"""Reading YAML front matter: real types, duplicate keys, every key's line, repairs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import yaml

from ..metadata import Problem
from .model import Block, FrontMatter, Repair, invalid, not_a_mapping

__all__ = ["parse_yaml"]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
#: Characters no reader sees, that XML cannot hold (feeds, sitemaps) or YAML refuses
#: (DEL and the C1 controls, often Windows-1252 text read as Latin-1): read as a space.
CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
#: Halves of UTF-16 pairs (YAML's ``"\ud800"``): no UTF-8 file can hold them; shown as U+FFFD.
SURROGATES = re.compile("[\ud800-\udfff]")
#: Values that are one line of text: a line break would split the page's title.
ONE_LINE_KEYS = ("title", "episode.title", "episode.show", "episode.guest", "episode.host")


if TYPE_CHECKING:
    _Loader = yaml.SafeLoader
else:
    _Loader = object  # a mixin: the loaders below give it a parser and a constructor


class _UniqueKeys(_Loader):
    """A safe YAML loader's additions: duplicate mapping keys recorded instead of hidden,
    unreadable scalars kept as text."""

    duplicates: list[tuple[str, int]]
    #: When set, scalars that cannot be constructed are collected here instead of failing.
    unreadable: list[yaml.ScalarNode] | None = None

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Construct *node*; with :attr:`unreadable` set, a failing scalar stays its text."""
        if self.unreadable is None or not isinstance(node, yaml.ScalarNode):
            return super().construct_object(node, deep=deep)
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, KeyError, *_CONSTRUCT_ERRORS):
            self.unreadable.append(node)
            return node.value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """The mapping, with each repeated key noted in :attr:`duplicates`."""
        seen: set[Any] = set()
        # Only the mapping's own keys can be duplicates; "<<" merge keys are
        # resolved (and may be overridden) by flatten_mapping.
        own = [key_node for key_node, _value in node.value if key_node.tag != _MERGE_TAG]
        self.flatten_mapping(node)
        for key_node in own:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in seen:
                self.duplicates.append((key, key_node.start_mark.line))
            if isinstance(key, str):
                seen.add(key)
        return dict(super().construct_mapping(node, deep=deep))

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """An impossible date such as ``2024-13-45`` stays text, to be reported as such."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, AttributeError, OverflowError):
            # AttributeError: "!!timestamp not-a-date"
            if self.unreadable is not None:
                raise  # repaired (and listed) by construct_object
            return self.construct_scalar(node)


class _UniqueKeyLoader(_UniqueKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The fast (libyaml) loader."""


class _PurePythonLoader(_UniqueKeys, yaml.SafeLoader):
    """PyYAML's own loader, for what libyaml refuses and MyST-Parser (which uses this one)
    reads: escapes of lone surrogates such as ``"\\ud800"``."""


for _loader in (_UniqueKeyLoader, _PurePythonLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_yaml_timestamp)
#: What PyYAML lets escape besides its own errors, e.g. for ``!!int abc``.
_CONSTRUCT_ERRORS = (ValueError, TypeError, AttributeError, RecursionError, OverflowError)


def parse_yaml(block: Block, text_offset: int | None = None) -> FrontMatter:
    """Parse a YAML block; with *text_offset* (the block's offset in the file), repair it."""
    parsed = _parse_yaml(block, text_offset, _UniqueKeyLoader)
    if parsed.problems and any("escape code" in p.message for p in parsed.problems):
        parsed = _parse_yaml(block, text_offset, _PurePythonLoader)
    return parsed


def _parse_yaml(block: Block, text_offset: int | None, loader_class: type[Any]) -> FrontMatter:
    offset = block.first_line
    try:
        loader = loader_class(block.text)
    except yaml.YAMLError as exc:  # the reader refuses control characters at once
        return invalid(block, _yaml_error_line(exc, block), _yaml_reason(exc))
    loader.duplicates = []
    loader.unreadable = [] if text_offset is not None else None
    node: yaml.Node | None = None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        return invalid(block, _yaml_error_line(exc, block), _yaml_reason(exc))
    except _CONSTRUCT_ERRORS as exc:
        line = _failing_scalar_line(node, offset)
        return invalid(block, line or offset, str(exc) or type(exc).__name__)
    finally:
        loader.dispose()
    if data is None:
        return FrontMatter(block, {})
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return not_a_mapping(block)
    problems = tuple(
        Problem(key, "duplicate key; the last value is used", line + offset)
        for key, line in loader.duplicates
    )
    lines = _yaml_lines(node, offset)
    repairs = _repairs(block, loader.unreadable or [], lines, text_offset or 0)
    if text_offset is not None:
        repairs += _text_repairs(block, node, lines, text_offset)
        data = _cleaned(data)
    return FrontMatter(block, {str(k): v for k, v in data.items()}, lines, problems, repairs)


def as_text(text: str) -> str:
    """*text* with control characters as spaces and lone surrogates as U+FFFD."""
    return SURROGATES.sub("\ufffd", CONTROL_CHARACTERS.sub(" ", text))


def _composed(text: str) -> str:
    """*text* in NFC: a name typed on macOS (NFD) is the same name typed elsewhere."""
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    """:func:`as_text`, its lines (``\n``, ``\r`` or any other break) joined by spaces."""
    return " ".join(as_text(text).split())


def _cleaned(value: Any, key: str = "") -> Any:
    """*value* with control characters read as spaces, one-line values on one line."""
    if isinstance(value, str):
        if key in ONE_LINE_KEYS:
            return _composed(one_line(value))
        return _composed(as_text(value))
    if isinstance(value, dict):
        prefix = f"{key}." if key else ""
        return {_cleaned(name): _cleaned(item, f"{prefix}{name}") for name, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


def _text_repairs(
    block: Block, root: yaml.MappingNode, lines: Mapping[str, int], text_offset: int
) -> tuple[Repair, ...]:
    """Text scalars MyST must not read as written: control characters (which no feed
    can hold) and line breaks in one-line values (which would split the title)."""
    one_line_nodes = {id(n) for n in (_value_node(root, key) for key in ONE_LINE_KEYS) if n}
    keys_by_line = {line: key for key, line in lines.items()}
    repairs = []
    for node in _nodes(root):
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR_TAG:
            continue
        text = str(node.value)
        if id(node) in one_line_nodes and len(text.strip().splitlines()) > 1:
            reason, fixed = "has a line break; it is read as one line", one_line(text)
        elif CONTROL_CHARACTERS.search(text):
            reason, fixed = "has control characters; they are read as spaces", as_text(text)
        elif SURROGATES.search(text):
            reason, fixed = (
                "has a lone surrogate, which is not text; it is shown as \ufffd",
                as_text(text),
            )
        else:
            continue
        line = block.first_line + node.start_mark.line
        repairs.append(
            Repair(
                key=keys_by_line.get(line, ""),
                tag="!!str",
                text=fixed,
                line=line,
                start=text_offset + node.start_mark.index,
                end=text_offset + node.end_mark.index,
                explicit=False,
                reason=reason,
            )
        )
    return tuple(repairs)


def _value_node(root: yaml.MappingNode, dotted: str) -> yaml.Node | None:
    """The value node at the dotted key path *dotted*, if the path leads through mappings."""
    node: yaml.Node = root
    for name in dotted.split("."):
        if not isinstance(node, yaml.MappingNode):
            return None
        found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == name]
        if not found:
            return None
        node = found[-1]
    return node


def _repairs(
    block: Block, scalars: list[yaml.ScalarNode], lines: Mapping[str, int], text_offset: int
) -> tuple[Repair, ...]:
    keys_by_line = {line: key for key, line in lines.items()}
    repairs = []
    for node in scalars:
        line = block.first_line + node.start_mark.line
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        repairs.append(
            Repair(
                key=keys_by_line.get(line, ""),
                tag=tag,
                text=str(node.value),
                line=line,
                start=text_offset + node.start_mark.index,
                end=text_offset + node.end_mark.index,
                explicit=block.text.startswith("!", node.start_mark.index),
            )
        )
    return tuple(repairs)


def _yaml_error_line(exc: yaml.YAMLError, block: Block) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return block.first_line + mark.line
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        return block.first_line + block.text.count("\n", 0, position)
    return block.first_line


def _yaml_reason(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None)
    context = getattr(exc, "context", None)
    if problem and context:
        return f"{context}, {problem}"
    return str(problem or context or exc).split("\n")[0]


def _failing_scalar_line(node: yaml.Node | None, offset: int) -> int | None:
    """The line of the first scalar that cannot be constructed on its own (``!!int abc``)."""
    probe = _UniqueKeyLoader("")
    probe.duplicates = []
    try:
        for scalar in _nodes(node):
            if not isinstance(scalar, yaml.ScalarNode):
                continue
            try:
                probe.construct_object(scalar, deep=True)
            except (yaml.YAMLError, *_CONSTRUCT_ERRORS):
                return offset + scalar.start_mark.line
    finally:
        probe.dispose()
    return None


def _nodes(root: yaml.Node | None) -> Iterator[yaml.Node]:
    """Every node under *root* once, in document order (aliases make a graph, not a tree)."""
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, yaml.MappingNode):
            stack.extend(child for pair in reversed(node.value) for child in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def _yaml_lines(root: yaml.MappingNode, offset: int) -> dict[str, int]:
    """Dotted key path -> file line for every key and list item, in one walk of the nodes."""
    lines: dict[str, int] = {}
    stack: list[tuple[str, yaml.Node]] = [("", root)]
    seen: set[int] = set()
    while stack:
        prefix, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        children: Sequence[tuple[str, yaml.Node, yaml.Node]] = ()
        if isinstance(node, yaml.MappingNode):
            children = [
                (str(key.value), key, value)
                for key, value in node.value
                if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE_TAG
            ]
        elif isinstance(node, yaml.SequenceNode):
            children = [(str(index), item, item) for index, item in enumerate(node.value)]
        for name, marker, value in children:
            path = f"{prefix}{name}"
            lines[path] = offset + marker.start_mark.line
            stack.append((f"{path}.", value))
    return lines
