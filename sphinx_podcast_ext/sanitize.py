"""Cleaning every document's author markup while it is read: raw HTML, links, ``<meta>``.

MyST passes raw HTML in Markdown through to the page (``raw`` nodes with format
``html``), and so does reST's ``raw`` directive; imported legacy posts carry
raw HTML. With ``podcast_sanitize_html = True`` (the default)
:class:`SanitizeHTML` cleans every such node of every document with
:func:`.htmlclean.clean_html`, while it is read (before titles, ablog and the
extension's own records see the document). When cleaning changed a node, a
``podcast.html`` warning names the file, the line (inside the front matter:
the key's line) and what was removed.

Links (``reference`` nodes, as reST's ```text <javascript:…>`_`` makes) with a
scheme other than http(s) or mailto are unlinked with a ``podcast.url``
warning; their text stays. An author's ``<meta>`` (MyST's ``html_meta``,
reST's ``meta``) that makes the browser act (``http-equiv=refresh``) or
carries an unsafe URL is not written (:func:`.htmlclean.meta_problem`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .htmlclean import clean_html, is_safe_link, meta_problem, short
from .sources import front_matter_of
from .warnings_ import PodcastWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["SanitizeHTML", "setup_sanitize"]


def _location(node: nodes.Node, docname: str) -> tuple[str, int | None]:
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return docname, current.line
        current = current.parent
    return docname, None


def _front_matter_key(node: nodes.Node) -> str | None:
    """The front-matter key whose value *node* was parsed from: a docinfo field's
    name, or ``title`` for the page title MyST makes from the front matter."""
    current: nodes.Node | None = node
    while current is not None:
        if isinstance(current, nodes.field):
            return current[0].astext()
        if isinstance(current, nodes.Bibliographic):  # author, date … (docutils' own fields)
            return type(current).__name__
        if isinstance(current, nodes.title):
            return "title"
        current = current.parent
    return None


class SanitizeHTML(SphinxTransform):
    """Clean every raw HTML node and unsafe link of the document (see the module docs).

    Runs while reading, before the title collector, ablog (priority 800) and
    the extension's records (``doctree-read``) see the document.
    """

    default_priority = 780

    def apply(self, **kwargs: Any) -> None:
        """Clean raw HTML and unlink links with unsafe schemes."""
        if not self.config.podcast_sanitize_html:
            return
        docname = self.env.docname
        for node in list(self.document.findall(nodes.raw)):
            formats = node.get("format", "").split()
            if "html" not in formats:
                continue
            self._clean_raw(node, formats, docname)
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri")
            if uri is None or is_safe_link(uri):
                continue
            warn(
                PodcastWarning.URL,
                f"link target {short(uri)} is not http(s), mailto or relative; "
                "the link is removed, its text kept",
                self._where(ref),
            )
            ref.replace_self(nodes.inline(ref.rawsource, "", *ref.children))
        for meta in list(self.document.findall(nodes.meta)):
            problem = meta_problem(meta.attributes)
            if problem:
                warn(
                    PodcastWarning.HTML,
                    f"<meta> {problem}; it is not written",
                    self._meta_line(meta),
                )
                meta.parent.remove(meta)

    def _meta_line(self, meta: nodes.Element) -> tuple[str, int | None]:
        """Where a ``<meta>`` was written: its ``html_meta`` key in MyST front matter, else
        its node's (or nearest parent's) line, else the top of the file."""
        docname = self.env.docname
        front_matter = front_matter_of(self.env)
        if front_matter is not None:
            for attribute in ("http-equiv", "property", "name"):
                if attribute in meta.attributes:
                    value = meta[attribute]
                    for key in (f"{attribute}={value}", str(value)):
                        line = front_matter.lines.get(f"myst.html_meta.{key}")
                        if line:
                            return docname, line
            line = front_matter.line("myst.html_meta")
            if line:
                return docname, line
        where = _location(meta, docname)
        return where if where[1] else (docname, 1)

    def _where(self, node: nodes.Node) -> tuple[str, int | None]:
        """*node*'s file and line; inside the front matter, the line of its key."""
        docname, line = _location(node, self.env.docname)
        front_matter = front_matter_of(self.env)
        block = front_matter.block if front_matter is not None else None
        if front_matter is not None and block is not None and (line or 0) < block.body_line:
            key = _front_matter_key(node)
            key_line = front_matter.lines.get(key) if key else None
            if key_line:
                return docname, key_line
        return docname, line

    def _clean_raw(self, node: nodes.raw, formats: list[str], docname: str) -> None:
        source = node.astext()
        cleaned = clean_html(source)
        if cleaned.changed:
            warn(
                PodcastWarning.HTML,
                "raw HTML was cleaned: removed "
                + ", ".join(cleaned.removed[:8])
                + (" …" if len(cleaned.removed) > 8 else "")
                + "; its text is kept",
                self._where(node),
            )
        safe = nodes.raw(node.rawsource, cleaned.html, format="html")
        safe.source, safe.line = node.source, node.line
        others = [fmt for fmt in formats if fmt != "html"]
        if others:
            rest = nodes.raw(node.rawsource, source, format=" ".join(others))
            rest.source, rest.line = node.source, node.line
            node.replace_self([safe, rest])
        else:
            node.replace_self(safe)


def setup_sanitize(app: Sphinx) -> None:
    """Register the cleaning transform."""
    app.add_transform(SanitizeHTML)
