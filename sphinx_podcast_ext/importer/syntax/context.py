"""What the syntax steps share: the result records, the context a step notes into,
and substitution outside inline code that keeps every line's source line number.

A step that replaces a match spanning lines with fewer lines leaves a marker
(``\\x01N\\x01`` at the start of the next line, see :func:`substitute`);
:func:`line_numbers` reads the markers back, so every note stays at ``FILE:LINE``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "CALLOUT_KINDS",
    "EMBED_TOKEN",
    "EMBED_TOKENS",
    "Context",
    "Embed",
    "SyntaxResult",
    "add_embed",
    "arguments",
    "in_code_span",
    "line_at",
    "line_numbers",
    "link_target",
    "literal",
    "substitute",
]

#: Where a player was: replaced by nothing (the episode card shows it) or by a link.
EMBED_TOKEN = "\x02{}\x02"
EMBED_TOKENS = re.compile("\x02(\\d+)\x02")
#: Obsidian callout and Hugo notice kinds -> the MyST admonition they become.
CALLOUT_KINDS = {
    "note": "note", "info": "note", "todo": "note", "abstract": "note", "summary": "note",
    "tldr": "note", "example": "note", "question": "note", "help": "note", "faq": "note",
    "tip": "tip", "hint": "hint", "important": "important", "success": "tip", "check": "tip",
    "done": "tip", "warning": "warning", "caution": "caution", "attention": "attention",
    "failure": "danger", "fail": "danger", "missing": "danger", "danger": "danger",
    "error": "error", "bug": "warning", "seealso": "seealso",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Embed:
    """A player found in the body: its media or page URL (``None`` if it names none)."""

    url: str | None
    line: int
    what: str
    start: int | None = None


@dataclass(slots=True)
class SyntaxResult:
    """The converted lines (with the source line of each), embeds and notes."""

    lines: list[str]
    linenos: list[int]
    embeds: list[Embed] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class Context:
    """What a step knows of the post, the result it adds to, and the line it is at."""

    base_url: str
    title: str
    result: SyntaxResult
    line: int = 0

    def note(self, message: str) -> None:
        """Note *message* at the current line."""
        self.result.notes.append((self.line, message))

    def unknown(self, text: str, what: str) -> str:
        """Record *text* as not understood (with a note); return it as inline code."""
        shown = " ".join(text.split())
        self.result.unknown.append((self.line, shown))
        self.note(f"{what} not understood, kept as text: {shown}")
        return literal(shown)


def add_embed(context: Context, embed: Embed) -> str:
    """Record a player; it leaves a token that the writer replaces (see :data:`EMBED_TOKEN`)."""
    context.result.embeds.append(embed)
    if embed.url is None:
        context.note(f"the player {embed.what} names no http(s) address; it was removed")
    return EMBED_TOKEN.format(len(context.result.embeds) - 1)


def line_numbers(lines: list[str], lineno: int) -> list[int]:
    """Source line numbers of converted lines; markers left by the steps keep them exact."""
    numbers = []
    current = lineno
    for index, line in enumerate(lines):
        marker = re.match(r"^\x01(\d+)\x01", line)
        if marker:
            current = int(marker[1])
            lines[index] = line[marker.end() :]
        numbers.append(current)
        current += 1
    return numbers


def line_at(text: str, offset: int, lineno: int) -> int:
    """The source line of *offset* in *text*, which starts at line *lineno*."""
    return lineno + text.count("\n", 0, offset)


def substitute(
    pattern: re.Pattern[str],
    text: str,
    lineno: int,
    context: Context,
    replace: Callable[[re.Match[str]], str],
) -> str:
    """Replace *pattern* in *text* outside inline code, keeping later line numbers right."""
    out: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        if in_code_span(text, match.start()):
            continue
        context.line = line_at(text, match.start(), lineno)
        replacement = replace(match)
        out.append(text[position : match.start()])
        out.append(replacement)
        lost = match[0].count("\n") - replacement.count("\n")
        if lost:
            # Mark the next line with its source line, so notes stay at FILE:LINE.
            # The marker goes to the start of the line after the match.
            following = line_at(text, match.end(), lineno) + 1
            out.append(f"\x00{following}\x00")
        position = match.end()
    out.append(text[position:])
    return _place_markers("".join(out))


def _place_markers(text: str) -> str:
    """Move each ``\\x00N\\x00`` marker to the start of the next line, as ``\\x01N\\x01``."""
    while "\x00" in text:
        start = text.index("\x00")
        end = text.index("\x00", start + 1)
        number = text[start + 1 : end]
        rest = text[end + 1 :]
        newline = rest.find("\n")
        if newline < 0:
            text = text[:start] + rest
            break
        following = re.sub(r"^\x01\d+\x01", "", rest[newline + 1 :])
        text = text[:start] + rest[: newline + 1] + f"\x01{number}\x01" + following
    return text


def in_code_span(text: str, offset: int) -> bool:
    """Whether *offset* is inside a backtick code span of its line."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text[line_start:offset].count("`") % 2 == 1


def literal(text: str) -> str:
    """*text* as inline code (in double backticks when it holds one)."""
    ticks = "``" if "`" in text else "`"
    return f"{ticks}{text}{ticks}" if ticks == "`" else f"{ticks} {text} {ticks}"


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's or Liquid tag's arguments: positional ones, and ``name=value`` ones."""
    try:
        words = shlex.split(text.replace("\u201c", '"').replace("\u201d", '"'))
    except ValueError:
        words = text.split()
    positional = [w for w in words if "=" not in w]
    named = dict(w.split("=", 1) for w in words if "=" in w)
    return positional, {k.lower(): v for k, v in named.items()}


def link_target(target: str) -> str:
    """A post reference as a Markdown link target (in ``<…>`` when it has spaces)."""
    target = target.strip().strip("\"'")
    return f"<{target}>" if " " in target else target
