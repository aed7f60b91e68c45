"""Page names: a post imported before keeps its page (found by the page's
``legacy_source``), the others get free, unique slugs, and no new post takes the
name of an existing page.
"""

from __future__ import annotations

from pathlib import Path

from ... import frontmatter
from ...slugs import assign_unique
from ..report import Reporter
from .model import Prepared

__all__ = ["assign_slugs", "existing_pages"]


def existing_pages(into: Path) -> dict[str, str]:
    """``{legacy_source: page slug}`` of the pages already in *into* (and ``{"": slug}``
    entries for pages that name no source)."""
    pages: dict[str, str] = {}
    try:
        candidates = sorted(into.glob("*.md")) if into.is_dir() else []
    except OSError:
        return pages
    for page in candidates:
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pages[f"\x00{page.stem}"] = page.stem
            continue
        data = frontmatter.parse(text).data or {}
        source = data.get("legacy_source")
        key = str(source) if isinstance(source, str) and source else f"\x00{page.stem}"
        pages.setdefault(key, page.stem)
    return pages


def _unique_basename(existing: dict[str, str], name: str) -> str | None:
    """The page of a source recorded by its bare file name (as older imports did)."""
    base = name.rsplit("/", 1)[-1]
    matches = [slug for key, slug in existing.items() if key == base]
    return matches[0] if len(matches) == 1 and base != name else None


def assign_slugs(prepared: list[Prepared], existing: dict[str, str], reporter: Reporter) -> None:
    """Posts imported before keep their pages; the others get free, unique names."""
    # Pages another source was imported into; pages the importer did not write are
    # protected by the writer instead (it leaves them alone, with a warning).
    taken = {slug for key, slug in existing.items() if not key.startswith("\x00")}
    fresh: dict[str, Prepared] = {}
    for item in sorted(prepared, key=lambda i: i.source.as_posix()):
        page = existing.get(item.source_name) or _unique_basename(existing, item.source_name)
        if page is not None and page not in {p.slug for p in prepared}:
            item.slug = page
        else:
            fresh[item.source.as_posix()] = item
    kept = {item.slug for item in prepared if item.slug}
    unique = assign_unique((key, item.wanted_slug) for key, item in fresh.items())
    used = set(kept)
    for key in sorted(fresh):
        item = fresh[key]
        slug, number = unique[key], 1
        while slug in used or slug in taken:
            number += 1
            slug = f"{item.wanted_slug}-{number}"
        item.slug = slug
        used.add(slug)
        if slug != item.wanted_slug:
            holder = next(
                (p.source.as_posix() for p in prepared if p.slug == item.wanted_slug),
                "an existing page",
            )
            reporter.diagnostic(
                key,
                None,
                "note",
                f"slug {item.wanted_slug!r} is taken by {holder}; writing {slug}.md",
            )
