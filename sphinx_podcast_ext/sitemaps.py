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
varies with ``-j``); redirect pages are taken out. Pages of other extensions
(viewcode's ``_modules/…``) that were listed before and not written again are
kept while their file exists: the links of the last sitemap are kept in
``.podcast-sitemap.json`` in the output folder.
"""

from __future__ import annotations

import contextlib
import json
import queue
from collections.abc import Iterable
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path
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


_STORE = ".podcast-sitemap.json"


def _others_before(app: Sphinx) -> list[str]:
    """The links of other extensions' pages in the last sitemap."""
    try:
        data = json.loads((Path(app.outdir) / _STORE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    others = data.get("others") if isinstance(data, dict) else None
    return [link for link in others or () if isinstance(link, str)]


def _link_exists(app: Sphinx, link: str) -> bool:
    path = Path(app.outdir, link)
    if link.endswith("/") or not link:
        path = path / "index.html"
    return path.is_file()


def _complete(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, before sphinx-sitemap: every page in its queue, no redirect."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or not get_domain(app.env).posts:
        return
    written = _drain(links)
    pages, redirects = _pages(app)
    ours = {_link(app, name): name for name in pages}
    excluded = set(_links(app, redirects))
    listed = dict(written)
    for link, pagename in sorted(ours.items()):
        if link not in listed and not any(fnmatch(link, p) for p in app.config.sitemap_excludes):
            listed[link] = _lastmod(app, pagename)
    others = sorted(link for link in written if link not in ours)
    for link in _others_before(app):
        if link not in listed and link not in ours and _link_exists(app, link):
            listed[link] = None
            others.append(link)
    for link in sorted(listed):
        if link not in excluded:
            links.put((link, listed[link]))
    store = Path(app.outdir) / _STORE
    store.write_text(json.dumps({"others": sorted(set(others) - excluded)}), encoding="utf-8")


def _links(app: Sphinx, pagenames: Iterable[str]) -> Iterable[str]:
    return (_link(app, name) for name in pagenames)


def setup_sitemaps(app: Sphinx) -> None:
    """Complete sphinx-sitemap's list before it writes (it writes at the default priority)."""
    app.connect("build-finished", _complete, priority=450)
