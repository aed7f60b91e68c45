"""Reading post files: encodings, line ends, binary and oversized files, folder walking."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sphinx_podcast_ext.importer import source
from sphinx_podcast_ext.importer.errors import Diagnostic, PostError

from .conftest import BAD, GOOD


def test_bom_is_dropped_and_crlf_normalized() -> None:
    text = source.read_source(GOOD / "009_bom.txt")
    assert text.startswith("---\ntitle: ")
    crlf = source.read_source(GOOD / "008_crlf.txt")
    assert "\r" not in crlf
    assert crlf.splitlines()[1] == 'title: "Windows Line Ends"'


def test_lone_cr_line_ends() -> None:
    assert source.decode(b"a\rb\r\nc\n") == "a\nb\nc\n"


def test_non_utf8_reports_line_and_byte() -> None:
    with pytest.raises(PostError) as info:
        source.read_source(BAD / "latin1.txt")
    assert info.value.line == 7
    assert info.value.message == ("not valid UTF-8 (byte 0xe9 at column 4); save the file as UTF-8")


def test_non_utf8_after_bom_counts_lines_from_file_start() -> None:
    with pytest.raises(PostError) as info:
        source.decode(b"\xef\xbb\xbfok\nbad \xff\n")
    assert info.value.line == 2
    assert "byte 0xff at column 5" in info.value.message


def test_binary_is_refused() -> None:
    with pytest.raises(PostError, match="binary file"):
        source.read_source(BAD / "binary.txt")


def test_utf16_is_refused_clearly() -> None:
    with pytest.raises(PostError, match="UTF-16"):
        source.decode("---\n".encode("utf-16"))


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"---\ntitle: x\ndate: 2024-01-01\n---\n" + b"a" * source.MAX_BYTES)
    with pytest.raises(PostError, match="too large") as info:
        source.read_source(big)
    assert info.value.line == 1


def test_find_sources_walks_sorted_skips_hidden_and_output(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "c.markdown").write_text("x")
    (tmp_path / "d.rst").write_text("x")
    (tmp_path / ".hidden.md").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.md").write_text("x")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "generated.md").write_text("x")
    found = source.find_sources(
        [tmp_path, tmp_path / "a.txt", tmp_path / "d.rst"], exclude=tmp_path / "out"
    )
    assert found.problems == []
    names = [p.relative_to(tmp_path).as_posix() for p, _name in found.files]
    assert names == ["a.txt", "b.md", "c.markdown", "d.rst", "sub/e.md"]
    assert [name for _p, name in found.files] == [
        "a.txt",
        "b.md",
        "c.markdown",
        "d.rst",
        "sub/e.md",
    ]


def test_find_sources_reports_missing_paths(tmp_path: Path) -> None:
    found = source.find_sources([tmp_path / "nope"])
    assert (found.files, found.missing) == ([], 1)
    assert found.problems == [
        Diagnostic(str(tmp_path / "nope"), None, "error", "no such file or folder")
    ]
    assert str(found.problems[0]) == f"{tmp_path / 'nope'}: error: no such file or folder"


def test_fifos_and_outside_symlinks_are_skipped_with_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "ok.md").write_text("x")
    os.mkfifo(folder / "pipe.md")
    outside = tmp_path / "secret.md"
    outside.write_text("secret")
    (folder / "link.md").symlink_to(outside)
    (folder / "inside.md").symlink_to(folder / "ok.md")
    found = source.find_sources([folder])
    assert [name for _p, name in found.files] == ["ok.md"]  # inside.md is the same file
    messages = sorted(str(problem) for problem in found.problems)
    assert messages == [
        f"{folder / 'link.md'}: note: skipped: a symlink to {outside}, outside the folder "
        "being imported",
        f"{folder / 'pipe.md'}: note: skipped: a FIFO, not a regular file",
    ]
    assert found.skipped == 2


def test_a_named_fifo_is_skipped_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    found = source.find_sources([tmp_path / "pipe.md"])
    assert found.files == [] and found.skipped == 1
    with pytest.raises(PostError, match="not a regular file"):
        source.read_source(tmp_path / "pipe.md")
