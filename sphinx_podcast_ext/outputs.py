"""Where pages that are not documents go: safe names, inside the output folder, one page per file.

Every generated page (guest, show, index, quote and redirect pages) asks for a
page name through :func:`assign_pages`, which makes the name safe by
construction:

* a name is made of validated segments only (letters, digits, ``-``, ``_``,
  ``.`` and ``~``; no empty, ``.`` or ``..`` segment, no segment starting with
  ``.`` or ``_`` — Sphinx's own folders and hidden files — or ending with ``.``,
  no Windows device name such as ``CON`` or short name such as ``LONGVI~1``,
  and no folder named like a file, ``posts/b.html/x``);
* its output file is resolved inside the output folder;
* it never equals the output file of a document, of Sphinx's own pages
  (``genindex``, ``search``, the split index's ``genindex-all`` …), of one of
  ablog's archive pages (``blog/tag/…``, ``blog/2024`` …), or of another
  generated page — compared as the builder writes them (``dirhtml`` writes
  ``guests/index`` and ``guests`` to the same file) and case-folded
  (for case-insensitive file systems).

Claims are taken in a fixed order (by priority, then wanted name, then the
name of what asks), so the result never depends on the order documents were
read in, with or without ``-j``. A page that loses a clash gets the first free
``-2``, ``-3`` … name, or is dropped if it may not move (a redirect), with a
``podcast.pages`` warning naming both sides.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .pagecache import output_file
from .shared import _
from .warnings_ import PodcastWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .records import GeneratedPage

__all__ = ["Claim", "Planned", "assign_pages", "build_pages", "safe_pagename"]

_SEGMENT = re.compile(r"^[A-Za-z0-9~-][A-Za-z0-9._~-]*$")
#: Pages Sphinx's HTML builders write themselves.
SPHINX_PAGES = ("genindex", "search", "py-modindex", "modindex", "404")
#: The pages of Sphinx's split index (``html_split_index``): ``genindex-all``, one per letter.
_SPLIT_INDEX = re.compile(r"^genindex-.+$", re.IGNORECASE)
#: A folder named like a file (``posts/b.html/x`` needs ``posts/b.html`` to be a folder).
_FILE_LIKE = re.compile(r"\.[A-Za-z0-9]{1,5}$")
#: A Windows short (8.3) name, which can alias another file: ``LONGVI~1``.
_SHORT_NAME = re.compile(r"~[0-9]")
#: Names Windows gives to devices, with any extension: ``CON``, ``nul.html``, ``COM1`` …
_DEVICE_NAMES = re.compile(r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$", re.IGNORECASE)
_MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class Claim:
    """A request for a page name.

    ``key`` identifies what asks (unique among the claims), ``label`` names it
    in warnings (``guest 'Ada Lovelace'``), ``location`` is where the warning
    points (a docname, or ``(docname, line)``); lower ``priority`` wins a clash;
    a claim that may not ``move`` is dropped instead of renamed.
    """

    key: str
    wanted: str
    label: str
    location: object = None
    priority: int = 50
    move: bool = True
    owner: str = ""
    """``"ablog"`` for ablog's archive pages, the only claims allowed among ablog's names."""


@dataclass(frozen=True, slots=True)
class Planned:
    """A page a feature wants: its claim, and how to build it once every page has a name.

    *build* gets ``{claim key: page name}`` of all assigned claims (so a page can
    link to its neighbours) and returns the page, or ``None`` to skip it.
    """

    claim: Claim
    build: Callable[[Mapping[str, str], str], GeneratedPage | None]


def build_pages(
    app: Sphinx, planned: Sequence[Planned]
) -> tuple[dict[str, GeneratedPage], dict[str, str]]:
    """Name every planned page in one pass (so clashes between features are seen), build them.

    Returns the pages by page name, and ``{claim key: page name}``.
    """
    names = assign_pages(app, [item.claim for item in planned])
    pages = {}
    for item in planned:
        pagename = names.get(item.claim.key)
        if pagename is None:
            continue
        page = item.build(names, pagename)
        if page is not None:
            pages[pagename] = page
    return pages, names


def safe_pagename(name: str) -> str | None:
    """*name* as a page name if every segment is safe (see the module docs), else ``None``."""
    if not name or len(name) > _MAX_NAME or "\\" in name:
        return None
    *folders, last = name.split("/")
    if not all(_safe_segment(segment) for segment in [*folders, last]):
        return None
    if any(_FILE_LIKE.search(folder) for folder in folders):
        return None
    return name


def _safe_segment(segment: str) -> bool:
    """Whether *segment* names the same file on every file system, and only one.

    Windows drops a trailing dot (``victim.`` is ``victim``), reads device
    names (``CON``) as devices and short names (``LONGVI~1``) as the long
    names they abbreviate, so all three are refused.
    """
    return bool(
        _SEGMENT.match(segment)
        and not segment.endswith(".")
        and not _DEVICE_NAMES.match(segment)
        and not _SHORT_NAME.search(segment)
    )


def _reserved_files(app: Sphinx) -> dict[str, str]:
    """Output files already taken (case-folded path → what takes it)."""
    builder = app.builder
    taken = {}
    for docname in sorted(app.env.found_docs):
        taken[_key(output_file(builder, docname))] = _("the document %r") % docname
    for page in SPHINX_PAGES:
        taken.setdefault(_key(output_file(builder, page)), _("Sphinx's %r page") % page)
    return taken


#: What ablog writes under its ``blog_path``: catalogs and their collections.
_ABLOG_CATALOGS = ("tag", "category", "author", "location", "language")
_ABLOG_PAGES = re.compile(
    rf"^(?:|archive|drafts|atom|\d{{4}}|(?:{'|'.join(_ABLOG_CATALOGS)})(?:/[^/]+)?)$"
)


def _ablog_page(app: Sphinx, name: str) -> bool:
    """Whether *name* is (or could be) one of ablog's archive pages or feeds."""
    if "ablog" not in app.extensions:
        return False
    blog_path = str(getattr(app.config, "blog_path", "") or "").strip("/")
    if not blog_path or not (name == blog_path or name.startswith(blog_path + "/")):
        return False
    return bool(_ABLOG_PAGES.match(name[len(blog_path) + 1 :]))


def _key(path: Path) -> str:
    """An output file as a file system compares it (normalized, case-folded)."""
    return os.path.normcase(os.path.normpath(str(path))).casefold()


def _candidates(wanted: str) -> Iterable[str]:
    yield wanted
    number = 2
    while True:
        yield f"{wanted}-{number}"
        number += 1


def assign_pages(app: Sphinx, claims: Sequence[Claim]) -> dict[str, str]:
    """Give each claim a safe, unique page name: ``{claim key: page name}``.

    Claims with an unsafe name, or that lose a clash and may not move, get no
    name (and a warning).
    """
    outdir = Path(app.builder.outdir).resolve()
    taken = _reserved_files(app)
    assigned: dict[str, str] = {}
    for claim in sorted(claims, key=lambda c: (c.priority, c.wanted.casefold(), c.wanted, c.key)):
        wanted = _safe_or_moved(claim)
        if wanted is not None and _SPLIT_INDEX.match(wanted):
            warn(
                PodcastWarning.PAGES,
                _("%s: page %r would replace a page of Sphinx's index; it is not written")
                % (claim.label, wanted),
                claim.location,
            )
            continue
        if wanted is None or (claim.owner != "ablog" and _ablog_page(app, wanted)):
            warn(
                PodcastWarning.PAGES,
                _("%s: %r is not a safe page name; no page is written for it")
                % (claim.label, claim.wanted),
                claim.location,
            )
            continue
        candidate = _free_name(app, claim, wanted, taken, outdir)
        if candidate is None:
            continue
        taken[_key(output_file(app.builder, candidate))] = _described(claim)
        assigned[claim.key] = candidate
    return assigned


def _safe_or_moved(claim: Claim) -> str | None:
    """*claim*'s wanted name if safe; for a page that may move, a safe ``-2`` name
    (a guest called "Con" gets ``guests/con-2``, not a Windows device name)."""
    wanted = safe_pagename(claim.wanted)
    if wanted is not None or not claim.move:
        return wanted
    moved = safe_pagename(f"{claim.wanted.rstrip('.')}-2")
    if moved is not None:
        warn(
            PodcastWarning.PAGES,
            _("%s: %r is not a safe page name; writing %r instead")
            % (claim.label, claim.wanted, moved),
            claim.location,
        )
    return moved


def _described(claim: Claim) -> str:
    """*claim*'s label and where it comes from, for the warnings of those it wins against."""
    location = claim.location
    if isinstance(location, tuple) and location and location[0]:
        return _("%s (from %s)") % (claim.label, location[0])
    if isinstance(location, str) and location:
        return _("%s (from %s)") % (claim.label, location)
    return claim.label


def _located(app: Sphinx, claim: Claim, wanted: str) -> Claim:
    """*claim*, pointing at the document that holds *wanted* when it has no place of its own
    (ablog's archive pages come from no document)."""
    if claim.location is not None:
        return claim
    target = _key(output_file(app.builder, wanted))
    for docname in sorted(app.env.found_docs):
        if _key(output_file(app.builder, docname)) == target:
            return dataclasses.replace(claim, location=docname)
    return claim


def _free_name(
    app: Sphinx, claim: Claim, wanted: str, taken: dict[str, str], outdir: Path
) -> str | None:
    """The first free name for *claim* (*wanted*, then ``-2`` …), or ``None`` with a warning."""
    if _key(output_file(app.builder, wanted)) in taken:
        claim = _located(app, claim, wanted)
    for candidate in _candidates(wanted):
        target = output_file(app.builder, candidate)
        resolved = target.resolve()
        if not resolved.is_relative_to(outdir) or resolved == outdir:
            warn(
                PodcastWarning.PAGES,
                _("%s: page %r would be written outside the output folder; it is not written")
                % (claim.label, wanted),
                claim.location,
            )
            return None
        holder = taken.get(_key(target))
        if holder is None:
            if candidate != wanted:
                warn(
                    PodcastWarning.PAGES,
                    _("%s: page %r is taken by %s; writing %r instead")
                    % (
                        claim.label,
                        wanted,
                        taken[_key(output_file(app.builder, wanted))],
                        candidate,
                    ),
                    claim.location,
                )
            return candidate
        if not claim.move:
            warn(
                PodcastWarning.PAGES,
                _("%s: page %r would replace %s; it is not written")
                % (claim.label, wanted, holder),
                claim.location,
            )
            return None
    return None  # pragma: no cover - _candidates never ends
