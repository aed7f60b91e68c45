"""Wiring: config values, the domain, each feature's setup, static files; what Sphinx is told."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util.fileutil import copy_asset

from . import __version__
from .blog import setup_blog
from .collector import setup_collector
from .config import register_config, validate_config
from .episodes import setup_episodes
from .guards import setup_guards
from .listings import setup_listings
from .navigation import setup_navigation
from .nodes import depart_html_element, html_element, visit_html_element
from .pagecache import setup_page_cache
from .pages import setup_pages
from .pipeline import setup_pipeline
from .player import setup_player
from .posts import setup_posts
from .quotes import setup_quotes
from .related import setup_related
from .sanitize import setup_sanitize
from .search import setup_search
from .shared import MESSAGE_CATALOG
from .sitemaps import setup_sitemaps
from .socialcards import setup_social_cards
from .sources import setup_sources
from .store import ENV_VERSION, PodcastDomain, get_domain
from .themes import setup_themes
from .titles import setup_titles
from .webmeta import setup_webmeta

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__all__ = ["STATIC_DIR", "TEMPLATES_DIR", "setup_extension"]

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"
LOCALE_DIR = Path(__file__).parent / "locale"


def add_paths(app: Sphinx, config: Config) -> None:
    """``config-inited``: find the extension's templates.

    A new list is assigned rather than appending, since the default list
    objects are shared by every Sphinx application in the process.
    """
    config.templates_path = [*config.templates_path, str(TEMPLATES_DIR)]


def add_assets(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the stylesheet and script, for a project that uses the extension.

    Decided after reading, so that a project without posts or directives is
    left as it was (no file, no link in its pages); copied before Sphinx copies
    its own static files, and added before it prepares the pages.
    """
    if getattr(app.builder, "format", "") != "html" or not get_domain(env).in_use():
        return
    copy_asset(STATIC_DIR, Path(app.builder.outdir) / "_static", force=True)
    app.add_css_file("podcast.css")
    app.add_js_file("podcast.js", loading_method="defer")


def setup_extension(app: Sphinx) -> dict[str, Any]:
    """Set up the extension; see :func:`sphinx_podcast_ext.setup`."""
    app.setup_extension("sphinx_design")
    register_config(app)
    app.connect("config-inited", validate_config)
    app.connect("config-inited", add_paths)
    app.add_domain(PodcastDomain)
    app.add_node(html_element, html=(visit_html_element, depart_html_element))
    setup_sources(app)
    setup_sanitize(app)
    setup_guards(app)
    setup_posts(app)
    setup_titles(app)
    setup_quotes(app)
    setup_episodes(app)
    setup_player(app)
    setup_related(app)
    setup_listings(app)
    setup_page_cache(app)
    setup_pages(app)
    setup_blog(app)
    setup_social_cards(app)
    setup_webmeta(app)
    setup_navigation(app)
    setup_themes(app)
    setup_search(app)
    setup_sitemaps(app)
    setup_pipeline(app)
    setup_collector(app)
    app.connect("env-updated", add_assets)
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
