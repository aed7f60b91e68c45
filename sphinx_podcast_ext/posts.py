"""Posts: a document's front matter validated into a record, and the header line under its title.

* **Record** (``doctree-read``): :func:`read_document` validates the front
  matter that ``source-read`` parsed (``sources.py``) against the post schema
  (``metadata.py``), warning at the line of each bad key; :func:`record_post`
  keeps a :class:`~.records.PostRecord` (title, schema, excerpt, reading time),
  marks posts with a front-matter ``date`` (valid or not) as orphans (they
  are reached through listings and archives, not the toctree) and leaves a
  ``post_header`` placeholder under the title.
* **Render** (post-transform, every builder): :class:`PostHeader` fills the
  placeholder from the records: date · reading time · show · guests · tags,
  the show and guests linking to their generated pages and the tags to ablog's
  tag archives.

:func:`post_meta` is the one place that says how a post is described in a
line (date, show, guests); cards and generated pages use it too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from .compat import ablog_slug
from .media import format_timestamp
from .metadata import POST_FIELDS, post_from_metadata
from .nodes import episode_card, key_quote, post_header, post_listing, related_posts
from .pagecache import fingerprint
from .records import PostRecord
from .shared import (
    DEK_CLASS,
    DocumentBeingRead,
    PodcastPostTransform,
    _,
    build_kind,
    docname_of,
    format_date,
    insert_after_title,
    register_passthrough,
)
from .sources import front_matter_of
from .store import PodcastDomain, get_domain
from .warnings_ import field_warning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .metadata import Episode

__all__ = [
    "PostHeader",
    "PostMeta",
    "excerpt_of",
    "post_meta",
    "read_document",
    "reading_minutes",
    "record_post",
    "setup_posts",
]

WORDS_PER_MINUTE = 200
#: Nodes whose text is not the post's own prose, so never its excerpt.
_NOT_PROSE = (
    nodes.docinfo,
    nodes.field_list,
    nodes.Admonition,
    nodes.sidebar,
    nodes.topic,
    nodes.table,
    nodes.block_quote,
    nodes.system_message,
    nodes.problematic,
    key_quote,
    episode_card,
    related_posts,
    post_listing,
    post_header,
)


# -- record ------------------------------------------------------------------------------------


def read_document(app: Sphinx, doctree: nodes.document) -> DocumentBeingRead:
    """Validate the document's front matter (warning per problem) for the record steps."""
    env = app.env
    docname = env.docname
    front_matter = front_matter_of(env)
    if front_matter is not None and front_matter.data is not None:
        metadata: dict[str, Any] = front_matter.data
    else:
        metadata = env.metadata[docname]
    post, problems = post_from_metadata(metadata, app.config.podcast_default_embed)
    # Problems without a key (invalid YAML, not a mapping) are MyST's to report.
    keyed = [p for p in front_matter.problems if p.key] if front_matter is not None else []
    for problem in [*keyed, *problems]:
        line = problem.line
        if line is None and front_matter is not None:
            line = front_matter.line(problem.key)
        warn(
            field_warning(problem.key),
            _("front matter %s: %s") % (problem.key, problem.message),
            (docname, line),
        )
    return DocumentBeingRead(app, docname, doctree, post, front_matter)


def reading_minutes(doctree: nodes.document) -> int:
    """Minutes to read the page's text at 200 words a minute (at least 1)."""
    words = sum(len(node.astext().split()) for node in doctree.findall(nodes.Text))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def excerpt_of(doctree: nodes.document, length: int) -> str:
    """The first paragraph of the page's own prose, cut at a word near *length* characters."""
    for paragraph in doctree.findall(nodes.paragraph):
        if DEK_CLASS in paragraph["classes"]:
            continue  # a heading that restated the title (titles.py), not prose
        if any(isinstance(parent, _NOT_PROSE) for parent in _ancestors(paragraph)):
            continue
        text = " ".join(paragraph.astext().split())
        if text:
            return _shorten(text, length)
    return ""


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    result = []
    parent = node.parent
    while parent is not None:
        result.append(parent)
        parent = parent.parent
    return result


def _shorten(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(",;:.-\u2013\u2014 ")
    return cut + "…"


def _schema_lines(doc: DocumentBeingRead) -> tuple[tuple[str, int], ...]:
    if doc.front_matter is None:
        return ()
    lines = doc.front_matter.lines
    return tuple((key, lines[key]) for key in POST_FIELDS if key in lines)


def record_post(doc: DocumentBeingRead) -> None:
    """Keep the post's record, mark dated posts orphan, and place the header line."""
    env, post = doc.env, doc.post
    title_node = env.titles.get(doc.docname)
    domain = get_domain(env)
    domain.posts[doc.docname] = PostRecord(
        docname=doc.docname,
        title=post.title or (title_node.astext() if title_node else ""),
        post=post,
        excerpt=excerpt_of(doc.doctree, doc.app.config.podcast_excerpt_length),
        minutes=reading_minutes(doc.doctree),
        lines=_schema_lines(doc),
        digest=fingerprint(doc.doctree.astext()),
    )
    if post.is_post:
        domain.note_dated_post(doc.docname)
    if post.date_text:
        # Posts are reached through listings and archives, not the toctree
        # (ablog does the same for its posts). A date that is not one already
        # warns (podcast.metadata); "not included in any toctree" would only
        # add a second, misleading warning for the same typo.
        env.metadata[doc.docname].setdefault("orphan", True)
    if post.is_post and doc.app.config.podcast_post_header:
        header = post_header()
        header.source, header.line = doc.doctree.get("source"), 1
        insert_after_title(doc.doctree, header)


# -- render ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PostMeta:
    """How a post is described in one line: its date as readers see it, show and guests."""

    date: str
    show: str
    guests: tuple[str, ...]

    def parts(self) -> list[str]:
        """The non-empty parts, in order: date, show, guests."""
        return [part for part in (self.date, self.show, ", ".join(self.guests)) if part]


def post_meta(record: PostRecord, episode: Episode | None, config: Config) -> PostMeta:
    """The date (in ``podcast_date_format``), show and guests of a post."""
    return PostMeta(
        date=format_date(record.date, config, record.post.date_text),
        show=episode.show if episode else "",
        guests=episode.guests if episode else (),
    )


def _page_link(kind: str, label: str, docname: str, classes: list[str]) -> nodes.Node:
    """A reference to a guest or show page; it stays text where there is no such page."""
    return addnodes.pending_xref(
        label,
        nodes.inline(label, label, classes=classes),
        refdomain="podcast",
        reftype=kind,
        reftarget=label,
        refdoc=docname,
        refexplicit=True,
        refwarn=False,
        podcast_quiet=True,
    )


def _tag_link(tag: str, docname: str) -> nodes.Node:
    """A reference to ablog's archive of *tag* (ablog resolves ``tag-<slug>``)."""
    return addnodes.pending_xref(
        tag,
        nodes.inline(tag, tag, classes=["podcast-post-header__tag"]),
        refdomain="std",
        reftype="ref",
        reftarget=f"tag-{ablog_slug(tag)}",
        refdoc=docname,
        refexplicit=True,
        refwarn=False,
    )


def header_line(
    record: PostRecord, domain: PodcastDomain, config: Config, link_tags: bool
) -> nodes.paragraph:
    """``15 May 2024 · 5 min read · Show · Guest · Tag, Tag`` as a paragraph of classed inlines."""
    docname = record.docname
    episode = domain.episode_of(docname)
    meta = post_meta(record, episode, config)
    parts: list[list[nodes.Node]] = []
    if meta.date:
        parts.append([nodes.inline("", meta.date, classes=["podcast-post-header__date"])])
    parts.append(
        [nodes.inline("", _("%d min read") % record.minutes, classes=["podcast-post-header__time"])]
    )
    if episode is not None and episode.duration:
        duration = format_timestamp(episode.duration)
        parts.append([nodes.inline("", duration, classes=["podcast-post-header__duration"])])
    if meta.show:
        parts.append([_page_link("show", meta.show, docname, ["podcast-post-header__show"])])
    if meta.guests:
        guests: list[nodes.Node] = []
        for index, guest in enumerate(meta.guests):
            if index:
                guests.append(nodes.Text(", "))
            guests.append(_page_link("guest", guest, docname, ["podcast-post-header__guest"]))
        parts.append(guests)
    if record.post.tags:
        tags: list[nodes.Node] = []
        for index, tag in enumerate(record.post.tags):
            if index:
                tags.append(nodes.Text(", "))
            label = nodes.inline(tag, tag, classes=["podcast-post-header__tag"])
            tags.append(_tag_link(tag, docname) if link_tags else label)
        parts.append(tags)
    line = nodes.paragraph(classes=["podcast-post-header"])
    for index, part in enumerate(parts):
        if index:
            line += nodes.Text(" · ")
        line.extend(part)
    return line


class PostHeader(PodcastPostTransform):
    """Fill each ``post_header`` placeholder with the post's header line (every builder).

    Runs before Sphinx resolves references, so the guest, show and tag links
    are resolved (or left as text) like any other reference.
    """

    default_priority = 5
    node_class = post_header

    def run(self, **kwargs: Any) -> None:
        """Replace the placeholder by the header paragraph."""
        domain = get_domain(self.env)
        link_tags = build_kind(self.env).ablog
        for node in list(self.document.findall(post_header)):
            record = domain.posts.get(docname_of(self.env, node))
            if record is None:
                node.replace_self([])
                continue
            node.replace_self(header_line(record, domain, self.config, link_tags))


def setup_posts(app: Sphinx) -> None:
    """Register the header placeholder and its post-transform."""
    register_passthrough(app, post_header)
    app.add_post_transform(PostHeader)
