"""Progress, diagnostics, the summary and the migration report of an import.

Diagnostics (``FILE:LINE: level: message``) go to stderr; errors and warnings
always, notes unless quiet. The progress bar (``[#####     ] 37/500 file``) is
drawn on stderr only when it is a terminal. Results and the summary go to
stdout. :func:`write_migration_report` writes what was found in each post as
Markdown and JSON (``--report``).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from .errors import Diagnostic, Level

__all__ = ["ImportReport", "PostSummary", "Reporter", "write_migration_report"]

_BAR_WIDTH = 20


@dataclass(slots=True)
class PostSummary:
    """What the import found in one post, for the migration report."""

    source: str
    outcome: str
    page: str = ""
    title: str = ""
    date: str = ""
    format: str = ""
    #: The speaker of each key quote, in order.
    quotes: list[str] = field(default_factory=list)
    episode: str = ""
    start: str = ""
    guests: str = ""
    show: str = ""
    timecodes: int = 0
    #: Syntax the importer did not understand, kept visible: ``"LINE: text"``.
    unknown: list[str] = field(default_factory=list)
    legacy_keys: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ImportReport:
    """Counts of what an import did (or would do, in a dry run), and each post's summary."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    unresolved: int = 0
    dry_run: bool = False
    #: Sources named on the command line that do not exist (not posts).
    missing: int = 0
    #: Files skipped on purpose (not regular files, symlinks out of the folder).
    skipped_files: int = 0
    posts: list[PostSummary] = field(default_factory=list)

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
        if self.missing:
            text += f"; {self.missing} missing {'source' if self.missing == 1 else 'sources'}"
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
        """Redraw the ``[#####     ] current/total label`` bar (terminals only)."""
        if not self.show_progress:
            return
        columns = shutil.get_terminal_size((80, 24)).columns
        done = _BAR_WIDTH * current // max(total, 1)
        bar = "#" * done + " " * (_BAR_WIDTH - done)
        text = f"[{bar}] {current}/{total} {label}"[: max(columns - 1, 10)]
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


def write_migration_report(report: ImportReport, path: Path) -> list[Path]:
    """Write the migration report as Markdown and JSON; return the files written.

    *path* names one of them (``report.md`` or ``report.json``); the other gets
    the same name with the other suffix.
    """
    stem = path.with_suffix("") if path.suffix.lower() in (".md", ".json") else path
    markdown, data = stem.with_suffix(".md"), stem.with_suffix(".json")
    posts = [asdict(post) for post in report.posts]
    summary = {"summary": report.summary(), "posts": posts}
    data.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    markdown.write_text(_markdown(report), encoding="utf-8")
    return [markdown, data]


def _markdown(report: ImportReport) -> str:
    lines = ["# Migration report", "", report.summary(), ""]
    lines += [
        "| Source | Page | Title | Date | Format | Quotes | Episode | Guests | Unknown syntax |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for post in report.posts:
        quotes = (
            f"{len(post.quotes)} ({', '.join(dict.fromkeys(post.quotes))})" if post.quotes else "0"
        )
        episode = f"{post.episode} (from {post.start})" if post.start else post.episode
        cells = [post.source, post.page or post.outcome, post.title, post.date, post.format,
                 quotes, episode, post.guests, "; ".join(post.unknown)]  # fmt: skip
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
