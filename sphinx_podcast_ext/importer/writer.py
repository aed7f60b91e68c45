"""Writing output pages without ever destroying someone's work.

A destination is replaced only if it is missing, or if it still is exactly what
an import generated (its ``import_hash`` matches its text); pages edited by
hand, and files the importer did not write, are left alone unless forced.
Identical pages are not touched at all, and writes are atomic.
"""

from __future__ import annotations

import contextlib
import enum
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .myst import recorded_hash, text_hash

__all__ = ["Outcome", "WriteResult", "atomic_write", "check_destination", "write_page"]


class Outcome(enum.Enum):
    """What happened (or, in a dry run, would happen) to a destination."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class WriteResult:
    """The outcome for one destination, with the reason when it was skipped."""

    outcome: Outcome
    reason: str = ""


def check_destination(dest: Path, text: str, *, force: bool = False) -> WriteResult:
    """Decide what writing *text* to *dest* would do, without writing."""
    if not dest.exists() and not dest.is_symlink():
        return WriteResult(Outcome.CREATED)
    if dest.is_dir():
        return WriteResult(Outcome.SKIPPED, "is a folder")
    current = dest.read_bytes()
    if current == text.encode("utf-8"):
        return WriteResult(Outcome.UNCHANGED)
    if force:
        return WriteResult(Outcome.UPDATED)
    try:
        current_text = current.decode("utf-8")
    except UnicodeDecodeError:
        return WriteResult(Outcome.SKIPPED, "is not UTF-8 text the importer wrote")
    recorded = recorded_hash(current_text)
    if recorded is None:
        return WriteResult(Outcome.SKIPPED, "has no import_hash, so the importer did not write it")
    if recorded != text_hash(current_text):
        return WriteResult(Outcome.SKIPPED, "was edited after it was imported")
    return WriteResult(Outcome.UPDATED)


def write_page(dest: Path, text: str, *, force: bool = False, dry_run: bool = False) -> WriteResult:
    """Write *text* to *dest* if that is safe (see the module docs); report what happened."""
    result = check_destination(dest, text, force=force)
    if not dry_run and result.outcome in (Outcome.CREATED, Outcome.UPDATED):
        atomic_write(dest, text)
    return result


def atomic_write(dest: Path, text: str) -> None:
    """Write *text* (UTF-8, ``\\n`` line ends) via a temporary file in the same folder."""
    mode = _mode_for(dest)
    fd, temp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(mode)
        temp.replace(dest)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _mode_for(dest: Path) -> int:
    """Keep an existing file's permissions; new files get the usual ``0o666 & ~umask``."""
    try:
        return dest.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
