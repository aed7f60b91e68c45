"""Front matter: where it is, what it says, and how to write it so that it reads back the same.

One pure module (standard library and PyYAML; no Sphinx imports) shared by the
importer and the extension, so that MyST, the importer and the extension never
disagree about a page:

* :func:`find_block` finds the block exactly where MyST's front-matter plugin
  (``mdit_py_plugins.front_matter``) finds it: a ``---`` line (three or more
  dashes) at the very start, closed by the first line that is at least as many
  dashes indented by at most three columns, or by a ``...`` line at column 0;
  an unclosed block is no front matter at all. TOML (``+++`` … ``+++``) and JSON
  (a leading ``{ … }`` object, as Hugo writes it) are found only when asked for.
* :func:`parse` reads a block with real types (dates stay dates, impossible
  dates such as ``2024-13-45`` stay text), reports every duplicate key and
  syntax error at its file line, computes the line of every key in one pass,
  and never raises. With ``repair=True`` (the extension's reading) a scalar
  PyYAML cannot construct (``!!int abc``, ``!!timestamp soon``) is read as the
  text it is and listed as a :class:`Repair`, instead of failing the whole
  front matter: the extension rewrites it for MyST, which would otherwise drop
  every key of the page ("Malformed YAML") or stop the build.
* :func:`dump` writes YAML that :func:`find_block` and :func:`parse` (and MyST)
  read back exactly: a value that spans lines is written on one line, so it can
  never end the block early.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from .metadata import Problem

__all__ = ["FORMATS", "Block", "FrontMatter", "Quoted", "Repair", "dump", "find_block", "parse"]

#: The front-matter formats :func:`find_block` knows.
FORMATS = ("yaml", "toml", "json")
_NO_BLOCK_TEXT = ""
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")
#: Hugo's JSON front matter is an object opening the file; ``{{< shortcode >}}`` is not.
_JSON_START = re.compile(r'\A\{[ \t]*(?:\n|"|\}|$)')
_TOML_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_TOML_TABLE = re.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(r'^\s*(?P<key>"[^"]*"|\'[^\']*\'|[A-Za-z0-9_.\- ]+?)\s*=')
_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"(?P<colon>\s*:)?|[{}\[\]]')
_LINE_BREAKS = "\n\r\x85\u2028\u2029"


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
    (``2024-13-45``).
    """

    key: str
    tag: str
    text: str
    line: int
    start: int
    end: int
    explicit: bool


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


class Quoted(str):
    """A string :func:`dump` always writes double-quoted (titles, for readability)."""

    __slots__ = ()


# -- finding the block ---------------------------------------------------------------------------


def find_block(text: str, formats: Collection[str] = ("yaml",)) -> Block:
    """Find the front matter of *text* in one of *formats* (see the module docs)."""
    lines = _lines(text)
    if not lines:
        return Block("", _NO_BLOCK_TEXT, 1, 1)
    if "yaml" in formats and lines[0].startswith("---"):
        return _yaml_block(lines)
    if "toml" in formats and _TOML_FENCE.match(lines[0]):
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
        if _TOML_FENCE.match(lines[index]):
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


# -- parsing -----------------------------------------------------------------------------------


def parse(text: str, formats: Collection[str] = ("yaml",), *, repair: bool = False) -> FrontMatter:
    """Find and parse the front matter of *text*; never raises (see the module docs)."""
    block = find_block(text, formats)
    if not block.format:
        return FrontMatter(block, None)
    if block.format == "toml":
        return _parse_toml(block)
    if block.format == "json":
        return _parse_json(block)
    return _parse_yaml(block, _block_offset(text, block) if repair else None)


def _block_offset(text: str, block: Block) -> int:
    """The offset in *text* of the block's first content line."""
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: block.first_line - 1])


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader that records duplicate mapping keys instead of hiding them."""

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


_UniqueKeyLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _UniqueKeyLoader.construct_yaml_timestamp
)
#: What PyYAML lets escape besides its own errors, e.g. for ``!!int abc``.
_CONSTRUCT_ERRORS = (ValueError, TypeError, AttributeError, RecursionError, OverflowError)


def _parse_yaml(block: Block, text_offset: int | None = None) -> FrontMatter:
    """Parse a YAML block; with *text_offset* (the block's offset in the file), repair it."""
    offset = block.first_line
    try:
        loader = _UniqueKeyLoader(block.text)
    except yaml.YAMLError as exc:  # the reader refuses control characters at once
        return _invalid(block, _yaml_error_line(exc, block), _yaml_reason(exc))
    loader.duplicates = []
    loader.unreadable = [] if text_offset is not None else None
    node: yaml.Node | None = None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        return _invalid(block, _yaml_error_line(exc, block), _yaml_reason(exc))
    except _CONSTRUCT_ERRORS as exc:
        line = _failing_scalar_line(node, offset)
        return _invalid(block, line or offset, str(exc) or type(exc).__name__)
    finally:
        loader.dispose()
    if data is None:
        return FrontMatter(block, {})
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return _not_a_mapping(block)
    problems = tuple(
        Problem(key, "duplicate key; the last value is used", line + offset)
        for key, line in loader.duplicates
    )
    lines = _yaml_lines(node, offset)
    repairs = _repairs(block, loader.unreadable or [], lines, text_offset or 0)
    return FrontMatter(block, {str(k): v for k, v in data.items()}, lines, problems, repairs)


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


def _invalid(block: Block, line: int, reason: str) -> FrontMatter:
    names = {"yaml": "YAML", "toml": "TOML", "json": "JSON"}
    message = f"the front matter is not valid {names[block.format]} (line {line}): {reason}"
    return FrontMatter(block, None, {}, (Problem("", message, line),))


def _not_a_mapping(block: Block) -> FrontMatter:
    problem = Problem("", "the front matter must be a mapping of keys to values", block.first_line)
    return FrontMatter(block, None, {}, (problem,))


def _parse_toml(block: Block) -> FrontMatter:
    lines, repeated = _toml_lines(block)
    try:
        data = tomllib.loads(block.text)
    except tomllib.TOMLDecodeError as exc:
        return _invalid(block, _toml_error_line(str(exc), block, repeated), _toml_reason(str(exc)))
    return FrontMatter(block, data, lines)


def _toml_error_line(message: str, block: Block, repeated: list[int]) -> int:
    found = _TOML_ERROR_LINE.search(message)
    if found:
        return block.first_line + int(found[1]) - 1
    if repeated and message.startswith("Cannot overwrite"):
        return repeated[0]
    # tomllib says "at end of document" for some errors.
    return block.first_line + block.text.count("\n")


def _toml_reason(message: str) -> str:
    return _TOML_ERROR_LINE.sub("", message).replace("(at end of document)", "").strip()


def _toml_lines(block: Block) -> tuple[dict[str, int], list[int]]:
    """Key lines of a TOML block (``key =`` lines under their ``[table]`` headers), and
    the lines of keys written a second time."""
    lines: dict[str, int] = {}
    repeated: list[int] = []
    table = ""
    for number, line in enumerate(block.text.split("\n")):
        header = _TOML_TABLE.match(line)
        if header:
            table = ".".join(_toml_key(part) for part in header["name"].split(".")) + "."
            lines.setdefault(table[:-1], block.first_line + number)
            continue
        key = _TOML_KEY.match(line)
        if key:
            path = table + ".".join(_toml_key(part) for part in key["key"].split("."))
            if path in lines:
                repeated.append(block.first_line + number)
            lines.setdefault(path, block.first_line + number)
    return lines, repeated


def _toml_key(part: str) -> str:
    return part.strip().strip("\"'")


def _parse_json(block: Block) -> FrontMatter:
    pairs_seen: list[list[str]] = []

    def unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _value in pairs]
        pairs_seen.append([key for index, key in enumerate(keys) if key in keys[:index]])
        return dict(pairs)

    try:
        data = json.loads(block.text, object_pairs_hook=unique_pairs)
    except json.JSONDecodeError as exc:
        return _invalid(block, block.first_line + exc.lineno - 1, exc.msg)
    except (ValueError, RecursionError) as exc:
        return _invalid(block, block.first_line, str(exc))
    if not isinstance(data, dict):
        return _not_a_mapping(block)
    lines, repeated = _json_lines(block)
    problems = tuple(
        Problem(path, "duplicate key; the last value is used", line) for path, line in repeated
    )
    return FrontMatter(block, data, lines, problems)


def _json_lines(block: Block) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Key lines of a JSON object, and the keys written twice in one object, in one scan."""
    lines: dict[str, int] = {}
    repeated: list[tuple[str, int]] = []
    containers: list[tuple[str, set[str]]] = []  # (path prefix, keys seen) per open object
    pending = ""
    for match in _JSON_TOKEN.finditer(block.text):
        token = match[0]
        line = block.first_line + block.text.count("\n", 0, match.start())
        if token in "{[":
            prefix = pending if containers else ""
            containers.append((prefix if token == "{" else "\x00", set()))
            pending = ""
        elif token in "}]":
            if containers:
                containers.pop()
        elif match["colon"] and containers and containers[-1][0] != "\x00":
            prefix, seen = containers[-1]
            name = json.loads(token[: token.rfind('"') + 1])
            path = f"{prefix}{name}"
            if name in seen:
                repeated.append((path, line))
            seen.add(name)
            lines[path] = line
            pending = f"{path}."
    return lines, repeated


# -- writing ------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists of scalars, one line per scalar."""


_SCALARS = (str, int, float, bool, dt.date, type(None))


def _represent_dict(dumper: yaml.SafeDumper, data: Mapping[Any, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)


def _represent_list(dumper: yaml.SafeDumper, data: Sequence[Any]) -> yaml.Node:
    flow = bool(data) and all(isinstance(item, _SCALARS) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # A value spanning lines would be written over several lines, and a line
    # such as "  ---" among them ends the block for MyST: double quotes keep
    # every line break escaped, on one line.
    quoted = isinstance(data, Quoted) or any(c in data for c in _LINE_BREAKS)
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", str(data), style='"' if quoted else None
    )


_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(tuple, _represent_list)
_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Quoted, _represent_str)


def dump(data: Mapping[str, Any]) -> str:
    """YAML for a front-matter mapping, keys in the given order, one line per scalar.

    What it writes, fenced by ``---`` lines, reads back through :func:`parse`
    (and MyST) as exactly *data*.
    """
    return yaml.dump(
        dict(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=2**31 - 1,
        default_flow_style=False,
    )
