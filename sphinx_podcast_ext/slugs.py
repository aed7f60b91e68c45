"""Slugs: ASCII names safe on Windows, macOS and Linux, for imported posts and generated pages.

A post's slug is its front-matter ``slug`` if it has one, else ``YYYYMMDD-``
followed by a slug of its title. Every script is transliterated to ASCII with
`text-unidecode <https://pypi.org/project/text-unidecode/>`_ (a fixed table, so
slugs are the same on every run and machine: ``Привет`` -> ``privet``,
``東京`` -> ``dong-jing``). Slugs use only ``a-z``, ``0-9`` and ``-``, so
they have no trailing dots or spaces, no case-only differences and no
characters any file system rejects; Windows' reserved device names
(``con``, ``nul``, ``com1`` …) are avoided.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable

from text_unidecode import unidecode

__all__ = [
    "MAX_LENGTH",
    "RESERVED_NAMES",
    "RESERVED_PATHS",
    "assign_unique",
    "legacy_path_problem",
    "post_slug",
    "slugify",
]

#: The longest slug made from a title, before the date prefix and any ``-N`` suffix.
MAX_LENGTH = 80
#: Names Windows reserves for devices, whatever the extension.
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{device}{n}" for device in ("com", "lpt") for n in range(10)}
)
_APOSTROPHES = re.compile("['\u2019\u02bc]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
#: Paths a legacy redirect must never take: Sphinx's own pages and folders.
RESERVED_PATHS = frozenset(
    {"index", "genindex", "search", "searchindex", "py-modindex", "modindex", "objects",
     "_static", "_sources", "_images", "_downloads", "_modules", ".doctrees", ".buildinfo"}
)  # fmt: skip
_SAFE_SEGMENT = re.compile(r"^[\w~-][\w.~-]*$")


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """Lowercase ASCII words of *text* joined by ``-``; may be empty (e.g. for CJK text)."""
    ascii_text = unidecode(unicodedata.normalize("NFC", text))
    slug = _NON_ALNUM.sub("-", _APOSTROPHES.sub("", ascii_text.lower())).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else slug[:max_length]
        slug = slug.strip("-")
    if slug in RESERVED_NAMES:
        slug += "-post"
    return slug


def post_slug(title: str, date: dt.date, explicit: str | None = None) -> str:
    """The slug of a post: its explicit slug (made safe) or ``YYYYMMDD-title-words``."""
    if explicit:
        slug = slugify(explicit, MAX_LENGTH + 9)
        if slug:
            return slug
    words = slugify(title) or "post-" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:8]
    return f"{date:%Y%m%d}-{words}"


def assign_unique(wanted: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Make slugs unique: ``(key, slug)`` pairs in, ``{key: unique slug}`` out.

    Pairs are processed in the order of their keys (sorted), so the result is
    deterministic. The first holder of a slug keeps it; later ones get the
    lowest ``-2``, ``-3`` … not wanted by anyone else.
    """
    pairs = sorted(wanted)
    natural = {slug for _key, slug in pairs}
    taken: set[str] = set()
    result: dict[str, str] = {}
    for key, slug in pairs:
        candidate = slug
        number = 1
        while candidate in taken or (candidate != slug and candidate in natural):
            number += 1
            candidate = f"{slug}-{number}"
        taken.add(candidate)
        result[key] = candidate
    return result


def legacy_path_problem(path: str) -> str | None:
    """Why *path* cannot be a legacy address (a redirect's path), or ``None`` if it can.

    A legacy path is relative (no leading ``/``), made of safe segments (letters,
    digits, ``-``, ``_``, ``.``, ``~``; no ``.`` or ``..`` segment, no empty one,
    no backslash), and names none of Sphinx's own pages or folders
    (:data:`RESERVED_PATHS`) nor a Windows device name.
    """
    if not path:
        return "it is empty"
    if "\\" in path:
        return "it contains a backslash"
    if path.startswith("/"):
        return "it starts with '/' (write it relative to the site's root)"
    segments = path.split("/")
    for segment in segments:
        if segment in ("", ".", ".."):
            return (
                f"it has a {segment or 'empty'!r} segment" if segment else "it has an empty segment"
            )
        if not _SAFE_SEGMENT.match(segment) or segment.endswith("."):
            return f"segment {segment!r} has characters a file name cannot safely have"
        if segment.lower().split(".")[0] in RESERVED_NAMES:
            return f"segment {segment!r} is a reserved device name on Windows"
    stem = segments[-1].lower().removesuffix(".html")
    if segments[0].lower() in RESERVED_PATHS or (len(segments) == 1 and stem in RESERVED_PATHS):
        return f"{path!r} is one of Sphinx's own pages or folders"
    return None
