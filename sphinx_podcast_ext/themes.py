"""Guards against themes that write page titles into HTML unescaped.

pydata-sphinx-theme (and the themes built on it, sphinx-book-theme among
them) builds its header navigation from the plain text of each top-level
page's title and pastes it into HTML as it is
(``pydata_sphinx_theme/toctree.py``, ``_generate_nav_info`` and
``_generate_header_nav_before_dropdown``): a heading written as
``# About &lt;img src=x onerror=…&gt;`` is text in the document, escaped by
Sphinx everywhere else, and live markup in that navbar on every page.

:func:`escape_header_titles` wraps the theme's ``generate_header_nav_html``
context function: in the HTML it returns, each title that contains ``<``,
``>`` or ``&`` is replaced by its escaped form. Nothing else of the theme's
markup is touched.

sphinx-book-theme puts the plain text of the page's and the root page's
titles in its context (``pagetitle``, ``root_title``:
``sphinx_book_theme/__init__.py``, ``add_metadata_to_page``) and writes them
unescaped (``<h1>{{ pagetitle }}</h1>`` of its print layout, the sidebar's
home link); :func:`escape_plain_titles` escapes exactly those values.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

__all__ = ["escape_header_titles", "escape_plain_titles", "setup_themes"]

_SPECIAL = ("<", ">", "&")
#: After the theme's own ``html-page-context`` handlers have added their functions.
EVENT_PRIORITY = 950
#: The risky titles of the current build, found once (titles do not change while writing).
_RISKY: WeakKeyDictionary[Builder, dict[str, str]] = WeakKeyDictionary()


def _plain_title(title: nodes.Node) -> str:
    """A title as pydata-sphinx-theme flattens it: the text of each child, joined."""
    return "".join(child.astext() for child in title.children)


def _risky_titles(app: Sphinx) -> dict[str, str]:
    """Titles the theme would write as markup: plain text → escaped text, longest first."""
    found = {
        text: html.escape(text, quote=False)
        for title in app.env.titles.values()
        if any(char in (text := _plain_title(title)) for char in _SPECIAL)
    }
    return dict(sorted(found.items(), key=lambda item: -len(item[0])))


def _escaping(function: Callable[..., str], risky: dict[str, str]) -> Callable[..., str]:
    def safe(*args: Any, **kwargs: Any) -> str:
        markup = function(*args, **kwargs)
        for text, escaped in risky.items():
            markup = markup.replace(text, escaped)
        return markup

    safe.__doc__ = function.__doc__
    return safe


def escape_header_titles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: make the theme's header navigation escape page titles."""
    function = context.get("generate_header_nav_html")
    if not callable(function):
        return
    risky = _RISKY.get(app.builder)
    if risky is None:
        risky = _RISKY[app.builder] = _risky_titles(app)
    if risky:
        context["generate_header_nav_html"] = _escaping(function, risky)


def escape_plain_titles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: escape the plain-text titles sphinx-book-theme adds."""
    titles = app.env.titles
    plain = {
        "pagetitle": titles.get(pagename),
        "root_title": titles.get(str(context.get("root_doc") or app.config.root_doc)),
    }
    for key, title in plain.items():
        value = context.get(key)
        if title is not None and isinstance(value, str) and value == title.astext():
            context[key] = html.escape(value, quote=False)


def setup_themes(app: Sphinx) -> None:
    """Connect the theme guards."""
    app.connect("html-page-context", escape_header_titles, priority=EVENT_PRIORITY)
    app.connect("html-page-context", escape_plain_titles, priority=EVENT_PRIORITY)
