"""A post's title: sized for its length, and a heading that restates it folded under it.

Imported posts often open with a single ``##`` heading that wraps the whole
body and says the title again in other words ("The Future of AI: A
Conversation with John Schulman" under "John Schulman (OpenAI Cofounder) -
Reasoning, RLHF …"). :class:`PostTitle` (a read transform, so before Sphinx
collects the page's table of contents) turns such a heading into a
standfirst paragraph under the title, keeping its id, and moves the sections
under it up one level. It only does so when the heading

* is the first thing of the body and its only ``##`` heading, and
* shares a word of four letters or more with the title, a guest or the show
  (so "## Summary" stays a heading).

It also gives the title of every post a class by its length
(``podcast-title--long`` over 60 characters, ``--longer`` over 90), so the
stylesheet can size it for the viewport.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .metadata import post_from_metadata
from .shared import DEK_CLASS
from .sources import front_matter_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .metadata import Post

__all__ = ["PostTitle", "restates", "setup_titles", "title_classes"]

_WORD = re.compile(r"[^\W\d_]{4,}")
#: Words too common in titles to show that two headings say the same thing.
_COMMON = frozenset(
    {
        "with",
        "from",
        "this",
        "that",
        "what",
        "when",
        "where",
        "about",
        "into",
        "episode",
        "podcast",
        "part",
        "their",
        "your",
        "will",
        "have",
        "more",
    }
)
#: Title lengths (characters) above which the title gets a smaller size.
LONG, LONGER = 60, 90


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.casefold()) if word not in _COMMON}


def restates(heading: str, post: Post, title: str) -> bool:
    """Whether *heading* shares a significant word with the title, a guest or the show."""
    names = [title]
    if post.episode is not None:
        names += [*post.episode.guests, post.episode.show, post.episode.title]
    return bool(_words(heading) & _words(" ".join(names)))


def title_classes(title: str) -> list[str]:
    """The classes of a post's title by its length."""
    classes = ["podcast-title"]
    if len(title) > LONGER:
        classes.append("podcast-title--longer")
    elif len(title) > LONG:
        classes.append("podcast-title--long")
    return classes


def _only_heading(section: nodes.section) -> nodes.section | None:
    """The section's single subsection when it comes first in its body, else ``None``."""
    body = [child for child in section.children[1:] if not isinstance(child, _INVISIBLE)]
    subsections = [child for child in body if isinstance(child, nodes.section)]
    if len(subsections) != 1 or not body or body[0] is not subsections[0]:
        return None
    return subsections[0]


_INVISIBLE = (nodes.target, nodes.comment, nodes.system_message, nodes.substitution_definition)


def fold_heading(section: nodes.section, heading: nodes.section) -> nodes.paragraph:
    """Replace *heading* by a standfirst (its title's text) followed by its body."""
    title = heading.children[0]
    dek = nodes.paragraph("", "", *title.children, classes=[DEK_CLASS], ids=heading["ids"])
    dek.source, dek.line = title.source, title.line
    index = section.index(heading)
    section.remove(heading)
    section.insert(index, [dek, *heading.children[1:]])
    return dek


class PostTitle(SphinxTransform):
    """Size each post's title, and fold a heading that restates it (see the module docs)."""

    #: Before Sphinx emits ``doctree-read`` (a transform of priority 880), where the table of
    #: contents is collected and the extension records the page.
    default_priority = 870

    def apply(self, **kwargs: Any) -> None:
        """Only for posts: pages whose front matter has a date or an episode."""
        section = next(self.document.findall(nodes.section), None)
        if section is None or not section.children:
            return
        title = section.children[0]
        if not isinstance(title, nodes.title):
            return
        front_matter = front_matter_of(self.env)
        if front_matter is None or not front_matter.data:
            return
        post, _problems = post_from_metadata(front_matter.data, self.config.podcast_default_embed)
        if not post.is_post:
            return
        title["classes"] = [*title["classes"], *title_classes(title.astext())]
        heading = _only_heading(section) if self.config.podcast_fold_title_heading else None
        if (
            heading is not None
            and isinstance(heading.children[0], nodes.title)
            and restates(heading.children[0].astext(), post, title.astext())
        ):
            fold_heading(section, heading)


def setup_titles(app: Sphinx) -> None:
    """Register the transform."""
    app.add_transform(PostTitle)
