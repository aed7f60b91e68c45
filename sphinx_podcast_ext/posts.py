"""Per-document records: front matter, the page's episode, its key quotes, its excerpt.

Runs on ``doctree-read``, after Sphinx has collected the document's metadata
and title, and stores one record per document in the ``podcast`` domain.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from docutils import nodes

from .blog import insert_post_header
from .episodes import episode_card, make_episode_card, problem_kind
from .metadata import Post, load_front_matter, post_from_metadata
from .quotes import key_quote, quote_text
from .related import related_posts
from .shared import _, insert_after_title
from .store import EpisodeRecord, PostRecord, QuoteRecord, get_domain
from .warnings_ import PodcastWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["FrontMatter", "collect_records", "excerpt_of", "front_matter_line"]

#: Nodes whose text is not the post's own prose, so never its excerpt.
_NOT_PROSE = (
    nodes.docinfo,
    nodes.field_list,
    nodes.Admonition,
    nodes.sidebar,
    nodes.topic,
    nodes.table,
    nodes.block_quote,
    key_quote,
    episode_card,
    related_posts,
)


def front_matter_line(source: str, dotted_key: str) -> int | None:
    """The 1-based line of *dotted_key* (``episode.url``) in a file's YAML front matter."""
    if not source.startswith("---"):
        return None
    end = source.find("\n---", 3)
    block = source[3 : end if end != -1 else len(source)]
    try:
        node = yaml.compose(block)
    except yaml.YAMLError:
        return 1
    line = 1
    for key in dotted_key.split("."):
        if not isinstance(node, yaml.MappingNode):
            break
        match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == key), None)
        if match is None:
            break
        line = match[0].start_mark.line + 1
        node = match[1]
    # The block starts with the newline after the opening "---", so YAML's
    # 0-based line numbers are the file's 1-based ones.
    return line


class FrontMatter:
    """A document's front matter as written: real YAML types and key lines.

    Sphinx's ``env.metadata`` holds every value as text (MyST turns lists into
    JSON), which hides type errors such as ``tags: 5``; so Markdown sources are
    re-read here. Other sources (reST field lists) use ``env.metadata``.
    """

    def __init__(self, source_path: str | Path | None) -> None:
        self.text = ""
        if source_path and Path(source_path).suffix not in (".rst", ".txt"):
            try:
                self.text = Path(source_path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                self.text = ""
        self.data, self.problems = load_front_matter(self.text) if self.text else (None, [])
        self._lines: dict[str, int | None] = {}

    def line(self, dotted_key: str) -> int | None:
        """The line of a key, or ``None`` if it cannot be found."""
        if dotted_key not in self._lines:
            self._lines[dotted_key] = (
                front_matter_line(self.text, dotted_key) if self.text else None
            )
        return self._lines[dotted_key]


def excerpt_of(doctree: nodes.document, length: int) -> str:
    """The first paragraph of the page's own prose, cut at a word near *length* characters."""
    for paragraph in doctree.findall(nodes.paragraph):
        if "podcast-post-header" in paragraph["classes"]:
            continue
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


def collect_records(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: validate the front matter and record the page for other pages."""
    env = app.env
    docname = env.docname
    domain = get_domain(env)
    front_matter = FrontMatter(doctree.get("source"))
    metadata = front_matter.data if front_matter.data is not None else env.metadata[docname]
    post, problems = post_from_metadata(metadata, app.config.podcast_default_embed)
    # Problems without a key (invalid YAML, not a mapping) are MyST's to report.
    keyed = [problem for problem in front_matter.problems if problem.key]
    for problem in [*keyed, *problems]:
        kind = (
            problem_kind(problem.key)
            if problem.key.startswith("episode.")
            else PodcastWarning.METADATA
        )
        warn(
            kind,
            _("front matter %s: %s") % (problem.key, problem.message),
            (docname, problem.line or front_matter.line(problem.key)),
        )
    _place_episode_card(app, doctree, post)
    insert_post_header(app, doctree, post)
    _record_episode(docname, doctree, domain.episodes)
    if docname not in domain.episodes and post.episode is not None:
        # The card is switched off (podcast_episode_card = "none"); the episode still counts.
        domain.episodes[docname] = EpisodeRecord(docname, post.episode, "", None)
    quotes = [
        QuoteRecord(
            docname=docname,
            anchor=node["ids"][0] if node["ids"] else "",
            speaker=node["speaker"],
            role=node["role"],
            text=quote_text(node),
            timestamp=node["timestamp"],
            episode_ref=node["episode"],
            line=node.line,
        )
        for node in doctree.findall(key_quote)
    ]
    if quotes:
        domain.quotes[docname] = quotes
    title_node = env.titles.get(docname)
    domain.posts[docname] = PostRecord(
        docname=docname,
        title=post.title or (title_node.astext() if title_node else ""),
        post=post,
        excerpt=excerpt_of(doctree, app.config.podcast_excerpt_length),
    )


def _place_episode_card(app: Sphinx, doctree: nodes.document, post: Post) -> None:
    """Show the front matter's episode at the top, unless the body has a directive."""
    if post.episode is None or app.config.podcast_episode_card != "top":
        return
    if next(doctree.findall(episode_card), None) is not None:
        return
    card = make_episode_card(post.episode)
    card.source = str(app.env.doc2path(app.env.docname))
    card.line = 1
    card["ids"].append(_unique_id(doctree, "episode"))
    doctree.ids[card["ids"][0]] = card
    insert_after_title(doctree, card)


def _unique_id(doctree: nodes.document, wanted: str) -> str:
    candidate, number = wanted, 1
    while candidate in doctree.ids:
        candidate, number = f"{wanted}-{number}", number + 1
    return candidate


def _record_episode(
    docname: str, doctree: nodes.document, episodes: dict[str, EpisodeRecord]
) -> None:
    cards = list(doctree.findall(episode_card))
    for extra in cards[1:]:
        warn(
            PodcastWarning.EPISODE,
            _("a page has one episode; this second one is shown but not used as the page's"),
            extra,
        )
        extra["ids"] = []
    if cards:
        first = cards[0]
        episodes[docname] = EpisodeRecord(
            docname=docname,
            episode=first["episode"],
            anchor=first["ids"][0] if first["ids"] else "",
            line=first.line,
        )
