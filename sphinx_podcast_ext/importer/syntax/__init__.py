"""Site-generator syntax in a body: Hugo shortcodes, Liquid/Nunjucks tags, Obsidian
wikilinks, callouts and block ids, HTML comments and players, turned into MyST.

:func:`convert_syntax` rewrites a body's lines (fenced code and inline code are
left alone) and returns what it found:

* players (``<iframe>``, ``<script src>``, ``<audio>``, ``<video>``, Hugo's
  ``{{< youtube ID >}}``, Liquid's ``{% include youtube.html id=… %}`` …) become
  :class:`Embed` records and leave the body: the episode card shows them;
* links (``{{< ref "x" >}}``, ``{% post_url x %}``, ``[[Note|alias]]``) become
  Markdown links with a site-relative target, resolved once every post is known;
* figures, tweets, gists, highlight blocks and notices become MyST figures,
  links, code fences and admonitions; Obsidian callouts become admonitions;
* HTML comments are read as browsers read them (``<!-->`` and ``<!--->`` are
  complete, empty comments) and become MyST ``%`` comments when they stand on
  their own lines; attributes the site's sanitizer would strip are removed.

Anything not understood stays visible as inline code, with a note at its line.

One module per syntax, each a step over a run of prose: :mod:`.markup` (HTML
comments and attributes), :mod:`.players`, :mod:`.hugo`, :mod:`.liquid` and
:mod:`.obsidian`; :mod:`.context` holds what they share (the result records,
the notes, and substitution that keeps every line's source line number).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .context import EMBED_TOKEN, EMBED_TOKENS, Context, Embed, SyntaxResult, line_numbers
from .hugo import hugo
from .liquid import liquid
from .markup import comments, scrub_attributes
from .obsidian import callouts, obsidian_inline
from .players import embed_url, players

__all__ = ["EMBED_TOKEN", "EMBED_TOKENS", "Embed", "SyntaxResult", "convert_syntax", "embed_url"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: The steps over a run of prose, in order: comments first (they hide what they hold),
#: then players, the attributes the sanitizer would strip, and each generator's syntax.
_STEPS: tuple[Callable[[str, int, Context], str], ...] = (
    comments,
    players,
    scrub_attributes,
    hugo,
    liquid,
    obsidian_inline,
)


def convert_syntax(
    lines: list[str], first_lineno: int = 1, *, base_url: str = "", title: str = ""
) -> SyntaxResult:
    """Convert a body's site-generator syntax (see the module docs)."""
    result = SyntaxResult([], [])
    context = Context(base_url, title, result)
    for chunk, start, is_code in _chunks(lines):
        lineno = first_lineno + start
        if is_code:
            result.lines.extend(chunk)
            result.linenos.extend(range(lineno, lineno + len(chunk)))
            continue
        converted = _convert_text("\n".join(chunk), lineno, context)
        for text, number in converted:
            result.lines.append(text)
            result.linenos.append(number)
    return result


def _chunks(lines: list[str]) -> list[tuple[list[str], int, bool]]:
    """Split lines into runs of prose and fenced code blocks (``(lines, start, is_code)``)."""
    chunks: list[tuple[list[str], int, bool]] = []
    current: list[str] = []
    start = 0
    fence = ""
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if not fence and opening and not (opening[1][0] == "`" and "`" in line[opening.end() :]):
            if current:
                chunks.append((current, start, False))
            current, start, fence = [line], index, opening[1]
            continue
        closes = fence and opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence)
        if closes and opening and not line[opening.end() :].strip():
            current.append(line)
            chunks.append((current, start, True))
            current, start, fence = [], index + 1, ""
            continue
        current.append(line)
    if current:
        chunks.append((current, start, bool(fence)))
    return chunks


def _convert_text(text: str, lineno: int, context: Context) -> list[tuple[str, int]]:
    """Convert a run of prose; return its lines with their source line numbers."""
    for step in _STEPS:
        text = step(text, lineno, context)
    converted = text.split("\n")
    numbers = line_numbers(converted, lineno)
    return callouts(converted, numbers)
