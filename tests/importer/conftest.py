"""Shared fixtures for the importer tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sphinx_podcast_ext.importer import cli
from sphinx_podcast_ext.importer.pipeline import DEBUG_ENV

CORPUS = Path(__file__).parent / "corpus"
GOOD = CORPUS / "good"
BAD = CORPUS / "bad"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _debug(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unexpected exceptions propagate in tests instead of becoming "internal error" lines."""
    monkeypatch.setenv(DEBUG_ENV, "1")


@dataclass
class Run:
    """The result of one command-line run."""

    status: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``main([...])`` in-process and capture its output."""

    def _run(*args: str | Path) -> Run:
        capsys.readouterr()
        status = cli.main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return _run


@pytest.fixture
def good_copy(tmp_path: Path) -> Path:
    """A private copy of the good corpus (tests may modify it)."""
    target = tmp_path / "src"
    shutil.copytree(GOOD, target)
    return target


def run_module(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sphinx_podcast_ext ARGS`` in a subprocess."""
    env = {**os.environ, "PYTHONPATH": str(REPO), DEBUG_ENV: "1"}
    return subprocess.run(
        [sys.executable, "-m", "sphinx_podcast_ext", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd or REPO,
        check=False,
        timeout=120,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under *folder*: content and mtime (ns)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
