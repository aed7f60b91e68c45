"""Slugs: ASCII names safe on Windows, macOS and Linux, for imported posts and generated pages.

A post's slug is its front-matter ``slug`` if it has one, else ``YYYYMMDD-``
followed by a slug of its title. Slugs use only ``a-z``, ``0-9`` and ``-``, so
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

__all__ = ["MAX_LENGTH", "RESERVED_NAMES", "assign_unique", "post_slug", "slugify"]

#: The longest slug made from a title, before the date prefix and any ``-N`` suffix.
MAX_LENGTH = 80
#: Names Windows reserves for devices, whatever the extension.
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{device}{n}" for device in ("com", "lpt") for n in range(10)}
)
_APOSTROPHES = re.compile("['\u2019\u02bc]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """Lowercase ASCII words of *text* joined by ``-``; may be empty (e.g. for CJK text)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
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
