"""Front-matter keys that Sphinx and ablog act on, checked before they do.

MyST turns every front-matter key into a field of the document's docinfo,
where Sphinx (``tocdepth``, ``orphan``, ``nosearch`` …) and ablog (``image``,
``redirect``, ``external_link`` …) read them with no checks of their own:
ablog stops the build with ``ValueError: invalid literal for int()`` on
``image: /covers/x.jpg`` (naming no file), writes ``external_link:
javascript:…`` into its archive links, and turns ``redirect: ../../x`` into a
page outside the output folder. :class:`FrontMatterGuard` runs just before
them (priority 785, ablog reads at 800) and removes every value they would
misuse, with a warning at the key's line; everything else is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .media import UnsafeURL, safe_url
from .outputs import safe_pagename
from .shared import _, build_kind
from .sources import front_matter_of
from .warnings_ import PodcastWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["ABLOG_KEYS", "SPHINX_KEYS", "FrontMatterGuard", "setup_guards"]

_FALSE = frozenset({"false", "no", "off", "0", ""})


def _number(value: str) -> str | None:
    text = value.strip()
    return None if text.isdigit() else _("must be a number (ablog counts images and paragraphs)")


def _url(value: str) -> str | None:
    try:
        safe_url(value.strip())
    except UnsafeURL as exc:
        return str(exc)
    return None


def _page_names(value: str) -> str | None:
    bad = [name.strip() for name in value.split(",") if not safe_pagename(name.strip())]
    return _("not safe page names: %s") % ", ".join(map(repr, bad)) if bad else None


def _flag(value: str) -> str | None:
    if value.strip().lower() in _FALSE:
        return _("is a flag: any value, %r included, turns it on; remove the key instead") % value
    return None


def _integer(value: str) -> str | None:
    text = value.strip().lstrip("-")
    return None if text.isdigit() else _("must be a whole number")


#: ablog's keys with a check each (``None``: fine, else why the value is removed).
ABLOG_KEYS: dict[str, Callable[[str], str | None]] = {
    "image": _number,
    "excerpt": _number,
    "external_link": _url,
    "canonical_link": _url,
    "redirect": _page_names,
}
#: Sphinx's own keys with a check each.
SPHINX_KEYS: dict[str, Callable[[str], str | None]] = {
    "tocdepth": _integer,
    "orphan": _flag,
    "nosearch": _flag,
    "nocomments": _flag,
}


class FrontMatterGuard(SphinxTransform):
    """Remove docinfo fields that Sphinx or ablog would misuse (see the module docs)."""

    default_priority = 785

    def apply(self, **kwargs: Any) -> None:
        """Check each field of the document's docinfo."""
        docinfo = next(self.document.findall(nodes.docinfo), None)
        if docinfo is None:
            return
        checks = dict(SPHINX_KEYS)
        if build_kind(self.env).ablog:
            checks.update(ABLOG_KEYS)
        for field in list(docinfo.findall(nodes.field)):
            name = field[0].astext()
            check = checks.get(name)
            problem = check(field[1].astext()) if check else None
            if problem:
                kind = PodcastWarning.BLOG if name in ABLOG_KEYS else PodcastWarning.METADATA
                warn(
                    kind,
                    _("front matter %s: %s; it is ignored") % (name, problem),
                    self._where(field, name),
                )
                field.parent.remove(field)

    def _where(self, field: nodes.field, name: str) -> tuple[str, int | None]:
        front_matter = front_matter_of(self.env)
        line = front_matter.line(name) if front_matter is not None else field.line
        return self.env.docname, line


def setup_guards(app: Sphinx) -> None:
    """Register the guard."""
    app.add_transform(FrontMatterGuard)
