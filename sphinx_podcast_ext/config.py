"""The ``podcast_*`` configuration values: defaults, types, help text and validation."""

from __future__ import annotations

import dataclasses as dc
from typing import TYPE_CHECKING, Any

from .metadata import EMBED_MODES
from .warnings_ import PodcastWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = ["PodcastConfig", "get_config", "register_config"]

PREFIX = "podcast_"


def _one_of(*choices: str) -> Any:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(map(repr, choices))}"

    return check


def _navigation(value: Any) -> str | None:
    known = ("episodes", "guests", "shows", "quotes", "tags", "years")
    if isinstance(value, list | tuple) and all(item in known for item in value):
        return None
    return f"must be a list of {', '.join(map(repr, known))}"


def _positive(value: Any) -> str | None:
    return None if isinstance(value, int) and value > 0 else "must be a positive integer"


@dc.dataclass(frozen=True)
class PodcastConfig:
    """Every configuration value of the extension; set them in ``conf.py`` with ``podcast_``."""

    title_to_header: bool = dc.field(
        default=True,
        metadata={
            "help": "Show a MyST post's front-matter title as its H1 "
            "(turns on myst-parser's ``myst_title_to_header``)."
        },
    )
    episode_card: str = dc.field(
        default="top",
        metadata={
            "help": "Where to show the episode card of a post whose front matter has "
            "``episode:`` but whose body has no ``episode`` directive: "
            "``'top'`` (under the title) or ``'none'``.",
            "check": _one_of("top", "none"),
        },
    )
    default_embed: str = dc.field(
        default="link",
        metadata={
            "help": "The ``embed`` mode of episodes that do not set one.",
            "check": _one_of(*EMBED_MODES),
        },
    )
    related_limit: int = dc.field(
        default=3,
        metadata={"help": "How many cards ``related-posts`` shows by default.", "check": _positive},
    )
    related_columns: int = dc.field(
        default=3,
        metadata={
            "help": "Cards per row on wide screens (one per row on phones).",
            "check": _positive,
        },
    )
    generate_pages: bool = dc.field(
        default=True,
        metadata={
            "help": "Write a page per guest and per show, their indexes and a quote index.",
            "rebuild": "html",
        },
    )
    pages_prefix: str = dc.field(
        default="",
        metadata={
            "help": "Folder of the generated pages (``''`` → ``guests/…``, ``shows/…``).",
            "rebuild": "html",
        },
    )
    legacy_redirects: bool = dc.field(
        default=True,
        metadata={
            "help": "Write a redirect page at each post's ``legacy_slug`` so old URLs keep "
            "working.",
            "rebuild": "html",
        },
    )
    ablog_posts: bool = dc.field(
        default=True,
        metadata={
            "help": "With ablog loaded, treat every post with a valid front-matter date as an "
            "ablog post (no ``blogpost: true`` needed)."
        },
    )
    ablog_cache: bool = dc.field(
        default=True,
        metadata={
            "help": "Render ablog's archive pages and feeds only when the posts they show "
            "changed (ablog otherwise renders all of them in every build).",
            "rebuild": "html",
        },
    )
    post_header: bool = dc.field(
        default=True,
        metadata={
            "help": "Show a line under each post's title: date, reading time, duration, "
            "show, guests (linked to their pages) and tags."
        },
    )
    pull_quote: bool = dc.field(
        default=True,
        metadata={
            "help": "Move a post's first key quote, its highlight, to the top of the page "
            "(under the title, the header line and the player), as a pull quote."
        },
    )
    fold_title_heading: bool = dc.field(
        default=True,
        metadata={
            "help": "When a post's body starts with its only ``##`` heading and that heading "
            "restates the title (it shares a word with the title, the guests or the show), "
            "show it as a standfirst under the title instead of a second heading; the "
            "sections under it move up one level."
        },
    )
    page_size: int = dc.field(
        default=24,
        metadata={
            "help": "How many posts (or quotes) a page that lists the archive shows before it "
            "is split into ``…/page/2``, ``…/page/3`` …: ablog's archives, the quote index, "
            "each guest's and show's timeline (ten times as many names on the guest and "
            "show indexes).",
            "check": _positive,
            "rebuild": "html",
        },
    )
    date_format: str = dc.field(
        default="%Y-%m-%d",
        metadata={
            "help": "How post dates are shown everywhere (post header, cards, generated "
            "pages, archives): a ``strftime``-style format, with month and day names in "
            "the project's ``language`` (as Sphinx's ``today_fmt``).",
            "rebuild": "html",
        },
    )
    navigation: tuple[str, ...] = dc.field(
        default=("episodes", "guests", "shows", "quotes", "tags", "years"),
        metadata={
            "help": "The archive's entries in the site navigation, in order: any of "
            "``'episodes'`` (all posts), ``'guests'``, ``'shows'``, ``'quotes'``, ``'tags'``, "
            "``'years'``. Each is shown when its page is written. pydata-sphinx-theme (and "
            "themes built on it) shows them in its header; other themes where you put the "
            "``podcast/navigation.html`` template. ``[]`` for none.",
            "check": _navigation,
            "types": (list, tuple),
            "rebuild": "html",
        },
    )
    feed_link: bool = dc.field(
        default=True,
        metadata={
            "help": "When ablog writes an Atom feed (``blog_baseurl`` set), link it from "
            'every page: ``<link rel="alternate">`` in the head and a *Subscribe* '
            "entry in the navigation.",
            "rebuild": "html",
        },
    )
    excerpt_length: int = dc.field(
        default=240,
        metadata={
            "help": "Maximum length, in characters, of the excerpt shown on a post's card.",
            "check": _positive,
        },
    )
    web_metadata: bool = dc.field(
        default=True,
        metadata={
            "help": "Add OpenGraph ``<meta>`` tags and a schema.org JSON-LD block "
            "(``PodcastEpisode`` or ``BlogPosting``) to each post page's head (HTML builders; "
            "not EPUB). Absolute URLs need ``html_baseurl``.",
            "rebuild": "html",
        },
    )
    search: str = dc.field(
        default="sphinx",
        metadata={
            "help": "The search engine of the HTML site: ``'sphinx'`` (Sphinx's own "
            "``searchindex.js``) or ``'pagefind'`` (an index in ``_pagefind/`` written by "
            "Pagefind at the end of the build, loaded a chunk at a time, with filters for "
            "show, guest, speaker, tag and year; needs ``pip install "
            "'sphinx-podcast-ext[search]'``). See the search page of the documentation.",
            "check": _one_of("sphinx", "pagefind"),
        },
    )
    social_cards: bool = dc.field(
        default=True,
        metadata={
            "help": "Draw a social card per post (1200x630 PNG: show, title, key quote, site) "
            "with Pillow into ``_social/`` and make it the page's ``og:image``. Needs "
            "``html_baseurl`` and Pillow (``pip install sphinx-podcast-ext[social]``); a card "
            "is drawn again only when what it shows changed.",
            "rebuild": "html",
        },
    )
    sanitize_html: bool = dc.field(
        default=True,
        metadata={
            "help": "Clean raw HTML in every document with nh3: scripts, styles, event "
            "handlers and unsafe URLs are removed (their text is shown, escaped), and links "
            "whose scheme is not http(s) or mailto are unlinked; each change is a "
            "``podcast.html`` or ``podcast.url`` warning."
        },
    )


def register_config(app: Sphinx) -> None:
    """Add every :class:`PodcastConfig` field as a ``podcast_*`` config value."""
    for field in dc.fields(PodcastConfig):
        app.add_config_value(
            PREFIX + field.name,
            field.default,
            field.metadata.get("rebuild", "env"),
            types=frozenset(field.metadata.get("types", (type(field.default),))),
            description=field.metadata["help"],
        )


def validate_config(app: Sphinx, config: Config) -> None:
    """On ``config-inited``: reset invalid values to their defaults, with a warning."""
    for field in dc.fields(PodcastConfig):
        check = field.metadata.get("check")
        name = PREFIX + field.name
        problem = check(getattr(config, name)) if check else None
        if problem:
            warn(PodcastWarning.CONFIG, f"{name} {problem}; using {field.default!r}")
            setattr(config, name, field.default)
    if config.podcast_title_to_header and hasattr(config, "myst_title_to_header"):
        config.myst_title_to_header = True


def get_config(config: Config) -> PodcastConfig:
    """The extension's settings as one typed object."""
    return PodcastConfig(
        **{field.name: getattr(config, PREFIX + field.name) for field in dc.fields(PodcastConfig)}
    )
