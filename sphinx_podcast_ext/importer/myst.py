"""Writing MyST: front matter, directives in backtick fences, and the ``import_hash`` stamp.

The stamp lets a later import tell a page it generated (safe to replace) from
one edited by hand (left alone): ``import_hash`` is the SHA-256 of the page's
text (``\\n`` line ends) with the hash line's value blanked to ``import_hash:``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .. import frontmatter
from ..frontmatter import Quoted
from .quotes import Quote

__all__ = [
    "HASH_KEY",
    "Quoted",
    "directive",
    "escape_inline",
    "front_matter",
    "front_matter_quotes",
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
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}$~!])")


def front_matter(data: Mapping[str, Any]) -> str:
    """YAML for a front-matter mapping (see :func:`sphinx_podcast_ext.frontmatter.dump`)."""
    return frontmatter.dump(data)


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
    """The ``import_hash`` a page's front matter records, or ``None`` if it has none.

    The front matter is found as MyST finds it (:func:`frontmatter.find_block`).
    """
    block = frontmatter.find_block(text.replace("\r\n", "\n"))
    if block.format != "yaml":
        return None
    for line in block.text.split("\n"):
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


def escape_inline(text: str) -> str:
    """*text* as Markdown inline content that renders exactly as written."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    ordered = re.match(r"^(\d+)([.)])", escaped)
    if ordered:
        escaped = f"{ordered[1]}\\{escaped[len(ordered[1]) :]}"
    elif escaped[:1] in "+-=:%":
        escaped = "\\" + escaped
    return escaped


def front_matter_quotes(quotes: Sequence[Quote], plain: Sequence[str]) -> list[str]:
    """Quotes from front-matter fields: ``key-quote`` directives, and plain block quotes
    for texts without a speaker (no speaker is ever invented)."""
    lines: list[str] = []
    for quote in quotes:
        if lines:
            lines.append("")
        lines.extend(key_quote(quote))
    for text in plain:
        if lines:
            lines.append("")
        lines.extend(f"> {line}".rstrip() for line in text.split("\n"))
    return lines


_TIMESTAMP_OPTION = re.compile(r"^:timestamp: (?P<time>.+)$")


def timestamps_as_roles_text(lines: Sequence[str]) -> list[str]:
    """On a page without an episode, a quote's ``:timestamp:`` has nothing to link to
    (the extension warns): it is shown after the speaker's role instead."""
    out: list[str] = []
    for line in lines:
        match = _TIMESTAMP_OPTION.match(line)
        if match is None:
            out.append(line)
            continue
        time = match["time"].strip('"')
        role_index = next(
            (i for i in range(len(out) - 1, -1, -1) if out[i].startswith((":role: ", "```"))), None
        )
        if role_index is not None and out[role_index].startswith(":role: "):
            role = out[role_index][len(":role: ") :].strip('"')
            out[role_index] = f":role: {option_value(f'{role} · {time}')}"
        else:
            out.append(f":role: {option_value(time)}")
    return out
