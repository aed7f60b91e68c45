"""What reading one post's front matter gathers: the data, the keys taken, the problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ... import frontmatter
from ..mapping import MappedKey

__all__ = ["Reading"]


@dataclass(slots=True)
class Reading:
    """What :func:`.parse_legacy` gathers while it reads one file.

    Every key a field reader takes is *consumed*; the others stay under ``legacy:``.
    """

    data: dict[str, Any]
    fm: frontmatter.FrontMatter
    consumed: set[str] = field(default_factory=set)
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    notes: list[tuple[int | None, str]] = field(default_factory=list)

    def line(self, path: str) -> int:
        """The file line of the front-matter key at *path* (dotted), else line 1."""
        return self.fm.line(path) or 1

    def take(self, found: MappedKey) -> None:
        """Mark *found*'s key as taken by the schema."""
        self.consumed.add(found.key)
