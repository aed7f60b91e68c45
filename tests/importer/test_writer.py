"""Writing pages safely: created, updated, unchanged, skipped; atomic writes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from sphinx_podcast_ext.importer import myst, writer
from sphinx_podcast_ext.importer.writer import Outcome, WriteResult, write_page


def _page(body: str) -> str:
    return myst.page({"title": myst.Quoted("T"), "date": dt.date(2024, 1, 2)}, [body])


def test_outcomes(tmp_path: Path) -> None:
    dest = tmp_path / "p.md"
    first, second = _page("One."), _page("Two.")
    assert write_page(dest, first) == WriteResult(Outcome.CREATED)
    assert dest.read_text(encoding="utf-8") == first
    os.utime(dest, ns=(1, 1))
    assert write_page(dest, first) == WriteResult(Outcome.UNCHANGED)
    assert dest.stat().st_mtime_ns == 1
    assert write_page(dest, second) == WriteResult(Outcome.UPDATED)
    assert dest.read_text(encoding="utf-8") == second


def test_edited_pages_are_left_alone_unless_forced(tmp_path: Path) -> None:
    dest = tmp_path / "p.md"
    write_page(dest, _page("One."))
    edited = dest.read_text(encoding="utf-8").replace("One.", "One, edited.")
    dest.write_text(edited, encoding="utf-8")
    result = write_page(dest, _page("Two."))
    assert result == WriteResult(Outcome.SKIPPED, "was edited after it was imported")
    assert dest.read_text(encoding="utf-8") == edited
    assert write_page(dest, _page("Two."), force=True) == WriteResult(Outcome.UPDATED)
    assert dest.read_text(encoding="utf-8") == _page("Two.")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"# A page written by hand\n", "has no import_hash, so the importer did not write it"),
        (b"\xff\xfe binary", "is not UTF-8 text the importer wrote"),
    ],
)
def test_foreign_files_are_left_alone(tmp_path: Path, content: bytes, reason: str) -> None:
    dest = tmp_path / "p.md"
    dest.write_bytes(content)
    assert write_page(dest, _page("x")) == WriteResult(Outcome.SKIPPED, reason)
    assert dest.read_bytes() == content


def test_crlf_checkout_of_a_generated_page_is_still_pristine(tmp_path: Path) -> None:
    dest = tmp_path / "p.md"
    dest.write_bytes(_page("One.").replace("\n", "\r\n").encode())
    assert write_page(dest, _page("One.")) == WriteResult(Outcome.UPDATED)


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "p.md"
    assert write_page(dest, _page("x"), dry_run=True) == WriteResult(Outcome.CREATED)
    assert not dest.exists()


def test_atomic_write_keeps_mode_and_leaves_no_temp_files(tmp_path: Path) -> None:
    dest = tmp_path / "p.md"
    dest.write_text("old")
    dest.chmod(0o640)
    writer.atomic_write(dest, "new ✓\n")
    assert dest.read_bytes() == "new ✓\n".encode()
    assert dest.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]


def test_atomic_write_failure_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "p.md"
    dest.write_text("old")

    def boom(self: Path, target: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        writer.atomic_write(dest, "new")
    assert dest.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]
