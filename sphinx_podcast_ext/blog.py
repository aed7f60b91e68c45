"""Posts as blog posts: ablog recognition from front matter, and the post header line.

* With ablog loaded, every document whose front matter has a valid date is
  marked as an ablog post (the ``blogpost`` field ablog looks for), so editors
  never write ``blogpost: true`` by hand. Posts with an invalid date are not
  marked (they already warn), since ablog would stop the build on them.
* Each post gets a header line under its title: date, reading time and tags,
  the tags linking to ablog's tag archives when ablog is loaded.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from .metadata import parse_date
from .shared import _
from .slugs import slugify

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .metadata import Post

__all__ = ["MarkAblogPosts", "make_post_header", "reading_minutes", "setup_blog"]

WORDS_PER_MINUTE = 200


def ablog_loaded(config: Any) -> bool:
    """Whether ablog is set up (its config values exist)."""
    return hasattr(config, "blog_path") and hasattr(config, "post_date_format")


class MarkAblogPosts(SphinxTransform):
    """Add ``blogpost: true`` to the docinfo of dated posts (before ablog reads it, at 800)."""

    default_priority = 790

    def apply(self, **kwargs: Any) -> None:
        """Mark the document if it is a dated post and not marked already."""
        if not (self.config.podcast_ablog_posts and ablog_loaded(self.config)):
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


def reading_minutes(doctree: nodes.document) -> int:
    """Minutes to read the page's text at 200 words a minute (at least 1)."""
    words = sum(len(node.astext().split()) for node in doctree.findall(nodes.Text))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def make_post_header(post: Post, minutes: int, docname: str, link_tags: bool) -> nodes.paragraph:
    """``15 May 2024 · 5 min read · Tech, AI`` as a paragraph with classes for styling."""
    header = nodes.paragraph(classes=["podcast-post-header"])
    if post.date:
        header += nodes.inline("", post.date.isoformat(), classes=["podcast-post-header__date"])
    elif post.date_text:
        header += nodes.inline("", post.date_text, classes=["podcast-post-header__date"])
    if header.children:
        header += nodes.Text(" · ")
    header += nodes.inline("", _("%d min read") % minutes, classes=["podcast-post-header__time"])
    for index, tag in enumerate(post.tags):
        header += nodes.Text(" · " if index == 0 else ", ")
        label = nodes.inline(tag, tag, classes=["podcast-post-header__tag"])
        if link_tags:
            # ablog resolves "tag-<slug>" references to its tag archive pages.
            header += addnodes.pending_xref(
                tag,
                label,
                refdomain="std",
                reftype="ref",
                reftarget=f"tag-{slugify(tag)}",
                refdoc=docname,
                refexplicit=True,
                refwarn=False,
            )
        else:
            header += label
    return header


def insert_post_header(app: Sphinx, doctree: nodes.document, post: Post) -> None:
    """Put the header line right under the page's title, for posts."""
    if not (post.is_post and app.config.podcast_post_header):
        return
    header = make_post_header(
        post, reading_minutes(doctree), app.env.docname, ablog_loaded(app.config)
    )
    section = next(doctree.findall(nodes.section), None)
    if section is None:
        doctree.insert(0, header)
        return
    title_index = next(
        (i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1
    )
    section.insert(title_index + 1, header)


def setup_blog(app: Sphinx) -> None:
    """Register the ablog marking transform."""
    app.add_transform(MarkAblogPosts)
