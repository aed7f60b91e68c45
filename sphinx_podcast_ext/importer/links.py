"""Finding links in Markdown text: inline links, HTML anchors, autolinks and bare URLs."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Link", "find_links", "unescape_markdown"]

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
