"""What an import passes between its steps: its options, and each post prepared."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..convert import Converted
from ..legacy import LegacyPost
from ..syntax import SyntaxResult

__all__ = ["ImportOptions", "Prepared"]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import: the output folder, the safety switches, the format and the old site."""

    into: Path
    force: bool = False
    dry_run: bool = False
    debug: bool = False
    #: One of :data:`.legacy.FORMAT_CHOICES`; ``auto`` detects each file's format.
    fmt: str = "auto"
    #: The old site's address: site-relative links and media become absolute with it.
    base_url: str = ""


@dataclass(slots=True)
class Prepared:
    """A post read and converted, before slugs are made unique and links resolved."""

    source: Path
    source_name: str
    post: LegacyPost
    syntax: SyntaxResult
    converted: Converted
    legacy_slug: str
    wanted_slug: str
    episode: dict[str, Any] = field(default_factory=dict)
    used_embeds: set[int] = field(default_factory=set)
    slug: str = ""
