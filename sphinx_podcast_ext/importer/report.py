"""Progress, diagnostics and the summary of an import, on the right streams.

Diagnostics (``FILE:LINE: level: message``) go to stderr; errors and warnings
always, notes unless quiet. The progress counter (``[37/500] file``) is drawn
on stderr only when it is a terminal. Results and the summary go to stdout.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import TextIO

from .errors import Diagnostic, Level

__all__ = ["ImportReport", "Reporter"]


@dataclass(slots=True)
class ImportReport:
    """Counts of what an import did (or would do, in a dry run)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    unresolved: int = 0
    dry_run: bool = False

    @property
    def total(self) -> int:
        """Number of source files handled."""
        return self.created + self.updated + self.unchanged + self.skipped + self.failed

    def summary(self) -> str:
        """One line: ``12 posts: 10 created, 0 updated, 1 unchanged, 0 skipped, 1 failed; …``."""
        posts = "post" if self.total == 1 else "posts"
        links = "link" if self.unresolved == 1 else "links"
        text = (
            f"{self.total} {posts}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped, {self.failed} failed; "
            f"{self.unresolved} unresolved related {links}"
        )
        return f"{text} (dry run: nothing written)" if self.dry_run else text


class Reporter:
    """Where an import's messages go; counts the diagnostics by level."""

    def __init__(
        self, out: TextIO, err: TextIO, *, quiet: bool = False, progress: bool | None = None
    ) -> None:
        """*progress* defaults to "stderr is a terminal and not quiet"."""
        self.out = out
        self.err = err
        self.quiet = quiet
        self.show_progress = (not quiet and err.isatty()) if progress is None else progress
        self.counts: dict[Level, int] = {"error": 0, "warning": 0, "note": 0}
        self._progress_width = 0

    def diagnostic(self, path: str, line: int | None, level: Level, message: str) -> None:
        """Report ``path:line: level: message`` (notes are dropped when quiet)."""
        self.counts[level] += 1
        if level == "note" and self.quiet:
            return
        self._clear_progress()
        print(Diagnostic(path, line, level, message), file=self.err)

    def info(self, message: str) -> None:
        """A result line on stdout (dry-run actions, the summary); dropped when quiet."""
        if self.quiet:
            return
        self._clear_progress()
        print(message, file=self.out)

    def progress(self, current: int, total: int, label: str) -> None:
        """Redraw the ``[current/total] label`` counter (terminals only)."""
        if not self.show_progress:
            return
        columns = shutil.get_terminal_size((80, 24)).columns
        text = f"[{current}/{total}] {label}"[: max(columns - 1, 10)]
        padding = " " * max(self._progress_width - len(text), 0)
        self.err.write(f"\r{text}{padding}")
        self.err.flush()
        self._progress_width = len(text) + len(padding)

    def finish(self) -> None:
        """Remove the progress counter."""
        self._clear_progress()

    def _clear_progress(self) -> None:
        if self._progress_width:
            self.err.write("\r" + " " * self._progress_width + "\r")
            self.err.flush()
            self._progress_width = 0
