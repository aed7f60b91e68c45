"""Parallel and incremental builds produce the same output as a clean serial build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from sphinx_podcast_ext.testing import write_archive

ROOTS = Path(__file__).parent / "roots"
CONF = 'extensions = ["myst_parser", "sphinx_podcast_ext"]\nproject = "Synthetic"\n'
INDEX = "# Archive\n\n```{toctree}\n:glob:\n\nposts/*\n```\n"


def make_project(path: Path, count: int) -> Path:
    """A synthetic archive of *count* posts."""
    path.mkdir(parents=True)
    (path / "conf.py").write_text(CONF, encoding="utf-8")
    (path / "index.md").write_text(INDEX, encoding="utf-8")
    write_archive(path, count, seed=7)
    return path


def build(srcdir: Path, outdir: Path, *, parallel: int = 0, fresh: bool = False) -> SphinxTestApp:
    """Build *srcdir* into *outdir* (keeping the environment between calls)."""
    app = SphinxTestApp("html", srcdir=srcdir, builddir=outdir, freshenv=fresh, parallel=parallel)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def pages(outdir: Path) -> dict[str, str]:
    """Every HTML page's main content, keyed by path."""
    html_dir = outdir / "html"
    result = {}
    for path in sorted(html_dir.rglob("*.html")):
        body = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("div.body")
        result[str(path.relative_to(html_dir))] = str(body)
    return result


def test_parallel_build_equals_serial_build(tmp_path):
    src = make_project(tmp_path / "src", 24)
    build(src, tmp_path / "serial", fresh=True)
    build(src, tmp_path / "parallel", parallel=2, fresh=True)
    serial, parallel = pages(tmp_path / "serial"), pages(tmp_path / "parallel")
    assert len(serial) > 24
    assert serial == parallel
    # The page really carries cross-document data (cards), so the check means something.
    assert any("podcast-card" in html for html in serial.values())


def _edit(src: Path) -> None:
    posts = sorted((src / "posts").glob("*.md"))
    # 1. retitle a post that others show as a card
    text = posts[0].read_text(encoding="utf-8")
    posts[0].write_text(
        re.sub(r'^title: ".*"$', 'title: "Renamed first post"', text, count=1, flags=re.M),
        encoding="utf-8",
    )
    # 2. delete a post
    posts[1].unlink()
    # 3. add a post that links to an existing one
    new = src / "posts" / "29990101-added.md"
    new.write_text(
        "---\ntitle: Added later\ndate: 2999-01-01\ntags: [AI, Tech]\n---\n\n## New\n\n"
        f"Fresh text.\n\n```{{related-posts}}\n{posts[2].stem}\n```\n",
        encoding="utf-8",
    )
    # 4. change one body paragraph (the excerpt) of another post
    text = posts[3].read_text(encoding="utf-8")
    head, _, rest = text.partition("## ")
    first_para_end = rest.index("\n\n") + 2
    rest = rest[:first_para_end] + "An edited opening paragraph. " + rest[first_para_end:]
    posts[3].write_text(head + "## " + rest, encoding="utf-8")


def test_incremental_build_after_edits_equals_clean_build(tmp_path):
    src = make_project(tmp_path / "src", 30)
    # Make sure posts[0] and posts[1] are shown as cards somewhere, explicitly.
    posts = sorted((src / "posts").glob("*.md"))
    extra = "\n```{related-posts}\n" + posts[0].stem + "\n" + posts[1].stem + "\n```\n"
    with posts[5].open("a", encoding="utf-8") as handle:
        handle.write(extra)
    build(src, tmp_path / "incremental", fresh=True)
    _edit(src)
    build(src, tmp_path / "incremental")
    build(src, tmp_path / "clean", fresh=True)
    incremental, clean = pages(tmp_path / "incremental"), pages(tmp_path / "clean")
    assert incremental.keys() - clean.keys() == {f"posts/{posts[1].stem}.html"}, (
        "only the deleted page's stale output may remain"
    )
    for name, html in clean.items():
        assert incremental[name] == html, name
    shown = BeautifulSoup(clean[f"posts/{posts[5].stem}.html"], "html.parser")
    titles = [t.get_text(strip=True) for t in shown.select(".podcast-card .sd-card-title")]
    assert "Renamed first post" in titles
    assert posts[1].stem in titles  # the deleted target: an unlinked card with its name


def test_deleting_a_target_turns_its_card_into_a_warning(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-related", src)
    build(src, tmp_path / "out", fresh=True)
    (src / "posts" / "spoke-b.md").unlink()
    app = build(src, tmp_path / "out")
    warnings = app.warning.getvalue()
    assert re.search(
        r"posts/hub\.md:\d+: WARNING: related post '/posts/spoke-b' not found", warnings
    )
    hub = BeautifulSoup((tmp_path / "out/html/posts/hub.html").read_text(), "html.parser")
    missing = [c for c in hub.select(".podcast-card") if "podcast-card--missing" in c["class"]]
    assert [c.select_one(".sd-card-title").get_text(strip=True) for c in missing] == [
        "/posts/spoke-b",
        "./missing-one",
    ]


def test_retitled_target_rewrites_pages_showing_its_card(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-related", src)
    build(src, tmp_path / "out", fresh=True)
    spoke = src / "posts" / "spoke-b.md"
    spoke.write_text(spoke.read_text().replace("Spoke B", "Spoke Bee"), encoding="utf-8")
    build(src, tmp_path / "out")
    hub = BeautifulSoup((tmp_path / "out/html/posts/hub.html").read_text(), "html.parser")
    titles = [t.get_text(strip=True) for t in hub.select(".podcast-card .sd-card-title")]
    assert titles == ["Custom spoke title", "Spoke Bee", "./missing-one"]


def test_noop_rebuild_writes_nothing(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-related", src)
    build(src, tmp_path / "out", fresh=True)
    app = build(src, tmp_path / "out")
    assert "no targets are out of date" in app.status.getvalue()
