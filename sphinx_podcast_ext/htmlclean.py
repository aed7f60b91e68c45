"""The HTML cleaner: raw HTML an author wrote, rebuilt so that it can never become script.

Pure Python (the standard library's tokenizer and nh3); :mod:`.sanitize` applies
it to every document. What it keeps and what it shows:

* **Allowed elements** (:data:`ALLOWED_TAGS`: text-level markup, lists, quotes,
  figures, tables, ``details``/``summary``, headings, images) are kept, each
  start tag cleaned by `nh3 <https://nh3.readthedocs.io>`_ (the ammonia
  sanitizer): only the attributes in :data:`ALLOWED_ATTRIBUTES` stay, URLs must
  be ``http``, ``https``, ``mailto`` or relative, and links get
  ``rel="noopener noreferrer"``. ``on*`` handlers, ``style``, ``id``, ``target``
  and ``javascript:``/``data:``/``vbscript:`` URLs are removed.
* **Elements that would hide or run what is inside them** (:data:`SHOWN_TAGS`:
  ``script``, ``style``, ``iframe``, ``object``, forms …) are not dropped with
  their content: their tags are shown as literal, escaped text, so a post that
  contains ``<script>alert(1)</script>`` shows exactly that text.
* **Other unknown elements** (``font``, ``center``, custom tags …) lose their
  tags and keep their text.
* Comments are removed; declarations and processing instructions are shown as text.

*Nothing the author wrote is lost*: every character of text, including the
content of removed elements, is still on the page, escaped. Each piece is
cleaned tag by tag rather than as a whole fragment, because Markdown splits
HTML at blank lines (``<details>`` … blank line … ``</details>``) and a fragment
parser would close every element at the end of its piece. The output is
rebuilt from tokens (start tags serialized by nh3, end tags and text escaped
here), so what the browser parses is exactly what was checked.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

import nh3

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "SHOWN_TAGS",
    "URL_SCHEMES",
    "Cleaned",
    "clean_html",
    "is_safe_link",
    "meta_problem",
    "short",
]

#: Elements kept (with cleaned attributes).
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
        "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
        "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip
#: Attributes kept, per element (``"*"``: on every element).
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"title", "lang", "dir", "class"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "abbr": {"title"},
}
#: Schemes allowed in ``href``/``src``/``cite`` (relative URLs are allowed too).
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Elements that hide, run or embed their content: shown as literal text instead.
SHOWN_TAGS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
        "noscript", "noembed", "noframes", "template", "textarea", "title", "xmp",
        "plaintext", "svg", "math", "form", "input", "button", "select", "option", "base",
        "link", "meta", "head", "html", "body", "audio", "video", "source", "track",
        "portal", "dialog", "slot",
    }
)  # fmt: skip
#: Where a lone start tag must be placed for an HTML fragment parser to keep it.
_CONTEXT = {
    "caption": "<table>",
    "colgroup": "<table>",
    "col": "<table><colgroup>",
    "thead": "<table>",
    "tbody": "<table>",
    "tfoot": "<table>",
    "tr": "<table><tbody>",
    "td": "<table><tbody><tr>",
    "th": "<table><tbody><tr>",
    "rp": "<ruby>",
    "rt": "<ruby>",
    "dd": "<dl>",
    "dt": "<dl>",
    "li": "<ul>",
    "summary": "<details>",
}
_TAG_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_ATTRIBUTE_NAME = re.compile(r"^[a-z_:][-a-z0-9_:.]*$")
#: A start tag as nh3 serializes it: values always double-quoted, ``"`` escaped.
_NH3_TAG = r'<{name}(?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*\s*/?>'
_NH3_ATTRIBUTE = re.compile(r'([^\s"\'>/=]+)(?:="([^"]*)")?')
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_STRIPPED_FROM_URLS = re.compile(r"[\t\n\r]")
#: What browsers strip from both ends of a URL before reading its scheme.
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


class Cleaned:
    """The result of :func:`clean_html`: the safe HTML and what was removed or shown."""

    __slots__ = ("html", "removed")

    def __init__(self, html_text: str, removed: list[str]) -> None:
        self.html = html_text
        self.removed = removed

    @property
    def changed(self) -> bool:
        """Whether anything the browser would have seen was removed or shown as text."""
        return bool(self.removed)


def _clean_start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> tuple[str, list[str]]:
    """An allowed element's start tag, cleaned by nh3; and the attributes it lost."""
    removed = []
    kept = []
    for name, value in attrs:
        if _ATTRIBUTE_NAME.match(name):
            kept.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
        else:
            removed.append(name)
    source = f"<{tag}{''.join(' ' + attr for attr in kept)}>"
    context = _CONTEXT.get(tag, "")
    cleaned = nh3.clean(
        context + source,
        tags=set(ALLOWED_TAGS),
        attributes={key: set(value) for key, value in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    match = re.search(_NH3_TAG.format(name=re.escape(tag)), cleaned)
    start = match[0] if match else ""
    kept_attrs = {
        name: html.unescape(value or "") for name, value in _NH3_ATTRIBUTE.findall(start)[1:]
    }
    for name, value in attrs:
        if not _ATTRIBUTE_NAME.match(name) or name == "rel":
            continue
        if name not in kept_attrs:
            removed.append(f"{name}={short(value)}" if value else name)
        elif (value or "") != kept_attrs[name]:
            removed.append(f"{name}={short(value)}")
    if not start:
        removed.append(f"<{tag}>")
    return start, removed


def short(value: str | None, limit: int = 40) -> str:
    """*value* on one line, quoted, cut to *limit* characters (for messages)."""
    text = " ".join((value or "").split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


class _Rebuilder(HTMLParser):
    """Tokenizes raw HTML and writes it back from the safe pieces only."""

    #: Elements whose content browsers read as raw text (no tags, no character
    #: references), as the HTML parsing rules say; shown as that text.
    CDATA_CONTENT_ELEMENTS = (  # type: ignore[misc]  # Final in the stubs, a class setting in the code
        "script", "style", "iframe", "noembed", "noframes", "xmp", "noscript",
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.removed: list[str] = []

    def _note(self, item: str) -> None:
        if item not in self.removed:
            self.removed.append(item)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in ALLOWED_TAGS:
            start, removed = _clean_start_tag(tag, attrs)
            for item in removed:
                self._note(item)
            if start:
                self.out.append(start)
            else:
                self.out.append(html.escape(raw, quote=False))
        elif tag in SHOWN_TAGS or not _TAG_NAME.match(tag):
            # A name such as "scr<script" is a typo or a trick: show it as written.
            self._note(f"<{tag}>")
            self.out.append(html.escape(raw, quote=False))
        else:
            self._note(f"<{tag}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A start tag: kept cleaned, shown as text, or dropped (its text stays)."""
        self._start(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """``<br/>``: handled as a start tag (allowed void elements need no end tag)."""
        self._start(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        """An end tag: kept for allowed elements, shown for shown ones, else dropped."""
        if tag in ALLOWED_TAGS:
            self.out.append(f"</{tag}>")
        elif tag in SHOWN_TAGS or not _TAG_NAME.match(tag):
            self.out.append(html.escape(f"</{tag}>", quote=False))

    def handle_data(self, data: str) -> None:
        """Text, escaped (it was unescaped by the tokenizer)."""
        self.out.append(html.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        """Comments are invisible anyway; they are dropped."""

    def _show(self, text: str, what: str) -> None:
        self._note(what)
        self.out.append(html.escape(text, quote=False))

    def handle_decl(self, decl: str) -> None:
        """``<!DOCTYPE …>``: shown as text."""
        self._show(f"<!{decl}>", "<!…>")

    def unknown_decl(self, data: str) -> None:
        """``<![CDATA[…]]>`` and the like: shown as text."""
        self._show(f"<![{data}]>", "<![…]>")

    def handle_pi(self, data: str) -> None:
        """``<?php …?>``: shown as text."""
        self._show(f"<?{data}>", "<?…>")


def clean_html(source: str) -> Cleaned:
    """Clean one piece of raw HTML (a whole block or a single inline tag)."""
    parser = _Rebuilder()
    parser.feed(source)
    parser.close()
    if parser.rawdata:
        # The tokenizer keeps the rest of an unclosed <script>/<style> unread: it is text.
        parser.handle_data(parser.rawdata)
    return Cleaned("".join(parser.out), parser.removed)


def is_safe_link(url: str) -> bool:
    """Whether a link target is relative, a fragment, or http(s)/mailto (as a browser reads it)."""
    candidate = _STRIPPED_FROM_URLS.sub("", url.strip(_C0_AND_SPACE))
    match = _SCHEME.match(candidate)
    return match is None or match[1].lower() in URL_SCHEMES


#: ``<meta http-equiv>`` values browsers act on (reload, cookies, policies): never from authors.
_ACTIVE_HTTP_EQUIV = frozenset(
    {"refresh", "set-cookie", "content-security-policy", "content-security-policy-report-only",
     "x-ua-compatible", "default-style", "origin-trial"}
)  # fmt: skip


def meta_problem(meta: Mapping[str, Any]) -> str | None:
    """Why an author's ``<meta>`` (MyST ``html_meta``, reST ``meta``) must not be written.

    ``http-equiv`` values that make the browser act (``refresh`` sends readers to
    another site) are refused, and so is any value with a URL scheme other than
    http(s) or mailto (``og:image`` = ``javascript:…``).
    """
    equiv = str(meta.get("http-equiv", "")).strip().lower()
    if equiv in _ACTIVE_HTTP_EQUIV:
        return f"http-equiv={equiv!r} would make the browser act"
    content = str(meta.get("content", ""))
    if _SCHEME.match(content.strip(_C0_AND_SPACE)) and not is_safe_link(content):
        return f"content {short(content)} is not an http(s) URL"
    return None
