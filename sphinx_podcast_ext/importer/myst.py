"""Writing MyST: front matter, directives in backtick fences, and the ``import_hash`` stamp.

The stamp lets a later import tell a page it generated (safe to replace) from
one edited by hand (left alone): ``import_hash`` is the SHA-256 of the page's
text (``\\n`` line ends) with the hash line's value blanked to ``import_hash:``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from .quotes import Quote

__all__ = [
    "HASH_KEY",
    "Quoted",
    "directive",
    "front_matter",
    "key_quote",
    "option_value",
    "page",
    "recorded_hash",
    "related_posts",
    "text_hash",
]

#: The front-matter key of the stamp.
HASH_KEY = "import_hash"
_HASH_LINE = re.compile(rf"^{HASH_KEY}:[^\n]*$", re.M)
_HASH_VALUE = re.compile(rf"^{HASH_KEY}:\s*(?P<hash>[0-9a-f]{{64}})\s*$")
_BACKTICK_RUN = re.compile(r"^ {0,3}(`{3,})", re.M)
_PLAIN_UNSAFE_START = tuple("\"'[]{}&*!|>%@`#,?:-")
_SCALARS = (str, int, float, bool, dt.date, type(None))


class Quoted(str):
    """A string always written double-quoted in front matter (titles, for readability)."""

    __slots__ = ()


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists of scalars, ``Quoted`` strings double-quoted."""


def _represent_dict(dumper: yaml.SafeDumper, data: Mapping[Any, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)


def _represent_list(dumper: yaml.SafeDumper, data: Sequence[Any]) -> yaml.Node:
    flow = bool(data) and all(isinstance(item, _SCALARS) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_quoted(dumper: yaml.SafeDumper, data: Quoted) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(Quoted, _represent_quoted)


def front_matter(data: Mapping[str, Any]) -> str:
    """YAML for a front-matter mapping, keys in the given order, one line per scalar."""
    return yaml.dump(
        dict(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=2**31 - 1,
        default_flow_style=False,
    )


def page(data: Mapping[str, Any], body: Sequence[str]) -> str:
    """A complete page: front matter (stamped with ``import_hash``) and the body lines."""
    head = f"---\n{front_matter(data)}{HASH_KEY}:\n---\n"
    text = head + ("\n" + "\n".join(body) + "\n" if body else "")
    digest = text_hash(text)
    cut = len(head) - len(f"{HASH_KEY}:\n---\n")
    return f"{text[:cut]}{HASH_KEY}: {digest}{text[cut + len(HASH_KEY) + 1 :]}"


def text_hash(text: str) -> str:
    """The stamp of a page's text: SHA-256 with the hash line blanked, line ends normalized."""
    text = text.replace("\r\n", "\n")
    blanked = _HASH_LINE.sub(f"{HASH_KEY}:", text, count=1)
    return hashlib.sha256(blanked.encode("utf-8")).hexdigest()


def recorded_hash(text: str) -> str | None:
    """The ``import_hash`` a page's front matter records, or ``None`` if it has none."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            return None
        match = _HASH_VALUE.match(line)
        if match:
            return match["hash"]
    return None


def option_value(value: str) -> str:
    """A directive option value, double-quoted when a plain value would be misread."""
    plain = (
        value == value.strip()
        and value
        and not value.startswith(_PLAIN_UNSAFE_START)
        and " #" not in value
        and "\n" not in value
        and not value.endswith(":")
    )
    if plain:
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def directive(
    name: str, options: Sequence[tuple[str, str]], body: Sequence[str], argument: str = ""
) -> list[str]:
    """A directive in a backtick fence longer than any backtick run at a line start in *body*."""
    runs = [len(run) for run in _BACKTICK_RUN.findall("\n".join(body))]
    fence = "`" * max(3, *(n + 1 for n in runs)) if runs else "```"
    opening = f"{fence}{{{name}}}" + (f" {argument}" if argument else "")
    lines = [opening]
    lines.extend(f":{key}: {option_value(value)}" for key, value in options if value)
    lines.extend(body)
    lines.append(fence)
    return lines


def key_quote(quote: Quote) -> list[str]:
    """A ``key-quote`` directive whose body renders as the quote's text."""
    options = [("speaker", quote.speaker), ("role", quote.role), ("timestamp", quote.timestamp)]
    return directive("key-quote", options, _guard_body(list(quote.lines)))


_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|([-*_])(?:\s*\1){2,}\s*$|`{3,}|~{3,}|:|%|\+{3}|\(.*\)=\s*$|\$\$)"
)
_ORDERED = re.compile(r"^(\d{1,9})([.)])(\s|$)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HTML_BLOCK = re.compile(
    r"^<(?:!--|\?|![A-Za-z]|!\[CDATA\[|/?(?:script|pre|style|textarea|address|article|aside|"
    r"blockquote|details|div|dl|fieldset|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|"
    r"section|table|ul)(?:[\s/>]|$))",
    re.I,
)


def _guard_body(lines: list[str]) -> list[str]:
    """Keep a quote's text rendering as text once its quotation marks are gone.

    The first line could now read as an option (``:``), a heading, a list item,
    a comment … and the last could read as a setext underline; a backslash
    before the first character keeps each one plain text.
    """
    if not lines:
        return lines
    first = lines[0]
    ordered = _ORDERED.match(first)
    if ordered:
        lines[0] = f"{ordered[1]}\\{first[len(ordered[1]) :]}"
    elif _BLOCK_START.match(first) or _HTML_BLOCK.match(first):
        lines[0] = "\\" + first
    if len(lines) > 1 and lines[-2].strip() and _SETEXT.match(lines[-1]):
        stripped = lines[-1].lstrip()
        lines[-1] = "\\" + stripped
    return lines


def related_posts(entries: Sequence[tuple[str, str]]) -> list[str]:
    """A ``related-posts`` directive: one ``Title <docname>`` line per ``(title, docname)``.

    The extension reads the last ``<…>`` of a line as the target, so ``<`` and
    ``>`` inside a title need no escaping. A title that is empty or would start
    an option line (``:``) is left out: the entry is then the bare docname.
    """
    body = [
        f"{title} <{docname}>" if title and not title.startswith(":") else docname
        for title, docname in entries
    ]
    return directive("related-posts", [], body)
