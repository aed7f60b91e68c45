"""Helpers shared by the directive families: translations, HTML element nodes, locations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

__all__ = [
    "MESSAGE_CATALOG",
    "PodcastPostTransform",
    "_",
    "__",
    "builder_format",
    "content_line_numbers",
    "docname_of",
    "html_element",
    "insert_after_title",
    "make_element",
    "option_line",
    "register_passthrough",
    "single_page_ids",
]

MESSAGE_CATALOG = "sphinx_podcast_ext"
#: Page text, translated into the project's ``language``.
_ = get_translation(MESSAGE_CATALOG)
#: Console messages, translated into the user's locale.
__ = get_translation(MESSAGE_CATALOG, "console")


class html_element(nodes.General, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """One HTML element, created only by the HTML post-transforms.

    ``tag`` is the element name and ``attrs`` its attributes besides ``id`` and
    ``class``. The HTML writer escapes every attribute value and every text
    child, so user text can never become markup. It is a ``TextElement`` so
    that Sphinx's writer accepts references directly inside it.
    """


def make_element(
    tag: str,
    children: Iterable[nodes.Node | str] = (),
    *,
    classes: Iterable[str] = (),
    **attrs: Any,
) -> html_element:
    """Build an :class:`html_element`; string children become text nodes.

    Attribute names use ``_`` for ``-`` (``data_video_id`` → ``data-video-id``);
    attributes whose value is ``None`` are left out.
    """
    node = html_element(tag=tag, classes=list(classes))
    node["attrs"] = {
        name.rstrip("_").replace("_", "-"): str(value)
        for name, value in attrs.items()
        if value is not None
    }
    for child in children:
        node += nodes.Text(child) if isinstance(child, str) else child
    return node


def visit_html_element(self: HTML5Translator, node: html_element) -> None:
    """Open the element; attribute values are escaped by ``starttag``."""
    self.body.append(self.starttag(node, node["tag"], "", **node["attrs"]))


def depart_html_element(self: HTML5Translator, node: html_element) -> None:
    """Close the element."""
    self.body.append(f"</{node['tag']}>")


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
        docname = env.path2doc(source)
        if docname:
            return docname
    return env.docname


def _builder_attr(env: BuildEnvironment, attr: str) -> str:
    """An attribute of the current builder (class), without ``SphinxTransform.app``.

    Sphinx 9 deprecates ``SphinxTransform.app`` and exposes the builder class on
    the environment (as its own post-transforms use it); Sphinx 8 has only the app.
    """
    builder = getattr(env, "_builder_cls", None) or env.app.builder
    return str(getattr(builder, attr))


def builder_format(env: BuildEnvironment) -> str:
    """The current builder's output format (``"html"``, ``"latex"``, ``"text"`` …)."""
    return _builder_attr(env, "format")


def single_page_ids(env: BuildEnvironment, node: nodes.Element) -> None:
    """Prefix *node*'s ids with its document's name when all pages share one HTML file.

    ``episode`` and ``quote-…`` ids are unique per page; the singlehtml builder
    puts every page in one file, where they would repeat.
    """
    if _builder_attr(env, "name") != "singlehtml":
        return
    prefix = nodes.make_id(docname_of(env, node))
    node["ids"] = [f"{prefix}-{node_id}" for node_id in node["ids"]]


def insert_after_title(doctree: nodes.document, node: nodes.Node) -> None:
    """Insert *node* right under the page's first title (or at the top if it has none)."""
    section = next(doctree.findall(nodes.section), None)
    if section is None:
        doctree.insert(0, node)
        return
    title_index = next(
        (i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1
    )
    section.insert(title_index + 1, node)


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
