"""Wiring: config values, events, directives, roles, static files; what Sphinx is told."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .blog import setup_blog
from .config import register_config, validate_config
from .episodes import setup_episodes
from .listings import setup_listings
from .pagecache import setup_page_cache
from .pages import setup_pages
from .posts import collect_records
from .quotes import setup_quotes
from .related import setup_related
from .sanitize import setup_sanitize
from .search import setup_search
from .shared import MESSAGE_CATALOG, depart_html_element, html_element, visit_html_element
from .store import PodcastDomain
from .webmeta import setup_webmeta

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = ["ENV_VERSION", "STATIC_DIR", "setup_extension"]

#: Bump when the records stored on the environment change shape.
ENV_VERSION = 1
STATIC_DIR = Path(__file__).parent / "static"
LOCALE_DIR = Path(__file__).parent / "locale"


def add_static_path(app: Sphinx, config: Config) -> None:
    """``config-inited``: serve the extension's CSS and JS (HTML builders copy it).

    A new list is assigned rather than appending, since the default list object
    is shared by every Sphinx application in the process.
    """
    config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def setup_extension(app: Sphinx) -> dict[str, Any]:
    """Set up the extension; see :func:`sphinx_podcast_ext.setup`."""
    app.setup_extension("sphinx_design")
    register_config(app)
    app.connect("config-inited", validate_config)
    app.add_domain(PodcastDomain)
    app.add_node(html_element, html=(visit_html_element, depart_html_element))
    setup_quotes(app)
    setup_episodes(app)
    setup_related(app)
    setup_page_cache(app)
    setup_pages(app)
    setup_listings(app)
    setup_blog(app)
    setup_webmeta(app)
    setup_sanitize(app)
    setup_search(app)
    app.connect("doctree-read", collect_records, priority=600)
    app.connect("config-inited", add_static_path)
    app.add_css_file("podcast.css")
    app.add_js_file("podcast.js", loading_method="defer")
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
