"""Finding legacy post files and reading them as text.

Reading is strict about what is not text (binary data, other encodings, huge
files) and lenient about what is harmless (a UTF-8 byte-order mark, CRLF or CR
line ends), so that everything after this module sees clean ``\\n`` text.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostic, PostError

__all__ = ["MAX_BYTES", "SUFFIXES", "Found", "find_sources", "read_source"]

#: File name endings of posts found in folders (explicitly named files are always read).
SUFFIXES = (".md", ".markdown", ".txt")
#: Posts are a few kilobytes; anything above this is refused as not a post.
MAX_BYTES = 5 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(slots=True)
class Found:
    """What :func:`find_sources` found: post files (with the name they are known by),
    and why other paths were left out."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    missing: int = 0
    skipped: int = 0


def find_sources(paths: Iterable[Path], exclude: Path | None = None) -> Found:
    """Expand files and folders (recursively) into a sorted list of post files.

    Hidden files and folders are skipped, as is anything under *exclude* (the
    output folder, so that a re-import never reads its own output). A file's
    name is its path relative to the folder it was found in. Paths that do not
    exist are errors (missing sources, not posts); FIFOs, sockets and devices,
    and symlinks that point out of the folder, are skipped with a note.
    """
    excluded = exclude.resolve() if exclude is not None else None
    found: dict[Path, tuple[Path, str]] = {}
    result = Found()
    for path in paths:
        kind = _kind(path)
        if kind == "missing":
            result.problems.append(Diagnostic(str(path), None, "error", "no such file or folder"))
            result.missing += 1
            continue
        if kind == "dir":
            candidates: Iterable[tuple[Path, str]] = _walk(path, result)
        elif kind == "file":
            candidates = [(path, path.name)]
        else:
            result.problems.append(Diagnostic(str(path), None, "note", f"skipped: {kind}"))
            result.skipped += 1
            continue
        for candidate, name in candidates:
            resolved = candidate.resolve()
            if excluded is not None and resolved.is_relative_to(excluded):
                continue
            known = found.get(resolved)
            if known is None or (known[0].is_symlink() and not candidate.is_symlink()):
                found[resolved] = (candidate, name)  # the file itself rather than a link to it
    result.files = sorted(found.values(), key=lambda pair: pair[0].as_posix())
    return result


def _kind(path: Path) -> str:
    """``file``, ``dir``, ``missing``, or what else the path is (a FIFO …)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "missing"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    return _special(mode)


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO, not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "a device, not a regular file"


def _walk(folder: Path, result: Found) -> Iterable[tuple[Path, str]]:
    root_resolved = folder.resolve()
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            path = Path(root, name)
            reason = _refusal(path, root_resolved)
            if reason:
                result.problems.append(Diagnostic(str(path), None, "note", f"skipped: {reason}"))
                result.skipped += 1
                continue
            yield path, path.relative_to(folder).as_posix()


def _refusal(path: Path, root: Path) -> str:
    """Why a file found in a folder is not read, or ``""``."""
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            return f"a symlink to {target}, outside the folder being imported"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return exc.strerror or "cannot be read"
    return "" if stat.S_ISREG(mode) else _special(mode)


def read_source(path: Path) -> str:
    """Read a post as text with ``\\n`` line ends; raise :class:`PostError` if it is not text."""
    # Opened without blocking and checked: a FIFO that replaced the file would hang a read.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise PostError(None, "not a regular file")
        if status.st_size > MAX_BYTES:
            raise PostError(
                1, f"file is too large for a post ({status.st_size} bytes, limit {MAX_BYTES})"
            )
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PostError(1, f"file is too large for a post (limit {MAX_BYTES} bytes)")
    return decode(data)


def decode(data: bytes) -> str:
    """Decode a post's bytes as UTF-8 (BOM dropped, line ends normalized)."""
    if data.startswith(_UTF16_BOMS):
        raise PostError(1, "file is UTF-16 encoded; save it as UTF-8")
    offset = len(_BOM) if data.startswith(_BOM) else 0
    nul = data.find(b"\x00")
    if nul >= 0:
        raise PostError(_line_of(data, nul), "binary file (contains NUL bytes), not a text post")
    try:
        text = data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        position = offset + exc.start
        column = position - (data.rfind(b"\n", 0, position) + 1) + 1
        raise PostError(
            _line_of(data, position),
            f"not valid UTF-8 (byte 0x{data[position]:02x} at column {column}); "
            "save the file as UTF-8",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1
