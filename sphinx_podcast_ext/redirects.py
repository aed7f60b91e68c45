"""Redirects from old URLs: a page at each post's ``legacy_slug`` that sends readers to the post.

* **Record:** ``legacy_slug`` is part of the post's front matter (``posts.py``).
* **Resolve** (after reading, :func:`redirect_claims`): each slug asks for its
  page name through :func:`~.outputs.assign_pages`, after every other
  generated page and never moving: a slug that is not a safe relative path
  (``../x``, ``./index``, ``/genindex``), or whose page would replace a
  document or another page, gets no redirect and a ``podcast.pages`` warning.
  Of two posts with one slug, the first by name keeps it, whatever the read order.
* **Render:** the package's ``podcast/redirect.html`` template (a refresh
  ``<meta>`` and a link, every value escaped), written by ``pages.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .outputs import Claim
from .records import GeneratedPage
from .shared import _
from .store import get_domain

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

__all__ = ["REDIRECT_PRIORITY", "redirect_claims", "redirect_page"]

#: Redirects claim their names after every other generated page.
REDIRECT_PRIORITY = 90
_HTML_SUFFIXES = (".html", ".htm")


def _pagename(legacy_slug: str) -> str:
    """The page name of an old URL path: without surrounding ``/`` or an ``.html`` ending."""
    name = legacy_slug.strip().strip("/")
    for suffix in _HTML_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def redirect_claims(env: BuildEnvironment) -> dict[str, Claim]:
    """One claim per post with a ``legacy_slug`` that differs from its own name, by docname."""
    domain = get_domain(env)
    claims = {}
    for docname in sorted(domain.posts):
        legacy = domain.posts[docname].post.legacy_slug
        wanted = _pagename(legacy)
        if not wanted or wanted == docname:
            continue
        claims[docname] = Claim(
            key=f"redirect:{docname}",
            wanted=wanted,
            label=_("legacy_slug %r") % legacy,
            location=(docname, domain.posts[docname].line("legacy_slug")),
            priority=REDIRECT_PRIORITY,
            move=False,
        )
    return claims


def redirect_page(pagename: str, docname: str, env: BuildEnvironment) -> GeneratedPage:
    """The redirect page at *pagename* that sends readers to *docname*."""
    record = get_domain(env).posts[docname]
    return GeneratedPage(
        pagename=pagename,
        kind="redirect",
        title=record.title,
        template="podcast/redirect.html",
        redirect_to=docname,
        sources=(docname,),
    )
