"""Obsidian: ``[[wikilinks]]`` (links resolved once every post is known), ``%%hidden%%``
comments, ``^block-ids``, and ``> [!kind] Title`` callouts as admonitions.
"""

from __future__ import annotations

import re

from .context import CALLOUT_KINDS, Context, substitute

__all__ = ["callouts", "obsidian_inline"]

_WIKILINK = re.compile(
    r"(?P<embed>!)?\[\[(?P<target>[^\[\]|#^]*)(?P<anchor>#[^\[\]|]*)?(?:\|(?P<alias>[^\[\]]*))?\]\]"
)
_BLOCK_ID = re.compile(r"(?:(?<=\s)|^)\^[A-Za-z0-9][A-Za-z0-9-]*\s*$")
_OBSIDIAN_COMMENT = re.compile(r"%%(.*?)%%", re.S)
_CALLOUT = re.compile(r"^ {0,3}> ?\[!(?P<kind>[A-Za-z-]+)\](?P<fold>[-+]?)\s*(?P<title>.*)$")


def obsidian_inline(text: str, lineno: int, context: Context) -> str:
    """Comments, wikilinks and block ids of a run of prose."""
    text = substitute(_OBSIDIAN_COMMENT, text, lineno, context, _obsidian_comment)
    text = substitute(_WIKILINK, text, lineno, context, lambda m: _wikilink(m, context))
    lines = text.split("\n")
    return "\n".join(
        _BLOCK_ID.sub("", line).rstrip() if _BLOCK_ID.search(line) else line for line in lines
    )


def _obsidian_comment(match: re.Match[str]) -> str:
    """``%%hidden%%`` (hidden in Obsidian's reading view) as MyST ``%`` comment lines."""
    return "\n".join(f"% {line.strip()}".rstrip() for line in match[1].strip().split("\n"))


def _wikilink(match: re.Match[str], context: Context) -> str:
    target = (match["target"] or "").strip()
    alias = (match["alias"] or "").strip() or target or (match["anchor"] or "").lstrip("#")
    if match["embed"]:
        context.note(f"embedded file ![[{target}]] is not part of the import; shown as its name")
        return alias
    if not target:
        return alias  # a link to a heading of the same note: its text
    return f"[{alias}](<wiki:{target}>)"


def callouts(lines: list[str], numbers: list[int]) -> list[tuple[str, int]]:
    """``> [!kind] Title`` callouts (and their ``>`` lines) become admonitions."""
    out: list[tuple[str, int]] = []
    index = 0
    while index < len(lines):
        match = _CALLOUT.match(lines[index])
        if match is None:
            out.append((lines[index], numbers[index]))
            index += 1
            continue
        end = index + 1
        while end < len(lines) and re.match(r"^ {0,3}>", lines[end]):
            end += 1
        body = [re.sub(r"^ {0,3}> ?", "", line) for line in lines[index + 1 : end]]
        out.extend(_callout(match, body, numbers[index:end]))
        index = end
    return out


def _callout(match: re.Match[str], body: list[str], numbers: list[int]) -> list[tuple[str, int]]:
    kind = match["kind"].lower()
    title = match["title"].strip()
    if kind in ("quote", "cite"):
        # The quote stays a block quote (a key quote when it names its speaker);
        # the callout's title, if any, is a bold line above it.
        quoted = [
            (f"> {line}" if line else ">", number)
            for line, number in zip(body, numbers[1:], strict=False)
        ]
        head = [(f"**{title}**", numbers[0]), ("", numbers[0])] if title else []
        return [*head, *quoted] or [("", numbers[0])]
    admonition = CALLOUT_KINDS.get(kind, "note")
    # Backtick fences work without MyST's colon_fence extension; longer than any inside.
    runs = [len(run) for run in re.findall(r"^\s*(`{3,})", "\n".join(body), re.M)]
    fence = "`" * max(3, *(n + 1 for n in runs)) if runs else "```"
    if title:
        head = [
            (f"{fence}{{admonition}} {title}", numbers[0]),
            (f":class: {admonition}", numbers[0]),
        ]
    else:
        head = [(f"{fence}{{{admonition}}}", numbers[0])]
    rest = list(zip(body, numbers[1:], strict=False))
    return [*head, *rest, (fence, numbers[-1]), ("", numbers[-1])]
