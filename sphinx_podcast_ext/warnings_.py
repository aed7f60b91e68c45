"""Every warning the extension can emit, one subtype each.

All warnings have the type ``podcast``; silence one kind with
``suppress_warnings = ["podcast.<subtype>"]`` in ``conf.py``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from sphinx.util.logging import getLogger

from .metadata import PLATFORMS, POST_FIELDS

__all__ = ["WARNING_TYPE", "PodcastWarning", "field_warning", "warn"]

WARNING_TYPE = "podcast"
logger = getLogger("sphinx_podcast_ext")


class PodcastWarning(Enum):
    """The warning subtypes; each member's docstring says when it is emitted."""

    METADATA = "metadata"
    """A front-matter value does not fit the post schema (bad date, wrong type, …)."""

    URL = "url"
    """A URL is not an absolute http(s) URL (``javascript:``, ``data:``, ``//host`` …)."""

    TIMESTAMP = "timestamp"
    """A timestamp is not ``H:MM:SS``/``M:SS``, or it has no episode to point into."""

    QUOTE = "quote"
    """A ``key-quote`` is missing its speaker or its text."""

    EPISODE = "episode"
    """An ``episode`` is invalid, or a page has more than one."""

    EMBED = "embed"
    """An ``embed`` mode is unknown or cannot be used with the episode's host."""

    RELATED = "related"
    """A ``related-posts`` entry names a document that does not exist."""

    OPTION = "option"
    """A directive option has an invalid value (``limit``, ``columns`` …)."""

    PAGES = "pages"
    """A generated page (guest, show, quote index, redirect) clashes with a document,
    or a ``{podcast:guest}`` reference names a guest with no page."""

    CONFIG = "config"
    """A ``podcast_*`` configuration value is invalid; its default is used."""

    SEARCH = "search"
    """``podcast_search = "pagefind"`` cannot be used (the ``pagefind`` package or its binary
    is missing: Sphinx's search is kept), or Pagefind failed to index the site."""

    HTML = "html"
    """Raw HTML was cleaned: a script, style, event handler, unsafe URL or unknown element
    was removed or shown as text (see ``podcast_sanitize_html``)."""

    BLOG = "blog"
    """A front-matter key that ablog acts on has a value it would misuse (``image`` that is not
    a number, an unsafe ``external_link`` or ``redirect`` …); the key is ignored."""

    ENCODING = "encoding"
    """A source file is not valid UTF-8 (binary data, a lone surrogate …), or holds control
    characters (a form feed pasted from a PDF, an escape code); the bytes that cannot be
    read are shown as U+FFFD, control characters as spaces, and the rest of the page is
    built."""


def warn(kind: PodcastWarning, message: str, location: Any = None) -> None:
    """Log *message* as a ``podcast.<kind>`` warning at *location*.

    *location* is a node, a ``(docname, line)`` pair or a docname, as accepted
    by Sphinx's logger. Sphinx appends ``[podcast.<kind>]`` (``show_warning_types``),
    which tells the reader what to suppress.
    """
    logger.warning(
        message,
        type=WARNING_TYPE,
        subtype=kind.value,
        location=location,
    )


def field_warning(key: str) -> PodcastWarning:
    """The warning subtype for an invalid front-matter key (``date``, ``episode.url``) or
    ``episode`` directive option (``url``, ``start``).

    Post keys are ``metadata``; episode fields are ``url``, ``timestamp``,
    ``embed``, ``metadata`` (the date) or ``episode``, by what is wrong.
    """
    if not key.startswith("episode.") and key in POST_FIELDS:
        return PodcastWarning.METADATA
    name = key.removeprefix("episode.")
    if name in ("url", "image") or name in PLATFORMS:
        return PodcastWarning.URL
    if name in ("start", "duration"):
        return PodcastWarning.TIMESTAMP
    if name == "embed":
        return PodcastWarning.EMBED
    if name == "date":
        return PodcastWarning.METADATA
    return PodcastWarning.EPISODE
