"""Helpers shared by the test modules: reading Sphinx's warning output."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from sphinx.util.console import strip_escape_sequences

WARNING_LINE = re.compile(
    r"^(?:(?P<file>.+?):(?P<line>\d+)?: )?WARNING: (?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$"
)


class Warn(NamedTuple):
    """One warning: file (relative to the source folder), line, message, ``type.subtype``."""

    file: str | None
    line: int | None
    message: str
    type: str | None


def parse_warnings(app, text: str) -> list[Warn]:
    """Every ``WARNING`` line as (file relative to srcdir, line, message, type)."""
    found = []
    for raw in strip_escape_sequences(text).splitlines():
        match = WARNING_LINE.match(raw)
        if not match:
            continue
        file = match["file"]
        if file and Path(file).is_absolute():
            file = Path(file).relative_to(app.srcdir).as_posix()
        line = int(match["line"]) if match["line"] else None
        found.append(Warn(file, line, match["message"], match["type"]))
    return found
