"""A guard for sphinx-sitemap: every page in every build, and no redirect pages.

sphinx-sitemap collects the pages it lists on ``html-page-context``, that is
only the pages written in the current build. An incremental build (one edited
post) then writes a sitemap of that post and a few others, and drops every
page that was not rewritten (sphinx-sitemap issue #13, open since 2020); the
extension's page cache, which skips unchanged generated pages, makes that
worse. It also lists the ``noindex`` redirect pages of ``legacy_slug``.

Just before sphinx-sitemap writes the file (``build-finished``), its queue of
links is completed with every document and every page the extension or ablog
generated in this build, written or not, in the form sphinx-sitemap gives
them, in sorted order (not the order pages happened to be written in, which
varies with ``-j``); redirect pages are taken out.
"""

from __future__ import annotations

import contextlib
import queue
from collections.abc import Iterable
from datetime import UTC, datetime
from fnmatch import fnmatch
from typing import TYPE_CHECKING, Any

from .pagecache import get_cache
from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["setup_sitemaps"]


def _link(app: Sphinx, pagename: str) -> str:
    """*pagename*'s link as sphinx-sitemap writes it (see its ``add_html_link``)."""
    if type(app.builder).__name__ == "DirectoryHTMLBuilder":
        if pagename == "index":
            return ""
        return pagename[: -len("index")] if pagename.endswith("/index") else pagename + "/"
    suffix = app.config.html_file_suffix or ".html"
    return pagename + suffix


def _lastmod(app: Sphinx, pagename: str) -> str | None:
    """The page's last change from git, when sphinx-sitemap shows it (as it does)."""
    if not app.config.sitemap_show_lastmod:
        return None
    timestamp, _shown = getattr(app.env, "git_last_updated", {}).get(pagename, (None, None))
    if not timestamp:
        return None
    return datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _drain(links: Any) -> dict[str, str | None]:
    """Everything in sphinx-sitemap's queue, emptied: ``{link: lastmod}``."""
    found: dict[str, str | None] = {}
    with contextlib.suppress(queue.Empty):
        while True:
            link, lastmod = links.get_nowait()
            found[link] = lastmod
    return found


def _pages(app: Sphinx) -> tuple[set[str], set[str]]:
    """Every page of this build, written or not, and the redirect pages among them."""
    domain = get_domain(app.env)
    cache = get_cache(app)
    generated = set(cache.current) if cache is not None else set(domain.generated)
    pages = set(app.env.all_docs) | {name for name in generated if not name.startswith("__")}
    redirects = {name for name, page in domain.generated.items() if page.redirect_to}
    return pages, redirects


def _complete(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, before sphinx-sitemap: every page in its queue, no redirect."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or not get_domain(app.env).posts:
        return
    written = _drain(links)
    pages, redirects = _pages(app)
    excluded = set(_links(app, redirects))
    listed = dict(written)
    for pagename in sorted(pages - redirects):
        link = _link(app, pagename)
        if link not in listed and not any(fnmatch(link, p) for p in app.config.sitemap_excludes):
            listed[link] = _lastmod(app, pagename)
    for link in sorted(listed):
        if link not in excluded:
            links.put((link, listed[link]))


def _links(app: Sphinx, pagenames: Iterable[str]) -> Iterable[str]:
    return (_link(app, name) for name in pagenames)


def setup_sitemaps(app: Sphinx) -> None:
    """Complete sphinx-sitemap's list before it writes (it writes at the default priority)."""
    app.connect("build-finished", _complete, priority=450)
