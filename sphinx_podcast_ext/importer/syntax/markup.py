"""HTML in a body: comments read as browsers read them, and start tags cut down to
the attributes the site's sanitizer keeps.

``<!-->`` and ``<!--->`` are complete, empty comments, as the HTML spec says; a
comment standing on its own lines becomes MyST ``%`` comment lines, one inside a
line goes (its line breaks stay, so later lines keep their numbers).
"""

from __future__ import annotations

import html
import re

from .context import Context, in_code_span, line_at, substitute

__all__ = ["attributes", "comments", "scrub_attributes"]

_ATTRIBUTE = re.compile(
    r"""\s(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+)))?"""
)
_START_TAG = re.compile(r"<(?P<tag>[A-Za-z][A-Za-z0-9]*)(?P<attrs>(?:\s[^<>]*?)?)\s*(?P<slash>/?)>")
_KEPT_ATTRIBUTES = {"*": {"title", "lang", "dir", "class"}, "a": {"href", "hreflang"},
                    "img": {"src", "alt", "width", "height"}, "blockquote": {"cite"},
                    "q": {"cite"}, "time": {"datetime"}, "ol": {"start", "reversed", "type"},
                    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
                    "details": {"open"}, "abbr": {"title"}}  # fmt: skip


def comments(text: str, lineno: int, context: Context) -> str:
    """HTML comments as the HTML spec reads them; block comments become ``%`` lines."""
    out: list[str] = []
    position = 0
    while True:
        start = text.find("<!--", position)
        if start < 0 or in_code_span(text, start):
            if start >= 0:
                out.append(text[position : start + 4])
                position = start + 4
                continue
            break
        body_start = start + 4
        if text.startswith(">", body_start):
            end, inner = body_start + 1, ""
        elif text.startswith("->", body_start):
            end, inner = body_start + 2, ""
        else:
            close = re.compile(r"--!?>").search(text, body_start)
            end = close.end() if close else len(text)
            inner = text[body_start : close.start() if close else len(text)]
            if close is None:
                context.line = line_at(text, start, lineno)
                context.note("an HTML comment is never closed: browsers hide the rest of the post")
        before = text[position:start]
        line_start = before.rfind("\n") + 1
        at_line_start = not before[line_start:].strip()
        line_end = text.find("\n", end)
        at_line_end = not text[end : line_end if line_end >= 0 else len(text)].strip()
        out.append(before if not (at_line_start and at_line_end) else before[:line_start])
        if at_line_start and at_line_end:
            comment_lines = [
                f"% {line.strip()}".rstrip() for line in inner.strip("-").strip().split("\n")
            ]
            out.append("\n".join(comment_lines) if inner.strip() else "%")
            position = line_end if line_end >= 0 else len(text)
            continue
        out.append("\n" * inner.count("\n"))
        position = end
    out.append(text[position:])
    return "".join(out)


def attributes(text: str) -> dict[str, str]:
    """A tag's attributes (names in lower case, values with character references read)."""
    return {
        m["name"].lower(): html.unescape(
            m["dq"] if m["dq"] is not None else m["sq"] if m["sq"] is not None else m["uq"] or ""
        )
        for m in _ATTRIBUTE.finditer(" " + text)
    }


def scrub_attributes(text: str, lineno: int, context: Context) -> str:
    """Every start tag with only the attributes the site's sanitizer keeps."""
    return substitute(_START_TAG, text, lineno, context, _scrub)


def _scrub(match: re.Match[str]) -> str:
    """A start tag with only the attributes the site's sanitizer keeps."""
    tag = match["tag"].lower()
    if not match["attrs"].strip():
        return match[0]
    allowed = _KEPT_ATTRIBUTES["*"] | _KEPT_ATTRIBUTES.get(tag, set())
    kept = [
        m[0]
        for m in _ATTRIBUTE.finditer(match["attrs"])
        if m["name"].lower() in allowed
        and not (m["name"].lower() in ("href", "src") and _bad_scheme(m))
    ]
    return f"<{match['tag']}{''.join(kept)}{' /' if match['slash'] else ''}>"


def _bad_scheme(match: re.Match[str]) -> bool:
    value = (match["dq"] or match["sq"] or match["uq"] or "").strip().lower()
    scheme = value.split(":", 1)[0] if ":" in value.split("/", 1)[0] else ""
    return bool(scheme) and scheme not in ("http", "https", "mailto")
