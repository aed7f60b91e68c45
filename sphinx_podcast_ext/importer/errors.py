"""The importer's error type and the ``FILE:LINE: message`` diagnostics it reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Diagnostic", "Level", "PostError"]

#: How serious a diagnostic is: errors fail a file, warnings and notes do not.
Level = Literal["error", "warning", "note"]


class PostError(Exception):
    """A post that cannot be imported; ``line`` is 1-based, or ``None`` for the whole file.

    ``problems`` holds all of the file's problems, so that they are reported together.
    """

    def __init__(
        self,
        line: int | None,
        message: str,
        problems: list[tuple[int | None, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        #: Every problem of the file, ``(line, message)``, the first being this one.
        self.problems = problems or [(line, message)]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One message about a file, shown as ``FILE:LINE: level: message``."""

    path: str
    line: int | None
    level: Level
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.level}: {self.message}"
