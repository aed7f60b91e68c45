"""The archive site reads in parallel with ablog: ``-j 2 -W`` builds, and equals ``-j 1``.

ablog declares itself unsafe for parallel reading (its post registry is not
merged: sunpy/ablog#264); through ``sphinx_podcast_ext.blog`` it is merged, so
the reference configuration (``content/conf.py``) builds with ``-j 2`` under
``-W``, and every page, ablog's archives, the feed and the generated pages
included, is the same as in a serial build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_podcast_ext.testing import write_archive

CONTENT = Path(__file__).parent.parent / "content"
#: What differs between two builds of the same sources: the feed's generation time.
VOLATILE = re.compile(rb"<updated>[^<]*</updated>")
PAGE_SIZE = 3
SKIPPED = (".buildinfo", ".doctrees", "_static", "_sources", "_pagefind", "_social")


def _build(src: Path, out: Path, jobs: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PODCAST_BASE_URL": "https://podcasts.example.org/"}
    return subprocess.run(
        # Small archive pages: enough generated pages to be written by workers.
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-j", str(jobs),
         "-D", f"podcast_page_size={PAGE_SIZE}", str(src), str(out)],
        capture_output=True, text=True, check=False, env=env, timeout=900,
    )  # fmt: skip


def _sitemap(data: bytes) -> bytes:
    """sphinx-sitemap lists pages in the order they were written: compare them as a set."""
    return b"".join(sorted(re.findall(rb"<url>.*?</url>", data, re.S)))


def _outputs(out: Path) -> dict[str, bytes]:
    found = {}
    for path in out.rglob("*"):
        name = path.relative_to(out).as_posix()
        if path.is_file() and not name.startswith(SKIPPED):
            data = VOLATILE.sub(b"", path.read_bytes())
            found[name] = _sitemap(data) if name == "sitemap.xml" else data
    return found


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("parallel")
    src = root / "src"
    shutil.copytree(CONTENT, src, ignore=shutil.ignore_patterns("_build", "posts"))
    write_archive(src, 40, seed=5)
    serial, parallel = root / "serial", root / "parallel"
    for out, jobs in ((serial, 1), (parallel, 2)):
        result = _build(src, out, jobs)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "not safe for parallel" not in result.stderr
    return serial, parallel


def test_parallel_build_equals_serial(builds: tuple[Path, Path]) -> None:
    serial, parallel = (_outputs(out) for out in builds)
    assert set(parallel) == set(serial)
    assert any(name.startswith("blog/tag/") for name in serial)
    assert "blog/atom.xml" in serial
    different = sorted(name for name in serial if serial[name] != parallel[name])
    assert different == []


def test_generated_pages_are_written_by_workers(builds: tuple[Path, Path]) -> None:
    """Enough generated pages for ``-j 2`` to write them in worker processes (parallel.py)."""
    from sphinx_podcast_ext.parallel import MIN_PAGES

    _serial, parallel = builds
    cached = json.loads((parallel / ".podcast-pages.json").read_text(encoding="utf-8"))
    assert len(cached["pages"]) >= MIN_PAGES
    assert (parallel / "blog" / "page" / "2.html").is_file()
