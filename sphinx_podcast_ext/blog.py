"""ablog for podcast archives: posts recognized from front matter, parallel reading, cached feeds.

Two ways to use ablog with the extension:

* ``extensions = [..., "sphinx_podcast_ext.blog"]`` (recommended; what
  ``content/conf.py`` does) sets ablog up through this module's :func:`setup`,
  then the extension. ablog's own setup runs unchanged, except for two of its
  event handlers: its archive-page generator is replaced by the extension's
  (:mod:`.archives`: paginated, escaped, cached, drawn from the extension's
  records) and its feed generator writes the feeds only when what they show
  changed. ablog's post registry (``env.ablog_posts``) is merged from parallel
  readers, so ``sphinx-build -j`` works with ablog — ablog itself declares
  ``parallel_read_safe = False`` because it does not merge it
  (sunpy/ablog#264, #297, #327; the proposed fix #330 merges on
  ``env-merge-info`` as done here).
* ``extensions = [..., "ablog", "sphinx_podcast_ext"]`` keeps ablog exactly as
  it is (serial reading, every archive page rendered in every build); the
  extension only marks posts and guards ablog's front-matter keys.

Either way, every document whose front matter has a valid date is marked as
an ablog post (the ``blogpost`` field ablog looks for), so editors never write
``blogpost: true``. Posts with an invalid date are not marked (they already
warn): ablog would stop the build on them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform

from . import __version__
from .compat import registered_blog
from .metadata import parse_date
from .pagecache import fingerprint, get_cache
from .parallel import PageTuple
from .shared import build_kind
from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["MarkAblogPosts", "setup", "setup_blog"]

_Generator = Callable[["Sphinx"], Iterator[PageTuple]]


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


def strip_diagnostics(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: no build message in what ablog shows of a post elsewhere.

    With ``keep_warnings = True`` docutils' "System Message" blocks (which name
    the source's absolute path) stay in the copies of each post that ablog keeps
    for its feeds and archives; they belong on the page only.
    """
    for infos in getattr(env, "ablog_posts", {}).values():
        for info in infos:
            doctree = info.get("doctree")
            if not isinstance(doctree, nodes.Element):
                continue
            messages = list(doctree.findall(nodes.system_message))
            # ablog's excerpt is the first paragraphs, a message's own paragraph included.
            said = {p.astext() for message in messages for p in message.findall(nodes.paragraph)}
            info["excerpt"] = [p for p in info.get("excerpt", []) if p.astext() not in said]
            for message in messages:
                message.parent.remove(message)
    return []


def setup_blog(app: Sphinx) -> None:
    """The part of the extension that works with ablog however it is loaded."""
    app.add_transform(MarkAblogPosts)
    app.connect("env-get-updated", strip_diagnostics)


# -- the sphinx_podcast_ext.blog entry point ---------------------------------------------------


def _no_archive_pages(app: Sphinx) -> Iterator[PageTuple]:
    """ablog's archive pages are written by the extension (:mod:`.archives`)."""
    yield from ()


def _lighten(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after ablog's: keep ablog's copy of a post's whole doctree out of the
    environment (90 % of it at 1,000 posts, 30 MB, pickled and merged in every build).

    ablog reads that copy only for full-text feeds, which :func:`_cached_feeds` gives
    it from the document's own pickled doctree instead. The excerpt ablog keeps loses
    the paragraphs of build messages (``keep_warnings``) that it may have taken, and
    the link to its document (so that it is pickled alone).
    """
    infos = getattr(app.env, "ablog_posts", {}).get(app.env.docname, [])
    said = {
        paragraph.astext()
        for message in doctree.findall(nodes.system_message)
        for paragraph in message.findall(nodes.paragraph)
    }
    for info in infos:
        info["doctree"] = None
        info["excerpt"] = [_detached(p) for p in info.get("excerpt", []) if p.astext() not in said]


def _detached(node: nodes.Node) -> nodes.Node:
    """A copy of *node* without the link to its document (a copy keeps it, and pickling
    the copy would then pickle the whole document with it)."""
    copy = node.deepcopy()
    for inner in copy.findall():
        inner.document = None  # type: ignore[assignment]
    return copy


def _full_texts(app: Sphinx) -> None:
    """Give the posts a full-text feed shows their doctrees back (see :func:`_lighten`)."""
    blog = registered_blog(app)
    posts = sorted(blog.posts, key=lambda post: post.date, reverse=True)
    for post in posts[: blog.blog_feed_length] if blog.blog_feed_length else posts:
        if post.doctree is None:
            tree = app.env.get_doctree(post.docname)
            for message in list(tree.findall(nodes.system_message)):
                message.parent.remove(message)
            post.doctree = tree


def _cached_feeds(generate: _Generator) -> _Generator:
    """ablog's feed generator, run only when what the feeds show changed."""

    def feeds(app: Sphinx) -> Iterator[PageTuple]:
        cache = get_cache(app)
        if cache is not None and app.config.podcast_ablog_cache and not _feeds_changed(app):
            return
        if registered_blog(app).blog_feed_fulltext:
            _full_texts(app)
        yield from generate(app)

    feeds.__doc__ = f"{generate.__name__}, writing the feeds only when their posts changed."
    return feeds


def _feeds_changed(app: Sphinx) -> bool:
    """Whether the feeds show something new: their posts, in every field the feed writes."""
    cache = get_cache(app)
    blog = registered_blog(app)
    if cache is None or not blog.blog_baseurl:
        return False
    domain = get_domain(app.env)
    posts = sorted(blog.posts, key=lambda post: post.date, reverse=True)
    shown = posts[: blog.blog_feed_length] if blog.blog_feed_length else posts
    fulltext = bool(blog.blog_feed_fulltext)
    described = [
        (
            post.docname,
            post.section,
            post.title,
            str(post.date),
            str(post.update),
            sorted(str(tag) for tag in post.tags),
            sorted(str(author) for author in post.author),
            "".join(node.astext() for node in post.excerpt),
            domain.posts[post.docname].digest if fulltext and post.docname in domain.posts else "",
            domain.shown_elsewhere(post.docname) if fulltext else (),
        )
        for post in shown
    ]
    settings = (
        blog.blog_baseurl,
        blog.blog_title,
        blog.blog_feed_subtitle,
        fulltext,
        blog.blog_feed_titles,
        blog.blog_feed_archives,
        repr(blog.blog_feed_templates),
        app.config.language,
    )
    archives = (
        [(str(c), len(c)) for catalog in blog.catalogs.values() for c in catalog]
        if blog.blog_feed_archives
        else []
    )
    feed = Path(app.builder.outdir, blog.blog_path, "atom.xml")
    due = cache.needs_writing("__ablog_feeds__", fingerprint(settings, described, archives), feed)
    if due:
        cache.forget(["__ablog_feeds__"])
    return due


class _AblogSetup:
    """The application as ablog's ``setup`` sees it: every call passed on, but two of
    its ``html-collect-pages`` handlers replaced (see the module docs)."""

    def __init__(self, app: Sphinx) -> None:
        from ablog import post as ablog_post  # ablog is optional: only this entry point needs it

        self._app = app
        self._replacements: dict[Any, _Generator] = {
            ablog_post.generate_archive_pages: _no_archive_pages,
            ablog_post.generate_atom_feeds: _cached_feeds(ablog_post.generate_atom_feeds),
        }

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)

    def connect(self, event: str, callback: Callable[..., Any], priority: int = 500) -> int:
        """Connect *callback*, or the extension's replacement of it."""
        return self._app.connect(event, self._replacements.get(callback, callback), priority)


def _merge_ablog_posts(
    app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
) -> None:
    """``env-merge-info``: take ablog's records of the posts a parallel reader read."""
    theirs = getattr(other, "ablog_posts", {})
    if not hasattr(env, "ablog_posts"):
        env.ablog_posts = {}  # type: ignore[attr-defined]
    mine = env.ablog_posts  # type: ignore[attr-defined]
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


def _register_posts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: register ablog's posts once reading (and merging) is done, so
    its references resolve from the first page written, also after parallel reading."""
    if hasattr(env, "ablog_posts"):
        registered_blog(app)
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    """Set up ablog (see the module docs), then sphinx_podcast_ext."""
    if "ablog" in app.extensions or "ablog" in app.config.extensions:
        raise ExtensionError(
            "sphinx_podcast_ext.blog sets ablog up itself: list 'sphinx_podcast_ext.blog' "
            "or 'ablog', not both"
        )
    import ablog  # ablog is optional: only this entry point needs it

    ablog_metadata = ablog.setup(_AblogSetup(app))
    app.connect("env-merge-info", _merge_ablog_posts)
    app.connect("doctree-read", _lighten, priority=510)
    app.connect("env-get-updated", _register_posts, priority=400)
    app.setup_extension("sphinx_podcast_ext")
    return {
        "version": f"{__version__} (ablog {ablog_metadata.get('version', '?')})",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
