"""Generated and ablog archive pages are rewritten exactly when what they show changes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_podcast_ext.slugs import slugify
from sphinx_podcast_ext.testing import write_archive

CONTENT = Path(__file__).parent.parent / "content"
#: Pages not written from documents: ablog's archives and ours.
GENERATED = ("blog.html", "blog/2020.html", "blog/tag/ai.html", "quotes.html", "guests.html")


def build(src: Path, out: Path) -> None:
    """Build in a new process, as ``sphinx-build`` does (ablog keeps state per process)."""
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out / "html")],
        check=True,
        capture_output=True,
    )


def mtimes(html: Path) -> dict[str, int]:
    return {str(p.relative_to(html)): p.stat().st_mtime_ns for p in html.rglob("*.html")}


@pytest.fixture
def site(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(CONTENT, src, ignore=shutil.ignore_patterns("_build", "posts"))
    posts = write_archive(src, 12, seed=5)
    build(src, tmp_path / "out")
    return src, tmp_path / "out" / "html", posts


def test_noop_rebuild_rewrites_no_generated_page(site):
    src, html, _ = site
    before = mtimes(html)
    assert all(page in before for page in GENERATED)
    build(src, html.parent)
    after = mtimes(html)
    rewritten = {page for page in before if after[page] != before[page]}
    # Sphinx rewrites its own search and index pages; no archive or generated page.
    assert rewritten <= {"search.html", "genindex.html"}, rewritten


def test_retitled_post_rewrites_the_pages_that_show_it(site, tmp_path):
    src, html, posts = site
    post = posts[3]
    path = src / "posts" / f"{post.slug}.md"
    path.write_text(
        re.sub(r'^title: ".*"$', 'title: "A brand new title"', path.read_text(), flags=re.M),
        encoding="utf-8",
    )
    build(src, html.parent)
    clean = tmp_path / "clean"
    build(src, clean)
    pages = [
        "blog.html",
        f"blog/{post.date.year}.html",
        f"guests/{slugify(post.guest)}.html",
        f"shows/{slugify(post.show)}.html",
        *(f"blog/tag/{slugify(tag)}.html" for tag in post.tags),
    ]
    for page in pages:
        incremental = BeautifulSoup((html / page).read_text("utf-8"), "html.parser")
        fresh = BeautifulSoup((clean / "html" / page).read_text("utf-8"), "html.parser")
        assert "A brand new title" in incremental.select_one("main").get_text(), page
        assert str(incremental.select_one("main")) == str(fresh.select_one("main")), page


def test_missing_output_is_written_again(site):
    src, html, posts = site
    guest_page = html / "guests" / f"{slugify(posts[0].guest)}.html"
    tag_page = html / "blog" / "tag" / "ai.html"
    guest_page.unlink()
    tag_page.unlink()
    build(src, html.parent)
    assert guest_page.exists()
    assert tag_page.exists()
