"""The record → resolve order of every cross-document feature, in one place.

Each feature module owns its three steps; this module only says when they run:

* **Record**, on ``doctree-read`` (per document, possibly in a parallel worker),
  after Sphinx's own collectors: the front matter is validated once
  (:func:`.posts.read_document`), then each feature records what the document
  tells the others, in this order — the episode (placing the front matter's
  card under the title), key quotes, ``related-posts`` requests, listings,
  links to generated pages, the post itself (its excerpt, and the
  header line above the episode card), and last the pull quote (the post's
  first key quote, moved under the header and the player).
* **Resolve**, on ``env-get-updated`` (once, in the main process, after
  parallel readers are merged): generated pages are named first (everything
  else may link to them), then related cards, then listings, then the site
  navigation (every page shows it). Each step returns
  the documents whose output shows something that changed elsewhere; Sphinx
  writes those again.
* **Render** happens in each feature's post-transforms and ``html-collect-pages``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .compat import build_kind
from .episodes import record_episode
from .listings import record_listings, resolve_listings
from .navigation import resolve_navigation
from .pages import record_page_links, resolve_pages
from .posts import read_document, record_post
from .quotes import place_pull_quote, record_quotes
from .related import record_requests, resolve_related
from .store import get_domain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["RECORD_STEPS", "RESOLVE_STEPS", "setup_pipeline"]

RECORD_STEPS = (
    record_episode,
    record_quotes,
    record_requests,
    record_listings,
    record_page_links,
    record_post,
    place_pull_quote,
)
RESOLVE_STEPS = (resolve_pages, resolve_related, resolve_listings, resolve_navigation)


def record(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: validate the front matter, then run every record step."""
    document = read_document(app, doctree)
    for step in RECORD_STEPS:
        step(document)


def resolve(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: run every resolve step; the documents to write again."""
    changed: set[str] = set()
    for step in RESOLVE_STEPS:
        changed.update(step(app, env))
    return sorted(changed)


def remember_builder(app: Sphinx) -> None:
    """``builder-inited``: what the features need to know about the builder."""
    get_domain(app.env).build = build_kind(app)


def setup_pipeline(app: Sphinx) -> None:
    """Connect the record and resolve steps."""
    app.connect("builder-inited", remember_builder, priority=400)
    app.connect("doctree-read", record, priority=600)
    app.connect("env-get-updated", resolve)
