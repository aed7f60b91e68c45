"""The blog archives (all posts, years, tags, categories …), written by the extension for ablog.

With the extension's ablog entry point (``sphinx_podcast_ext.blog``, see
:mod:`.blog`), ablog's own archive generator is not run: it renders every
archive page in every build, lists the whole archive on single pages (1 MB at
1,000 posts) and writes titles and tags unescaped. Instead, after reading:

* **Resolve** (:func:`planned_archive_pages`): ablog's catalogs and collections
  say which posts belong on which archive page, at ablog's own page names (so
  ``{ref}`blog-posts``` and ``tag-…`` references keep working). Each
  collection is split into pages of ``podcast_page_size`` cards (``blog/tag/ai``,
  then ``blog/tag/ai/page/2`` …); each catalog (``blog/tag``, ``blog/archive``)
  lists its collections with their post counts, split likewise.
* **Render** (``pages.py``): the package's ``podcast/archive.html`` and
  ``podcast/catalog.html`` templates draw the posts as the same cards as the
  rest of the site, from the extension's records, with one date format,
  every value escaped, and only when what a page shows changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .compat import registered_blog
from .outputs import Claim, Planned
from .pagination import PageSlice, page_slices
from .records import GeneratedPage
from .shared import _
from .store import PodcastDomain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["ABLOG_OWNER", "ARCHIVE_PRIORITY", "planned_archive_pages"]

#: The owner of archive claims, allowed under ablog's ``blog_path``.
ABLOG_OWNER = "ablog"
#: Archive pages keep ablog's established names before other generated pages.
ARCHIVE_PRIORITY = 5
#: How many more names than cards a catalog page holds.
NAMES_PER_CARD = 10


def _catalogs(blog: Any) -> Iterator[tuple[Any, str, str]]:
    """ablog's catalogs with the title of their page and the header of their collections."""
    yield blog.archive, _("Archives"), _("Posted in %s")
    yield blog.tags, _("Tags"), _("Posts tagged %s")
    yield blog.category, _("Categories"), _("Posts in %s")
    yield blog.author, _("Authors"), _("Posts by %s")
    yield blog.location, _("Locations"), _("Posts from %s")
    yield blog.language, _("Languages"), _("Posts in %s")


def _docnames(collection: Any) -> list[str]:
    """The collection's posts, newest first (ablog's order), one card per document."""
    return list(dict.fromkeys(post.docname for post in collection))


_Make = Callable[[PageSlice, str, str, str], GeneratedPage]


def _listing(kind: str, base: str, title: str, total: int, size: int, make: _Make) -> list[Planned]:
    """The pages of one listing, each claimed under ablog's owner.

    *make* builds a page from its slice, its name and its neighbours' names.
    """
    slices = page_slices(base, total, size)

    def key_of(number: int) -> str:
        return f"{kind}:{base}:{number}"

    def build(page: PageSlice) -> Callable[[Mapping[str, str], str], GeneratedPage]:
        def made(names: Mapping[str, str], pagename: str) -> GeneratedPage:
            previous = names.get(key_of(page.number - 1), "")
            return make(page, pagename, previous, names.get(key_of(page.number + 1), ""))

        return made

    return [
        Planned(
            Claim(
                key_of(page.number),
                page.pagename,
                _("the archive %r") % title,
                None,
                ARCHIVE_PRIORITY,
                owner=ABLOG_OWNER,
            ),
            build(page),
        )
        for page in slices
    ]


def _collection_pages(
    kind: str, collection: Any, title: str, size: int, domain: PodcastDomain
) -> list[Planned]:
    docnames = [d for d in _docnames(collection) if d in domain.posts]

    def make(page: PageSlice, pagename: str, previous: str, following: str) -> GeneratedPage:
        return GeneratedPage(
            pagename,
            "archive",
            title,
            "podcast/archive.html",
            cards=page.items(docnames),
            number=page.number,
            count=page.count,
            previous=previous,
            next=following,
            sources=tuple(docnames),
        )

    return _listing(kind, collection.docname, title, len(docnames), size, make)


def _catalog_pages(kind: str, catalog: Any, title: str, size: int) -> list[Planned]:
    collections = [c for c in catalog if len(c)]
    links = [(str(c), c.docname, len(c)) for c in collections]

    def make(page: PageSlice, pagename: str, previous: str, following: str) -> GeneratedPage:
        return GeneratedPage(
            pagename,
            "catalog",
            title,
            "podcast/catalog.html",
            links=page.items(links),
            number=page.number,
            count=page.count,
            previous=previous,
            next=following,
        )

    return _listing(kind, catalog.docname, title, len(links), size * NAMES_PER_CARD, make)


def planned_archive_pages(app: Sphinx, domain: PodcastDomain) -> list[Planned]:
    """Every archive page, when the extension writes ablog's archives (see the module docs)."""
    if not domain.build.ablog_archives:
        return []
    blog = registered_blog(app)
    found = app.env.found_docs
    size = app.config.podcast_page_size
    planned: list[Planned] = []
    for catalog, title, header in _catalogs(blog):
        collections = [c for c in catalog if len(c)]
        if not collections:
            continue
        if catalog.docname not in found:
            planned += _catalog_pages("catalog", catalog, title, size)
        for collection in collections:
            if collection.docname not in found:
                planned += _collection_pages(
                    "collection", collection, header % collection, size, domain
                )
    for collection, title in ((blog.posts, _("All posts")), (blog.drafts, _("Drafts"))):
        if collection.docname not in found and (len(collection) or collection is blog.posts):
            planned += _collection_pages("collection", collection, title, size, domain)
    return planned
