"""Helpers of the features: translations, dates, source locations, the post-transform base."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import format_date as sphinx_format_date

from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .compat import BuildKind
    from .frontmatter import FrontMatter
    from .metadata import Post

__all__ = [
    "DEK_CLASS",
    "MESSAGE_CATALOG",
    "DocumentBeingRead",
    "PodcastPostTransform",
    "_",
    "__",
    "build_kind",
    "content_line_numbers",
    "docname_of",
    "format_date",
    "insert_after_intro",
    "insert_after_title",
    "option_line",
    "register_passthrough",
    "single_page_ids",
]

MESSAGE_CATALOG = "sphinx_podcast_ext"
#: Page text, translated into the project's ``language``.
_ = get_translation(MESSAGE_CATALOG)
#: Console messages, translated into the user's locale.
__ = get_translation(MESSAGE_CATALOG, "console")


@dataclass(slots=True)
class DocumentBeingRead:
    """A document on ``doctree-read``, handed to each feature's record step in turn."""

    app: Sphinx
    docname: str
    doctree: nodes.document
    post: Post
    front_matter: FrontMatter | None

    @property
    def env(self) -> BuildEnvironment:
        """The build environment."""
        return self.app.env


@lru_cache(maxsize=4096)
def _format(date: dt.date, fmt: str, language: str) -> str:
    moment = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    return sphinx_format_date(fmt, date=moment, language=language)


def format_date(date: dt.date | None, config: Config, fallback: str = "") -> str:
    """A post date as readers see it everywhere: ``podcast_date_format`` in the project's language.

    Month and day names are translated by Babel, as Sphinx does for ``today_fmt``;
    *fallback* (the date as written) is shown when there is no valid date.
    """
    if date is None:
        return fallback
    return _format(date, config.podcast_date_format, config.language or "en")


def _skip(self: Any, node: nodes.Node) -> None:
    pass


def register_passthrough(app: Sphinx, *node_classes: type[nodes.Element]) -> None:
    """Let non-HTML builders render these nodes as their (generic) children.

    The extension's nodes wrap builder-neutral docutils nodes; only HTML
    builders give them markup of their own (registered separately, after this).
    """
    for node_class in node_classes:
        app.add_node(
            node_class,
            override=True,
            **dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (_skip, _skip)),
        )


def option_line(block_text: str, lineno: int, option: str) -> int:
    """The source line of ``:option:`` inside a directive block, else the directive's line."""
    marker = f":{option}:"
    for offset, line in enumerate(block_text.splitlines()):
        if line.strip().startswith(marker):
            return lineno + offset
    return lineno


def content_line_numbers(block_text: str, lineno: int, content: Iterable[str]) -> list[int]:
    """The source line of each content line of a directive.

    Found by position in the directive's block text, since ``content_offset``
    is absolute in reStructuredText but relative in MyST.
    """
    block_lines = [line.strip() for line in block_text.splitlines()]
    numbers = []
    position = 1
    for line in content:
        wanted = line.strip()
        index = position
        while index < len(block_lines) and block_lines[index] != wanted:
            index += 1
        if index < len(block_lines):
            position = index + 1
            numbers.append(lineno + index)
        else:
            numbers.append(lineno)
    return numbers


def docname_of(env: BuildEnvironment, node: nodes.Node) -> str:
    """The document *node* was written in.

    Post-transforms of builders that merge documents (latex, singlehtml, …)
    run once with the root document as ``env.docname``; the node's source
    tells the document it came from.
    """
    source = getattr(node, "source", None)
    if source:
        docnames = _DOCNAMES.setdefault(env, {})
        if source not in docnames:
            docnames[source] = env.path2doc(source)
        docname = docnames[source]
        if docname:
            return docname
    return env.docname


#: ``source -> docname`` per environment: every node of a page asks for the same few
#: sources, and ``path2doc`` builds a path each time.
_DOCNAMES: WeakKeyDictionary[BuildEnvironment, dict[str, str | None]] = WeakKeyDictionary()


def build_kind(env: BuildEnvironment) -> BuildKind:
    """The current builder, as recorded on ``builder-inited`` (see :mod:`.compat`)."""
    return get_domain(env).build


def single_page_ids(env: BuildEnvironment, node: nodes.Element) -> None:
    """Prefix *node*'s ids with its document's name when all pages share one HTML file.

    ``episode`` and ``quote-…`` ids are unique per page; the singlehtml builder
    puts every page in one file, where they would repeat.
    """
    if not build_kind(env).single_page:
        return
    prefix = nodes.make_id(docname_of(env, node))
    node["ids"] = [f"{prefix}-{node_id}" for node_id in node["ids"]]


#: The class of a post's standfirst: a heading that restated the title, folded under it.
DEK_CLASS = "podcast-dek"


def insert_after_title(doctree: nodes.document, node: nodes.Node) -> None:
    """Insert *node* right under the page's first title and its standfirst, if any
    (or at the top of a page without a title)."""
    section = next(doctree.findall(nodes.section), None)
    if section is None:
        doctree.insert(0, node)
        return
    index = next(
        (i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1
    )
    following = section.children[index + 1] if index + 1 < len(section.children) else None
    if isinstance(following, nodes.paragraph) and DEK_CLASS in following["classes"]:
        index += 1
    section.insert(index + 1, node)


def insert_after_intro(doctree: nodes.document, node: nodes.Node, intro: tuple[type, ...]) -> None:
    """Insert *node* after the page's title and the run of *intro* nodes right under it."""
    section = next(doctree.findall(nodes.section), None)
    if section is None:
        doctree.insert(0, node)
        return
    index = 0
    for index, child in enumerate(section.children):  # noqa: B007 (used after the loop)
        leading = isinstance(child, (nodes.title, nodes.target, *intro)) or (
            isinstance(child, nodes.paragraph) and DEK_CLASS in child["classes"]
        )
        if not leading:
            break
    else:
        index = len(section.children)
    section.insert(index, node)


#: The node classes of the extension present in each document being written.
_PRESENT: WeakKeyDictionary[nodes.document, frozenset[type[nodes.Node]]] = WeakKeyDictionary()


class PodcastPostTransform(SphinxPostTransform):
    """A post-transform that only runs on documents containing its ``node_class``.

    Post-transforms run for every page written and, with ablog, again for every
    excerpt on every archive page; one walk of the document tells all of the
    extension's transforms whether they have anything to do.
    """

    node_class: ClassVar[type[nodes.Node]]
    #: Every node class the extension's post-transforms look for.
    known_classes: ClassVar[set[type[nodes.Node]]] = set()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "node_class" in cls.__dict__:
            PodcastPostTransform.known_classes.add(cls.node_class)

    def apply(self, **kwargs: Any) -> None:
        """Run when the builder is supported and the document has the node class."""
        if self.is_supported() and self.node_class in self._present():
            self.run(**kwargs)

    def _present(self) -> frozenset[type[nodes.Node]]:
        present = _PRESENT.get(self.document)
        if present is None:
            wanted = tuple(self.known_classes)
            present = frozenset(
                type(node) for node in self.document.findall(lambda n: isinstance(n, wanted))
            )
            _PRESENT[self.document] = present
        return present
