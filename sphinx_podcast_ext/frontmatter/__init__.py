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

from collections.abc import Collection

from .model import FORMATS, Block, FrontMatter, Repair, find_block
from .toml_json import parse_json, parse_toml
from .writer import Quoted, dump
from .yaml_reader import parse_yaml

__all__ = ["FORMATS", "Block", "FrontMatter", "Quoted", "Repair", "dump", "find_block", "parse"]


# -- parsing -----------------------------------------------------------------------------------


def parse(text: str, formats: Collection[str] = ("yaml",), *, repair: bool = False) -> FrontMatter:
    """Find and parse the front matter of *text*; never raises (see the module docs)."""
    block = find_block(text, formats)
    if not block.format:
        return FrontMatter(block, None)
    if block.format == "toml":
        return parse_toml(block)
    if block.format == "json":
        return parse_json(block)
    return parse_yaml(block, _block_offset(text, block) if repair else None)


def _block_offset(text: str, block: Block) -> int:
    """The offset in *text* of the block's first content line."""
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: block.first_line - 1])
