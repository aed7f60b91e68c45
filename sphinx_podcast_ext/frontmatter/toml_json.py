"""Reading TOML (``+++``) and JSON (``{…}``) front matter, as Hugo writes them, with key lines."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from ..metadata import Problem
from .model import Block, FrontMatter, invalid, not_a_mapping

__all__ = ["parse_json", "parse_toml"]

_TOML_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_TOML_TABLE = re.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(r'^\s*(?P<key>"[^"]*"|\'[^\']*\'|[A-Za-z0-9_.\- ]+?)\s*=')
_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"(?P<colon>\s*:)?|[{}\[\]]')


#: Deeper nesting than front matter ever needs; Python's parsers would recurse past their limit.
MAX_DEPTH = 64


def too_deep(block: Block) -> FrontMatter | None:
    """An error at the line where *block* nests lists or tables past :data:`MAX_DEPTH`."""
    depth = 0
    for number, line in enumerate(block.text.split("\n")):
        for character in line:
            if character in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    reason = f"values are nested more than {MAX_DEPTH} levels deep"
                    return invalid(block, block.first_line + number, reason)
            elif character in "]}":
                depth = max(0, depth - 1)
    return None


def parse_toml(block: Block) -> FrontMatter:
    deep = too_deep(block)
    if deep is not None:
        return deep
    lines, repeated = _toml_lines(block)
    try:
        data = tomllib.loads(block.text)
    except tomllib.TOMLDecodeError as exc:
        return invalid(block, _toml_error_line(str(exc), block, repeated), _toml_reason(str(exc)))
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


def parse_json(block: Block) -> FrontMatter:
    deep = too_deep(block)
    if deep is not None:
        return deep
    pairs_seen: list[list[str]] = []

    def unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _value in pairs]
        pairs_seen.append([key for index, key in enumerate(keys) if key in keys[:index]])
        return dict(pairs)

    try:
        data = json.loads(block.text, object_pairs_hook=unique_pairs)
    except json.JSONDecodeError as exc:
        return invalid(block, block.first_line + exc.lineno - 1, exc.msg)
    except (ValueError, RecursionError) as exc:
        return invalid(block, block.first_line, str(exc))
    if not isinstance(data, dict):
        return not_a_mapping(block)
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
