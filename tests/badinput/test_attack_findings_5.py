"""Regression tests for the fifth attack.

The targets are commit 7ede7e4: ``teardown.py`` (``gc.freeze()`` on ``build-finished``),
the C1 controls in ``CONTROL_CHARACTERS`` (``frontmatter/yaml_reader.py``, ``sources.py``)
and ``pagination.initial()``. Each test fails until its finding is fixed.
"""

from __future__ import annotations

import gc
import shutil
from collections import Counter
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sphinx_podcast_ext.pagination import initial

ROOT = Path(__file__).parent.parent / "roots" / "test-search"


def _src(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns("_build"))
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('podcast_search = "pagefind"', ""), "utf-8")
    return src


def _build(src: Path, out: Path) -> None:
    app = SphinxTestApp("html", srcdir=src, builddir=out)
    try:
        app.build()
    finally:
        app.cleanup()


def _garbage_left_after(builds: int, tmp_path: Path) -> dict[str, int]:
    """Documents only the frozen generation kept alive after *builds* builds in one process.

    Each build reads its own copy of the project (``build0/src``, ...), so a
    document tells which build it comes from: ``{copy: documents}``.
    """
    for number in range(builds):
        _build(_src(tmp_path / f"build{number}"), tmp_path / "out" / str(number))
        gc.collect()
    gc.unfreeze()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        sources = [
            Path(str(garbage.get("source")))
            for garbage in gc.garbage
            if isinstance(garbage, nodes.document)
        ]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    copies = [part for source in sources for part in source.parts if part.startswith("build")]
    return dict(Counter(copies))


def test_repeated_builds_keep_the_garbage_of_each_build_frozen(tmp_path: Path) -> None:
    """Each build's end-of-build garbage is frozen; the next build unfroze it into the
    oldest generation and froze it again before a full collection: it accumulated
    (about 2,200 objects a build of this root), which gc.collect() cannot free. Only the
    last build's garbage may wait (for the next build, or the exit).

    Counted as the documents left, by the build that made them (how many of the last
    build's own the collector had freed during that build depends on CPython's
    heuristics, and on what ran in the process before)."""
    try:
        left = _garbage_left_after(3, tmp_path)
    finally:
        gc.unfreeze()
    assert set(left) <= {"build2"}, left


def test_c1_controls_in_an_included_file_reach_the_html(tmp_path: Path) -> None:
    """``source-read`` cleans the post, not the files it includes (``include-read``):
    U+009B and U+007F end up raw in the page (and its Pagefind record), and U+0085
    is read as a line break there instead of a space."""
    src = _src(tmp_path)
    (src / "inc").mkdir()
    (src / "inc" / "part.md").write_text("Included \x85 NEL, \x9b CSI, \x7f DEL.\n", "utf-8")
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + 'exclude_patterns += ["inc"]\n', "utf-8")
    post = src / "posts" / "lanterns.md"
    post.write_text(post.read_text("utf-8") + "\n```{include} ../inc/part.md\n```\n", "utf-8")
    _build(src, tmp_path / "out")
    html = (tmp_path / "out" / "html" / "posts" / "lanterns.html").read_text("utf-8")
    assert "Included" in html
    assert not any(char in html for char in "\x7f\x85\x9b")


@pytest.mark.parametrize("name", ["\u200bZed", "\ufeffZed", "\u00adZed", "\u2060Zed"])
def test_an_invisible_first_character_lists_the_name_under_hash(name: str) -> None:
    """A zero-width space (or BOM, soft hyphen, word joiner) pasted before a name is not
    stripped: "Zed" is listed under "#" instead of "Z"."""
    assert initial(name) == "Z"
