"""Posts as ablog posts: recognition from front matter, and archives rendered only when changed.

* With ablog loaded, every document whose front matter has a valid date is
  marked as an ablog post (the ``blogpost`` field ablog looks for), so editors
  never write ``blogpost: true`` by hand. Posts with an invalid date are not
  marked (they already warn), since ablog would stop the build on them.
* ablog renders every archive page and feed in every build, which dominates
  rebuilds of a large archive. Its page and feed generators are wrapped so that
  a page (or feed) is rendered only when the posts it shows changed
  (:mod:`sphinx_podcast_ext.pagecache`); ablog itself is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .metadata import parse_date
from .pagecache import PageCache, fingerprint, get_cache
from .shared import build_kind

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["MarkAblogPosts", "setup_blog"]


class MarkAblogPosts(SphinxTransform):
    """Add ``blogpost: true`` to the docinfo of dated posts (before ablog reads it, at 800)."""

    default_priority = 790

    def apply(self, **kwargs: Any) -> None:
        """Mark the document if it is a dated post and not marked already."""
        if not (self.config.podcast_ablog_posts and build_kind(self.env).ablog):
            return
        docinfo = next(self.document.findall(nodes.docinfo), None)
        if docinfo is None:
            return
        names = {field[0].astext() for field in docinfo.findall(nodes.field)}
        if "blogpost" in names:
            return
        date = next(docinfo.findall(nodes.date), None)
        if date is None or not _is_iso_date(date.astext()):
            return
        field = nodes.field()
        field += nodes.field_name("", "blogpost")
        field += nodes.field_body("", nodes.paragraph("", "true"))
        docinfo += field


def _is_iso_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


# -- ablog's archive pages and feeds, rendered only when they change ---------------------------

PageTuple = tuple[str, dict[str, Any], str]


def _plain(value: Any) -> Any:
    """ablog's posts, collections and catalogs as plain, comparable values."""
    kind = type(value).__name__
    if kind == "Post":
        return (
            value.docname,
            value.section,
            value.title,
            str(value.date),
            str(value.update),
            tuple(sorted(str(tag) for tag in value.tags)),
            tuple(sorted(str(author) for author in value.author)),
            "".join(node.astext() for node in value.excerpt),
        )
    if kind == "Collection":
        return (str(value), value.docname, tuple(_plain(post) for post in value))
    if kind == "Catalog":
        return (value.docname, tuple((str(c), c.docname, len(c)) for c in value))
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    return repr(value)


def _blog(app: Sphinx) -> Any:
    """ablog's blog with every post registered, as its own generators make sure of."""
    from ablog.blog import Blog
    from ablog.post import register_posts

    blog = Blog(app)
    if not blog:
        register_posts(app)
    return blog


def _blog_summary(app: Sphinx) -> Any:
    """What ablog's sidebars show on every archive page: years and tags with counts."""
    blog = _blog(app)
    return (_plain(blog.archive), _plain(blog.tags), _plain(blog.category))


def _cached_pages(
    generate: Callable[[Sphinx], Iterator[PageTuple]],
) -> Callable[[Sphinx], Iterator[PageTuple]]:
    def pages(app: Sphinx) -> Iterator[PageTuple]:
        cache = get_cache(app)
        pages = generate(app)
        if cache is None:
            yield from pages
            return
        # Digested once: the years and tags lists are large and the same on every page.
        summary = fingerprint(_blog_summary(app))
        for pagename, context, template in pages:
            digest = fingerprint(template, _plain(context), summary)
            if cache.needs_writing(pagename, digest):
                yield pagename, context, template

    pages.__doc__ = f"{generate.__name__}, rendering only pages whose posts changed."
    return pages


def _cached_feeds(
    generate: Callable[[Sphinx], Iterator[PageTuple]],
) -> Callable[[Sphinx], Iterator[PageTuple]]:
    def feeds(app: Sphinx) -> Iterator[PageTuple]:
        cache = get_cache(app)
        if cache is not None and not _feeds_changed(app, cache):
            return
        yield from generate(app)

    feeds.__doc__ = f"{generate.__name__}, writing the feeds only when their posts changed."
    return feeds


def _feeds_changed(app: Sphinx, cache: PageCache) -> bool:
    blog = _blog(app)
    if not blog.blog_baseurl:
        return False
    posts = sorted(blog.posts, key=lambda post: post.date, reverse=True)
    shown = posts[: blog.blog_feed_length] if blog.blog_feed_length else posts
    config = (blog.blog_baseurl, blog.blog_title, blog.blog_feed_fulltext, blog.blog_feed_archives)
    digest = fingerprint(
        config, _plain(shown), _blog_summary(app) if blog.blog_feed_archives else ()
    )
    feed = Path(app.builder.outdir, blog.blog_path, "atom.xml")
    return cache.needs_writing("__ablog_feeds__", digest, feed)


def wrap_ablog_generators(app: Sphinx) -> None:
    """``builder-inited``: swap ablog's page and feed generators for cached ones."""
    if not (app.config.podcast_ablog_cache and "ablog" in app.extensions):
        return
    from ablog import post as ablog_post

    wrappers = {
        ablog_post.generate_archive_pages: _cached_pages,
        ablog_post.generate_atom_feeds: _cached_feeds,
    }
    for listener in list(app.events.listeners.get("html-collect-pages", [])):
        wrap = wrappers.get(listener.handler)
        if wrap is not None:
            app.disconnect(listener.id)
            app.connect("html-collect-pages", wrap(listener.handler), priority=listener.priority)


def setup_blog(app: Sphinx) -> None:
    """Register the ablog marking transform and the archive cache."""
    app.add_transform(MarkAblogPosts)
    app.connect("builder-inited", wrap_ablog_generators)
