"""What differs between builders, Sphinx versions and the presence of ablog, decided once.

Every "is this an HTML builder with one file per page?" or "is ablog loaded?"
question of the extension is answered here, from public APIs only: the builder
is looked at once, on ``builder-inited``, and the answer kept on the ``podcast``
domain (post-transforms have no public way to reach the builder in Sphinx 9,
which deprecates ``SphinxTransform.app``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

__all__ = [
    "BLOG_EXTENSION",
    "BuildKind",
    "ablog_loaded",
    "ablog_slug",
    "build_kind",
    "registered_blog",
]

#: The extension's ablog entry point (``extensions = ["sphinx_podcast_ext.blog"]``).
BLOG_EXTENSION = "sphinx_podcast_ext.blog"

#: HTML builders that write one file per page but are not web pages of the site.
_NOT_WEB_PAGES = ("epub", "epub3", "singlehtml")
#: HTML builders whose output is data, not pages (ablog does not support them either).
_SERIALIZING = ("json", "pickle")


@dataclass(frozen=True, slots=True)
class BuildKind:
    """The current builder, as the extension needs to know it."""

    name: str = ""
    format: str = ""
    ablog: bool = False
    """Whether ablog is loaded (so posts are blog posts and tags have archive pages)."""
    ablog_archives: bool = False
    """Whether the extension writes ablog's archives (ablog set up through ``BLOG_EXTENSION``)."""

    @property
    def is_html(self) -> bool:
        """Any HTML builder, EPUB and single-page HTML included."""
        return self.format == "html"

    @property
    def single_page(self) -> bool:
        """All documents are written into one HTML file."""
        return self.name == "singlehtml"

    @property
    def web_pages(self) -> bool:
        """HTML pages of a web site (html, dirhtml): they get web metadata and generated pages."""
        return self.is_html and self.name not in _NOT_WEB_PAGES + _SERIALIZING

    @property
    def writes_pages(self) -> bool:
        """Whether pages that are not documents (guest pages, archives) are written."""
        return self.web_pages


def build_kind(app: Sphinx) -> BuildKind:
    """The kind of the application's builder."""
    builder: Builder = app.builder
    return BuildKind(
        name=builder.name,
        format=builder.format,
        ablog=ablog_loaded(app),
        ablog_archives=BLOG_EXTENSION in app.extensions,
    )


def ablog_loaded(app: Sphinx) -> bool:
    """Whether ablog is set up: directly, or through :data:`BLOG_EXTENSION`."""
    return "ablog" in app.extensions or BLOG_EXTENSION in app.extensions


def ablog_slug(label: str) -> str:
    """The slug ablog gives a tag or year archive (``tag-<slug>``): ablog's own function.

    It differs from :func:`~.slugs.slugify` (it keeps ``_`` and non-ASCII letters),
    so links to ablog's pages must use it.
    """
    from ablog.blog import slugify  # ablog is optional: imported only when it is loaded

    return str(slugify(label))


def registered_blog(app: Sphinx) -> Any:
    """ablog's blog with every post of the environment registered.

    ablog registers its posts lazily, in the main process, the first time one of
    its handlers needs them; this does the same, once all documents are read.
    """
    from ablog.blog import Blog  # ablog is optional: imported only when it is loaded
    from ablog.post import register_posts

    blog = Blog(app)
    if not blog:
        register_posts(app)
    return blog
