"""Finding legacy post files and reading them as text.

Reading is strict about what is not text (binary data, other encodings, huge
files) and lenient about what is harmless (a UTF-8 byte-order mark, CRLF or CR
line ends), so that everything after this module sees clean ``\\n`` text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import Diagnostic, PostError

__all__ = ["MAX_BYTES", "SUFFIXES", "find_sources", "read_source"]

#: File name endings of posts found in folders (explicitly named files are always read).
SUFFIXES = (".md", ".markdown", ".txt")
#: Posts are a few kilobytes; anything above this is refused as not a post.
MAX_BYTES = 5 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def find_sources(
    paths: Iterable[Path], exclude: Path | None = None
) -> tuple[list[Path], list[Diagnostic]]:
    """Expand files and folders (recursively) into a sorted list of post files.

    Hidden files and folders are skipped, as is anything under *exclude* (the
    output folder, so that a re-import never reads its own output). Paths that
    do not exist are returned as error diagnostics.
    """
    excluded = exclude.resolve() if exclude is not None else None
    found: dict[Path, Path] = {}
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            candidates: Iterable[Path] = _walk(path)
        elif path.is_file():
            candidates = [path]
        else:
            problems.append(Diagnostic(str(path), None, "error", "no such file or folder"))
            continue
        for candidate in candidates:
            resolved = candidate.resolve()
            if excluded is not None and resolved.is_relative_to(excluded):
                continue
            found.setdefault(resolved, candidate)
    return sorted(found.values(), key=lambda p: p.as_posix()), problems


def _walk(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                yield Path(root, name)


def read_source(path: Path) -> str:
    """Read a post as text with ``\\n`` line ends; raise :class:`PostError` if it is not text."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PostError(1, f"file is too large for a post ({size} bytes, limit {MAX_BYTES})")
    with path.open("rb") as stream:
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
