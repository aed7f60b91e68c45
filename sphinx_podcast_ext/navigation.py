"""The archive's navigation: links to episodes, guests, shows, quotes, tags and years, and the feed.

``podcast_navigation`` names the entries (in order); each is shown when its
page is written in this build:

==============  ==============================================  =====================
entry           page                                            needs
==============  ==============================================  =====================
``episodes``    every post, newest first (``blog``)             ablog
``guests``      the guest index (``guests``)                    generated pages
``shows``       the show index (``shows``)                      generated pages
``quotes``      the quote index (``quotes``)                    generated pages, quotes
``tags``        the tag catalog (``blog/tag``)                  ablog
``years``       the year catalog (``blog/archive``)             ablog
==============  ==============================================  =====================

On ``html-page-context`` every web page gets ``podcast_navigation`` (a list of
``{key, label, url, current}``) and ``podcast_feed_url`` in its template
context, and, when ablog writes an Atom feed (``blog_baseurl`` set), a
``<link rel="alternate">`` to it in its head.

With pydata-sphinx-theme (and themes built on it) the entries and a
*Subscribe* link join the theme's header navigation, before the pages of the
root toctree, through its ``generate_header_nav_html`` context function. Other
themes show them where a project puts the ``podcast/navigation.html``
template (a sidebar, say); nothing else of theirs changes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from .compat import registered_blog
from .pagecache import fingerprint
from .shared import _
from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

__all__ = [
    "NAVIGATION_KEYS",
    "feed_url",
    "nav_targets",
    "resolve_navigation",
    "setup_navigation",
]

NAVIGATION_KEYS = ("episodes", "guests", "shows", "quotes", "tags", "years")
#: After the theme's own handlers (pydata adds its functions at the default 500) and
#: before the escaping guard of :mod:`.themes` (950), which then wraps ours.
EVENT_PRIORITY = 940
_TARGETS: WeakKeyDictionary[Builder, tuple[list[tuple[str, str, str]], str]] = WeakKeyDictionary()


def _labels() -> dict[str, str]:
    return {
        "episodes": _("Episodes"),
        "guests": _("Guests"),
        "shows": _("Shows"),
        "quotes": _("Quotes"),
        "tags": _("Tags"),
        "years": _("Years"),
    }


def _blog_pages(app: Sphinx) -> dict[str, str]:
    if not get_domain(app.env).build.ablog:
        return {}
    blog = registered_blog(app)
    return {
        "episodes": blog.posts.docname,
        "tags": blog.tags.docname,
        "years": blog.archive.docname,
    }


def nav_targets(app: Sphinx) -> list[tuple[str, str, str]]:
    """``(key, label, page name)`` of each configured entry whose page is written."""
    domain = get_domain(app.env)
    if not domain.build.web_pages:
        return []
    pages = {kind: domain.page_links.get((kind, "")) for kind in ("guests", "shows", "quotes")}
    pages.update(_blog_pages(app))
    written = set(domain.generated) | set(app.env.found_docs)
    labels = _labels()
    targets = []
    for key in app.config.podcast_navigation:
        pagename = pages.get(key)
        if key in labels and pagename and pagename in written:
            targets.append((key, labels[key], pagename))
    return targets


def feed_url(app: Sphinx) -> str:
    """The absolute URL of ablog's Atom feed, ``""`` when no feed is written."""
    if not get_domain(app.env).build.ablog or not app.config.podcast_feed_link:
        return ""
    blog = registered_blog(app)
    base = blog.blog_baseurl
    if not base:
        return ""
    return base.rstrip("/") + "/" + blog.feed_path.lstrip("/")


def _is_current(key: str, target: str, pagename: str, is_post: bool) -> bool:
    if key == "episodes":
        return is_post or pagename == target or pagename.startswith(f"{target}/page/")
    if key == "years":
        last = pagename.rsplit("/", 1)[-1]
        return pagename == target or pagename.startswith(f"{target}/") or last.isdigit()
    return pagename == target or pagename.startswith(f"{target}/")


def _url(app: Sphinx, pagename: str, target: str) -> str:
    """The relative URL of *target*; on *target* itself, its own file (not ``""``)."""
    url = app.builder.get_relative_uri(pagename, target)
    if url:
        return url
    own = app.builder.get_target_uri(target)
    return "./" if not own or own.endswith("/") else posixpath.basename(own)


def _prepend(function: Callable[..., str], items: str, count: int) -> Callable[..., str]:
    """The theme's header links after *items*, which count towards its links before "More"."""

    def navigation(n_links_before_dropdown: int = 5, *args: Any, **kwargs: Any) -> str:
        try:
            room = max(int(n_links_before_dropdown) - count, 1)
        except (TypeError, ValueError):
            room = n_links_before_dropdown
        return items + function(room, *args, **kwargs)

    navigation.__doc__ = function.__doc__
    return navigation


def add_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: the entries, the feed link, and pydata's header navigation."""
    domain = get_domain(app.env)
    if not domain.build.web_pages:
        return
    cached = _TARGETS.get(app.builder)
    if cached is None:
        cached = _TARGETS[app.builder] = (nav_targets(app), feed_url(app))
    targets, feed = cached
    record = domain.posts.get(pagename)
    is_post = bool(record is not None and record.post.is_post)
    context["podcast_navigation"] = [
        {
            "key": key,
            "label": label,
            "url": _url(app, pagename, target),
            "current": _is_current(key, target, pagename, is_post),
        }
        for key, label, target in targets
    ]
    context["podcast_feed_url"] = feed
    context["podcast_gettext"] = _
    templates = app.builder.templates
    if feed:
        # ablog's page.html links the feed relatively (pathto(feed_path)); feed readers
        # want the absolute URL, once.
        context["feed_path"] = ""
        head = templates.render("podcast/_feed.html", context)
        context["metatags"] = (context.get("metatags") or "") + head
    function = context.get("generate_header_nav_html")
    if callable(function) and (targets or feed):
        items = templates.render("podcast/navbar-items.html", context)
        count = len(targets) + (1 if feed else 0)
        context["generate_header_nav_html"] = _prepend(function, items, count)


def resolve_navigation(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: every page shows the navigation, so all are written when it changed."""
    domain = get_domain(env)
    if not domain.build.web_pages:
        return []
    digest = fingerprint(nav_targets(app), feed_url(app))
    return domain.changed_pages("navigation", dict.fromkeys(env.found_docs, digest))


def setup_navigation(app: Sphinx) -> None:
    """Connect the ``html-page-context`` handler."""
    app.connect("html-page-context", add_navigation, priority=EVENT_PRIORITY)
