"""Links in Markdown text: finding them (inline links, HTML anchors, autolinks, bare
URLs) and making them work on the new site (:func:`rewrite_links`)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

__all__ = [
    "Link",
    "code_lines",
    "even_heading_levels",
    "find_links",
    "rewrite_links",
    "unescape_markdown",
]

_MD_LINK = re.compile(
    r"\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
    r"\(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>(?:[^\s()\\]|\\.|\([^\s()]*\))*))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_ANCHOR = re.compile(
    r"<a\s[^>]*?\bhref\s*=\s*(?P<q>[\"'])(?P<href>.*?)(?P=q)[^>]*>(?P<text>.*?)</a\s*>",
    re.I | re.S,
)
_AUTOLINK = re.compile(r"<(?P<url>https?://[^\s<>]+)>", re.I)
_BARE = re.compile(r"(?<![(<\"'=\w])(?P<url>https?://[^\s<>()\[\]]+)", re.I)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in text: its target, its visible text and its span in the text."""

    url: str
    text: str
    start: int
    end: int


def unescape_markdown(text: str) -> str:
    """Undo Markdown backslash escapes and HTML character references."""
    return html.unescape(_ESCAPE.sub(r"\1", text))


def find_links(text: str) -> list[Link]:
    """All links in *text*, in order, without overlaps (an anchor's inner text is not searched)."""
    found: list[Link] = []
    for link in _candidates(text):
        if all(link.end <= other.start or link.start >= other.end for other in found):
            found.append(link)
    return sorted(found, key=lambda link: link.start)


def _candidates(text: str) -> Iterator[Link]:
    for match in _ANCHOR.finditer(text):
        inner = html.unescape(_TAG.sub("", match["text"])).strip()
        yield Link(html.unescape(match["href"]).strip(), inner, match.start(), match.end())
    for match in _MD_LINK.finditer(text):
        url = match["angle"] if match["angle"] is not None else match["plain"]
        label = unescape_markdown(match["text"])
        yield Link(unescape_markdown(url).strip(), label, match.start(), match.end())
    for match in _AUTOLINK.finditer(text):
        yield Link(match["url"], match["url"], match.start(), match.end())
    for match in _BARE.finditer(text):
        yield Link(match["url"], match["url"], match.start(), match.end())


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"`+[^`]*`+")
_HTML_LINK = re.compile(
    r"<a\s[^>]*?\bhref\s*=\s*([\"'])(?P<href>[^\"']*)\1[^>]*>(?P<text>[^<]*)</a\s*>", re.I
)
_HTML_IMAGE = re.compile(r"<img\s[^>]*?\bsrc\s*=\s*([\"'])(?P<src>[^\"']*)\1[^>]*?/?>", re.I)
_MYST_SCHEMES = ("http", "https", "mailto", "ftp")
_MD_LINK_OR_IMAGE = re.compile(r"(?P<bang>!?)" + _MD_LINK.pattern)


def rewrite_links(
    lines: list[str], resolve: Callable[[str], str | None], base_url: str = ""
) -> tuple[list[str], list[str]]:
    """Make every link of a body work on the new site; return the lines and notes.

    Links to imported posts become document links (``[text](new-slug.md)``);
    other site-relative links become absolute with *base_url*, or plain text
    without one; links with schemes MyST does not link (``tel:``, ``javascript:``)
    and same-page anchors become plain text. Code is left alone.
    """
    notes: list[str] = []
    out = [
        line if is_code else _rewrite_line(line, resolve, base_url, notes)
        for line, is_code in zip(lines, code_lines(lines), strict=True)
    ]
    return out, notes


def code_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it is code: a fence or inside a fenced code block.

    Directive fences (```` ```{note} ````) hold MyST, not code: their lines are
    not code, but a code block inside them is.
    """
    mask: list[bool] = []
    open_fences: list[tuple[str, bool]] = []  # (marker, is a directive)
    for line in lines:
        fence = _FENCE.match(line)
        top = open_fences[-1] if open_fences else None
        if fence:
            marker, rest = fence[1], line[fence.end() :]
            closes = (
                top is not None
                and marker[0] == top[0][0]
                and len(marker) >= len(top[0])
                and not rest.strip()
            )
            if closes:
                open_fences.pop()
                mask.append(not top[1])  # type: ignore[index]
                continue
            if top is None or top[1]:
                open_fences.append((marker, rest.startswith("{")))
                mask.append(not rest.startswith("{"))
                continue
        mask.append(top is not None and not top[1])
    return mask


def _rewrite_line(
    line: str, resolve: Callable[[str], str | None], base_url: str, notes: list[str]
) -> str:
    pieces: list[str] = []
    position = 0
    for code in [*_CODE_SPAN.finditer(line), None]:
        end = code.start() if code is not None else len(line)
        pieces.append(_rewrite_text(line[position:end], resolve, base_url, notes))
        if code is not None:
            pieces.append(code[0])
            position = code.end()
    return "".join(pieces)


def _rewrite_text(
    text: str, resolve: Callable[[str], str | None], base_url: str, notes: list[str]
) -> str:
    def markdown(match: re.Match[str]) -> str:
        url = match["angle"] if match["angle"] is not None else match["plain"]
        image = bool(match["bang"])
        replacement = _target(unescape_markdown(url).strip(), match["text"], image)
        if replacement is None:
            return match[0]
        return "!" + replacement if image and replacement.startswith("[") else replacement

    def _target(url: str, label: str, image: bool) -> str | None:
        if url.startswith("wiki:"):  # an Obsidian [[link]]: a note, never a web address
            found = resolve(url[5:])
            if found is not None:
                return f"[{label}]({found}.md)"
            notes.append(f"wiki link [[{url[5:]}]] names no imported post; kept as its text")
            return label
        scheme = urlsplit(url).scheme.lower()
        if scheme in _MYST_SCHEMES and url.strip():
            return None
        if scheme:
            notes.append(f"link to {url!r} (not a web address) kept as its text")
            return label
        if url.startswith("#") or not url:
            notes.append(f"same-page link {url!r} kept as its text")
            return label
        found = None if image else resolve(url)
        if found is not None:
            return f"[{label}]({found}.md)"
        if base_url:
            absolute = urljoin(
                base_url.rstrip("/") + "/", quote(url.lstrip("/"), safe="/%?=&#~+:@")
            )
            return f"[{label}]({absolute})"
        notes.append(f"link to {url!r} on the old site kept as its text (--base-url links it)")
        return f"{label} ({url})" if image else label

    def html_link(match: re.Match[str]) -> str:
        replacement = _target(html.unescape(match["href"]).strip(), match["text"], False)
        return match[0] if replacement is None else replacement

    def html_image(match: re.Match[str]) -> str:
        src = html.unescape(match["src"]).strip()
        if urlsplit(src).scheme in ("http", "https"):
            return match[0]
        alt = re.search(r"\balt\s*=\s*([\"'])(?P<alt>[^\"']*)\1", match[0], re.I)
        replacement = _target(src, alt["alt"] if alt else "", True)
        return match[0] if replacement is None else replacement

    text = _HTML_LINK.sub(html_link, text)
    text = _HTML_IMAGE.sub(html_image, text)
    return _MD_LINK_OR_IMAGE.sub(markdown, text)


_ATX_HEADING = re.compile(r"^(?P<marks>#{1,6})(?P<rest>[ \t].*|)$")


def even_heading_levels(lines: list[str]) -> list[str]:
    """Headings that never skip a level below the page title (MyST warns ``H2 to H4``).

    A heading deeper than one level below the previous one moves up to it; the
    text is untouched. Code blocks are left alone.
    """
    out: list[str] = []
    previous = 0
    for line, is_code in zip(lines, code_lines(lines), strict=True):
        heading = None if is_code else _ATX_HEADING.match(line)
        if heading is None:
            out.append(line)
            continue
        level = min(len(heading["marks"]), previous + 1)
        previous = level
        out.append("#" * level + heading["rest"])
    return out
