"""``teardown.py``: the collector's generations frozen for the exit, thawed by the next build."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(autouse=True)
def _thawed():
    """Each test starts, and leaves the process, with nothing frozen."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def _app(tmp_path: Path, root: str = "test-quotes", **overrides) -> SphinxTestApp:
    src = tmp_path / "src"
    if not src.exists():
        shutil.copytree(ROOTS / root, src, ignore=shutil.ignore_patterns("_build"))
    return SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", confoverrides=overrides)


def _frozen_while_reading(app: SphinxTestApp) -> list[int]:
    counts: list[int] = []
    app.connect("env-before-read-docs", lambda *args: counts.append(gc.get_freeze_count()), 999)
    return counts


def test_a_build_ends_with_its_objects_frozen_and_the_next_build_thaws_them(tmp_path):
    app = _app(tmp_path)
    reading = _frozen_while_reading(app)
    try:
        app.build()
        assert gc.get_freeze_count() > 0  # what the exit would have walked
        (Path(app.srcdir) / "index.md").write_text("# Quotes again\n", "utf-8")
        app.build()  # the same application, once more: collected as usual while it works
    finally:
        app.cleanup()
    assert reading == [0, 0]
    assert gc.get_freeze_count() > 0


def test_a_new_application_thaws_what_the_last_one_froze(tmp_path):
    first = _app(tmp_path / "one")
    first.build()
    first.cleanup()
    assert gc.get_freeze_count() > 0
    second = _app(tmp_path / "two")
    try:
        assert gc.get_freeze_count() == 0  # builder-inited
    finally:
        second.cleanup()


def test_a_project_without_posts_is_left_as_it_was(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "sphinx_podcast_ext"]\n', "utf-8")
    (src / "index.md").write_text("# Plain\n\nNo posts here.\n", "utf-8")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    try:
        app.build()
    finally:
        app.cleanup()
    assert gc.get_freeze_count() == 0


def test_a_host_that_froze_its_own_objects_keeps_them_frozen(tmp_path):
    gc.freeze()
    host = gc.get_freeze_count()
    app = _app(tmp_path)
    reading = _frozen_while_reading(app)
    try:
        app.build()
        app.build()
    finally:
        app.cleanup()
    # Never thawed by the extension, and nothing of the build's added (the host's
    # frozen objects still leave the count when their references go).
    assert len(reading) == 2
    assert all(0 < count <= host for count in [*reading, gc.get_freeze_count()])
